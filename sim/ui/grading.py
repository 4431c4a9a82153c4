"""Grading actions shared by pages: submit and grade an answer, run a grader on a saved one,
report failures kindly."""

import logging

import streamlit as st

from sim import service
from sim.domain.questions import Question
from sim.domain.redaction import redact
from sim.ui.grader_choice import grader_label as grader_label  # pages import it from here
from sim.ui.grader_choice import resolved
from sim.ui.shell import engine, report
from sim.ui.text import escape_markdown

log = logging.getLogger("sim.ui.grading")


OFFLINE_NOTE = (
    "The offline grader is a deterministic heuristic: it checks an answer's key points and "
    "substance the same way every time, not with an interviewer's judgement. Configure an LLM in "
    "Settings for that."
)


def offline_note(grader_name: str) -> None:
    """Said before the first answer, so the feedback's nature is no surprise."""
    if grader_name == "offline":
        st.caption(OFFLINE_NOTE)


def _saved_not_graded(exc: service.GradingFailed) -> None:
    if isinstance(exc, service.StillBeingAnswered):
        st.warning(escape_markdown(redact(str(exc.__cause__))))
        return
    # The cause may quote the model's own words (a refusal): text, never Markdown.
    st.error(
        f"{escape_markdown(redact(str(exc.__cause__)))} Your answer is saved (#{exc.attempt_id}): "
        "retry, or grade it with the offline grader."
    )


def grade_saved(attempt_id: int, grader_name: str) -> bool:
    """Grade (or re-grade) a stored answer; on failure say what to do, never show a traceback."""
    try:
        with st.spinner(f"Grading with {grader_label(grader_name)}..."):
            service.regrade(engine(), attempt_id, service.grader_for(resolved(grader_name)))
        return True
    except service.GradingFailed as exc:
        _saved_not_graded(exc)
    except Exception as exc:  # a known failure says itself; a bug goes to the log
        report(exc, "Grading failed unexpectedly.", f"Your answer stays saved (#{attempt_id}).")
    return False


def submit_and_grade(
    question: Question,
    text: str,
    elapsed_s: int,
    submission_key: str,
    grader_name: str,
    diagram: str | None = None,
) -> int | None:
    """Submit (the stored draft under this key, in place) and grade. A repeated submit of the
    same draft (a double click, a second tab) makes no second attempt and no second grade. The
    attempt's id, graded or not; None only when not even the save worked."""
    try:
        with st.spinner(f"Grading with {grader_label(grader_name)}..."):
            outcome = service.grade_answer(
                engine(),
                question,
                text,
                grader=service.grader_for(resolved(grader_name)),
                elapsed_s=elapsed_s,
                submission_key=submission_key,
                diagram=diagram,
            )
        return outcome.attempt_id
    except service.GradingFailed as exc:
        _saved_not_graded(exc)
        return exc.attempt_id
    except Exception as exc:  # a known failure says itself; a bug goes to the log
        report(
            exc,
            "Submitting failed unexpectedly.",
            "Your text stays in the box: submit again once that is fixed.",
        )
        return None
