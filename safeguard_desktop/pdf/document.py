"""The shared frame of every PDF the app writes: A4, marked, numbered, with safe text.

Everything a user typed goes through `text()`, which escapes it before reportlab's
paragraph parser sees it, so a name such as ``<b>O'Brien & Sons</b>`` prints as written.
The PDF is built in memory; callers decide where the bytes go.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape  # nosec B406 - escaping only, nothing is parsed

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from safeguard_desktop.assets import resource
from safeguard_desktop.domain.ukdates import format_datetime, utc_now

__all__ = ["MARKING", "PageFrame", "Styles", "build_pdf", "styles", "text"]

MARKING = "OFFICIAL-SENSITIVE"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
MARGIN = 18 * mm


def _register_fonts() -> None:
    # A font with wide Unicode cover: names such as Łukasz or Nguyễn must print, not box.
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def text(value: str) -> str:
    """Escape what a user typed for a reportlab Paragraph, keeping its line breaks."""
    return escape(value).replace("\n", "<br/>")


@dataclass(frozen=True)
class Styles:
    """The paragraph styles PDFs share."""

    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


def styles() -> Styles:
    """The shared paragraph styles, in the app's font."""
    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=4),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=3
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#333333")),
        cell=ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        cell_bold=ParagraphStyle("cell_bold", parent=body, fontName=FONT_BOLD, fontSize=8, leading=10),
    )


def para(value: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user text, escaped."""
    return Paragraph(text(value), style)


@dataclass(frozen=True)
class PageFrame:
    """What every page carries: the marking, a heading line, and page x of y."""

    heading: str
    subheading: str = ""
    demo: bool = False
    generated_by: str = ""
    # Empty for documents that hold no personal data (the threshold guide).
    marking: str = MARKING
    # A line at the foot of every page, e.g. the source a printed guide summarises.
    footnote: str = ""


class _NumberedCanvas(Canvas):
    """A canvas that knows the page count, so every footer can say "Page 2 of 7"."""

    frame: PageFrame
    page_size: tuple[float, float] = A4

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._pages: list[dict[str, object]] = []

    def showPage(self) -> None:  # reportlab calls it by this name
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab internals, the documented recipe

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._furniture(total)
            super().showPage()
        super().save()

    def _furniture(self, total: int) -> None:
        width, height = self.page_size
        frame = self.frame
        self.saveState()
        self.setFont(FONT_BOLD, 9)
        if frame.marking:
            self.drawCentredString(width / 2, height - 10 * mm, frame.marking)
            self.drawCentredString(width / 2, 8 * mm, frame.marking)
        if frame.footnote:
            # A long line is set smaller rather than run off the page.
            room = width - 2 * MARGIN
            self.setFont(FONT, min(7.5, 7.5 * room / pdfmetrics.stringWidth(frame.footnote, FONT, 7.5)))
            self.drawString(MARGIN, 4.5 * mm if frame.marking else 8 * mm, frame.footnote)
        self.setFont(FONT_BOLD, 9)
        self.drawString(MARGIN, height - 15 * mm, frame.heading)
        self.setFont(FONT, 8)
        if frame.subheading:
            self.drawRightString(width - MARGIN, height - 15 * mm, frame.subheading)
        self.setStrokeColor(colors.HexColor("#666666"))
        self.line(MARGIN, height - 16.5 * mm, width - MARGIN, height - 16.5 * mm)
        footer = f"Printed {format_datetime(utc_now())}"
        if frame.generated_by:
            footer += f" by {frame.generated_by}"
        self.drawString(MARGIN, 13 * mm, footer)
        self.drawRightString(width - MARGIN, 13 * mm, f"Page {self.getPageNumber()} of {total}")
        if frame.demo:
            # Made-up records must never pass for real ones, on any page.
            self.setFont(FONT_BOLD, 40)
            self.setFillColor(colors.Color(0.5, 0.5, 0.5, alpha=0.25))
            self.translate(width / 2, height / 2)
            self.rotate(45)
            self.drawCentredString(0, 0, "DEMO — MADE-UP RECORDS")
        self.restoreState()


def build_pdf(frame: PageFrame, story: Sequence[Flowable], *, title: str, pagesize: tuple[float, float] = A4) -> bytes:
    """Lay out `story` on A4 pages (portrait unless `pagesize` says) with the shared furniture; return the bytes."""
    _register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=22 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="safeguard-desktop",
        subject=frame.marking or title,
        # Fixed so that two exports of the same content differ only where they must.
        invariant=1,
    )

    def canvas_maker(*args: object, **kwargs: object) -> _NumberedCanvas:
        canvas = _NumberedCanvas(*args, **kwargs)
        canvas.frame = frame
        canvas.page_size = pagesize
        return canvas

    doc.build(list(story), canvasmaker=canvas_maker)
    return buffer.getvalue()
