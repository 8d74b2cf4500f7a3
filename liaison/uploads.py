"""Uploaded images checked by their content and re-encoded: shared by deputies' photos and case photos.

The file's name and the browser's content type are never trusted; Pillow decides what it is.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
DEFAULT_MAX_PIXELS = 40_000_000

# ValidationError codes raised by reencode_image; callers map them to their own wording.
TOO_LARGE, TOO_MANY_PIXELS, NOT_AN_IMAGE = "too_large", "too_many_pixels", "not_an_image"


def reencode_image(upload, *, max_bytes: int, max_side: int, max_pixels: int = DEFAULT_MAX_PIXELS) -> bytes:
    """Check an uploaded image and return it as a plain JPEG (bytes).

    1. refuse more than `max_bytes` before reading it;
    2. let Pillow identify it, only as JPEG, PNG or WebP (SVG, GIF, PDF, text… are refused);
    3. refuse more than `max_pixels` from the header, before decoding (decompression bombs);
    4. decode, turn upright, paste into a new image (so no EXIF, GPS, XMP or ICC data, nor anything
       appended to the file, comes along), shrink to `max_side` and save as JPEG.
    Raises ValidationError with code TOO_LARGE, TOO_MANY_PIXELS or NOT_AN_IMAGE.
    """
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError("too large", code=TOO_LARGE)
    upload.seek(0)
    try:
        with Image.open(upload, formats=IMAGE_FORMATS) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError("too many pixels", code=TOO_MANY_PIXELS)
            image.load()
            upright = ImageOps.exif_transpose(image)
            clean = Image.new("RGB", upright.size, "white")
            rgba = upright.convert("RGBA")
            clean.paste(rgba, mask=rgba.getchannel("A"))
    except Image.DecompressionBombError as exc:
        raise ValidationError("too many pixels", code=TOO_MANY_PIXELS) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError("not an image", code=NOT_AN_IMAGE) from exc
    clean.thumbnail((max_side, max_side))
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
