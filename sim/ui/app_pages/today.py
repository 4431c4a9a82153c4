"""Today: the chosen study plan's work for the day (drills, reviews due, catch-up, the next
milestone), readiness with its evidence, and the plan's sessions as a calendar file."""

import streamlit as st

from sim import study
from sim.domain.plan_ics import to_ics
from sim.ui import clock
from sim.ui.shell import engine, storage_note, stored
from sim.ui.today import render_chooser, render_day, render_readiness

st.title("Today")
fitted = stored(lambda: study.chosen_schedule(engine()), None)
if fitted is None:
    st.markdown(
        "Pick a study plan and the day it starts (or your interview date): this page then "
        "shows what to do each day, the questions due for review and how close each milestone "
        "is."
    )
    render_chooser()
    storage_note()
    st.stop()

now = clock.now_utc()
day = stored(lambda: study.day_plan(engine(), fitted, now.date()), None)
if day is not None:
    render_day(day)
    st.divider()
tracks, upkeep = stored(lambda: study.readiness_now(engine(), now), ([], None))
if upkeep is not None:
    render_readiness(tracks, upkeep, day.today if day else None)

st.divider()
st.download_button(
    "Add the study sessions to my calendar (.ics)",
    data=to_ics(fitted),
    file_name=f"{fitted.plan.id}.ics",
    mime="text/calendar",
    key="plan_ics",
)
with st.expander("Change plan or dates"):
    render_chooser(fitted.plan.id)
storage_note()
