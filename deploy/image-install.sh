#!/bin/sh
# The Docker image's install steps, kept in one script so that CI can run them where Docker cannot
# (.ci/image-install-check). Run from the project folder:
#   deploy/image-install.sh deps VENV [--dry-run]  the app's pinned, hashed dependencies + the PostgreSQL driver
#   deploy/image-install.sh check VENV             the installed app imports and its PDF fonts are inside
set -eu
step=${1:?usage: image-install.sh deps|check VENV [--dry-run]}
venv=${2:?usage: image-install.sh deps|check VENV [--dry-run]}
case "$step" in
  deps)
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
    # --require-hashes: every package, also the ones pulled in, must match the lock byte for byte.
    "$venv/bin/pip" install --quiet --disable-pip-version-check ${3:-} \
      --require-hashes -r requirements.lock -r requirements-postgres.lock
    ;;
  check)
    # The report's fonts (DejaVu, Cyrillic included) ship inside the package, not from the OS:
    # a build that lost them would write PDFs without text, so the build stops here instead.
    "$venv/bin/python" - <<'PY'
import importlib

for module in ("streamlit", "psycopg", "cxmaturity.storage", "cxmaturity.report.builder"):
    importlib.import_module(module)
from cxmaturity.report.fonts import FONT_FILES, LICENCE_FILE

missing = [str(path) for path in (*FONT_FILES.values(), LICENCE_FILE) if not path.is_file()]
if missing:
    raise SystemExit(f"fonts missing from the image: {missing}")
print("image check: imports and fonts ok")
PY
    ;;
  *)
    echo "unknown step $step (deps or check)" >&2
    exit 2
    ;;
esac
