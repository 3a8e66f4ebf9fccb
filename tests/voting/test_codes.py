"""Stemcodes: alphabet, length, strength, reading back; the keyed hash and the pointer."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from wijkbudget.voting import codes


def test_there_are_at_least_10_to_the_15_codes() -> None:
    assert math.log10(len(codes.ALPHABET)) * codes.CODE_LENGTH >= 15


def test_the_alphabet_has_no_look_alikes() -> None:
    assert not set("01ILO") & set(codes.ALPHABET)
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET)


@given(st.integers(min_value=0, max_value=50))
def test_a_new_code_uses_the_alphabet_and_reads_back(_: int) -> None:
    code = codes.new_code()
    raw = code.replace("-", "")
    assert len(raw) == codes.CODE_LENGTH
    assert set(raw) <= set(codes.ALPHABET)
    assert codes.normalize(code) == code
    assert codes.normalize(f"  {raw.lower()} ") == code
    assert codes.normalize(" ".join(code.split("-"))) == code


@given(st.text(max_size=30))
def test_anything_else_is_no_code_or_a_canonical_one(typed: str) -> None:
    normalized = codes.normalize(typed)
    assert normalized is None or codes.normalize(normalized) == normalized


def test_codes_are_not_repeated() -> None:
    assert len({codes.new_code() for _ in range(2000)}) == 2000


def test_the_hash_depends_on_the_secret_key() -> None:
    code = codes.new_code()
    assert codes.code_hash("one", code) != codes.code_hash("two", code)
    assert code not in codes.code_hash("one", code)
    assert len(codes.code_hash("one", code)) == 64


def test_only_the_code_opens_the_pointer() -> None:
    code, other = codes.new_code(), codes.new_code()
    pointer = codes.seal_pointer("key", code, "roll-1", "ballot-1")
    assert b"ballot-1" not in pointer
    assert codes.open_pointer("key", code, "roll-1", pointer) == "ballot-1"
    assert codes.open_pointer("key", other, "roll-1", pointer) is None
    assert codes.open_pointer("other key", code, "roll-1", pointer) is None
    assert codes.open_pointer("key", code, "roll-2", pointer) is None  # bound to its roll row
