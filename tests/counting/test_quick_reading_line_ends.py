"""The quick reading looks at the line ends and NULs of the VOTES section the way the csv module
does: it gives what the careful reading gives, or leaves the text to it."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.counting.test_pabulib import CUMULATIVE, VALID
from tests.counting.test_quick_reading import _careful, _quick, _read, _same
from wijkbudget.counting.pabulib import parse_election
from wijkbudget.counting.pabulib.ballots import ReadCarefully

HEAD = "META\nbudget;100\nvote_type;{vote_type}\nPROJECTS\nproject_id;cost\na;5\nb;6\nc;7\n"
HEADER = "voter_id;vote;age;district"


def _text(rows: list[str], line_end: str = "\n", vote_type: str = "approval") -> str:
    text = HEAD.format(vote_type=vote_type) + f"VOTES\n{HEADER}\n"
    return text.replace("\n", line_end) + "".join(row + line_end for row in rows)


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
@pytest.mark.parametrize(
    "rows",
    [
        ["1;a;1;x", "2;b,a;1;x\0y"],  # csv reads a NUL as any character
        ["1;a;1;x", "", "  ", "2;b;1;x", ""],  # blank lines
        ["1;a;1;x", "2;;1;x"],  # an empty ballot
        [],
    ],
)
def test_quick_reading_takes_what_is_valid(rows: list[str], line_end: str) -> None:
    text = _text(rows, line_end)
    assert _quick(text) == _careful(text) == parse_election(text)


@pytest.mark.parametrize("line_break", ["\r", "\n"])
def test_a_line_break_inside_a_crlf_row_is_read_carefully(line_break: str) -> None:
    text = _text(["1;a;1;x", f"2;b;1;x{line_break}y", "3;c;1;x"], "\r\n")
    with pytest.raises(ReadCarefully):
        _quick(text)
    assert _same(_read(text), _careful(text))


def test_a_lone_cr_in_an_lf_text_is_read_carefully() -> None:
    text = _text(["1;a;1;x", "2;b;1;x\r3;c;1;x"])
    with pytest.raises(ReadCarefully):
        _quick(text)
    assert _same(_read(text), _careful(text))


def test_mixed_line_ends_read_the_same_either_way() -> None:
    text = _text(["1;a;1;x", "2;b;1;x", "3;c;1;x"], "\r\n").replace("2;b;1;x\r\n", "2;b;1;x\n")
    assert _quick(text) == _careful(text) == parse_election(text.replace("\r\n", "\n"))


def test_a_field_over_the_csv_limit_is_read_carefully() -> None:
    text = _text(["1;a;1;" + "x" * 50, "2;b;1;x"])
    assert _quick(text) == _careful(text)
    old_limit = csv.field_size_limit(40)
    try:
        with pytest.raises(ReadCarefully):
            _quick(text)
        assert _same(_read(text), _careful(text))
    finally:
        csv.field_size_limit(old_limit)


@st.composite
def _damaged(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from([VALID, CUMULATIVE]))
    votes = text.index("VOTES")  # damage the votes, where the quick reading is
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(votes, len(text)))
        end = draw(st.integers(start, min(len(text), start + 6)))
        insert = draw(st.text(";,\n\r\0 0123456789abp.-v", max_size=5))
        text = text[:start] + insert + text[end:]
    return text


@settings(max_examples=300, deadline=None)
@given(_damaged())
def test_damaged_line_ends_read_the_same_either_way(text: str) -> None:
    assert _same(_read(text), _careful(text))
