"""House rules from DESIGN.md that are worth a test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
CORE = ROOT / "cxmaturity"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.add(node.module.split(".")[0])
    return names


def core_files() -> list[Path]:
    return [p for p in CORE.rglob("*.py") if "migrations" not in p.parts]


def test_only_the_ui_package_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in core_files()
        if "streamlit" in imported_modules(p) and "ui" not in p.relative_to(CORE).parts
    ]
    assert offenders == []


def test_model_scoring_and_roadmap_import_no_ui_plotting_or_database():
    forbidden = {"streamlit", "plotly", "sqlalchemy", "alembic", "fpdf"}
    for name in ("core/model.py", "core/scoring.py", "roadmap/engine.py", "core/answers.py", "core/questionnaire.py"):
        path = CORE / name
        if path.exists():
            assert not (imported_modules(path) & forbidden), name


def test_every_page_is_registered_in_app_py():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    for page in sorted((ROOT / "pages").glob("*.py")):
        assert f"pages/{page.name}" in app, f"{page.name} is not registered in app.py"


def test_pages_stay_thin_and_modules_small():
    for page in (ROOT / "pages").glob("*.py"):
        assert len(page.read_text(encoding="utf-8").splitlines()) <= 150, page.name
    for path in core_files():
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 500, path.name


def test_public_core_functions_have_docstrings():
    missing = []
    for path in core_files():
        if "ui" in path.relative_to(CORE).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if (
                isinstance(node, (ast.FunctionDef, ast.ClassDef))
                and not node.name.startswith("_")
                and not ast.get_docstring(node)
            ):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert missing == []


def test_no_unfinished_markers():
    pattern = re.compile(r"NotImplementedError|TODO|FIXME|XXX")
    hits = [
        str(p.relative_to(ROOT))
        for p in [*core_files(), ROOT / "app.py", *(ROOT / "pages").glob("*.py")]
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert hits == []


def _architecture_page() -> str:
    return (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_every_path_the_architecture_page_names_exists():
    # Paths are written from the project root (`cxmaturity/core/`, `app.py`) or from the package
    # (`core/model.py`); `<name>` placeholders and globs are patterns, not paths.
    named = re.findall(r"`([\w./*<>-]+(?:\.py|/))`", _architecture_page())
    assert len(named) > 40
    missing = [
        path
        for path in named
        if "<" not in path
        and not any(next(base.glob(path.rstrip("/")), None) for base in (ROOT, CORE))
        and not (ROOT / path).exists()
        and not (CORE / path).exists()
    ]
    assert missing == []


def test_the_architecture_page_names_every_wing_and_the_contract_layers_them_all():
    import tomllib

    page = _architecture_page()
    wings = sorted(p.name for p in CORE.iterdir() if (p / "__init__.py").exists())
    assert [wing for wing in wings if f"`cxmaturity/{wing}/`" not in page] == []
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")["layers"]
    layered = {name.strip() for layer in layers for name in layer.split("|")}
    assert layered == set(wings)
