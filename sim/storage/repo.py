"""Reads and writes. Every function opens and closes its own session: callers never hold one."""

from datetime import UTC, datetime

from sqlalchemy import and_, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from sim.domain.feedback import Feedback
from sim.domain.records import AttemptRecord, GradeRecord
from sim.domain.redaction import redact
from sim.domain.statuses import AttemptStatus
from sim.domain.verdict import Verdict
from sim.storage import session_repo
from sim.storage.models import Attempt, AttemptTrack, Grade, LlmCall, level_columns
from sim.storage.rows import insert
from sim.storage.timestamps import aware


def _grade_record(row: Grade) -> GradeRecord:
    return GradeRecord(
        id=row.id,
        attempt_id=row.attempt_id,
        grader=row.grader,
        model=row.model,
        rubric_version=row.rubric_version,
        prompt_id=row.prompt_id,
        prompt_version=row.prompt_version,
        prompt_hash=row.prompt_hash,
        temperature=row.temperature,
        tokens_in=row.tokens_in,
        tokens_out=row.tokens_out,
        cost_usd=row.cost_usd,
        overall=row.overall,
        signal=row.signal,
        feedback=Feedback.model_validate_json(row.feedback_json),
        verdict=Verdict.model_validate_json(row.verdict_json),
        created_at=aware(row.created_at),
    )


def _attempt_record(row: Attempt, grades: list[Grade]) -> AttemptRecord:
    return AttemptRecord(
        id=row.id,
        question_id=row.question_id,
        kind=row.kind,
        topic=row.topic,
        tracks=[t for t in row.tracks.split(",") if t],
        prompt=row.prompt,
        answer=row.answer,
        status=row.status,
        time_limit_s=row.time_limit_s,
        elapsed_s=row.elapsed_s,
        started_at=aware(row.started_at),
        submitted_at=aware(row.submitted_at),
        last_error=redact(row.last_error) if row.last_error else row.last_error,
        session_id=row.session_id,
        position=row.position,
        time_to_requirements_s=row.time_to_requirements_s,
        draft_saved_at=aware(row.draft_saved_at),
        submission_key=row.submission_key,
        lease_holder=row.lease_holder,
        lease_expires_at=aware(row.lease_expires_at),
        diagram=row.diagram,
        grades=[_grade_record(g) for g in grades],
    )


def create_attempt(
    engine: Engine,
    *,
    question_id: str,
    kind: str,
    topic: str,
    tracks: list[str],
    prompt: str,
    answer: str,
    time_limit_s: int,
    elapsed_s: int | None = None,
    submitted: bool = True,
    submission_key: str | None = None,
    started_at: datetime | None = None,
    diagram: str | None = None,
) -> int:
    """The new attempt's id; with a submission key already stored, that attempt's id (a repeated
    submit of the same draft makes no second attempt). Submitting under the key of a stored
    draft submits that draft, with this text, in place."""
    now = datetime.now(UTC)
    row = Attempt(
        question_id=question_id,
        kind=kind,
        topic=topic,
        tracks=",".join(tracks),
        prompt=prompt,
        answer=answer,
        status=AttemptStatus.SUBMITTED if submitted else AttemptStatus.DRAFT,
        time_limit_s=time_limit_s,
        elapsed_s=elapsed_s,
        started_at=started_at or now,
        submitted_at=now if submitted else None,
        draft_saved_at=None if submitted else now,
        submission_key=submission_key,
        diagram=diagram or None,
    )
    if submission_key is None:
        return _insert_attempt(engine, row, tracks)
    found = session_repo.attempt_id_for_key(engine, submission_key)
    if found is None:
        try:
            return _insert_attempt(engine, row, tracks)
        except IntegrityError:  # the unique key: another submit of this draft got there first
            found = session_repo.attempt_id_for_key(engine, submission_key)
            if found is None:
                raise
    if submitted:
        session_repo.submit(engine, found, answer, elapsed_s, diagram)
    return found


def _insert_attempt(engine: Engine, row: Attempt, tracks: list[str]) -> int:
    """The attempt and its track rows in one transaction (a failed insert leaves neither)."""
    with Session(engine, expire_on_commit=False) as session:
        session.add(row)
        session.flush()
        session.add_all(AttemptTrack(track=t, attempt_id=row.id) for t in dict.fromkeys(tracks))
        session.commit()
        return row.id


def acquire_lease(
    engine: Engine,
    attempt_id: int,
    holder: str,
    expires_at: datetime,
    *,
    take_over_from: str | None = None,
) -> bool:
    """Mark the attempt as being graded by holder, in one conditional UPDATE: true only for the
    one caller that found it free (no lease, an expired one, or take_over_from's)."""
    now = datetime.now(UTC)
    free = or_(
        col(Attempt.lease_holder).is_(None),
        col(Attempt.lease_expires_at) < now,
        *([col(Attempt.lease_holder) == take_over_from] if take_over_from else []),
    )
    with Session(engine) as session:
        result = session.exec(
            update(Attempt)
            .where(col(Attempt.id) == attempt_id)
            .where(free)
            .values(
                status=AttemptStatus.GRADING,
                lease_holder=holder,
                lease_expires_at=expires_at,
                last_error=None,
            )
        )
        session.commit()
        return result.rowcount == 1


def set_status(engine: Engine, attempt_id: int, status: str, error: str | None = None) -> None:
    with Session(engine) as session:
        row = session.get(Attempt, attempt_id)
        if row is None:
            raise KeyError(f"no attempt {attempt_id}")
        row.status = status
        row.last_error = redact(error) if error else error  # never a credential from a URL
        if status != AttemptStatus.GRADING:
            row.lease_holder = row.lease_expires_at = None  # the grader is done with it
        session.add(row)
        session.commit()


def add_grade(
    engine: Engine,
    *,
    attempt_id: int,
    grader: str,
    model: str,
    rubric_version: str,
    prompt_id: str,
    prompt_version: str,
    prompt_hash: str,
    feedback: Feedback,
    verdict: Verdict,
    temperature: float | None = None,
    tokens_in: int | None = None,
    tokens_out: int | None = None,
    cost_usd: float | None = None,
    cache_key: str | None = None,
) -> int:
    row = Grade(
        temperature=temperature,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        cost_usd=cost_usd,
        cache_key=cache_key,
        attempt_id=attempt_id,
        grader=grader,
        model=model,
        rubric_version=rubric_version,
        prompt_id=prompt_id,
        prompt_version=prompt_version,
        prompt_hash=prompt_hash,
        overall=feedback.overall,
        signal=feedback.signal,
        feedback_json=feedback.model_dump_json(),
        verdict_json=verdict.model_dump_json(),
    )
    with Session(engine) as session:
        session.add(row)
        session.flush()  # the grade's id, for the attempt's latest-grade figures
        attempt = session.get(Attempt, attempt_id)
        if attempt is not None:
            attempt.status = AttemptStatus.GRADED
            attempt.last_error = None
            attempt.lease_holder = attempt.lease_expires_at = None
            session.add(attempt)
        # A guarded UPDATE: a grade that commits after a newer one never overwrites its figures.
        older = or_(col(Attempt.latest_grade_id).is_(None), col(Attempt.latest_grade_id) < row.id)
        session.exec(
            update(Attempt)
            .where(col(Attempt.id) == attempt_id, older)
            .values(
                latest_grade_id=row.id,
                overall=feedback.overall,
                **level_columns({d.dimension: d.level for d in feedback.dimensions}),
            )
        )
        session.commit()
        session.refresh(row)
        return row.id


def get_attempt(engine: Engine, attempt_id: int) -> AttemptRecord | None:
    with Session(engine) as session:
        row = session.get(Attempt, attempt_id)
        if row is None:
            return None
        grades = session.exec(
            select(Grade).where(Grade.attempt_id == attempt_id).order_by(col(Grade.id))
        ).all()
        return _attempt_record(row, list(grades))


def list_attempts(engine: Engine, *, limit: int = 50, offset: int = 0) -> list[AttemptRecord]:
    """Newest first, each with its grades (two queries, not one per attempt)."""
    with Session(engine) as session:
        rows = session.exec(
            select(Attempt).order_by(col(Attempt.id).desc()).offset(offset).limit(limit)
        ).all()
        ids = [r.id for r in rows]
        grades = (
            session.exec(
                select(Grade).where(col(Grade.attempt_id).in_(ids)).order_by(col(Grade.id))
            ).all()
            if ids
            else []
        )
        by_attempt: dict[int, list[Grade]] = {}
        for grade in grades:
            by_attempt.setdefault(grade.attempt_id, []).append(grade)
        return [_attempt_record(r, by_attempt.get(r.id, [])) for r in rows]


def count_attempts(engine: Engine) -> int:
    from sqlalchemy import func

    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Attempt)).one()


def find_cached_grade(engine: Engine, cache_key: str) -> GradeRecord | None:
    with Session(engine) as session:
        row = session.exec(
            select(Grade).where(Grade.cache_key == cache_key).order_by(col(Grade.id).desc())
        ).first()
        return _grade_record(row) if row else None


ENDPOINT_MAX = 300  # the llm_call.endpoint column


def log_llm_call(engine: Engine, **fields: object) -> int:
    """One call-log row; the endpoint and the error are stored redacted."""
    if endpoint := fields.get("endpoint"):
        fields["endpoint"] = redact(str(endpoint))[:ENDPOINT_MAX]
    if error := fields.get("error"):
        fields["error"] = redact(str(error))
    row = LlmCall(**fields)
    return insert(engine, row).id


def llm_calls(engine: Engine, attempt_id: int | None = None, limit: int = 100) -> list[dict]:
    with Session(engine) as session:
        query = select(LlmCall).order_by(col(LlmCall.id).desc()).limit(limit)
        if attempt_id is not None:
            query = query.where(LlmCall.attempt_id == attempt_id)
        return [_call_record(row) for row in session.exec(query).all()]


def _call_record(row: LlmCall) -> dict:
    record = row.model_dump()
    for name in ("endpoint", "error"):  # rows written before redaction too
        if record[name]:
            record[name] = redact(record[name])
    return record


def pending_attempts(engine: Engine, limit: int | None = 50) -> list[AttemptRecord]:
    """Answers waiting for a grade: submitted or failed with no grade yet, and every answer
    being graded (a re-grade too), running or interrupted."""
    with Session(engine) as session:
        graded = select(Grade.attempt_id)
        waiting = and_(
            col(Attempt.status).in_([AttemptStatus.SUBMITTED, AttemptStatus.FAILED]),
            col(Attempt.id).not_in(graded),
        )
        rows = session.exec(
            select(Attempt)
            .where(or_(waiting, col(Attempt.status) == AttemptStatus.GRADING))
            .order_by(col(Attempt.id).desc())
            .limit(limit)
        ).all()
        return [_attempt_record(r, []) for r in rows]
