"""Feedback brought into view once, right after the submit that produced it (it sits below the
answer box, out of sight). A tiny inline component, no network: it scrolls its own keyed
container to the top of the view."""

import streamlit as st

from sim.ui import state_keys as keys

FEEDBACK_ANCHOR = "feedback_anchor"  # the container marking where the feedback starts

_JS = """
export default function (component) {
  const { data } = component;
  const go = (tries) => {
    const target = document.querySelector(data.selector);
    if (target) { target.scrollIntoView({ behavior: "smooth", block: "start" }); return; }
    if (tries > 0) setTimeout(() => go(tries - 1), 100);
  };
  go(50);
}
"""

_scroller = st.components.v2.component("sim_scroll_into_view", js=_JS)


def request_feedback_scroll(attempt_id: int) -> None:
    """Ask for this answer's feedback to be brought into view where it is next shown."""
    st.session_state[keys.SCROLL_TO_FEEDBACK] = attempt_id


def feedback_anchor(attempt_id: int) -> None:
    """Where the feedback starts; scrolls there once if a submit asked for it. The next run does
    not render the component, so reading on (or any click) never scrolls again."""
    if st.session_state.get(keys.SCROLL_TO_FEEDBACK) != attempt_id:
        return
    del st.session_state[keys.SCROLL_TO_FEEDBACK]
    with st.container(key=FEEDBACK_ANCHOR):
        _scroller(
            key=f"scroll::{FEEDBACK_ANCHOR}::{attempt_id}",
            data={"selector": f".st-key-{FEEDBACK_ANCHOR}"},
        )
