"""Study plans as the app and the CLI use them: the plan chosen, today's work on it (drills,
reviews due, milestones, catch-up) and readiness, composed from the plan files and the store.

"Today" is a UTC calendar date; reviews due "today" are those due before the next UTC midnight,
so one the scheduler set for this afternoon is offered this morning."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.engine import Engine

from sim import plan_catalog
from sim.domain.plan_calendar import Schedule, schedule
from sim.domain.plan_today import REVIEWS_SHOWN, Today, today_on
from sim.domain.readiness import ReviewUpkeep, TrackReadiness, readiness, review_upkeep
from sim.domain.reviews import RATING_LABELS
from sim.storage import plan_repo, review_repo
from sim.storage.review_repo import DueCard

READINESS_ANSWERS = 500  # the newest graded answers readiness reads (10 a track is its need)


def end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC)


@dataclass(frozen=True)
class DayPlan:
    today: Today
    due: list[DueCard]  # the first REVIEWS_SHOWN, most overdue first
    due_total: int


def chosen_schedule(engine: Engine) -> Schedule | None:
    """The plan being followed, on the dates it was chosen with (None: no plan chosen, or one
    this release no longer ships)."""
    row = plan_repo.current_enrollment(engine)
    if row is None:
        return None
    try:
        plan = plan_catalog.plan(row.plan_id)
    except plan_catalog.UnknownPlan:
        return None
    return schedule(plan, row.start_date, row.target_date, row.first_day)


def target_of(engine: Engine) -> date | None:
    """The interview date the plan being followed was fitted to, if any."""
    row = plan_repo.current_enrollment(engine)
    return row.target_date if row else None


def choose(
    engine: Engine, plan_id: str, start: date, target: date | None = None, first_day: int = 1
) -> Schedule:
    fitted = schedule(plan_catalog.plan(plan_id), start, target, first_day)  # refuses bad dates
    plan_repo.choose_plan(engine, plan_id, start, target, first_day)
    return fitted


def refit_rest(engine: Engine, today: Today, target: date) -> Schedule:
    """Behind: lay the rest of the plan, from its first missed day, over the days from today
    to the interview (the missed drills come back on the first days)."""
    catch_up = today.catch_up
    first = catch_up.first_missed_day if catch_up else (today.plan_days or (1,))[0]
    plan = today.schedule.plan
    return choose(engine, plan.id, today.today, target, first)


def day_plan(engine: Engine, fitted: Schedule, on: date) -> DayPlan:
    review_repo.sync_reviews(engine)
    evidence = plan_repo.evidence_since(engine, fitted.start)
    cutoff = end_of(on)
    return DayPlan(
        today=today_on(fitted, on, evidence),
        due=review_repo.due_cards(engine, cutoff, limit=REVIEWS_SHOWN),
        due_total=review_repo.count_due(engine, cutoff),
    )


def due_reviews(engine: Engine, on: date) -> list[DueCard]:
    review_repo.sync_reviews(engine)
    return review_repo.due_cards(engine, end_of(on))


def readiness_now(engine: Engine, now: datetime) -> tuple[list[TrackReadiness], ReviewUpkeep]:
    review_repo.sync_reviews(engine)
    answers = plan_repo.graded_answers(engine, limit=READINESS_ANSWERS)
    due = [c.due for c in review_repo.due_cards(engine, now)]
    return readiness(answers), review_upkeep(review_repo.review_times(engine), due, now)


def due_json(card: DueCard) -> dict:
    return {
        "question_id": card.question_id,
        "due": card.due.isoformat(),
        "reviews": card.reviews,
        "last_rating": RATING_LABELS.get(card.last_rating) if card.last_rating else None,
    }


def day_plan_json(plan: DayPlan) -> dict:
    t = plan.today
    fitted = t.schedule
    catch_up = t.catch_up
    return {
        "plan": fitted.plan.id,
        "title": fitted.plan.title,
        "start": fitted.start.isoformat(),
        "end": fitted.end.isoformat(),
        "fitted": fitted.describe(),
        "date": t.today.isoformat(),
        "day": t.day_number,
        "status": t.status,
        "plan_days": list(t.plan_days),
        "hours": t.hours,
        "topics": [topic for b in t.blocks for topic in b.topics],
        "activities": [a for b in t.blocks for a in b.activities],
        "drills": [
            {"question_id": d.question_id, "plan_day": d.plan_day, "done": d.done} for d in t.drills
        ],
        "reviews_due": [due_json(c) for c in plan.due],
        "reviews_due_total": plan.due_total,
        "catch_up": None
        if catch_up is None
        else {
            "missed": catch_up.missed,
            "days_behind": catch_up.days_behind,
            "fold_in": [d.question_id for d in catch_up.fold_in],
            "skipped": catch_up.skipped,
            "advice": catch_up.advice,
        },
        "milestones": [
            {
                "id": m.milestone.id,
                "text": m.milestone.text,
                "due_day": m.due_day,
                "due_date": fitted.date_of(m.due_day).isoformat(),
                "done": m.done,
                "target": m.target,
                "complete": m.complete,
                "progress": m.summary(),
            }
            for m in t.milestones
        ],
        "next_milestone": t.next_milestone.milestone.id if t.next_milestone else None,
    }
