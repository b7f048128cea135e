"""How the app looks beyond the theme of .streamlit/config.toml: the charts' toolbars.

Plotly's mode bar is hidden on touch screens, where its icons cover the chart and a tap on them
does nothing useful, and reduced elsewhere to the download of the picture (the charts have fixed
axes, so zooming and panning are off already; the hover-mode and spike buttons and the plotly logo
are noise). One style sheet covers every chart of every page, so no page has to remember it.
"""

from __future__ import annotations

import streamlit as st

# Plotly marks its buttons with data-attr; the logo has its own class. (hover: none) and
# (pointer: coarse) match phones and tablets, not a laptop with a touch screen and a mouse.
CHART_TOOLBAR_CSS = """<style>
.js-plotly-plot .modebar-btn[data-attr="hovermode"],
.js-plotly-plot .modebar-btn[data-attr="_cartesianSpikesEnabled"],
.js-plotly-plot .modebar-btn--logo { display: none !important; }
@media (hover: none) and (pointer: coarse) {
  .js-plotly-plot .modebar-container { display: none !important; }
}
</style>"""


def apply_look() -> None:
    """Add the chart toolbar rules to the page (a style sheet only: it takes no room on the page)."""
    st.html(CHART_TOOLBAR_CSS)
