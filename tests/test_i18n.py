"""Every Dutch text is translated, nothing is fuzzy, and placeholders match."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = ROOT / "wijkbudget" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    with open(CATALOG_DIR / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


def _ids_in_code(tmp_path: Path) -> set[str]:
    """Extract the texts from the code now, so a forgotten `make extract-messages` shows."""
    target = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(target),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(target, "rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id}


def test_dutch_catalog_is_complete_and_not_fuzzy() -> None:
    catalog = _catalog("nl")
    untranslated = [m.id for m in catalog if m.id and not all(_texts(m.string))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_dutch_catalog_covers_every_text_in_the_code(tmp_path: Path) -> None:
    dutch = {str(m.id) for m in _catalog("nl") if m.id}
    assert _ids_in_code(tmp_path) - dutch == set()


def _texts(value: object) -> list[str]:
    """A message's text(s): plural messages are tuples of singular and plural forms."""
    return [str(v) for v in value] if isinstance(value, tuple | list) else [str(value)]


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_placeholders_match(locale: str) -> None:
    wrong = []
    for message in _catalog(locale):
        if not message.id or not any(_texts(message.string)):
            continue
        wanted = {tuple(sorted(PLACEHOLDER.findall(text))) for text in _texts(message.id)}
        for text in _texts(message.string):
            if text and tuple(sorted(PLACEHOLDER.findall(text))) not in wanted:
                wrong.append(message.id)
    assert wrong == []


@pytest.mark.parametrize("page", sorted((ROOT / "templates").rglob("*.nl.html")))
def test_every_dutch_page_has_an_english_twin(page: Path) -> None:
    assert page.with_name(page.name.replace(".nl.html", ".en.html")).exists()
