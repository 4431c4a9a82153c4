"""Study plans: the shipped files load and map to real questions, a bad file names its file and
field, plans are fitted to dates, today's work and catch-up, milestone rules, readiness
statements, the grade-to-rating mapping and the ICS calendar (parsed back)."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from fsrs import Rating
from icalendar import Calendar

from sim import catalog, plan_catalog
from sim.domain.errors import DataFileError
from sim.domain.plan_calendar import REVIEW_DAY_HOURS, ScheduleError, schedule
from sim.domain.plan_ics import to_ics
from sim.domain.plan_progress import Evidence, GradedAnswer, all_progress, next_milestone
from sim.domain.plan_today import FOLD_IN, today_on
from sim.domain.plans import load_plan
from sim.domain.readiness import readiness, review_upkeep
from sim.domain.reviews import RATING_BANDS, STAFF_BAR, rating_for
from tests.conftest import SHARED, need_or_skip

START = date(2027, 1, 4)  # a Monday
NOTHING = Evidence(answers=(), mock_interviews=0, star_stories=0)


def _plan(plan_id: str):
    return plan_catalog.plan(plan_id)


def test_the_four_plans_and_the_checklist_load_with_real_drills() -> None:
    plans = {p.id: p for p in plan_catalog.plans()}
    assert set(plans) == {
        "azure-architect-120",
        "staff-90",
        "sre-devops-12w",
        "aws-staff-4w",
        "azure-python-checklist",
    }
    assert {p.id: p.days for p in plans.values()} == {
        "azure-architect-120": 120,
        "staff-90": 90,
        "sre-devops-12w": 84,
        "aws-staff-4w": 28,
        "azure-python-checklist": 2,
    }
    known = set(catalog.bank().by_id())
    coverage_seeds = {
        line.split(":", 1)[1].strip()
        for line in (plan_catalog.PLANS_DIR.parent / "seed_coverage.yaml").read_text().splitlines()
        if line.startswith("- seed:")
    }
    assert {p.seed for p in plans.values()} == coverage_seeds  # one plan per seed
    for plan in plans.values():
        assert set(plan.question_ids()) <= known
        assert plan.milestones, plan.id


def test_the_seeds_the_plans_name_exist() -> None:
    need_or_skip((SHARED / "seeds").is_dir(), "../shared/seeds is not here")
    for plan in plan_catalog.plans():
        seed = (SHARED / "seeds" / plan.seed).read_text(encoding="utf-8", errors="replace")
        # Each block's phase is a heading of its seed, as written there.
        for block in plan.blocks:
            heading = block.phase.split(" > ")[-1]
            assert heading in seed, (plan.id, block.id, heading)


def _write(tmp_path: Path, data: dict, name: str = "staff-90") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _raw(plan_id: str = "staff-90") -> dict:
    return yaml.safe_load((plan_catalog.PLANS_DIR / f"{plan_id}.yaml").read_text())


def _unknown_drill(d: dict) -> None:
    d["blocks"][0]["drills"][1] = "no-such-question"


def _hours_text(d: dict) -> None:
    d["blocks"][2]["hours"] = "lots"


def _gap(d: dict) -> None:
    d["blocks"][1]["first"] = 9


def _bad_count(d: dict) -> None:
    d["milestones"][-2]["rule"] = {"count": 8, "of": "mocks"}


def _typo(d: dict) -> None:
    d["blocks"][0]["drils"] = d["blocks"][0].pop("drills")


def _unknown_milestone_question(d: dict) -> None:
    d["milestones"][0]["rule"]["questions"][0] = "sd-nope"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (_unknown_drill, "block 'days-1-7': field blocks[0].drills[1]: unknown question id"),
        (_hours_text, "field blocks[2].hours"),
        (_gap, "blocks[1] ('days-8-14') starts at day 9"),
        (_bad_count, "field milestones[8].rule"),
        (_typo, "field blocks[0].drils"),
        (_unknown_milestone_question, "field milestones[0].rule.questions[0]"),
    ],
)
def test_a_bad_plan_file_names_the_file_and_the_field(tmp_path, change, field) -> None:
    data = _raw()
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(DataFileError) as caught:
        load_plan(path, catalog.bank().by_id())
    assert caught.value.path == path
    assert field in str(caught.value), str(caught.value)
    assert str(path) in str(caught.value)


def test_a_plan_whose_id_is_not_its_file_name_is_refused(tmp_path) -> None:
    path = _write(tmp_path, _raw(), name="renamed")
    with pytest.raises(DataFileError, match="field id: 'staff-90' differs from the file name"):
        load_plan(path, catalog.bank().by_id())


@pytest.mark.parametrize("plan_id", [p.id for p in plan_catalog.plans()])
def test_every_drill_of_a_block_falls_on_exactly_one_of_its_days(plan_id) -> None:
    plan = _plan(plan_id)
    for block in plan.blocks:
        first, last = plan.block_days(block)
        spread = [q for day in range(first, last + 1) for q in plan.drills_on(day)]
        assert spread == block.drills, block.id


@pytest.mark.parametrize(
    ("target_days", "words"),
    [
        (90, "one plan day a day"),
        (45, "90 days in 45: two plan days per calendar day"),
        (60, "90 days in 60: 1-2 plan days per calendar day (1.5 on average)"),
        (120, "90 days in 120: one plan day at a time, with 30 spare days"),
    ],
)
def test_a_plan_fitted_to_an_interview_date_keeps_every_day_in_order(target_days, words) -> None:
    plan = _plan("staff-90")
    fitted = schedule(plan, START, START + timedelta(days=target_days))
    assert fitted.calendar_days == target_days and fitted.end == START + timedelta(target_days - 1)
    assert words in fitted.describe()
    laid = [p for c in range(target_days) for p in fitted.plan_days_on(START + timedelta(c))]
    assert laid == list(range(1, 91))  # every plan day once, in order
    per_day = [len(fitted.plan_days_on(START + timedelta(c))) for c in range(target_days)]
    if target_days == 45:
        assert set(per_day) == {2}
        assert fitted.hours_on(START) == 2.0  # two one-hour plan days
    if target_days == 120:
        assert per_day.count(0) == 30
        spare = next(c for c in range(120) if per_day[c] == 0)
        assert fitted.hours_on(START + timedelta(spare)) == REVIEW_DAY_HOURS
    assert fitted.plan_days_on(START - timedelta(1)) == []
    assert fitted.plan_days_on(START + timedelta(target_days)) == []


def test_behind_the_rest_of_a_plan_is_refitted_from_its_first_missed_day() -> None:
    fitted = schedule(_plan("staff-90"), START)
    behind = today_on(fitted, START + timedelta(days=9), NOTHING)
    assert behind.catch_up.first_missed_day == 1
    assert "refit the rest of the plan (from plan day 1)" in behind.catch_up.advice
    later = START + timedelta(days=9)
    rest = schedule(_plan("staff-90"), later, later + timedelta(days=40), first_day=8)
    assert rest.describe().startswith("Plan days 8-90 refitted: 83 days in 40: 2-3 plan days")
    laid = [p for c in range(40) for p in rest.plan_days_on(later + timedelta(c))]
    assert laid == list(range(8, 91))
    refitted = today_on(rest, later, NOTHING)
    assert refitted.catch_up is None  # days before the refit are not "missed" again
    assert refitted.plan_days == (8, 9)
    with pytest.raises(ScheduleError, match="plan day 91 is not a day of 'staff-90'"):
        schedule(_plan("staff-90"), START, first_day=91)


def test_an_interview_date_on_or_before_the_start_is_refused() -> None:
    with pytest.raises(ScheduleError, match="leaves no day to study"):
        schedule(_plan("staff-90"), START, START)


def test_weekend_deep_dive_hours_on_saturdays() -> None:
    fitted = schedule(_plan("aws-staff-4w"), START)
    assert fitted.hours_on(START) == 1.5  # Monday
    assert fitted.hours_on(START + timedelta(days=5)) == 3.0  # Saturday


def _answered(*ids: str, kind: str = "system_design", overall: float = 3.0) -> Evidence:
    at = datetime(2027, 1, 5, tzinfo=UTC)
    answers = tuple(
        GradedAnswer(i, q, kind, ("system_design",), at, overall) for i, q in enumerate(ids)
    )
    return Evidence(answers=answers, mock_interviews=0, star_stories=0)


def test_day_one_lists_its_drills_and_marks_answered_ones_done() -> None:
    fitted = schedule(_plan("staff-90"), START)
    first = today_on(fitted, START, NOTHING)
    assert first.day_number == 1 and first.plan_days == (1,)
    assert [d.question_id for d in first.drills] == ["arch-solid-in-practice"]
    assert first.catch_up is None
    assert first.next_milestone.milestone.id == "p1-three-designs"
    done = today_on(fitted, START, _answered("arch-solid-in-practice"))
    assert [d.done for d in done.drills] == [True]


def test_behind_on_day_ten_folds_in_two_and_skips_the_rest_instead_of_listing_them() -> None:
    fitted = schedule(_plan("staff-90"), START)
    day10 = START + timedelta(days=9)
    missed_ids = [q for p in range(1, 10) for q in fitted.plan.drills_on(p)]
    behind = today_on(fitted, day10, NOTHING)
    catch_up = behind.catch_up
    assert catch_up is not None and catch_up.missed == len(missed_ids)
    assert len(catch_up.fold_in) == FOLD_IN
    assert [d.question_id for d in catch_up.fold_in] == missed_ids[::-1][:FOLD_IN]  # newest
    assert catch_up.skipped == len(missed_ids) - FOLD_IN
    assert "skip the other" in catch_up.advice
    # Having answered them, there is nothing to catch up.
    assert today_on(fitted, day10, _answered(*missed_ids)).catch_up is None


def test_milestone_rules_measure_counts_and_questions() -> None:
    plan = _plan("staff-90")
    evidence = Evidence(
        answers=_answered("sd-url-shortener", "sd-rate-limiter").answers,
        mock_interviews=3,
        star_stories=15,
    )
    by_id = {p.milestone.id: p for p in all_progress(plan, evidence)}
    designs = by_id["p1-three-designs"]
    assert (designs.done, designs.target, designs.complete) == (2, 3, False)
    assert designs.summary() == "2 of 3 questions answered; left: sd-ecommerce-platform"
    assert by_id["p5-eight-mocks"].summary() == "3 of 8 mock interviews; 5 left"
    assert by_id["p4-fifteen-star"].complete
    assert next_milestone(list(by_id.values())).milestone.id == "p1-three-designs"


def test_staff_answers_count_the_latest_grade_at_the_bar() -> None:
    plan = _plan("sre-devops-12w")
    evidence = Evidence(
        answers=(
            *_answered("a", "b", overall=3.0).answers,
            *_answered("c", overall=2.5).answers,
        ),
        mock_interviews=0,
        star_stories=0,
    )
    fifty = next(p for p in all_progress(plan, evidence) if p.milestone.id == "fifty-confident")
    assert (fifty.done, fifty.target) == (2, 50)


@pytest.mark.parametrize(
    ("overall", "rating"),
    [
        (None, Rating.Again),
        (1.0, Rating.Again),
        (1.99, Rating.Again),
        (2.0, Rating.Hard),
        (2.74, Rating.Hard),
        (2.75, Rating.Good),
        (3.49, Rating.Good),
        (3.5, Rating.Easy),
        (4.0, Rating.Easy),
    ],
)
def test_a_grade_maps_to_a_rating_on_the_rubric_bands(overall, rating) -> None:
    assert rating_for(overall) == rating


def test_the_rating_bands_are_the_rubrics_signal_bands() -> None:
    bands = sorted(b.min_score for b in catalog.rubric().signals if b.min_score > 0)
    assert bands == [upper for upper, _rating in RATING_BANDS]
    assert catalog.rubric().signal_for(STAFF_BAR) == "Staff"


def _graded(levels: list[tuple[int, int, int, int]], track: str) -> list[GradedAnswer]:
    start = datetime(2027, 1, 1, tzinfo=UTC)
    return [
        GradedAnswer(
            i,
            f"q{i}",
            "system_design",
            (track,),
            start + timedelta(days=i),
            sum(lv) / 4,
            dict(zip(("clarity", "depth", "pragmatism", "ownership"), lv, strict=True)),
        )
        for i, lv in enumerate(levels)
    ]


def test_readiness_is_a_statement_with_its_evidence_never_a_percentage() -> None:
    answers = _graded([(2, 2, 2, 1)] * 5 + [(3, 3, 3, 2)] * 4 + [(3, 2, 3, 1)], "system_design")
    (sd,) = readiness(answers)
    assert sd.attempts == 5 and sd.total == 10
    assert sd.statement == (
        "System design: Staff on clarity (5 of 5), depth (4 of 5), pragmatism (5 of 5) in the "
        "last 5 attempts; below the Staff bar on ownership (0 of 5 at Staff)."
    )
    assert sd.verdict == "close"
    assert {d.dimension: d.trend for d in sd.dimensions}["clarity"] == "rising"
    assert "%" not in sd.statement
    few = readiness(_graded([(3, 3, 3, 3)] * 2, "behavioral"))[0]
    assert few.verdict == "too little evidence" and "3 are needed" in few.statement


def test_review_upkeep_counts_reviews_kept_and_overdue() -> None:
    day = datetime(2027, 1, 10, tzinfo=UTC)
    logs = [
        (None, day),  # a first answer: not a review of anything due
        (day, day + timedelta(hours=20)),  # on time (within a day)
        (day, day + timedelta(days=3)),  # late
    ]
    upkeep = review_upkeep(logs, [day - timedelta(days=2), day], now=day)
    assert (upkeep.reviewed, upkeep.on_time, upkeep.overdue_now) == (2, 1, 1)
    assert upkeep.statement() == (
        "1 of 2 reviews done by their due date; 1 overdue by more than a day now."
    )


def test_the_calendar_file_parses_back_with_one_session_a_day() -> None:
    fitted = schedule(_plan("staff-90"), START, START + timedelta(days=45))
    parsed = Calendar.from_ical(to_ics(fitted))
    events = list(parsed.walk("VEVENT"))
    assert len(events) == 45
    first = events[0]
    assert first.decoded("dtstart") == datetime(2027, 1, 4, 19, 0)
    assert first.decoded("dtend") - first.decoded("dtstart") == timedelta(hours=2)
    description = str(first.get("description"))
    assert "arch-solid-in-practice" in description and "arch-dry-kiss-yagni" in description
    assert "plan days 1-2" in str(first.get("summary"))
    assert len({str(e.get("uid")) for e in events}) == 45
    last = str(events[-1].get("description"))
    assert "Milestone due: Complete at least eight mock interviews" in last


def test_before_the_start_and_after_the_end_there_is_no_drill() -> None:
    fitted = schedule(_plan("azure-python-checklist"), START)
    before = today_on(fitted, START - timedelta(days=1), NOTHING)
    assert before.status == "not_started" and before.drills == () and before.catch_up is None
    assert before.headline().endswith(f"starts on {START.isoformat()}.")
    tonight = today_on(fitted, START, NOTHING)
    tonight_block, tomorrow_block = fitted.plan.blocks
    assert tonight.blocks == (tonight_block,) and tonight_block.id == "tonight"
    assert [d.question_id for d in tonight.drills] == tonight_block.drills
    after = today_on(fitted, START + timedelta(days=2), NOTHING)
    assert after.status == "finished" and after.drills == ()
    every = set(tonight_block.drills) | set(tomorrow_block.drills)
    assert after.catch_up.missed == len(every)  # every drill of both days left undone
