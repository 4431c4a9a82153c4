"""Drafts in the service and storage layers: a live draft is never graded from outside its
page, and a submit under a stored draft's key submits that draft in place."""

import pytest

from sim import service, sessions
from sim.domain.statuses import AttemptStatus


def test_grading_a_live_interview_draft_is_refused_and_the_question_stays_open(
    engine, bank
) -> None:
    session_id = sessions.start_session(engine, question_id="sd-url-shortener")
    live = sessions.state(engine, session_id).attempt
    sessions.save_draft(engine, live, "Requirements first.", live.started_at)
    with pytest.raises(service.GradingFailed, match="still being answered"):
        service.regrade(engine, live.id, service.default_grader())
    stored = service.get_attempt(engine, live.id)
    assert stored.status == AttemptStatus.DRAFT and not stored.grades
    assert sessions.state(engine, session_id).phase == "answering"
    # Once the session is abandoned its unsent draft may be graded.
    sessions.abandon(engine, session_id)
    assert service.regrade(engine, live.id, service.default_grader()).grade_id


def test_a_practice_submit_under_the_drafts_key_submits_that_draft_in_place(engine, bank) -> None:
    from datetime import UTC, datetime

    from sim import drafts
    from sim.storage import repo

    question = bank.get("py-fastapi-vs-django")
    now = datetime.now(UTC)
    draft = drafts.open_practice_draft(engine, question, "FastAPI for the API.", now, now)
    assert draft.status == AttemptStatus.DRAFT and draft.submission_key
    assert drafts.practice_draft(engine, question.id).id == draft.id
    first = service.grade_answer(
        engine, question, "FastAPI for the API, Django admin.", submission_key=draft.submission_key
    )
    again = service.grade_answer(
        engine, question, "A different text.", submission_key=draft.submission_key
    )
    assert first.attempt_id == again.attempt_id == draft.id
    assert again.grade_id == first.grade_id
    stored = repo.get_attempt(engine, draft.id)
    assert stored.answer == "FastAPI for the API, Django admin." and len(stored.grades) == 1
    assert drafts.practice_draft(engine, question.id) is None  # no longer live


def test_the_clock_in_two_tabs_submits_an_interview_answer_once(engine) -> None:
    from datetime import timedelta

    session_id = sessions.start_session(engine, question_id="sd-url-shortener")
    attempt = sessions.state(engine, session_id).attempt
    zero = attempt.started_at + timedelta(seconds=attempt.time_limit_s)
    text = "Requirements first: 100M links a month, reads dominate writes."
    assert sessions.submit(engine, attempt, text, zero, "offline") == "follow_up"
    assert sessions.submit(engine, attempt, "older text", zero, "offline") == "follow_up"
    state = sessions.state(engine, session_id)
    assert state.attempt.answer == text
    assert len(state.follow_ups) == 1
