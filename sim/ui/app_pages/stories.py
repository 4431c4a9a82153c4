"""Stories: write STAR stories, grade them, see which questions they cover, rehearse them against
the clock, and move them in and out as Markdown."""

import streamlit as st

from sim.stories import service as stories
from sim.ui.shell import engine, report, storage_note
from sim.ui.stories import (
    render_bank_tab,
    render_coverage_tab,
    render_flash,
    render_io_tab,
    render_rehearse_tab,
)

st.title("Stories")
st.caption(
    "Your STAR story bank: a small set of strong, reusable stories for the behavioral loop. "
    "Grades come from the same graders as answers; rewrites come from the story itself."
)
render_flash()

try:
    all_stories = stories.list_stories(engine())
    matrix = stories.coverage(engine())
except Exception as exc:  # never a traceback on the page
    report(exc, "The story bank could not be loaded. See the log for details.")
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
    render_bank_tab(all_stories, matrix.usage)
with coverage_tab:
    render_coverage_tab(matrix)
with rehearse_tab:
    render_rehearse_tab(all_stories)
with io_tab:
    render_io_tab(bool(all_stories))
storage_note()
