"""The interview room for a system-design question (service layer): the candidate asks the
interviewer, moves through the phases against their time boxes, and hears the requirement
change when the round reaches it. Every event is stored as it happens and becomes part of the
graded record."""

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy.engine import Engine

from sim import catalog, paths
from sim.domain.formats import load_phases
from sim.domain.interviewer import (
    Clarification,
    CompiledFact,
    InterviewerReply,
    RoomContext,
    answer_question,
    check_model_reply,
    compile_notes,
    seeks_solution,
)
from sim.domain.phases import (
    PhaseBox,
    PhaseEntry,
    PhaseStatus,
    PlannedPhase,
    phase_status,
    plan_phases,
    time_per_phase,
)
from sim.domain.questions import Question
from sim.domain.records import AttemptRecord, RoomEventRecord
from sim.domain.redaction import redact
from sim.domain.types import Kind, Phase, RoomEventKind
from sim.llm_accounting import record_llm_calls
from sim.providers.choices import GraderChoice, resolve
from sim.storage import room_repo

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def phase_boxes() -> tuple[PhaseBox, ...]:
    return tuple(load_phases(paths.QUESTION_BANK_DIR / "formats.yaml"))


@lru_cache(maxsize=256)
def _facts(question_id: str) -> tuple[CompiledFact, ...]:
    question = catalog.bank().get(question_id)
    if question.interviewer is None:
        return ()
    return compile_notes(question.interviewer, catalog.vocabulary())


def has_room(question: Question) -> bool:
    """Only system-design questions run as a round with an interviewer to ask."""
    return question.kind is Kind.SYSTEM_DESIGN


@dataclass(frozen=True)
class RoomState:
    question: Question
    events: list[RoomEventRecord]
    status: PhaseStatus
    entries: list[PhaseEntry]

    @property
    def exchanges(self) -> list[RoomEventRecord]:
        return [e for e in self.events if e.kind is RoomEventKind.QUESTION]

    @property
    def change(self) -> RoomEventRecord | None:
        return next((e for e in self.events if e.kind is RoomEventKind.CHANGE), None)


def _elapsed(attempt: AttemptRecord, now: datetime) -> float:
    return max(0.0, (now - attempt.started_at).total_seconds())


def plan(attempt: AttemptRecord) -> list[PlannedPhase]:
    return plan_phases(list(phase_boxes()), attempt.time_limit_s)


def room_state(engine: Engine, attempt: AttemptRecord, now: datetime) -> RoomState:
    question = catalog.bank().get(attempt.question_id)
    events = room_repo.events(engine, attempt.id)
    entries = [PhaseEntry(Phase(e.text), e.at_s) for e in events if e.kind is RoomEventKind.PHASE]
    plan_ = plan(attempt)
    return RoomState(
        question, events, phase_status(plan_, entries, _elapsed(attempt, now)), entries
    )


class NoInterviewerNotes(LookupError):
    def __init__(self, question_id: str) -> None:
        super().__init__(
            f"question {question_id!r} has no interviewer notes (system-design questions have them)"
        )


def ask_about(question_id: str, text: str) -> InterviewerReply:
    """One clarifying question about a question, outside any session (nothing stored)."""
    facts = _facts(question_id)
    if not facts:
        raise NoInterviewerNotes(question_id)
    return answer_question(text, facts, catalog.vocabulary())


def ask(
    engine: Engine,
    attempt: AttemptRecord,
    text: str,
    now: datetime,
    grader_name: str | GraderChoice | None = None,
) -> InterviewerReply:
    """Answer from the notes (what was asked, nothing more) and store the exchange. With the
    LLM (the session's grader, else the configured default) the interviewer answers in
    character; any failure there falls back to the offline matcher."""
    given = frozenset(fact for e in room_repo.events(engine, attempt.id) for fact in e.facts)
    facts = _facts(attempt.question_id)
    reply = _llm_reply(engine, attempt, text, facts, given, grader_name) or answer_question(
        text, facts, catalog.vocabulary(), given
    )
    room_repo.add_event(
        engine,
        attempt.id,
        RoomEventKind.QUESTION,
        _elapsed(attempt, now),
        text.strip(),
        reply=reply.answer,
        source=reply.source,
        facts=[f.answer for f in reply.facts],
    )
    return reply


def _llm_reply(
    engine: Engine,
    attempt: AttemptRecord,
    text: str,
    facts: tuple[CompiledFact, ...],
    given: frozenset[str],
    grader_name: str | GraderChoice | None,
) -> InterviewerReply | None:
    """The LLM interviewer's reply, checked against the notes; None: answer offline. Asking the
    interviewer to choose the design never reaches the model."""
    if not facts or seeks_solution(text):
        return None
    interviewer = None
    try:
        settings = resolve(grader_name).settings
        if settings is None:
            return None
        from sim.llm.interviewer import LLMInterviewer  # the openai SDK loads only when used

        interviewer = LLMInterviewer(settings, catalog.prompt("interviewer"))
        question = catalog.bank().get(attempt.question_id)
        reply = interviewer.reply(question.prompt, facts, text)
    except Exception as exc:  # the candidate gets the offline answer, never a traceback
        log.warning(
            "LLM interviewer unavailable (%s); answering from the notes offline", redact(str(exc))
        )
        return None
    finally:
        if interviewer is not None:
            record_llm_calls(engine, attempt.id, interviewer)
    return check_model_reply(reply, text, facts, catalog.vocabulary(), given)


def enter_phase(engine: Engine, attempt: AttemptRecord, phase: Phase, now: datetime) -> str:
    """Record the move; on reaching the phase of the requirement change, announce it (once).
    Returns the announcement, or "" when there is none now."""
    at = _elapsed(attempt, now)
    announced = any(e.kind is RoomEventKind.CHANGE for e in room_repo.events(engine, attempt.id))
    room_repo.add_event(engine, attempt.id, RoomEventKind.PHASE, at, phase.value)
    question = catalog.bank().get(attempt.question_id)
    change = question.interviewer.requirement_change if question.interviewer else None
    if change is None or change.at_phase is not phase or announced:
        return ""
    room_repo.add_event(engine, attempt.id, RoomEventKind.CHANGE, at, change.announcement)
    return change.announcement


def room_context(engine: Engine, attempt_id: int, question: Question | None) -> RoomContext | None:
    """The room's part of the graded record; None when the answer was not given in a room.
    `question` is None when it has left the bank (a report still shows what was said)."""
    events = room_repo.events(engine, attempt_id)
    if not events:
        return None
    clarifications = tuple(
        Clarification(e.text, e.reply, e.source)  # type: ignore[arg-type]
        for e in events
        if e.kind is RoomEventKind.QUESTION
    )
    announced = next((e.text for e in events if e.kind is RoomEventKind.CHANGE), "")
    change = question.interviewer.requirement_change if question and question.interviewer else None
    points = tuple(change.adapts_by) if announced and change else ()
    return RoomContext(clarifications, announced, points)


def phase_timing_history(engine: Engine) -> list[dict]:
    """Minutes per phase of each system-design answer given in the room, for a chart across
    sessions (one row per answer and phase). `round` labels the answer by when it was submitted
    and its id: one bar per round, in order (a time axis would draw each as a hairline)."""
    rows = []
    for answer in room_repo.phase_entries_of_submitted(engine):
        label = f"{answer['submitted_at']:%m-%d %H:%M} #{answer['attempt_id']}"
        # The round opens in the first phase; the entries are the moves the candidate made.
        entries = [PhaseEntry(Phase.CLARIFY, 0.0)] + [
            PhaseEntry(Phase(phase), at_s) for phase, at_s in answer["entries"]
        ]
        spent = time_per_phase(entries, float(answer["elapsed_s"]))
        for phase in Phase:
            rows.append(
                {
                    "when": answer["submitted_at"],
                    "round": label,
                    "phase": phase.value.replace("_", " "),
                    "minutes": round(spent.get(phase, 0.0) / 60, 1),
                }
            )
    return rows
