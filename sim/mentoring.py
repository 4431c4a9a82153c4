"""Mentoring: a candidate grants a mentor (by the email the mentor signs in with) read access to
their sessions and answers; the mentor reads them, never changes them, and leaves comments that
the candidate sees in History. A revoked grant, or none, shows the mentor nothing."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from sim import users
from sim.domain.user_text import clean_text
from sim.storage import mentor_repo, repo
from sim.storage.mentor_models import COMMENT_MAX_CHARS
from sim.storage.ownership import for_user, unscoped
from sim.storage.timestamps import aware


class MentoringError(ValueError):
    """A grant or comment that cannot be made; the message says why."""


@dataclass(frozen=True)
class Grant:
    id: int
    mentor_email: str
    granted_at: datetime


@dataclass(frozen=True)
class Comment:
    id: int
    mentor: str  # the mentor's name, or email
    body: str
    created_at: datetime


def _email(text: str) -> str:
    email = text.strip().lower()
    local, at, domain = email.partition("@")
    if not (local and at and "." in domain) or any(c.isspace() for c in email):
        raise MentoringError(f"{text.strip()!r} is not an email address (name@example.org)")
    return email


def grants(engine: Engine, candidate_id: int) -> list[Grant]:
    return [
        Grant(g.id, g.mentor_email, aware(g.granted_at))
        for g in mentor_repo.active_grants(unscoped(engine), candidate_id)
    ]


def grant(engine: Engine, candidate_id: int, mentor_email: str) -> Grant:
    """Read access for whoever signs in with this email; granting it again changes nothing."""
    email = _email(mentor_email)
    for existing in grants(engine, candidate_id):
        if existing.mentor_email == email:
            return existing
    row = mentor_repo.add_grant(unscoped(engine), candidate_id, email)
    return Grant(row.id, row.mentor_email, aware(row.granted_at))


def revoke(engine: Engine, candidate_id: int, grant_id: int) -> bool:
    return mentor_repo.revoke_grant(unscoped(engine), candidate_id, grant_id)


def mentees(engine: Engine, mentor_id: int) -> list[users.UserAccount]:
    """The candidates who granted this user (by their signed-in email) read access."""
    mentor = users.user_by_id(engine, mentor_id)
    if mentor is None or not mentor.email:
        return []  # the local user has no email: nobody can grant it anything
    rows = mentor_repo.candidates_of(unscoped(engine), mentor.email.lower())
    return [users.user_by_id(engine, r.id) for r in rows if r.id != mentor_id]


def mentee_engine(engine: Engine, mentor_id: int, candidate_id: int) -> Engine:
    """The candidate's data, read-only, for a mentor they granted access; refused otherwise."""
    if candidate_id not in {m.id for m in mentees(engine, mentor_id)}:
        raise MentoringError("no access: this candidate has not shared their answers with you")
    return for_user(engine, candidate_id, read_only=True)


def add_comment(
    engine: Engine, mentor_id: int, candidate_id: int, attempt_id: int, body: str
) -> Comment:
    reading = mentee_engine(engine, mentor_id, candidate_id)
    if repo.get_attempt(reading, attempt_id) is None:
        raise MentoringError(f"no answer #{attempt_id} among this candidate's answers")
    text = clean_text(body).strip()
    if not text:
        raise MentoringError("the comment is empty: nothing was saved")
    if len(text) > COMMENT_MAX_CHARS:
        raise MentoringError(
            f"the comment has {len(text):,} characters; the limit is {COMMENT_MAX_CHARS:,} "
            "(your text is kept in the box)"
        )
    row = mentor_repo.add_comment(unscoped(engine), attempt_id, candidate_id, mentor_id, text)
    return comments(engine, candidate_id, attempt_id, only=row.id)[0]


def comments(
    engine: Engine, candidate_id: int, attempt_id: int, only: int | None = None
) -> list[Comment]:
    """Comments on one of the candidate's answers, oldest first."""
    return [
        Comment(c.id, u.display_name or u.email or "a mentor", c.body, aware(c.created_at))
        for c, u in mentor_repo.comments(unscoped(engine), candidate_id, attempt_id)
        if only is None or c.id == only
    ]
