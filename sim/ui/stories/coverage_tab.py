"""The Coverage tab: which questions and competencies have a story, and which story fits best."""

import streamlit as st

from sim.domain.stories import STAFF_BAR
from sim.stories import service as stories
from sim.stories.coverage import OVERUSE_LIMIT, CoverageMatrix
from sim.stories.views import competency_rows, question_rows
from sim.ui.shell import engine
from sim.ui.text import escape_markdown


def _render_best_fit() -> None:
    comps = stories.competencies()
    st.markdown("**Which story fits a question best?**")
    questions = {q.id: q for q in stories.behavioral_questions()}
    qid = st.selectbox(
        "Question",
        list(questions),
        format_func=lambda q: f"{q} — {questions[q].prompt[:80]}",
        key="fit_question",
    )
    st.caption(escape_markdown(questions[qid].prompt))
    ranked = stories.suggest(engine(), qid)
    if not ranked:
        st.info("No story fits this question yet: tag one with its competencies, or write one.")
    for fit in ranked[:5]:
        why = []
        if fit.shared_tags:
            why.append("competencies " + ", ".join(comps[t].title for t in fit.shared_tags))
        if fit.shared_words:
            why.append("words " + ", ".join(fit.shared_words))
        st.markdown(
            f"- **#{fit.story_id} {escape_markdown(fit.title)}** — fit {fit.score:.2f}: "
            + escape_markdown("; ".join(why))
        )


def render_coverage_tab(matrix: CoverageMatrix) -> None:
    """Coverage metrics, over-used stories, the question and competency tables, best fits."""
    comps = stories.competencies()
    total = len(matrix.questions)
    covered = total - len(matrix.uncovered_questions)
    comp_total = len(matrix.competencies)
    comp_covered = comp_total - len(matrix.uncovered_competencies)
    a, b, c = st.columns(3)
    a.metric("Questions with a story", f"{covered}/{total}")
    b.metric("Competencies with a story", f"{comp_covered}/{comp_total}")
    c.metric("Staff-level (milestone)", f"{matrix.staff_covered}/{matrix.target}")
    st.caption(
        "A question is answered by the story you graded or rehearsed against it, else by the "
        f"best fit (shared competency tags and words). Staff level = overall {STAFF_BAR} or "
        f"more; one story counts for at most {OVERUSE_LIMIT} questions toward the milestone."
    )
    for story_id in matrix.overused:
        title = next((r.story_title for r in matrix.questions if r.story_id == story_id), "")
        st.warning(
            f"Over-used: story #{story_id} “{escape_markdown(title)}” answers "
            f"{matrix.usage[story_id]} questions. Write another story for some of them."
        )
    st.dataframe(
        question_rows(matrix, comps),
        hide_index=True,
        width="stretch",
        key="coverage_questions",
    )
    st.markdown("**Competencies**")
    st.dataframe(
        competency_rows(matrix),
        hide_index=True,
        width="stretch",
        key="coverage_competencies",
    )
    _render_best_fit()
