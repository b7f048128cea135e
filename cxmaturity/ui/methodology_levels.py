"""The Methodology page's levels of the pyramid: each title, its subtitle where the title alone
misleads (Commitment is the company's commitment, not the customer's loyalty), and what it means."""

from __future__ import annotations

import streamlit as st

from cxmaturity.ui.context import builtin_questionnaires, t
from cxmaturity.ui.shell import plain

#: The questionnaire whose levels the page describes: the shipped pyramid.
PYRAMID = "cx-pyramid"


def pyramid_levels(language: str) -> None:
    """The five levels from the base up, as the shipped questionnaire names and describes them."""
    entries, _errors = builtin_questionnaires()
    found = next((entry.questionnaire for entry in entries if entry.id == PYRAMID), None)
    if found is None:  # a broken install: the page still shows the scoring rules above
        return
    st.subheader(t("content_q.methodology.levels"))
    for number, level in enumerate(found.levels, start=1):
        description = f"  \n{plain(level.description.get(language))}" if level.description is not None else ""
        st.markdown(f"**{number}. {plain(level.heading(language))}**{description}")
