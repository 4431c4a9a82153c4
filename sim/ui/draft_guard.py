"""Keystroke autosave for an answer box. Streamlit's text area only sends its text when the box
loses focus or on Ctrl+Enter; this invisible component listens to typing in the box with the
given label and reports the text after a short pause, so the draft can be saved while the
candidate is still typing (a refresh or a closed tab then loses at most that pause)."""

import streamlit as st

DEBOUNCE_MS = 1500

_JS = """
export default function (component) {
  const { setStateValue, data } = component;
  // Listen on the document, not on one textarea: Streamlit may replace the box's element (a
  // rerun, another question's box at the same place), and a listener on the old element would
  // then hear nothing. One listener per guard key; the cleanup removes it on unmount.
  const guards = (window.__simDraftGuards = window.__simDraftGuards || {});
  if (guards[data.key]) document.removeEventListener("input", guards[data.key], true);
  let timer = null;
  const onInput = (event) => {
    const box = event.target;
    if (!(box instanceof HTMLTextAreaElement)) return;
    if (box.getAttribute("aria-label") !== data.label) return;
    clearTimeout(timer);
    timer = setTimeout(() => setStateValue("draft", box.value), data.debounce_ms);
  };
  guards[data.key] = onInput;
  document.addEventListener("input", onInput, true);
  return () => {
    clearTimeout(timer);
    document.removeEventListener("input", onInput, true);
    if (guards[data.key] === onInput) delete guards[data.key];
  };
}
"""

_guard = st.components.v2.component("sim_draft_guard", js=_JS)


def typed_draft(label: str, key: str) -> str | None:
    """The text typed so far in the text area labelled `label` (None before any typing)."""
    result = _guard(
        key=key,
        data={"label": label, "key": key, "debounce_ms": DEBOUNCE_MS},
        on_draft_change=lambda: None,
    )
    return getattr(result, "draft", None)
