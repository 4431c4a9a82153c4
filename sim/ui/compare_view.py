"""Two attempts at the same question side by side: levels, the change per dimension, the texts."""

import logging

import pandas as pd
import streamlit as st

from sim import review
from sim.domain.history import Comparison, HistoryRow, render_word_diff
from sim.domain.records import AttemptRecord
from sim.ui.shell import engine
from sim.ui.text import escape_markdown

log = logging.getLogger("sim.ui.compare")


def _when(row: HistoryRow | AttemptRecord) -> str:
    moment = row.submitted_at or row.started_at
    return f"{moment:%Y-%m-%d %H:%M}"


def _level(value: int | float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}"


def _change(value: int | float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    if value == 0:
        return "no change"
    return f"{'+' if value > 0 else '−'}{abs(value):.{digits}f}"


def comparison_rows(comparison: Comparison) -> list[dict[str, str]]:
    before = f"#{comparison.before.id} (earlier)"
    after = f"#{comparison.after.id} (later)"
    rows = [
        {
            "Score": "Overall",
            before: _level(comparison.overall_before, 2),
            after: _level(comparison.overall_after, 2),
            "Change": _change(comparison.overall_change, 2),
        }
    ]
    for dim in comparison.dimensions:
        rows.append(
            {
                "Score": dim.title,
                before: _level(dim.before),
                after: _level(dim.after),
                "Change": _change(dim.change),
            }
        )
    return rows


def summary(comparison: Comparison) -> str:
    moved = [
        f"{d.title} {'rose' if d.change > 0 else 'fell'} {d.before} → {d.after}"
        for d in comparison.dimensions
        if d.change
    ]
    return "; ".join(moved) + "." if moved else "No dimension level changed."


def _answer_column(title: str, attempt: AttemptRecord) -> None:
    grade = attempt.latest_grade
    score = (
        f"overall {grade.overall:.2f} · {grade.signal}"
        if grade and grade.overall is not None
        else None
    )
    score = score or (grade.signal if grade else "not graded")
    st.markdown(f"**{title}** · #{attempt.id} · {_when(attempt)} · {escape_markdown(score)}")
    st.code(attempt.answer, language=None, wrap_lines=True)


def render_compare(attempt: AttemptRecord, others: list[HistoryRow]) -> None:
    """`others`: the other answers to the same question, newest first."""
    st.subheader("Compare with another attempt at the same question")
    if not others:
        st.caption(
            "This is your only answer to this question so far. Practise it again, then compare "
            "the two attempts here."
        )
        return
    # Default: the attempt just before this one (else the closest later one).
    earlier = [r for r in others if r.attempt_id < attempt.id]
    default = others.index(earlier[0]) if earlier else len(others) - 1
    labels = {r.attempt_id: f"#{r.attempt_id} · {_when(r)} · {r.status}" for r in others}
    for row in others:
        if row.overall is not None:
            labels[row.attempt_id] += f" · overall {row.overall:.2f}"
    other_id = st.selectbox(
        "Compare with",
        list(labels),
        index=default,
        format_func=labels.__getitem__,
        key=f"compare_with::{attempt.id}",
    )
    try:
        comparison = review.compare(engine(), attempt.id, other_id)
    except Exception:
        log.exception("comparing attempts %s and %s failed", attempt.id, other_id)
        st.error("These two answers could not be compared. Both are still stored.")
        return

    st.table(pd.DataFrame(comparison_rows(comparison)).set_index("Score"))
    st.caption(escape_markdown(summary(comparison)))
    left, right = st.columns(2)
    with left:
        _answer_column("Earlier", comparison.before)
    with right:
        _answer_column("Later", comparison.after)
    label = f"Word-level changes (+{comparison.words_added} / −{comparison.words_removed} words)"
    with st.expander(label):
        st.caption("[-removed words-] {+added words+}, from the earlier answer to the later one.")
        st.code(render_word_diff(comparison.diff), language=None, wrap_lines=True)
