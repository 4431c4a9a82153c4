"""One whole system-design round in the interview room (AppTest): two clarifying questions (one
the notes answer, one they cannot), the phases up to the deep dive and its requirement change, a
diagram and an answer, a follow-up that reacts to it, a declined probe, the feedback, the round
verdict, and the report reopened from History after a restart with the room's exchanges in it."""

from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from sim import catalog, session_reports, sessions
from sim.domain.diagram import WHITEBOARD
from sim.domain.interviewer import NOTHING_IN_NOTES
from sim.domain.markdown import escape_markdown
from sim.domain.probes import asked_base
from sim.storage.db import make_engine
from tests.app_forms import open_history_tab
from tests.test_app_session_reports import _downloads, _KeptFiles

ROOT = Path(__file__).resolve().parent.parent
QUESTION_ID = "sd-rate-limiter"
ANSWER = (ROOT / "tests" / "data" / "answers" / "rate_limiter.txt").read_text()
DOT = 'digraph {\n  gateway -> "local buckets" -> redis\n  gateway -> "usage deltas"\n}'
UNANSWERABLE = "What colour is the company logo?"
REPLY = (
    "I would watch the limiter's own p99 latency, its Redis error rate and the share of "
    "requests it rejects, and the platform team owns it with an on-call rotation."
)


@pytest.fixture(autouse=True)
def _kept_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    _KeptFiles.files = {}
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", _KeptFiles)


def _app(page: str) -> AppTest:
    """A new browser session; on the same database it is what a restarted server shows."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["sim_test"] = "dummy"
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def _markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def _ask(at: AppTest, text: str) -> None:
    next(t for t in at.text_input if t.label == "Ask the interviewer").input(text)
    next(b for b in at.button if b.label == "Ask").click().run()
    assert not at.exception


def _move_to_the_deep_dive(at: AppTest) -> None:
    for _ in range(2):  # clarify -> high-level design -> deep dive
        next(b for b in at.button if b.label.startswith("Move on to")).click().run()
        assert not at.exception
    assert any(v.startswith("**Phase 3 of 4: Deep dive**") for v in _markdown(at))


def test_a_whole_system_design_round_and_its_report_after_a_restart() -> None:
    question = catalog.bank().get(QUESTION_ID)
    fact = question.interviewer.facts[0]
    change = question.interviewer.requirement_change
    at = _app("sim/ui/app_pages/interview.py")
    at.radio(key="start_mode").set_value("question").run()
    at.selectbox(key="start_question").set_value(QUESTION_ID).run()
    at.button(key="start_single").click().run()

    # Clarify: one question the notes answer, one they do not.
    _ask(at, fact.example_question)
    _ask(at, UNANSWERABLE)
    shown = _markdown(at)
    assert f"**You:** {escape_markdown(fact.example_question)}" in shown
    assert any(
        v.startswith("**Interviewer:**") and escape_markdown(fact.answer)[:30] in v for v in shown
    )
    assert any(escape_markdown(NOTHING_IN_NOTES)[:30] in v for v in shown)

    _move_to_the_deep_dive(at)
    assert any(escape_markdown(change.announcement)[:40] in i.value for i in at.info)

    next(t for t in at.text_area if t.label == WHITEBOARD).input(DOT).run()
    assert len(at.get("graphviz_chart")) == 1  # drawn
    next(t for t in at.text_area if t.label == "Your answer").input(ANSWER).run()
    at.button(key="submit_answer").click().run()
    assert not at.exception

    # The first follow-up reacts to the answer (quotes it) or is a probe from the bank's ladder.
    engine = make_engine()
    session = sessions.resume(engine)
    first = _pending_probe(at, engine, session.id)
    assert first.startswith("You said “") or any(
        asked_base(first, f.question) for f in question.follow_ups
    ), first
    next(t for t in at.text_area if t.label == "Your reply").input(REPLY)
    at.button(key="reply_follow_up").click().run()
    assert not at.exception
    second = _pending_probe(at, engine, session.id)
    assert second != first
    at.button(key="decline_follow_up").click().run()
    assert not at.exception

    shown = _markdown(at)
    assert any(v.startswith(f"**Follow-up:** {escape_markdown(first)}") for v in shown)
    assert any(REPLY[:40] in v for v in shown)  # replied, and the next one declined
    declined = escape_markdown("(declined)")
    assert any(escape_markdown(second) in v and declined in v for v in shown)
    assert any(h.value.startswith("Overall: ") for h in at.subheader)  # the feedback
    assert "**What would lift this answer most**" in shown

    at.button(key="next_question").click().run()
    assert not at.exception
    report = session_reports.report(engine, session.id)
    assert report.verdict is not None
    assert f"**Round verdict: {report.verdict.label}**" in _markdown(at)

    restarted = open_history_tab(_app("sim/ui/app_pages/history.py"), "Sessions")
    restarted.selectbox(key="history_session").set_value(session.id).run()
    assert not restarted.exception
    assert f"**Round verdict: {report.verdict.label}**" in _markdown(restarted)
    reopened = _downloads(restarted)["Download Markdown"]
    assert f"## Round verdict: {escape_markdown(report.verdict.label)}" in reopened
    assert f"**You:** {escape_markdown(fact.example_question)}" in reopened
    assert escape_markdown(fact.answer)[:40] in reopened
    assert f"**You:** {escape_markdown(UNANSWERABLE)}" in reopened
    assert f"**Requirement change:** {escape_markdown(change.announcement)}" in reopened
    printable = _downloads(restarted)["Download printable HTML"]
    assert "<b>You:</b> What colour is the company logo?" in printable


def _pending_probe(at: AppTest, engine: Engine, session_id: int) -> str:
    """The follow-up the interviewer asks now, as stored, after checking the page shows it."""
    probe = sessions.state(engine, session_id).pending_follow_up
    assert f"> {escape_markdown(probe.question)}" in _markdown(at)
    return probe.question
