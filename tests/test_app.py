"""The Streamlit app driven through AppTest: answer a question, see feedback, find it in History."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
ANSWER = (ROOT / "tests" / "data" / "answers" / "fastapi_vs_django_strong.txt").read_text()
TIMEOUT = 30


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["sim_test"] = "dummy"  # never read a developer's real secrets.toml
    return at


def _bank_questions():
    from sim import catalog

    return catalog.bank().questions


def test_answer_a_question_and_see_four_dimensions(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app().run()
    assert not at.exception
    assert at.title[0].value == "Practice"
    question = next(q for q in _bank_questions() if q.id == "py-fastapi-vs-django")
    at.selectbox(key="question_choice").set_value(question).run()
    assert any(question.prompt[:40] in m.value for m in at.markdown)
    assert any(f"time limit {question.time_limit_min} min" in c.value for c in at.caption)
    at.text_area(key="answer::py-fastapi-vs-django").input(ANSWER).run()
    at.button(key="submit").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) == {"Clarity", "Depth", "Pragmatism", "Ownership"}
    assert all(value in {"1", "2", "3", "4", "—"} for value in metrics.values())
    assert any(value in {"2", "3", "4"} for value in metrics.values())
    assert any("Overall:" in h.value for h in at.subheader)
    assert any("offline heuristic grader" in i.value for i in at.info)


def test_empty_answer_is_refused_with_a_message() -> None:
    at = _app().run()
    at.button(key="submit").click().run()
    assert any("nothing to grade" in w.value for w in at.warning)
    assert not at.metric


def test_history_lists_a_graded_answer_after_restart() -> None:
    first = _app().run()
    question = next(q for q in _bank_questions() if q.id == "py-fastapi-vs-django")
    first.selectbox(key="question_choice").set_value(question).run()
    first.text_area(key="answer::py-fastapi-vs-django").input(ANSWER).run()
    first.button(key="submit").click().run()
    assert not first.exception

    restarted = _app().run()  # a new session on the same database
    restarted.switch_page("sim/ui/app_pages/history.py").run()
    assert not restarted.exception
    assert restarted.title[0].value == "History"
    table = restarted.dataframe[0].value
    assert list(table["question"]) == ["py-fastapi-vs-django"]
    assert list(table["status"]) == ["graded"]
    assert {m.label for m in restarted.metric} == {"Clarity", "Depth", "Pragmatism", "Ownership"}
    assert any(ANSWER.splitlines()[0][:40] in c.value for c in restarted.code)


def test_history_empty_state() -> None:
    at = _app().run()
    at.switch_page("sim/ui/app_pages/history.py").run()
    assert any("No answers yet" in i.value for i in at.info)


def test_timer_counts_down_and_reports_overrun() -> None:
    at = _app().run()
    assert any("left" in m.value for m in at.markdown)
    at.session_state["clock_shift_s"] = 24 * 3600
    at.run()
    assert any("Time is up" in m.value for m in at.markdown)
