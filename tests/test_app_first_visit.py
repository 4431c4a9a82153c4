"""A newcomer's first visit and the small frictions around it, driven through AppTest: the
question pickers, the first step, the offline grader's note, re-drawing a question, abandoning
with a confirmation and the time-up note on the follow-up screen."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from sim import catalog

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
