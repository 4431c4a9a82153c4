"""The spaced-repetition queue: every graded answer is a review of its question's FSRS card.

Reviews are taken from the stored answers rather than hooked into grading: `sync_reviews` finds
graded answers with no review yet (oldest first), rates each by its first grade (the one the
user saw on submitting) and updates the card. The review log has one row per answer (a unique
attempt id), so two processes syncing at once, or a sync run twice, review an answer once."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from sim.domain.reviews import review
from sim.domain.statuses import AttemptStatus
from sim.storage.history_sql import ATTEMPT, GRADE
from sim.storage.models import utcnow
from sim.storage.plan_models import ReviewCard, ReviewLog
from sim.storage.timestamps import aware

LOG = ReviewLog.__table__
CARDS = ReviewCard.__table__


class ReviewConflict(Exception):
    """Another process reviewed the card between this one reading and writing it."""


BATCH = 200  # answers reviewed in one transaction


@dataclass(frozen=True)
class DueCard:
    question_id: str
    due: datetime
    reviews: int
    last_rating: int | None


def _unreviewed(engine: Engine, limit: int) -> list:
    earlier = GRADE.alias("earlier")
    first_grade = (
        select(func.min(earlier.c.id)).where(earlier.c.attempt_id == ATTEMPT.c.id).scalar_subquery()
    )
    reviewed = select(LOG.c.attempt_id).where(LOG.c.attempt_id == ATTEMPT.c.id).exists()
    stmt = (
        select(ATTEMPT.c.id, ATTEMPT.c.question_id, ATTEMPT.c.submitted_at, GRADE.c.overall)
        .select_from(ATTEMPT.join(GRADE, GRADE.c.id == first_grade))
        .where(ATTEMPT.c.status == AttemptStatus.GRADED, ATTEMPT.c.submitted_at.is_not(None))
        .where(~reviewed)
        .order_by(ATTEMPT.c.submitted_at, ATTEMPT.c.id)
        .limit(limit)
    )
    with engine.connect() as conn:
        return list(conn.execute(stmt).all())


def _apply(session: Session, attempt_id: int, question_id: str, at: datetime, overall) -> None:
    card = session.exec(
        select_rows(ReviewCard).where(ReviewCard.question_id == question_id)
    ).first()
    reviewed = review(question_id, card.card_json if card else None, overall, at)
    due_before = aware(card.due) if card else None
    values = {
        "card_json": reviewed.card_json,
        "due": reviewed.due,
        "state": reviewed.state,
        "stability": reviewed.stability,
        "updated_at": utcnow(),
    }
    if card is None:  # the unique question id stops a second process creating it too
        card = ReviewCard(question_id=question_id, reviews=1, **values)
        session.add(card)
        session.flush()
    else:
        # The review count is the card's version: a card another process reviewed since it
        # was read here is not overwritten with what this one computed from the old state.
        updated = session.execute(
            update(CARDS)
            .where(CARDS.c.id == card.id, CARDS.c.reviews == card.reviews)
            .values(reviews=card.reviews + 1, **values)
        )
        if updated.rowcount != 1:
            raise ReviewConflict(question_id)
    session.add(
        ReviewLog(
            card_id=card.id,
            attempt_id=attempt_id,
            question_id=question_id,
            rating=int(reviewed.rating),
            overall=overall,
            reviewed_at=reviewed.reviewed_at,
            due_before=due_before,
            due_after=reviewed.due,
            log_json=reviewed.log_json,
        )
    )


def _apply_rows(engine: Engine, rows: list) -> None:
    with Session(engine) as session:
        for row in rows:
            _apply(session, row.id, row.question_id, aware(row.submitted_at), row.overall)
        session.commit()


def sync_reviews(engine: Engine, limit: int = 5000) -> int:
    """Review every graded answer not reviewed yet (up to `limit`); how many were.

    A batch of answers is one transaction (a first sync over a long history took 10 ms an
    answer with a commit each: 10 s for 1,000). When another process got to one of them first,
    the batch is rolled back and redone an answer at a time, skipping what is already done."""
    done = 0
    while done < limit:
        rows = _unreviewed(engine, min(BATCH, limit - done))
        if not rows:
            break
        try:
            _apply_rows(engine, rows)
            done += len(rows)
            continue
        except (IntegrityError, ReviewConflict):
            pass
        progress = 0
        for row in rows:
            try:
                _apply_rows(engine, [row])
            except (IntegrityError, ReviewConflict):
                continue  # another process got there first; a later sync redoes what is left
            progress += 1
        done += progress
        if len(rows) < BATCH or not progress:
            break
    return done


def due_cards(engine: Engine, now: datetime, limit: int | None = None) -> list[DueCard]:
    """Cards due by `now`, most overdue first."""
    last_rating = (
        select(LOG.c.rating)
        .where(LOG.c.card_id == ReviewCard.__table__.c.id)
        .order_by(LOG.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    cards = ReviewCard.__table__
    stmt = (
        select(cards.c.question_id, cards.c.due, cards.c.reviews, last_rating.label("rating"))
        .where(cards.c.due <= now)
        .order_by(cards.c.due, cards.c.id)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return [DueCard(r.question_id, aware(r.due), r.reviews, r.rating) for r in rows]


def count_due(engine: Engine, now: datetime) -> int:
    cards = ReviewCard.__table__
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(cards).where(cards.c.due <= now)
            ).scalar_one()
        )


def card(engine: Engine, question_id: str) -> ReviewCard | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.exec(
            select_rows(ReviewCard).where(ReviewCard.question_id == question_id)
        ).first()


def review_times(engine: Engine) -> list[tuple[datetime | None, datetime]]:
    """(when the card was due, when it was reviewed) of every review, oldest first."""
    stmt = select(LOG.c.due_before, LOG.c.reviewed_at).order_by(LOG.c.id)
    with engine.connect() as conn:
        return [(aware(r.due_before), aware(r.reviewed_at)) for r in conn.execute(stmt)]


def review_history(engine: Engine, question_id: str | None = None) -> list[ReviewLog]:
    with Session(engine, expire_on_commit=False) as session:
        stmt = select_rows(ReviewLog).order_by(col(ReviewLog.id))
        if question_id is not None:
            stmt = stmt.where(ReviewLog.question_id == question_id)
        return list(session.exec(stmt).all())
