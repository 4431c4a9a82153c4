"""A newcomer's first visit and the small frictions around it, driven through AppTest: the
question pickers, the first step, the offline grader's note, re-drawing a question, abandoning
with a confirmation and the time-up note on the follow-up screen."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from sim import catalog, service, sessions
from sim.domain.markdown import escape_markdown
from sim.storage import session_repo
from sim.storage.db import make_engine
from sim.ui.state_keys import abandon
from tests.app_drafts import answer_box

ROOT = Path(__file__).resolve().parent.parent
INTERVIEW = "sim/ui/app_pages/interview.py"


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["sim_test"] = "dummy"
    return at


def _interview() -> AppTest:
    at = _app().run()
    at.switch_page(INTERVIEW).run()
    assert not at.exception
    return at


def test_question_pickers_show_topic_and_prompt_not_bare_ids() -> None:
    question = catalog.bank().get("sd-url-shortener")
    at = _app().run()
    picker = at.selectbox(key="question_choice")
    label = next(o for o in picker.options if "URL shortener" in o)
    assert label.startswith("URL shortener · Design a URL shortening service like bit.ly")
    assert "sd-url-shortener" not in label
    prompt_part = label.split(" · ", 1)[1].rsplit(" (", 1)[0]
    assert prompt_part.endswith("…") and len(prompt_part) <= 81
    assert prompt_part[:-1] in " ".join(question.prompt.split())
    at.switch_page(INTERVIEW).run()
    at.radio(key="start_mode").set_value("question").run()
    picker = at.selectbox(key="start_question")
    assert (
        "URL shortener · Design a URL shortening"
        in picker.options[[q.id for q in catalog.bank().questions].index("sd-url-shortener")]
    )
    picker.set_value("sd-url-shortener").run()  # the value stays the id
    at.button(key="start_single").click().run()
    assert not at.exception
    assert any("Design a URL shortening" in m.value for m in at.markdown)


def test_a_first_visit_says_what_to_do_and_offers_a_first_step() -> None:
    at = _app().run()
    assert any("New here?" in i.value for i in at.info)
    assert any("deterministic heuristic" in c.value for c in at.caption)  # before any answer
    at.button(key="first_step").click().run()
    assert not at.exception
    question = at.selectbox(key="question_choice").value
    assert question.time_limit_min == 10
    assert not any("New here?" in i.value for i in at.info)
    # Drawn at random: another can be drawn while nothing is written, never the same one.
    drawn = {question.id}
    for _ in range(3):
        at.button(key="practice_redraw").click().run()
        question = at.selectbox(key="question_choice").value
        assert question.id not in drawn and question.time_limit_min == 10
        drawn.add(question.id)
    answer_box(at).input("Requirements first.").run()
    assert not [b for b in at.button if b.key == "practice_redraw"]
    # Once something was answered (a draft counts) a new visit is no longer a first one.
    again = _app().run()
    assert not any("New here?" in i.value for i in again.info)
    assert not [b for b in again.button if b.key == "first_step"]


def test_the_mock_interview_says_what_the_offline_grader_is_before_the_first_answer() -> None:
    at = _interview()
    assert any("deterministic heuristic" in c.value and "Settings" in c.value for c in at.caption)


def _start_format(at: AppTest, format_id: str = "system-design-round") -> None:
    at.radio(key="start_mode").set_value("format").run()
    at.selectbox(key="start_format").set_value(format_id).run()
    at.button(key="start_session").click().run()
    assert not at.exception


def _start_single(at: AppTest) -> None:
    at.radio(key="start_mode").set_value("question").run()
    at.button(key="start_single").click().run()
    assert not at.exception


def test_a_drawn_interview_question_can_be_drawn_again_until_words_are_written() -> None:
    at = _interview()
    _start_format(at)
    engine = make_engine()
    before = sessions.state(engine, 1)
    at.button(key="redraw_question").click().run()
    assert not at.exception
    after = sessions.state(engine, 1)
    assert after.question.id != before.question.id
    assert after.question.kind == before.question.kind
    assert after.session.question_ids[0] == after.question.id
    assert after.session.question_ids[1:] == before.session.question_ids[1:]
    # The empty draft is gone (its id may be reused): one draft, of the new question, fresh.
    assert [service.get_attempt(engine, i).question_id for i in after.session.attempt_ids] == [
        after.question.id
    ]
    assert after.attempt.started_at > before.attempt.started_at
    assert any(escape_markdown(after.question.prompt)[:30] in m.value for m in at.markdown)
    answer_box(at).input("Requirements: 100M links a month.").run()
    assert not [b for b in at.button if b.key == "redraw_question"]


def test_abandon_asks_first_and_loses_nothing_until_confirmed() -> None:
    at = _interview()
    _start_single(at)
    assert not [b for b in at.button if b.key == "redraw_question"]  # chosen, not drawn
    answer_box(at).input("Requirements: reads dominate writes.").run()
    key = abandon(1)
    at.button(key=key).click().run()
    engine = make_engine()
    assert session_repo.active_session(engine) is not None  # only asked
    assert any("Abandon this session?" in w.value for w in at.warning)
    at.button(key=f"{key}::no").click().run()
    assert session_repo.active_session(engine) is not None
    assert answer_box(at).value == "Requirements: reads dominate writes."
    at.button(key=key).click().run()
    at.button(key=f"{key}::yes").click().run()
    assert not at.exception
    assert session_repo.active_session(engine) is None
    assert at.button(key="start_session") is not None


def test_time_is_up_shows_on_the_follow_up_screen() -> None:
    at = _interview()
    _start_single(at)
    answer_box(at).input("Requirements: 100M links a month, reads dominate writes.").run()
    at.session_state["clock_shift_s"] = 3600
    at.run()
    assert not at.exception
    assert any(t.label == "Your reply" for t in at.text_area)  # the follow-up screen
    assert any("Time was up" in i.value for i in at.info)


def test_the_five_minute_warning_is_on_the_clocks_line_not_a_block_above_the_box() -> None:
    from tests.app_drafts import remaining_shown

    at = _interview()
    at.radio(key="start_mode").set_value("question").run()
    at.selectbox(key="start_question").set_value("sd-url-shortener").run()  # 45 minutes
    at.button(key="start_single").click().run()
    at.session_state["clock_shift_s"] = 45 * 60 - 299  # 4:59 left
    at.run()
    assert remaining_shown(at) <= 299
    clock = next(m.value for m in at.markdown if "left of 45:00" in m.value)
    assert "Less than 5 minutes left." in clock
    assert not any("minutes left" in w.value for w in at.warning)
