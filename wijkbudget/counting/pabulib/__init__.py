"""Read and write Pabulib ``.pb`` files (http://pabulib.org/format).

A ``.pb`` file has three sections, each a ``;``-separated CSV table under a line holding only the
section name: ``META`` (``key;value`` rows), ``PROJECTS`` (``project_id;cost;…``) and ``VOTES``
(``voter_id;vote;[points;]…``). Fields may be double-quoted and then contain ``;``. The file is
UTF-8, with or without a byte-order mark, with CRLF or LF line ends.

Reading is strict: anything the reader cannot turn into exactly the election the file describes
raises :class:`PabulibError` naming the line, never a traceback from inside the parser and never a
silently different election. The one normalisation is that a project named twice on one approval
ballot counts once (an approval is yes or no; two real files do this, and pabutools reads them the
same way).

The biggest real files have 130,000 ballots, so the VOTES section is read for speed: the same
vote text, points text and extra-column values recur thousands of times and are parsed once and
shared (project ids are always the very ``str`` objects of the projects), and the checks run in
bulk; only a file that fails them is read again row by row to name the line (``ballots.py``).
"""

from wijkbudget.counting.pabulib.errors import PabulibError
from wijkbudget.counting.pabulib.numbers import format_decimal
from wijkbudget.counting.pabulib.reader import parse_election, read_election
from wijkbudget.counting.pabulib.writer import write_election, write_file

__all__ = [
    "PabulibError",
    "format_decimal",
    "parse_election",
    "read_election",
    "write_election",
    "write_file",
]
