"""What an uploaded file really is, judged from its bytes (never from its name or the browser's type)."""

from __future__ import annotations

import io

JPEG = "image/jpeg"
PNG = "image/png"
PDF = "application/pdf"


def sniff_attachment(content: bytes) -> str | None:
    """The content type of a JPEG, PNG or PDF file, or None for anything else (HTML, SVG, scripts, ...).

    The magic bytes decide; images must also decode (Pillow), so a file that only starts like a JPEG is refused.
    """
    if content.startswith(b"%PDF-"):
        return PDF if b"%%EOF" in content[-2048:] else None
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG if _decodes(content, "JPEG") else None
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG if _decodes(content, "PNG") else None
    return None


def _decodes(content: bytes, fmt: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format != fmt:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True
