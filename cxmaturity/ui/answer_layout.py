"""What the browser does for the answering screen: compact cards, a progress bar that stays in view,
"Next level" landing at the top, and answering by keyboard.

Streamlit has no option for any of these, so they are a few lines of CSS and JavaScript, scoped
to the answering screen's own containers (``st-key-answer-*`` and ``st-key-q-*`` classes) so the
rest of the app is untouched. The JavaScript only moves focus, scrolls and clicks Streamlit's own
radio options: every answer is still saved by the same callback as a mouse click.
"""

from __future__ import annotations

import html
import json
import secrets

import streamlit as st

PROGRESS_CONTAINER = "answer-progress"
SCROLL_STATE = "answer.scroll_top"
# A number that grows with every scroll script and progress carrier the screen draws: a script with a new
# number is run again by Streamlit, and the browser applies only a session's newest carrier.
_NUMBER = "answer.number"

_STYLE = """
<style>
/* Progress stays in view while answering: it sticks under Streamlit's own header. The sticky box
   is the container's wrapper (a sticky element only sticks within its parent). */
div:has(> .st-key-answer-progress) { position: sticky; top: 3.75rem; z-index: 990; }
.st-key-answer-progress {
  background: var(--st-background-color, #ffffff);
  padding: 0.35rem 0 0.15rem 0;
  box-shadow: 0 6px 6px -6px rgba(0, 0, 0, 0.18);
}
/* "Next level" scrolls the level's heading to the top, clear of the header and the progress bar. */
.st-key-answer-level-top { scroll-margin-top: 7.5rem; }
/* Compact cards: a little less padding, the options in a tight row, the anchors in small print. */
div[class*="st-key-q-"][class*="-card"] { padding: 0.5rem 0.8rem; }
div[class*="st-key-q-"][class*="-card"] [role="radiogroup"] { column-gap: 1.1rem; row-gap: 0; }
div[class*="st-key-q-"][class*="-card"] [data-testid="stCaptionContainer"] { line-height: 1.3; }
/* The anchors: one line under the numbers (the chosen or pointed-at point's anchor, else the points'
   labels); a tap on it opens every anchor of the question. */
.cxm-anchors { font-size: 0.875rem; line-height: 1.35; color: var(--st-gray-color, #6b6f76); }
.cxm-anchors summary { cursor: pointer; }
.cxm-anchors summary .cxm-point { display: none; }
.cxm-anchors ul { margin: 0.2rem 0 0 0; padding-left: 1.1rem; }
.cxm-anchors li { margin: 0; }
.cxm-anchors summary .cxm-all { display: none; }
.cxm-anchors[open] summary > span { display: none !important; }
.cxm-anchors[open] summary > span.cxm-all { display: inline !important; }
/* The note's button as small as the row of numbers, so it does not make the question's line taller. */
div[class*="st-key-q-"][class*="-card"] [data-testid="stPopover"] button { min-height: 2rem; padding-top: 0.1rem; padding-bottom: 0.1rem; }
%(points)s
@media (max-width: 640px) {
  div[class*="st-key-q-"][class*="-card"] { padding: 0.45rem 0.6rem; }
  div[class*="st-key-q-"][class*="-card"] [data-testid="stMarkdownContainer"] p { line-height: 1.45; }
  div[class*="st-key-q-"][class*="-card"] [data-testid="stCaptionContainer"] { font-size: 0.8rem; line-height: 1.3; }
  .cxm-anchors { font-size: 0.8rem; line-height: 1.3; }
  div[class*="st-key-q-"][class*="-card"] [role="radiogroup"] label { min-height: 1.6rem; }
  div[class*="st-key-q-"][class*="-card"] [data-testid="stHorizontalBlock"] { gap: 0.4rem; }
}
</style>
"""

# Digits pick the option named by them ("3"), N "not applicable", D (or ?)
# "don't know"; the focus then moves to the next question. Arrow keys work natively (they move
# the choice within a question, and each move is saved). Installed once per browser tab.
_KEYBOARD = """
<script>
(() => {
  const root = window.parent && window.parent.document ? window.parent.document : document;
%(live)s
  if (root.__cxmAnswerKeys) return;
  root.__cxmAnswerKeys = true;
  const groupsOf = () => Array.from(root.querySelectorAll('div[class*="st-key-q-"][class*="-value"] [role="radiogroup"]'));
  root.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const active = root.activeElement;
    if (!active || active.tagName === 'TEXTAREA' || (active.tagName === 'INPUT' && active.type !== 'radio')) return;
    const group = active.closest && active.closest('[role="radiogroup"]');
    const groups = groupsOf();
    const index = groups.indexOf(group);
    if (index < 0) return;
    const labels = Array.from(group.querySelectorAll('label'));
    const key = event.key.toLowerCase();
    let target = null;
    const named = (label) => { const text = label.innerText.trim(); return text === key || text.startsWith(key + ' '); };
    if (/^[0-9]$/.test(key)) target = labels.find(named);
    else if (key === 'n') target = labels[labels.length - 2];
    else if (key === 'd' || key === '?') target = labels[labels.length - 1];
    if (!target) return;
    event.preventDefault();
    target.click();
    const next = groups[index + 1];
    if (next) {
      const input = next.querySelector('input');
      if (input) { input.focus({preventScroll: true}); next.scrollIntoView({block: 'center'}); }
    }
  });
})();
</script>
"""

_SCROLL = """
<script>
(() => {
  const root = window.parent && window.parent.document ? window.parent.document : document;
  const nonce = "%s";
  // The level's heading goes to the top of the screen, just under the progress bar.
  const top = () => {
    const heading = root.querySelector('.st-key-answer-level-top');
    if (heading) heading.scrollIntoView({block: 'start'});
  };
  top();
  // Streamlit may still be drawing the new level: scroll again once it has.
  setTimeout(top, 120); setTimeout(top, 400);
})();
</script>
"""


_CARD = 'div[class*="st-key-q-"][class*="-card"]'
_OPTION = '[role="radiogroup"] > div:nth-child(%d)'
# Up to eleven points a scale (0-10).
_MAX_POINTS = 11


def _point_rules() -> str:
    """CSS that shows the anchor of the chosen point, or of the point under the mouse, instead of the labels."""
    rules = []
    for n in range(1, _MAX_POINTS + 1):
        chosen = f'{_CARD}:has({_OPTION % n}[data-selected="true"]):has(.cxm-point[data-point="{n}"])'
        rules.append(f"{chosen} .cxm-anchors summary .cxm-points {{ display: none; }}")
        rules.append(f'{chosen} .cxm-anchors summary .cxm-point[data-point="{n}"] {{ display: inline; }}')
    for n in range(1, _MAX_POINTS + 1):
        pointed = f'{_CARD}:has({_OPTION % n}:hover):has(.cxm-point[data-point="{n}"])'
        rules.append(f"{pointed} .cxm-anchors summary > span {{ display: none !important; }}")
        rules.append(
            f'{pointed} .cxm-anchors summary > span.cxm-point[data-point="{n}"] {{ display: inline !important; }}'
        )
    return "\n".join(rules)


def anchors_html(points: list[tuple[str, str, str | None]], all_anchors: str) -> str:
    """The anchors of one question as a ``<details>``: its summary line shows the points' labels (or the
    anchor of the chosen/pointed-at point, by CSS), a tap opens them all. ``points``: (code, label, anchor)
    in the order of the options; the texts are escaped here (a questionnaire's text is never markup)."""
    labels = " · ".join(f"<b>{html.escape(code)}</b> {html.escape(label)}" for code, label, _ in points)
    lines = []
    summary = [f'<span class="cxm-points">{labels}</span>']
    for position, (code, label, anchor) in enumerate(points, start=1):
        if anchor is None:
            continue
        line = f"<b>{html.escape(code)} · {html.escape(label)}</b> — {html.escape(anchor)}"
        summary.append(f'<span class="cxm-point" data-point="{position}">{line}</span>')
        lines.append(f"<li>{line}</li>")
    summary.append(f'<span class="cxm-all">{html.escape(all_anchors)}</span>')
    return f'<details class="cxm-anchors"><summary>{"".join(summary)}</summary><ul>{"".join(lines)}</ul></details>'


def style() -> None:
    """The answering screen's CSS and keyboard handling (drawn once per run, outside the cards)."""
    st.html(_STYLE % {"points": _point_rules()})
    st.html(_KEYBOARD % {"live": _LIVE_LISTENER}, unsafe_allow_javascript=True)


def request_scroll_to_top() -> None:
    """Ask the next run to show the top of the page (called by "Next level" and "Previous level")."""
    st.session_state[SCROLL_STATE] = True


def _next_number() -> int:
    number = st.session_state[_NUMBER] = st.session_state.get(_NUMBER, 0) + 1
    return int(number)


def scroll_if_requested() -> None:
    """Scroll to the top once after a level change; the nonce makes Streamlit run the script again."""
    if st.session_state.pop(SCROLL_STATE, None):
        st.html(_SCROLL % _next_number(), unsafe_allow_javascript=True)


# The numbers outside a question's card, set in the browser after a click that reran only the card.
# The texts are worked out on the server from the saved answers, as a whole run would draw them, and
# travel in a hidden carrier drawn in the card (see show_live). This listener, installed once per tab
# with the keyboard handling, puts them in place the moment React adds the carrier: in the same frame
# as the card. (A script of its own in each carrier ran one painted frame later, about 45 ms.) Text
# nodes are changed in place, so Streamlit's next whole run updates the same nodes; nothing is written
# that already reads right. Each carrier has its session's mark and a number that grows with each click:
# only the newest carrier of a session not yet applied is applied, so a carrier left in another card
# by an earlier click never brings old numbers back, and a session started anew (a restarted server)
# counts from the start again. The listener has a guard of its own, with a version in its name: a tab
# left open while the server is upgraded (Streamlit reconnects it without a reload) installs a changed
# listener too. Give it a new name whenever the listener changes.
_LIVE_LISTENER = """
  if (!root.__cxmLiveCarriers1) {
  root.__cxmLiveCarriers1 = true;
  const put = (element, text) => {
    if (!element || text === null) return;
    const walker = root.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    if (!nodes.length) return;
    if (nodes[0].nodeValue !== text) nodes[0].nodeValue = text;
    nodes.slice(1).forEach(node => { if (node.nodeValue) node.nodeValue = ''; });
  };
  const set = (element, name, value) => { if (element && element.getAttribute(name) !== value) element.setAttribute(name, value); };
  const show = (live) => {
    const progress = root.querySelector('.st-key-answer-progress [data-testid=stProgress]');
    if (progress) {
      put(progress.querySelector('[data-testid=stMarkdownContainer] p'), live.progress);
      const bar = progress.querySelector('[role=progressbar]');
      const percent = Math.round(live.fraction * 100);
      set(bar, 'aria-valuenow', String(percent));
      set(bar, 'aria-valuetext', percent + '%');
      const fill = progress.querySelector('[data-testid=stProgressBarTrack] > div');
      if (fill && fill.style.transform !== 'translateX(' + (percent - 100) + '%)') {
        fill.style.transform = 'translateX(' + (percent - 100) + '%)';
      }
    }
    const captions = root.querySelectorAll('.st-key-answer-section [data-testid=stRadioCaption]');
    live.captions.forEach((text, index) => put(captions[index], text));
    put(root.querySelector('.st-key-answer-summary [data-testid=stMarkdownContainer] p'), live.summary);
    put(root.querySelector('.st-key-answer-footer-caption [data-testid=stCaptionContainer] p'), live.footer);
  };
  const applied = new Map();
  const applyNewest = () => {
    let newest = null;
    root.querySelectorAll('.cxm-live').forEach(carrier => {
      const number = Number(carrier.dataset.number);
      if (number > (applied.get(carrier.dataset.session) || 0) && (!newest || number > Number(newest.dataset.number))) {
        newest = carrier;
      }
    });
    if (!newest) return;
    applied.set(newest.dataset.session, Number(newest.dataset.number));
    show(JSON.parse(newest.dataset.live));
  };
  new MutationObserver(applyNewest).observe(root.body, {childList: true, subtree: true});
  applyNewest();
  }
"""
_LIVE_SESSION = "answer.live_session"


def show_live(texts: dict[str, object]) -> None:
    """Send the server's new progress texts to the rest of the screen (see ``_LIVE_LISTENER``).

    Drawn inside a question's card: a hidden element carrying the texts as data, no script.
    """
    session = st.session_state.setdefault(_LIVE_SESSION, secrets.token_hex(6))
    number = _next_number()
    data = html.escape(json.dumps(texts, ensure_ascii=False), quote=True)
    st.html(f'<div class="cxm-live" hidden data-session="{session}" data-number="{number}" data-live="{data}"></div>')
