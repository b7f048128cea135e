"""The report's document class: page layout, running header, page numbers, text helpers.

All text written through fpdf2 passes :meth:`ReportDocument.normalize_text`,
which replaces characters the embedded font lacks by a visible box; user text is
only ever written with ``cell``/``multi_cell`` (never ``write_html`` or
markdown), so anything that looks like markup stays literal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import ClassVar

from fpdf import FPDF

from cxmaturity.report.fonts import FAMILY, add_fonts, safe_text
from cxmaturity.report.textflow import break_lines, put_line, text_width, write_block

#: Text colours (RGB) used across the report.
INK = (33, 37, 41)
# Grey text dark enough to print (about 7:1 against white); the old (108, 117, 125) faded on paper.
MUTED = (78, 84, 90)
RULE = (206, 212, 218)
ACCENT = (31, 78, 121)
PAPER_TINT = (244, 246, 248)

MARGIN = 16.0
LINE = 5.0  # line height of body text at 10 pt, in mm


class ReportDocument(FPDF):
    """An A4 portrait document with the report's header, footer and text helpers."""

    #: When a list (the label test sets one), every label that is cut or overflows its box is
    #: added as (text, box width, text width): the test fails on any, in every language.
    label_log: ClassVar[list[tuple[str, float, float]] | None] = None

    def __init__(self, organisation: str, date_text: str, header_label: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.organisation = organisation
        self.date_text = date_text
        self.header_label = header_label
        self._header_texts: tuple[str, float, float] | None = None
        self._footer_label: str | None = None
        add_fonts(self)
        self.set_margins(MARGIN, 20, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_font(FAMILY, "", 10)
        self.set_text_color(*INK)
        self.c_margin = 1.0

    # fpdf2 hooks -------------------------------------------------------------

    def normalize_text(self, text: str) -> str:
        """Replace characters the font cannot draw before fpdf2 sees them (see :func:`safe_text`)."""
        return super().normalize_text(safe_text(text))

    def header(self) -> None:
        """Running header on every page but the cover: organisation left, date right."""
        if self.page_no() == 1:
            return
        with self.local_context():
            self.set_font(FAMILY, "", 8)
            self.set_text_color(*MUTED)
            if self._header_texts is None:  # measured once, not on every page
                date_w = self.get_string_width(self.date_text) + 2
                left_w = self.epw - date_w - 4
                self._header_texts = (self.truncate(self.organisation, left_w - 2), date_w, left_w)
            organisation, date_w, left_w = self._header_texts
            put_line(self, self.l_margin, 9, left_w, 4, organisation)
            put_line(self, self.w - self.r_margin - date_w, 9, date_w, 4, self.date_text, "R")
            self.set_draw_color(*RULE)
            self.set_line_width(0.2)
            self.line(self.l_margin, 14, self.w - self.r_margin, 14)
        self.set_y(20)

    def footer(self) -> None:
        """Page number as ``3 / 12`` and the report's label, except on the cover."""
        if self.page_no() == 1:
            return
        with self.local_context():
            self.set_font(FAMILY, "", 8)
            self.set_text_color(*MUTED)
            if self._footer_label is None:
                self._footer_label = self.truncate(self.header_label, self.epw / 2 - 4)
            put_line(self, self.l_margin, self.h - 12, self.epw / 2, 4, self._footer_label)
            self.set_xy(self.l_margin + self.epw / 2, self.h - 12)
            # a cell, not put_line: fpdf2 replaces the {nb} alias in what cells write
            self.cell(self.epw / 2, 4, f"{self.page_no()} / {{nb}}", align="R")

    # text helpers ------------------------------------------------------------

    @contextmanager
    def style(self) -> Iterator[None]:
        """Restore font and colours afterwards, without a PDF graphics-state save.

        fpdf2's ``local_context`` writes ``q`` ... ``Q``, which must not span a
        page break; text that may flow onto the next page uses this instead.
        """
        saved = (self.font_family, self.font_style, self.font_size_pt)
        text_color, fill_color, draw_color = self.text_color, self.fill_color, self.draw_color
        try:
            yield
        finally:
            self.set_font(saved[0], saved[1], saved[2])
            self.text_color = text_color
            if fill_color is not None:
                self.set_fill_color(fill_color)
            if draw_color is not None:
                self.set_draw_color(draw_color)

    def truncate(self, text: str, width: float) -> str:
        """``text`` on one line, cut with an ellipsis so that it fits ``width`` at the current font."""
        text = safe_text(text).replace("\n", " ")
        if text_width(self, text) <= width:
            return text
        if self.label_log is not None:
            self.label_log.append((text, width, text_width(self, text)))
        low, high = 0, len(text)
        while low < high:  # longest prefix that fits, by bisection
            mid = (low + high + 1) // 2
            if text_width(self, text[:mid].rstrip() + "…") <= width:
                low = mid
            else:
                high = mid - 1
        return text[:low].rstrip() + "…"

    def row(self, widths: Sequence[float], values: Sequence[str], aligns: Sequence[str], height: float) -> None:
        """One table row at the current y, each value cut to its column; moves y down (breaks pages)."""
        if self.y + height > self.page_break_trigger:
            self.add_page()
        x = self.l_margin
        for width, value, align in zip(widths, values, aligns, strict=True):
            if value:
                put_line(self, x, self.y, width, height, self.truncate(value, width - 2 * self.c_margin), align)
            x += width
        self.set_y(self.y + height)

    def wrap_lines(self, text: str, width: float, max_lines: int | None = None) -> list[str]:
        """Split ``text`` into lines that fit ``width``; the last allowed line ends with ``…`` if cut."""
        lines = break_lines(self, text, width)
        if max_lines is not None and len(lines) > max_lines:
            if self.label_log is not None:
                self.label_log.append((text, width, float(len(lines))))
            rest = " ".join(lines[max_lines - 1 :])
            lines = [*lines[: max_lines - 1], self.truncate(rest + " …", width - 2 * self.c_margin)]
        return lines

    def fit_label(
        self, text: str, width: float, size: float, min_size: float = 6.0, max_lines: int = 2, style: str = ""
    ) -> tuple[float, list[str]]:
        """Largest font size (down to ``min_size``) at which ``text`` fits ``width`` in ``max_lines``.

        Measured in ``style`` ("" or "B"), which is left set at the returned size,
        so the caller draws with exactly the font that was measured.
        """
        current = size
        while True:
            self.set_font(FAMILY, style, current)
            lines = self.wrap_lines(text, width)
            # a size at which some word must be cut in two is not a fit either
            words_fit = all(text_width(self, word) <= width - 2 * self.c_margin for word in safe_text(text).split())
            if (len(lines) <= max_lines and words_fit) or current <= min_size:
                if not words_fit and self.label_log is not None:
                    self.label_log.append((text, width, current))  # a word split in two
                if len(lines) > max_lines:
                    lines = self.wrap_lines(text, width, max_lines)
                return current, lines
            current = max(min_size, current - 0.5)

    def text_lines_at(
        self, x: float, y: float, width: float, lines: Sequence[str], line_h: float, align: str = "L"
    ) -> None:
        """Write pre-wrapped ``lines`` starting at (x, y) without triggering a page break."""
        for index, line in enumerate(lines):
            put_line(self, x, y + index * line_h, width, line_h, line, align)

    def heading(self, text: str, level: int = 0) -> None:
        """A section heading: level 0 large, level 1 medium, level 2 small; kept with what follows."""
        size = (16.0, 12.5, 10.5)[min(level, 2)]
        self.ensure_space(size * 0.5 + 20)
        with self.style():
            self.set_font(FAMILY, "B", size)
            self.set_text_color(*(ACCENT if level < 2 else INK))
            write_block(self, text, self.l_margin, self.epw, size * 0.5)
        self.ln(2 if level else 3)

    def section(self, title: str, level: int = 0, new_page: bool = True) -> None:
        """Start an outlined section (a bookmark) and write its heading."""
        if new_page:
            self.add_page()
        else:
            self.ensure_space(30)
        self.start_section(safe_text(title).replace("\n", " "), level=level)
        self.heading(title, level)

    def paragraph(self, text: str, size: float = 10, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        """Body text wrapped to the page width (wraps across pages when long)."""
        with self.style():
            self.set_font(FAMILY, "B" if bold else "", size)
            self.set_text_color(*colour)
            write_block(self, text, self.l_margin, self.epw, size * 0.5)
        self.ln(1.5)

    def key_values(self, rows: Sequence[tuple[str, str]], key_width: float = 55, size: float = 9.5) -> None:
        """A two-column list of labels and values; values wrap, labels are bold."""
        line_h = size * 0.5
        for key, value in rows:
            with self.style():
                self.set_font(FAMILY, "", size)
                value_lines = self.wrap_lines(value, self.epw - key_width - 2)
                self.ensure_space(line_h * min(len(value_lines), 4))
                top = self.y
                self.set_font(FAMILY, "B", size)
                key_lines = self.wrap_lines(key, key_width - 2)
                self.text_lines_at(self.l_margin, top, key_width - 2, key_lines, line_h)
                self.set_font(FAMILY, "", size)
                self.set_y(top)
                page = self.page
                write_block(self, value, self.l_margin + key_width, self.epw - key_width, line_h)
                # a value that flowed onto a new page ends where it ends; else below the longer side
                bottom = self.y if self.page != page else max(self.y, top + line_h * len(key_lines))
                self.set_y(bottom + 0.8)

    def block(
        self, text: str, size: float, indent: float = 0.0, bold: bool = False, line_h: float | None = None
    ) -> None:
        """Wrapped text at the current font colour, indented from the left margin (breaks pages)."""
        self.set_font(FAMILY, "B" if bold else "", size)
        write_block(self, text, self.l_margin + indent, self.epw - indent, line_h or size * 0.48)

    def data_table(
        self,
        columns: Sequence[tuple[str, float, str]],
        rows: Sequence[Sequence[str]],
        size: float = 9.0,
        max_lines: int = 3,
    ) -> None:
        """A table of (heading, width, align) columns; cells wrap up to ``max_lines`` lines.

        Rows never split across pages; the heading row is repeated on a new page.
        """
        line_h = size * 0.48
        widths = [width for _, width, _ in columns]
        aligns = [align for _, _, align in columns]
        with self.style():
            # headings shrink (never below 6 pt) rather than break a word
            heads = [self.fit_label(head, width, size - 0.5, 6.0, 2, "B") for head, width, _ in columns]
            head_h = max(len(lines) for _, lines in heads) * line_h + 1.5

            def heading() -> None:
                self.set_text_color(*MUTED)
                x = self.l_margin
                for (head_size, lines), width, align in zip(heads, widths, aligns, strict=True):
                    self.set_font(FAMILY, "B", head_size)
                    self.text_lines_at(x, self.y + head_h - 0.5 - line_h * len(lines), width, lines, line_h, align)
                    x += width
                self.set_y(self.y + head_h)
                self.set_draw_color(*RULE)
                self.set_line_width(0.2)
                self.line(self.l_margin, self.y, self.l_margin + sum(widths), self.y)
                self.set_y(self.y + 0.6)
                self.set_text_color(*INK)
                self.set_font(FAMILY, "", size)

            self.ensure_space(head_h + line_h * 2 + 2)
            heading()
            for row in rows:
                cells = [self.wrap_lines(value, width, max_lines) for value, width in zip(row, widths, strict=True)]
                height = max(len(lines) for lines in cells) * line_h + 1.4
                if self.y + height > self.page_break_trigger:
                    self.add_page()
                    heading()
                x = self.l_margin
                for lines, width, align in zip(cells, widths, aligns, strict=True):
                    self.text_lines_at(x, self.y + 0.7, width, lines, line_h, align)
                    x += width
                self.set_y(self.y + height)
        self.ln(2)

    def ensure_space(self, height: float) -> None:
        """Start a new page unless ``height`` mm fit above the bottom margin."""
        if self.y + height > self.page_break_trigger:
            self.add_page()

    def rule(self, gap: float = 2.0) -> None:
        """A thin horizontal line across the text width."""
        with self.local_context():
            self.set_draw_color(*RULE)
            self.set_line_width(0.2)
            self.line(self.l_margin, self.y + gap / 2, self.w - self.r_margin, self.y + gap / 2)
        self.set_y(self.y + gap)
