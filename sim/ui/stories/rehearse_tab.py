"""The Rehearse tab: tell a story against the clock, then compare it with the written version."""

import streamlit as st

from sim.domain.stories import StoryError, StoryRecord
from sim.stories import service as stories
from sim.stories.rehearsal import RehearsalDiff
from sim.stories.text import (
    TARGET_MAX_S,
    TARGET_MIN_S,
    format_duration,
    story_answer,
    story_words,
    timing_note,
    word_count,
)
from sim.ui import clock
from sim.ui.shell import engine
from sim.ui.stories.common import TEXT_FIELDS, flash, safe
from sim.ui.text import escape_markdown, format_seconds


@safe
def _rehearse(story_id: int, question_id: str) -> None:
    told = st.session_state.get(f"rehearse_told::{story_id}", "")
    started = st.session_state.get("rehearse_started")
    elapsed = int(clock.now() - started) if started else None
    try:
        record, diff = stories.rehearse(engine(), story_id, question_id, told, elapsed)
    except StoryError as exc:
        flash("error", str(exc))
        return
    st.session_state["rehearse_result"] = (story_id, record.elapsed_s, diff)
    st.session_state.pop("rehearse_started", None)


def _render_clock() -> None:
    start_col, _ = st.columns([1, 3])
    if start_col.button("Start the clock", key="rehearse_start"):
        st.session_state["rehearse_started"] = clock.now()
    started = st.session_state.get("rehearse_started")
    if started:

        @st.fragment(run_every=1)
        def _timer() -> None:
            elapsed = int(clock.now() - started)
            band = (
                "keep going"
                if elapsed < TARGET_MIN_S
                else "in the 2-3 min window"
                if elapsed <= TARGET_MAX_S
                else "over 3 min: wrap up"
            )
            st.markdown(f"⏱️ **{format_seconds(elapsed)}** — {band}")

        _timer()


def _render_diff(elapsed: int | None, diff: RehearsalDiff) -> None:
    a, b, c, d = st.columns(4)
    a.metric("Kept", f"{diff.kept_share:.0%}")
    b.metric("Dropped", len(diff.dropped))
    c.metric("Added", len(diff.added))
    d.metric("Spoken (est.)", format_duration(diff.told_speaking_s))
    if elapsed is not None:
        st.caption(f"Clock: {format_seconds(elapsed)} (target 2:00-3:00)")
    for part in diff.dropped_parts:
        label = dict(TEXT_FIELDS)[part]
        st.warning(f"You left out the {label} entirely.")
    if diff.dropped_numbers:
        st.warning("Numbers you did not say: " + escape_markdown(", ".join(diff.dropped_numbers)))
    if diff.dropped:
        st.markdown("**Dropped from the written story**")
        for item in diff.dropped:
            st.text(f"[{item.field}] {item.text}")
    if diff.added:
        st.markdown("**Added while telling** (keep it if it helps; write it into the story)")
        for sentence in diff.added:
            st.text(sentence)
    if diff.reworded:
        with st.expander(f"Said in other words ({len(diff.reworded)})"):
            for written, said in diff.reworded:
                st.text(f"written: {written}\ntold:    {said}")


def render_rehearse_tab(all_stories: list[StoryRecord]) -> None:
    """Pick a question and a story (best fit first), tell it, and see what was kept or dropped."""
    if not all_stories:
        st.info("Write a story first; then tell it here against the clock.")
        return
    questions = {q.id: q for q in stories.behavioral_questions()}
    qid = st.selectbox(
        "Question",
        list(questions),
        format_func=lambda q: f"{q} — {questions[q].prompt[:80]}",
        key="rehearse_question",
    )
    st.markdown(f"#### {escape_markdown(questions[qid].prompt)}")
    by_id = {s.id: s for s in all_stories}
    ranked = stories.suggest(engine(), qid)
    fits = {f.story_id: f.score for f in ranked}
    order = [f.story_id for f in ranked] + [i for i in by_id if i not in fits]
    sid = st.selectbox(
        "Story",
        order,
        format_func=lambda i: (
            f"#{i} {by_id[i].title}"
            + (f" (suggested, fit {fits[i]:.2f})" if i == order[0] and i in fits else "")
        ),
        key=f"rehearse_story::{qid}",
    )
    story = by_id[sid]
    written_words = story_words(story)
    st.caption(f"Written version: {timing_note(written_words)}")
    with st.expander("The written version"):
        st.code(story_answer(story), language=None, wrap_lines=True)

    _render_clock()
    told = st.text_area(
        "Tell it (type as you speak, or paste a transcript)",
        key=f"rehearse_told::{sid}",
        height=220,
    )
    st.caption(f"Told version: {timing_note(word_count(told))}")
    st.button(
        "Compare with the written story",
        type="primary",
        key="rehearse_compare",
        on_click=_rehearse,
        args=(sid, qid),
    )
    result = st.session_state.get("rehearse_result")
    if not result or result[0] != sid:
        return
    _, elapsed, diff = result
    _render_diff(elapsed, diff)
