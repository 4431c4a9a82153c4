"""Loading and cross-checking the whole question bank (all track files plus user files)."""

from collections import Counter
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


def load_bank(question_files: list[Path], competencies_file: Path) -> QuestionBank:
    """Load every file, collecting all problems before failing so one run shows them all."""
    problems: list[str] = []
    parsed: list[tuple[Path, BankFile]] = []
    for path in question_files:
        try:
            parsed.append((path, load_model(path, BankFile)))
        except DataFileError as exc:
            problems.extend(f"{exc.path}: {p}" for p in exc.problems)
    competencies: dict[str, Competency] = {}
    try:
        competencies = {c.id: c for c in load_model(competencies_file, CompetencyFile).competencies}
    except DataFileError as exc:
        problems.extend(f"{exc.path}: {p}" for p in exc.problems)

    topics: dict[str, Topic] = {}
    for _, bank_file in parsed:
        for topic in bank_file.topics:
            topics.setdefault(topic.id, topic)

    questions: list[Question] = []
    origin: dict[str, Path] = {}
    id_counts = Counter(q.id for _, f in parsed for q in f.questions)
    for path, bank_file in parsed:
        for q in bank_file.questions:
            if id_counts[q.id] > 1:
                problems.append(f"{path}: question {q.id!r}: field id: duplicate id")
            if q.topic not in topics:
                problems.append(
                    f"{path}: question {q.id!r}: field topic: unknown topic {q.topic!r}"
                )
            for comp in q.competencies:
                if comp not in competencies:
                    where = f"{path}: question {q.id!r}: field competencies"
                    problems.append(f"{where}: unknown competency {comp!r}")
            if q.id not in origin:
                questions.append(q)
                origin[q.id] = path
    if problems:
        # Duplicate-id lines repeat per occurrence; keep each once, in order.
        raise BankError(list(dict.fromkeys(problems)))
    return QuestionBank(tuple(questions), topics, competencies, origin)
