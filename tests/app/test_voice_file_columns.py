"""An imported customer file's own columns on the Customer voice page (issue 16): imported on the Data
page, offered as segments after a fresh start, small segments held back, hostile values shown as text.

The file: eight customers. NPS per branch worked out by hand:
- north: 10, 9, 10, 3 -> 3 promoters, 1 detractor of 4 -> +50;
- south: 0, 6, 9 -> 1 promoter, 2 detractors of 3 -> -33.3;
- east: one customer (7) -> held back at the threshold of 3, with "not given" (none here).
"""

from __future__ import annotations

from cxmaturity.core.registry import builtin_dir
from tests.app import chart_svg
from tests.app.conftest import no_exception, texts

CUSTOMER = builtin_dir() / "cx-pyramid-customer" / "questionnaire.yaml"
FILE = (
    b"Customer,NPS score,Branch,Channel,E-mail\n"
    b"c1,10,north,=1+2,a@x.io\n"
    b"c2,9,north,=1+2,b@x.io\n"
    b"c3,10,north,<i>web</i>,c@x.io\n"
    b"c4,3,north,<i>web</i>,d@x.io\n"
    b"c5,0,south,<i>web</i>,e@x.io\n"
    b"c6,6,south,=1+2,f@x.io\n"
    b"c7,9,south,<i>web</i>,g@x.io\n"
    b"c8,7,east,=1+2,h@x.io\n"
)


def test_the_files_columns_become_segments_of_the_voice_page(open_app, store):
    record = store.create_assessment("Northwind", CUSTOMER, "Customers, spring", "en")
    at = open_app("pages/data.py", a=record.key)
    at.file_uploader(key="data.import.file").set_value(("export.csv", FILE, "text/csv"))
    at.run()
    mapping = {box.label: box for box in at.selectbox}
    mapping["Customer"].set_value("respondent")
    mapping["NPS score"].set_value("loyalty.recommend")
    at.run()
    no_exception(at)
    shown = texts(at)
    assert "Kept as segment columns for the Customer voice page: “Branch”, “Channel”." in shown
    # The file's column name is shown as text (markdown escaped): E\-mail reads E-mail on screen.
    assert "Not kept as a segment column: “E\\-mail” (every customer has a value of their own" in shown
    at.button(key="data.import.apply").click().run()
    no_exception(at)

    # A fresh session (a refresh, or a restarted server): the columns come from the database.
    page = open_app("pages/voice.py", a=record.key)
    no_exception(page)
    by = page.selectbox(key="voice.segment")
    assert by.options[-2:] == ["Branch", "Channel"] and len(by.options) == 5  # after group, weekday, hour
    by.set_value("column:Branch").run()
    no_exception(page)
    chart = chart_svg.chart(page, "voice-segments-chart")
    hovers = chart_svg.tooltips(chart)
    assert [hover.split(":")[0] for hover in hovers] == ["north", "south"]
    assert hovers[0].startswith("north: +50") and hovers[1].startswith("south: \u221233")
    assert "Branch" in (chart.get("aria-label") or "")
    assert "1 segment, 1 customer in all" in texts(page)

    page.selectbox(key="voice.segment").set_value("column:Channel").run()
    chart = chart_svg.chart(page, "voice-segments-chart")
    # Kept as written and shown as text: "<i>web</i>" is a label, not italics.
    assert {"<i>web</i>", "=1+2"} <= set(chart_svg.texts(chart))
