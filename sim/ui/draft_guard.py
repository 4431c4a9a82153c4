"""Keystroke autosave for an answer box. Streamlit's text area only sends its text when the box
loses focus or on Ctrl+Enter; this invisible component listens to typing in the box with the
given label and reports the text after a short pause, so the draft can be saved while the
candidate is still typing (a refresh or a closed tab then loses at most that pause)."""

import streamlit as st

DEBOUNCE_MS = 1500

_JS = """
export default function (component) {
  const { setStateValue, data } = component;
  const attach = () => {
    const boxes = document.querySelectorAll("textarea");
    const box = Array.from(boxes).find((b) => b.getAttribute("aria-label") === data.label);
    if (!box) { setTimeout(attach, 400); return; }
    if (box.dataset.draftGuard === data.key) return;
    box.dataset.draftGuard = data.key;
    let timer = null;
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => setStateValue("draft", box.value), data.debounce_ms);
    });
  };
  attach();
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
