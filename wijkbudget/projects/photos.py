"""Project photos: re-encoded on upload, so no camera data (place, time, device) is kept."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from wijkbudget.projects.services import ProjectError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1200  # pixels: sharp on a phone, small on a slow connection
MAX_PIXELS = 40_000_000  # a few KB of PNG can claim gigabytes once decoded


def clean_photo(data: bytes) -> bytes:
    """A JPEG of at most 1200 px a side, without metadata; raises ``bad_photo`` otherwise."""
    if not data or len(data) > MAX_BYTES:
        raise ProjectError("photo", "bad_photo")
    try:
        with warnings.catch_warnings():  # a decompression bomb is refused, never decoded
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ("JPEG", "PNG"):
                    raise ProjectError("photo", "bad_photo")
                if image.width * image.height > MAX_PIXELS:
                    raise ProjectError("photo", "bad_photo")
                image.load()
                picture = (ImageOps.exif_transpose(image) or image).convert("RGB")
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise ProjectError("photo", "bad_photo") from error
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()
