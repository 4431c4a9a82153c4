"""The spaced-review queue on a real SQLite file and a real PostgreSQL server: graded answers
become FSRS reviews whose stored due dates are the library's own, weak answers come back
sooner, and a sync run twice reviews each answer once."""

from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler

from sim import study
from sim.domain.reviews import card_id_for
from sim.storage import plan_repo, review_repo
from sim.storage.timestamps import aware
from tests import graded_answers as ga

T0 = datetime(2027, 1, 4, 9, 30, tzinfo=UTC)
# (question, when, levels, the rating the grade must map to)
SCHEDULE = [
    ("sd-url-shortener", T0, (1, 1, 2, 1), Rating.Again),
    ("py-fastapi-vs-django", T0 + timedelta(minutes=5), (4, 4, 4, 4), Rating.Easy),
    ("sd-url-shortener", T0 + timedelta(days=1, hours=2), (2, 3, 3, 2), Rating.Hard),
    ("sd-url-shortener", T0 + timedelta(days=4), (3, 3, 3, 3), Rating.Good),
    ("sd-url-shortener", T0 + timedelta(days=12), (4, 4, 3, 4), Rating.Easy),
]


@pytest.fixture(scope="module")
def template():
    return ga.template()


def _library_replay(question_id: str) -> list[tuple[Rating, datetime]]:
    """The same answers reviewed directly by the library's scheduler, configured as the README
    says: FSRS defaults, one-day (re)learning steps, no fuzz."""
    scheduler = Scheduler(
        learning_steps=(timedelta(days=1),),
        relearning_steps=(timedelta(days=1),),
        enable_fuzzing=False,
    )
    card = Card(card_id=card_id_for(question_id))
    dues = []
    for qid, when, _levels, rating in SCHEDULE:
        if qid != question_id:
            continue
        card, _log = scheduler.review_card(card, rating, review_datetime=when)
        dues.append((rating, card.due))
    return dues


def test_stored_due_dates_are_the_librarys_own(engine, template) -> None:
    for qid, when, levels, _rating in SCHEDULE:
        ga.answer(engine, template, qid, when, levels)
    assert review_repo.sync_reviews(engine) == len(SCHEDULE)
    for question_id in ("sd-url-shortener", "py-fastapi-vs-django"):
        logs = review_repo.review_history(engine, question_id)
        stored = [(Rating(r.rating), aware(r.due_after)) for r in logs]
        assert stored == _library_replay(question_id)
        card = review_repo.card(engine, question_id)
        assert aware(card.due) == stored[-1][1] and card.reviews == len(stored)
    # Each review remembers when the card was due before it (None for a first answer).
    url_logs = review_repo.review_history(engine, "sd-url-shortener")
    assert url_logs[0].due_before is None
    assert aware(url_logs[1].due_before) == aware(url_logs[0].due_after)


def test_a_weak_answer_comes_back_sooner_than_a_strong_one(engine, template) -> None:
    ga.answer(engine, template, "sd-url-shortener", T0, (1, 1, 1, 2))
    ga.answer(engine, template, "py-fastapi-vs-django", T0, (4, 4, 4, 3))
    review_repo.sync_reviews(engine)
    weak = aware(review_repo.card(engine, "sd-url-shortener").due)
    strong = aware(review_repo.card(engine, "py-fastapi-vs-django").due)
    assert weak == T0 + timedelta(days=1)  # Again: tomorrow
    assert strong - T0 >= timedelta(days=7)
    tomorrow = study.due_reviews(engine, date(2027, 1, 5))
    assert [c.question_id for c in tomorrow] == ["sd-url-shortener"]
    assert study.due_reviews(engine, date(2027, 1, 4)) == []


def test_a_second_sync_reviews_nothing_and_ungraded_answers_wait(engine, template) -> None:
    ga.answer(engine, template, "sd-url-shortener", T0, (3, 3, 3, 3))
    pending = ga.answer(engine, template, "sd-rate-limiter", T0, None)
    assert review_repo.sync_reviews(engine) == 1
    assert review_repo.sync_reviews(engine) == 0
    ga.grade(engine, template, pending, (2, 2, 2, 2))  # graded later: reviewed then
    assert review_repo.sync_reviews(engine) == 1
    assert len(review_repo.review_history(engine)) == 2


def test_a_regrade_does_not_move_the_review_it_was_rated_by_first(engine, template) -> None:
    attempt = ga.answer(engine, template, "sd-url-shortener", T0, (1, 1, 1, 1))
    ga.grade(engine, template, attempt, (4, 4, 4, 4))  # re-graded before any sync
    review_repo.sync_reviews(engine)
    (log,) = review_repo.review_history(engine)
    assert Rating(log.rating) == Rating.Again and log.overall == 1.0


def test_the_chosen_plan_and_its_evidence(engine, template) -> None:
    assert study.chosen_schedule(engine) is None
    study.choose(engine, "aws-staff-4w", date(2027, 1, 1))
    study.choose(engine, "staff-90", date(2027, 1, 4), date(2027, 2, 18))
    fitted = study.chosen_schedule(engine)
    assert fitted.plan.id == "staff-90" and fitted.calendar_days == 45
    ga.answer(engine, template, "arch-solid-in-practice", T0 - timedelta(days=3), (3, 3, 3, 3))
    ga.answer(engine, template, "arch-dry-kiss-yagni", T0, (3, 3, 3, 3))
    evidence = plan_repo.evidence_since(engine, fitted.start)
    assert [a.question_id for a in evidence.answers] == ["arch-dry-kiss-yagni"]  # since start
    day = study.day_plan(engine, fitted, date(2027, 1, 4))
    assert [(d.question_id, d.done) for d in day.today.drills] == [
        ("arch-solid-in-practice", False),
        ("arch-dry-kiss-yagni", True),
    ]


def test_count_milestones_read_finished_mock_interviews_and_stories(engine) -> None:
    from sim.domain.plan_progress import all_progress
    from sim.domain.statuses import SessionStatus
    from sim.domain.stories import StoryFields
    from sim.storage import session_repo, story_repo

    def session(status: SessionStatus) -> None:
        sid = session_repo.create_session(
            engine, format_id="behavioral_round", title="t", question_ids=["q"], follow_ups=1
        )
        session_repo.set_session_status(engine, sid, status)

    session(SessionStatus.FINISHED)
    session(SessionStatus.FINISHED)
    session(SessionStatus.ABANDONED)  # not a completed mock interview
    session(SessionStatus.ACTIVE)
    for n in range(3):
        story_repo.create_story(
            engine, StoryFields(title=f"story {n}", situation=f"s{n}", action=f"a{n}")
        )
    fitted = study.choose(engine, "staff-90", date.today())
    evidence = plan_repo.evidence_since(engine, fitted.start)
    assert (evidence.mock_interviews, evidence.star_stories) == (2, 3)
    by_id = {p.milestone.id: p for p in all_progress(fitted.plan, evidence)}
    assert by_id["p5-eight-mocks"].summary() == "2 of 8 mock interviews; 6 left"
    assert by_id["p4-fifteen-star"].summary() == "3 of 15 STAR stories; 12 left"
    # Sessions started before the plan do not count toward it.
    later = plan_repo.evidence_since(engine, date.today() + timedelta(days=1))
    assert later.mock_interviews == 0


def test_two_syncs_at_once_review_every_answer_exactly_once(engine, template, monkeypatch) -> None:
    import threading

    monkeypatch.setattr(review_repo, "BATCH", 5)  # several batches, so the two interleave
    questions = ["sd-url-shortener", "sd-rate-limiter", "py-fastapi-vs-django"]
    for i in range(30):
        ga.answer(engine, template, questions[i % 3], T0 + timedelta(hours=i), (2, 3, 3, 2))
    results: list[int] = []
    errors: list[BaseException] = []
    gate = threading.Barrier(2)

    def sync() -> None:
        try:
            gate.wait()
            results.append(review_repo.sync_reviews(engine))
        except BaseException as exc:  # reported below, with the thread's own traceback
            errors.append(exc)

    threads = [threading.Thread(target=sync) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    # What a sync skipped because the other had the card is done by the next one.
    assert sum(results) + review_repo.sync_reviews(engine) == 30
    assert review_repo.sync_reviews(engine) == 0
    logs = review_repo.review_history(engine)
    assert sorted(r.attempt_id for r in logs) == sorted({r.attempt_id for r in logs})
    assert len(logs) == 30
    for qid in questions:  # no review lost to the other process's write
        assert review_repo.card(engine, qid).reviews == 10
        assert len(review_repo.review_history(engine, qid)) == 10


def test_a_card_reviewed_by_another_process_meanwhile_is_not_overwritten(
    engine, template, monkeypatch
) -> None:
    """Another process reviews the same card between this sync reading it and writing it: the
    write is refused (the review count is the card's version) and the answer redone."""
    ga.answer(engine, template, "sd-url-shortener", T0, (2, 2, 2, 2))
    review_repo.sync_reviews(engine)
    ga.answer(engine, template, "sd-url-shortener", T0 + timedelta(days=1), (3, 3, 3, 3))
    other = ga.answer(engine, template, "sd-url-shortener", T0 + timedelta(days=2), (1, 1, 1, 1))
    monkeypatch.setattr(review_repo, "BATCH", 1)
    real_review = review_repo.review
    meanwhile = [r for r in review_repo._unreviewed(engine, 10) if r.id == other]

    def review_while_another_process_writes(*args, **kwargs):
        if meanwhile:
            review_repo._apply_rows(engine, [meanwhile.pop()])  # its own session, committed
        return real_review(*args, **kwargs)

    monkeypatch.setattr(review_repo, "review", review_while_another_process_writes)
    review_repo.sync_reviews(engine)
    card = review_repo.card(engine, "sd-url-shortener")
    logs = review_repo.review_history(engine, "sd-url-shortener")
    assert len(logs) == 3 and card.reviews == 3
    assert aware(card.due) == aware(logs[-1].due_after)  # the card is the last review's
