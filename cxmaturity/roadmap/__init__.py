"""Roadmap wing: the recommendation library, the five-step engine and the consultant's plan.

``recommendations`` loads and checks a library file, ``engine`` builds a
:class:`~cxmaturity.roadmap.model.Roadmap` from a ScoreCard, and ``plan`` merges it with the
consultant's progress into rows and their CSV/XLSX exports.
"""
