"""Choose a study plan: a start date, or an interview date the plan is fitted to (and says how)."""

from datetime import timedelta

import streamlit as st

from sim import plan_catalog, study
from sim.domain.plan_calendar import ScheduleError, schedule
from sim.domain.plan_today import Today
from sim.ui import clock
from sim.ui import state_keys as keys
from sim.ui.shell import engine, report, stored
from sim.ui.text import escape_markdown


def render_chooser(current_plan_id: str | None = None) -> None:
    plans = {p.id: p for p in plan_catalog.plans()}
    ids = list(plans)
    index = ids.index(current_plan_id) if current_plan_id in plans else 0
    plan_id = st.selectbox(
        "Study plan",
        ids,
        index=index,
        format_func=lambda i: f"{plans[i].title} ({plans[i].days} days)",
        key=keys.PLAN_CHOICE,
    )
    plan = plans[plan_id]
    st.caption(
        f"Built from the seed {escape_markdown(plan.seed)} · {len(plan.blocks)} blocks · "
        f"{len(plan.milestones)} milestones · {escape_markdown(plan.hours_note)}"
    )
    today = clock.now_utc().date()
    start_col, fit_col = st.columns(2)
    start = start_col.date_input("Start on", value=today, key=keys.PLAN_START)
    fit = fit_col.checkbox("Fit it to my interview date", key=keys.PLAN_FIT)
    target = None
    if fit:
        target = fit_col.date_input(
            "Interview date", value=start + timedelta(days=plan.days), key=keys.PLAN_TARGET
        )
    try:
        fitted = schedule(plan, start, target)
    except ScheduleError as exc:
        st.error(escape_markdown(str(exc)))
        return
    st.info(escape_markdown(f"{fitted.describe()} Last study day: {fitted.end.isoformat()}."))
    if st.button("Follow this plan", type="primary", key="plan_follow"):
        try:
            study.choose(engine(), plan_id, start, target)
        except Exception as exc:  # the database: said once, nothing chosen
            report(exc, "The plan could not be saved. See the log for details.")
            return
        st.rerun()


def render_refit(today: Today) -> None:
    """Behind: lay the rest of the plan over the days left before the interview."""
    fitted = today.schedule
    target = stored(lambda: study.target_of(engine()), None) or fitted.end + timedelta(days=1)
    soonest = today.today + timedelta(days=1)
    date_col, button_col = st.columns([2, 1])
    chosen = date_col.date_input(
        "Interview date", value=max(target, soonest), min_value=soonest, key=keys.PLAN_REFIT_TARGET
    )
    first = today.catch_up.first_missed_day if today.catch_up else 1
    preview = schedule(fitted.plan, today.today, chosen, first)
    date_col.caption(escape_markdown(preview.describe()))
    if button_col.button("Refit the rest", key="plan_refit"):
        try:
            study.refit_rest(engine(), today, chosen)
        except Exception as exc:  # the database: said once, the plan stays as it was
            report(exc, "The plan could not be refitted. See the log for details.")
            return
        st.rerun()
