"""Milestone progress: each milestone's rule measured on what the user has done since the plan
started (graded answers, finished mock interviews, STAR stories)."""

from dataclasses import dataclass, field
from datetime import datetime

from sim.domain.plans import COUNT_LABELS, CountRule, Milestone, QuestionsRule, StudyPlan
from sim.domain.reviews import STAFF_BAR
from sim.domain.types import Kind


@dataclass(frozen=True)
class GradedAnswer:
    """One graded answer as progress and readiness read it (its latest grade)."""

    attempt_id: int
    question_id: str
    kind: str
    tracks: tuple[str, ...]
    at: datetime
    overall: float | None
    levels: dict[str, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    answers: tuple[GradedAnswer, ...]  # since the plan started, oldest first
    mock_interviews: int  # finished since the plan started
    star_stories: int  # in the story bank

    def answered(self) -> set[str]:
        return {a.question_id for a in self.answers}

    def latest_overall(self) -> dict[str, float | None]:
        latest: dict[str, float | None] = {}
        for answer in self.answers:
            latest[answer.question_id] = answer.overall
        return latest

    def count(self, of: str) -> int:
        if of == "mock_interviews":
            return self.mock_interviews
        if of == "star_stories":
            return self.star_stories
        if of == "behavioral_answers":
            return len({a.question_id for a in self.answers if a.kind == Kind.BEHAVIORAL})
        if of == "staff_answers":
            return sum(
                1 for o in self.latest_overall().values() if o is not None and o >= STAFF_BAR
            )
        return len(self.answered())


@dataclass(frozen=True)
class MilestoneProgress:
    milestone: Milestone
    due_day: int  # plan day
    done: int
    target: int
    left_questions: tuple[str, ...]  # a questions rule: the ones not answered yet

    @property
    def complete(self) -> bool:
        return self.done >= self.target

    def summary(self) -> str:
        rule = self.milestone.rule
        if isinstance(rule, CountRule):
            noun = COUNT_LABELS[rule.of]
            left = self.target - min(self.done, self.target)
            tail = "done" if left == 0 else f"{left} left"
            return f"{min(self.done, self.target)} of {self.target} {noun}; {tail}"
        tail = "done" if not self.left_questions else f"left: {', '.join(self.left_questions)}"
        return f"{self.done} of {self.target} questions answered; {tail}"


def progress(plan: StudyPlan, milestone: Milestone, evidence: Evidence) -> MilestoneProgress:
    rule = milestone.rule
    if isinstance(rule, QuestionsRule):
        answered = evidence.answered()
        left = tuple(q for q in rule.questions if q not in answered)
        done, target = len(rule.questions) - len(left), len(rule.questions)
    else:
        done, target, left = evidence.count(rule.of), rule.count, ()
    return MilestoneProgress(milestone, plan.due_day(milestone), done, target, left)


def all_progress(plan: StudyPlan, evidence: Evidence) -> list[MilestoneProgress]:
    return [progress(plan, m, evidence) for m in plan.milestones]


def next_milestone(items: list[MilestoneProgress]) -> MilestoneProgress | None:
    """The open milestone due first (an overdue one before one still ahead)."""
    open_items = [p for p in items if not p.complete]
    return min(open_items, key=lambda p: p.due_day) if open_items else None
