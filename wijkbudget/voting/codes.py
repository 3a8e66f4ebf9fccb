"""Stemcodes and receipt codes: drawing, reading back, keyed hashing, the encrypted pointer.

A stemcode is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), drawn with
:mod:`secrets`: 31**12 ≈ 7.9 × 10**17 possibilities. Only an HMAC of it is stored, keyed with
a key derived from ``SECRET_KEY``; the letter is the only place the code itself exists.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
RECEIPT_LENGTH = 8
GROUP = 4
_SEPARATORS = re.compile(r"[\s\-–.]+")


def new_code() -> str:
    """A fresh stemcode, grouped for reading: ``K7PM-X3QD-9HTW``."""
    return group(_draw(CODE_LENGTH))


def new_receipt() -> str:
    return group(_draw(RECEIPT_LENGTH))


def _draw(length: int) -> str:
    """``length`` characters of the alphabet, each equally likely: one secret number below
    31**length written in base 31 (one call for random bytes, not one per character)."""
    number = secrets.randbelow(len(ALPHABET) ** length)
    characters = []
    for _ in range(length):
        number, digit = divmod(number, len(ALPHABET))
        characters.append(ALPHABET[digit])
    return "".join(characters)


def group(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalize(typed: str) -> str | None:
    """The code as typed (any case, spaces or dashes) in its canonical form, or ``None``."""
    raw = _SEPARATORS.sub("", typed or "").upper()
    if len(raw) != CODE_LENGTH or any(char not in ALPHABET for char in raw):
        return None
    return group(raw)


@lru_cache(maxsize=8)
def _key(secret_key: str, purpose: bytes) -> bytes:
    """The key for one purpose, derived from ``SECRET_KEY``: once per process, not per cast."""
    return hmac.new(secret_key.encode(), b"wijkbudget/voting/" + purpose, hashlib.sha256).digest()


def code_hash(secret_key: str, code: str) -> str:
    """The keyed hash of a (normalized) stemcode, as kept on the roll."""
    return hmac.new(_key(secret_key, b"code-hash"), code.encode(), hashlib.sha256).hexdigest()


def _pointer_key(secret_key: str, code: str) -> bytes:
    # Needs both the server's secret and the stemcode: the database alone opens nothing.
    return hmac.new(_key(secret_key, b"pointer"), code.encode(), hashlib.sha256).digest()


def seal_pointer(secret_key: str, code: str, roll_id: str, ballot_id: str) -> bytes:
    """The ballot id, encrypted (AES-GCM) with a key from the stemcode, bound to the roll row."""
    nonce = os.urandom(12)
    sealed = AESGCM(_pointer_key(secret_key, code)).encrypt(
        nonce, ballot_id.encode(), roll_id.encode()
    )
    return nonce + sealed


def open_pointer(secret_key: str, code: str, roll_id: str, pointer: bytes) -> str | None:
    try:
        plain = AESGCM(_pointer_key(secret_key, code)).decrypt(
            pointer[:12], pointer[12:], roll_id.encode()
        )
    except InvalidTag:
        return None
    return plain.decode()
