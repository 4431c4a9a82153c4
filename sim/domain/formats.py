"""Interview formats (question_bank/formats.yaml) and how a session draws its questions."""

import random
from pathlib import Path

from pydantic import Field, model_validator

from sim.domain.bank import QuestionBank
from sim.domain.errors import DataFileError
from sim.domain.phases import PhaseBox
from sim.domain.questions import SeedSource, Strict
from sim.domain.types import Kind, Phase, Track
from sim.domain.yaml_io import load_model


class DrawSlot(Strict):
    count: int = Field(ge=1, le=10)
    kind: Kind | None = None
    tracks: list[Track] = Field(default_factory=list)  # any of these
    distinct_competencies: bool = False


class InterviewFormat(Strict):
    id: str
    title: str
    description: str
    source: SeedSource
    minutes: int = Field(ge=5, le=300)
    follow_ups_per_question: int = Field(ge=0, le=3)
    draw: list[DrawSlot] = Field(min_length=1)

    @property
    def question_count(self) -> int:
        return sum(slot.count for slot in self.draw)


class FormatFile(Strict):
    formats: list[InterviewFormat] = Field(min_length=1)
    # Every system-design question runs through these phases, in this order.
    phases: list[PhaseBox] = Field(default_factory=list)

    @model_validator(mode="after")
    def _phases_in_order(self) -> "FormatFile":
        if self.phases and [b.id for b in self.phases] != list(Phase):
            raise ValueError(f"phases must be {', '.join(Phase)} in this order, once each")
        return self


def _eligible(slot: DrawSlot, bank: QuestionBank) -> list[str]:
    return [
        q.id
        for q in bank.questions
        if (slot.kind is None or q.kind is slot.kind)
        and (not slot.tracks or set(slot.tracks) & set(q.tracks))
    ]


def load_phases(path: Path) -> list[PhaseBox]:
    return load_model(path, FormatFile).phases


def load_formats(path: Path, bank: QuestionBank) -> list[InterviewFormat]:
    formats = load_model(path, FormatFile).formats
    problems = []
    for fmt in formats:
        for index, slot in enumerate(fmt.draw):
            available = len(_eligible(slot, bank))
            if available < slot.count:
                problems.append(
                    f"format {fmt.id!r}: field draw.{index}: needs {slot.count} questions, "
                    f"the bank has {available}"
                )
    if problems:
        raise DataFileError(path, problems)
    return formats


def unseen_first(pool: list[str], seen: set[str] | frozenset[str], rng: random.Random) -> list[str]:
    """The pool shuffled, questions not in `seen` first (the sort is stable: shuffled within)."""
    shuffled = list(pool)
    rng.shuffle(shuffled)
    return sorted(shuffled, key=lambda qid: qid in seen)


def redraw_question(
    fmt: InterviewFormat,
    bank: QuestionBank,
    position: int,
    *,
    taken: set[str],
    seen: set[str] | frozenset[str] = frozenset(),
    seed: int = 0,
) -> str | None:
    """Another question for a session's `position`, from the draw slot that filled it: none
    already in the session (`taken`), unseen ones first. None when the slot has no other."""
    index = position
    for slot in fmt.draw:
        if index < slot.count:
            pool = [qid for qid in _eligible(slot, bank) if qid not in taken]
            ordered = unseen_first(pool, seen, random.Random(seed))
            return ordered[0] if ordered else None
        index -= slot.count
    return None


def draw_practice_question(
    bank: QuestionBank, minutes: int, *, seen: set[str] | frozenset[str], seed: int = 0
) -> str | None:
    """A question with this time limit for a first practice round, unseen ones first."""
    pool = [q.id for q in bank.questions if q.time_limit_min == minutes]
    ordered = unseen_first(pool, seen, random.Random(seed))
    return ordered[0] if ordered else None


def draw_questions(
    fmt: InterviewFormat,
    bank: QuestionBank,
    *,
    recent: set[str] | frozenset[str] = frozenset(),
    seed: int = 0,
) -> list[str]:
    """Pick question ids for a session: no repeats, unseen questions first, reproducible by seed."""
    rng = random.Random(seed)
    chosen: list[str] = []
    by_id = bank.by_id()
    for slot in fmt.draw:
        pool = unseen_first(
            [qid for qid in _eligible(slot, bank) if qid not in chosen], recent, rng
        )
        used_competencies: set[str] = set()
        picked: list[str] = []
        for qid in pool:
            if len(picked) == slot.count:
                break
            comps = set(by_id[qid].competencies)
            if slot.distinct_competencies and comps and comps <= used_competencies:
                continue
            picked.append(qid)
            used_competencies |= comps
        # Fall back to any remaining question if the distinct-competency rule was too strict.
        picked += [qid for qid in pool if qid not in picked][: slot.count - len(picked)]
        chosen += picked
    return chosen
