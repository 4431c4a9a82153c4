"""Mentors' comments under an answer, rendered as text (never as the markdown they may hold)."""

import streamlit as st

from sim.mentoring import Comment
from sim.ui.text import escape_markdown


def render_comments(comments: list[Comment], title: str = "Mentor comments") -> None:
    if not comments:
        return
    st.markdown(f"**{title}**")
    for comment in comments:
        with st.container(border=True):
            st.caption(
                f"{escape_markdown(comment.mentor)} · {comment.created_at:%Y-%m-%d %H:%M} UTC"
            )
            st.markdown(escape_markdown(comment.body))
