"""Uploads: a photo that is no photo, a polyglot, an oversize file, a decompression bomb, and
garbage for the address and Pabulib imports. Each is refused (or cleaned) with a message, and
nothing typed is lost."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from PIL import Image
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import TestResponse, encode_multipart

from tests.conftest import PASSWORD
from tests.helpers import csrf_fields, login, submit, text
from tests.initiatives.conftest import Setting, round_phase, setting
from wijkbudget.auth.models import Role, User
from wijkbudget.extensions import db
from wijkbudget.initiatives.models import Initiative, Photo
from wijkbudget.initiatives.services import themes_for
from wijkbudget.voting.models import EligibleAddress
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase

__all__ = ["round_phase", "setting"]

WRONG_TYPE = "This is not a photo we can use. Use a JPEG or PNG file."
TOO_LARGE = "The photo is too large."
SCRIPT = b"<script>alert(document.cookie)</script><html><body onload=alert(1)>"


def english(client: FlaskClient) -> FlaskClient:
    with client.session_transaction() as session:
        session["locale"] = "en"
    return client


def jpeg(width: int = 64, height: int = 48, **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 140, 90)).save(out, "JPEG", **save)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims huge dimensions in a few bytes: the decoder would need gigabytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    # Complete pixel data (all black) while that fits in memory here, so the file really
    # decodes; beyond, only the header: it must be refused before decoding anyway.
    row = 1 + (width + 7) // 8
    raw = b"\x00" * (row * height) if width * height <= 60_000_000 else b"\x00" * 1024
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def gif_js_polyglot() -> bytes:
    """Valid as a GIF header and as JavaScript: ``GIF89a=…; alert(1)``."""
    return b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=alert(document.domain);//" + b"\x00;"


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def resident(client: FlaskClient, setting: Setting) -> FlaskClient:
    login(client, setting.resident.email, PASSWORD)
    return english(client)


def _form(setting: Setting, title: str = "Bankjes bij de vijver") -> dict[str, object]:
    return {
        "title": title,
        "summary": "Drie bankjes.",
        "description": "Om uit te rusten.",
        "theme": str(themes_for(setting.round)[0].id),
        "initiator_name": "Bea",
        "initiator_contact": "bea@example.org",
        "cost_lines-0-item": "Bankjes",
        "cost_lines-0-amount": "900",
        "consent_to_publish": "y",
        "save": "1",
    }


def _draft(resident: FlaskClient, setting: Setting) -> Initiative:
    response = submit(resident, f"/ronde/{setting.round.id}/initiatief/nieuw", _form(setting))
    assert response.status_code == 302
    initiative = db.session.scalar(sa.select(Initiative).order_by(Initiative.id.desc()))
    assert initiative is not None
    return initiative


def post_multipart(client: FlaskClient, page: str, data: dict[str, object]) -> TestResponse:
    """Like ``submit``, with the body encoded in memory: the test client would spool a large
    upload to a temporary file it never closes."""
    tokens = csrf_fields(client.get(page).get_data(as_text=True))
    fields = {k: (FileStorage(v[0], v[1]) if isinstance(v, tuple) else v) for k, v in data.items()}
    boundary, body = encode_multipart(MultiDict({**tokens, **fields}))
    return client.post(page, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _upload(
    resident: FlaskClient, initiative: Initiative, setting: Setting, raw: bytes, name: str
) -> tuple[int, str]:
    page = f"/initiatief/{initiative.id}/bewerken"
    data = {**_form(setting, "Nieuwe titel"), "photo": (io.BytesIO(raw), name), "photo_alt": "x"}
    response = post_multipart(resident, page, data)
    return response.status_code, text(response)


def _photos() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) or 0


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        (pdf(), "foto.jpg"),
        (b"just some text, not a picture\n" * 20, "foto.jpg"),
        (b"<html><script>alert(1)</script></html>", "foto.png"),
        (gif_js_polyglot(), "foto.gif"),
        (b"", "foto.jpg"),
        (png_header(100_000, 100_000), "bom.png"),  # ten billion pixels
        (jpeg()[:200], "afgebroken.jpg"),  # cut off halfway
    ],
    ids=["pdf", "text", "html", "gif-js-polyglot", "empty", "bomb", "truncated"],
)
def test_what_is_not_a_usable_photo_is_refused_and_the_draft_kept(
    resident: FlaskClient, setting: Setting, raw: bytes, name: str
) -> None:
    initiative = _draft(resident, setting)
    status, page = _upload(resident, initiative, setting, raw, name)
    assert status == 200
    if raw:
        assert WRONG_TYPE in page or TOO_LARGE in page, page[:2000]
        assert "Your draft is saved, but not the photo." in page
    db.session.refresh(initiative)
    assert initiative.title == "Nieuwe titel"  # what was typed is kept
    assert _photos() == 0


@pytest.mark.parametrize(
    ("width", "height"),
    [(8_000, 6_000), (10_000, 10_000), (30_000, 30_000)],
    ids=["48-megapixel", "100-megapixel", "900-megapixel"],
)
def test_a_decompression_bomb_is_refused_before_it_is_decoded(
    resident: FlaskClient, setting: Setting, width: int, height: int
) -> None:
    initiative = _draft(resident, setting)
    raw = png_header(width, height)
    assert len(raw) < 100_000  # small on the wire, gigantic once decoded
    status, page = _upload(resident, initiative, setting, raw, "bom.png")
    assert status == 200
    assert TOO_LARGE in page or WRONG_TYPE in page
    assert _photos() == 0


@pytest.mark.parametrize(
    "raw",
    [
        jpeg() + SCRIPT,  # HTML and script after the end of the JPEG
        jpeg(comment=SCRIPT),  # script in a JPEG comment
        jpeg(exif=b"Exif\x00\x00" + SCRIPT),  # and in the EXIF block
    ],
    ids=["appended", "comment", "exif"],
)
def test_a_polyglot_photo_is_re_encoded_without_the_script(
    resident: FlaskClient, setting: Setting, raw: bytes
) -> None:
    initiative = _draft(resident, setting)
    status, page = _upload(resident, initiative, setting, raw, "foto.jpg")
    assert status == 302 or "Your draft is saved." in page
    db.session.expire_all()
    photo = db.session.scalar(sa.select(Photo).where(Photo.initiative_id == initiative.id))
    assert photo is not None
    served = resident.get(f"/foto/{photo.id}.jpg")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    body = served.get_data()
    assert body != raw and body.startswith(b"\xff\xd8")
    assert b"<script" not in body.lower() and b"onload" not in body.lower()
    Image.open(io.BytesIO(body)).verify()


def test_a_file_over_the_request_limit_gets_a_friendly_413_and_the_draft_stays(
    resident: FlaskClient, setting: Setting
) -> None:
    initiative = _draft(resident, setting)
    limit = resident.application.config["MAX_CONTENT_LENGTH"]
    status, page = _upload(resident, initiative, setting, b"\xff" * (limit + 1), "groot.jpg")
    assert status == 413
    assert "The file is too large" in page and "at most 8 MB" in page
    assert "Traceback" not in page
    db.session.refresh(initiative)
    assert initiative.title == "Bankjes bij de vijver"  # unchanged, not lost
    assert _photos() == 0


def test_a_photo_just_over_8_mb_is_refused_with_a_message_and_the_draft_saved(
    resident: FlaskClient, setting: Setting
) -> None:
    initiative = _draft(resident, setting)
    raw = jpeg() + b"\x00" * (8 * 1024 * 1024)
    status, page = _upload(resident, initiative, setting, raw, "groot.jpg")
    assert status == 200 and TOO_LARGE in page
    db.session.refresh(initiative)
    assert initiative.title == "Nieuwe titel"
    assert _photos() == 0


# --- Imports ------------------------------------------------------------------------------------

GARBAGE = bytes(range(256)) * 40 + b"\x00\xff\xfe" * 100


@pytest.fixture
def gemeente(
    client: FlaskClient, make_user: Callable[..., User], make_round: Callable[..., Round]
) -> tuple[FlaskClient, Round]:
    login(client, make_user(Role.GEMEENTE).email, PASSWORD)
    return english(client), make_round(Phase.PREPARATION)


@pytest.mark.parametrize(
    "raw",
    [GARBAGE, b"\x89PNG\r\n\x1a\n" + GARBAGE, "postcode;huisnummer\n🙂;<script>\n".encode()],
    ids=["binary", "png", "nonsense-lines"],
)
def test_the_address_import_refuses_garbage_with_a_message(
    gemeente: tuple[FlaskClient, Round], raw: bytes
) -> None:
    client, round_ = gemeente
    page = f"/ronde/{round_.id}/stemmen/adressen"
    response = submit(
        client,
        page,
        {"import-file": (io.BytesIO(raw), "adressen.csv"), "import-submit": "1"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "<script>" not in body
    assert 'class="error' in body or "error" in body
    count = sa.select(sa.func.count()).select_from(EligibleAddress)
    assert db.session.scalar(count) == 0


@pytest.mark.parametrize(
    "raw",
    [GARBAGE, b"META\n" + GARBAGE, b"META\nkey;value\nPROJECTS\n\x00\x00\nVOTES\n"],
    ids=["binary", "binary-after-meta", "nul-bytes"],
)
def test_the_pabulib_import_refuses_garbage_with_a_message(
    admin_client: FlaskClient, make_wijk: Callable[..., object], raw: bytes
) -> None:
    wijk = make_wijk()
    client = english(admin_client)
    response = submit(
        client,
        "/beheer/uitslag/importeren",
        {
            "wijk": str(wijk.id),
            "file": (io.BytesIO(raw), "uitslag.pb"),
            "year": "",
            "rule": "as-held",
        },  # type: ignore[attr-defined]
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "This is not a valid Pabulib file." in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Round)) == 0


@pytest.mark.parametrize("side", [7_000, 10_000, 30_000], ids=["49-mp", "100-mp", "900-mp"])
def test_a_project_photo_bomb_is_refused_before_it_is_decoded(side: int) -> None:
    """Project photos (uploaded by staff) get the same guard as residents' photos."""
    from wijkbudget.projects.photos import clean_photo
    from wijkbudget.projects.services import ProjectError

    with pytest.raises(ProjectError, match="bad_photo"):
        clean_photo(png_header(side, side))
