"""Two people on one database (SQLite and PostgreSQL): through the service layer, user B never
reads or changes user A's attempts, drafts, sessions, stories, plans or review cards."""

from datetime import UTC, date, datetime, timedelta

import pytest

from sim import catalog, drafts, review, service, sessions, study, users
from sim.domain.history import HistoryFilters
from sim.graders.offline import OfflineGrader
from sim.storage import ownership, repo, session_repo
from sim.storage.ownership import OwnershipError, for_user
from sim.stories import service as stories
from tests.test_stories import STRONG

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def two(engine):
    """(A's engine, B's engine): the local user and a signed-in one."""
    b = users.user_for_identity(engine, "https://idp.test", "b-subject", "b@example.test", "B")
    return engine, for_user(engine, b.id)


def _graded_answer(engine, rubric) -> int:
    question = catalog.bank().get("sd-url-shortener")
    attempt_id = service.save_answer(engine, question, "A's answer: a counter and base62 codes.")
    service.grade_attempt(engine, attempt_id, question, "A's answer", OfflineGrader(rubric))
    return attempt_id


def test_b_never_sees_or_changes_as_answers(two, rubric) -> None:
    a, b = two
    attempt_id = _graded_answer(a, rubric)
    assert service.get_attempt(b, attempt_id) is None
    assert repo.list_attempts(b) == [] and repo.pending_attempts(b) == []
    assert review.count(b, HistoryFilters()) == 0
    assert review.history_page(b, HistoryFilters()).rows == []
    assert review.filter_options(b).total == 0
    assert review.chart_data(b).empty
    assert review.attempts_at(b, "sd-url-shortener") == []
    with pytest.raises(KeyError):
        repo.set_status(b, attempt_id, "failed")
    assert not repo.acquire_lease(b, attempt_id, "b", NOW + timedelta(days=999))
    # A grade B adds to A's answer is B's own row: A's answer and History are unchanged.
    mine = service.get_attempt(a, attempt_id)
    assert mine.status == "graded" and len(mine.grades) == 1
    assert review.count(a, HistoryFilters()) == 1


def test_b_opening_mock_interview_never_gets_as_draft(two) -> None:
    """The bug this fixes: B opened Mock interview, got A's draft, overwrote it and abandoned
    A's session."""
    a, b = two
    session_id = sessions.start_session(a, question_id="sd-url-shortener")
    attempt = sessions.state(a, session_id).attempt
    assert drafts.save_draft(a, attempt, "A's half-written design", NOW)
    assert sessions.resume(b) is None  # B starts fresh
    with pytest.raises(KeyError):
        sessions.state(b, session_id)
    assert not drafts.save_draft(b, attempt, "B overwrote it", NOW)
    assert drafts.stored_text(b, attempt.id) is None
    with pytest.raises(KeyError):
        sessions.abandon(b, session_id)
    assert sessions.resume(a).id == session_id and sessions.resume(a).status == "active"
    assert drafts.stored_text(a, attempt.id).text == "A's half-written design"
    b_session = sessions.start_session(b, question_id="sd-url-shortener")
    assert sessions.resume(b).id == b_session and sessions.resume(a).id == session_id
    assert b_session not in [s.id for s in review.sessions(a)]
    assert session_repo.get_session(a, b_session) is None


def test_practice_drafts_are_per_user(two) -> None:
    a, b = two
    question = catalog.bank().get("sd-url-shortener")
    draft = drafts.open_practice_draft(a, question, "A's practice", NOW, NOW)
    assert drafts.practice_draft(b, question.id) is None
    assert drafts.practice_draft(a, question.id).id == draft.id


def test_stories_are_per_user_even_the_same_story(two) -> None:
    a, b = two
    story = stories.save_story(a, STRONG)
    assert stories.list_stories(b) == []
    with pytest.raises(Exception, match=str(story.id)):
        stories.get_story(b, story.id)
    assert not stories.delete_story(b, story.id)
    # B may hold the very same story: keys are unique per user, not per database.
    twin = stories.save_story(b, STRONG)
    assert twin.id != story.id
    assert [s.id for s in stories.list_stories(a)] == [story.id]
    assert stories.import_markdown(b, stories.export_markdown(a)).skipped  # B's own twin


def test_plans_and_review_cards_are_per_user(two, rubric) -> None:
    a, b = two
    study.choose(a, "staff-90", date(2026, 3, 1))
    assert study.chosen_schedule(b) is None
    _graded_answer(a, rubric)
    assert len(study.due_reviews(a, date(2026, 12, 31))) == 1
    assert study.due_reviews(b, date(2026, 12, 31)) == []
    # B answering the same question gets B's own card (one per question and user).
    _graded_answer(b, rubric)
    assert len(study.due_reviews(b, date(2026, 12, 31))) == 1
    assert len(study.due_reviews(a, date(2026, 12, 31))) == 1


def test_a_read_only_scope_reads_but_never_writes(two, rubric) -> None:
    a, _ = two
    attempt_id = _graded_answer(a, rubric)
    reader = for_user(a, ownership.user_of(a), read_only=True)
    assert service.get_attempt(reader, attempt_id).id == attempt_id
    with pytest.raises(OwnershipError):
        repo.set_status(reader, attempt_id, "failed")
    with pytest.raises(OwnershipError):
        stories.save_story(reader, STRONG)
    assert service.get_attempt(a, attempt_id).status == "graded"


def test_rows_cannot_be_written_without_an_owner(engine) -> None:
    question = catalog.bank().get("sd-url-shortener")
    with pytest.raises(OwnershipError):
        service.save_answer(ownership.unscoped(engine), question, "whose?")


def test_an_orm_style_select_on_a_bare_connection_is_scoped_too(two, rubric) -> None:
    """The scope is one mechanism a new query cannot forget: a model's columns selected on a
    plain connection (no session, so no ORM criteria) are filtered like any Core query."""
    from sqlalchemy import select

    from sim.storage.models import Attempt

    a, b = two
    _graded_answer(a, rubric)
    with b.connect() as conn:
        assert conn.execute(select(Attempt.id, Attempt.answer)).all() == []
    with a.connect() as conn:
        assert len(conn.execute(select(Attempt.id)).all()) == 1
