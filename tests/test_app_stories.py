"""The Stories page driven through AppTest: write a story, grade it, find it in the coverage
matrix, rehearse it, import and export."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from sim.stories.markdown import export_markdown
from tests.test_stories import STRONG, WEAK

ROOT = Path(__file__).resolve().parent.parent
PAGE = "sim/ui/app_pages/stories.py"
TIMEOUT = 30
DIMENSIONS = {"Clarity", "Depth", "Pragmatism", "Ownership"}


def _page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["sim_test"] = "dummy"  # never read a developer's real secrets.toml
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _coverage_table(at: AppTest):
    return next(d.value for d in at.dataframe if "Staff level" in d.value.columns)


def test_empty_bank_says_what_to_do() -> None:
    at = _page()
    assert at.title[0].value == "Stories"
    infos = " ".join(i.value for i in at.info)
    assert "No stories yet" in infos and "Write a story first" in infos
    assert "No story fits this question yet" in infos
    table = _coverage_table(at)
    assert set(table["story"]) == {"— none —"}
    assert not [m for m in at.metric if m.label in DIMENSIONS]


def test_write_grade_and_see_it_in_the_coverage_matrix() -> None:
    at = _page()
    at.text_input(key="story_title::0").input(STRONG.title)
    for name in ("situation", "task", "action", "result", "lesson", "metrics"):
        at.text_area(key=f"story_{name}::0").input(getattr(STRONG, name))
    at.text_input(key="story_role::0").input(STRONG.role)
    at.multiselect(key="story_tags::0").set_value(STRONG.tags)
    at.run()
    at.button(key="story_save").click().run()
    assert not at.exception
    assert any("Saved story" in s.value for s in at.success)
    assert at.selectbox(key="story_choice").value == 1
    assert any("Not graded yet" in c.value for c in at.caption)

    at.selectbox(key="story_grader").set_value("offline")
    at.button(key="story_grade").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) >= DIMENSIONS
    assert all(metrics[d] in {"3", "4"} for d in DIMENSIONS)
    assert metrics["'I' in Action"] == "100%" and metrics["STAR parts"] == "4/4"
    assert any("offline heuristic grader" in i.value for i in at.info)
    # Evidence quotes are the story's own sentences.
    quotes = [m.value[2:].replace("\\", "") for m in at.markdown if m.value.startswith("> ")]
    assert quotes and all(q.split(": ", 1)[-1] in STRONG.model_dump_json() for q in quotes)

    table = _coverage_table(at)
    row = table[table["question"] == "bh-war-story-cost-reduction"].iloc[0]
    assert row["story"] == f"#1 {STRONG.title}"
    assert row["Staff level"] == "✅" and row["signal"] in {"Staff", "Strong staff"}
    assert (table["story"] == "— none —").any()  # questions no story answers yet
    assert metrics["Staff-level (milestone)"] == "4/15"
    assert any("Over-used" in w.value for w in at.warning)


def test_a_weak_story_gets_rewrites_and_an_empty_title_is_refused() -> None:
    at = _page()
    at.text_area(key="story_situation::0").input(WEAK.situation).run()
    at.button(key="story_save").click().run()
    assert any("Not saved" in e.value and "title" in e.value for e in at.error)
    at.text_input(key="story_title::0").input(WEAK.title)
    at.text_area(key="story_task::0").input(WEAK.task)
    at.text_area(key="story_action::0").input(WEAK.action)
    at.text_area(key="story_result::0").input(WEAK.result)
    at.run()
    at.button(key="story_save").click().run()
    at.button(key="story_grade").click().run()
    assert not at.exception
    tips = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "Result has no number" in tips and "Action is told as 'we'" in tips
    assert {m.label: m.value for m in at.metric}["Numbers in result"] == "no"


def test_import_rehearse_and_export() -> None:
    at = _page()
    text = export_markdown([STRONG, WEAK])
    at.text_area(key="stories_import_text").input(text).run()
    at.button(key="stories_import").click().run()
    assert any("Imported 2 stories" in s.value for s in at.success)
    at.button(key="stories_import").click().run()
    assert any("Imported 0 stories; skipped 2" in s.value for s in at.success)

    at.selectbox(key="rehearse_question").set_value("bh-war-story-cost-reduction").run()
    picker = at.selectbox(key="rehearse_story::bh-war-story-cost-reduction")
    assert picker.value == 1  # the suggested story
    at.button(key="rehearse_start").click().run()
    assert any("⏱️" in m.value for m in at.markdown)
    at.text_area(key="rehearse_told::1").input(f"{STRONG.situation} {STRONG.task}").run()
    at.button(key="rehearse_compare").click().run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "You left out the Action" in warnings and "You left out the Result" in warnings
    assert "$410k" in warnings  # numbers not said
    assert {m.label: m.value for m in at.metric}["Kept"] == "27%"
    assert any(t.value.startswith("[action] First I built") for t in at.text)

    download = at.get("download_button")[0]
    assert download.proto.label.startswith("Download all stories")
    assert any(text.splitlines()[4] in c.value for c in at.code)  # the preview shows the export
