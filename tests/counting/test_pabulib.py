"""Reading and writing Pabulib files: every real file in ../shared/pabulib, then small texts."""

from __future__ import annotations

import dataclasses
import time
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.counting.conftest import PABULIB_DIR, pabulib_files
from wijkbudget.counting.election import Ballot, Election, Project, VoteType
from wijkbudget.counting.pabulib import (
    PabulibError,
    format_decimal,
    parse_election,
    read_election,
    write_election,
    write_file,
)


def _sources_table() -> dict[str, dict[str, str]]:
    """The provenance table of SOURCES.md: an oracle for the reader written by someone else."""
    table: dict[str, dict[str, str]] = {}
    header: list[str] | None = None
    for line in (PABULIB_DIR / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if cells[0] == "file":
            header = cells
        elif header is not None and cells[0].endswith(".pb"):
            table[cells[0]] = dict(zip(header, cells, strict=True))
    return table


SOURCES = _sources_table()
FILES = pabulib_files()
# SOURCES.md counts one selected project too few for Wrocław 2017 and 2018: it split the PROJECTS
# rows at every ';', also the one inside the quoted name of a selected project (50 and 7).
SOURCES["Poland_Wroclaw_2017.pb"]["sel"] = "5"
SOURCES["Poland_Wroclaw_2018.pb"]["sel"] = "4"


def test_every_file_is_listed_in_sources() -> None:
    assert sorted(SOURCES) == sorted(path.name for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_real_file_reads_as_described_and_round_trips(path: Path) -> None:
    election = read_election(path)
    row = SOURCES[path.name]
    assert election.vote_type == VoteType(row["vote_type"])
    assert len(election.projects) == int(row["num_projects"])
    assert election.num_voters == int(row["num_votes"])
    assert election.budget == Fraction(row["budget"])
    if row["sel"]:
        selected = [p for p in election.projects if p.fields.get("selected") == "1"]
        assert len(selected) == int(row["sel"])
    ids = {project.id: project.id for project in election.projects}
    for ballot in election.ballots:
        # Every voted id is the project's own str object, not an equal copy.
        assert all(ids[project_id] is project_id for project_id in ballot.projects)
        if election.vote_type is VoteType.CUMULATIVE:
            assert ballot.points is not None
            assert len(ballot.points) == len(ballot.projects)
        else:
            assert ballot.points is None

    text = write_election(election)
    assert parse_election(text, source=path.name) == election


def test_biggest_file_parses_fast(pabulib_dir: Path) -> None:
    # 131,998 lines. About 0.25 s on the 2-core CI machine; the bound leaves room for a busy one.
    started = time.perf_counter()
    election = read_election(pabulib_dir / "Poland_Wroclaw_2015_150_-_500.pb")
    assert time.perf_counter() - started < 2.0
    assert election.num_voters == 131_778


# --------------------------------------------------------------------------------------------
# Details of real files


def test_cumulative_ballot_keeps_order_and_points(pabulib_dir: Path) -> None:
    election = read_election(pabulib_dir / "France_Toulouse_2019.pb")
    first = election.ballots[0]
    assert first.voter_id == "0"
    assert first.projects == ("15", "22", "25", "10")
    assert first.points == tuple(map(Fraction, (2, 2, 2, 1)))
    assert election.meta["max_sum_points"] == "7"


def test_other_columns_are_kept_as_text(pabulib_dir: Path) -> None:
    election = read_election(pabulib_dir / "Poland_Wroclaw_2015_150_-_500.pb")
    assert election.vote_type is VoteType.CHOOSE_1
    assert list(election.meta)[:4] == ["description", "country", "unit", "subunit"]
    assert election.meta["unit"] == "Wrocław"
    assert election.vote_columns == ("voter_id", "vote", "age", "sex", "voting_method", "district")
    first = election.ballots[0]
    assert (first.voter_id, first.projects) == ("1", ("139",))
    assert first.fields == {"age": "26", "sex": "M", "voting_method": "internet", "district": ""}
    project = election.project("32")
    assert project.cost == 500_000
    assert project.name == (
        'Projekt Obywatelski odnowy podwórka "Podwórze: Nowowiejska - Stein - Barlickiego - '
        'Kluczborska"'
    )
    assert project.fields == {
        "votes": "2975",
        "category": "redevelopment",
        "selected": "1",
        "neighborhood": "Ołbin",
    }


def test_semicolon_inside_a_quoted_name(pabulib_dir: Path) -> None:
    project = read_election(pabulib_dir / "Poland_Wroclaw_2017.pb").project("50")
    assert project.name.startswith("Zielona rowerowo-piesza obwodnica Wrocławia; ETAP II – ")
    assert project.fields["selected"] == "1"
    assert project.fields["district"] == "Przedmieście Oławskie,Psie Pole-Zawidawie"


def test_decimal_budget(pabulib_dir: Path) -> None:
    election = read_election(pabulib_dir / "Poland_Warszawa_2018_Ursus_Poludniowy.pb")
    assert election.budget == Fraction(1655677, 2)


def test_project_twice_on_an_approval_ballot_counts_once(pabulib_dir: Path) -> None:
    # Line 118 of the file is "230561;1232,1232,1247;43;F;internet".
    election = read_election(pabulib_dir / "Poland_Warszawa_2026_Miedzylesie_Radosc.pb")
    ballot = next(b for b in election.ballots if b.voter_id == "230561")
    assert ballot.projects == ("1232", "1247")


def test_points_restating_an_ordinal_ranking_stay_a_text_field(pabulib_dir: Path) -> None:
    election = read_election(pabulib_dir / "Poland_Krakow_2021_Bienczyce.pb")
    assert election.vote_type is VoteType.ORDINAL
    first = election.ballots[0]
    assert first.projects == ("15", "10", "34")
    assert first.points is None
    assert first.fields["points"] == "3,2,1"


def test_file_without_name_column(pabulib_dir: Path) -> None:
    name = "US_Stanford_Dataset_PB_Chicago_39th_Ward_2020_vote_rankings.pb"
    election = read_election(pabulib_dir / name)
    assert "name" not in election.project_columns
    assert all(project.name == "" for project in election.projects)
    assert "PROJECTS\r\nproject_id;cost;votes;score;category\r\n" in write_election(election)


# --------------------------------------------------------------------------------------------
# Small texts

SMALL = """META
key;value
description;De Wijk
budget;1000
vote_type;approval
PROJECTS
project_id;cost;name;category
p1;600;Bankjes;groen
p2;400,5;"Speeltuin; nieuw";spelen
VOTES
voter_id;vote;age
v1;p1,p2;34
v2;p2;34
v3;;
"""


def test_small_text() -> None:
    election = parse_election(SMALL)
    assert election.budget == 1000
    assert election.vote_type is VoteType.APPROVAL
    assert election.meta == {"description": "De Wijk", "budget": "1000", "vote_type": "approval"}
    assert election.projects == (
        Project("p1", Fraction(600), "Bankjes", {"category": "groen"}),
        Project("p2", Fraction(801, 2), "Speeltuin; nieuw", {"category": "spelen"}),
    )
    assert election.ballots == (
        Ballot("v1", ("p1", "p2"), None, {"age": "34"}),
        Ballot("v2", ("p2",), None, {"age": "34"}),
        Ballot("v3", (), None, {"age": ""}),
    )
    assert election.num_voters == 3  # the empty ballot is a voter
    assert election.project_columns == ("project_id", "cost", "name", "category")
    assert election.vote_columns == ("voter_id", "vote", "age")


def test_bom_and_crlf_give_the_same_election() -> None:
    text = SMALL
    assert parse_election("\ufeff" + text.replace("\n", "\r\n")) == parse_election(text)


def test_read_file_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "wijk.pb"
    text = SMALL
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert read_election(path) == parse_election(text)


def test_quoted_semicolon_in_meta() -> None:
    # An unquoted ';' in a META value is a third column: an error (see below).
    text = SMALL.replace("De Wijk", '"De ""Wijk""; test"')
    assert parse_election(text).meta["description"] == 'De "Wijk"; test'


def test_blank_lines_are_ignored() -> None:
    text = SMALL.replace("\nPROJECTS", "\n\nPROJECTS")
    assert parse_election(text + "\n\n").num_voters == 3


def test_cumulative_points() -> None:
    text = """META
key;value
budget;100
vote_type;cumulative
PROJECTS
project_id;cost
a;50
b;60
VOTES
voter_id;vote;points
1;b,a;3,1.5
2;a;4
"""
    election = parse_election(text)
    assert election.ballots[0].projects == ("b", "a")
    assert election.ballots[0].points == (Fraction(3), Fraction(3, 2))
    assert election.ballots[1].points == (Fraction(4),)
    assert parse_election(write_election(election)) == election


def _error(text: str) -> PabulibError:
    with pytest.raises(PabulibError) as caught:
        parse_election(text, source="wijk.pb")
    return caught.value


VALID = SMALL


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        ("META\n", "", 1, "expected the META section first"),
        ("PROJECTS\n", "", 6, "4 columns in this META row, but the header has 2"),
        ("\nVOTES\n", "\n", 10, "3 columns in this PROJECTS row, but the header has 4"),
        ("budget;1000\n", "", 1, "the META section has no 'budget'"),
        ("vote_type;approval\n", "", 1, "the META section has no 'vote_type'"),
        ("vote_type;approval", "vote_type;ranked", 5, "unknown vote_type 'ranked'"),
        ("budget;1000", "budget;veel", 4, "META budget: 'veel' is not a number"),
        ("budget;1000", "budget;1.000,5", 4, "both '.' and ','"),
        ("p1;600;", "p1;-600;", 8, "cost of project 'p1': '-600' is negative"),
        ("p1;600;", "p1;6OO;", 8, "cost of project 'p1': '6OO' is not a number"),
        ("p1;600;", "p1;1e3;", 8, "'1e3' is not a number"),
        ("p1;600;", "p1;;", 8, "'' is not a number"),
        ("p2;400,5;", "p1;400,5;", 9, "project_id 'p1' appears twice (first on line 8)"),
        ("p2;400,5;", ";400,5;", 9, "empty project_id"),
        ("v2;p2;34", "v2;p3;34", 13, "vote for unknown project 'p3'"),
        ("v2;p2;34", "v2;p2,;34", 13, "empty project id in vote 'p2,'"),
        ("v2;p2;34", "v1;p2;34", 13, "voter_id 'v1' appears twice (first on line 12)"),
        ("v2;p2;34", ";p2;34", 13, "empty voter_id"),
        ("v2;p2;34", "v2;p2", 13, "2 columns in this VOTES row, but the header has 3"),
        ("v2;p2;34", "v2;p2;34;x", 13, "4 columns in this VOTES row, but the header has 3"),
        ("p1;600;Bankjes;groen", "p1;600;Bankjes", 8, "3 columns in this PROJECTS row"),
        ("De Wijk", "De Wijk;extra", 3, "3 columns in this META row, but the header has 2"),
        ("voter_id;vote;age", "voter_id;vote;points", 11, "only cumulative ballots have points"),
        ("voter_id;vote;age", "voter;vote;age", 11, "the VOTES header has no 'voter_id'"),
        ("project_id;cost;", "project_id;price;", 7, "the PROJECTS header has no 'cost'"),
        ("project_id;cost;name", "project_id;cost;cost", 7, "column 'cost' appears twice"),
        ("budget;1000\n", "budget;1000\nbudget;2000\n", 5, "META key 'budget' appears twice"),
        ("budget;1000\n", "budget;1000\nnum_votes;4\n", 5, "META num_votes says 4 but there"),
        ("budget;1000\n", "budget;1000\nnum_projects;x\n", 5, "num_projects 'x' is not a whole"),
        ("v3;;\n", "v3;;\nPROJECTS\n", 15, "unexpected PROJECTS section after VOTES"),
        ("v2;p2;34", 'v2;"p2;34', 13, "2 columns in this VOTES row, but the header has 3 (a"),
    ],
)
def test_invalid_text(old: str, new: str, line: int, reason: str) -> None:
    assert old in VALID
    error = _error(VALID.replace(old, new, 1))
    assert reason in str(error)
    assert error.line == line
    assert str(error).startswith(f"wijk.pb, line {line}: ")


def test_missing_projects_section() -> None:
    error = _error("META\nkey;value\nbudget;1\nvote_type;approval\n")
    assert error.reason == "missing PROJECTS section after META"
    assert error.line == 4


def test_missing_votes_section() -> None:
    error = _error(VALID.split("VOTES")[0])
    assert error.reason == "missing VOTES section after PROJECTS"
    assert error.line == 9


def test_empty_text() -> None:
    error = _error("")
    assert error.line == 1
    assert "no META section" in error.reason


def test_sections_out_of_order() -> None:
    error = _error("META\nkey;value\nbudget;1\nvote_type;approval\nVOTES\n")
    assert error.reason == "expected the PROJECTS section after META, found VOTES"
    assert error.line == 5


@pytest.mark.parametrize(
    ("votes", "reason"),
    [
        ("1;a,b;3", "1 points for 2 voted projects: points and vote must have the same length"),
        ("1;a;3,1", "2 points for 1 voted project: points and vote must have the same length"),
        ("1;a;-3", "points: '-3' is negative"),
        ("1;a;drie", "points: 'drie' is not a number"),
        ("1;a,a;1,2", "project 'a' appears twice on one cumulative ballot"),
    ],
)
def test_invalid_cumulative_ballot(votes: str, reason: str) -> None:
    text = "META\nbudget;100\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;5\nb;6\n"
    error = _error(text + f"VOTES\nvoter_id;vote;points\n{votes}\n")
    assert error.reason == reason
    assert error.line == 10


def test_cumulative_without_points_column() -> None:
    text = "META\nbudget;100\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;5\n"
    error = _error(text + "VOTES\nvoter_id;vote\n1;a\n")
    assert error.reason == "cumulative ballots need a 'points' column in the VOTES header"
    assert error.line == 8


def test_ordinal_ranking_names_a_project_once() -> None:
    text = "META\nbudget;100\nvote_type;ordinal\nPROJECTS\nproject_id;cost\na;5\nb;6\n"
    error = _error(text + "VOTES\nvoter_id;vote\n1;a,b,a\n")
    assert error.reason == "project 'a' appears twice on one ordinal ballot"


def test_choose_1_ballot_names_one_project() -> None:
    text = "META\nbudget;100\nvote_type;choose-1\nPROJECTS\nproject_id;cost\na;5\nb;6\n"
    assert parse_election(text + "VOTES\nvoter_id;vote\n1;a\n2;\n").num_voters == 2
    error = _error(text + "VOTES\nvoter_id;vote\n1;a\n2;a,b\n")
    assert (error.reason, error.line) == ("a choose-1 ballot with 2 projects", 11)


def test_line_numbers_count_lines_inside_quoted_fields() -> None:
    text = VALID.replace("Bankjes", '"Bankjes\nop het plein"').replace("v2;p2;34", "v2;p9;34")
    error = _error(text)
    assert error.line == 14
    assert parse_election(VALID.replace("Bankjes", '"Bankjes\nop het plein"')).projects[0].name == (
        "Bankjes\nop het plein"
    )


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.pb"
    path.write_bytes(VALID.replace("Bankjes", "Bänkjes").encode("latin-1"))
    with pytest.raises(PabulibError) as caught:
        read_election(path)
    assert caught.value.line == 8
    assert "not UTF-8" in caught.value.reason
    assert caught.value.source == str(path)


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_election(tmp_path / "nope.pb")


# --------------------------------------------------------------------------------------------
# Writing


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(400000), "400000"),
        (Fraction(2469, 2), "1234.5"),
        (Fraction(1, 8), "0.125"),
        (Fraction(1, 20), "0.05"),
        (Fraction(-5, 2), "-2.5"),
        (Fraction(0), "0"),
        (Fraction(1, 3), "1/3"),
        (Fraction(7, 30), "7/30"),
        (Fraction(10**20 + 1, 10**6), "100000000000000.000001"),
    ],
)
def test_format_decimal(value: Fraction, text: str) -> None:
    assert format_decimal(value) == text


def test_write_keeps_meta_text_of_same_number() -> None:
    election = parse_election(VALID.replace("budget;1000", "budget;1000.0"))
    assert "\r\nbudget;1000.0\r\n" in write_election(election)
    changed = dataclasses.replace(election, budget=Fraction(2500))
    assert "\r\nbudget;2500\r\n" in write_election(changed)
    assert parse_election(write_election(changed)).budget == 2500


def test_write_quotes_where_needed() -> None:
    text = write_election(parse_election(VALID)).replace("\r\n", "\n")
    assert '\np2;400.5;"Speeltuin; nieuw";spelen\n' in text
    assert text.startswith("META\nkey;value\ndescription;De Wijk\nbudget;1000\n")


def test_write_election_built_in_code(tmp_path: Path) -> None:
    election = Election(
        budget=Fraction(25_000),
        vote_type=VoteType.APPROVAL,
        projects=(Project("1", Fraction(10_000), "Bomen"), Project("2", Fraction(999, 4))),
        ballots=(Ballot("a", ("2", "1")), Ballot("b", ())),
    )
    path = tmp_path / "out.pb"
    write_file(election, path)
    back = read_election(path)
    # META gains the budget and vote type; everything else is as built.
    assert back.meta == {"budget": "25000", "vote_type": "approval"}
    assert dataclasses.replace(back, meta={}) == election


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"budget": Fraction(1, 3)}, "budget 1/3 has no exact decimal form"),
        ({"vote_type": VoteType.CUMULATIVE}, "cumulative ballots need one point per project"),
        (
            {"ballots": (Ballot("a", ("1",), (Fraction(1),)),)},
            "voter 'a' has points, but only cumulative ballots have points",
        ),
        ({"ballots": (Ballot("a", ("9",)),)}, "voter 'a' votes for unknown project '9'"),
        (
            {"projects": (Project("1", Fraction(1, 7)),)},
            "cost of project '1' 1/7 has no exact decimal form",
        ),
    ],
)
def test_write_rejects_what_a_file_cannot_hold(change: dict[str, object], message: str) -> None:
    election = Election(
        budget=Fraction(10),
        vote_type=VoteType.APPROVAL,
        projects=(Project("1", Fraction(5)),),
        ballots=(Ballot("a", ("1",)),),
    )
    with pytest.raises(ValueError, match=message):
        write_election(dataclasses.replace(election, **change))  # type: ignore[arg-type]


_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)
_word = st.text("abcXYZ019_-", min_size=1, max_size=6)
_amount = st.builds(Fraction, st.integers(0, 10**9), st.sampled_from([1, 2, 4, 5, 100]))


@st.composite
def _elections(draw: st.DrawFn) -> Election:
    vote_type = draw(st.sampled_from(list(VoteType)))
    ids = draw(st.lists(_word, min_size=1, max_size=6, unique=True))
    extra = draw(st.lists(st.sampled_from(["votes", "category", "x y"]), unique=True))
    projects = tuple(
        Project(pid, draw(_amount), draw(_text), {c: draw(_text) for c in extra}) for pid in ids
    )
    ballots = []
    for number in range(draw(st.integers(0, 8))):
        if vote_type is VoteType.CHOOSE_1:
            chosen = draw(st.lists(st.sampled_from(ids), max_size=1))
        else:
            chosen = draw(st.lists(st.sampled_from(ids), unique=True))
        points = tuple(draw(_amount) for _ in chosen) if vote_type is VoteType.CUMULATIVE else None
        ballots.append(Ballot(f"v{number}", tuple(chosen), points, {"age": draw(_text)}))
    meta = {"description": draw(_text), "budget": "0", "vote_type": vote_type.value}
    return Election(
        budget=draw(_amount),
        vote_type=vote_type,
        projects=projects,
        ballots=tuple(ballots),
        meta=meta,
        project_columns=("project_id", "cost", "name", *extra),
        vote_columns=(
            ("voter_id", "vote", "points", "age")
            if vote_type is VoteType.CUMULATIVE
            else ("voter_id", "vote", "age")
        ),
    )


@settings(max_examples=150, deadline=None)
@given(_elections())
def test_any_election_round_trips(election: Election) -> None:
    back = parse_election(write_election(election))
    assert back == dataclasses.replace(
        election, meta={**election.meta, "budget": format_decimal(election.budget)}
    )


CUMULATIVE = """META
key;value
budget;100
vote_type;cumulative
num_votes;2
PROJECTS
project_id;cost;name
a;50;A
b;60,5;B
VOTES
voter_id;vote;points
1;b,a;3,1.5
2;a;4
"""


@st.composite
def _damaged(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from([VALID, CUMULATIVE]))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 6)))
        insert = draw(st.text(';",\n\r\ufeff 0123456789abp.-METAVOSPRJC', max_size=5))
        text = text[:start] + insert + text[end:]
    return text


@settings(max_examples=400, deadline=None)
@given(_damaged())
def test_damaged_text_parses_or_raises_pabulib_error(text: str) -> None:
    try:
        election = parse_election(text)
    except PabulibError as error:
        assert 1 <= error.line <= text.count("\n") + text.count("\r") + 1
        return
    # Whatever still parses must survive a round trip.
    assert parse_election(write_election(election)) == election
