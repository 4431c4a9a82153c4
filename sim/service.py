"""Service layer: compose graders, pure checks and storage. No UI here.

The order in grade_answer is the product's promise: the answer is stored before any grader runs."""

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.engine import Engine

from sim import catalog, leases
from sim.domain.drafts import is_live_draft, where_answered
from sim.domain.feedback import Feedback
from sim.domain.interview import transcript
from sim.domain.interviewer import RoomContext
from sim.domain.questions import Question
from sim.domain.records import AttemptRecord, FollowUpRecord
from sim.domain.redaction import redact
from sim.domain.rubric import Rubric
from sim.domain.statuses import AttemptStatus, FollowUpStatus
from sim.domain.user_text import fit_answer
from sim.domain.verdict import Verdict
from sim.grade_outcome import GradeOutcome as GradeOutcome
from sim.grade_outcome import Provenance
from sim.grade_outcome import diagram_json as diagram_json
from sim.graders.base import Grader
from sim.interview_room import room_context

# What a grader is asked and which grader live in sim.judging; pages and scripts reach them
# through this module (the `as` names are re-exports).
from sim.judging import default_grader as default_grader
from sim.judging import grader_choices as grader_choices
from sim.judging import grader_for as grader_for
from sim.judging import judge as judge
from sim.judging import llm_settings as llm_settings
from sim.judging import next_follow_up as next_follow_up
from sim.judging import request_for as request_for
from sim.llm_accounting import cache_key, record_llm_calls
from sim.storage import repo, session_repo

log = logging.getLogger(__name__)


class GradingFailed(RuntimeError):
    """The grader failed; the answer is saved (attempt_id) and can be graded again."""

    def __init__(self, attempt_id: int, cause: Exception) -> None:
        self.attempt_id = attempt_id
        reason = redact(str(cause))
        super().__init__(f"grading failed, answer saved as attempt {attempt_id}: {reason}")


class AlreadyGrading(GradingFailed):
    """Another request holds this answer's grading lease: no second grader call is made."""

    def __init__(self, attempt_id: int, holder: str | None) -> None:
        cause = RuntimeError(f"answer #{attempt_id} is already being graded ({holder}).")
        super().__init__(attempt_id, cause)
        self.__cause__ = cause  # pages and the CLI show the cause's sentence


class StillBeingAnswered(GradingFailed):
    """A live draft (Practice, or a running interview) is graded only once its page submits it:
    grading it from elsewhere would end a question the candidate is still answering."""

    def __init__(self, attempt_id: int, session_id: int | None) -> None:
        cause = RuntimeError(
            f"answer #{attempt_id} is still being answered {where_answered(session_id)}: "
            "it is graded when it is submitted there."
        )
        super().__init__(attempt_id, cause)
        self.__cause__ = cause


def save_answer(
    engine: Engine,
    question: Question,
    answer: str,
    *,
    elapsed_s: int | None = None,
    submitted: bool = True,
    submission_key: str | None = None,
    started_at: datetime | None = None,
    diagram: str | None = None,
) -> int:
    return repo.create_attempt(
        engine,
        question_id=question.id,
        kind=question.kind.value,
        topic=question.topic,
        tracks=[t.value for t in question.tracks],
        prompt=question.prompt,
        answer=fit_answer(answer).text,
        time_limit_s=question.time_limit_s,
        elapsed_s=elapsed_s,
        submitted=submitted,
        submission_key=submission_key,
        started_at=started_at,
        diagram=fit_answer(diagram).text if diagram else None,
    )


def grade_attempt(
    engine: Engine,
    attempt_id: int,
    question: Question,
    answer: str,
    grader: Grader,
    notes: tuple[str, ...] = (),
    room: RoomContext | None = None,
    diagram: str | None = None,
) -> GradeOutcome:
    """Grade a saved answer (with its whiteboard diagram, if one was drawn). While the call
    runs the attempt is 'grading' under this process's lease, so a second request gets
    AlreadyGrading and a process killed mid-call leaves it pending (interrupted), to be resumed
    on the next start."""
    _take_lease(engine, attempt_id)
    try:
        return _grade_leased(engine, attempt_id, question, answer, grader, notes, room, diagram)
    except GradingFailed:
        raise
    except BaseException as exc:  # the lease must not outlive this call
        repo.set_status(engine, attempt_id, AttemptStatus.FAILED, error=str(exc)[:500])
        raise


def _take_lease(engine: Engine, attempt_id: int) -> None:
    me = leases.holder_id()
    if repo.acquire_lease(engine, attempt_id, me, leases.lease_expiry()):
        return
    attempt = repo.get_attempt(engine, attempt_id)
    if attempt is None:
        raise KeyError(f"no stored answer #{attempt_id}")
    holder = attempt.lease_holder
    # Its grader died on this machine: take over, unless another request just did.
    if (
        holder
        and leases.holder_alive(holder) is False
        and repo.acquire_lease(engine, attempt_id, me, leases.lease_expiry(), take_over_from=holder)
    ):
        return
    raise AlreadyGrading(attempt_id, holder)


def _grade_leased(
    engine: Engine,
    attempt_id: int,
    question: Question,
    answer: str,
    grader: Grader,
    notes: tuple[str, ...],
    room: RoomContext | None = None,
    diagram: str | None = None,
) -> GradeOutcome:
    rubric = catalog.rubric()
    key = _record_key(grader, question, answer, room, rubric, diagram)
    if key and (cached := repo.find_cached_grade(engine, key)):
        cached.verdict.notes.extend(n for n in notes if n not in cached.verdict.notes)
        return _store(
            engine,
            attempt_id,
            question,
            grader,
            cached.verdict,
            cached.feedback,
            replace(
                Provenance(
                    cached.prompt_id,
                    cached.prompt_version,
                    cached.prompt_hash,
                    cached.temperature,
                    0,
                    0,
                ),
                cost_usd=0.0,
                reused=True,
            ),
            key,
            diagram,
        )
    try:
        verdict, feedback = judge(
            request_for(question, answer, room=room, diagram=diagram), grader, rubric
        )
    except Exception as exc:  # any grader failure leaves the saved answer recoverable
        log.warning("grading attempt %s failed: %s", attempt_id, redact(str(exc)))
        record_llm_calls(engine, attempt_id, grader)
        repo.set_status(engine, attempt_id, AttemptStatus.FAILED, error=str(exc)[:500])
        raise GradingFailed(attempt_id, exc) from exc
    provenance = record_llm_calls(engine, attempt_id, grader)
    verdict.notes.extend(notes)
    _note_estimates(verdict, provenance)
    return _store(engine, attempt_id, question, grader, verdict, feedback, provenance, key, diagram)


def _record_key(
    grader: Grader,
    question: Question,
    answer: str,
    room: RoomContext | None,
    rubric: Rubric,
    diagram: str | None = None,
) -> str | None:
    """The reuse key of a grade: the whole graded record, the room's exchanges and the
    whiteboard included."""
    record = answer + ("\n\n" + room.as_text() if room else "")
    return cache_key(grader, question, record, rubric, diagram)


def _note_estimates(verdict: Verdict, provenance: Provenance) -> None:
    if provenance.tokens_estimated:
        verdict.notes.append("Token counts are estimates: no tokenizer could be loaded offline.")


def _store(
    engine: Engine,
    attempt_id: int,
    question: Question,
    grader: Grader,
    verdict: Verdict,
    feedback: Feedback,
    provenance: Provenance,
    cache_key: str | None,
    diagram: str | None = None,
) -> GradeOutcome:
    rubric = catalog.rubric()
    grade_id = repo.add_grade(
        engine,
        attempt_id=attempt_id,
        grader=grader.name,
        model=verdict.model,
        rubric_version=rubric.version,
        prompt_id=provenance.prompt_id,
        prompt_version=provenance.prompt_version,
        prompt_hash=provenance.prompt_hash,
        feedback=feedback,
        verdict=verdict,
        temperature=provenance.temperature,
        tokens_in=provenance.tokens_in,
        tokens_out=provenance.tokens_out,
        cost_usd=provenance.cost_usd,
        cache_key=cache_key,
    )
    return GradeOutcome(
        attempt_id,
        grade_id,
        question.id,
        grader.name,
        verdict.model,
        rubric.version,
        verdict,
        feedback,
        provenance,
        diagram,
    )


def regrade(engine: Engine, attempt_id: int, grader: Grader) -> GradeOutcome:
    """Grade a stored answer again (pending, failed, or after a rubric or prompt change)."""
    attempt = repo.get_attempt(engine, attempt_id)
    if attempt is None:
        raise KeyError(f"no stored answer #{attempt_id}")
    _refuse_live_draft(engine, attempt)
    question, text, room = _graded_record(engine, attempt)
    return grade_attempt(
        engine, attempt_id, question, text, grader, room=room, diagram=attempt.diagram
    )


def _graded_record(
    engine: Engine, attempt: AttemptRecord
) -> tuple[Question, str, RoomContext | None]:
    """What is graded for a stored answer: its transcript (answer, then each answered probe)
    and, for an answer given in the room, the room's exchanges."""
    question = catalog.bank().get(attempt.question_id)
    probes = [(f.question, f.answer) for f in follow_up_answers(engine, attempt.id)]
    room = room_context(engine, attempt.id, question)
    return question, transcript(attempt.answer, probes), room


@dataclass(frozen=True)
class TurnJudgement:
    """One grader call over an interview answer so far; stored as the grade only if it is the
    last one (sessions decide)."""

    question: Question
    record: str
    room: RoomContext | None
    verdict: Verdict
    feedback: Feedback
    provenance: Provenance
    diagram: str | None = None


def judge_turn(
    engine: Engine, attempt_id: int, grader: Grader, asked: tuple[str, ...]
) -> TurnJudgement:
    """Grade the transcript so far once (its proposed follow-up is the next probe); every call
    is logged against the answer, and no grade is stored."""
    attempt = repo.get_attempt(engine, attempt_id)
    if attempt is None:
        raise KeyError(f"no stored answer #{attempt_id}")
    question, text, room = _graded_record(engine, attempt)
    try:
        verdict, feedback = judge(
            request_for(question, text, asked, room, attempt.diagram), grader, catalog.rubric()
        )
    finally:
        provenance = record_llm_calls(engine, attempt_id, grader)
    _note_estimates(verdict, provenance)
    return TurnJudgement(question, text, room, verdict, feedback, provenance, attempt.diagram)


def store_turn(
    engine: Engine, attempt_id: int, grader: Grader, turn: TurnJudgement
) -> GradeOutcome:
    """The last turn's judgement becomes the stored grade: no second call for the same text."""
    _take_lease(engine, attempt_id)
    try:
        key = _record_key(
            grader, turn.question, turn.record, turn.room, catalog.rubric(), turn.diagram
        )
        return _store(
            engine,
            attempt_id,
            turn.question,
            grader,
            turn.verdict,
            turn.feedback,
            turn.provenance,
            key,
            turn.diagram,
        )
    except BaseException as exc:  # the lease must not outlive this call
        repo.set_status(engine, attempt_id, AttemptStatus.FAILED, error=str(exc)[:500])
        raise


def _refuse_live_draft(engine: Engine, attempt: AttemptRecord) -> None:
    if attempt.status != AttemptStatus.DRAFT:
        return
    session = session_repo.get_session(engine, attempt.session_id) if attempt.session_id else None
    if is_live_draft(attempt.status, attempt.session_id, session.status if session else None):
        raise StillBeingAnswered(attempt.id, attempt.session_id)


def follow_up_answers(engine: Engine, attempt_id: int) -> list[FollowUpRecord]:
    return [
        f
        for f in session_repo.follow_ups(engine, attempt_id)
        if f.status == FollowUpStatus.ANSWERED
    ]


def grade_answer(
    engine: Engine,
    question: Question,
    answer: str,
    *,
    grader: Grader | None = None,
    elapsed_s: int | None = None,
    submission_key: str | None = None,
    diagram: str | None = None,
) -> GradeOutcome:
    """Save the answer (and its whiteboard diagram) first, then grade it. On grader failure
    raise GradingFailed (answer kept).
    What cannot be stored is replaced and an enormous answer is cut, with a note saying so.
    A submission_key (made once per draft by the client) makes a repeated submit idempotent:
    the same attempt, its stored grade, or AlreadyGrading while the first is graded. A stored
    draft under that key (Practice) is submitted in place; what is graded is the stored text,
    the first submit's."""
    fitted = fit_answer(answer)
    attempt_id = save_answer(
        engine,
        question,
        fitted.text,
        elapsed_s=elapsed_s,
        submission_key=submission_key,
        diagram=diagram,
    )
    text, drawn = fitted.text, diagram
    if submission_key:
        if stored := _stored_outcome(engine, attempt_id):
            return stored
        attempt = repo.get_attempt(engine, attempt_id)
        text, drawn = attempt.answer, attempt.diagram
    notes = (fitted.note(),) if fitted.cut else ()
    grader = grader or default_grader()
    return grade_attempt(engine, attempt_id, question, text, grader, notes=notes, diagram=drawn)


def _stored_outcome(engine: Engine, attempt_id: int) -> GradeOutcome | None:
    attempt = repo.get_attempt(engine, attempt_id)
    grade = attempt.latest_grade if attempt else None
    if grade is None:
        return None
    provenance = Provenance(
        grade.prompt_id,
        grade.prompt_version,
        grade.prompt_hash,
        grade.temperature,
        grade.tokens_in or 0,
        grade.tokens_out or 0,
    )
    return GradeOutcome(
        attempt_id,
        grade.id,
        attempt.question_id,
        grade.grader,
        grade.model,
        grade.rubric_version,
        grade.verdict,
        grade.feedback,
        replace(provenance, cost_usd=grade.cost_usd, reused=True),
        attempt.diagram,
    )


def get_attempt(engine: Engine, attempt_id: int) -> AttemptRecord | None:
    return repo.get_attempt(engine, attempt_id)


def history(engine: Engine, *, limit: int = 200, offset: int = 0) -> list[AttemptRecord]:
    return repo.list_attempts(engine, limit=limit, offset=offset)


def has_answers(engine: Engine) -> bool:
    """Whether anything was ever answered here (a draft counts): False on a first visit."""
    return repo.count_attempts(engine) > 0


def pending(engine: Engine) -> list[AttemptRecord]:
    """Answers saved but not graded: a grader failed, or the app stopped mid-call."""
    return repo.pending_attempts(engine)
