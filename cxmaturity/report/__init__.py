"""The PDF report: a consultant-grade document in en/ru/uk with vector charts (fpdf2).

``build_report`` is the single entry point, used by the app's download button
and by ``python -m cxmaturity report``. Nothing here imports streamlit or plotly.
"""

from cxmaturity.report.builder import build_report

__all__ = ["build_report"]
