"""Grading actions shared by pages: run a grader on a saved answer, report failures kindly."""

import logging

import streamlit as st

from sim import service
from sim.domain.redaction import redact
from sim.ui.shell import engine
from sim.ui.text import escape_markdown

log = logging.getLogger("sim.ui.grading")
GRADER_LABELS = {"llm": "LLM", "offline": "Offline heuristic"}


def grader_label(name: str) -> str:
    settings = service.llm_settings()
    if name == "llm" and settings.model:
        return f"LLM ({settings.model})"
    return GRADER_LABELS.get(name, name)


def grade_saved(attempt_id: int, grader_name: str) -> bool:
    """Grade (or re-grade) a stored answer; on failure say what to do, never show a traceback."""
    try:
        with st.spinner(f"Grading with {grader_label(grader_name)}..."):
            service.regrade(engine(), attempt_id, service.grader_for(grader_name))
        return True
    except service.GradingFailed as exc:
        # The cause may quote the model's own words (a refusal): text, never Markdown.
        reason = escape_markdown(redact(str(exc.__cause__)))
        st.error(
            f"{reason} Your answer is saved (#{exc.attempt_id}): "
            "retry, or grade it with the offline grader."
        )
    except Exception:  # the detail goes to the log, the user gets a sentence
        log.exception("grading attempt %s with %s failed", attempt_id, grader_name)
        st.error(f"Grading failed unexpectedly. Your answer is saved (#{attempt_id}).")
    return False
