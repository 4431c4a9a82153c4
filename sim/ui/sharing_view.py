"""Settings' "Sharing": the mentors who may read this user's sessions and answers, by email."""

import streamlit as st

from sim import mentoring, users
from sim.ui import state_keys as keys
from sim.ui.shell import base_engine
from sim.ui.text import escape_markdown


def render_sharing(account: users.UserAccount) -> None:
    st.subheader("Sharing")
    st.caption(
        "A mentor you add here can read your sessions, answers and feedback (never change "
        "them) and leave comments you see in History. They sign in with this email."
    )
    for grant in mentoring.grants(base_engine(), account.id):
        left, right = st.columns([4, 1])
        left.markdown(f"{escape_markdown(grant.mentor_email)} · since {grant.granted_at:%Y-%m-%d}")
        if right.button("Revoke", key=f"revoke_grant::{grant.id}"):
            mentoring.revoke(base_engine(), account.id, grant.id)
            st.rerun()
    st.text_input("Mentor's email", key=keys.SHARE_EMAIL)
    if problem := st.session_state.pop(keys.SHARE_ERROR, None):
        st.error(escape_markdown(problem))
    st.button("Share my answers", key="share_answers", on_click=_share, args=(account.id,))


def _share(candidate_id: int) -> None:
    # A callback (before the page runs): the box empties once shared, keeps a refused email.
    try:
        mentoring.grant(base_engine(), candidate_id, st.session_state.get(keys.SHARE_EMAIL, ""))
    except mentoring.MentoringError as exc:
        st.session_state[keys.SHARE_ERROR] = str(exc)
    else:
        st.session_state[keys.SHARE_EMAIL] = ""
