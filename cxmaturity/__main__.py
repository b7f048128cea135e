"""``python -m cxmaturity``: see :mod:`cxmaturity.cli.main`."""

import os
import sys

from cxmaturity.cli.main import main

try:
    sys.exit(main())
except BrokenPipeError:  # e.g. `... | head`: the reader left; not an error of ours
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)
