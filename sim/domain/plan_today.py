"""What to do today on a plan: today's drills, the reviews due, the next milestone and, when the
user is behind, a short catch-up (what to fold into today, what to skip) instead of every
overdue item."""

from dataclasses import dataclass
from datetime import date

from sim.domain.plan_calendar import Schedule
from sim.domain.plan_progress import Evidence, MilestoneProgress, all_progress, next_milestone
from sim.domain.plans import Block

FOLD_IN = 2  # missed drills taken into today when behind; the rest are skipped
REVIEWS_SHOWN = 5  # due reviews listed; the rest are counted


@dataclass(frozen=True)
class Drill:
    question_id: str
    plan_day: int
    done: bool


@dataclass(frozen=True)
class CatchUp:
    missed: int  # drills on past days not answered
    first_missed_day: int  # the plan day a refit of the rest starts from
    days_behind: int  # past calendar days with a drill left
    fold_in: tuple[Drill, ...]  # the most recent missed drills, to do today
    skipped: int  # the other missed drills
    skipped_blocks: tuple[str, ...]  # the topics the skipped drills belong to
    advice: str


@dataclass(frozen=True)
class Today:
    schedule: Schedule
    today: date
    day_number: int  # calendar day of the plan (1 = start date)
    plan_days: tuple[int, ...]
    blocks: tuple[Block, ...]
    drills: tuple[Drill, ...]
    hours: float
    catch_up: CatchUp | None
    milestones: tuple[MilestoneProgress, ...]
    next_milestone: MilestoneProgress | None

    @property
    def status(self) -> str:
        if self.day_number < 1:
            return "not_started"
        if self.day_number > self.schedule.calendar_days:
            return "finished"
        return "review_day" if not self.plan_days else "study_day"

    def headline(self) -> str:
        plan = self.schedule.plan
        if self.status == "not_started":
            return f"{plan.title} starts on {self.schedule.start.isoformat()}."
        if self.status == "finished":
            return f"{plan.title} ended on {self.schedule.end.isoformat()}: keep up the reviews."
        days = ", ".join(str(p) for p in self.plan_days)
        where = f"plan day {days}" if len(self.plan_days) == 1 else f"plan days {days}"
        if not self.plan_days:
            where = "a review day (no new drill)"
        return f"Day {self.day_number} of {self.schedule.calendar_days}: {where}."


def _catch_up(missed: list[Drill], schedule: Schedule) -> CatchUp | None:
    if not missed:
        return None
    plan = schedule.plan
    recent = sorted(missed, key=lambda d: d.plan_day, reverse=True)
    fold_in = tuple(recent[:FOLD_IN])
    skipped = recent[FOLD_IN:]
    blocks = tuple(dict.fromkeys(plan.block_on(d.plan_day).topics[0] for d in skipped))
    days_behind = len({schedule.calendar_day(d.plan_day) for d in missed})
    if skipped:
        advice = (
            f"You are {days_behind} day{'s' if days_behind != 1 else ''} behind "
            f"({len(missed)} drills not done). Do today's drills and the {len(fold_in)} most "
            f"recent missed ones; skip the other {len(skipped)} rather than stacking them up. "
            "To make room for everything instead, refit the rest of the plan (from plan day "
            f"{min(d.plan_day for d in missed)}) to the days left before your interview."
        )
    else:
        advice = (
            f"{len(missed)} drill{'s' if len(missed) != 1 else ''} from earlier days not done: "
            "fold them into today."
        )
    first = min(d.plan_day for d in missed)
    return CatchUp(len(missed), first, days_behind, fold_in, len(skipped), blocks, advice)


def today_on(schedule: Schedule, today: date, evidence: Evidence) -> Today:
    plan = schedule.plan
    answered = evidence.answered()
    days = schedule.plan_days_on(today)
    drills = tuple(Drill(q, p, q in answered) for p in days for q in plan.drills_on(p))
    today_ids = {d.question_id for d in drills}
    missed: list[Drill] = []
    seen: set[str] = set()
    for p in schedule.plan_days_before(today):
        for q in plan.drills_on(p):
            if q not in answered and q not in today_ids and q not in seen:
                seen.add(q)
                missed.append(Drill(q, p, False))
    progress = all_progress(plan, evidence)
    return Today(
        schedule=schedule,
        today=today,
        day_number=schedule.day_number(today),
        plan_days=tuple(days),
        blocks=tuple({plan.block_on(p).id: plan.block_on(p) for p in days}.values()),
        drills=drills,
        hours=schedule.hours_on(today),
        catch_up=_catch_up(missed, schedule),
        milestones=tuple(progress),
        next_milestone=next_milestone(progress),
    )
