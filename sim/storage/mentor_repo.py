"""Reads and writes of mentoring grants and comments. Access is checked by sim/mentoring.py;
these functions take the ids they are given."""

from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from sim.storage.mentor_models import AnswerComment, MentorGrant
from sim.storage.models import UserAccountRow
from sim.storage.rows import insert


def active_grants(engine: Engine, candidate_id: int) -> list[MentorGrant]:
    with Session(engine) as session:
        query = select(MentorGrant).where(
            MentorGrant.candidate_id == candidate_id, col(MentorGrant.revoked_at).is_(None)
        )
        return list(session.exec(query.order_by(col(MentorGrant.id))).all())


def add_grant(engine: Engine, candidate_id: int, mentor_email: str) -> MentorGrant:
    return insert(engine, MentorGrant(candidate_id=candidate_id, mentor_email=mentor_email))


def revoke_grant(engine: Engine, candidate_id: int, grant_id: int) -> bool:
    with Session(engine) as session:
        row = session.get(MentorGrant, grant_id)
        if row is None or row.candidate_id != candidate_id or row.revoked_at is not None:
            return False
        row.revoked_at = datetime.now(UTC)
        session.add(row)
        session.commit()
        return True


def candidates_of(engine: Engine, mentor_email: str) -> list[UserAccountRow]:
    """The accounts that granted this email read access (and have not revoked it)."""
    with Session(engine) as session:
        query = (
            select(UserAccountRow)
            .join(MentorGrant, col(MentorGrant.candidate_id) == col(UserAccountRow.id))
            .where(MentorGrant.mentor_email == mentor_email, col(MentorGrant.revoked_at).is_(None))
            .distinct()
            .order_by(col(UserAccountRow.id))
        )
        return list(session.exec(query).all())


def add_comment(
    engine: Engine, attempt_id: int, candidate_id: int, mentor_id: int, body: str
) -> AnswerComment:
    row = AnswerComment(
        attempt_id=attempt_id, candidate_id=candidate_id, mentor_id=mentor_id, body=body
    )
    return insert(engine, row)


def comments(
    engine: Engine, candidate_id: int, attempt_id: int
) -> list[tuple[AnswerComment, UserAccountRow]]:
    with Session(engine) as session:
        query = (
            select(AnswerComment, UserAccountRow)
            .join(UserAccountRow, col(UserAccountRow.id) == col(AnswerComment.mentor_id))
            .where(
                AnswerComment.candidate_id == candidate_id, AnswerComment.attempt_id == attempt_id
            )
            .order_by(col(AnswerComment.id))
        )
        return [(c, u) for c, u in session.exec(query).all()]
