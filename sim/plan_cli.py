"""`sim plan list|today|choose|export` and `sim review due`: study plans and the spaced-review
queue from a terminal, as the Today page shows them."""

import argparse
import json
from datetime import UTC, date, datetime, time
from pathlib import Path

from sim.cli_output import error


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _clock(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time of day (HH:MM)") from None


def _today() -> date:
    return datetime.now(UTC).date()


def _schedule(args: argparse.Namespace):
    from sim import plan_catalog
    from sim.domain.plan_calendar import ScheduleError, schedule

    try:
        return schedule(plan_catalog.plan(args.plan), args.start, args.target, args.from_day)
    except plan_catalog.UnknownPlan as exc:
        error(exc)
    except ScheduleError as exc:
        error(exc)
    return None


def _cmd_list(args: argparse.Namespace) -> int:
    from sim import plan_catalog

    rows = [
        {
            "id": p.id,
            "title": p.title,
            "seed": p.seed,
            "days": p.days,
            "unit": p.unit,
            "length": p.length,
            "milestones": len(p.milestones),
            "drills": sum(len(b.drills) for b in p.blocks),
        }
        for p in plan_catalog.plans()
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for r in rows:
        print(f"{r['id']:<24} {r['days']:>4} days  {r['title']}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from sim import catalog, plan_catalog
    from sim.domain.errors import DataFileError
    from sim.domain.plans import load_plan

    files = [Path(f) for f in args.files] or plan_catalog.plan_files()
    known = set(catalog.bank().by_id())
    failed = 0
    for path in files:
        try:
            plan = load_plan(path, known)
        except DataFileError as exc:
            failed += 1
            error(exc)
            continue
        print(f"ok  {path}: {plan.id}, {plan.days} days, {len(plan.question_ids())} questions")
    return 1 if failed else 0


def _cmd_today(args: argparse.Namespace) -> int:
    from sim import study
    from sim.storage.db import make_engine

    fitted = _schedule(args)
    if fitted is None:
        return 2
    plan = study.day_plan(make_engine(), fitted, args.date or _today())
    data = study.day_plan_json(plan)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(plan.today.headline())
    print(f"  {data['fitted']}")
    for d in data["drills"]:
        print(f"  drill  {'[x]' if d['done'] else '[ ]'} {d['question_id']}")
    for c in data["reviews_due"]:
        print(f"  review {c['question_id']} (due {c['due'][:16]})")
    if data["reviews_due_total"] > len(data["reviews_due"]):
        print(f"  ... {data['reviews_due_total'] - len(data['reviews_due'])} more reviews due")
    if data["catch_up"]:
        print(f"  catch-up: {data['catch_up']['advice']}")
    if plan.today.next_milestone:
        m = plan.today.next_milestone
        print(f"  next milestone (plan day {m.due_day}): {m.milestone.text} — {m.summary()}")
    return 0


def _cmd_choose(args: argparse.Namespace) -> int:
    from sim import study
    from sim.storage.db import make_engine

    fitted = _schedule(args)
    if fitted is None:
        return 2
    study.choose(make_engine(), args.plan, args.start, args.target, args.from_day)
    print(f"following {fitted.plan.id} from {fitted.start.isoformat()}: {fitted.describe()}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from sim.domain.plan_ics import to_ics

    fitted = _schedule(args)
    if fitted is None:
        return 2
    path = Path(args.ics)
    try:
        path.write_bytes(to_ics(fitted, args.at))
    except OSError as exc:
        error(f"cannot write {path}: {exc.strerror or exc}")
        return 2
    print(f"wrote {path}: {fitted.calendar_days} study sessions, {fitted.describe()}")
    return 0


def _cmd_review_due(args: argparse.Namespace) -> int:
    from sim import study
    from sim.storage.db import make_engine

    cards = study.due_reviews(make_engine(), args.date or _today())
    rows = [study.due_json(c) for c in cards]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("no review due: answer questions and they come back when they are due")
    for r in rows:
        last = r["last_rating"]
        print(f"{r['due'][:16]}  {r['question_id']}  ({r['reviews']} reviews, last {last})")
    return 0


def _dates(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", type=_day, required=True, help="first day, YYYY-MM-DD")
    parser.add_argument(
        "--target", type=_day, help="interview date: the plan is fitted to end the day before"
    )
    parser.add_argument(
        "--from-day",
        type=int,
        default=1,
        metavar="N",
        help="lay the plan out from its day N (the rest of a plan, refitted after falling behind)",
    )


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    plan = sub.add_parser("plan", help="study plans: list, today's work, calendar export")
    plan_sub = plan.add_subparsers(dest="plan_command", required=True)
    listing = plan_sub.add_parser("list", help="the study plans")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=_cmd_list)

    validate = plan_sub.add_parser(
        "validate", help="check plan files (default: the shipped ones) against the bank"
    )
    validate.add_argument("files", nargs="*", metavar="FILE")
    validate.set_defaults(func=_cmd_validate)

    today = plan_sub.add_parser("today", help="a day's drills, reviews due and milestones")
    today.add_argument("--plan", required=True, help="plan id (sim plan list)")
    _dates(today)
    today.add_argument("--date", type=_day, help="the day to show (default: today, UTC)")
    today.add_argument("--json", action="store_true")
    today.set_defaults(func=_cmd_today)

    choose = plan_sub.add_parser("choose", help="follow a plan (the app's Today page shows it)")
    choose.add_argument("plan", help="plan id (sim plan list)")
    _dates(choose)
    choose.set_defaults(func=_cmd_choose)

    export = plan_sub.add_parser("export", help="the plan's study sessions as an ICS calendar")
    export.add_argument("plan", help="plan id (sim plan list)")
    _dates(export)
    export.add_argument("--ics", required=True, metavar="FILE", help="the .ics file to write")
    export.add_argument("--at", type=_clock, default=time(19, 0), help="local start time, HH:MM")
    export.set_defaults(func=_cmd_export)

    review = sub.add_parser("review", help="the spaced-review queue of answered questions")
    review_sub = review.add_subparsers(dest="review_command", required=True)
    due = review_sub.add_parser("due", help="questions due for review, most overdue first")
    due.add_argument("--date", type=_day, help="due by the end of this day (default: today)")
    due.add_argument("--json", action="store_true")
    due.set_defaults(func=_cmd_review_due)
