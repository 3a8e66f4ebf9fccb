"""The quick ways of reading a file and grouping its ballots give what the slow, obvious ways give.

The reader reads the VOTES section in bulk and falls back to reading row by row (to name the
line) when anything is amiss; ``build_profile`` groups ballots with bulk operations. Both are
checked here against the plain way of doing the same thing.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from math import lcm

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.counting.test_pabulib import CUMULATIVE, VALID
from wijkbudget.counting.election import Ballot, Election, Project, VoteType
from wijkbudget.counting.pabulib import PabulibError, parse_election, reader
from wijkbudget.counting.pabulib.ballots import ReadCarefully
from wijkbudget.counting.rules.profile import Profile, build_profile


def _careful(text: str) -> Election | PabulibError:
    try:
        return reader._parse(text.removeprefix("\ufeff"), "<text>", carefully=True)
    except PabulibError as error:
        return error


def _read(text: str) -> Election | PabulibError:
    try:
        return parse_election(text)
    except PabulibError as error:
        return error


def _same(first: Election | PabulibError, second: Election | PabulibError) -> bool:
    if isinstance(first, PabulibError) and isinstance(second, PabulibError):
        return str(first) == str(second)
    return first == second


def _quick(text: str) -> Election:
    """Read without falling back to the careful way (ReadCarefully escapes)."""
    return reader._parse(text, "<text>", carefully=False)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("v1;p1,p2;34", "v1;p1, p2;34"),  # a space after the comma
        ("v1;p1,p2;34", "v1; p1 ;34"),
        ("v1;p1,p2;34", "v1;p1,p1,p2;34"),  # named twice on an approval ballot: once
        ("v2;p2;34\n", "v2;p2;34\n\n   \n"),  # blank lines between votes
        ("v3;;\n", "v3;;\n\n\n"),
        ("v3;;\n", "v3; ;\n"),  # an empty ballot
    ],
)
def test_quick_reading_takes_what_is_valid(old: str, new: str) -> None:
    text = VALID.replace(old, new, 1)
    assert _quick(text) == _careful(text) == parse_election(text)
    crlf = text.replace("\n", "\r\n")
    assert _quick(crlf) == _careful(crlf)


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_mixed_line_ends_read_the_same_either_way(line_end: str) -> None:
    text = VALID.replace("v2;p2;34\n", f"v2;p2;34{line_end}")
    assert _read(text) == _careful(text) == parse_election(VALID)


def test_quick_reading_shares_the_fields_of_equal_rows() -> None:
    election = _quick(VALID)
    assert election.ballots[0].fields is election.ballots[1].fields
    assert election.ballots[0].fields == {"age": "34"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("v2;p2;34", "v2;p3;34"),
        ("v2;p2;34", "v1;p2;34"),
        ("v2;p2;34", ";p2;34"),
        ("v2;p2;34", "v2;p2"),
        ("v2;p2;34", 'v2;"p2;34'),
        ("v3;;\n", "v3;;\nPROJECTS\n"),
    ],
)
def test_quick_reading_leaves_problems_to_the_careful_one(old: str, new: str) -> None:
    text = VALID.replace(old, new, 1)
    with pytest.raises(ReadCarefully):
        _quick(text)
    assert isinstance(_careful(text), PabulibError)
    assert _same(_read(text), _careful(text))


@pytest.mark.parametrize(
    ("vote_type", "votes"),
    [
        ("choose-1", "1;a\n2;a,b\n"),
        ("ordinal", "1;a,b\n2;b,a,b\n"),
        ("cumulative", "1;a,b;1,2\n2;a;1,2\n"),
        ("cumulative", "1;a,b;1,2\n2;a;x\n"),
    ],
)
def test_quick_reading_checks_every_vote_type(vote_type: str, votes: str) -> None:
    text = f"META\nbudget;100\nvote_type;{vote_type}\nPROJECTS\nproject_id;cost\na;5\nb;6\n"
    header = "voter_id;vote;points" if vote_type == "cumulative" else "voter_id;vote"
    text += f"VOTES\n{header}\n{votes}"
    with pytest.raises(ReadCarefully):
        _quick(text)
    assert isinstance(_read(text), PabulibError)


@st.composite
def _damaged(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from([VALID, CUMULATIVE]))
    votes = text.index("VOTES")  # damage the votes, where the quick reading is
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(min(votes, len(text)), len(text)))
        end = draw(st.integers(start, min(len(text), start + 6)))
        insert = draw(st.text(';",\n\r 0123456789abp.-v', max_size=5))
        text = text[:start] + insert + text[end:]
    return text


@settings(max_examples=400, deadline=None)
@given(_damaged())
def test_damaged_votes_read_the_same_either_way(text: str) -> None:
    assert _same(_read(text), _careful(text))


# --------------------------------------------------------------------------------------------
# build_profile against a plain grouping, ballot by ballot


def _plain_profile(election: Election) -> tuple[object, ...]:
    """The grouping as the docstring of ``rules.profile`` describes it, one ballot and one
    position at a time, in the form of :func:`_comparable`."""
    ids = tuple(sorted(project.id for project in election.projects))
    index = {project_id: position for position, project_id in enumerate(ids)}
    cumulative = election.vote_type is VoteType.CUMULATIVE
    ordinal = election.vote_type is VoteType.ORDINAL
    counts = Counter((b.projects, b.points if cumulative else None) for b in election.ballots)
    max_length = int(election.meta.get("max_length", 0)) or max(
        (len(b.projects) for b in election.ballots), default=0
    )
    utility_index: dict[int | Fraction, int] = {}
    supports: list[tuple[tuple[int, int], ...]] = []
    sizes: list[int] = []
    members: dict[tuple[int, int], list[int]] = {}
    scores: list[int | Fraction] = [0] * len(ids)
    approvals = [0] * len(ids)
    for (projects, points), size in counts.items():
        support: dict[int, int] = {}
        # An approval ballot is a set: a project named twice is named once.
        named = tuple(dict.fromkeys(projects)) if election.vote_type.is_approval_like else projects
        for position, project_id in enumerate(named):
            if cumulative:
                assert points is not None
                value = Fraction(points[position])
                utility: int | Fraction = value.numerator if value.denominator == 1 else value
            else:
                utility = len(projects) - position - 1 if ordinal else 1
            project = index[project_id]
            approvals[project] += size
            scores[project] += size * (max_length - position if ordinal else utility)
            if utility > 0:
                support[project] = utility_index.setdefault(utility, len(utility_index))
        supports.append(tuple(sorted(support.items())))
        for pair in supports[-1]:
            members.setdefault(pair, []).append(len(sizes))
        sizes.append(size)
    scale = lcm(*(Fraction(value).denominator for value in utility_index))
    blocks: list[list[tuple[object, ...]]] = [[] for _ in ids]
    for (project, utility), groups in sorted(members.items()):
        singles = tuple(g for g in groups if sizes[g] == 1)
        larger = tuple(g for g in groups if sizes[g] > 1)
        blocks[project].append((utility, singles, larger, tuple(sizes[g] for g in larger)))
    return (
        ids,
        tuple(election.project(project_id).cost for project_id in ids),
        election.budget,
        election.num_voters,
        election.vote_type.is_approval_like,
        tuple(int(value * scale) for value in utility_index),
        scale,
        tuple(sizes),
        tuple(supports),
        tuple(scores),
        tuple(map(type, scores)),
        tuple(approvals),
        tuple(tuple(row) for row in blocks),
    )


@st.composite
def _elections(draw: st.DrawFn) -> Election:
    """Small elections of every vote type, with what only code (not a file) can make: a
    project named twice on an approval ballot, zero points."""
    vote_type = draw(st.sampled_from(list(VoteType)))
    ids = [f"p{index}" for index in range(draw(st.integers(1, 5)))]
    ballots = []
    for number in range(draw(st.integers(0, 12))):
        unique = not vote_type.is_approval_like  # else refused: see the test below
        chosen = tuple(draw(st.lists(st.sampled_from(ids), max_size=4, unique=unique)))
        points = None
        if vote_type is VoteType.CUMULATIVE:
            amounts = st.sampled_from([0, 1, 2, Fraction(1, 2), Fraction(3, 2)])
            points = tuple(Fraction(draw(amounts)) for _ in chosen)
        ballots.append(Ballot(str(number), chosen, points))
    # A few identical ballots make groups larger than one voter.
    ballots += [Ballot(f"copy{n}", b.projects, b.points) for n, b in enumerate(ballots[:3])]
    meta = {"max_length": str(draw(st.integers(1, 4)))} if draw(st.booleans()) else {}
    return Election(
        Fraction(draw(st.integers(1, 100))),
        vote_type,
        tuple(Project(pid, Fraction(draw(st.integers(0, 60)))) for pid in ids),
        tuple(ballots),
        meta=meta,
    )


def _comparable(profile: Profile) -> tuple[object, ...]:
    return (
        profile.ids,
        profile.costs,
        profile.budget,
        profile.num_voters,
        profile.cost_utility,
        profile.utilities,
        profile.utility_scale,
        profile.sizes,
        profile.ballots,
        profile.scores,
        tuple(map(type, profile.scores)),
        profile.approvals,
        tuple(
            tuple((b.utility, b.singles, b.groups, b.sizes) for b in row)
            for row in profile.supporters
        ),
    )


@settings(max_examples=300, deadline=None)
@given(_elections())
def test_profile_groups_as_the_plain_way_does(election: Election) -> None:
    profile = build_profile(election)
    assert _comparable(profile) == _plain_profile(election)
    for row in profile.supporters:
        for block in row:
            assert block.members == block.singles + block.groups


@pytest.mark.parametrize(
    ("vote_type", "points"),
    [(VoteType.ORDINAL, None), (VoteType.CUMULATIVE, (Fraction(2), Fraction(1), Fraction(3)))],
)
def test_a_ranked_or_points_ballot_naming_a_project_twice_is_refused(
    vote_type: VoteType, points: tuple[Fraction, ...] | None
) -> None:
    """Which position or whose points would count? No single answer, so no count at all."""
    projects = (Project("a", Fraction(1)), Project("b", Fraction(1)))
    ballots = (Ballot("1", ("a", "b")), Ballot("2", ("b", "a", "b"), points))
    if points is not None:
        ballots = (Ballot("1", ("a", "b"), points[:2]), ballots[1])
    election = Election(Fraction(10), vote_type, projects, ballots)
    with pytest.raises(ValueError, match=f"a ballot \\({vote_type}\\) names project 'b' more"):
        build_profile(election)


def test_profile_names_a_project_that_is_not_listed() -> None:
    election = Election(
        Fraction(10), VoteType.APPROVAL, (Project("a", Fraction(1)),), (Ballot("1", ("b",)),)
    )
    with pytest.raises(ValueError, match="a ballot names project 'b', which is not listed"):
        build_profile(election)
