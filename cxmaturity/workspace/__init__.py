"""Workspace wing: the consultant's work on top of storage.

Evidence and its sources, the perception gap between groups, waves and the trend, respondents'
links, survey-tool imports with a column mapping, result exports and JSON backups.
"""
