"""Reads and writes for interview sessions, drafts and follow-up answers."""

from datetime import UTC, datetime

from sqlalchemy import delete, update
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from sim.domain.feedback import Feedback
from sim.domain.records import FollowUpRecord, SessionRecord
from sim.domain.statuses import AttemptStatus, FollowUpStatus, SessionStatus
from sim.domain.user_text import fit_answer
from sim.storage.models import Attempt, AttemptTrack, FollowUpAnswer, InterviewSession
from sim.storage.rows import insert
from sim.storage.timestamps import aware


def _session_record(row: InterviewSession, attempt_ids: list[int]) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        format_id=row.format_id,
        title=row.title,
        question_ids=[q for q in row.question_ids.split(",") if q],
        follow_ups_per_question=row.follow_ups_per_question,
        status=row.status,
        started_at=aware(row.started_at),
        finished_at=aware(row.finished_at),
        attempt_ids=attempt_ids,
    )


def _follow_up_record(row: FollowUpAnswer) -> FollowUpRecord:
    return FollowUpRecord(
        id=row.id,
        attempt_id=row.attempt_id,
        question=row.question,
        dimension=row.dimension,
        source=row.source,
        answer=row.answer,
        status=row.status,
        asked_at=aware(row.asked_at),
        answered_at=aware(row.answered_at),
    )


def create_session(
    engine: Engine, *, format_id: str, title: str, question_ids: list[str], follow_ups: int
) -> int:
    row = InterviewSession(
        format_id=format_id,
        title=title,
        question_ids=",".join(question_ids),
        follow_ups_per_question=follow_ups,
    )
    return insert(engine, row).id


def get_session(engine: Engine, session_id: int) -> SessionRecord | None:
    with Session(engine) as session:
        row = session.get(InterviewSession, session_id)
        if row is None:
            return None
        ids = session.exec(
            select(Attempt.id)
            .where(Attempt.session_id == session_id)
            .order_by(col(Attempt.position))
        ).all()
        return _session_record(row, list(ids))


def latest_feedback_by_session(engine: Engine, session_ids: list[int]) -> dict[int, list[Feedback]]:
    """Each session's answers' latest feedback, in answer order: one query for a whole list,
    where rebuilding every session's report read each answer and its follow-ups one by one."""
    from sim.storage.history_sql import ATTEMPT, GRADE, with_latest_grade

    if not session_ids:
        return {}
    stmt = (
        sa_select(ATTEMPT.c.session_id, GRADE.c.feedback_json)
        .select_from(with_latest_grade(inner=True))
        .where(ATTEMPT.c.session_id.in_(session_ids))
        .order_by(ATTEMPT.c.session_id, ATTEMPT.c.position)
    )
    found: dict[int, list[Feedback]] = {i: [] for i in session_ids}
    with engine.connect() as conn:
        for session_id, feedback_json in conn.execute(stmt):
            found[session_id].append(Feedback.model_validate_json(feedback_json))
    return found


def active_session(engine: Engine) -> SessionRecord | None:
    """The newest unfinished session, to resume after a refresh or a restart."""
    with Session(engine) as session:
        row = session.exec(
            select(InterviewSession)
            .where(InterviewSession.status == SessionStatus.ACTIVE)
            .order_by(col(InterviewSession.id).desc())
        ).first()
    return get_session(engine, row.id) if row else None


def set_session_status(engine: Engine, session_id: int, status: SessionStatus) -> None:
    with Session(engine) as session:
        row = session.get(InterviewSession, session_id)
        if row is None:
            raise KeyError(f"no session {session_id}")
        row.status = status
        if status != SessionStatus.ACTIVE:
            row.finished_at = datetime.now(UTC)
        session.add(row)
        session.commit()


def replace_question(
    engine: Engine, session_id: int, position: int, question_id: str, attempt_id: int
) -> bool:
    """Put another question at `position`, dropping its unanswered draft (no text, so nothing is
    lost). False, changing nothing, once the draft has words or was submitted."""
    with Session(engine) as session:
        row = session.get(InterviewSession, session_id)
        draft = session.get(Attempt, attempt_id)
        if row is None or draft is None or draft.session_id != session_id:
            return False
        if draft.status != AttemptStatus.DRAFT or draft.answer.strip():
            return False
        ids = [q for q in row.question_ids.split(",") if q]
        ids[position] = question_id
        row.question_ids = ",".join(ids)
        session.add(row)
        session.exec(delete(AttemptTrack).where(col(AttemptTrack.attempt_id) == attempt_id))
        session.delete(draft)
        session.commit()
        return True


def attach_attempt(engine: Engine, attempt_id: int, session_id: int, position: int) -> None:
    with Session(engine) as session:
        row = session.get(Attempt, attempt_id)
        row.session_id, row.position = session_id, position
        session.add(row)
        session.commit()


def save_draft(
    engine: Engine,
    attempt_id: int,
    text: str,
    time_to_requirements_s: int | None,
    saved_at: datetime | None = None,
    diagram: str | None = None,
) -> bool:
    """Store the draft's text (and its diagram, unless None: kept as stored); False when the
    answer is no longer a draft (submitted by another tab or the clock: a late autosave never
    overwrites a submitted answer)."""
    with Session(engine) as session:
        row = session.get(Attempt, attempt_id)
        if row is None or row.status != AttemptStatus.DRAFT:
            return False
        row.answer = text
        if diagram is not None:
            row.diagram = diagram or None
        row.draft_saved_at = saved_at or datetime.now(UTC)
        if row.time_to_requirements_s is None and time_to_requirements_s is not None:
            row.time_to_requirements_s = time_to_requirements_s
        session.add(row)
        session.commit()
        return True


def practice_draft_id(engine: Engine, question_id: str | None = None) -> int | None:
    """The newest draft outside an interview (Practice), of one question or of any."""
    with Session(engine) as session:
        query = (
            select(Attempt.id)
            .where(Attempt.status == AttemptStatus.DRAFT)
            .where(col(Attempt.session_id).is_(None))
            .order_by(col(Attempt.id).desc())
        )
        if question_id is not None:
            query = query.where(Attempt.question_id == question_id)
        return session.exec(query).first()


def submit(
    engine: Engine, attempt_id: int, text: str, elapsed_s: int | None, diagram: str | None = None
) -> bool:
    """Draft to submitted in one conditional UPDATE: True only for the first submit (the clock
    in two tabs, a double click), whose text is the one kept (its diagram too, unless None: the
    stored one is kept)."""
    # A Core UPDATE skips the ORM's text guard: the texts are fitted here.
    drawn = {} if diagram is None else {"diagram": fit_answer(diagram).text or None}
    with Session(engine) as session:
        result = session.exec(
            update(Attempt)
            .where(col(Attempt.id) == attempt_id)
            .where(col(Attempt.status) == AttemptStatus.DRAFT)
            .values(
                answer=fit_answer(text).text,
                status=AttemptStatus.SUBMITTED,
                elapsed_s=elapsed_s,
                submitted_at=datetime.now(UTC),
                **drawn,
            )
        )
        session.commit()
        return result.rowcount == 1


def attempt_id_for_key(engine: Engine, submission_key: str) -> int | None:
    with Session(engine) as session:
        return session.exec(
            select(Attempt.id).where(Attempt.submission_key == submission_key)
        ).first()


def recently_seen(engine: Engine, since: datetime, until: datetime | None = None) -> set[str]:
    """Questions opened from `since` (and before `until`, when given)."""
    query = select(Attempt.question_id).where(col(Attempt.started_at) >= since)
    if until is not None:
        query = query.where(col(Attempt.started_at) < until)
    with Session(engine) as session:
        return set(session.exec(query.distinct()).all())


def add_follow_up(
    engine: Engine, attempt_id: int, question: str, dimension: str, source: str
) -> int:
    row = FollowUpAnswer(
        attempt_id=attempt_id, question=question, dimension=dimension, source=source
    )
    return insert(engine, row).id


def answer_follow_up(
    engine: Engine, follow_up_id: int, answer: str | None, on_topic: bool = True
) -> None:
    """An answer, or None when the candidate declines; an off-topic reply is kept as such."""
    with Session(engine) as session:
        row = session.get(FollowUpAnswer, follow_up_id)
        row.answer = answer or ""
        if not answer:
            row.status = FollowUpStatus.DECLINED
        else:
            row.status = FollowUpStatus.ANSWERED if on_topic else FollowUpStatus.OFF_TOPIC
        row.answered_at = datetime.now(UTC)
        session.add(row)
        session.commit()


def follow_ups(engine: Engine, attempt_id: int) -> list[FollowUpRecord]:
    with Session(engine) as session:
        rows = session.exec(
            select(FollowUpAnswer)
            .where(FollowUpAnswer.attempt_id == attempt_id)
            .order_by(col(FollowUpAnswer.id))
        ).all()
        return [_follow_up_record(r) for r in rows]


def timing_rows(engine: Engine, limit: int = 5000) -> list[dict]:
    """Submitted answers' timing, oldest first: how long, against what limit, and (system
    design) when requirements first appeared."""
    with Session(engine) as session:
        rows = session.exec(
            select(
                Attempt.submitted_at,
                Attempt.kind,
                Attempt.elapsed_s,
                Attempt.time_limit_s,
                Attempt.time_to_requirements_s,
            )
            .where(col(Attempt.submitted_at).is_not(None))
            .where(col(Attempt.elapsed_s).is_not(None))
            .order_by(col(Attempt.submitted_at).desc())
            .limit(limit)
        ).all()
    return [
        {
            "submitted_at": aware(r[0]),
            "kind": r[1],
            "elapsed_s": r[2],
            "time_limit_s": r[3],
            "time_to_requirements_s": r[4],
        }
        for r in reversed(rows)
    ]
