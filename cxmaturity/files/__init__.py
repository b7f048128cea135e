"""Files wing: reading users' files safely and naming the place of every problem in them.

The bottom of the house: located errors (``FILE:LINE: field: message``) and the safe YAML
reader that keeps line numbers. Imports nothing else of cxmaturity.
"""
