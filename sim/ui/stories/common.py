"""Helpers shared by the Stories tabs: the flash message, safe callbacks, the story text fields."""

import functools
import logging
from collections.abc import Callable

import streamlit as st

from sim.domain.stories import STAR_FIELDS
from sim.ui.text import escape_markdown
from sim.user_messages import user_message

log = logging.getLogger("sim.ui.stories")
FLASH = "stories_flash"
TEXT_FIELDS = (*STAR_FIELDS, ("metrics", "Metrics"))


def flash(kind: str, text: str) -> None:
    """Keep a message for the next run of the page (kind: success, warning or error)."""
    st.session_state[FLASH] = (kind, text)


def render_flash() -> None:
    """Show, once, the message a callback left for this run."""
    message = st.session_state.pop(FLASH, None)
    if message:
        kind, text = message
        getattr(st, kind)(escape_markdown(text))


def safe(action: Callable[..., None]) -> Callable[..., None]:
    """A button callback that reports an unexpected failure as a sentence, never a traceback."""

    @functools.wraps(action)
    def run(*args: object) -> None:
        try:
            action(*args)
        except Exception as exc:  # a known failure says itself; a bug goes to the log
            if message := user_message(exc):
                flash("error", message)
                return
            log.exception("stories: %s failed", action.__name__)
            flash("error", "That did not work because of an unexpected error (see the log).")

    return run
