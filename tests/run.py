"""`make test` runs the suite through this file to give pytest's exit codes a clear meaning.

Exit code 5 means pytest collected no tests. A run that checked nothing must not pass in CI,
so it is reported plainly and turned into a failure.
"""

from __future__ import annotations

import sys

import pytest

NO_TESTS_COLLECTED = 5

if __name__ == "__main__":
    code = int(pytest.main(sys.argv[1:]))
    if code == NO_TESTS_COLLECTED:
        print("pytest collected no tests: nothing was checked, so this run fails.", file=sys.stderr)
        code = 1
    sys.exit(code)
