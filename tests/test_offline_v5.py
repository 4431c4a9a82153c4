"""Grader v5: figures back Staff depth and pragmatism, signals count in committing sentences, a
point counts only when covered, and spelled-out counts with a unit are figures."""

import re

import pytest

from sim.domain.answer_signals import AnswerSignals
from sim.domain.grade_request import KeyPointSpec
from sim.domain.key_points import KeyPointHit
from sim.domain.text import split_sentences
from sim.domain.types import Dimension
from sim.graders.offline import OfflineGrader
from sim.service import judge
from tests.test_offline_grader import STRONG, _request


@pytest.fixture
def grader(rubric) -> OfflineGrader:
    return OfflineGrader(rubric)


def _without_figures(text: str) -> str:
    """The answer with every sentence that states a figure cut out."""
    kept = [s for s in re.split(r"(?<=[.!?])\s+", text) if not re.search(r"\d", s)]
    return " ".join(kept)


def test_the_same_answer_without_its_figures_is_capped_at_senior_on_depth_and_pragmatism(
    grader, rubric
) -> None:
    sized, _ = judge(_request(STRONG), grader, rubric)
    unsized, _ = judge(_request(_without_figures(STRONG)), grader, rubric)
    levels = {d.dimension: d.level for d in sized.dimensions}
    assert levels[Dimension.DEPTH] >= 3 and levels[Dimension.PRAGMATISM] >= 3
    for d in unsized.dimensions:
        if d.dimension in (Dimension.DEPTH, Dimension.PRAGMATISM):
            assert d.level is not None and d.level <= 2
            if "Capped" in d.reason:
                assert "no figures" in d.reason


def test_spelled_out_counts_with_a_unit_are_figures_and_one_of_something_is_not(grader) -> None:
    signals = grader.signals(
        _request(
            STRONG + "\n\nI ran the rollout for six weeks with four team leads. "
            "One team owned the gateway config."
        )
    )
    texts = [s.text for s in signals.numbers]
    assert any(t.startswith("I ran the rollout for six weeks") for t in texts)
    assert not any(t.startswith("One team owned") for t in texts)


def test_operations_count_where_the_answer_commits_to_them(grader) -> None:
    named = "Alerts, dashboards and runbooks give us visibility into the limiter."
    designed = "Page the on-call when limiter p99 passes 5 ms for five minutes."
    signals = grader.signals(_request(STRONG + "\n\n" + named + " " + designed))
    operations = [s.text for s in signals.flagged("operations")]
    committed = [s.text for s in signals.committed("operations")]
    assert named in operations and named not in committed
    assert designed in committed


def test_a_near_miss_adds_nothing_to_key_point_coverage() -> None:
    spec = KeyPointSpec("Keeps counters in a shared low-latency store")
    where = split_sentences("Counters live in Redis, shared by every node.")[0]
    signals = AnswerSignals(
        reading=None,  # the coverage figure reads only the hits
        key_points=[KeyPointHit(spec, where, 1.0), KeyPointHit(spec, None, 0.45)],
        misconceptions=[],
    )
    assert signals.key_point_coverage == pytest.approx(0.5)
