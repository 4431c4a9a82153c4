"""History: stored answers with feedback, filters and pages, pending answers to grade, re-grades
and retries side by side, and progress charts."""

import logging

import streamlit as st

from sim import interview_room, mentoring, review, service, session_reports
from sim import sessions as sessions_service
from sim.domain.drafts import where_answered
from sim.domain.history import FilterOptions, HistoryFilters, HistoryPage, HistoryRow
from sim.domain.records import AttemptRecord
from sim.domain.statuses import AttemptStatus
from sim.domain.types import KIND_LABELS
from sim.ui import state_keys as keys
from sim.ui.comments_view import render_comments
from sim.ui.compare_view import render_compare
from sim.ui.current_user import signed_in_user_id
from sim.ui.feedback_view import render_grade
from sim.ui.grading import grade_saved, grader_label
from sim.ui.history_filters import render_filters
from sim.ui.question_labels import topic_title
from sim.ui.report_view import render_report
from sim.ui.session_list_view import choose_session, render_session_table
from sim.ui.shell import bank, engine, report, show_failure, storage_note
from sim.ui.text import escape_markdown
from sim.ui.whiteboard import render_whiteboard
from sim.user_messages import user_message

log = logging.getLogger("sim.ui.history")
PAGE_SIZES = [25, 50, 100]


def _failed(what: str, exc: Exception) -> None:
    report(
        exc,
        f"Could not {what}: the database did not answer as expected. Reload the page, and "
        "check the storage location below if this persists.",
        "Your answers are not lost.",
    )
    storage_note()
    st.stop()


def _when(row: HistoryRow) -> str:
    moment = row.submitted_at or row.started_at
    return f"{moment:%Y-%m-%d %H:%M}"


def _table(page: HistoryPage, dimension_titles: dict[str, str]) -> list[dict]:
    return [
        {
            "id": r.attempt_id,
            "when": _when(r),
            "question": r.question_id,
            "status": r.status_label,
            "overall": r.overall,
            "signal": r.signal,
            **{title: r.levels.get(dim) for dim, title in dimension_titles.items()},
            "kind": KIND_LABELS.get(r.kind, r.kind),
            "topic": topic_title(r.topic),
            "grader": r.grader,
            "session": f"#{r.session_id} {r.session_title}".strip() if r.session_id else "",
        }
        for r in page.rows
    ]


def _render_answer(attempt: AttemptRecord, row: HistoryRow) -> None:
    """One stored answer: the text, its feedback, actions, and the comparison with a retry."""
    st.markdown(f"#### {escape_markdown(attempt.prompt)}")
    moment = attempt.submitted_at or attempt.started_at
    elapsed = (
        f" · answered in {attempt.elapsed_s // 60} min {attempt.elapsed_s % 60} s"
        if attempt.elapsed_s
        else ""
    )
    st.caption(
        f"{KIND_LABELS.get(attempt.kind, attempt.kind)} · "
        f"{escape_markdown(topic_title(attempt.topic))} · {moment:%Y-%m-%d %H:%M} UTC{elapsed}"
    )
    st.markdown("**Your answer**")
    st.code(attempt.answer, language=None, wrap_lines=True)
    if attempt.diagram:
        render_whiteboard(attempt.diagram)
    if (me := signed_in_user_id()) is not None:  # the local user shares with nobody
        render_comments(mentoring.comments(engine(), me, attempt.id))

    if row.live:
        # Grading it here would submit a question the candidate is still answering.
        st.info(
            f"A live draft, still being answered {where_answered(row.session_id)}: it is graded "
            "when it is submitted there, so it cannot be graded from History."
        )
    choices = [] if row.live else service.grader_choices()
    action_cols = st.columns(len(choices) + 1)
    for column, name in zip(action_cols, choices, strict=False):
        if column.button(f"Re-grade with {grader_label(name)}", key=f"regrade::{name}"):
            grade_saved(attempt.id, name) and st.rerun()
    in_bank = attempt.question_id in bank().by_id()
    if action_cols[-1].button(
        "Practise this question again",
        key="practise_again",
        type="primary",
        disabled=not in_bank,
        help=None if in_bank else "This question is no longer in the question bank.",
    ):
        st.session_state[keys.PRACTICE_QUESTION_ID] = attempt.question_id
        st.switch_page("sim/ui/app_pages/practice.py")

    try:
        others = [
            r
            for r in review.attempts_at(engine(), attempt.question_id)
            if r.attempt_id != attempt.id
        ]
    except Exception:
        log.exception("history: listing attempts at %s failed", attempt.question_id)
        others = []
    compare_label = (
        f"Compare with another attempt ({len(others)})"
        if others
        else "Compare with another attempt"
    )
    feedback_tab, compare_tab = st.tabs(["Feedback", compare_label])
    with feedback_tab:
        _render_feedback(attempt)
    with compare_tab:
        render_compare(attempt, others)


def _render_feedback(attempt: AttemptRecord) -> None:
    if len(attempt.grades) >= 2:
        st.subheader("Grades side by side")
        st.caption(
            "The two most recent grades of this answer — after a rubric or prompt change, "
            "or with a different grader."
        )
        old, new = attempt.grades[-2], attempt.grades[-1]
        left, right = st.columns(2)
        for column, grade in ((left, old), (right, new)):
            with column:
                st.markdown(
                    f"**{escape_markdown(grade.grader)}** · {grade.created_at:%Y-%m-%d %H:%M}"
                )
                render_grade(grade)
    elif attempt.latest_grade:
        render_grade(attempt.latest_grade)
    elif attempt.status == AttemptStatus.FAILED:
        st.warning(
            f"Grading failed: {escape_markdown(attempt.last_error or '')}. The answer is saved."
        )
    elif attempt.status == AttemptStatus.DRAFT:
        st.caption("Not submitted yet, so not graded.")
    else:
        st.info("This answer is saved but not graded yet: use a Re-grade button above.")


def _render_answers(page: HistoryPage) -> None:
    rows = {r.attempt_id: r for r in page.rows}
    # The newest submitted answer opens first: a live draft is still being written.
    first = next((r.attempt_id for r in page.rows if not r.live), page.rows[0].attempt_id)
    if st.session_state.get(keys.HISTORY_CHOICE) not in rows:
        st.session_state[keys.HISTORY_CHOICE] = first
    chosen = st.selectbox(
        "Open an answer",
        list(rows),
        format_func=lambda i: (
            f"#{i} · {topic_title(rows[i].topic)} · {rows[i].question_id} · {_when(rows[i])}"
            + (" · live draft" if rows[i].live else "")
        ),
        key=keys.HISTORY_CHOICE,
    )
    try:
        attempt = service.get_attempt(engine(), chosen)
    except Exception as exc:
        _failed("open this answer", exc)
    if attempt is None:
        st.warning("This answer is no longer stored.")
        return
    _render_answer(attempt, rows[chosen])


st.title("History")

try:
    waiting = service.pending(engine())
except Exception as exc:
    waiting = []
    if message := user_message(exc):
        show_failure(message, "Your answers are not lost.")
    else:
        log.exception("history: listing answers waiting for a grade failed")
        st.warning(
            "Could not check for answers waiting for a grade; the rest of your history follows."
        )
if waiting:
    st.warning(
        f"{len(waiting)} saved answer(s) are waiting for a grade (a grader failed or the "
        "app stopped while grading)."
    )
    # A long list folds away so the filters and the table stay on a laptop's first screen.
    with st.expander("Grade them now", expanded=len(waiting) <= 3):
        for attempt in waiting[:10]:
            left, right = st.columns([4, 1], vertical_alignment="center")
            error = f" — {attempt.last_error}" if attempt.last_error else ""
            left.caption(escape_markdown(f"#{attempt.id} · {attempt.question_id}{error}"))
            if right.button("Grade now", key=f"pending::{attempt.id}"):
                grade_saved(attempt.id, service.grader_choices()[0]) and st.rerun()

try:
    options = review.filter_options(engine())
    dimension_titles = review.dimension_titles()
except Exception as exc:
    _failed("read your history", exc)
if not options.total:
    st.info("No answers yet. Answer a question on the Practice page and it will appear here.")
    storage_note()
    st.stop()

filters = render_filters(options, dimension_titles)
# A new filter starts again at page 1 (set before the page input exists in this run).
signature = filters.model_dump_json()
if st.session_state.get("hist_filter_signature") != signature:
    st.session_state["hist_filter_signature"] = signature
    st.session_state["hist_page"] = 1


def _answers_tab(filters: HistoryFilters, dimension_titles: dict[str, str]) -> None:
    page_size = st.session_state.get("hist_page_size", 50)
    try:
        page = review.history_page(
            engine(), filters, st.session_state.get("hist_page", 1), page_size
        )
    except Exception as exc:
        _failed("load this page of answers", exc)
    if not page.rows:
        st.info(
            "No answer matches these filters. Widen the dates or the score range, or press "
            "Reset filters."
        )
    else:
        first = (page.page - 1) * page.page_size + 1
        last = first + len(page.rows) - 1
        st.caption(
            f"{page.total:,} answer(s) match · showing {first:,}-{last:,} · "
            f"page {page.page} of {page.pages}"
        )
        rows = _table(page, dimension_titles)
        st.dataframe(
            rows,
            hide_index=True,
            width="stretch",
            column_config={
                "id": st.column_config.NumberColumn("id", format="%d", width="small"),
                "question": st.column_config.TextColumn("question", width="medium"),
                "status": st.column_config.TextColumn("status", width="small"),
                "overall": st.column_config.NumberColumn("overall", format="%.2f", width="small"),
                **{
                    title: st.column_config.NumberColumn(title, format="%d", width="small")
                    for title in dimension_titles.values()
                },
                "topic": st.column_config.TextColumn("topic", width="medium"),
            },
        )
        st.session_state["hist_page"] = page.page  # clamped when the filters shrank the result
        pager, size, _ = st.columns([1, 1, 4])
        pager.number_input("Page", min_value=1, max_value=page.pages, step=1, key="hist_page")
        size.selectbox("Rows per page", PAGE_SIZES, index=1, key="hist_page_size")

        _render_answers(page)


def _progress_tab(
    filters: HistoryFilters, options: FilterOptions, dimension_titles: dict[str, str]
) -> None:
    # pandas and Altair load here, the first time Progress is opened, not on every visit.
    from sim.ui.history_charts import chart_data, render_progress
    from sim.ui.timing_view import render_phase_timing, render_timing

    try:
        data = chart_data(engine(), filters, options)
        staff_bar = review.staff_bar()
    except Exception as exc:
        _failed("compute your progress", exc)
    topic_titles = {t: topic_title(t) for t in options.topics}
    render_progress(data, options, dimension_titles, topic_titles, staff_bar)
    render_timing(sessions_service.timing_history(engine()))
    render_phase_timing(interview_room.phase_timing_history(engine()))


def _sessions_tab() -> None:
    try:
        sessions = session_reports.listing(engine())
    except Exception as exc:
        _failed("list your interview sessions", exc)
    if not sessions:
        st.info(
            "No timed interview sessions yet. Answers practised one at a time are listed "
            "under Answers."
        )
    else:
        st.caption(
            "Timed mock interviews, newest first. Open one to read its report again and download "
            "it, or pick it in the Interview session filter to see its answers."
        )
        render_session_table(sessions)
        opened = choose_session(sessions)
        try:
            opened_report = session_reports.report(engine(), opened)
        except Exception as exc:
            _failed("open this session's report", exc)
        st.subheader(escape_markdown(opened_report.title))
        render_report(opened_report, opened, key="history_report")


# Only the open tab runs (a rerun on change), so a visit pays for the list alone, not for the
# charts and every session's verdict behind tabs nobody opened.
answers_tab, progress_tab, sessions_tab = st.tabs(
    ["Answers", "Progress", "Sessions"], key=keys.HISTORY_TAB, on_change="rerun"
)
if answers_tab.open:
    with answers_tab:
        _answers_tab(filters, dimension_titles)
if progress_tab.open:
    with progress_tab:
        _progress_tab(filters, options, dimension_titles)
if sessions_tab.open:
    with sessions_tab:
        _sessions_tab()

storage_note()
