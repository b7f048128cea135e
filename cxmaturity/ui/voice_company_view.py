"""Company vs customers on the Customer voice page: the pyramid as the company sees it and as customers see it.

The company's side is another assessment of the same organisation, answered by its own people
(a questionnaire without customer metrics). Both are compared only on the levels the two
questionnaires share, each on the 0..100 scale, and the page says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from cxmaturity.charts.voice_charts import company_vs_customers_figure
from cxmaturity.core.readings import format_score
from cxmaturity.ui import chart_view
from cxmaturity.ui.context import get_store, questionnaire_of, results_of, t
from cxmaturity.ui.shell import plain
from cxmaturity.voice.company import compared_level_scores, share_at_threshold, shared_comparison
from cxmaturity.voice.readings import display_value
from cxmaturity.workspace.voice_data import asks_metrics

if TYPE_CHECKING:
    from cxmaturity.storage import AssessmentRecord

COMPANY_KEY = "voice.company"
GROUP_KEY = "voice.company_group"
EVERYONE = "~everyone"


def company_vs_customers(record: AssessmentRecord, language: str) -> None:
    """Pick the company's assessment; then the two pyramids, level by level, and the seed's sentences."""
    st.subheader(t("voice_ui.company.heading"))
    store = get_store()
    insiders = [
        other
        for other in store.list_assessments(record.organisation_id)
        if other.id != record.id and not asks_metrics(questionnaire_of(other))
    ]
    if not insiders:
        st.caption(t("voice_ui.company.none"))
        return
    by_id = {other.id: other for other in insiders}
    chosen = st.selectbox(
        t("voice_ui.company.pick"), list(by_id), format_func=lambda i: by_id[i].title, key=COMPANY_KEY
    )
    company_record = by_id[chosen]
    company, customers = results_of(company_record), results_of(record)
    compared = shared_comparison(company.questionnaire, customers.questionnaire)
    matched = compared.levels
    if not matched:
        st.info(t("content_q.company.no_shared"), icon=":material/info:")
        return
    st.caption(t("content_q.company.shared", n=len(compared.questions), levels=len(matched)))
    if compared.left_out:
        st.caption(t("content_q.company.left_out", n=len(compared.left_out)))
    titles = [company.questionnaire.level(level_id).title.get(language) for level_id in matched]
    company_scores = compared_level_scores(compared.company, company.answers, matched)
    customer_scores = compared_level_scores(compared.customers, customers.answers, matched)
    names = (t("voice_ui.company.company"), t("voice_ui.company.customers"))
    figure = company_vs_customers_figure(
        titles, company_scores, customer_scores, names, t("voice_ui.company.chart_title"), language
    )
    chart_view.show_chart(figure, "voice-company-chart")
    groups = [name for name in company.card.groups]  # only groups at or above the anonymity threshold
    group = st.selectbox(
        t("voice_ui.company.group"),
        [EVERYONE, *groups],
        format_func=lambda g: t("voice_ui.company.everyone") if g == EVERYONE else g,
        key=GROUP_KEY,
    )
    threshold = company.questionnaire.threshold
    who = t("voice_ui.company.everyone_lower") if group == EVERYONE else group
    for level_id, title, company_score, customer_score in zip(
        matched, titles, company_scores, customer_scores, strict=True
    ):
        inside = share_at_threshold(
            compared.company, company.answers, level_id, threshold, None if group == EVERYONE else group
        )
        outside = share_at_threshold(compared.customers, customers.answers, level_id, threshold)
        if inside.share is None or outside.share is None:
            st.markdown(f"**{plain(title)}**: {t('voice.not_enough_answers')}")
            continue
        sentence = t(
            "voice_ui.company.sentence",
            inside=display_value("csat", inside.share, language),
            who=plain(who),
            level=plain(title),
            threshold=format_score(threshold, language),
            outside=display_value("csat", outside.share, language),
        )
        scores = t(
            "voice_ui.company.scores",
            company=format_score(company_score, language),
            customers=format_score(customer_score, language),
            n_inside=inside.n,
            n_outside=outside.n,
        )
        st.markdown(f"{sentence}  \n:gray[{scores}]")
