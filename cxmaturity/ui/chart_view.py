"""Charts put into the page as SVG drawn on the server (no plotly.js in the browser).

One plotly chart made a page load 4.7 MB of plotly.js and measure its text before it was drawn:
about 2 s more per page opened by its address. The figures are still built by the charts wing;
:func:`cxmaturity.charts.svg_figure.figure_svg` draws them as SVG, and this module puts the SVG
into the page. The markup is built here and in the charts wing only, and every text in it is escaped.

Not with ``st.markdown``, though it keeps SVG: its renderer loads a 184 KB HTML parser (rehype-raw)
and parses each drawing in JavaScript, about 0.3 s more per page opened by its address (measured:
five charts, a bare page 1.58 s, in markdown 1.93 s, as below 1.60 s). Each chart is one ``st.html``
with an empty box and a line of script that puts the markup into it: the browser's own parser reads
it. ``st.html`` sanitises what it is given and would drop an ``<svg>``, so the markup travels as a
JSON string inside the script, every ``<`` written ``\\u003c``: no tag, and nothing that could end the
script early.

Streamlit does not tell the server how wide the screen is, so each chart is sent twice: drawn for
its column on a wide screen and drawn 358 px wide for a phone; CSS shows the one that fits (below
640 px, where Streamlit's columns stack).
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict

import streamlit as st

from cxmaturity.charts.svg_canvas import escape
from cxmaturity.charts.svg_figure import figure_svg

#: Design widths in pixels: a full-width chart and a half-width column at 1366 px, and a phone's column.
FULL = 900
HALF = 430
PHONE = 358
# Which drawing a screen shows: sent inside each chart's own markup, so it is in force the moment the
# chart is drawn (a separate st.html arrives later, and a phone would see both drawings meanwhile).
# 640 px is Streamlit's own break point, where the sidebar folds away and columns stack.
_STYLE = (
    "<style>.cxm-chart-phone{display:none}"
    "@media (max-width:640px){.cxm-chart-wide{display:none}.cxm-chart-phone{display:block}}"
    ".cxm-chart-note{font-size:0.875rem;color:rgba(49,51,63,0.6);margin:0.25rem 0 0 0}</style>"
)
# Figures are cached by their callers, so the same object comes back on a rerun: its SVG is kept
# beside it (the figure is held too, so its id cannot be reused by another while it is here).
_DRAWN: OrderedDict[tuple[int, int], tuple[object, str]] = OrderedDict()
_LOCK = threading.Lock()
_KEPT = 64


def chart_svg(figure: object, width: int) -> str:
    """The figure's SVG at ``width``, drawn once per figure object and width."""
    key = (id(figure), width)
    with _LOCK:
        found = _DRAWN.get(key)
        if found is not None and found[0] is figure:
            _DRAWN.move_to_end(key)
            return found[1]
    svg = figure_svg(figure, width)
    with _LOCK:
        _DRAWN[key] = (figure, svg)
        while len(_DRAWN) > _KEPT:
            _DRAWN.popitem(last=False)
    return svg


def _inline(svg: str) -> str:
    """An SVG for an HTML page: without its namespace URL (an ``<svg>`` in HTML is in the SVG namespace
    without it, and the drawing is sent twice per chart)."""
    return re.sub(' xmlns="[^"]*"', "", svg, count=1)


def chart_markup(figure: object, key: str, phone: object | None = None, width: int = FULL, phone_note: str = "") -> str:
    """The HTML of a chart: its wide drawing and its phone drawing (``phone``, else the same figure 358 px wide).

    ``phone_note`` is a line of text under the phone drawing only (shown as text).
    """
    name = escape(key, quote=True)
    wide = f'<div class="cxm-chart-wide" data-chart="{name}">{_inline(chart_svg(figure, width))}</div>'
    small = _inline(chart_svg(phone if phone is not None else figure, PHONE))
    note = f'<p class="cxm-chart-note">{escape(phone_note)}</p>' if phone_note else ""
    return f'{_STYLE}{wide}<div class="cxm-chart-phone" data-chart="{name}.phone">{small}{note}</div>'


def chart_html(markup: str) -> str:
    """The body of the ``st.html`` that shows ``markup``: an empty box, and a script that fills it."""
    # ensure_ascii (json's default) also writes U+2028/U+2029 as escapes; "<" as \u003c leaves no tag.
    text = json.dumps(markup).replace("<", "\\u003c")
    return f'<div class="cxm-chart-box"></div><script>document.currentScript.previousElementSibling.innerHTML={text}</script>'


def show_chart(figure: object, key: str, phone: object | None = None, width: int = FULL, phone_note: str = "") -> None:
    """Put a chart into the page: drawn ``width`` px wide for wide screens and 358 px wide for phones.

    ``phone``: a figure made for a phone (the radars name their spokes by codes there, explained by
    ``phone_note``); by default the same figure is drawn narrower. ``key`` names the chart in the
    page (``data-chart``).
    """
    # The script is ours and carries no user text as code: the markup is a JSON string (see above),
    # and every text in the markup is escaped (svg_canvas).
    st.html(chart_html(chart_markup(figure, key, phone, width, phone_note)), unsafe_allow_javascript=True)
