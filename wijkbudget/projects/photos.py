"""Project photos: re-encoded on upload, so no camera data (place, time, device) is kept."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from wijkbudget.projects.services import ProjectError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1200  # pixels: sharp on a phone, small on a slow connection


def clean_photo(data: bytes) -> bytes:
    """A JPEG of at most 1200 px a side, without metadata; raises ``bad_photo`` otherwise."""
    if not data or len(data) > MAX_BYTES:
        raise ProjectError("photo", "bad_photo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("JPEG", "PNG"):
                raise ProjectError("photo", "bad_photo")
            image.load()
            picture = (ImageOps.exif_transpose(image) or image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ProjectError("photo", "bad_photo") from error
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()
