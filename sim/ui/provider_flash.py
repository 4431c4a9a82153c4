"""What a Settings action says after the rerun it causes: one message, redacted of every key
this session knows, shown once as text."""

import streamlit as st

from sim.domain.redaction import redact
from sim.ui import state_keys as keys
from sim.ui.grader_choice import key_ring
from sim.ui.text import escape_markdown


def flash(kind: str, text: str) -> None:
    st.session_state[keys.PROVIDER_FLASH] = (kind, text)


def show_flash() -> None:
    if said := st.session_state.pop(keys.PROVIDER_FLASH, None):
        kind, text = said
        getattr(st, kind)(escape_markdown(text))


def _secrets() -> list[str]:
    return key_ring().secrets()


def say(kind: str, text: str) -> None:
    flash(kind, redact(text, _secrets()))
