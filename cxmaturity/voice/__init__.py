"""The customer's voice: NPS, CSAT/CSI, CES and CLI with confidence intervals, by segment.

Pure Python over the core (no streamlit, plotly, fpdf or database): ``intervals`` holds the
statistics, ``responses`` reads answer files into one row per respondent, ``metrics`` turns
them into figures, overall and per segment, and ``differences`` compares two segments or waves.
"""
