"""Today's work on the plan: the day's topics, its drills, the reviews due, catch-up when behind
and the next milestone, each item one click from Practice."""

import streamlit as st

from sim.domain.plan_today import Drill
from sim.domain.plans import CountRule
from sim.domain.reviews import RATING_LABELS
from sim.study import DayPlan
from sim.ui import state_keys as keys
from sim.ui.question_labels import question_label
from sim.ui.shell import bank
from sim.ui.text import escape_markdown
from sim.ui.today.chooser import render_refit

PRACTICE_PAGE = "sim/ui/app_pages/practice.py"
# Where a count milestone's next step is taken, and the button that goes there.
COUNT_STEPS = {
    "mock_interviews": ("sim/ui/app_pages/interview.py", "Start a mock interview"),
    "star_stories": ("sim/ui/app_pages/stories.py", "Write a STAR story"),
    "behavioral_answers": (PRACTICE_PAGE, "Practise a behavioral question"),
    "staff_answers": (PRACTICE_PAGE, "Practise a question"),
    "answers": (PRACTICE_PAGE, "Practise a question"),
}


def _start(question_id: str) -> None:
    st.session_state[keys.PRACTICE_QUESTION_ID] = question_id
    st.switch_page(PRACTICE_PAGE)


def _item(
    question_id: str, key: str, note: str = "", done: bool = False, action: str = "Start"
) -> None:
    questions = bank().by_id()
    question = questions.get(question_id)
    label = question_label(question) if question else question_id
    text_col, button_col = st.columns([5, 1])
    mark = "✅ " if done else ""
    text_col.markdown(
        mark + escape_markdown(label) + (f"  \n{escape_markdown(note)}" if note else "")
    )
    if question is not None and button_col.button(
        "Again" if done else action, key=key, type="secondary" if done else "primary"
    ):
        _start(question_id)


def _drills(drills: tuple[Drill, ...], status: str) -> None:
    st.subheader("Today's drills")
    if status == "not_started":
        st.caption("The plan has not started yet: its first drills come on its first day.")
    elif status == "finished":
        st.caption("The plan is over: the reviews below keep what you learned.")
    elif not drills:
        st.caption("No new drill today: a day for the reviews below.")
    for drill in drills:
        note = f"plan day {drill.plan_day}" + (" · done" if drill.done else "")
        _item(drill.question_id, f"today_drill::{drill.question_id}", note, drill.done)


def render_day(day: DayPlan) -> None:
    today = day.today
    fitted = today.schedule
    st.subheader(escape_markdown(today.headline()))
    st.caption(
        escape_markdown(
            f"{fitted.plan.title} · {fitted.describe()} · about {today.hours:g} h today"
        )
    )
    for block in today.blocks:
        st.markdown(f"**{escape_markdown(block.phase)}**")
        for topic in block.topics:
            st.markdown(f"- {escape_markdown(topic)}")
        for activity in block.activities:
            st.markdown(f"- _{escape_markdown(activity)}_")

    if today.catch_up is not None:
        catch_up = today.catch_up
        st.warning(escape_markdown(catch_up.advice), icon="🧭")
        if catch_up.skipped:
            render_refit(today)
        for drill in catch_up.fold_in:
            _item(
                drill.question_id,
                f"today_catch_up::{drill.question_id}",
                f"missed on plan day {drill.plan_day}",
            )
        if catch_up.skipped:
            drills = "drill" if catch_up.skipped == 1 else "drills"
            topics = "; ".join(catch_up.skipped_blocks[:3])
            st.caption(escape_markdown(f"Skipped: {catch_up.skipped} older {drills} ({topics})."))

    _drills(today.drills, today.status)

    st.subheader("Reviews due")
    if not day.due:
        st.caption("Nothing due: every answered question comes back here when it is due.")
    for card in day.due:
        last = RATING_LABELS.get(card.last_rating, "-") if card.last_rating else "-"
        times = f"{card.reviews} review{'s' if card.reviews != 1 else ''}"
        note = f"due {card.due:%Y-%m-%d %H:%M} UTC · last rated {last} · {times}"
        _item(card.question_id, f"today_review::{card.question_id}", note, action="Review")
    if day.due_total > len(day.due):
        more = day.due_total - len(day.due)
        st.caption(f"{more} more review{'s' if more != 1 else ''} due after these.")

    st.subheader("Next milestone")
    upcoming = today.next_milestone
    if upcoming is None:
        st.success("Every milestone of the plan is done.")
        return
    due_on = fitted.date_of(upcoming.due_day)
    st.markdown(escape_markdown(upcoming.milestone.text))
    st.progress(
        min(1.0, upcoming.done / upcoming.target),
        text=escape_markdown(f"{upcoming.summary()} · due {due_on.isoformat()}"),
    )
    for qid in upcoming.left_questions[:3]:
        _item(qid, f"today_milestone::{qid}", "counts toward this milestone")
    rule = upcoming.milestone.rule
    if isinstance(rule, CountRule):
        page, label = COUNT_STEPS[rule.of]
        if st.button(label, key="today_milestone_step", type="primary"):
            st.switch_page(page)
