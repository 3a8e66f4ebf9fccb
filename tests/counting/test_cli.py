"""The wijkbudget-count command line, through main([...]) as a shell would call it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.counting.conftest import PABULIB_DIR, reference
from wijkbudget.counting.cli import main

# Greedy by votes: a (3 votes, 600) fits, b (2 votes, 500) does not fit in the 400 left, c (1 vote,
# 399.5) does. Without skipping greedy stops at b; with a threshold of 2 votes c is out.
WIJK = """META
key;value
description;Testwijk
budget;1000
vote_type;approval
PROJECTS
project_id;cost;name
a;600;Bankjes op het plein
b;500;Speeltuin
c;399,5;Boom
VOTES
voter_id;vote
1;a,b
2;a,b
3;a,c
4;
"""


@pytest.fixture
def wijk(tmp_path: Path) -> Path:
    path = tmp_path / "wijk.pb"
    path.write_text(WIJK, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[Any], str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines() if line.startswith("{")]
    return code, lines, captured.err


def test_json_line(capsys: pytest.CaptureFixture[str], wijk: Path) -> None:
    code, lines, err = _run(capsys, str(wijk), "--rule", "greedy")
    assert (code, err) == (0, "")
    [line] = lines
    assert line["file"] == "wijk.pb"
    assert line["rule"] == "greedy"
    assert line["selected"] == ["a", "c"]
    assert line["total_cost"] == "999.5"
    assert line["budget"] == "1000"
    assert isinstance(line["seconds"], float)
    assert line["seconds"] >= 0
    assert "trace" not in line


def test_options_reach_the_rule(capsys: pytest.CaptureFixture[str], wijk: Path) -> None:
    _, [no_skip], _ = _run(capsys, str(wijk), "--rule", "greedy", "--no-skip")
    assert no_skip["selected"] == ["a"]
    assert no_skip["total_cost"] == "600"
    _, [threshold], _ = _run(capsys, str(wijk), "--rule", "greedy", "--threshold", "2")
    assert threshold["selected"] == ["a"]


def test_several_files_and_rules(capsys: pytest.CaptureFixture[str], wijk: Path) -> None:
    other = PABULIB_DIR / "Netherlands_Assen_2024.pb"
    code, lines, _ = _run(capsys, str(wijk), str(other), "--rule", "greedy,mes")
    assert code == 0
    assert [(line["file"], line["rule"]) for line in lines] == [
        ("wijk.pb", "greedy"),
        ("wijk.pb", "mes"),
        ("Netherlands_Assen_2024.pb", "greedy"),
        ("Netherlands_Assen_2024.pb", "mes"),
    ]


@pytest.mark.parametrize(
    ("name", "rule", "reference_rule"),
    [
        ("Netherlands_Assen_2024.pb", "greedy", "greedy_cost"),
        ("France_Toulouse_2019.pb", "greedy", "greedy_points"),
        (
            "France_Toulouse_2022_4_-_Lapujade_Bonnefoy_Periole_Marengo_La_Colonne.pb",
            "mes",
            "mes_cost",
        ),
    ],
)
def test_real_file_gives_the_reference_outcome(
    capsys: pytest.CaptureFixture[str], name: str, rule: str, reference_rule: str
) -> None:
    expected = reference("pabutools-1.2.3.json")["files"][name]["rules"][reference_rule]
    code, [line], _ = _run(capsys, str(PABULIB_DIR / name), "--rule", rule)
    assert code == 0
    assert line["selected"] == expected["selected_in_order"]
    assert line["total_cost"] == expected["total_cost"]


def test_trace(capsys: pytest.CaptureFixture[str], wijk: Path) -> None:
    _, [line], _ = _run(capsys, str(wijk), "--rule", "greedy", "--trace")
    trace = line["trace"]
    assert [step["project"] for step in trace if step["reason"] == "funded"] == ["a", "c"]
    assert {"b"} <= {step["project"] for step in trace if step["reason"] != "funded"}
    funded_c = next(step for step in trace if step["project"] == "c")
    # Exact decimals, like the totals, not "799/2".
    assert funded_c["cost"] == "399.5"
    assert funded_c["budget_left"] == "0.5"


def test_text_format(capsys: pytest.CaptureFixture[str], wijk: Path) -> None:
    code = main([str(wijk), "--rule", "greedy", "--format", "text", "--trace"])
    out = capsys.readouterr().out
    assert code == 0
    assert not out.lstrip().startswith("{")
    assert "wijk.pb  rule greedy" in out
    assert "funded 2 of 3 projects for 999.5 of 1000" in out
    assert "Bankjes op het plein" in out
    assert out.index("  1  a") < out.index("  2  c")
    assert "trace:" in out


def test_missing_file(capsys: pytest.CaptureFixture[str], wijk: Path, tmp_path: Path) -> None:
    code, lines, err = _run(capsys, str(tmp_path / "nope.pb"), str(wijk), "--rule", "greedy")
    assert code == 2
    assert "cannot read" in err
    assert "nope.pb" in err
    assert "Traceback" not in err
    # The good file is still counted.
    assert [line["file"] for line in lines] == ["wijk.pb"]


def test_invalid_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.pb"
    path.write_text(WIJK.replace("3;a,c", "3;a,z"), encoding="utf-8")
    code, lines, err = _run(capsys, str(path), "--rule", "greedy")
    assert (code, lines) == (2, [])
    assert err.strip() == f"wijkbudget-count: {path}, line 15: vote for unknown project 'z'"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--rule", "fairest"], "unknown rule 'fairest'"),
        (["--rule", "greedy", "--threshold", "veel"], "not a number: 'veel'"),
        (["--rule", "greedy", "--format", "xml"], "invalid choice: 'xml'"),
        ([], "the following arguments are required: --rule"),
    ],
)
def test_bad_arguments(
    capsys: pytest.CaptureFixture[str], wijk: Path, argv: list[str], message: str
) -> None:
    code, lines, err = _run(capsys, str(wijk), *argv)
    assert (code, lines) == (2, [])
    assert message in err
    assert "Traceback" not in err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "--rule" in capsys.readouterr().out


def test_progress_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, wijk: Path
) -> None:
    _, _, err = _run(capsys, str(wijk), str(wijk), "--rule", "greedy,mes")
    assert err == ""
    terminal = io.StringIO()
    monkeypatch.setattr(terminal, "isatty", lambda: True)
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main([str(wijk), str(wijk), "--rule", "greedy,mes"]) == 0
    assert "[4/4] wijk.pb mes" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\x1b[K")


def test_python_dash_m(wijk: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wijkbudget.counting", str(wijk), "--rule", "greedy"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["selected"] == ["a", "c"]


def test_rule_that_cannot_count_this_file(capsys: pytest.CaptureFixture[str], wijk: Path) -> None:
    cumulative = PABULIB_DIR / "France_Toulouse_2019.pb"
    code, lines, err = _run(capsys, str(cumulative), str(wijk), "--rule", "phragmen")
    assert code == 2
    assert err.startswith(f"wijkbudget-count: {cumulative}: ")
    assert "phragmen" in err
    assert "Traceback" not in err
    assert [line["file"] for line in lines] == ["wijk.pb"]
