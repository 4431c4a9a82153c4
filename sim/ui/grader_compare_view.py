"""Compare graders: one stored answer graded by two graders (the offline grader and a profile,
or two profiles) side by side, both levels per dimension and their spread, as text. The answer's
own grade is not changed."""

import logging

import pandas as pd
import streamlit as st

from sim import service
from sim.domain.agreement import Agreement
from sim.grader_comparison import compare_graders
from sim.providers import choices
from sim.ui import state_keys as keys
from sim.ui.grader_choice import resolved
from sim.ui.shell import engine, report
from sim.ui.text import escape_markdown

log = logging.getLogger("sim.ui.grader_compare")


def _level(value: int | float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def agreement_rows(agreement: Agreement) -> list[dict[str, str]]:
    a, b = agreement.label_a, agreement.label_b
    if a == b:
        a, b = f"{a} (first)", f"{b} (second)"
    rows = [
        {
            "Score": "Overall",
            a: _level(agreement.overall_a, 2),
            b: _level(agreement.overall_b, 2),
            "Spread": _level(
                abs(agreement.overall_a - agreement.overall_b)
                if agreement.overall_a is not None and agreement.overall_b is not None
                else None,
                2,
            ),
            "Agreement": f"{agreement.signal_a} / {agreement.signal_b}",
        }
    ]
    for dim in agreement.dimensions:
        rows.append(
            {
                "Score": dim.title,
                a: _level(dim.level_a),
                b: _level(dim.level_b),
                "Spread": _level(dim.spread),
                "Agreement": dim.agreement,
            }
        )
    return rows


def _run(attempt_id: int, first: str, second: str) -> None:
    try:
        graders = [
            (choices.label(c, mark_default=False), service.grader_for(resolved(c)))
            for c in (first, second)
        ]
        with st.spinner("Grading with both graders..."):
            result = compare_graders(engine(), attempt_id, graders[0], graders[1])
    except Exception as exc:  # a known failure says itself; a bug goes to the log
        report(exc, "Comparing the graders failed.", "Your answer and its grade are unchanged.")
        return
    st.session_state.setdefault(keys.COMPARE_RESULT, {})[attempt_id] = result.agreement


def render_grader_compare(attempt_id: int) -> None:
    options = service.grader_choices()
    # A container, not an expander: the result must stay open across the rerun that made it.
    with st.container(border=True, key=f"compare_graders::{attempt_id}"):
        st.markdown("**Compare graders on this answer**")
        left, right = st.columns(2)
        offline_first = [choices.OFFLINE, *[o for o in options if o != choices.OFFLINE]]
        first = left.selectbox(
            "First grader", offline_first, format_func=choices.label, key=f"cmp_a::{attempt_id}"
        )
        others = [o for o in options if o != first] or options
        second = right.selectbox(
            "Second grader", others, format_func=choices.label, key=f"cmp_b::{attempt_id}"
        )
        if st.button("Compare graders", key=f"cmp_go::{attempt_id}"):
            _run(attempt_id, first, second)
        agreement = st.session_state.get(keys.COMPARE_RESULT, {}).get(attempt_id)
        if agreement is not None:
            st.table(pd.DataFrame(agreement_rows(agreement)).set_index("Score"))
            st.caption(escape_markdown(agreement.summary()))
