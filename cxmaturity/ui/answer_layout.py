"""What the browser does for the answering screen: compact cards, a progress bar that stays in view,
"Next level" landing at the top, and answering by keyboard.

Streamlit has no option for any of these, so they are a few lines of CSS and JavaScript, scoped
to the answering screen's own containers (``st-key-answer-*`` and ``st-key-q-*`` classes) so the
rest of the app is untouched. The JavaScript only moves focus, scrolls and clicks Streamlit's own
radio options: every answer is still saved by the same callback as a mouse click.
"""

from __future__ import annotations

import streamlit as st

PROGRESS_CONTAINER = "answer-progress"
SCROLL_STATE = "answer.scroll_top"
_SCROLL_COUNT = "answer.scroll_count"

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
@media (max-width: 640px) {
  div[class*="st-key-q-"][class*="-card"] { padding: 0.45rem 0.6rem; }
  div[class*="st-key-q-"][class*="-card"] [data-testid="stMarkdownContainer"] p { line-height: 1.45; }
  div[class*="st-key-q-"][class*="-card"] [data-testid="stCaptionContainer"] { font-size: 0.8rem; line-height: 1.3; }
  div[class*="st-key-q-"][class*="-card"] [role="radiogroup"] label { min-height: 1.6rem; }
  div[class*="st-key-q-"][class*="-card"] [data-testid="stPopover"] button { min-height: 2rem; padding-top: 0.15rem; padding-bottom: 0.15rem; }
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


def style() -> None:
    """The answering screen's CSS and keyboard handling (drawn once per run, outside the cards)."""
    st.html(_STYLE)
    st.html(_KEYBOARD, unsafe_allow_javascript=True)


def request_scroll_to_top() -> None:
    """Ask the next run to show the top of the page (called by "Next level" and "Previous level")."""
    st.session_state[SCROLL_STATE] = True


def scroll_if_requested() -> None:
    """Scroll to the top once after a level change; the nonce makes Streamlit run the script again."""
    if st.session_state.pop(SCROLL_STATE, None):
        count = st.session_state[_SCROLL_COUNT] = st.session_state.get(_SCROLL_COUNT, 0) + 1
        st.html(_SCROLL % count, unsafe_allow_javascript=True)
