"""The Stories page's tabs: story bank, coverage, rehearsal, and Markdown import / export."""

from sim.ui.stories.bank_tab import render_bank_tab
from sim.ui.stories.common import render_flash
from sim.ui.stories.coverage_tab import render_coverage_tab
from sim.ui.stories.io_tab import render_io_tab
from sim.ui.stories.rehearse_tab import render_rehearse_tab

__all__ = [
    "render_bank_tab",
    "render_coverage_tab",
    "render_flash",
    "render_io_tab",
    "render_rehearse_tab",
]
