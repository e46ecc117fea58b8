"""Text for reportlab's Paragraph, which reads its text as markup (<img>, <a href>, <font>): one helper escapes it.

Every value put into a Paragraph in any PDF goes through `paragraph_text`, so a name such as
`<img src="/etc/passwd">` is printed as written, never embedded, linked or parsed.
"""

from __future__ import annotations

from xml.sax.saxutils import escape


def paragraph_text(text: str) -> str:
    """A plain value as Paragraph markup that shows it as written: &, < and > escaped, line breaks kept."""
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br/>")
