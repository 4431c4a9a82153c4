"""The "Grader" choice every grading page offers (offline, the environment's provider, each
profile, the default marked) and its resolution with this browser session's keys."""

import streamlit as st

from sim import service
from sim.providers import choices
from sim.providers.choices import GraderChoice
from sim.providers.keys import KeyRing
from sim.ui import state_keys as keys
from sim.ui.text import escape_markdown


def key_ring() -> KeyRing:
    """The keys typed in this browser session (in memory only), over the remembered ones."""
    return st.session_state.setdefault(keys.PROVIDER_KEYS, KeyRing())


def resolved(choice: str | GraderChoice | None) -> GraderChoice:
    """The settings this choice grades with; raises an LLMError saying what is missing."""
    return choices.resolve(choice, key_ring().get)


def grader_label(choice: str) -> str:
    return choices.label(choice)


def grader_select(key: str, container=st) -> str:  # noqa: ANN001 - st or a column
    """The selectbox; a choice that disappeared (a deleted profile) falls back to the default."""
    _, problem = choices.stored_profiles()
    if problem:
        st.warning(
            escape_markdown(problem) + " Only the offline and environment graders are offered."
        )
    options = service.grader_choices()
    if st.session_state.get(key) not in (None, *options):
        del st.session_state[key]
    default = options[0]
    return container.selectbox(
        "Grader",
        options,
        format_func=lambda c: choices.label(c, default=default),
        key=key,
        help="Add and test LLM providers on Settings; the default is marked.",
    )


def probe_grader(graded_by: str, picked: str) -> str | GraderChoice:
    """Who reads the interviewer's next probe out of a grade: an LLM grade's proposed probe
    needs an LLM grader (no call is made), the one picked now when it is an LLM, with this
    session's keys; else the bank's ladder (offline)."""
    if graded_by != "llm":
        return graded_by
    try:
        return resolved(picked if choices.is_llm(picked) else choices.ENV_CHOICE)
    except Exception:  # no LLM usable now: the bank's ladder asks
        return choices.OFFLINE


def resolved_or_offline(choice: str) -> GraderChoice:
    """For a page that grades on its own (the interview clock): a choice that cannot be used
    now is said, and the offline grader stands in so no answer waits on it."""
    try:
        return resolved(choice)
    except Exception as exc:  # an LLMError (no key in this session, profile gone)
        st.error(f"{escape_markdown(str(exc))} Grading offline until then.")
        return GraderChoice(choices.OFFLINE)
