"""What every PDF of Tomoni shares: the Japanese fonts, the page, the two text styles, and escaped text.

reportlab's Paragraph reads its text as markup (<img>, <a href>, <font>). Every value put into a Paragraph in
any PDF goes through `paragraph_text`, so a name such as `<img src="/etc/passwd">` is printed as written, never
embedded, linked or parsed. The fonts are reportlab's built-in Japanese CID fonts (no font file to ship).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import SimpleDocTemplate

GOTHIC = "HeiseiKakuGo-W5"
MINCHO = "HeiseiMin-W3"


def paragraph_text(text: str) -> str:
    """A plain value as Paragraph markup that shows it as written: &, < and > escaped, line breaks kept."""
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br/>")


def japanese_fonts() -> None:
    """Register the Gothic (headings) and Mincho (text) fonts once per process."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name in (GOTHIC, MINCHO):
        if name not in registered:
            pdfmetrics.registerFont(UnicodeCIDFont(name))


def a4_document(
    buffer: io.BytesIO, *, title: str, author: str, wide: bool = False, margin_mm: float = 15
) -> SimpleDocTemplate:
    """An A4 page (turned sideways when `wide`, for tables of many columns), the fonts registered."""
    japanese_fonts()
    return SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4) if wide else A4,
        leftMargin=margin_mm * mm,
        rightMargin=margin_mm * mm,
        topMargin=margin_mm * mm,
        bottomMargin=margin_mm * mm,
        title=title,
        author=author,
    )


def heading_style(size: float = 16, leading: float = 22, space_after: float = 6) -> ParagraphStyle:
    return ParagraphStyle("heading", fontName=GOTHIC, fontSize=size, leading=leading, spaceAfter=space_after)


def body_style(size: float = 10, leading: float = 15) -> ParagraphStyle:
    return ParagraphStyle("body", fontName=MINCHO, fontSize=size, leading=leading)
