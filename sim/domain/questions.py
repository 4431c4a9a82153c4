"""The question-bank schema. One YAML file per track validates into a BankFile."""

import re
from collections import Counter
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from sim.domain.types import Difficulty, Dimension, FactKind, Kind, Phase, Track

_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"


class Strict(BaseModel):
    """Data-file models reject unknown keys so a typo names its field instead of vanishing."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SeedSource(Strict):
    # A seed file name for the shipped bank; a user's own questions may name any source.
    kind: Literal["seed"] = "seed"
    seed: str = Field(min_length=1, description="seed file name or other source")
    section: str = Field(min_length=3, description="section heading in the seed")

    @property
    def label(self) -> str:
        return f"from {self.seed}, “{self.section}”"


class IndustrySource(Strict):
    """A question real loops ask that no study plan names: the note says where it is asked."""

    kind: Literal["industry"]
    note: str = Field(min_length=12, description="where and why real loops ask this")

    @property
    def label(self) -> str:
        return f"asked in industry loops: {self.note}"


def _source_kind(value: object) -> str:
    # Files written before industry sources carry no `kind`: they are seed sources.
    if isinstance(value, dict):
        return str(value.get("kind", "seed"))
    return str(getattr(value, "kind", "seed"))


QuestionSource = Annotated[
    Annotated[SeedSource, Tag("seed")] | Annotated[IndustrySource, Tag("industry")],
    Discriminator(_source_kind),
]


class KeyPoint(Strict):
    point: str = Field(min_length=8)
    aliases: list[str] = Field(min_length=1)
    # Options that earn no credit (a task role's point rejects "execution role"): a sentence
    # whose only alias match is one of these does not cover the point.
    rejected: list[str] = Field(default_factory=list)

    @field_validator("aliases", "rejected")
    @classmethod
    def _aliases_not_blank(cls, aliases: list[str]) -> list[str]:
        cleaned = [a.strip() for a in aliases]
        if any(not a for a in cleaned):
            raise ValueError("entries must not be blank")
        return cleaned


class Misconception(Strict):
    """A common wrong claim: matched in an answer, it lowers depth and the feedback corrects it.

    Each pattern is a list of terms that must all occur in one sentence (terms are phrases matched
    by sim.domain.matching; "a|b" gives alternatives). A sentence that negates the terms, or that
    contains one of the `unless` terms (the correct fact), does not count."""

    claim: str = Field(min_length=8, description="the wrong claim as a candidate would say it")
    patterns: list[list[str]] = Field(min_length=1)
    unless: list[str] = Field(default_factory=list)
    correction: str = Field(min_length=8)
    source: str = Field(min_length=3, description="where the correct fact is documented")

    @field_validator("patterns")
    @classmethod
    def _terms_not_blank(cls, patterns: list[list[str]]) -> list[list[str]]:
        if any(not terms or any(not t.strip() for t in terms) for terms in patterns):
            raise ValueError("every pattern needs one or more non-blank terms")
        return patterns


class GeneralMisconception(Misconception):
    """A wrong claim that is wrong in any answer, whatever the question: named by its id."""

    id: str = Field(pattern=_ID_PATTERN)


class MisconceptionCatalogue(Strict):
    """The bank-wide catalogue (question_bank/misconceptions.yaml)."""

    misconceptions: list[GeneralMisconception] = Field(min_length=1)

    @field_validator("misconceptions")
    @classmethod
    def _ids_unique(cls, items: list[GeneralMisconception]) -> list[GeneralMisconception]:
        counts = Counter(m.id for m in items)
        duplicates = sorted(i for i, n in counts.items() if n > 1)
        if duplicates:
            raise ValueError(f"duplicate id: {', '.join(duplicates)}")
        return items


class FollowUp(Strict):
    question: str = Field(min_length=8)
    dimension: Dimension


class InterviewerFact(Strict):
    """Something the interviewer knows and says only when the candidate asks about it.

    `asked_about` holds the terms (phrases for sim.domain.matching, "a|b" gives alternatives) a
    candidate's question touches when it asks for this fact; `answer` is what the interviewer says;
    `example_question` is one way a candidate might ask, which the bank's self-check must match."""

    kind: FactKind
    asked_about: list[str] = Field(min_length=1)
    answer: str = Field(min_length=8)
    example_question: str = Field(min_length=8)


class RequirementChange(Strict):
    """A requirement changed mid-round; `adapts_by`: what a good adaptation covers."""

    at_phase: Phase = Phase.DEEP_DIVE
    announcement: str = Field(min_length=20)
    adapts_by: list[KeyPoint] = Field(min_length=2)


class StagedReveal(Strict):
    """New information an evolving scenario (an incident) brings at a minute of the round."""

    at_minute: int = Field(ge=1, le=90)
    text: str = Field(min_length=20)


class InterviewerNotes(Strict):
    """What the interviewer of a system-design question knows beyond the prompt."""

    facts: list[InterviewerFact] = Field(min_length=5)
    requirement_change: RequirementChange


class Question(Strict):
    id: str = Field(pattern=_ID_PATTERN)
    kind: Kind
    tracks: list[Track] = Field(min_length=1)
    topic: str = Field(pattern=_ID_PATTERN)
    difficulty: Difficulty
    time_limit_min: int = Field(ge=2, le=90)
    prompt: str = Field(min_length=20)
    source: QuestionSource
    key_points: list[KeyPoint] = Field(min_length=5)
    follow_ups: list[FollowUp] = Field(min_length=2)
    competencies: list[str] = Field(default_factory=list)
    model_answer_outline: list[str] = Field(default_factory=list)
    misconceptions: list[Misconception] = Field(default_factory=list)
    interviewer: InterviewerNotes | None = None
    # Kinds of question beyond kind and topic (ai-platform, estimation, ...): ids from tags.yaml.
    tags: list[str] = Field(default_factory=list)
    company: str | None = Field(default=None, min_length=2, description="a target company")
    staged_reveals: list[StagedReveal] = Field(default_factory=list)

    @model_validator(mode="after")
    def _behavioral_has_competencies(self) -> "Question":
        if self.kind is Kind.BEHAVIORAL and not self.competencies:
            raise ValueError("behavioral questions must list competencies")
        return self

    @field_validator("tags")
    @classmethod
    def _tags_are_ids(cls, tags: list[str]) -> list[str]:
        bad = [t for t in tags if not re.fullmatch(_ID_PATTERN, t)]
        if bad:
            raise ValueError(f"tags must be lowercase dash-separated ids: {', '.join(bad)}")
        return tags

    @field_validator("staged_reveals")
    @classmethod
    def _reveals_in_order(cls, reveals: list[StagedReveal]) -> list[StagedReveal]:
        minutes = [r.at_minute for r in reveals]
        if minutes != sorted(set(minutes)):
            raise ValueError("staged reveals must come at increasing minutes")
        return reveals

    @property
    def probe_ladder(self) -> list[FollowUp]:
        """The follow-ups in the order an interviewer escalates them (first to deepest)."""
        return list(self.follow_ups)

    @property
    def time_limit_s(self) -> int:
        return self.time_limit_min * 60


class Topic(Strict):
    id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=2)


class BankFile(Strict):
    """One track file: the topics it introduces and its questions."""

    topics: list[Topic] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
