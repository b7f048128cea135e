"""The consultancy's logo: a PNG or JPEG, checked to be a real image before it is stored or drawn.

The bytes are checked in this order, each step cheap before the next: the size, the signature
(PNG or JPEG magic bytes, never the file name), the dimensions from the header (refusing a
decompression bomb), then a full decode by Pillow. Anything else (SVG, GIF, a renamed text
file, a truncated image) is refused with a message naming the file and what to do.
"""

from __future__ import annotations

import io

from cxmaturity.files.errors import KeyedValueError
from cxmaturity.files.limits import MAX_LOGO_BYTES, MAX_LOGO_PIXELS

#: The image types a logo may have, by their signature.
LOGO_TYPES: dict[bytes, str] = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def logo_type(data: bytes, name: str = "logo") -> str:
    """The MIME type of a valid logo (``image/png`` or ``image/jpeg``); raises :class:`KeyedValueError` otherwise.

    ``name`` (the uploaded file's name) is only used in the messages.
    """
    if not data:
        raise KeyedValueError(
            f"{name}: the file is empty. Choose a PNG or JPEG image.", "deliverable.logo.empty", name=name
        )
    if len(data) > MAX_LOGO_BYTES:
        raise KeyedValueError(
            f"{name}: the logo is larger than {MAX_LOGO_BYTES // (1024 * 1024)} MB. Save it smaller.",
            "deliverable.logo.too_big",
            name=name,
            mb=MAX_LOGO_BYTES // (1024 * 1024),
        )
    kind = next((mime for magic, mime in LOGO_TYPES.items() if data.startswith(magic)), None)
    if kind is None:
        raise KeyedValueError(
            f"{name}: this is not a PNG or JPEG image. Export the logo as PNG or JPEG and upload it again.",
            "deliverable.logo.not_image",
            name=name,
        )
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_LOGO_PIXELS:
                raise KeyedValueError(
                    f"{name}: {width} x {height} pixels is more than {MAX_LOGO_PIXELS:,}",
                    "deliverable.logo.too_many_pixels",
                    name=name,
                    width=width,
                    height=height,
                )
            image.load()  # decodes every pixel: a truncated or corrupt file fails here
    except KeyedValueError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise KeyedValueError(
            f"{name}: the image cannot be read ({error})", "deliverable.logo.not_image", name=name
        ) from error
    return kind
