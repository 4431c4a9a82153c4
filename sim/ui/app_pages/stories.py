"""Stories: write STAR stories, grade them, see which questions they cover, rehearse them against
the clock, and move them in and out as Markdown."""

import functools
import logging
from collections.abc import Callable

import streamlit as st
from pydantic import ValidationError

from sim import service as answers
from sim.llm.errors import LLMError
from sim.stories import service as stories
from sim.stories.checks import MIN_PART_WORDS
from sim.stories.coverage import OVERUSE_LIMIT, CoverageMatrix
from sim.stories.model import (
    STAFF_BAR,
    STAR_FIELDS,
    StoryError,
    StoryFields,
    StoryGradeRecord,
    StoryRecord,
)
from sim.stories.text import (
    TARGET_MAX_S,
    TARGET_MIN_S,
    format_duration,
    story_answer,
    story_words,
    timing_note,
    word_count,
)
from sim.stories.views import competency_rows, question_rows, story_rows
from sim.ui import clock
from sim.ui.feedback_view import render_feedback
from sim.ui.grading import grader_label
from sim.ui.shell import engine, storage_caption
from sim.ui.text import escape_markdown, format_seconds

log = logging.getLogger("sim.ui.stories")
NEW = 0  # the "new story" choice in the story picker
FLASH = "stories_flash"
TEXT_FIELDS = (*STAR_FIELDS, ("metrics", "Metrics"))
PLACEHOLDERS = {
    "situation": "Where and when, what was at stake, for whom (two or three sentences).",
    "task": "What you personally owned, and why it was hard.",
    "action": "What you did, step by step: options weighed, decisions, how you won people over.",
    "result": "What changed, with numbers: latency, cost, incidents, adoption, time.",
    "lesson": "What you learned, or would do differently next time.",
    "metrics": "e.g. p99 900 ms → 250 ms; $40k/month saved; 11 of 12 teams migrated",
}


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _safe(action: Callable[..., None]) -> Callable[..., None]:
    """A button callback that reports an unexpected failure as a sentence, never a traceback."""

    @functools.wraps(action)
    def run(*args: object) -> None:
        try:
            action(*args)
        except Exception:  # the detail goes to the log
            log.exception("stories: %s failed", action.__name__)
            _flash("error", "That did not work because of an unexpected error (see the log).")

    return run


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


@_safe
def _save(story_id: int) -> None:
    try:
        saved = stories.save_story(engine(), _fields_from_state(story_id), story_id or None)
    except ValidationError as exc:
        fields = ", ".join(str(e["loc"][0]) for e in exc.errors())
        _flash("error", f"Not saved: check {fields} (a story needs a title).")
        return
    except StoryError as exc:
        _flash("error", f"Not saved: {exc}.")
        return
    if story_id == NEW:  # a blank form for the next new story
        for name in [k for k in st.session_state if str(k).endswith(f"::{NEW}")]:
            if str(name).startswith("story_"):
                del st.session_state[name]
    st.session_state["story_choice"] = saved.id
    _flash("success", f"Saved story #{saved.id}: {saved.title}.")


@_safe
def _grade(story_id: int) -> None:
    grader_name = st.session_state.get("story_grader", "offline")
    question_id = st.session_state.get("story_grade_question", "")
    try:
        grader = answers.grader_for(grader_name)
        grade = stories.grade_story(engine(), story_id, grader, question_id)
        _flash("success", f"Graded story #{story_id}: {grade.signal}.")
    except stories.StoryGradingFailed as exc:
        _flash("error", f"{exc.__cause__} The story is saved: retry, or grade it offline.")
    except (StoryError, LLMError) as exc:
        _flash("error", str(exc))


@_safe
def _delete(story_id: int) -> None:
    stories.delete_story(engine(), story_id)
    st.session_state["story_choice"] = NEW
    _flash("success", f"Deleted story #{story_id}.")


@_safe
def _rehearse(story_id: int, question_id: str) -> None:
    told = st.session_state.get(f"rehearse_told::{story_id}", "")
    started = st.session_state.get("rehearse_started")
    elapsed = int(clock.now() - started) if started else None
    try:
        record, diff = stories.rehearse(engine(), story_id, question_id, told, elapsed)
    except StoryError as exc:
        _flash("error", str(exc))
        return
    st.session_state["rehearse_result"] = (story_id, record.elapsed_s, diff)
    st.session_state.pop("rehearse_started", None)


@_safe
def _import() -> None:
    upload = st.session_state.get("stories_upload")
    text = upload.getvalue().decode("utf-8", "replace") if upload else ""
    text = text or st.session_state.get("stories_import_text", "")
    if not text.strip():
        _flash("warning", "Nothing to import: upload a Markdown export or paste one.")
        return
    try:
        report = stories.import_markdown(engine(), text)
    except StoryError as exc:
        _flash("error", f"Nothing imported: {exc}.")
        return
    _flash(
        "success",
        f"Imported {len(report.imported)} stories; skipped {len(report.skipped)} already in "
        "the bank.",
    )


def _render_story_grade(story: StoryFields, grade: StoryGradeRecord) -> None:
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


def _story_tab(all_stories: list[StoryRecord], usage: dict[int, int]) -> None:
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
    if story is None:
        return

    st.subheader("Grade this story")
    g_col, q_col = st.columns([1, 3])
    g_col.selectbox(
        "Grader", answers.grader_choices(), format_func=grader_label, key="story_grader"
    )
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
        _render_story_grade(story, grades[-1])
    else:
        st.caption("Not graded yet.")
    with st.expander("Delete this story"):
        sure = st.checkbox("Yes, delete it with its grades and rehearsals", key="story_delete_ok")
        st.button(
            "Delete story", key="story_delete", disabled=not sure, on_click=_delete, args=(sid,)
        )


def _coverage_tab(matrix: CoverageMatrix) -> None:
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


def _rehearse_tab(all_stories: list[StoryRecord]) -> None:
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


def _io_tab(has_stories: bool) -> None:
    text = stories.export_markdown(engine())
    st.download_button(
        "Download all stories (Markdown)",
        data=text,
        file_name="star-stories.md",
        mime="text/markdown",
        disabled=not has_stories,
        key="stories_download",
    )
    if has_stories:
        with st.expander("Preview the export"):
            st.code(text, language="markdown", wrap_lines=True)
    st.markdown("**Import**")
    st.caption("Stories already in the bank (same title and text) are skipped, never duplicated.")
    st.file_uploader("Markdown export", type=["md", "markdown", "txt"], key="stories_upload")
    st.text_area("…or paste it here", key="stories_import_text", height=120)
    st.button("Import stories", key="stories_import", on_click=_import)


st.title("Stories")
st.caption(
    "Your STAR story bank: a small set of strong, reusable stories for the behavioral loop. "
    "Grades come from the same graders as answers; rewrites come from the story itself."
)
flash = st.session_state.pop(FLASH, None)
if flash:
    kind, message = flash
    getattr(st, kind)(escape_markdown(message))

try:
    all_stories = stories.list_stories(engine())
    matrix = stories.coverage(engine())
except Exception:  # never a traceback on the page
    log.exception("loading the story bank failed")
    st.error("The story bank could not be loaded. See the log for details.")
    st.stop()
st.progress(
    min(1.0, matrix.staff_covered / matrix.target),
    text=f"Milestone: {matrix.staff_covered} of {matrix.target} behavioral questions covered by a "
    "story graded at Staff level",
)
bank_tab, coverage_tab, rehearse_tab, io_tab = st.tabs(
    ["Story bank", "Coverage", "Rehearse", "Import / export"]
)
with bank_tab:
    _story_tab(all_stories, matrix.usage)
with coverage_tab:
    _coverage_tab(matrix)
with rehearse_tab:
    _rehearse_tab(all_stories)
with io_tab:
    _io_tab(bool(all_stories))
st.caption(storage_caption())
