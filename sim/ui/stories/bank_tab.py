"""The Story bank tab: the list of stories, the STAR editor, grading and deleting."""

import streamlit as st
from pydantic import ValidationError

from sim import service as answers
from sim.domain.stories import StoryError, StoryFields, StoryRecord
from sim.llm.errors import LLMError
from sim.stories import service as stories
from sim.stories.text import timing_note, word_count
from sim.stories.views import story_rows
from sim.ui.grader_choice import grader_select, resolved
from sim.ui.shell import engine
from sim.ui.stories.common import TEXT_FIELDS, flash, safe
from sim.ui.stories.grade_view import render_story_grade

NEW = 0  # the "new story" choice in the story picker
PLACEHOLDERS = {
    "situation": "Where and when, what was at stake, for whom (two or three sentences).",
    "task": "What you personally owned, and why it was hard.",
    "action": "What you did, step by step: options weighed, decisions, how you won people over.",
    "result": "What changed, with numbers: latency, cost, incidents, adoption, time.",
    "lesson": "What you learned, or would do differently next time.",
    "metrics": "e.g. p99 900 ms → 250 ms; $40k/month saved; 11 of 12 teams migrated",
}


def _key(name: str, story_id: int) -> str:
    return f"story_{name}::{story_id}"


def _fields_from_state(story_id: int) -> StoryFields:
    state = st.session_state
    values = {name: state.get(_key(name, story_id), "") for name, _ in TEXT_FIELDS}
    return StoryFields(
        title=state.get(_key("title", story_id), ""),
        role=state.get(_key("role", story_id), ""),
        dates=state.get(_key("dates", story_id), ""),
        tags=state.get(_key("tags", story_id), []),
        **values,
    )


@safe
def _save(story_id: int) -> None:
    try:
        saved = stories.save_story(engine(), _fields_from_state(story_id), story_id or None)
    except ValidationError as exc:
        fields = ", ".join(str(e["loc"][0]) for e in exc.errors())
        flash("error", f"Not saved: check {fields} (a story needs a title).")
        return
    except StoryError as exc:
        flash("error", f"Not saved: {exc}.")
        return
    if story_id == NEW:  # a blank form for the next new story
        for name in [k for k in st.session_state if str(k).endswith(f"::{NEW}")]:
            if str(name).startswith("story_"):
                del st.session_state[name]
    st.session_state["story_choice"] = saved.id
    flash("success", f"Saved story #{saved.id}: {saved.title}.")


@safe
def _grade(story_id: int) -> None:
    grader_name = st.session_state.get("story_grader", "offline")
    question_id = st.session_state.get("story_grade_question", "")
    try:
        grader = answers.grader_for(resolved(grader_name))
        grade = stories.grade_story(engine(), story_id, grader, question_id)
        flash("success", f"Graded story #{story_id}: {grade.signal}.")
    except stories.StoryGradingFailed as exc:
        flash("error", f"{exc.__cause__} The story is saved: retry, or grade it offline.")
    except (StoryError, LLMError) as exc:
        flash("error", str(exc))


@safe
def _delete(story_id: int) -> None:
    stories.delete_story(engine(), story_id)
    st.session_state["story_choice"] = NEW
    flash("success", f"Deleted story #{story_id}.")


def _render_grading(story: StoryRecord) -> None:
    sid = story.id
    st.subheader("Grade this story")
    g_col, q_col = st.columns([1, 3])
    grader_select("story_grader", g_col)
    questions = {q.id: q for q in stories.behavioral_questions()}
    q_col.selectbox(
        "Grade against",
        ["", *questions],
        format_func=lambda q: (
            "On its own (a question from its competencies)"
            if not q
            else f"{q} — {questions[q].prompt[:80]}"
        ),
        key="story_grade_question",
    )
    st.button("Grade story", key="story_grade", on_click=_grade, args=(sid,))
    grades = stories.grades(engine(), sid)
    if grades:
        render_story_grade(story, grades[-1])
    else:
        st.caption("Not graded yet.")
    with st.expander("Delete this story"):
        sure = st.checkbox("Yes, delete it with its grades and rehearsals", key="story_delete_ok")
        st.button(
            "Delete story", key="story_delete", disabled=not sure, on_click=_delete, args=(sid,)
        )


def render_bank_tab(all_stories: list[StoryRecord], usage: dict[int, int]) -> None:
    """The stories table, the editor for a new or chosen story, and its grade."""
    comps = stories.competencies()
    if not all_stories:
        st.info(
            "No stories yet. Write your first one below, or import a Markdown export. "
            "Aim for 15-20: incident, migration, cost reduction, security hardening, "
            "influence without authority, mentoring, disagreements between teams."
        )
    else:
        rows = story_rows(all_stories, stories.grades(engine()), usage)
        for row in rows:
            row["tags"] = ", ".join(row["tags"])
            row["signal"] = row["signal"] + (" (edited since)" if row["stale"] else "")
            del row["stale"], row["speaking_s"]
        st.dataframe(rows, hide_index=True, width="stretch")
    by_id = {s.id: s for s in all_stories}
    if st.session_state.get("story_choice") not in (NEW, *by_id):
        st.session_state["story_choice"] = NEW
    sid = st.selectbox(
        "Story",
        [NEW, *by_id],
        format_func=lambda i: "➕ New story" if i == NEW else f"#{i} {by_id[i].title}",
        key="story_choice",
    )
    story = by_id.get(sid)
    st.text_input("Title", value=story.title if story else "", key=_key("title", sid))
    left, mid, right = st.columns([1, 1, 2])
    left.text_input("Dates", value=story.dates if story else "", key=_key("dates", sid))
    mid.text_input("Your role", value=story.role if story else "", key=_key("role", sid))
    right.multiselect(
        "Competencies",
        list(comps),
        default=[t for t in (story.tags if story else []) if t in comps],
        format_func=lambda c: comps[c].title,
        key=_key("tags", sid),
    )
    for name, label in TEXT_FIELDS:
        st.text_area(
            label,
            value=getattr(story, name) if story else "",
            key=_key(name, sid),
            height=140 if name == "action" else 90,
            placeholder=PLACEHOLDERS[name],
        )
    draft_words = sum(word_count(st.session_state.get(_key(n, sid), "")) for n, _ in TEXT_FIELDS)
    st.caption(f"Written story: {timing_note(draft_words)}")
    st.button("Save story", type="primary", key="story_save", on_click=_save, args=(sid,))
    if story is not None:
        _render_grading(story)
