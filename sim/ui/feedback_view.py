"""Renders stored feedback: per-dimension level, reason, evidence and what the next level needs."""

import streamlit as st

from sim.domain.feedback import Feedback
from sim.domain.records import GradeRecord
from sim.ui.text import escape_markdown, highlight_quotes, numbered_list

_LEVEL_BADGE = {None: "—", 1: "1", 2: "2", 3: "3", 4: "4"}


def render_highlighted_answer(answer: str, feedback: Feedback) -> None:
    quotes = [q for dim in feedback.dimensions for q in dim.evidence]
    with st.expander("Your answer, evidence highlighted"):
        st.markdown(highlight_quotes(answer, quotes))


def render_grade(grade: GradeRecord) -> None:
    render_feedback(grade.feedback, grade.grader, grade.model, grade.verdict.spread)
    for note in grade.verdict.notes:
        if not note.startswith("Heuristic grade"):  # the info box above already says so
            st.caption(f"ℹ️ {escape_markdown(note)}")
    parts = [f"rubric {grade.rubric_version}"]
    if grade.prompt_id:
        parts.append(f"prompt {grade.prompt_id} v{grade.prompt_version} ({grade.prompt_hash})")
    if grade.tokens_in is not None:
        parts.append(f"{grade.tokens_in:,} tokens in / {grade.tokens_out or 0:,} out")
    if grade.cost_usd is not None:
        parts.append(f"${grade.cost_usd:.4f}")
    elif grade.grader == "llm":
        parts.append("cost unknown (no price for this model)")
    st.caption(" · ".join(escape_markdown(p) for p in parts))


def render_feedback(
    feedback: Feedback, grader: str, model: str, spread: dict[str, int] | None = None
) -> None:
    overall = f"{feedback.overall:.2f} / 4" if feedback.overall is not None else "—"
    st.subheader(f"Overall: {feedback.signal}")
    st.caption(f"{overall} · {escape_markdown(feedback.derivation)}")
    if grader == "offline":
        st.info(
            "Graded by the offline heuristic grader (keyword and structure signals, no LLM). "
            "Use it for practice signal, not as an interviewer's verdict.",
            icon="ℹ️",
        )
    else:
        st.caption(f"Graded by {escape_markdown(grader)} · {escape_markdown(model)}")

    if feedback.first_gap:
        st.warning(f"**First gap:** {escape_markdown(feedback.first_gap)}", icon="🎯")
    columns = st.columns(len(feedback.dimensions))
    spread = spread or {}
    for column, dim in zip(columns, feedback.dimensions, strict=True):
        label = dim.level_label
        if dim.dimension.value in spread:
            label += f" · spread ±{spread[dim.dimension.value]}"
        column.metric(dim.title, _LEVEL_BADGE.get(dim.level, "—"), label, delta_color="off")

    for dim in feedback.dimensions:
        with st.expander(f"{dim.title} — {dim.level_label}", expanded=True):
            st.markdown(f"**Why:** {escape_markdown(dim.reason)}")
            if dim.confidence:
                because = f" — {dim.confidence_reason}" if dim.confidence_reason else ""
                st.caption(escape_markdown(f"Confidence: {dim.confidence}{because}"))
            if dim.anchor:
                st.caption(f"Level {dim.level} looks like: {escape_markdown(dim.anchor)}")
            if dim.evidence:
                st.markdown("**Evidence from your answer:**")
                for quote in dim.evidence:
                    st.markdown(f"> {escape_markdown(quote)}")
            st.markdown(f"**To reach the next level:** {escape_markdown(dim.next_level)}")

    left, right = st.columns(2)
    with left:
        st.markdown("**Key points covered**")
        for point in feedback.key_points_covered or ["(none)"]:
            st.markdown(f"- ✅ {escape_markdown(point)}")
            if point in feedback.key_point_evidence:
                st.caption(escape_markdown(f"“{feedback.key_point_evidence[point]}”"))
        st.markdown("**Key points missed**")
        for point in feedback.key_points_missed or ["(none)"]:
            st.markdown(f"- ⬜ {escape_markdown(point)}")
    with right:
        if feedback.checklist:
            st.markdown("**Checklist**")
            for item, done in feedback.checklist.items():
                st.markdown(f"- {'✅' if done else '⬜'} {escape_markdown(item.replace('_', ' '))}")
        if feedback.improvements:
            st.markdown("**What would lift this answer most**")
            st.markdown(numbered_list(feedback.improvements))
