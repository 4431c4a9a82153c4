"""The Streamlit app driven through AppTest: answer a question, see feedback, find it in History."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_drafts import answer_box
from tests.app_forms import add_question_through_the_form

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
    answer_box(at).input(ANSWER).run()
    at.button(key="submit").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) == {"Clarity", "Depth", "Pragmatism", "Ownership"}
    assert all(value in {"1", "2", "3", "4", "—"} for value in metrics.values())
    assert any(value in {"2", "3", "4"} for value in metrics.values())
    assert any("Overall:" in h.value for h in at.subheader)
    assert any("offline heuristic grader" in i.value for i in at.info)
    # The interviewer's follow-up is one of the bank's authored probes, maybe after a quote of
    # the candidate's own sentence.
    probes = {f.question for f in question.follow_ups}
    assert any(
        m.value.startswith("> ") and any(m.value[2:].replace("\\", "").endswith(p) for p in probes)
        for m in at.markdown
    )
    # The model outline is only revealed after the attempt.
    assert any("Model answer outline" in e.label for e in at.expander)


def test_empty_answer_is_refused_with_a_message() -> None:
    at = _app().run()
    assert not any("Model answer outline" in e.label for e in at.expander)
    at.button(key="submit").click().run()
    assert any("nothing to grade" in w.value for w in at.warning)
    assert not at.metric


def test_history_lists_a_graded_answer_after_restart() -> None:
    first = _app().run()
    question = next(q for q in _bank_questions() if q.id == "py-fastapi-vs-django")
    first.selectbox(key="question_choice").set_value(question).run()
    answer_box(first).input(ANSWER).run()
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


def test_bank_page_filters_and_sends_a_question_to_practice() -> None:
    at = _app().run()
    at.switch_page("sim/ui/app_pages/bank.py").run()
    assert not at.exception
    total = len(_bank_questions())
    assert at.caption[0].value == f"{total} of {total} questions"
    at.text_input(key="bank_q").input("fastapi django").run()
    shown = at.dataframe[0].value
    assert 0 < len(shown) < total
    assert "py-fastapi-vs-django" in list(shown["id"])
    at.selectbox(key="bank_open").set_value("py-fastapi-vs-django").run()
    at.button(key="bank_practise").click().run()
    assert not at.exception
    assert at.title[0].value == "Practice"
    assert at.selectbox(key="question_choice").value.id == "py-fastapi-vs-django"


def test_add_your_own_question_through_the_page(tmp_path, monkeypatch) -> None:
    from sim import catalog

    monkeypatch.setenv("SIM_USER_BANK_DIR", str(tmp_path / "mine"))
    catalog.bank.cache_clear()
    try:
        at = _app().run()
        add_question_through_the_form(at, "contoso-payments-ledger")
        assert not at.exception
        assert any("Added contoso-payments-ledger" in s.value for s in at.success), [
            e.value for e in at.error
        ]
        assert (tmp_path / "mine" / "my_questions.yaml").is_file()
        assert catalog.bank().get("contoso-payments-ledger").topic == "payments-ledger"

        # The same id again is refused with the field named, and the file is unchanged.
        before = (tmp_path / "mine" / "my_questions.yaml").read_text()
        at.button[-1].click().run()
        assert any("duplicate id" in e.value for e in at.error)
        assert (tmp_path / "mine" / "my_questions.yaml").read_text() == before
    finally:
        catalog.bank.cache_clear()


def test_settings_page_without_llm_says_offline_and_shows_no_key() -> None:
    at = _app().run()
    at.switch_page("sim/ui/app_pages/settings.py").run()
    assert not at.exception
    assert any("offline heuristic grader" in i.value for i in at.info)
    assert at.button(key="test_connection").disabled


def test_settings_page_never_shows_the_key(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-live-should-never-render-0123")
    at = _app().run()
    at.switch_page("sim/ui/app_pages/settings.py").run()
    assert not at.exception
    rendered = " ".join(str(el.value) for el in at.table) + " ".join(m.value for m in at.markdown)
    assert "sk-live-should-never-render" not in rendered
    assert "set" in rendered and "gpt-4o-mini" in rendered


def test_pending_answer_is_listed_and_graded_from_history(monkeypatch) -> None:
    from sim import catalog, service
    from sim.storage.db import make_engine

    question = catalog.bank().get("py-fastapi-vs-django")
    attempt_id = service.save_answer(make_engine(), question, ANSWER)  # as if the app died here
    at = _app().run()
    at.switch_page("sim/ui/app_pages/history.py").run()
    assert any("waiting for a grade" in w.value for w in at.warning)
    at.button(key=f"pending::{attempt_id}").click().run()
    assert not at.exception
    assert not any("waiting for a grade" in w.value for w in at.warning)
    assert service.get_attempt(make_engine(), attempt_id).status == "graded"
    # Re-grade, then both grades are shown side by side.
    at.button(key="regrade::offline").click().run()
    assert any("side by side" in s.value for s in at.subheader)
    assert len([m for m in at.metric if m.label == "Clarity"]) == 2


def test_llm_grading_in_the_app_replayed_from_a_cassette(monkeypatch) -> None:
    from tests.llm_cassettes import ANSWER as URL_ANSWER
    from tests.llm_cassettes import forget_modes, recorder

    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("SIM_LLM_MODEL", "stories260K")
    monkeypatch.setenv("SIM_LLM_MAX_OUTPUT_TOKENS", "3000")
    forget_modes()
    question = next(q for q in _bank_questions() if q.id == "sd-url-shortener")
    at = _app().run()
    assert at.selectbox(key="grader_choice").value == "llm"  # configured: LLM is the default
    at.selectbox(key="question_choice").set_value(question).run()
    answer_box(at).input(URL_ANSWER).run()
    cassette = Path(__file__).parent / "cassettes" / "llama_grade.yaml"
    with recorder().use_cassette(str(cassette), record_mode="none"):
        at.button(key="submit").click().run(timeout=60)
    forget_modes()
    assert not at.exception
    assert {m.label for m in at.metric} == {"Clarity", "Depth", "Pragmatism", "Ownership"}
    assert any("prompt grade\\_answer" in c.value for c in at.caption)
    assert any("Graded by llm" in c.value for c in at.caption)


def test_clock_keeps_working_after_a_submission() -> None:
    at = _app().run()
    question = next(q for q in _bank_questions() if q.id == "py-fastapi-vs-django")
    at.selectbox(key="question_choice").set_value(question).run()
    answer_box(at).input(ANSWER).run()
    at.button(key="submit").click().run()
    at.run()  # the next run after the submission: a fresh clock for another attempt
    assert not at.exception
    assert any("12:00** left" in m.value for m in at.markdown)


def test_pending_answers_are_offered_on_arrival() -> None:
    from sim import catalog, service
    from sim.storage.db import make_engine

    service.save_answer(make_engine(), catalog.bank().get("py-fastapi-vs-django"), ANSWER)
    at = _app().run()
    assert any("waiting for a grade" in w.value for w in at.warning)
    at.button(key="open_pending").click().run()
    assert at.title[0].value == "History"
