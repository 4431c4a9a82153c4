"""Streamlit entry point: a router only. Pages live in sim/ui/app_pages/."""

import streamlit as st

from sim.ui import sign_in
from sim.ui.current_user import has_mentees
from sim.ui.shell import check_settings, configure_page, plan_chosen, run_page, warn_set_aside

configure_page()
check_settings()
if not sign_in.gate():  # sign-in configured and nobody signed in: the sign-in page only
    st.stop()
warn_set_aside()
# Once a study plan is chosen the app opens on its Today page; before that, on Practice.
landing_today = plan_chosen()
pages = [
    st.Page("sim/ui/app_pages/today.py", title="Today", icon="📅", default=landing_today),
    st.Page("sim/ui/app_pages/practice.py", title="Practice", icon="🎯", default=not landing_today),
    st.Page("sim/ui/app_pages/interview.py", title="Mock interview", icon="⏱️"),
    st.Page("sim/ui/app_pages/bank.py", title="Question bank", icon="📚"),
    st.Page("sim/ui/app_pages/history.py", title="History", icon="🗂️"),
    st.Page("sim/ui/app_pages/stories.py", title="Stories", icon="📖"),
    st.Page("sim/ui/app_pages/settings.py", title="Settings", icon="⚙️"),
]
if has_mentees():  # someone shared their answers with the signed-in user
    pages.insert(-1, st.Page("sim/ui/app_pages/mentees.py", title="Mentees", icon="🧑‍🏫"))
run_page(st.navigation(pages))
