"""docs/workspace.md lists the Store methods the pages use, with their real parameter names."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from cxmaturity.storage import Store

DOC = Path(__file__).resolve().parents[2] / "docs" / "workspace.md"


def test_documented_store_methods_exist_with_these_parameters() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("## Store methods")[1].split("```python")[1].split("```")[0]
    calls = re.findall(r"^([a-z_]+)\((.*?)\) ->", block, re.MULTILINE | re.DOTALL)
    assert len(calls) == 14
    for name, arguments in calls:
        method = getattr(Store, name)
        documented = re.findall(r"(\w+):", arguments)
        actual = [p for p in inspect.signature(method).parameters if p != "self"]
        assert documented == actual, name
