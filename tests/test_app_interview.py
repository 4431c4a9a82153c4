"""The mock interview page driven through AppTest: a short session end to end, the clock running
out, a draft resumed after a 'restart', and the session report."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from sim import sessions
from sim.storage import session_repo
from sim.storage.db import make_engine
from sim.ui.state_keys import abandon
from tests.app_forms import open_history_tab

ROOT = Path(__file__).resolve().parent.parent
PAGE = "sim/ui/app_pages/interview.py"
ANSWER = (ROOT / "tests" / "data" / "answers" / "url_shortener.txt").read_text()


def _page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["sim_test"] = "dummy"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _start_single(at: AppTest, question_id: str = "sd-url-shortener") -> None:
    at.radio(key="start_mode").set_value("question").run()
    at.selectbox(key="start_question").set_value(question_id).run()
    at.button(key="start_single").click().run()
    assert not at.exception


def _answer_box(at: AppTest):
    return next(t for t in at.text_area if t.label == "Your answer")


def test_first_visit_shows_the_formats() -> None:
    at = _page()
    options = at.selectbox(key="start_format").options
    assert any("Full loop" in o for o in options) and any(
        "System design round" in o for o in options
    )


def test_short_session_with_follow_ups_feedback_and_report() -> None:
    at = _page()
    _start_single(at)
    assert "question 1 of 1" in at.subheader[0].value
    assert any("left of 45:00" in m.value for m in at.markdown)
    _answer_box(at).input(ANSWER).run()
    at.button(key="submit_answer").click().run()
    assert not at.exception
    # The interviewer probes; the first is answered, the second declined.
    assert any(m.value.startswith("**Interviewer**") for m in at.markdown)
    next(t for t in at.text_area if t.label == "Your reply").input(
        "Codes are unique because each app server leases a block of ids from the counter."
    ).run()
    at.button(key="reply_follow_up").click().run()
    assert any(m.value.startswith("**Interviewer**") for m in at.markdown)
    at.button(key="decline_follow_up").click().run()
    assert not at.exception
    # Feedback on four dimensions, with both probes recorded.
    assert {m.label for m in at.metric} >= {"Clarity", "Depth", "Pragmatism", "Ownership"}
    assert any("declined" in m.value for m in at.markdown)
    assert any("Answered in" in c.value and "requirements after" in c.value for c in at.caption)
    engine = make_engine()
    session = session_repo.get_session(engine, 1)
    probes = session_repo.follow_ups(engine, session.attempt_ids[0])
    assert [p.status for p in probes] == ["answered", "declined"]
    # The graded record includes the answered follow-up.
    from sim import service

    graded = service.get_attempt(engine, session.attempt_ids[0]).latest_grade
    assert graded is not None
    at.button(key="next_question").click().run()
    assert any("Session report" in s.value for s in at.subheader)
    assert len(at.get("download_button")) == 2
    assert session_repo.get_session(engine, 1).status == "finished"


def test_clock_running_out_submits_the_answer_as_it_stands() -> None:
    at = _page()
    _start_single(at, "bh-influence-cross-team-standard")
    _answer_box(at).input("At my last company I had to get four teams onto one standard.").run()
    at.session_state["clock_shift_s"] = 3600  # an hour later
    at.run()
    assert not at.exception
    engine = make_engine()
    attempt_id = session_repo.get_session(engine, 1).attempt_ids[0]
    from sim import service

    stored = service.get_attempt(engine, attempt_id)
    assert stored.status != "draft"
    assert stored.answer.startswith("At my last company")
    assert stored.elapsed_s >= 3600


def test_draft_is_resumed_after_a_restart_with_its_remaining_time() -> None:
    first = _page()
    _start_single(first)
    _answer_box(first).input("Requirements: 100M links a month, reads dominate.").run()
    restarted = _page()  # a new browser session on the same database
    assert any("Resumed your unfinished session" in i.value for i in restarted.info)
    assert _answer_box(restarted).value.startswith("Requirements: 100M links")
    state = sessions.state(make_engine(), 1)
    assert state.phase == "answering"
    assert state.attempt.time_to_requirements_s is not None


def test_abandon_ends_the_session() -> None:
    at = _page()
    _start_single(at)
    at.button(key=abandon(1)).click().run()  # asks first
    at.button(key=f"{abandon(1)}::yes").click().run()
    assert session_repo.active_session(make_engine()) is None
    assert at.button(key="start_session") is not None


def test_timing_is_tracked_across_sessions_in_history() -> None:
    at = _page()
    _start_single(at)
    _answer_box(at).input(ANSWER).run()
    at.session_state["clock_shift_s"] = 3600  # the answer overruns the 45-minute limit
    at.run()
    rows = sessions.timing_history(make_engine())
    assert len(rows) == 1 and rows[0]["overrun"] and rows[0]["minutes to requirements"] is not None
    at.switch_page("sim/ui/app_pages/history.py").run()
    assert not at.exception
    open_history_tab(at, "Progress")
    assert any("1 timed answers · 1 over the limit" in c.value for c in at.caption)


def _at_clock(at: AppTest, seconds: float) -> AppTest:
    """Run the page at `seconds` after the question opened (the clock is shifted, not slept)."""
    at.session_state["clock_shift_s"] = seconds
    return at


def test_time_out_submits_the_newest_text_the_server_has() -> None:
    """Typed at T-6 s (the guard reports it at T-4.5 s) and again at T-1.2 s, sent by the box at
    T-0.6 s: at zero the newer text is submitted, not the guard's older report."""
    from tests.app_drafts import answer_box, report_typing

    at = _page()
    _start_single(at, "bh-influence-cross-team-standard")  # 7 minutes
    engine = make_engine()
    attempt_id = session_repo.get_session(engine, 1).attempt_ids[0]
    limit = 7 * 60
    older = "At my last company four teams each ran their own deploy tooling."
    newest = older + " I wrote the proposal, ran the pilot and got all four onto one standard."
    report_typing(at, attempt_id, older)
    _at_clock(at, limit - 4.5).run()
    answer_box(at).input(newest)
    _at_clock(at, limit - 0.6).run()
    from sim import service

    assert service.get_attempt(engine, attempt_id).answer == newest  # the server has it
    _at_clock(at, limit + 0.4).run()  # the clock's tick at zero
    assert not at.exception
    stored = service.get_attempt(engine, attempt_id)
    assert stored.status != "draft"
    assert stored.answer == newest


def test_time_out_submits_a_newer_draft_saved_from_another_tab() -> None:
    from tests.app_drafts import answer_box

    first = _page()
    _start_single(first, "bh-influence-cross-team-standard")
    engine = make_engine()
    attempt_id = session_repo.get_session(engine, 1).attempt_ids[0]
    limit = 7 * 60
    answer_box(first).input("Situation: four teams, four deploy tools.")
    _at_clock(first, limit - 30).run()
    second = _page()  # the same interview in another tab, typed on later
    newest = "Situation: four teams, four deploy tools. Task: one standard in a quarter."
    answer_box(second).input(newest)
    _at_clock(second, limit - 5).run()
    _at_clock(first, limit + 0.5).run()  # the first tab's clock reaches zero
    from sim import service

    stored = service.get_attempt(engine, attempt_id)
    assert stored.status != "draft"
    assert stored.answer == newest


def test_a_draft_cut_at_the_size_cap_says_so() -> None:
    from sim.domain.user_text import MAX_ANSWER_CHARS
    from tests.app_drafts import answer_box

    at = _page()
    _start_single(at)
    huge = "Requirements first, then we shard by tenant. " * 3000  # ~138,000 characters
    answer_box(at).input(huge).run()
    assert not at.exception
    engine = make_engine()
    attempt_id = session_repo.get_session(engine, 1).attempt_ids[0]
    from sim import service

    assert service.get_attempt(engine, attempt_id).answer == huge[:MAX_ANSWER_CHARS]
    assert any(f"first {MAX_ANSWER_CHARS:,}" in w.value for w in at.warning), [
        w.value for w in at.warning
    ]
