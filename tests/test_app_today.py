"""The Today page through AppTest: choose the 90-day plan, then walk three simulated days (the
UI clock moved through session state, never slept): answer the day's drill from one click, see
it come back as a review the next day, and watch a milestone's progress move."""

from datetime import UTC, datetime, timedelta

from streamlit.testing.v1 import AppTest

from sim import study
from sim.storage.db import make_engine
from sim.ui.state_keys import CLOCK_SHIFT, PLAN_REFIT_TARGET
from tests import graded_answers as ga
from tests.app_drafts import answer_box
from tests.app_drafts import app as new_app

TODAY_PAGE = "sim/ui/app_pages/today.py"
PRACTICE_PAGE = "sim/ui/app_pages/practice.py"
WEAK = "I would use SOLID."  # too little to judge: rated Again, back tomorrow
DAY = 86400.0


def _texts(at: AppTest) -> str:
    return "\n".join(
        [m.value for m in at.markdown]
        + [s.value for s in at.subheader]
        + [c.value for c in at.caption]
        + [w.value for w in at.warning]
    ).replace("\\", "")


def _on_day(at: AppTest, day: int) -> AppTest:
    at.session_state[CLOCK_SHIFT] = (day - 1) * DAY
    at.switch_page(TODAY_PAGE).run()
    assert not at.exception, at.exception
    return at


def _answer_from(at: AppTest, button_key: str, question_id: str, text: str = WEAK) -> None:
    at.button(key=button_key).click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Practice"
    assert at.selectbox(key="question_choice").value.id == question_id
    # AppTest reruns the page it was last switched to: stay on Practice for the answer.
    at.switch_page(PRACTICE_PAGE).run()
    assert at.selectbox(key="question_choice").value.id == question_id
    answer_box(at).input(text).run()
    at.button(key="submit").click().run()
    assert not at.exception, at.exception


def _progress_text(at: AppTest) -> str:
    return at.get("progress")[0].proto.text.replace("\\", "")


def test_a_plan_walked_across_three_days() -> None:
    at = new_app().run()
    assert at.title[0].value == "Practice"  # no plan yet: the app opens on Practice
    at.switch_page(TODAY_PAGE).run()
    at.selectbox(key="plan_choice").set_value("staff-90").run()
    at.button(key="plan_follow").click().run()
    assert not at.exception

    # Day 1: the day's one drill, nothing due, the first milestone at 0 of 3.
    text = _texts(at)
    assert "Day 1 of 90: plan day 1." in text
    assert "Nothing due" in text
    assert "0 of 3 questions answered" in _progress_text(at)
    _answer_from(at, "today_drill::arch-solid-in-practice", "arch-solid-in-practice")
    _on_day(at, 1)
    assert "plan day 1 · done" in _texts(at)
    assert "Nothing due" in _texts(at)  # back tomorrow, not today

    # Day 2: yesterday's weak answer is due; the day's new drill; a milestone question answered.
    _on_day(at, 2)
    text = _texts(at)
    assert "Day 2 of 90: plan day 2." in text
    assert "last rated Again · 1 review" in text
    assert [b.key for b in at.button if b.key.startswith("today_review::")] == [
        "today_review::arch-solid-in-practice"
    ]
    assert "today_drill::arch-dry-kiss-yagni" in [b.key for b in at.button]
    _answer_from(at, "today_milestone::sd-url-shortener", "sd-url-shortener")
    _on_day(at, 2)
    assert "1 of 3 questions answered; left: sd-ecommerce-platform, sd-rate-limiter" in (
        _progress_text(at)
    )
    _answer_from(at, "today_review::arch-solid-in-practice", "arch-solid-in-practice")

    # Day 3: both weak answers are due again; the unanswered day-2 drill is folded into today.
    _on_day(at, 3)
    text = _texts(at)
    assert "Day 3 of 90" in text
    due = sorted(b.key for b in at.button if b.key.startswith("today_review::"))
    assert due == ["today_review::arch-solid-in-practice", "today_review::sd-url-shortener"]
    assert "today_catch_up::arch-dry-kiss-yagni" in [b.key for b in at.button]
    assert "1 drill from earlier days not done: fold them into today." in text
    assert "Milestones: 0 of 10 done." in text
    assert "1 of 1 reviews done by their due date" in text


def test_once_a_plan_is_chosen_the_app_opens_on_today() -> None:
    engine = make_engine()
    study.choose(engine, "staff-90", datetime.now(UTC).date() - timedelta(days=9))
    at = new_app().run()
    assert not at.exception
    assert at.title[0].value == "Today"
    text = _texts(at)
    assert "Day 10 of 90: plan day 10." in text
    # Nine days behind: two missed drills offered, the rest skipped, not a wall of them.
    catch_up = [b.key for b in at.button if b.key.startswith("today_catch_up::")]
    assert len(catch_up) == 2
    assert "skip the other" in text and "Skipped:" in text
    # Refit the rest: from the first missed day over the days left before the interview.
    interview = datetime.now(UTC).date() + timedelta(days=41)
    at.date_input(key=PLAN_REFIT_TARGET).set_value(interview).run()
    assert "90 days in 41: 2-3 plan days per calendar day" in _texts(at)
    at.button(key="plan_refit").click().run()
    assert not at.exception
    text = _texts(at)
    assert "Day 1 of 41: plan days 1, 2." in text
    assert not [b for b in at.button if b.key.startswith("today_catch_up::")]
    fitted = study.chosen_schedule(engine)
    assert (fitted.start, fitted.end) == (datetime.now(UTC).date(), interview - timedelta(days=1))


def test_a_broken_plan_file_is_named_on_today_and_the_rest_of_the_app_works(
    tmp_path, monkeypatch
) -> None:
    from sim import plan_catalog

    broken = tmp_path / "plans"
    broken.mkdir()
    text = (plan_catalog.PLANS_DIR / "staff-90.yaml").read_text()
    (broken / "staff-90.yaml").write_text(text.replace("length: 90", "length: ninety"))
    monkeypatch.setattr(plan_catalog, "PLANS_DIR", broken)
    plan_catalog.plans.cache_clear()
    from sim.storage import plan_repo

    plan_repo.choose_plan(make_engine(), "staff-90", datetime.now(UTC).date())  # chosen before
    try:
        at = new_app().run()
        assert not at.exception and at.title[0].value == "Practice"  # not a broken landing
        assert not at.error
        at.switch_page(TODAY_PAGE).run()
        assert not at.exception
        errors = [e.value.replace("\\", "") for e in at.error]
        assert len(errors) == 1 and "staff-90.yaml" in errors[0] and "field length" in errors[0]
    finally:
        plan_catalog.plans.cache_clear()


def test_a_count_milestone_is_one_click_from_where_it_is_done() -> None:
    from sim.storage import plan_repo

    # The 4-week AWS plan after its weekly checkpoints: next is four war stories.
    engine = make_engine()
    today = datetime.now(UTC).date()
    plan_repo.choose_plan(engine, "aws-staff-4w", today - timedelta(days=27))
    template = ga.template()
    plan = study.chosen_schedule(engine).plan
    for milestone in plan.milestones:
        for qid in getattr(milestone.rule, "questions", []):
            ga.answer(engine, template, qid, datetime.now(UTC), (3, 3, 3, 3))
    at = new_app().run()
    assert "0 of 4 STAR stories; 4 left" in _progress_text(at)
    at.button(key="today_milestone_step").click().run()
    assert not at.exception and at.title[0].value == "Stories"
