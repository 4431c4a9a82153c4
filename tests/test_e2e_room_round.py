"""One whole system-design round in a real headless Chromium: two clarifying questions (one the
notes answer, one they cannot), the phases up to the deep dive and its requirement change, a
diagram drawn as SVG, a reload mid-round that keeps all of it, a follow-up that reacts to the
answer, a declined probe, the feedback and the round verdict; then the server is restarted and
the report is reopened from History with the verdict and the room's exchanges in it.

Screenshots of the room, the feedback and History's minutes per phase go to a temporary folder,
or to `SIM_SCREENSHOT_DIR` (`docs/screenshots` to refresh the README's)."""

import os
from pathlib import Path

import pytest

from sim import catalog, interview_room, sessions
from sim.domain.diagram import WHITEBOARD
from sim.domain.interviewer import NOTHING_IN_NOTES
from sim.domain.markdown import escape_markdown
from sim.domain.probes import asked_base
from sim.storage import repo, session_repo
from sim.storage.db import make_engine
from tests.app_drafts import age_attempt
from tests.browser_app import App, open_page, start_one_question, wait_for

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
ANSWER = (ROOT / "tests" / "data" / "answers" / "rate_limiter.txt").read_text().strip()
QUESTION_ID = "sd-rate-limiter"
DOT = 'digraph {\ngateway -> "local buckets" -> redis\ngateway -> "usage deltas"\n}'
NODES = ["gateway", "local buckets", "redis", "usage deltas"]
UNANSWERABLE = "What colour is the company logo?"
REPLY = (
    "I would watch the limiter's own p99 latency, its Redis error rate and the share of "
    "requests it rejects, and the platform team owns it with an on-call rotation."
)
WAIT_MS = 60_000  # a loaded 2-core machine: generous, and only ever an upper bound
VIEWPORT = {"width": 1000, "height": 1500}


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SIM_SCREENSHOT_DIR") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _state():
    engine = make_engine()
    return sessions.state(engine, sessions.resume(engine).id)


def _draft_holds(answer: str, diagram: str) -> bool:
    attempt = _state().attempt
    stored = repo.get_attempt(make_engine(), attempt.id)
    return stored.answer == answer and stored.diagram == diagram


def _probes() -> list:
    attempts = repo.list_attempts(make_engine(), limit=1)
    return session_repo.follow_ups(make_engine(), attempts[0].id) if attempts else []


def _see(page, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_text(text, exact=False).first).to_be_visible(timeout=WAIT_MS)


def _assert_drawn(page) -> None:
    from playwright.sync_api import expect

    svg = page.locator('[data-testid="stGraphVizChart"] svg').first
    expect(svg).to_be_visible(timeout=WAIT_MS)
    labels = svg.locator("g.node text")
    expect(labels).to_have_count(len(NODES), timeout=WAIT_MS)
    assert sorted(labels.all_text_contents()) == NODES
    assert svg.locator("g.edge").count() == 3


def _assert_the_room_so_far(page, fact, change) -> None:
    """What the round has said and drawn, as the page shows it (also after a reload)."""
    from playwright.sync_api import expect

    _see(page, "Phase 3 of 4: Deep dive")
    _see(page, fact.example_question)
    _see(page, fact.answer[:40])
    _see(page, UNANSWERABLE)
    _see(page, NOTHING_IN_NOTES[:30])
    _see(page, "Requirement change: " + change.announcement[:40])
    board = page.get_by_role("textbox", name=WHITEBOARD)
    expect(board).to_have_value(DOT, timeout=WAIT_MS)
    answer = page.get_by_role("textbox", name="Your answer")
    expect(answer).to_have_value(ANSWER, timeout=WAIT_MS)
    _assert_drawn(page)


def _scroll_to_top(element) -> None:
    """Bring an element to the top of the view at once (ending any smooth scroll) and await it."""
    element.evaluate("e => e.scrollIntoView({block: 'start', behavior: 'instant'})")
    element.page.wait_for_function(
        "e => Math.abs(e.getBoundingClientRect().top) < 120", arg=element.element_handle()
    )


def _shot(page, path: Path, top, bottom) -> None:
    """A small PNG of the main column from one element down to another (both in view)."""
    column = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    first, last = top.bounding_box(), bottom.bounding_box()
    height = last["y"] + last["height"] - first["y"] + 16
    page.screenshot(
        path=str(path),
        clip={"x": column["x"], "y": first["y"] - 8, "width": column["width"], "height": height},
    )


def _ask(page, text: str) -> None:
    box = page.get_by_role("textbox", name="Ask the interviewer")
    box.fill(text)
    page.get_by_role("button", name="Ask", exact=True).click()
    _see(page, text)  # the exchange is on the page


def _minutes_pass(page, attempt_id: int, minutes: int) -> None:
    age_attempt(make_engine(), attempt_id, minutes * 60)
    page.reload()
    _see(page, "left of 45:00")


def _move_on(page, to: str, phase_bar: str) -> None:
    page.get_by_role("button", name=f"Move on to {to}").click()
    _see(page, phase_bar)


def test_a_whole_round_in_the_browser_and_its_report_after_a_restart(browser, tmp_path) -> None:
    from playwright.sync_api import expect

    question = catalog.bank().get(QUESTION_ID)
    fact = question.interviewer.facts[0]
    change = question.interviewer.requirement_change
    shots = _shots(tmp_path)
    app = App(tmp_path / "data")
    app.start()
    try:
        page = open_page(browser, app)
        page.set_default_timeout(WAIT_MS)
        page.set_viewport_size(VIEWPORT)
        start_one_question(page, "Design a distributed rate limiter")
        _see(page, "Phase 1 of 4: Clarify requirements")
        _ask(page, fact.example_question)
        _see(page, fact.answer[:40])
        _ask(page, UNANSWERABLE)
        _see(page, NOTHING_IN_NOTES[:30])

        # Minutes pass in each phase: the round's start is moved back, and a reload makes the
        # page read it again (a page keeps the start it loaded; in a real round it never moves).
        attempt_id = _state().attempt.id
        _minutes_pass(page, attempt_id, 6)
        _move_on(page, "high-level design", "Phase 2 of 4: High-level design")
        _minutes_pass(page, attempt_id, 12)
        _move_on(page, "deep dive", "Phase 3 of 4: Deep dive")
        _see(page, "Requirement change: " + change.announcement[:40])

        board = page.get_by_role("textbox", name=WHITEBOARD)
        board.fill(DOT)
        board.press("Control+Enter")  # sent to the page: drawn from the box's text
        _assert_drawn(page)
        answer = page.get_by_role("textbox", name="Your answer")
        answer.fill(ANSWER)
        answer.press("Control+Enter")
        wait_for(lambda: _draft_holds(ANSWER, DOT), 60, "the draft was not saved")
        phase_bar = page.get_by_text("Phase 3 of 4: Deep dive").first
        _scroll_to_top(phase_bar)
        drawing = page.locator('[data-testid="stGraphVizChart"]').first
        _shot(page, shots / "room-deep-dive.png", phase_bar, drawing)

        # Ten minutes into the deep dive, a reload: the exchanges, the change, the diagram and
        # the text stay.
        _minutes_pass(page, attempt_id, 10)
        _assert_the_room_so_far(page, fact, change)

        page.get_by_role("button", name="Submit answer").click()
        reply_box = page.get_by_role("textbox", name="Your reply")
        reply_box.wait_for()
        first = _state().pending_follow_up.question
        assert first.startswith("You said “") or any(
            asked_base(first, f.question) for f in question.follow_ups
        ), first
        _see(page, first[:60])
        reply_box.fill(REPLY)
        reply_box.press("Control+Enter")
        page.get_by_role("button", name="Reply", exact=True).click()
        wait_for(lambda: len(_probes()) == 2, 60, "the second follow-up was not asked")
        second = _probes()[1].question
        _see(page, second[:60])
        page.get_by_role("button", name="Skip this question").click()

        _see(page, "Overall:")
        _see(page, REPLY[:40])  # the reply is kept with its probe, the next one declined
        _see(page, "(declined)")
        assert [p.status for p in _probes()] == ["answered", "declined"]
        overall = page.get_by_text("Overall:").first
        _scroll_to_top(overall)
        dimensions = page.get_by_text("Clarity —").first  # the scores, then the first reason
        _shot(page, shots / "room-feedback.png", overall, dimensions)

        page.get_by_role("button", name="Finish and see the report").click()
        _see(page, "Round verdict:")
        verdict = page.get_by_text("Round verdict:").first.inner_text()
        spent = {
            r["phase"]: r["minutes"] for r in interview_room.phase_timing_history(make_engine())
        }
        # The minutes moved back, plus the seconds the steps took (more on a loaded machine).
        assert spent["clarify"] == pytest.approx(6, abs=1.5), spent
        assert spent["high level"] == pytest.approx(12, abs=1.5), spent
        assert spent["deep dive"] == pytest.approx(10, abs=2), spent
        page.close()
    finally:
        app.stop()

    app.start()  # the same data directory, a new server process
    try:
        page = open_page(browser, app)
        page.set_default_timeout(WAIT_MS)
        page.set_viewport_size(VIEWPORT)
        page.get_by_role("link", name="History").click()
        page.get_by_role("tab", name="Progress").click()
        caption = page.get_by_text("System design rounds: minutes spent in each phase")
        caption.wait_for()
        chart = page.locator('[data-testid="stVegaLiteChart"]').last
        [label] = {r["round"] for r in interview_room.phase_timing_history(make_engine())}
        chart.get_by_text(label).wait_for()  # this round's bar, labelled
        expect(chart.locator("g.mark-rect path")).to_have_count(4, timeout=WAIT_MS)
        chart.scroll_into_view_if_needed()  # the foot of the page: it cannot reach the top
        _shot(page, shots / "room-history-phases.png", caption, chart)

        page.get_by_role("tab", name="Sessions").click()
        expect(page.get_by_text(verdict, exact=True).first).to_be_visible(timeout=WAIT_MS)
        with page.expect_download(timeout=WAIT_MS) as download:
            page.get_by_role("button", name="Download Markdown").click()
        report = Path(download.value.path()).read_text()
        assert "## Round verdict:" in report
        assert "### Interview room" in report
        assert f"**You:** {escape_markdown(fact.example_question)}" in report
        assert f"**You:** {escape_markdown(UNANSWERABLE)}" in report
        assert escape_markdown(fact.answer)[:40] in report
        assert f"**Requirement change:** {escape_markdown(change.announcement)}" in report
    finally:
        app.stop()
