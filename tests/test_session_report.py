"""The session report's improvements: three where the evidence holds three, never the same advice
twice, numbered 1, 2, 3 in one list."""

import re

from sim.domain.markdown import escape_markdown, numbered_list
from sim.domain.report import ReportItem, build_report, to_html, to_markdown
from sim.domain.types import Dimension
from tests.rounds import feedback

C, D, P, OWN = Dimension.CLARITY, Dimension.DEPTH, Dimension.PRAGMATISM, Dimension.OWNERSHIP
STAFF_BUT_DEPTH = {C: 3, D: 2, P: 3, OWN: 3}


def _item(n: int, fb) -> ReportItem:
    return ReportItem(
        question_id=f"q-{n}",
        prompt="Design something",
        answer="We shard by user id.",
        feedback=fb,
        grader="offline",
        elapsed_s=60,
        time_limit_s=600,
        time_to_requirements_s=None,
        follow_ups=[],
    )


def _improvements_section(markdown: str) -> list[str]:
    section = markdown.split("## The three improvements that matter most\n\n", 1)[1]
    return section.split("\n\n", 1)[0].splitlines()


def test_one_weak_dimension_with_three_different_tips_gives_three() -> None:
    answers = [
        feedback(STAFF_BUT_DEPTH, hints={D: f"Next: {tip}."})
        for tip in ("name the failure modes", "size the hot partition", "say how you detect it")
    ]
    report = build_report("Round", [_item(n, fb) for n, fb in enumerate(answers)])
    assert report.improvements == [
        "Depth: Name the failure modes.",
        "Depth: Size the hot partition.",
        "Depth: Say how you detect it.",
    ]


def test_the_same_advice_is_given_once_and_missed_key_points_fill_the_list() -> None:
    same = "Next: put a number on it."
    answers = [
        feedback(
            {C: 3, D: 2, P: 2, OWN: 3}, hints={D: same, P: same}, missed=("Idempotency keys",)
        ),
        feedback({C: 3, D: 2, P: 2, OWN: 3}, hints={D: same, P: same}, missed=("Backpressure",)),
    ]
    report = build_report("Round", [_item(n, fb) for n, fb in enumerate(answers)])
    assert report.improvements == [
        "Depth: Put a number on it.",
        "Cover the missed key point: Idempotency keys",
        "Cover the missed key point: Backpressure",
    ]


def test_a_step_from_staff_to_the_top_counts_and_nothing_is_invented() -> None:
    # One gap below Staff and one dimension at Staff: two pieces of advice, not three.
    report = build_report("Round", [_item(1, feedback({C: 4, D: 3, P: 4, OWN: 2}))])
    assert report.improvements == [
        "Ownership: Reach the next ownership level.",
        "Depth: Reach the next depth level.",
    ]


def test_markdown_and_html_number_the_improvements_1_2_3() -> None:
    answers = [
        feedback(STAFF_BUT_DEPTH, hints={D: f"Next: {tip}."})
        for tip in ("name the failure modes", "size the hot partition", "say how you detect it")
    ]
    report = build_report("Round", [_item(n, fb) for n, fb in enumerate(answers)])
    lines = _improvements_section(to_markdown(report))
    assert [re.match(r"(\d+)\. ", line).group(1) for line in lines] == ["1", "2", "3"]
    html = to_html(report)
    tips = html.split("<h2>The three improvements that matter most</h2><ol>", 1)[1]
    assert tips.split("</ol>", 1)[0].count("<li>") == 3


def test_numbered_list_is_one_block_counting_up_with_items_escaped_and_on_one_line() -> None:
    assert numbered_list(["a", "b\nc", "[x](y)"]) == "1. a\n2. b c\n3. \\[x\\]\\(y\\)"


def test_the_interview_room_is_in_the_report_as_escaped_text() -> None:
    from dataclasses import replace

    from sim.domain.interviewer import Clarification, RoomContext

    room = RoomContext(
        (
            Clarification(
                "Is it *global* <b>or</b> per region?", "Global: `1,000` in total.", "notes"
            ),
        ),
        change="Add a daily quota # billed",
    )
    item = replace(_item(1, feedback(STAFF_BUT_DEPTH)), room=room)
    markdown = to_markdown(build_report("Round", [item]))
    assert "### Interview room" in markdown
    for label, text in (
        ("You", "Is it *global* <b>or</b> per region?"),
        ("Interviewer", "Global: `1,000` in total."),
        ("Requirement change", "Add a daily quota # billed"),
    ):
        assert f"**{label}:** {escape_markdown(text)}" in markdown
    page = to_html(build_report("Round", [item]))
    assert "<b>You:</b> Is it *global* &lt;b&gt;or&lt;/b&gt; per region?" in page
    assert "<b>Requirement change:</b> Add a daily quota # billed" in page
    # An answer given outside the room has no such section.
    assert "Interview room" not in to_markdown(build_report("Round", [_item(2, None)]))
