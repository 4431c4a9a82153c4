"""The interview room on both engines: clarifying questions answered and stored, phases entered,
the requirement change announced once at its phase, and all of it part of the graded record."""

from datetime import timedelta

from sim import interview_room, service, sessions
from sim.domain.interviewer import NOTHING_IN_NOTES
from sim.domain.types import Phase, RoomEventKind
from sim.storage import repo
from sim.ui.timing_view import phase_chart
from tests.test_offline_grader import STRONG

QUESTION_ID = "sd-rate-limiter"


def _answer_and_grade(engine, session_id: int, answer: str):
    state = sessions.state(engine, session_id)
    sessions.submit(
        engine, state.attempt, answer, state.attempt.started_at + timedelta(minutes=20), "offline"
    )
    while (state := sessions.state(engine, session_id)).phase == "follow_up":
        sessions.answer_follow_up(engine, state, None, "offline")  # decline
    return service.get_attempt(engine, state.attempt.id).latest_grade


def test_a_round_in_the_room_is_stored_and_graded_with_its_exchanges(engine, bank) -> None:
    question = bank.get(QUESTION_ID)
    session_id = sessions.start_session(engine, question_id=QUESTION_ID)
    attempt = sessions.state(engine, session_id).attempt
    start = attempt.started_at
    fact = question.interviewer.facts[0]
    reply = interview_room.ask(
        engine, attempt, fact.example_question, start + timedelta(seconds=40)
    )
    assert reply.source == "notes" and fact in reply.facts
    unknown = interview_room.ask(
        engine, attempt, "What colour is the logo?", start + timedelta(seconds=70)
    )
    assert unknown.source == "none" and unknown.answer == NOTHING_IN_NOTES
    assert (
        interview_room.enter_phase(engine, attempt, Phase.HIGH_LEVEL, start + timedelta(minutes=3))
        == ""
    )
    change = question.interviewer.requirement_change
    announced = interview_room.enter_phase(
        engine, attempt, change.at_phase, start + timedelta(minutes=9)
    )
    assert announced == change.announcement
    # Moving back and forth announces nothing twice.
    assert (
        interview_room.enter_phase(engine, attempt, change.at_phase, start + timedelta(minutes=10))
        == ""
    )

    room = interview_room.room_state(engine, attempt, start + timedelta(minutes=11))
    assert [e.kind for e in room.events].count(RoomEventKind.CHANGE) == 1
    assert len(room.exchanges) == 2 and room.exchanges[0].facts == [fact.answer]
    assert room.status.current.phase is change.at_phase

    grade = _answer_and_grade(engine, session_id, STRONG)
    notes = grade.verdict.notes
    assert "Clarifying questions: 1 answered with facts." in notes
    assert any(n.startswith("The requirement changed mid-round") for n in notes)
    points = grade.feedback.key_points_covered + grade.feedback.key_points_missed
    assert any(p.startswith("After the requirement change: ") for p in points)


def test_asking_what_sizes_the_problem_earns_clarity(engine, bank) -> None:
    question = bank.get(QUESTION_ID)
    silent = sessions.start_session(engine, question_id=QUESTION_ID)
    attempt = sessions.state(engine, silent).attempt
    interview_room.enter_phase(engine, attempt, Phase.HIGH_LEVEL, attempt.started_at)
    without = _answer_and_grade(engine, silent, STRONG)
    sessions.next_question(engine, sessions.state(engine, silent))
    asked = sessions.start_session(engine, question_id=QUESTION_ID)
    attempt = sessions.state(engine, asked).attempt
    for fact in question.interviewer.facts[:3]:
        interview_room.ask(engine, attempt, fact.example_question, attempt.started_at)
    with_room = _answer_and_grade(engine, asked, STRONG)

    def clarity(grade):
        return next(d for d in grade.verdict.dimensions if d.dimension.value == "clarity")

    assert "asked the questions that size the problem" in clarity(with_room).reason.lower()
    assert "ask the interviewer about scale" in clarity(without).next_level_hint
    assert (clarity(with_room).level or 0) >= (clarity(without).level or 0)


def test_time_per_phase_is_charted_across_sessions(engine, bank) -> None:
    session_id = sessions.start_session(engine, question_id=QUESTION_ID)
    attempt = sessions.state(engine, session_id).attempt
    start = attempt.started_at
    interview_room.enter_phase(engine, attempt, Phase.HIGH_LEVEL, start + timedelta(minutes=5))
    interview_room.enter_phase(engine, attempt, Phase.DEEP_DIVE, start + timedelta(minutes=15))
    _answer_and_grade(engine, session_id, STRONG)  # submitted 20 minutes in
    rows = interview_room.phase_timing_history(engine)
    minutes = {r["phase"]: r["minutes"] for r in rows}
    assert minutes == {"clarify": 5.0, "high level": 10.0, "deep dive": 5.0, "wrap up": 0.0}
    # One bar per round, labelled by when it was submitted and the answer's id.
    submitted = repo.get_attempt(engine, attempt.id).submitted_at
    assert {r["round"] for r in rows} == {f"{submitted:%m-%d %H:%M} #{attempt.id}"}
    # Stacked in the order the phases are played, not alphabetically.
    color = phase_chart(rows).to_dict()["encoding"]["color"]
    assert color["scale"]["domain"] == ["clarify", "high level", "deep dive", "wrap up"]
