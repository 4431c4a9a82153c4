"""What independent reviews found in bank questions stays fixed: the wrong or generic sentences a
reviewer showed earning a key point earn none of them now, strong sentences still earn theirs,
and each question's misconceptions catch the wrong claims and leave the right statements alone
(tests/data/review_probes.yaml)."""

from pathlib import Path

import pytest
import yaml

from sim import catalog
from sim.judging import default_grader, request_for

PROBES = Path(__file__).resolve().parent / "data" / "review_probes.yaml"
_DATA = yaml.safe_load(PROBES.read_text(encoding="utf-8"))["probes"]


def _label(probe: dict) -> str:
    return f"{probe['question']}: {probe['says'][:40]}"


@pytest.mark.parametrize("probe", _DATA, ids=_label)
def test_review_probe(probe: dict) -> None:
    question = catalog.bank().get(probe["question"])
    signals = default_grader().signals(request_for(question, probe["says"]))
    earned = [i for i, hit in enumerate(signals.key_points) if hit.covered]
    wrongly = sorted(set(earned) & set(probe.get("earns_none", [])))
    missing = sorted(set(probe.get("earns", [])) - set(earned))
    assert not missing, (
        f"misses key points {missing}: {[question.key_points[i].point for i in missing]}"
    )
    assert not wrongly, (
        f"earns key points {wrongly}: {[question.key_points[i].point for i in wrongly]}"
    )
    own_claims = {m.claim for m in question.misconceptions}
    flagged = [
        m.misconception.claim for m in signals.misconceptions if m.misconception.claim in own_claims
    ]
    if probe.get("flagged"):
        assert flagged, "no misconception of the question catches it"
    if probe.get("not_flagged"):
        assert not flagged, f"flagged as {flagged}"
