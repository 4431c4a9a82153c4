"""Pure scoring and verdict checks, as tables."""

import pytest

from sim.domain.feedback import build_feedback
from sim.domain.scoring import NOT_ENOUGH_EVIDENCE, score_verdict
from sim.domain.types import Dimension, Kind
from sim.domain.verdict import DimensionVerdict, Verdict, check_verdict, quote_in_answer

ANSWER = "We shard by user id.\nEach shard has two replicas, so a node failure loses nothing."


def _verdict(levels: dict[Dimension, int | None], quote: str = "We shard by user id.") -> Verdict:
    return Verdict(
        grader="test",
        dimensions=[
            DimensionVerdict(dimension=d, evidence=[quote], reason="r", level=level)
            for d, level in levels.items()
        ],
    )


@pytest.mark.parametrize(
    ("levels", "overall", "signal"),
    [
        ((4, 4, 4, 4), 4.0, "Strong staff"),
        ((4, 4, 3, 3), 3.5, "Strong staff"),
        ((3, 3, 3, 2), 2.75, "Staff"),
        ((3, 3, 2, 2), 2.5, "Senior"),
        ((2, 2, 2, 2), 2.0, "Senior"),
        ((2, 2, 1, 2), 1.75, "Below bar"),
        ((1, 1, 1, 1), 1.0, "Below bar"),
        ((4, 4, 4, None), 4.0, "Strong staff"),
        ((4, 4, None, None), None, NOT_ENOUGH_EVIDENCE),
    ],
)
def test_overall_and_signal(rubric, levels, overall, signal) -> None:
    verdict = _verdict(dict(zip(Dimension, levels, strict=True)))
    score = score_verdict(check_verdict(verdict, ANSWER), rubric)
    assert score.overall == overall
    assert score.signal == signal


@pytest.mark.parametrize(
    ("quote", "present"),
    [
        ("We shard by user id.", True),
        ("shard by user id", True),
        ("Each shard has two replicas,   so a node\nfailure loses nothing.", True),  # re-flowed
        ("We shard by customer id.", False),
        ("we shard by user id.", False),  # case differs: not verbatim
        ("", False),
        (" m", False),  # present, but too short to be evidence
        ("shard", False),
    ],
)
def test_quote_must_be_in_the_answer(quote: str, present: bool) -> None:
    assert quote_in_answer(quote, ANSWER) is present


def test_invented_quote_is_dropped_and_unsupported_level_not_judged() -> None:
    verdict = _verdict({d: 3 for d in Dimension}, quote="We use a global consensus protocol.")
    checked = check_verdict(verdict, ANSWER)
    for dim in checked.dimensions:
        assert dim.evidence == []
        assert dim.dropped_evidence == ["We use a global consensus protocol."]
        assert dim.level is None
    assert any("not found in the answer" in p for p in checked.problems)


def test_out_of_range_and_missing_dimensions_are_reported() -> None:
    verdict = _verdict({Dimension.CLARITY: 7, Dimension.DEPTH: 3})
    checked = check_verdict(verdict, ANSWER).by_dimension()
    assert checked[Dimension.CLARITY].level is None
    assert checked[Dimension.DEPTH].level == 3
    assert checked[Dimension.PRAGMATISM].level is None
    problems = check_verdict(verdict, ANSWER).problems
    assert "clarity: level 7 out of range 1-4" in problems
    assert "pragmatism: missing from the verdict" in problems


def test_level_one_needs_no_evidence() -> None:
    verdict = _verdict({d: 1 for d in Dimension}, quote="not in the answer")
    assert all(d.level == 1 for d in check_verdict(verdict, ANSWER).dimensions)


def test_feedback_names_next_level_from_the_rubric(rubric) -> None:
    verdict = _verdict(
        {
            Dimension.CLARITY: 2,
            Dimension.DEPTH: 4,
            Dimension.PRAGMATISM: 1,
            Dimension.OWNERSHIP: None,
        }
    )
    checked = check_verdict(verdict, ANSWER)
    feedback = build_feedback(checked, score_verdict(checked, rubric), rubric, Kind.SYSTEM_DESIGN)
    by_dim = {d.dimension: d for d in feedback.dimensions}
    assert by_dim[Dimension.CLARITY].next_level == rubric.anchor(
        Dimension.CLARITY, Kind.SYSTEM_DESIGN, 3
    )
    assert by_dim[Dimension.DEPTH].next_level.startswith("Top level")
    assert by_dim[Dimension.OWNERSHIP].level_label == NOT_ENOUGH_EVIDENCE
    # The weakest dimensions lead the improvement list.
    assert feedback.improvements[0].startswith("Ownership")
    assert feedback.improvements[1].startswith("Pragmatism")
    assert feedback.first_gap == feedback.improvements[0]


def test_highlighting_escapes_user_text_and_marks_quotes() -> None:
    from sim.ui.text import highlight_quotes

    text = "We use <b>Redis</b> [cache](http://x) and shard by user id."
    marked = highlight_quotes(text, ["shard by user id", "not in the text"])
    assert "<b>" not in marked.replace("\\<b\\>", "")  # raw HTML never survives
    assert "\\[cache\\]\\(http://x\\)" in marked.replace("\\:", ":")  # no live link
    assert ":orange-background[shard by user id]" in marked
