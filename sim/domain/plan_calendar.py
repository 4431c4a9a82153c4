"""A study plan laid on the calendar: from a start date, one plan day a calendar day, or
compressed or stretched to end the day before a target interview date.

The n plan days laid out (1..L, or from a later first day when the rest of a plan is refitted
after falling behind) go on T calendar days: the k-th of them on calendar day ceil(k * T / n),
so the plan keeps its order and its proportions. Compressed, some calendar days hold two (or
more) plan days; stretched, some hold none and are kept for spaced reviews."""

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
    first_day: int = 1  # a refit lays out the plan from this day; earlier days are behind it

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.calendar_days - 1)

    @property
    def laid_out(self) -> int:
        """n: how many plan days this schedule lays out."""
        return self.plan.days - self.first_day + 1

    def calendar_day(self, plan_day: int) -> int:
        """1-based calendar day on which a plan day falls (ceil(k * T / n) for the k-th day
        laid out); 0 for a day before the first one laid out."""
        k = plan_day - self.first_day + 1
        return -(-k * self.calendar_days // self.laid_out) if k >= 1 else 0

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
        # The k-th day laid out with ceil(k*T/n) == c: k in ((c-1)*n/T, c*n/T].
        low = (c - 1) * self.laid_out // self.calendar_days + 1
        high = c * self.laid_out // self.calendar_days
        days = [k + self.first_day - 1 for k in range(low, high + 1)]
        return [p for p in days if self.calendar_day(p) == c]

    def plan_days_before(self, today: date) -> list[int]:
        """Plan days laid out on calendar days before today (not those before a refit)."""
        c = min(self.day_number(today), self.calendar_days + 1)
        return [p for p in range(self.first_day, self.plan.days + 1) if self.calendar_day(p) < c]

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
        text = self._fit()
        if self.first_day > 1:
            text = f"Plan days {self.first_day}-{self.plan.days} refitted: " + text
        return text

    def _fit(self) -> str:
        plan_days, cal = self.laid_out, self.calendar_days
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


def schedule(
    plan: StudyPlan, start: date, target: date | None = None, first_day: int = 1
) -> Schedule:
    """The plan (from `first_day` on) from `start`, ending the day before `target` when one is
    given."""
    if not 1 <= first_day <= plan.days:
        raise ScheduleError(
            f"plan day {first_day} is not a day of {plan.id!r}, which has days 1-{plan.days}"
        )
    if target is None:
        return Schedule(plan, start, plan.days - first_day + 1, first_day)
    days = (target - start).days
    if days < 1:
        raise ScheduleError(
            f"the interview date {target.isoformat()} leaves no day to study after the start "
            f"date {start.isoformat()}: pick a start before the interview"
        )
    return Schedule(plan, start, days, first_day)
