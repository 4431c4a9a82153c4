"""The latest grade of a story: STAR checks, scope words, rewrite suggestions and feedback."""

import streamlit as st

from sim.domain.stories import StoryFields, StoryGradeRecord
from sim.stories.checks import MIN_PART_WORDS
from sim.ui.feedback_view import render_feedback
from sim.ui.text import escape_markdown


def render_story_grade(story: StoryFields, grade: StoryGradeRecord) -> None:
    """Show one grade of a story, warning when the story changed since it was graded."""
    if grade.content_key != story.content_key():
        st.warning("The story changed since this grade: grade it again.")
    st.caption(f"Graded against: {escape_markdown(grade.question)}")
    checks = grade.checks
    share = f"{checks.action_i_share:.0%}" if checks.action_i_share is not None else "—"
    done = sum(checks.parts[p] >= MIN_PART_WORDS for p in ("situation", "task", "action", "result"))
    cols = st.columns(5)
    cols[0].metric("STAR parts", f"{done}/4")
    cols[1].metric("'I' in Action", share)
    cols[2].metric("Numbers in result", "yes" if checks.quantified else "no")
    cols[3].metric("Staff scope", "yes" if checks.scope and checks.influence else "no")
    cols[4].metric("Reflection", "yes" if checks.reflection else "no")
    if checks.numbers:
        st.caption("Numbers: " + escape_markdown(", ".join(checks.numbers)))
    st.caption(
        "Scope words: "
        + escape_markdown(", ".join(checks.scope + checks.influence + checks.ambiguity) or "none")
    )
    st.markdown("**Rewrite suggestions**")
    for tip in grade.suggestions or ["Nothing to rewrite: rehearse it out loud."]:
        st.markdown(f"1. {escape_markdown(tip)}")
    render_feedback(grade.feedback, grade.grader, grade.model, grade.verdict.spread)
