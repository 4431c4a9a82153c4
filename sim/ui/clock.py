"""The UI's clock. Tests shift it through session state instead of sleeping."""

import time

import streamlit as st

CLOCK_SHIFT_KEY = "clock_shift_s"


def now() -> float:
    return time.time() + float(st.session_state.get(CLOCK_SHIFT_KEY, 0.0))
