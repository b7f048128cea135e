"""A click reruns a question's options only: the progress it sends to the rest of the screen, and the badge."""

from __future__ import annotations

import html
import json
import re

from cxmaturity.ui.answering import value_key
from tests.app.conftest import BUILTIN, no_exception, texts

FIRST = "communication.cx.channel-choice"


def carriers(at) -> list[dict[str, object]]:
    """The progress texts a click sent, each in a plain ``st.html`` the browser's listener reads: one empty,
    hidden element with its data attribute and nothing else (no script of its own)."""
    found = []
    for element in at.get("html"):
        match = re.fullmatch(r'<div class="cxm-live" hidden data-live="([^"]*)"></div>', element.proto.body)
        if match:
            found.append(json.loads(html.unescape(match.group(1))))
    return found


def test_a_click_sends_the_progress_from_the_saved_answers_as_plain_html(open_app, store):
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    at = open_app("pages/answer.py", a=record.key)
    assert carriers(at) == []  # nothing clicked yet: the level's own run draws the progress
    assert texts(at).count("Not answered") == 16  # the first level's sixteen questions
    at.radio(key=value_key(FIRST)).set_value("na").run()
    no_exception(at)
    [live] = carriers(at)
    # 68 questions in all, 16 on the first level (14, 15, 12 and 11 on the others); one answered.
    assert live["progress"] == "1 of 68 questions answered · level 1: 1 of 16"
    assert live["fraction"] == 1 / 68
    assert live["captions"] == [
        "1 of 16 answered",
        "0 of 14 answered",
        "0 of 15 answered",
        "0 of 12 answered",
        "0 of 11 answered",
    ]
    assert str(live["summary"]).startswith("Answered 1 of 68: 0 on the scale, 1 not applicable, 0 don't know.")
    # The badge goes with the answer (in the browser the CSS hides it before the level's next run).
    assert texts(at).count("Not answered") == 15
    me = store.self_respondent(record.id).id
    assert store.load_respondent_answers(me)[FIRST].code() == "na"
