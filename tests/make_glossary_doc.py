"""Write docs/glossary.md from cxmaturity/i18n/glossary.yaml: ``python tests/make_glossary_doc.py``."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cxmaturity.i18n.glossary import glossary_markdown  # noqa: E402

if __name__ == "__main__":
    (ROOT / "docs" / "glossary.md").write_text(glossary_markdown(), encoding="utf-8")
    print("wrote docs/glossary.md")
