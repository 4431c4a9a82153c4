"""Mentoring on both engines: a candidate shares read access with a mentor by email; the mentor
reads the candidate's answers (never changes them) and comments; revoked or never granted, the
mentor sees nothing."""

import pytest

from sim import catalog, mentoring, review, service, users
from sim.domain.history import HistoryFilters
from sim.storage import repo
from sim.storage.ownership import OwnershipError, for_user


@pytest.fixture
def people(engine):
    """(engine, candidate, mentor, stranger): three signed-in accounts."""

    def account(name: str) -> users.UserAccount:
        return users.user_for_identity(
            engine, "https://idp.test", name, f"{name}@example.test", name.title()
        )

    return engine, account("cara"), account("mo"), account("stan")


def _answer(engine, user_id: int) -> int:
    question = catalog.bank().get("sd-url-shortener")
    return service.save_answer(for_user(engine, user_id), question, "Cara's design: a counter.")


def test_a_granted_mentor_reads_and_comments_and_the_candidate_sees_it(people) -> None:
    engine, cara, mo, stan = people
    attempt_id = _answer(engine, cara.id)
    assert mentoring.mentees(engine, mo.id) == []
    with pytest.raises(mentoring.MentoringError, match="no access"):
        mentoring.mentee_engine(engine, mo.id, cara.id)
    mentoring.grant(engine, cara.id, "  MO@example.test ")
    assert [g.mentor_email for g in mentoring.grants(engine, cara.id)] == ["mo@example.test"]
    assert [m.id for m in mentoring.mentees(engine, mo.id)] == [cara.id]
    reading = mentoring.mentee_engine(engine, mo.id, cara.id)
    assert review.count(reading, HistoryFilters()) == 1
    assert repo.get_attempt(reading, attempt_id).answer.startswith("Cara's design")
    with pytest.raises(OwnershipError):  # read-only: the mentor never changes an answer
        repo.set_status(reading, attempt_id, "failed")
    mentoring.add_comment(engine, mo.id, cara.id, attempt_id, "Say how codes stay unique.")
    shown = mentoring.comments(engine, cara.id, attempt_id)
    assert [(c.mentor, c.body) for c in shown] == [("Mo", "Say how codes stay unique.")]
    # Nobody else was granted anything.
    assert mentoring.mentees(engine, stan.id) == []
    with pytest.raises(mentoring.MentoringError):
        mentoring.add_comment(engine, stan.id, cara.id, attempt_id, "sneaky")


def test_a_revoked_grant_shows_the_mentor_nothing(people) -> None:
    engine, cara, mo, _ = people
    attempt_id = _answer(engine, cara.id)
    grant = mentoring.grant(engine, cara.id, "mo@example.test")
    assert mentoring.grant(engine, cara.id, "mo@example.test") == grant  # once
    assert mentoring.revoke(engine, cara.id, grant.id)
    assert mentoring.mentees(engine, mo.id) == [] and mentoring.grants(engine, cara.id) == []
    with pytest.raises(mentoring.MentoringError):
        mentoring.add_comment(engine, mo.id, cara.id, attempt_id, "too late")
    assert not mentoring.revoke(engine, mo.id, grant.id)  # only the candidate's own grants


def test_a_mentor_comments_only_on_the_candidates_answers(people) -> None:
    engine, cara, mo, stan = people
    strangers = _answer(engine, stan.id)
    mentoring.grant(engine, cara.id, "mo@example.test")
    with pytest.raises(mentoring.MentoringError, match="no answer"):
        mentoring.add_comment(engine, mo.id, cara.id, strangers, "not Cara's")
    with pytest.raises(mentoring.MentoringError, match="empty"):
        mentoring.add_comment(engine, mo.id, cara.id, _answer(engine, cara.id), "   ")


@pytest.mark.parametrize("bad", ["", "mo", "mo@", "mo at example.test", "mo@example"])
def test_a_grant_needs_an_email(sqlite_engine, bad) -> None:
    cara = users.user_for_identity(sqlite_engine, "i", "cara", "cara@example.test", "Cara")
    with pytest.raises(mentoring.MentoringError, match="not an email"):
        mentoring.grant(sqlite_engine, cara.id, bad)
    assert mentoring.grants(sqlite_engine, cara.id) == []
