"""The UI's clock. Tests shift it through session state instead of sleeping."""

import time
from datetime import UTC, datetime

import streamlit as st

from sim.ui.state_keys import CLOCK_SHIFT


def now() -> float:
    return time.time() + float(st.session_state.get(CLOCK_SHIFT, 0.0))


def now_utc() -> datetime:
    return datetime.fromtimestamp(now(), UTC)
