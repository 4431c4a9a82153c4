"""A destructive action in two steps: the first click asks, only "Yes" acts. Until then nothing
changes, and "Keep going" (or leaving the page) forgets the question."""

import streamlit as st


def confirmed(key: str, label: str, question: str, yes: str) -> bool:
    """True once, on the confirming click; `key` names the action's buttons and its state."""
    asking = f"{key}::asking"
    if not st.session_state.get(asking):
        if st.button(label, key=key):
            st.session_state[asking] = True
            st.rerun()
        return False
    st.warning(question, icon="⚠️")
    yes_col, no_col = st.columns(2)
    if yes_col.button(yes, type="primary", key=f"{key}::yes"):
        st.session_state.pop(asking, None)
        return True
    if no_col.button("Keep going", key=f"{key}::no"):
        st.session_state.pop(asking, None)
        st.rerun()
    return False
