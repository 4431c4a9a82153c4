"""Timed interview sessions (service layer): draw questions from a format, keep drafts, submit on
time-out, ask follow-ups and grade the whole exchange (the report: sim/session_reports.py). Every
step is stored as it happens, so a refresh, a closed tab or a restart resumes where it was."""

import contextlib
import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy.engine import Engine

from sim import catalog, paths, service
from sim.domain.formats import InterviewFormat, draw_questions, load_formats, redraw_question
from sim.domain.grade_request import FollowUpSpec
from sim.domain.probes import answers_probe, asked_base
from sim.domain.questions import Question
from sim.domain.records import AttemptRecord, FollowUpRecord, SessionRecord
from sim.domain.redaction import redact
from sim.domain.statuses import AttemptStatus, FollowUpStatus, SessionStatus
from sim.drafts import save_draft
from sim.providers.choices import GraderChoice, is_llm
from sim.storage import session_repo

SINGLE = "single"  # the format id of a one-question session (its question was chosen)
RECENT_DAYS = 14  # "recently answered": drawn after unseen questions
log = logging.getLogger(__name__)
WARN_AT_S = (300, 60)  # gentle warnings at 5 and 1 minutes left
Phase = Literal["answering", "follow_up", "feedback", "finished"]


@dataclass(frozen=True)
class SessionState:
    session: SessionRecord
    position: int  # 0-based index of the current question
    question: Question | None
    attempt: AttemptRecord | None
    follow_ups: list[FollowUpRecord]
    phase: Phase

    @property
    def pending_follow_up(self) -> FollowUpRecord | None:
        return next((f for f in self.follow_ups if f.status == FollowUpStatus.ASKED), None)


def formats() -> list[InterviewFormat]:
    return load_formats(paths.QUESTION_BANK_DIR / "formats.yaml", catalog.bank())


def start_session(
    engine: Engine,
    *,
    format_id: str | None = None,
    question_id: str | None = None,
    avoid_recent_days: int | None = 14,
    seed: int | None = None,
) -> int:
    """A format's questions (unseen ones first) or one chosen question."""
    bank = catalog.bank()
    if question_id:
        question = bank.get(question_id)
        return session_repo.create_session(
            engine,
            format_id=SINGLE,
            title=f"Single question: {question.id}",
            question_ids=[question.id],
            follow_ups=2,
        )
    fmt = next((f for f in formats() if f.id == format_id), None)
    if fmt is None:
        raise KeyError(f"unknown interview format {format_id!r}")
    recent: set[str] = set()
    if avoid_recent_days:
        since = datetime.now(UTC) - timedelta(days=avoid_recent_days)
        recent = session_repo.recently_seen(engine, since)
    chosen = draw_questions(
        fmt,
        bank,
        recent=recent,
        seed=seed if seed is not None else random.SystemRandom().randrange(10**9),
    )
    return session_repo.create_session(
        engine,
        format_id=fmt.id,
        title=fmt.title,
        question_ids=chosen,
        follow_ups=fmt.follow_ups_per_question,
    )


def can_redraw(state_: SessionState) -> bool:
    """A drawn question (not one the candidate chose) with no words written yet."""
    return (
        state_.phase == "answering"
        and state_.session.format_id != SINGLE
        and not state_.attempt.answer.strip()
    )


def redraw(engine: Engine, state_: SessionState, skipped: set[str]) -> bool:
    """Replace the current, unanswered question by another from the same draw slot: unseen and
    not `skipped` (drawn away before) first. False when there is no other or words were typed."""
    fmt = next((f for f in formats() if f.id == state_.session.format_id), None)
    if fmt is None or not can_redraw(state_):
        return False
    since = datetime.now(UTC) - timedelta(days=RECENT_DAYS)
    replacement = redraw_question(
        fmt,
        catalog.bank(),
        state_.position,
        taken=set(state_.session.question_ids),
        seen=session_repo.recently_seen(engine, since) | skipped,
        seed=random.SystemRandom().randrange(10**9),
        question_ids=state_.session.question_ids,
    )
    if replacement is None or not session_repo.replace_question(
        engine, state_.session.id, state_.position, replacement, state_.attempt.id
    ):
        return False
    _open_question(engine, session_repo.get_session(engine, state_.session.id), state_.position)
    return True


def resume(engine: Engine) -> SessionRecord | None:
    return session_repo.active_session(engine)


def state(engine: Engine, session_id: int) -> SessionState:
    session = session_repo.get_session(engine, session_id)
    if session is None:
        raise KeyError(f"no session {session_id}")
    bank = catalog.bank()
    if session.status != SessionStatus.ACTIVE:
        return SessionState(session, len(session.question_ids), None, None, [], "finished")
    position = max(0, len(session.attempt_ids) - 1)
    if not session.attempt_ids:  # first question not opened yet
        _open_question(engine, session, 0)
        session = session_repo.get_session(engine, session_id)
    attempt = service.get_attempt(engine, session.attempt_ids[position])
    question = bank.get(attempt.question_id)
    probes = session_repo.follow_ups(engine, attempt.id)
    if attempt.status == AttemptStatus.DRAFT:
        phase: Phase = "answering"
    elif any(f.status == FollowUpStatus.ASKED for f in probes):
        phase = "follow_up"
    else:
        phase = "feedback"
    return SessionState(session, position, question, attempt, probes, phase)


def _open_question(engine: Engine, session: SessionRecord, position: int) -> int:
    question = catalog.bank().get(session.question_ids[position])
    attempt_id = service.save_answer(engine, question, "", submitted=False)
    session_repo.attach_attempt(engine, attempt_id, session.id, position)
    return attempt_id


def warning_for(remaining: int) -> str | None:
    if remaining <= 0:
        return None
    for threshold in sorted(WARN_AT_S):
        if remaining <= threshold:
            return f"Less than {threshold // 60} minute{'s' if threshold > 60 else ''} left."
    return None


def submit(
    engine: Engine,
    attempt: AttemptRecord,
    text: str,
    now: datetime,
    grader_name: str | GraderChoice,
    diagram: str | None = None,
) -> Phase:
    """Store the answer as it stands (also at time-out), then ask the first follow-up; with no
    follow-ups left to ask, grade at once. A repeated submit (the clock in a second tab) changes
    nothing and asks nothing. The whiteboard is kept as stored unless `diagram` is given."""
    save_draft(engine, attempt, text, now, diagram)
    elapsed = int((now - attempt.started_at).total_seconds())
    if not session_repo.submit(engine, attempt.id, text, elapsed):
        return state(engine, attempt.session_id).phase if attempt.session_id else "feedback"
    session = session_repo.get_session(engine, attempt.session_id) if attempt.session_id else None
    wanted = session.follow_ups_per_question if session else 0
    return _next_turn(engine, attempt.id, grader_name, bool(wanted and text.strip()))


def _next_turn(
    engine: Engine, attempt_id: int, grader_name: str | GraderChoice, probe_wanted: bool
) -> Phase:
    """After a candidate turn: ask the next probe, or grade the whole exchange. With the LLM
    each turn is one grade call whose proposed follow-up is the next probe; the offline grader
    is free, so it picks the probe and grades separately."""
    if not probe_wanted:
        _grade(engine, attempt_id, grader_name)
        return "feedback"
    if is_llm(grader_name):
        return _llm_turn(engine, attempt_id, grader_name)
    if _ask_next(engine, attempt_id):
        return "follow_up"
    _grade(engine, attempt_id, grader_name)
    return "feedback"


def _llm_turn(engine: Engine, attempt_id: int, choice: str | GraderChoice) -> Phase:
    """One grade call over the transcript so far. Its proposed follow-up (checked) or the bank's
    ladder is asked next; with nothing left to ask, this call's grade is the stored grade. A
    failed call falls back to the offline probe choice; the answer is graded at the end."""
    asked = _asked(engine, attempt_id)
    try:
        grader = service.grader_for(choice)
        turn = service.judge_turn(engine, attempt_id, grader, asked)
    except Exception as exc:  # never block the interview on a probe
        log.warning(
            "LLM grade for the next probe failed (%s); the bank's ladder asks", redact(str(exc))
        )
        if _ask_next(engine, attempt_id):
            return "follow_up"
        _grade(engine, attempt_id, choice)
        return "feedback"
    # The ladder quotes the candidate's answer, never a probe of the transcript back at them.
    answer = service.get_attempt(engine, attempt_id).answer
    probe = grader.follow_up(service.request_for(turn.question, answer, asked), turn.verdict)
    if probe is not None:
        _add_probe(engine, attempt_id, turn.question, probe, "llm")
        return "follow_up"
    with contextlib.suppress(service.GradingFailed):
        service.store_turn(engine, attempt_id, grader, turn)
    return "feedback"


def _asked(engine: Engine, attempt_id: int) -> tuple[str, ...]:
    return tuple(f.question for f in session_repo.follow_ups(engine, attempt_id))


def _add_probe(
    engine: Engine, attempt_id: int, question: Question, probe: FollowUpSpec, grader_name: str
) -> None:
    from_bank = any(asked_base(probe.question, f.question) for f in question.follow_ups)
    source = "bank" if from_bank or grader_name != "llm" else "llm"
    session_repo.add_follow_up(engine, attempt_id, probe.question, probe.dimension.value, source)


def _ask_next(engine: Engine, attempt_id: int) -> bool:
    """The offline choice: the free offline grader finds the weakest dimension and the bank's
    ladder the probe."""
    attempt = service.get_attempt(engine, attempt_id)
    question = catalog.bank().get(attempt.question_id)
    asked = _asked(engine, attempt_id)
    verdict, _ = service.judge(
        service.request_for(question, attempt.answer, diagram=attempt.diagram),
        service.default_grader(),
        catalog.rubric(),
    )
    probe = service.next_follow_up(question, attempt.answer, verdict, asked, "offline")
    if probe is None:
        return False
    _add_probe(engine, attempt_id, question, probe, "offline")
    return True


def answer_follow_up(
    engine: Engine, state_: SessionState, text: str | None, grader_name: str | GraderChoice
) -> Phase:
    """Record the answer (None declines); ask the next probe or grade the whole exchange."""
    probe = state_.pending_follow_up
    if probe is None or state_.attempt is None:
        return state_.phase
    reply = text.strip() if text else None
    on_topic = reply is None or answers_probe(
        reply,
        probe.question,
        service.request_for(state_.question, state_.attempt.answer),
        catalog.vocabulary(),
    )
    session_repo.answer_follow_up(engine, probe.id, reply, on_topic)
    more = len(state_.follow_ups) < state_.session.follow_ups_per_question
    return _next_turn(engine, state_.attempt.id, grader_name, more)


def _grade(engine: Engine, attempt_id: int, grader_name: str | GraderChoice) -> None:
    # On failure the answer stays saved and pending; the page offers a retry.
    with contextlib.suppress(service.GradingFailed):
        service.regrade(engine, attempt_id, service.grader_for(grader_name))


def next_question(engine: Engine, state_: SessionState) -> None:
    session = state_.session
    following = state_.position + 1
    if following >= len(session.question_ids):
        session_repo.set_session_status(engine, session.id, SessionStatus.FINISHED)
    else:
        _open_question(engine, session, following)


def abandon(engine: Engine, session_id: int) -> None:
    session_repo.set_session_status(engine, session_id, SessionStatus.ABANDONED)


def timing_history(engine: Engine) -> list[dict]:
    """Per answer: minutes used, share of the limit, overrun, minutes to first requirement."""
    rows = []
    for row in session_repo.timing_rows(engine):
        limit = row["time_limit_s"] or 1
        rows.append(
            {
                "when": row["submitted_at"],
                "kind": row["kind"],
                "minutes used": round(row["elapsed_s"] / 60, 1),
                "share of limit": round(row["elapsed_s"] / limit, 2),
                "overrun": row["elapsed_s"] > limit,
                "minutes to requirements": (
                    round(row["time_to_requirements_s"] / 60, 1)
                    if row["time_to_requirements_s"] is not None
                    else None
                ),
            }
        )
    return rows
