"""Study plans (question_bank/plans/*.yaml): the seeds' day-by-day or week-by-week plans as data.

A plan is a run of blocks (a phase, or a few days or weeks of one) that cover its length without
gap or overlap; each block names its topics, activities, daily hours and drills (bank question
ids). Milestones carry a rule the app can measure: a count of something done since the plan
started, or a list of questions answered. Drills and milestone questions are checked against the
bank, so a plan never sends the user to a question that does not exist."""

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from sim.domain.errors import DataFileError
from sim.domain.questions import Strict
from sim.domain.yaml_io import load_model

PlanUnit = Literal["day", "week"]
# What a count rule counts, each measured since the plan's start date (sim.domain.plan_progress).
CountOf = Literal[
    "mock_interviews",  # finished interview sessions
    "star_stories",  # stories in the STAR story bank
    "behavioral_answers",  # distinct behavioral questions answered and graded
    "staff_answers",  # distinct questions whose latest grade is at the Staff bar
    "answers",  # distinct questions answered and graded
]
COUNT_LABELS: dict[str, str] = {
    "mock_interviews": "mock interviews",
    "star_stories": "STAR stories",
    "behavioral_answers": "behavioral questions answered",
    "staff_answers": "questions answered at the Staff bar",
    "answers": "questions answered",
}
_ID = r"^[a-z0-9][a-z0-9-]*$"


class CountRule(Strict):
    count: int = Field(ge=1)
    of: CountOf


class QuestionsRule(Strict):
    questions: list[str] = Field(min_length=1)


class Block(Strict):
    id: str = Field(pattern=_ID)
    phase: str = Field(min_length=3)
    first: int = Field(ge=1)  # in the plan's unit (day or week), inclusive
    last: int = Field(ge=1)
    hours: float = Field(gt=0, le=12)  # study hours on each day of the block
    topics: list[str] = Field(min_length=1)
    activities: list[str] = Field(default_factory=list)
    drills: list[str] = Field(min_length=1)  # bank question ids, spread over the block's days

    @model_validator(mode="after")
    def _ordered(self) -> "Block":
        if self.last < self.first:
            raise ValueError(f"last ({self.last}) is before first ({self.first})")
        return self


class Milestone(Strict):
    id: str = Field(pattern=_ID)
    text: str = Field(min_length=3)
    due: int = Field(ge=1)  # the plan day or week by which it should be done
    rule: CountRule | QuestionsRule


class StudyPlan(Strict):
    id: str = Field(pattern=_ID)
    title: str = Field(min_length=3)
    seed: str = Field(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")
    unit: PlanUnit
    length: int = Field(ge=1, le=400)  # in units
    hours_note: str = ""  # where the daily hours come from (the seed, or an assumption)
    weekend_hours: float | None = Field(default=None, gt=0, le=12)  # a weekend deep dive
    principles: list[str] = Field(default_factory=list)
    blocks: list[Block] = Field(min_length=1)
    milestones: list[Milestone] = Field(default_factory=list)

    @model_validator(mode="after")
    def _covers_length(self) -> "StudyPlan":
        expected = 1
        for index, block in enumerate(self.blocks):
            if block.first != expected:
                raise ValueError(
                    f"blocks[{index}] ({block.id!r}) starts at {self.unit} {block.first}; "
                    f"the blocks must cover {self.unit}s 1-{self.length} in order, so "
                    f"{self.unit} {expected} is expected"
                )
            expected = block.last + 1
        if expected != self.length + 1:
            raise ValueError(
                f"the blocks end at {self.unit} {expected - 1}, the plan's length is {self.length}"
            )
        for index, milestone in enumerate(self.milestones):
            if milestone.due > self.length:
                raise ValueError(
                    f"milestones[{index}] ({milestone.id!r}): due {self.unit} {milestone.due} "
                    f"is past the plan's length ({self.length})"
                )
        for name, ids in (
            ("blocks", [b.id for b in self.blocks]),
            ("milestones", [m.id for m in self.milestones]),
        ):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                raise ValueError(f"{name}: id listed twice: {', '.join(twice)}")
        return self

    @property
    def days(self) -> int:
        return self.length * (7 if self.unit == "week" else 1)

    def block_days(self, block: Block) -> tuple[int, int]:
        """The block's first and last plan day."""
        if self.unit == "week":
            return (block.first - 1) * 7 + 1, block.last * 7
        return block.first, block.last

    def due_day(self, milestone: Milestone) -> int:
        return milestone.due * 7 if self.unit == "week" else milestone.due

    def block_on(self, day: int) -> Block:
        for block in self.blocks:
            first, last = self.block_days(block)
            if first <= day <= last:
                return block
        raise ValueError(f"plan {self.id!r} has no day {day} (it has {self.days})")

    def drills_on(self, day: int) -> list[str]:
        """The block's drills spread evenly over its days: drill j of n goes on day
        floor(j * d / n) of the block's d days, so a block with fewer drills than days leaves
        days free for reviews and one with more gives some days two."""
        block = self.block_on(day)
        first, last = self.block_days(block)
        span, count, offset = last - first + 1, len(block.drills), day - first
        return [q for j, q in enumerate(block.drills) if j * span // count == offset]

    def question_ids(self) -> list[str]:
        """Every question the plan names, drills first, in plan order."""
        ids = [q for b in self.blocks for q in b.drills]
        ids += [
            q
            for m in self.milestones
            if isinstance(m.rule, QuestionsRule)
            for q in m.rule.questions
        ]
        return list(dict.fromkeys(ids))


def _unknown_questions(plan: StudyPlan, known: set[str]) -> list[str]:
    problems = []
    for b_index, block in enumerate(plan.blocks):
        for d_index, qid in enumerate(block.drills):
            if qid not in known:
                problems.append(
                    f"block {block.id!r}: field blocks[{b_index}].drills[{d_index}]: "
                    f"unknown question id {qid!r}"
                )
    for m_index, milestone in enumerate(plan.milestones):
        if isinstance(milestone.rule, QuestionsRule):
            for q_index, qid in enumerate(milestone.rule.questions):
                if qid not in known:
                    problems.append(
                        f"milestone {milestone.id!r}: field milestones[{m_index}].rule."
                        f"questions[{q_index}]: unknown question id {qid!r}"
                    )
    return problems


def load_plan(path: Path, known_questions: Iterable[str]) -> StudyPlan:
    """One plan file, checked field by field and against the bank's question ids."""
    plan = load_model(path, StudyPlan)
    problems = _unknown_questions(plan, set(known_questions))
    if plan.id != path.stem:
        problems.append(f"field id: {plan.id!r} differs from the file name {path.stem!r}")
    if problems:
        raise DataFileError(path, problems)
    return plan


def load_plans(paths: Iterable[Path], known_questions: Iterable[str]) -> tuple[StudyPlan, ...]:
    known = set(known_questions)
    return tuple(load_plan(path, known) for path in sorted(paths))
