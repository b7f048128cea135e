"""The charts a page shows, read from the SVG the server drew (cxmaturity.ui.chart_view).

Each chart is sent as two drawings, ``data-chart="<key>"`` for wide screens and ``<key>.phone``, in
one ``st.html`` whose script carries the markup as a JSON string (``chart_view.chart_html``).
Values are read back from the drawing itself: a radar point's distance from the centre over the
outer ring's radius, the text and tooltips the reader sees, the traces by their names.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET

NS = ""  # the page's SVG carries no namespace (an <svg> in HTML needs none)


def markups(at) -> list[str]:  # type: ignore[no-untyped-def]
    """The markup of every chart on the page, in order, as the browser puts it into the chart's box."""
    found = []
    for element in at.get("html"):
        body = element.proto.body
        prefix = '<div class="cxm-chart-box"></div><script>document.currentScript.previousElementSibling.innerHTML='
        if body.startswith(prefix) and body.endswith("</script>"):
            found.append(json.loads(body.removeprefix(prefix).removesuffix("</script>")))
    return found


def charts(at) -> dict[str, ET.Element]:  # type: ignore[no-untyped-def]
    """Every drawing on the page by its ``data-chart`` key (wide and phone)."""
    found: dict[str, ET.Element] = {}
    for body in markups(at):
        for div in ET.fromstring(f"<root>{body}</root>"):
            svg = div.find(f"{NS}svg")
            if svg is not None:
                found[div.get("data-chart") or ""] = svg
    return found


def chart(at, key: str) -> ET.Element:  # type: ignore[no-untyped-def]
    """The wide drawing of the chart ``key`` (``results.chart.level_radar``); fails unless it is there once."""
    [svg] = [svg for name, svg in charts(at).items() if name == key]
    return svg


def trace_names(svg: ET.Element) -> list[str | None]:
    """The names of the chart's traces in drawing order (None for an unnamed one)."""
    return [g.get("data-name") for g in svg.iter(f"{NS}g") if g.get("class") == "trace"]


def trace(svg: ET.Element, name: str) -> ET.Element:
    """The group of the one trace called ``name``."""
    [found] = [g for g in svg.iter(f"{NS}g") if g.get("class") == "trace" and g.get("data-name") == name]
    return found


def tooltips(element: ET.Element) -> list[str]:
    """Every hover text under ``element``, in order."""
    return [title.text or "" for title in element.iter(f"{NS}title")]


def texts(svg: ET.Element) -> list[str]:
    """Every text the chart writes (tick labels, values, legend, notes), lines joined by spaces."""
    return [" ".join(span.text or "" for span in text if span.tag == f"{NS}tspan") for text in svg.iter(f"{NS}text")]


def radar_values(svg: ET.Element, name: str, high: float = 100.0) -> list[float]:
    """The values of the radar trace ``name``, spoke by spoke (the closing point included), from the drawing."""
    [area] = [c for c in svg.iter(f"{NS}circle") if c.get("class") == "polar-area"]
    cx, cy, radius = (float(area.get(a) or 0) for a in ("cx", "cy", "r"))
    points = [c for c in trace(svg, name).iter(f"{NS}circle")]
    return [math.hypot(float(c.get("cx") or 0) - cx, float(c.get("cy") or 0) - cy) / radius * high for c in points]


def bars(svg: ET.Element) -> dict[str, list[tuple[str, list[str]]]]:
    """Per trace name, its bars as (first line of the tooltip, the bar's customdata), top to bottom as drawn."""
    found: dict[str, list[tuple[str, list[str]]]] = {}
    for group in svg.iter(f"{NS}g"):
        if group.get("class") != "trace":
            continue
        rows = found.setdefault(group.get("data-name") or "", [])
        for rect in group.iter(f"{NS}rect"):
            title = rect.find(f"{NS}title")
            rows.append(
                (
                    (title.text or "").split("\n")[0] if title is not None else "",
                    json.loads(rect.get("data-custom") or "[]"),
                )
            )
    return found
