"""Instructions per request: the app's own work on a cast and on a request to ``/healthz``,
counted by valgrind's callgrind, so that two versions of the code can be compared on a machine
whose speed drifts.

The app serves the requests in one process, through WSGI (no gunicorn, no sockets of its own);
the database runs outside valgrind. The child process opens every voter's ballot (the stemcode
form and its CSRF token), casts a few votes and checks health untimed, and then serves the
counted requests: all casts through ``functools.reduce``, then as many requests to ``/healthz``
through ``map``. Callgrind collects only inside those two C functions
(``--toggle-collect``), so the figures are the requests' and nothing else's. Two runs of the same
code differ by less than 0.2 %. What this leaves out: the kernel (sockets, the disk), gunicorn's
HTTP parsing, PostgreSQL and the client — ``bench/cast_cpu.py`` measures those, with the noise.

    .venv/bin/python bench/cast_instructions.py                       # own PostgreSQL, 100 casts
    .venv/bin/python bench/cast_instructions.py --database-url sqlite:////tmp/i.sqlite
    .venv/bin/python bench/cast_instructions.py --no-valgrind         # thread CPU time instead

It needs ``valgrind`` (Debian's package) and a Python whose own functions have symbols (pyenv's
and python.org's builds do; a stripped one makes the script stop and say so).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadlib.postgres import OwnPostgres, scratch
from loadlib.server import app_environment, prepare

WARM = 20  # casts and health checks before the counted part: templates, catalogs, statements
COUNTED = ("functools_reduce", "map_next")  # the C functions the counted requests run under
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codes", type=int, default=100, help="counted casts")
    parser.add_argument("--database-url", default="", help="use this database")
    parser.add_argument("--no-valgrind", action="store_true", help="thread CPU time instead")
    parser.add_argument("--serve", metavar="SPEC", help=argparse.SUPPRESS)  # the child's part
    return parser.parse_args(argv)


# --- The child: serves the requests --------------------------------------------------------


def serve(spec_path: str) -> None:
    """Open every ballot, warm up, then serve the counted casts and health checks."""
    from werkzeug.test import EnvironBuilder

    from wijkbudget import create_app

    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    app = create_app()
    statuses: list[str] = []

    def start_response(status: str, headers: object, exc_info: object = None) -> None:
        statuses.append(status)

    def handle(environ: dict[str, Any]) -> None:
        for _ in app(environ, start_response):
            pass

    def cast_environ(code: str) -> dict[str, Any]:
        client = app.test_client()
        page = client.get(f"/stem?code={quote(code)}")
        token = _CSRF.search(page.get_data(as_text=True))
        if token is None:
            raise RuntimeError("no CSRF token on the stemcode form")
        form = {"csrf_token": token.group(1), "code": code}
        client.post("/stem", data=form)
        cookie = client.get_cookie("session")
        if cookie is None:
            raise RuntimeError("the stemcode form set no session cookie")
        body = urlencode({**form, "choice": spec["choice"]}, doseq=True)
        return EnvironBuilder(
            path="/stem/uitbrengen",
            method="POST",
            data=body,
            content_type="application/x-www-form-urlencoded",
            headers={"Cookie": f"session={cookie.value}"},
        ).get_environ()

    def health_environ() -> dict[str, Any]:
        return EnvironBuilder(path="/healthz").get_environ()

    casts = [cast_environ(code) for code in spec["codes"]]
    for environ in casts[:WARM]:
        handle(environ)
        handle(health_environ())
    counted = casts[WARM:]
    checks = [health_environ() for _ in counted]
    statuses.clear()
    cast_seconds = _thread_seconds(lambda: functools.reduce(lambda _, e: handle(e), counted, None))
    check_seconds = _thread_seconds(lambda: list(map(handle, checks)))
    expected = ["302 FOUND"] * len(counted) + ["200 OK"] * len(checks)
    if statuses != expected:
        wrong = sorted({s for s, e in zip(statuses, expected, strict=True) if s != e})
        raise RuntimeError(f"some requests failed ({', '.join(wrong)}): the figures would be wrong")
    print(json.dumps({"requests": len(counted), "cast": cast_seconds, "healthz": check_seconds}))


def _thread_seconds(run: Callable[[], object]) -> float:
    started = time.thread_time()
    run()
    return time.thread_time() - started


# --- The parent: prepares, runs the child, reads the counts --------------------------------


def counted_instructions(annotated: str) -> dict[str, int]:
    """The inclusive instruction counts of :data:`COUNTED` in ``callgrind_annotate
    --inclusive=yes`` output (lines like ``427,757,505 (68.11%)  …:functools_reduce [lib]``)."""
    found: dict[str, int] = {}
    for line in annotated.splitlines():
        match = re.match(r"\s*([\d,]+)\s+\([\d.]+%\)\s+\S*:(\w+)(?:\s|$)", line)
        if match and match.group(2) in COUNTED:
            found.setdefault(match.group(2), int(match.group(1).replace(",", "")))
    return found


def run_child(env: dict[str, str], spec: Path, folder: Path, valgrind: bool) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--serve", str(spec)]
    out = folder / "callgrind.out"
    if valgrind:
        toggles = [f"--toggle-collect={name}" for name in COUNTED]
        command = [
            "valgrind", "--tool=callgrind", "--collect-atstart=no", *toggles,
            f"--callgrind-out-file={out}", *command,
        ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"serving the requests failed:\n{done.stderr[-3000:]}")
    served: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if valgrind:
        annotated = subprocess.run(
            ["callgrind_annotate", "--inclusive=yes", str(out)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        counts = counted_instructions(annotated)
        if set(counts) != set(COUNTED):
            raise RuntimeError(
                f"callgrind saw no {' or '.join(sorted(set(COUNTED) - set(counts)))}: this "
                "Python has no symbols for its own functions; use a pyenv or python.org build"
            )
        served["cast"], served["healthz"] = counts["functools_reduce"], counts["map_next"]
    return served


def measure(args: argparse.Namespace, postgres: OwnPostgres | None, folder: Path) -> str:
    url = postgres.url if postgres is not None else args.database_url
    env = {**app_environment(url, "http://127.0.0.1", folder / "instance"), "PYTHONHASHSEED": "0"}
    data = prepare(env, folder, args.codes + WARM)
    spec = folder / "spec.json"
    fd = os.open(spec, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # the codes: secrets
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "codes": [entry["code"] for entry in data["codes"]],
                # Two of the four ideas, within the budget: 800,000 + 300,000 cents.
                "choice": [str(data["initiatives"][1]["id"]), str(data["initiatives"][3]["id"])],
            },
            handle,
        )
    served = run_child(env, spec, folder, valgrind=not args.no_valgrind)
    count = served["requests"]
    cast, healthz = served["cast"] / count, served["healthz"] / count
    if args.no_valgrind:
        return (
            f"| {count} | {cast * 1e6:,.0f} µs | {healthz * 1e6:,.0f} µs | {healthz / cast:.2f} |"
        )
    return f"| {count} | {cast:,.0f} | {healthz:,.0f} | {healthz / cast:.2f} |"


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    if args.serve:
        serve(args.serve)
        return 0
    if not args.no_valgrind and not shutil.which("valgrind"):
        raise RuntimeError(
            "valgrind is not installed (apt-get install valgrind), or use --no-valgrind"
        )
    unit = "thread CPU time" if args.no_valgrind else "instructions (callgrind)"
    print(f"The app's own work per request, in one process: {unit}")
    print("| casts | per cast | per /healthz | ratio |")
    print("|---:|---:|---:|---:|")
    with scratch(args.database_url, "wijkbudget-instructions-") as (postgres, folder):
        print(measure(args, postgres, folder), flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        print(f"the measurement could not run: {error}", file=sys.stderr)
        sys.exit(2)
