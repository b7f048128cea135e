"""Command line wing: ``python -m cxmaturity ...`` (see :mod:`cxmaturity.cli.main`)."""
