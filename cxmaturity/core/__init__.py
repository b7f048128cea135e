"""Core wing: the scoring contract.

Questionnaire files become a :class:`~cxmaturity.core.model.Questionnaire`, answer files an
:class:`~cxmaturity.core.model.AnswerSet`, and scoring turns both into a
:class:`~cxmaturity.core.model.ScoreCard`; readings put a card into words. Pure Python and
pydantic: no streamlit, plotly, fpdf or database (the import contract in pyproject.toml holds it).
"""
