"""Where a page's server time goes: `python -m benchmarks.profile_pages [PAGE ...]`.

Runs each page of the app (AppTest, in this process) on a consultant's assessment with nine
submitted respondents, once cold (first run in the process: imports, caches) and once warm,
under pyinstrument, and prints both profiles. Not part of `make bench`: a tool for finding
what to speed up.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tests.browser.server import ROOT, prepare_consultant_assessment


def main(pages: list[str]) -> None:
    """Profile every page named (default: results, groups, roadmap), cold then warm."""
    from pyinstrument import Profiler
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    folder = Path(tempfile.mkdtemp(prefix="cxm-profile-"))
    os.environ["CXM_DATA_DIR"] = str(folder)
    key = prepare_consultant_assessment(folder)
    # AppTest runs the script in a thread of its own: profile inside that thread.
    profiles: list[Profiler] = []
    original = script_runner.ScriptRunner._run_script

    def profiled(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        profiler = Profiler(interval=0.001)
        profiler.start()
        try:
            return original(self, *args, **kwargs)
        finally:
            profiler.stop()
            profiles.append(profiler)

    script_runner.ScriptRunner._run_script = profiled  # type: ignore[method-assign]
    for page in pages or ["results", "groups", "roadmap"]:
        for label in ("cold", "warm"):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.query_params["a"] = key
            at.run()
            profiles.clear()
            at.switch_page(f"pages/{page}.py").run()
            for profiler in profiles:
                print(f"\n===== {page} ({label}) =====")
                print(profiler.output_text(unicode=False, color=False)[:5000])


if __name__ == "__main__":
    main(sys.argv[1:])
