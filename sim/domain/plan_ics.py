"""A plan's study sessions as an iCalendar file (the maintained `icalendar` library), so the
hours land in the user's calendar: one event per calendar day with the day's topics and drills,
at a local (floating) time of day, lasting the day's hours."""

from datetime import datetime, time, timedelta

from icalendar import Calendar, Event

from sim.domain.plan_calendar import Schedule

PRODID = "-//staff-interview-sim//study plans//EN"
DEFAULT_AT = time(19, 0)


def _description(schedule: Schedule, day: int) -> str:
    plan = schedule.plan
    date = schedule.start + timedelta(days=day - 1)
    plan_days = schedule.plan_days_on(date)
    if not plan_days:
        return "Review day: answer the questions due in the review queue (Today page)."
    lines = []
    for block in {plan.block_on(p).id: plan.block_on(p) for p in plan_days}.values():
        lines.append(block.phase)
        lines += [f"Topic: {t}" for t in block.topics]
        lines += [f"Activity: {a}" for a in block.activities]
    drills = [q for p in plan_days for q in plan.drills_on(p)]
    if drills:
        lines.append("Drills (bank question ids): " + ", ".join(drills))
    due = [m.text for m in plan.milestones if plan.due_day(m) in plan_days]
    lines += [f"Milestone due: {m}" for m in due]
    return "\n".join(lines)


def to_ics(schedule: Schedule, at: time = DEFAULT_AT) -> bytes:
    plan = schedule.plan
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", plan.title)
    for day in range(1, schedule.calendar_days + 1):
        date = schedule.start + timedelta(days=day - 1)
        hours = schedule.hours_on(date)
        plan_days = schedule.plan_days_on(date)
        begin = datetime.combine(date, at)  # floating: the user's own local time
        event = Event()
        event.add("uid", f"{plan.id}-{schedule.start.isoformat()}-day-{day}@staff-interview-sim")
        event.add("dtstamp", datetime.combine(schedule.start, time()))
        what = (
            f"plan day {plan_days[0]}"
            if len(plan_days) == 1
            else f"plan days {plan_days[0]}-{plan_days[-1]}"
            if plan_days
            else "reviews"
        )
        event.add("summary", f"{plan.title}: day {day} ({what})")
        event.add("dtstart", begin)
        event.add("dtend", begin + timedelta(hours=hours))
        event.add("description", _description(schedule, day))
        cal.add_component(event)
    return cal.to_ical()
