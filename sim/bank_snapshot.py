"""The loaded bank and the grader's vocabulary as plain models, for the data cache (JSON through
pydantic, never pickle: a cache file is data, it cannot run code)."""

from pathlib import Path

from pydantic import BaseModel

from sim.domain.bank import Competency, QuestionBank, ShippedBank
from sim.domain.errors import DataFileError
from sim.domain.matching import Lexicon
from sim.domain.questions import BankFile, Question, Topic
from sim.domain.vocabulary import Vocabulary

# Bump when a snapshot's shape or what it derives from changes: older entries are rebuilt.
FORMAT_VERSION = "1"


class SetAside(BaseModel):
    path: str
    problems: list[str]


class BankSnapshot(BaseModel):
    questions: list[Question]
    topics: dict[str, Topic]
    competencies: dict[str, Competency]
    origin: dict[str, str]
    set_aside: list[SetAside]

    @classmethod
    def of(cls, bank: QuestionBank) -> "BankSnapshot":
        return cls(
            questions=list(bank.questions),
            topics=bank.topics,
            competencies=bank.competencies,
            origin={qid: str(path) for qid, path in bank.origin.items()},
            set_aside=[SetAside(path=str(e.path), problems=e.problems) for e in bank.set_aside],
        )

    def bank(self) -> QuestionBank:
        return QuestionBank(
            tuple(self.questions),
            self.topics,
            self.competencies,
            {qid: Path(path) for qid, path in self.origin.items()},
            tuple(DataFileError(s.path, s.problems) for s in self.set_aside),
        )


class ShippedSnapshot(BaseModel):
    """The shipped files as parsed and checked: a change to a user file (adding a question from
    the Question bank page, say) parses that file alone, not the whole shipped bank again."""

    files: list[tuple[str, BankFile]]
    competencies: dict[str, Competency]

    @classmethod
    def of(cls, shipped: ShippedBank) -> "ShippedSnapshot":
        return cls(
            files=[(str(path), bank_file) for path, bank_file in shipped.files],
            competencies=shipped.competencies,
        )

    def shipped(self) -> ShippedBank:
        return ShippedBank([(Path(path), f) for path, f in self.files], self.competencies)


class VocabularySnapshot(BaseModel):
    """The costly part of the vocabulary (every question read through the matching layer); the
    weights are recomputed from it in a few milliseconds."""

    documents: dict[str, list[str]]
    stories: list[str]

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> "VocabularySnapshot":
        return cls(
            documents={qid: sorted(terms) for qid, terms in vocabulary.documents.items()},
            stories=sorted(vocabulary.stories),
        )

    def vocabulary(self, lexicon: Lexicon) -> Vocabulary:
        return Vocabulary.from_documents(
            {qid: frozenset(terms) for qid, terms in self.documents.items()},
            frozenset(self.stories),
            lexicon,
        )


class QuestionIndex(BaseModel):
    """Each question's JSON by id, validated one at a time: grading one answer from the command
    line reads the question it needs, not the whole bank."""

    questions: dict[str, str]
    set_aside: list[SetAside]

    @classmethod
    def of(cls, bank: QuestionBank) -> "QuestionIndex":
        return cls(
            questions={q.id: q.model_dump_json() for q in bank.questions},
            set_aside=[SetAside(path=str(e.path), problems=e.problems) for e in bank.set_aside],
        )

    def question(self, question_id: str) -> Question:
        try:
            return Question.model_validate_json(self.questions[question_id])
        except KeyError:
            raise KeyError(f"unknown question id {question_id!r}") from None
