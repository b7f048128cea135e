"""Branding: the consultancy's name and logo on the report's cover and in the app (white-labelling)."""

import streamlit as st

from cxmaturity.ui import branding_view as view
from cxmaturity.ui.context import enter_page, t

enter_page(__file__)

st.title(t("deliverable.branding.title"))
st.caption(t("deliverable.branding.intro"))
view.render()
