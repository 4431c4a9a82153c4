"""A study plan laid on the calendar: from a start date, one plan day a calendar day, or
compressed or stretched to end the day before a target interview date.

Plan day p (1..L) falls on calendar day ceil(p * T / L) of the T calendar days, so the plan keeps
its order and its proportions: compressed, some calendar days hold two (or more) plan days;
stretched, some calendar days hold none and are kept for spaced reviews."""

from dataclasses import dataclass
from datetime import date, timedelta

from sim.domain.plans import StudyPlan

REVIEW_DAY_HOURS = 0.5  # a stretched plan's spare day: the review queue only


class ScheduleError(ValueError):
    """A start and target date that leave no day to study."""


@dataclass(frozen=True)
class Schedule:
    plan: StudyPlan
    start: date
    calendar_days: int  # T: the plan's days are laid over this many calendar days

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.calendar_days - 1)

    def calendar_day(self, plan_day: int) -> int:
        """1-based calendar day on which a plan day falls (ceil(p * T / L))."""
        return -(-plan_day * self.calendar_days // self.plan.days)

    def date_of(self, plan_day: int) -> date:
        return self.start + timedelta(days=self.calendar_day(plan_day) - 1)

    def day_number(self, today: date) -> int:
        """Calendar day of the plan today is (1 on the start date; 0 or less before it)."""
        return (today - self.start).days + 1

    def plan_days_on(self, today: date) -> list[int]:
        """The plan days scheduled on a date (none before the start, after the end, or on a
        stretched plan's spare day)."""
        c = self.day_number(today)
        if c < 1 or c > self.calendar_days:
            return []
        # Plan days p with ceil(p*T/L) == c: p in ((c-1)*L/T, c*L/T].
        low = (c - 1) * self.plan.days // self.calendar_days + 1
        high = c * self.plan.days // self.calendar_days
        return [p for p in range(low, high + 1) if self.calendar_day(p) == c]

    def plan_days_before(self, today: date) -> list[int]:
        """Plan days scheduled on calendar days before today."""
        c = min(self.day_number(today), self.calendar_days + 1)
        return [p for p in range(1, self.plan.days + 1) if self.calendar_day(p) < c]

    def hours_on(self, today: date) -> float:
        days = self.plan_days_on(today)
        if not days:
            inside = 1 <= self.day_number(today) <= self.calendar_days
            return REVIEW_DAY_HOURS if inside else 0.0
        hours = sum(self.plan.block_on(p).hours for p in days)
        if self.plan.weekend_hours and today.weekday() >= 5:
            hours = max(hours, self.plan.weekend_hours)
        return hours

    def describe(self) -> str:
        """How the plan was fitted to the dates, in one sentence."""
        plan_days, cal = self.plan.days, self.calendar_days
        if cal == plan_days:
            return f"{plan_days} plan days over {cal} calendar days: one plan day a day."
        if cal < plan_days:
            ratio = plan_days / cal
            if plan_days % cal == 0:
                per = {2: "two", 3: "three", 4: "four"}.get(plan_days // cal, str(plan_days // cal))
                how = f"{per} plan days per calendar day"
            else:
                how = (
                    f"{plan_days // cal}-{plan_days // cal + 1} plan days per calendar day "
                    f"({ratio:.1f} on average)"
                )
            return (
                f"{plan_days} days in {cal}: {how}, in the plan's order; milestones move with "
                "their days; reviews kept."
            )
        spare = cal - plan_days
        return (
            f"{plan_days} days in {cal}: one plan day at a time, with {spare} spare days "
            f"(about one every {cal / spare:.1f} days) kept for reviews."
        )


def schedule(plan: StudyPlan, start: date, target: date | None = None) -> Schedule:
    """The plan from `start`, ending the day before `target` when one is given."""
    if target is None:
        return Schedule(plan, start, plan.days)
    days = (target - start).days
    if days < 1:
        raise ScheduleError(
            f"the interview date {target.isoformat()} leaves no day to study after the start "
            f"date {start.isoformat()}: pick a start before the interview"
        )
    return Schedule(plan, start, days)
