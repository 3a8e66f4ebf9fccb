"""The one error a ``.pb`` file can raise, naming the line."""

from __future__ import annotations


class PabulibError(ValueError):
    """A ``.pb`` file (or text) that is not a valid Pabulib election.

    ``line`` is the 1-based line the problem is on (for a missing section, the last line of the
    text), ``source`` the file name or ``"<text>"``, ``reason`` the message without location.
    """

    def __init__(self, reason: str, line: int, source: str = "<text>") -> None:
        super().__init__(f"{source}, line {line}: {reason}")
        self.reason = reason
        self.line = line
        self.source = source
