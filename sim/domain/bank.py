"""Loading and cross-checking the whole question bank (all track files plus user files)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field

from sim.domain.errors import DataFileError
from sim.domain.questions import BankFile, Question, Strict, Topic
from sim.domain.types import Kind
from sim.domain.yaml_io import load_model


class Competency(Strict):
    id: str
    title: str


class CompetencyFile(Strict):
    competencies: list[Competency] = Field(min_length=1)


@dataclass(frozen=True)
class QuestionBank:
    questions: tuple[Question, ...]
    topics: dict[str, Topic]
    competencies: dict[str, Competency]
    origin: dict[str, Path] = field(default_factory=dict)  # question id -> file it came from
    # User files left out of the bank, each with what is wrong where; the files stay as they are.
    set_aside: tuple[DataFileError, ...] = ()

    def get(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"unknown question id {question_id!r}")

    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def of_kind(self, kind: Kind) -> list[Question]:
        return [q for q in self.questions if q.kind is kind]


class BankError(DataFileError):
    """Several files may be at fault; each problem line starts with its file."""

    def __init__(self, problems: list[str]) -> None:
        self.path = Path("question_bank")
        self.problems = problems
        ValueError.__init__(self, "\n".join(problems))


def _cross_problems(
    bank_file: BankFile,
    topics: dict[str, Topic],
    competencies: dict[str, Competency],
    taken: dict[str, Path],
) -> list[str]:
    """What one file's questions get wrong against the rest of the bank: an id already taken
    (by an earlier file or earlier in this file), an unknown topic or competency."""
    problems = []
    seen: set[str] = set()
    for index, q in enumerate(bank_file.questions):
        where = f"question {q.id!r}: field questions[{index}]"
        if q.id in seen:
            problems.append(f"{where}.id: duplicate id (twice in this file)")
        elif q.id in taken:
            problems.append(f"{where}.id: duplicate id (also in {taken[q.id]})")
        seen.add(q.id)
        if q.topic not in topics:
            problems.append(f"{where}.topic: unknown topic {q.topic!r}")
        for comp in q.competencies:
            if comp not in competencies:
                problems.append(f"{where}.competencies: unknown competency {comp!r}")
    return problems


def _topics(files: list[tuple[Path, BankFile]]) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for _, bank_file in files:
        for topic in bank_file.topics:
            topics.setdefault(topic.id, topic)
    return topics


def _parse(paths: list[Path]) -> tuple[list[tuple[Path, BankFile]], list[DataFileError]]:
    parsed, failed = [], []
    for path in paths:
        try:
            parsed.append((path, load_model(path, BankFile)))
        except DataFileError as exc:
            failed.append(exc)
    return parsed, failed


def _accept_user_files(
    user: list[tuple[Path, BankFile]],
    shipped: list[tuple[Path, BankFile]],
    competencies: dict[str, Competency],
) -> tuple[list[tuple[Path, BankFile]], list[DataFileError]]:
    """The user files that fit the bank, and a problem for each one that does not. Setting a
    file aside can take away a topic another user file uses, so check again until stable."""
    accepted, set_aside = list(user), []
    while True:
        topics = _topics(shipped + accepted)
        taken = {q.id: path for path, f in shipped for q in f.questions}
        keep, dropped = [], []
        for path, bank_file in accepted:
            if problems := _cross_problems(bank_file, topics, competencies, taken):
                dropped.append(DataFileError(path, problems))
                continue
            keep.append((path, bank_file))
            taken.update({q.id: path for q in bank_file.questions})
        set_aside += dropped
        accepted = keep
        if not dropped:
            return accepted, set_aside


@dataclass(frozen=True)
class ShippedBank:
    """The shipped files, parsed and checked against each other: what every load starts from,
    whichever user files come with it (the costly half of a load, so it can be kept)."""

    files: list[tuple[Path, BankFile]]
    competencies: dict[str, Competency]


def load_bank(
    question_files: list[Path], competencies_file: Path, user_files: Sequence[Path] = ()
) -> QuestionBank:
    """Load every file, collecting all problems before failing so one run shows them all.

    `question_files` (the shipped bank) must all be right or nothing loads. A user file that
    cannot be used is set aside instead — left untouched on disk, excluded from the bank and
    reported in `set_aside` — so one bad file never takes the shipped questions down with it."""
    return with_user_files(load_shipped(question_files, competencies_file), user_files)


def load_shipped(question_files: list[Path], competencies_file: Path) -> ShippedBank:
    """The shipped files, all right or BankError naming every problem (see load_bank)."""
    problems: list[str] = []
    shipped, failed = _parse(question_files)
    problems.extend(f"{exc.path}: {p}" for exc in failed for p in exc.problems)
    competencies: dict[str, Competency] = {}
    try:
        competencies = {c.id: c for c in load_model(competencies_file, CompetencyFile).competencies}
    except DataFileError as exc:
        problems.extend(f"{exc.path}: {p}" for p in exc.problems)

    topics = _topics(shipped)
    holders: dict[str, list[Path]] = {}
    for path, bank_file in shipped:
        for q in bank_file.questions:
            holders.setdefault(q.id, []).append(path)
    for path, bank_file in shipped:
        # Every file holding a duplicated id is named, each pointing at another holder.
        taken = {i: o[0] for i, ps in holders.items() if (o := [p for p in ps if p != path])}
        problems.extend(
            f"{path}: {p}" for p in _cross_problems(bank_file, topics, competencies, taken)
        )
    if problems:
        # Duplicate-id lines repeat per occurrence; keep each once, in order.
        raise BankError(list(dict.fromkeys(problems)))
    return ShippedBank(shipped, competencies)


def with_user_files(shipped_bank: ShippedBank, user_files: Sequence[Path] = ()) -> QuestionBank:
    """The shipped bank plus the user files that fit (see load_bank)."""
    shipped, competencies = shipped_bank.files, shipped_bank.competencies
    user, set_aside = _parse(list(user_files))
    accepted, rejected = _accept_user_files(user, shipped, competencies)
    set_aside += rejected
    files = shipped + accepted
    questions = [q for _, f in files for q in f.questions]
    origin = {q.id: path for path, f in files for q in f.questions}
    order = {path: i for i, path in enumerate(user_files)}
    set_aside.sort(key=lambda exc: order.get(exc.path, 0))
    return QuestionBank(tuple(questions), _topics(files), competencies, origin, tuple(set_aside))


def extended(bank: QuestionBank, extra: BankFile, origin: Path) -> QuestionBank:
    """The bank with one more set of questions (a user's own, kept in the database), checked
    like a user file: ids, topics and competencies against the bank. Raises DataFileError
    naming `origin` and each problem; the bank itself is never changed."""
    topics = dict(bank.topics)
    for topic in extra.topics:
        topics.setdefault(topic.id, topic)
    taken = {q.id: bank.origin.get(q.id, Path("question_bank")) for q in bank.questions}
    if problems := _cross_problems(extra, topics, bank.competencies, taken):
        raise DataFileError(origin, problems)
    return QuestionBank(
        (*bank.questions, *extra.questions),
        topics,
        bank.competencies,
        {**bank.origin, **{q.id: origin for q in extra.questions}},
        bank.set_aside,
    )
