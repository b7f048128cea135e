"""Journey maps, expert ratings of touchpoints, and the service-model KPI table.

Pure Python on top of storage: no streamlit, plotly or fpdf. See docs/journey.md.
"""
