"""Stories: the STAR story bank."""

import streamlit as st

st.title("Stories")
st.info("The story bank is on its way.")
