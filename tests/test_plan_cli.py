"""`sim plan ...` and `sim review due` as a script uses them: JSON out, an ICS file that parses,
clear refusals of an unknown plan or a bad date."""

import json
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from sim.cli import main
from sim.storage.db import make_engine
from tests import graded_answers as ga


def _json(capsys, argv: list[str]):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_plan_list_names_every_plan_with_its_seed_and_days(capsys) -> None:
    rows = _json(capsys, ["plan", "list", "--json"])
    by_id = {r["id"]: r for r in rows}
    assert len(rows) == 5
    assert by_id["staff-90"]["seed"] == "001_cb0ca48b6d21d344.txt"
    assert by_id["staff-90"]["days"] == 90 and by_id["sre-devops-12w"]["days"] == 84
    assert all(r["title"] and r["drills"] > 0 for r in rows)


def test_plan_today_gives_drills_reviews_and_milestone_progress(capsys) -> None:
    engine = make_engine()
    template = ga.template()
    ga.answer(
        engine, template, "arch-dry-kiss-yagni", datetime(2027, 1, 5, 8, tzinfo=UTC), (1, 1, 1, 1)
    )
    ga.answer(
        engine, template, "sd-url-shortener", datetime(2027, 1, 5, 9, tzinfo=UTC), (3, 3, 3, 3)
    )
    data = _json(
        capsys,
        [
            "plan",
            "today",
            "--plan",
            "staff-90",
            "--start",
            "2027-01-04",
            "--date",
            "2027-01-06",
            "--json",
        ],
    )
    assert (data["day"], data["plan_days"], data["status"]) == (3, [3], "study_day")
    assert data["drills"] == [
        {"question_id": "arch-cohesion-coupling", "plan_day": 3, "done": False}
    ]
    assert [r["question_id"] for r in data["reviews_due"]] == ["arch-dry-kiss-yagni"]
    assert data["reviews_due"][0]["last_rating"] == "Again"
    assert data["catch_up"]["fold_in"] == ["arch-solid-in-practice"]  # day 1 missed
    designs = next(m for m in data["milestones"] if m["id"] == "p1-three-designs")
    assert designs["done"] == 1 and designs["target"] == 3 and designs["due_date"] == "2027-02-02"
    assert data["next_milestone"] == "p1-three-designs"


def test_plan_today_fitted_to_an_interview_date_says_how(capsys) -> None:
    data = _json(
        capsys,
        [
            "plan",
            "today",
            "--plan",
            "staff-90",
            "--start",
            "2027-01-04",
            "--target",
            "2027-02-18",
            "--date",
            "2027-01-04",
            "--json",
        ],
    )
    assert data["plan_days"] == [1, 2]
    assert data["fitted"].startswith("90 days in 45: two plan days per calendar day")


def test_plan_export_writes_an_ics_file_that_parses(capsys, tmp_path) -> None:
    out = tmp_path / "plan.ics"
    assert (
        main(
            [
                "plan",
                "export",
                "aws-staff-4w",
                "--start",
                "2027-01-04",
                "--ics",
                str(out),
                "--at",
                "07:30",
            ]
        )
        == 0
    )
    assert "28 study sessions" in capsys.readouterr().out
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert len(events) == 28
    assert events[0].decoded("dtstart") == datetime(2027, 1, 4, 7, 30)
    assert events[5].decoded("dtend") - events[5].decoded("dtstart") == (
        datetime(2027, 1, 1, 3) - datetime(2027, 1, 1)
    )  # Saturday: the weekend deep dive


def test_review_due_lists_the_queue(capsys) -> None:
    engine = make_engine()
    ga.answer(
        engine, ga.template(), "sd-url-shortener", datetime(2027, 1, 5, 9, tzinfo=UTC), (1, 2, 1, 1)
    )
    assert _json(capsys, ["review", "due", "--date", "2027-01-05", "--json"]) == []
    (due,) = _json(capsys, ["review", "due", "--date", "2027-01-06", "--json"])
    assert due["question_id"] == "sd-url-shortener" and due["due"].startswith("2027-01-06T09:00")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", "today", "--plan", "nope", "--start", "2027-01-04"], "no study plan 'nope'"),
        (
            [
                "plan",
                "export",
                "staff-90",
                "--start",
                "2027-01-04",
                "--target",
                "2027-01-01",
                "--ics",
                "x.ics",
            ],
            "leaves no day to study",
        ),
    ],
)
def test_bad_plans_and_dates_are_refused_in_words(capsys, argv, message) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_plan_validate_checks_the_shipped_plans_and_names_a_bad_file(capsys, tmp_path) -> None:
    assert main(["plan", "validate"]) == 0
    assert capsys.readouterr().out.count("ok  ") == 5
    from sim import plan_catalog

    bad = tmp_path / "staff-90.yaml"
    text = (plan_catalog.PLANS_DIR / "staff-90.yaml").read_text()
    bad.write_text(text.replace("hours: 1.0", "hours: lots", 1))
    assert main(["plan", "validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "field blocks[0].hours" in err


def test_a_date_that_is_not_a_date_names_the_option(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["plan", "today", "--plan", "staff-90", "--start", "04/01/2027"])
    assert "'04/01/2027' is not a date (YYYY-MM-DD)" in capsys.readouterr().err


def test_plan_choose_is_what_today_shows(capsys) -> None:
    assert main(["plan", "choose", "staff-90", "--start", date.today().isoformat()]) == 0
    assert "following staff-90" in capsys.readouterr().out
    from sim import study

    fitted = study.chosen_schedule(make_engine())
    assert fitted.plan.id == "staff-90" and fitted.start == date.today()
