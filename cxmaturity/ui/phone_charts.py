"""A chart drawn twice, one for wide screens and one for phones, each shown only where it fits.

Streamlit does not tell the server how wide the screen is, so both are sent and CSS shows one:
below 640 px (a phone, where Streamlit's columns stack) the phone drawing, above it the wide one.
Used for the radars, whose long spoke names leave only 170 px of radar on a 390 px screen.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

_STYLE = """<style>
div[class*="-phone-only"] { display: none; }
@media (max-width: 640px) {
  div[class*="-wide-only"] { display: none; }
  div[class*="-phone-only"] { display: flex; }
}
</style>"""


def wide_and_phone(key: str, wide: Callable[[], None], phone: Callable[[], None]) -> None:
    """Draw ``wide`` and ``phone`` in two containers keyed from ``key``; CSS shows the one that fits."""
    st.html(_STYLE)
    with st.container(key=f"{key}-wide-only"):
        wide()
    with st.container(key=f"{key}-phone-only"):
        phone()
