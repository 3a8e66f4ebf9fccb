"""Photos: re-encoded as JPEG so no metadata (GPS position, camera, name) is ever published."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from wijkbudget.errors import FieldError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1600  # enough for any phone screen, small enough for a slow connection
ACCEPTED_FORMATS = {"JPEG", "PNG"}
# A decompression bomb is refused before it is decoded.
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    width: int
    height: int


def clean_photo(raw: bytes) -> CleanPhoto:
    """A JPEG of at most 1600 px per side, rotated upright, with all metadata removed."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise FieldError("photo", "photo_too_large", mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    too_large = FieldError("photo", "photo_too_large", mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    try:
        # Pillow only warns about a bomb below twice its limit: refuse it, whatever the
        # process's warning filters say.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise FieldError("photo", "photo_wrong_type")
                if probe.width * probe.height > MAX_PIXELS:
                    raise too_large
                probe.load()
                image = ImageOps.exif_transpose(probe)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except (UnidentifiedImageError, OSError):
        raise FieldError("photo", "photo_wrong_type") from None
    image = image.convert("RGB")  # drops transparency and any palette or ICC tricks
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    # A new image holds only pixels: nothing of the original's EXIF, XMP or comments survives.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return CleanPhoto(out.getvalue(), clean.width, clean.height)
