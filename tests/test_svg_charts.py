"""The SVG renderer draws our figures where they belong: values worked out by hand, user text as text.

Positions are checked on small figures whose geometry is easy to compute: a plot area from the
margins, a value's pixel from its axis range. The SVG is parsed as XML: a well-formed document
with no element the renderer did not write is what "shown as text, never markup" means.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET

import pytest

from cxmaturity.charts import palette, score_charts
from cxmaturity.charts.group_charts import groups_radar_figure
from cxmaturity.charts.svg_axes import Axis, format_tick, nice_step
from cxmaturity.charts.svg_canvas import text_lines, wrap_words
from cxmaturity.charts.svg_figure import figure_svg
from cxmaturity.charts.svg_polar import spoke_angle
from cxmaturity.charts.svg_traces import colour_at
from cxmaturity.core.model import Questionnaire
from cxmaturity.i18n import LANGUAGES
from tests.test_readings import CLIMBING, LEVEL_IDS, OFFSETS, make_card, make_questionnaire, uniform_cells

NS = "{http://www.w3.org/2000/svg}"
DRAWN = {"svg", "g", "rect", "text", "tspan", "title", "line", "polyline", "polygon", "circle"}


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert {element.tag.removeprefix(NS) for element in root.iter()} <= DRAWN
    return root


def titled(root: ET.Element, tag: str) -> dict[str, ET.Element]:
    """Elements of ``tag`` by their tooltip text."""
    found = {}
    for element in root.iter(NS + tag):
        title = element.find(NS + "title")
        if title is not None:
            found[title.text or ""] = element
    return found


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(NS + "text")]


def test_a_bar_of_50_on_a_0_to_100_axis_of_400_px_is_200_px_wide() -> None:
    figure = {
        "data": [{"type": "bar", "orientation": "h", "x": [50, 100], "y": [0, 1], "hovertext": ["half", "full"]}],
        "layout": {
            "height": 300,
            "margin": {"l": 60, "r": 40, "t": 40, "b": 60},
            "xaxis": {"range": [0, 100]},
            "yaxis": {"tickvals": [0, 1], "ticktext": ["A", "B"]},
            "bargap": 0.5,
        },
    }
    root = parse(figure_svg(figure, 500))
    bars = titled(root, "rect")
    # The plot runs from x = 60 to 500 - 40 = 460: 400 px for 0..100.
    assert float(bars["half"].get("x") or 0) == 60 and float(bars["half"].get("width") or 0) == 200
    assert float(bars["full"].get("width") or 0) == 400
    # y: two categories over 300 - 40 - 60 = 200 px, rows -0.5..1.5, so 100 px a row; a bar takes half of it.
    assert float(bars["half"].get("height") or 0) == 50
    # Row 0 is the lower one (the y axis grows upwards): centred 50 px above the plot's bottom (240).
    assert float(bars["half"].get("y") or 0) == 240 - 50 - 25


def test_a_radar_point_at_100_sits_on_the_outer_ring_at_its_spoke() -> None:
    spokes = ["a", "b", "c", "d", "e"]
    trace = {"type": "scatterpolar", "r": [100, 50, 0, 100, 100, 100], "theta": [*spokes, "a"], "mode": "markers"}
    trace["hovertext"] = [f"p{k}" for k in range(6)]
    layout = {
        "height": 400,
        "margin": {"l": 100, "r": 100, "t": 50, "b": 50},
        "polar": {"radialaxis": {"range": [0, 100]}, "angularaxis": {"direction": "clockwise", "rotation": 90}},
    }
    root = parse(figure_svg({"data": [trace], "layout": layout}, 500))
    # The plot is 300 x 300 from (100, 50): centre (250, 200), radius 150 (short labels leave it whole).
    points = titled(root, "circle")
    for k in (0, 3, 4):
        angle = math.radians(90 - 72 * k)
        x, y = float(points[f"p{k}"].get("cx") or 0), float(points[f"p{k}"].get("cy") or 0)
        assert (x, y) == pytest.approx((250 + 150 * math.cos(angle), 200 - 150 * math.sin(angle)), abs=0.01)
    # 50 on spoke b is half-way out; 0 is the centre.
    b = points["p1"]
    angle = math.radians(90 - 72)
    assert float(b.get("cx") or 0) == pytest.approx(250 + 75 * math.cos(angle), abs=0.01)
    assert (float(points["p2"].get("cx") or 0), float(points["p2"].get("cy") or 0)) == (250, 200)
    assert spoke_angle(0, 5) == 90 and spoke_angle(1, 5) == 18


def test_a_group_named_like_markup_is_shown_as_text() -> None:
    questionnaire = make_questionnaire()
    hostile = "<img src=x onerror=alert(1)>"
    group = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 40.0)))
    card = make_card(questionnaire, uniform_cells(CLIMBING), groups={hostile: group})
    svg = figure_svg(groups_radar_figure(card, questionnaire, "en", "level"), 560)
    assert "<img" not in svg and "&lt;img src=x onerror=alert(1)&gt;" in svg
    root = parse(svg)
    assert hostile in texts(root)  # the legend names the group as it was typed
    assert any(title.startswith(hostile) for title in titled(root, "circle"))


def test_every_chart_is_an_image_named_by_its_title_and_scales_to_its_column(questionnaire: Questionnaire) -> None:
    card = make_card(questionnaire, uniform_cells(CLIMBING, OFFSETS))
    for language in LANGUAGES:
        figure = score_charts.heatmap_figure(card, questionnaire, language)
        root = parse(figure_svg(figure, 700))
        assert root.get("role") == "img"
        assert root.get("aria-label") == figure.layout.title.text
        assert root.get("width") == "100%" and (root.get("viewBox") or "").startswith("0 0 700 ")


def test_heatmap_cells_take_the_palette_colour_and_keep_their_hover(questionnaire: Questionnaire) -> None:
    card = make_card(questionnaire, uniform_cells(CLIMBING, OFFSETS))
    figure = score_charts.heatmap_figure(card, questionnaire, "en")
    root = parse(figure_svg(figure, 700))
    cells = titled(root, "rect")
    hovers = figure.data[1].hovertext
    scores = figure.data[1].z
    for row, line in enumerate(hovers):
        for column, hover in enumerate(line):
            drawn = palette.hex_to_rgb(cells[hover.replace("<br>", "\n")].get("fill") or "")
            expected = palette.hex_to_rgb(palette.score_colour(scores[row][column]))
            # The colour scale's stops are rounded to 6 decimals: a channel may differ by one.
            assert all(abs(a - b) <= 1 for a, b in zip(drawn, expected, strict=True))
    # Half-way from black to white: 127.5 of 255, rounded to 128 (0x80).
    assert colour_at([[0, "#000000"], [1, "#ffffff"]], 0.5) == "#808080"
    assert colour_at([[0, "#000000"], [0.5, "#ff0000"], [1, "#ffffff"]], 0.25) == "#800000"


def test_pyramid_scores_are_bold_and_every_level_is_named(questionnaire: Questionnaire) -> None:
    card = make_card(questionnaire, uniform_cells(CLIMBING, OFFSETS))
    root = parse(figure_svg(score_charts.pyramid_figure(card, questionnaire, "en"), 560))
    shown = texts(root)
    for level in questionnaire.levels:
        assert level.title.get("en") in shown
    bold = [t.text for t in root.iter(NS + "tspan") if t.get("font-weight") == "bold"]
    assert "✓ 82" in bold  # Communication 82 is attained


@pytest.fixture
def questionnaire() -> Questionnaire:
    return make_questionnaire()


def test_text_markup_breaks_lines_and_decodes_entities_only() -> None:
    lines = text_lines("<b>✓ 82</b><br>a &lt;b&gt; <i>x</i> <img>")
    assert [[(run.text, run.bold) for run in line] for line in lines] == [
        [("✓ 82", True)],
        [("a <b> ", False), ("x", False), (" <img>", False)],
    ]
    assert text_lines("") == [] and text_lines(None) == []
    # 6 characters of 0.55 em at 10 px are 33 px: "aaaa aaaa" does not fit 40 px on one line.
    assert wrap_words("aaaa aaaa", 10, 40) == "aaaa<br>aaaa"


def test_axis_ticks_and_pixels() -> None:
    axis = Axis({"range": [0, 100]}, "x", start=0, end=400)
    axis.fit([])
    assert axis.pixel(50) == 200 and axis.pixel(25) == 100
    assert [label for _, label in axis.ticks()] == ["0", "20", "40", "60", "80", "100"]
    reversed_axis = Axis({"autorange": "reversed"}, "y", kind="category")
    reversed_axis.categories = ["a", "b", "c"]
    reversed_axis.fit([])
    assert (reversed_axis.low, reversed_axis.high) == (2.5, -0.5)
    assert nice_step(100, 6) == 20 and nice_step(7, 6) == 2 and format_tick(-100) == "\u2212100"
    dates = Axis(
        {"type": "date", "range": ["2026-01-15", "2026-06-30"], "tickformat": "%b %Y", "nticks": 4}, "x", "date"
    )
    dates.fit([])
    # 5.5 months in at most 4 ticks: every second month, on odd months like plotly (Jan, Mar, May...).
    assert [label for _, label in dates.ticks()] == ["Mar 2026", "May 2026"]
    quarters = Axis({"type": "date", "range": ["2026-11-30", "2027-09-01"], "nticks": 4}, "x", "date")
    quarters.fit([])
    # 9 months in at most 4 ticks: quarters, from January (the roadmap's axis).
    assert [label for _, label in quarters.ticks()] == ["Jan 2027", "Apr 2027", "Jul 2027"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_results_chart_draws_as_well_formed_svg_at_both_widths(
    questionnaire: Questionnaire, language: str
) -> None:
    card = make_card(questionnaire, uniform_cells(CLIMBING, OFFSETS))
    empty = make_card(questionnaire, {}, coverage=0.0, respondents=0)
    for build in (
        score_charts.pyramid_figure,
        score_charts.level_radar_figure,
        score_charts.aspect_radar_figure,
        score_charts.heatmap_figure,
        score_charts.gap_bars_figure,
    ):
        for scored in (card, empty):
            for width in (430, 358):
                root = parse(figure_svg(build(scored, questionnaire, language), width))
                assert root.get("aria-label") and texts(root)


def test_the_page_markup_escapes_the_phone_note_and_names_both_drawings(questionnaire: Questionnaire) -> None:
    from cxmaturity.ui.chart_view import chart_markup

    card = make_card(questionnaire, uniform_cells(CLIMBING, OFFSETS))
    markup = chart_markup(score_charts.pyramid_figure(card, questionnaire, "en"), "k", phone_note="<b>1 A</b>")
    root = ET.fromstring(f"<root>{markup}</root>")
    # The style sheet that picks the drawing comes first, inside the chart's own markup (see chart_view).
    assert root[0].tag == "style" and "max-width:640px" in (root[0].text or "")
    drawings = [element for element in root if element.tag == "div"]
    assert [div.get("data-chart") for div in drawings] == ["k", "k.phone"]
    assert drawings[1][-1].text == "<b>1 A</b>"  # the note is text, not markup
    assert [div.find("svg").get("viewBox", "").split()[2] for div in drawings] == ["900", "358"]  # type: ignore[union-attr]


def test_user_text_in_the_page_markup_can_never_become_markdown(questionnaire: Questionnaire) -> None:
    """The chart goes into the page through markdown: a blank line in a name would end the raw HTML block
    and let the rest be read as markdown; a bare URL could be linked. Neither survives the escaping."""
    from markdown_it import MarkdownIt

    from cxmaturity.ui.chart_view import chart_markup

    hostile = "a\n\n![pixel](http://127.0.0.1:9/p.png) [phish](https://evil.example) www.evil.com me@evil.com"
    group = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 40.0)))
    card = make_card(questionnaire, uniform_cells(CLIMBING), groups={hostile: group})
    markup = chart_markup(groups_radar_figure(card, questionnaire, "en", "level"), "k")
    assert "\n" not in markup and not re.search(r"(?i)(https?|www)[:.]|\w@", markup)
    rendered = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify"]).render(markup)
    assert "<img" not in rendered and "<a " not in rendered
    # The browser reads the references back: the legend shows the name as typed (its lines joined).
    root = ET.fromstring(f"<root>{markup}</root>")
    shown = ["".join(t.itertext()) for t in root.iter("text")]
    assert (
        hostile in shown
        or hostile.replace("\n", " ") in shown
        or any("![pixel](http://127.0.0.1:9/p.png)" in t for t in shown)
    )


def test_the_chart_travels_in_its_script_as_one_json_string_with_no_tag_inside(questionnaire: Questionnaire) -> None:
    """st.html sanitises its body (an <svg> would be dropped): the markup is a JSON string in a script that
    fills the box before it. No text in it may end the script, open a tag or run as code."""
    from cxmaturity.ui.chart_view import chart_html, chart_markup

    hostile = "</script><script>alert(1)</script>\u2028<!-- \"' \\"
    group = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 40.0)))
    card = make_card(questionnaire, uniform_cells(CLIMBING), groups={hostile: group})
    markup = chart_markup(groups_radar_figure(card, questionnaire, "en", "level"), "k")
    body = chart_html(markup)
    opening = '<div class="cxm-chart-box"></div><script>document.currentScript.previousElementSibling.innerHTML='
    assert body.startswith(opening) and body.endswith("</script>")
    code = body.removeprefix(opening).removesuffix("</script>")
    # Inside the script: no "<" at all (so no "</script" and no "<!--"), no raw line separator.
    assert "<" not in code and "\u2028" not in code and "\n" not in code
    assert json.loads(code) == markup  # the browser gets the markup exactly, as one string literal
    assert code.startswith('"') and code.endswith('"')
