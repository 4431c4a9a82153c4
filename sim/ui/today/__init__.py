"""The Today page's parts: the plan chooser, today's work, readiness."""

from sim.ui.today.chooser import render_chooser
from sim.ui.today.readiness_view import render_readiness
from sim.ui.today.work_view import render_day

__all__ = ["render_chooser", "render_day", "render_readiness"]
