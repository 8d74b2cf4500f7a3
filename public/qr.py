"""QR codes for the printed posters: drawn on the server as inline SVG (segno), no JavaScript, no service."""

from __future__ import annotations

import segno

# Medium error correction survives a creased or slightly dirty poster; the 4-module quiet zone is the
# standard's minimum for phone cameras to find the code.
ERROR_LEVEL = "m"
BORDER = 4


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def qr_svg(url: str, *, scale: int = 8) -> str:
    """An <svg> element (no XML declaration, no style attribute: the CSP forbids inline styles)."""
    return qr_code(url).svg_inline(
        scale=scale, border=BORDER, omitsize=True, svgclass="qr-code", lineclass="qr-line", title=url, dark="#000"
    )
