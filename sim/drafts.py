"""Drafts (service layer): an answer stored as it is typed, on Practice and in an interview, so a
refresh, a closed tab or a restart brings back the question, the text and the remaining time.

A draft is live while it can still be answered: a Practice draft until it is submitted, an
interview draft while its session runs. Only its own page submits a live draft."""

import uuid
from datetime import datetime

from sqlalchemy.engine import Engine

from sim import catalog, service
from sim.domain.drafts import Stamped
from sim.domain.matching import analyse
from sim.domain.questions import Question
from sim.domain.records import AttemptRecord
from sim.domain.statuses import AttemptStatus
from sim.domain.text import split_sentences
from sim.storage import session_repo


def remaining_s(attempt: AttemptRecord, now: datetime) -> int:
    return attempt.time_limit_s - int((now - attempt.started_at).total_seconds())


def _requirements_stated(text: str) -> bool:
    """The grader's own requirements signal, read through the matching layer."""
    requirements = catalog.signal_cues().sets["requirements"]
    lexicon = catalog.lexicon()
    return any(requirements.found_in(analyse(s.text, lexicon)) for s in split_sentences(text))


def save_draft(
    engine: Engine,
    attempt: AttemptRecord,
    text: str,
    now: datetime,
    diagram: str | None = None,
) -> bool:
    """Autosave, stamped `now`, with the whiteboard diagram (None: the stored one is kept); also
    notes when requirements first appear in a system-design answer. False when the answer was
    submitted meanwhile (nothing is overwritten)."""
    first_req = None
    watching = attempt.kind == "system_design" and attempt.time_to_requirements_s is None
    if watching and _requirements_stated(text):
        first_req = int((now - attempt.started_at).total_seconds())
    return session_repo.save_draft(
        engine, attempt.id, text, first_req, saved_at=now, diagram=diagram
    )


def new_submission_key() -> str:
    """Made once per draft: every submit of that draft sends it, so a repeat is recognised."""
    return uuid.uuid4().hex


def open_practice_draft(
    engine: Engine,
    question: Question,
    text: str,
    started_at: datetime,
    now: datetime,
    diagram: str | None = None,
) -> AttemptRecord:
    """Store a new Practice draft (its clock started at `started_at`) under a submission key."""
    attempt_id = service.save_answer(
        engine,
        question,
        text,
        submitted=False,
        submission_key=new_submission_key(),
        started_at=started_at,
    )
    attempt = service.get_attempt(engine, attempt_id)
    # Stamped with the page's clock, requirements noted.
    save_draft(engine, attempt, text, now, diagram)
    return service.get_attempt(engine, attempt_id)


def practice_draft(engine: Engine, question_id: str | None = None) -> AttemptRecord | None:
    """The live Practice draft of a question (or the newest of any question)."""
    attempt_id = session_repo.practice_draft_id(engine, question_id)
    return service.get_attempt(engine, attempt_id) if attempt_id is not None else None


def stored_text(engine: Engine, attempt_id: int) -> Stamped | None:
    """The stored draft's text and when it was saved (another tab may have saved it last)."""
    attempt = service.get_attempt(engine, attempt_id)
    if attempt is None or attempt.status != AttemptStatus.DRAFT:
        return None
    saved = attempt.draft_saved_at or attempt.started_at
    return Stamped(attempt.answer, saved.timestamp())
