"""Interview formats (question_bank/formats.yaml) and how a session draws its questions."""

import random
from collections.abc import Sequence
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
    tags: list[str] = Field(default_factory=list)  # any of these (tags.yaml ids)
    # Only these questions (a seed's named drills); empty: any question that matches.
    questions: list[str] = Field(default_factory=list)
    distinct_competencies: bool = False


class InterviewFormat(Strict):
    id: str
    title: str
    description: str
    source: SeedSource
    # The time budget: the drawn questions' own time limits add up to at most this.
    minutes: int = Field(ge=5, le=480)
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
    named = set(slot.questions)
    return [
        q.id
        for q in bank.questions
        if (slot.kind is None or q.kind is slot.kind)
        and (not slot.tracks or set(slot.tracks) & set(q.tracks))
        and (not slot.tags or set(slot.tags) & set(q.tags))
        and (not named or q.id in named)
    ]


def _minutes(bank: QuestionBank) -> dict[str, int]:
    return {q.id: q.time_limit_min for q in bank.questions}


def _reserve(
    slots: list[tuple[DrawSlot, int]], bank: QuestionBank, excluded: set[str]
) -> int | None:
    """The fewest minutes that (slot, picks still to make) pairs need, each pick a different
    question not in `excluded`; None when some slot runs out of questions."""
    minutes, taken, total = _minutes(bank), set(excluded), 0
    for slot, picks in slots:
        pool = sorted(
            (qid for qid in _eligible(slot, bank) if qid not in taken), key=minutes.__getitem__
        )
        if len(pool) < picks:
            return None
        taken.update(pool[:picks])
        total += sum(minutes[qid] for qid in pool[:picks])
    return total


def load_phases(path: Path) -> list[PhaseBox]:
    return load_model(path, FormatFile).phases


def _format_problems(fmt: InterviewFormat, bank: QuestionBank) -> list[str]:
    problems = []
    known = bank.by_id()
    for index, slot in enumerate(fmt.draw):
        for named in slot.questions:
            if named not in known:
                problems.append(
                    f"format {fmt.id!r}: field draw.{index}.questions: unknown question id "
                    f"{named!r}"
                )
        available = len(_eligible(slot, bank))
        if available < slot.count:
            problems.append(
                f"format {fmt.id!r}: field draw.{index}: needs {slot.count} questions, "
                f"the bank has {available}"
            )
    if problems:
        return problems
    need = _reserve([(slot, slot.count) for slot in fmt.draw], bank, set())
    if need is None or need > fmt.minutes:
        shortest = "" if need is None else f": its shortest questions take {need} minutes"
        problems.append(
            f"format {fmt.id!r}: field minutes: {fmt.minutes} minutes cannot hold the draw"
            f"{shortest}"
        )
    return problems


def load_formats(path: Path, bank: QuestionBank) -> list[InterviewFormat]:
    """Every format must be drawable from the bank within its time budget."""
    formats = load_model(path, FormatFile).formats
    problems = [p for fmt in formats for p in _format_problems(fmt, bank)]
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
    question_ids: Sequence[str] = (),
) -> str | None:
    """Another question for a session's `position`, from the draw slot that filled it: none
    already in the session (`taken`), unseen ones first, and (given the session's
    `question_ids`) none that would take the session past the format's minutes. None when the
    slot has no other."""
    minutes = _minutes(bank)
    others = sum(minutes.get(q, 0) for i, q in enumerate(question_ids) if i != position)
    left = fmt.minutes - others if question_ids else None
    index = position
    for slot in fmt.draw:
        if index < slot.count:
            pool = [
                qid
                for qid in _eligible(slot, bank)
                if qid not in taken and (left is None or minutes[qid] <= left)
            ]
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


def _fits(
    fmt: InterviewFormat,
    bank: QuestionBank,
    slot_index: int,
    so_far: list[str],
    picked_in_slot: int,
    qid: str,
) -> bool:
    """Drawing `qid` next still leaves room for the shortest questions the later picks can take."""
    slot = fmt.draw[slot_index]
    later = [(slot, slot.count - picked_in_slot - 1)]
    later += [(s, s.count) for s in fmt.draw[slot_index + 1 :]]
    need = _reserve(later, bank, {*so_far, qid})
    minutes = _minutes(bank)
    used = sum(minutes[q] for q in so_far) + minutes[qid]
    return need is not None and used + need <= fmt.minutes


def draw_questions(
    fmt: InterviewFormat,
    bank: QuestionBank,
    *,
    recent: set[str] | frozenset[str] = frozenset(),
    seed: int = 0,
) -> list[str]:
    """Pick question ids for a session: no repeats, unseen questions first, reproducible by seed,
    and their time limits within the format's minutes: each pick leaves room for the shortest
    questions the picks still to come can take."""
    rng = random.Random(seed)
    chosen: list[str] = []
    by_id = bank.by_id()
    for number, slot in enumerate(fmt.draw):
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
            if not _fits(fmt, bank, number, chosen + picked, len(picked), qid):
                continue
            picked.append(qid)
            used_competencies |= comps
        # Fall back to any remaining question that fits if the distinct-competency rule was
        # too strict.
        for qid in pool:
            if len(picked) == slot.count:
                break
            if qid not in picked and _fits(fmt, bank, number, chosen + picked, len(picked), qid):
                picked.append(qid)
        chosen += picked
    return chosen
