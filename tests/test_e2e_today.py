"""The Today page in a real headless Chromium, on day 1 and day 10 of the 90-day plan: the app
opens on Today, shows the day's drills, the reviews due, catch-up and readiness. The screenshots
go to a temporary folder, or to `SIM_SCREENSHOT_DIR` (`docs/screenshots` refreshes the README's)."""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sim import study
from sim.storage.db import make_engine
from tests import graded_answers as ga
from tests.browser_app import App, open_page

pytestmark = pytest.mark.browser
DAY_ONE = {"width": 1100, "height": 1700}  # tall enough for the whole page, no more
DAY_TEN = {"width": 1100, "height": 2700}
WAIT_MS = 60_000  # a loaded 2-core machine: an upper bound only


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SIM_SCREENSHOT_DIR") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _day_ten(engine) -> None:
    """Nine days into the plan: some drills answered (one weakly), three system designs."""
    today = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    start = today.date() - timedelta(days=9)
    study.choose(engine, "staff-90", start)
    template = ga.template()
    answered = [
        ("arch-solid-in-practice", 0, (1, 2, 1, 1)),
        ("arch-dry-kiss-yagni", 1, (3, 3, 3, 2)),
        ("sd-url-shortener", 2, (3, 3, 3, 2)),
        ("arch-ddd-bounded-contexts", 4, (2, 2, 3, 1)),
        ("sd-rate-limiter", 6, (3, 4, 3, 2)),
        ("sd-chat-system", 8, (3, 3, 2, 2)),
    ]
    for qid, offset, levels in answered:
        when = datetime.combine(start + timedelta(days=offset), today.time(), tzinfo=UTC)
        ga.answer(engine, template, qid, when, levels)


def _settled(page, expect, last_button: str) -> None:
    """Every widget drawn (not a placeholder), the page's last button and its footer shown."""
    expect(page.get_by_role("button", name=last_button).last).to_be_visible(timeout=WAIT_MS)
    expect(
        page.get_by_text("By dimension").or_(page.get_by_text("Answer questions and"))
    ).to_be_visible(timeout=WAIT_MS)
    expect(
        page.get_by_role("button", name="Add the study sessions to my calendar (.ics)")
    ).to_be_visible(timeout=WAIT_MS)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=WAIT_MS)


def test_today_on_day_one_and_day_ten_of_the_90_day_plan(browser, tmp_path) -> None:
    from playwright.sync_api import expect

    shots = _shots(tmp_path)
    engine = make_engine()
    study.choose(engine, "staff-90", datetime.now(UTC).date())
    app = App(tmp_path / "data")
    app.start()
    try:
        page = open_page(browser, app)
        page.set_viewport_size(DAY_ONE)
        expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible(timeout=WAIT_MS)
        expect(page.get_by_text("Day 1 of 90: plan day 1.")).to_be_visible(timeout=WAIT_MS)
        expect(page.get_by_text("Nothing due", exact=False)).to_be_visible()
        page.get_by_text("Milestones: 0 of 10 done").wait_for(timeout=WAIT_MS)
        _settled(page, expect, "Start")
        page.screenshot(path=str(shots / "today-day-1.png"))

        _day_ten(engine)
        page.set_viewport_size(DAY_TEN)
        page.reload()
        expect(page.get_by_text("Day 10 of 90: plan day 10.")).to_be_visible(timeout=WAIT_MS)
        expect(page.get_by_text("skip the other", exact=False)).to_be_visible()
        expect(page.get_by_text("last rated Again", exact=False).first).to_be_visible()
        expect(page.get_by_text("System design: Staff on", exact=False)).to_be_visible()
        expect(page.get_by_role("button", name="Refit the rest")).to_be_visible()
        _settled(page, expect, "Review")
        page.screenshot(path=str(shots / "today-day-10.png"))
    finally:
        app.stop()
    assert (shots / "today-day-1.png").stat().st_size > 10_000
    assert (shots / "today-day-10.png").stat().st_size > 10_000
