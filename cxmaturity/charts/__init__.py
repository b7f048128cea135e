"""Charts wing: plotly figures for the screen, built from plain specs, and the one palette.

``palette`` is pure data (the PDF report uses it too); the chart modules import plotly, so the
core never imports this wing.
"""
