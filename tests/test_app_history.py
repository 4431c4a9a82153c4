"""The History page driven through AppTest: filters, pages, compare, charts, empty states."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sim import catalog, service
from sim.storage.db import make_engine
from tests.app_forms import open_history_tab

ROOT = Path(__file__).resolve().parent.parent
STRONG = (ROOT / "tests" / "data" / "answers" / "fastapi_vs_django_strong.txt").read_text()
URL_ANSWER = (ROOT / "tests" / "data" / "answers" / "url_shortener.txt").read_text()
WEAK = "FastAPI is async and Django has batteries. I would pick FastAPI for the API."
HISTORY = "sim/ui/app_pages/history.py"


def _history() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["sim_test"] = "dummy"  # never read a developer's real secrets.toml
    at.run()
    at.switch_page(HISTORY).run()
    assert not at.exception
    return at


def _grade(question_id: str, text: str):
    return service.grade_answer(make_engine(), catalog.bank().get(question_id), text)


def _table_ids(at: AppTest) -> list[int]:
    return [int(i) for i in at.dataframe[0].value["id"]]


@pytest.fixture
def three_answers() -> dict[str, int]:
    return {
        "weak": _grade("py-fastapi-vs-django", WEAK).attempt_id,
        "url": _grade("sd-url-shortener", URL_ANSWER).attempt_id,
        "strong": _grade("py-fastapi-vs-django", STRONG).attempt_id,
    }


def test_empty_history_says_so_without_tables_or_charts() -> None:
    at = _history()
    assert any("No answers yet" in i.value for i in at.info)
    assert not at.dataframe
    assert not at.get("vega_lite_chart")
    assert not at.error


def test_filters_narrow_the_table(three_answers) -> None:
    at = _history()
    assert _table_ids(at) == [three_answers["strong"], three_answers["url"], three_answers["weak"]]
    assert any("3 answer(s) match" in c.value for c in at.caption)

    at.selectbox(key="hist_kind").set_value("system_design").run()
    assert _table_ids(at) == [three_answers["url"]]
    assert list(at.dataframe[0].value["question"]) == ["sd-url-shortener"]

    at.selectbox(key="hist_kind").set_value("all").run()
    at.selectbox(key="hist_track").set_value("python_azure").run()
    assert _table_ids(at) == [three_answers["strong"], three_answers["weak"]]
    at.selectbox(key="hist_topic").set_value("url-shortener").run()  # python_azure AND this topic
    assert not at.dataframe
    assert any("No answer matches these filters" in i.value for i in at.info)

    at.button(key="hist_reset").click().run()
    assert len(_table_ids(at)) == 3

    # A score range on one dimension, checked against the stored grades.
    engine = make_engine()
    depth = {
        i: next(
            d.level
            for d in service.get_attempt(engine, i).latest_grade.feedback.dimensions
            if d.dimension.value == "depth"
        )
        for i in three_answers.values()
    }
    assert len(set(depth.values())) > 1, depth  # the answers differ, so the filter must narrow
    low = max(v for v in depth.values() if v is not None)
    at.selectbox(key="hist_score_on").set_value("depth").run()
    at.slider(key="hist_score").set_value((float(low), 4.0)).run()
    assert sorted(_table_ids(at)) == sorted(
        i for i, v in depth.items() if v is not None and v >= low
    )
    assert set(at.dataframe[0].value["Depth"]) == {low}

    # Dates: nothing was answered yesterday.
    at.button(key="hist_reset").click().run()
    yesterday = date.today() - timedelta(days=1)
    at.date_input(key="hist_dates").set_value((yesterday, yesterday)).run()
    assert not at.dataframe
    assert not at.exception


def test_pages_of_answers() -> None:
    engine = make_engine()
    question = catalog.bank().get("py-fastapi-vs-django")
    ids = [
        service.grade_answer(engine, question, f"{WEAK} Take {n}.").attempt_id for n in range(30)
    ]
    at = _history()
    at.selectbox(key="hist_page_size").set_value(25).run()
    first = _table_ids(at)
    assert first == sorted(ids, reverse=True)[:25]
    assert any("page 1 of 2" in c.value for c in at.caption)
    at.number_input(key="hist_page").set_value(2).run()
    second = _table_ids(at)
    assert second == sorted(ids, reverse=True)[25:]
    assert any("page 2 of 2" in c.value for c in at.caption)
    # A narrower filter starts again at page 1.
    at.selectbox(key="hist_kind").set_value("deep_dive").run()
    assert at.number_input(key="hist_page").value == 1
    assert _table_ids(at) == first


def test_compare_two_attempts_side_by_side(three_answers) -> None:
    at = _history()
    at.selectbox(key="history_choice").set_value(three_answers["strong"]).run()
    assert any("Compare with another attempt" in s.value for s in at.subheader)
    chooser = at.selectbox(key=f"compare_with::{three_answers['strong']}")
    assert chooser.value == three_answers["weak"]  # the attempt before this one
    assert three_answers["url"] not in chooser.options  # only the same question

    engine = make_engine()
    weak = service.get_attempt(engine, three_answers["weak"]).latest_grade.feedback
    strong = service.get_attempt(engine, three_answers["strong"]).latest_grade.feedback
    table = at.table[0].value
    before, after = f"#{three_answers['weak']} (earlier)", f"#{three_answers['strong']} (later)"
    assert list(table.index) == ["Overall", "Clarity", "Depth", "Pragmatism", "Ownership"]
    for old, new in zip(weak.dimensions, strong.dimensions, strict=True):
        row = table.loc[old.title]
        assert row[before] == (str(old.level) if old.level else "—")
        assert row[after] == (str(new.level) if new.level else "—")
        if old.level and new.level:
            change = new.level - old.level
            expected = "no change" if change == 0 else f"{'+' if change > 0 else '−'}{abs(change)}"
            assert row["Change"] == expected
    assert any(
        d.level and w.level and d.level != w.level
        for d, w in zip(strong.dimensions, weak.dimensions, strict=True)
    ), "the two seeded answers should differ on some dimension"
    codes = [c.value.strip() for c in at.code]
    assert WEAK in codes and STRONG.strip() in codes  # both texts, as text
    assert any(e.label.startswith("Word-level changes") for e in at.expander)
    assert any("[-" in c and "{+" in c for c in codes)


def test_only_one_attempt_invites_a_retry_that_opens_practice(three_answers) -> None:
    at = _history()
    at.selectbox(key="history_choice").set_value(three_answers["url"]).run()
    assert any("only answer to this question" in c.value for c in at.caption)
    at.button(key="practise_again").click().run()
    assert not at.exception
    assert at.title[0].value == "Practice"
    assert at.selectbox(key="question_choice").value.id == "sd-url-shortener"


def test_progress_charts_render_and_follow_filters(three_answers) -> None:
    at = _history()
    assert not at.get("vega_lite_chart"), "a closed Progress tab must not run"
    open_history_tab(at, "Progress")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2  # dimensions over time, mean overall by topic
    specs = " ".join(c.proto.spec for c in charts)
    assert "Mean level per dimension" in specs and "Mean overall by topic" in specs
    at.radio(key="hist_period").set_value("month").run()
    assert "by month" in " ".join(c.proto.spec for c in at.get("vega_lite_chart"))
    at.selectbox(key="hist_kind").set_value("behavioral").run()
    assert not at.get("vega_lite_chart")
    assert any("No graded answers match these filters" in i.value for i in at.info)


def test_answer_text_is_shown_as_text_never_markup() -> None:
    sneaky = "<script>alert(1)</script> **bold** [link](http://x) <b>html</b>"
    _grade("py-fastapi-vs-django", sneaky)
    at = _history()
    assert sneaky in [c.value for c in at.code]
    rendered = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "<script>" not in rendered and "<b>" not in rendered


@pytest.mark.parametrize(
    ("function", "message", "tab"),
    [
        ("filter_options", "Could not read your history", "Answers"),
        ("history_page", "Could not load this page of answers", "Answers"),
        ("chart_data", "Could not compute your progress", "Progress"),
    ],
)
def test_a_database_failure_is_a_sentence_not_a_traceback(
    three_answers, monkeypatch, function, message, tab
) -> None:
    from sim import review

    def broken(*_args, **_kwargs):
        raise RuntimeError("connection reset by peer")

    monkeypatch.setattr(review, function, broken)
    at = _history()
    if tab != "Answers":
        open_history_tab(at, tab)
    assert any(message in e.value for e in at.error)
    assert not at.exception
    assert "connection reset" not in " ".join(e.value for e in at.error)


def test_a_live_interview_draft_is_listed_as_such_and_cannot_be_graded(three_answers) -> None:
    from sim import sessions
    from sim.domain.statuses import AttemptStatus

    engine = make_engine()
    session_id = sessions.start_session(engine, question_id="sd-url-shortener")
    live = sessions.state(engine, session_id).attempt
    sessions.save_draft(engine, live, "Requirements first: reads dominate.", live.started_at)

    at = _history()
    table = at.dataframe[0].value
    status = dict(zip(table["id"], table["status"], strict=True))
    assert "live" in status[live.id] and f"#{session_id}" in status[live.id], status
    # The newest answer is the live draft; History opens the newest submitted one instead.
    assert at.selectbox(key="history_choice").value == three_answers["strong"]
    at.selectbox(key="history_choice").set_value(live.id).run()
    assert not at.exception
    assert not [b for b in at.button if b.key and b.key.startswith("regrade::")]
    assert any("running interview" in i.value for i in at.info), [i.value for i in at.info]
    # The interview goes on: the question is still being answered, with its text.
    after = sessions.state(engine, session_id)
    assert after.phase == "answering"
    assert after.attempt.status == AttemptStatus.DRAFT
    assert after.attempt.answer == "Requirements first: reads dominate."
