"""`sim eval` statistics and runner, on tables and a real JSONL file."""

import json
from pathlib import Path

import pytest

from sim.evaluation.metrics import (
    pairwise_accuracy,
    pearson,
    quadratic_weighted_kappa,
    spearman,
)
from tests.cli_run import run_cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("xs", "ys", "expected"),
    [
        ([1, 2, 3, 4], [1, 2, 3, 4], 1.0),
        ([1, 2, 3, 4], [4, 3, 2, 1], -1.0),
        ([1, 2, 3, 4], [1, 4, 9, 16], 1.0),  # monotone but not linear
        ([1, 2, 3], [2, 2, 2], None),  # constant side: undefined, not 0
        ([1, 2, 2, 3], [1, 2, 3, 3], 5 / 6),  # average ranks for ties
    ],
)
def test_spearman(xs, ys, expected) -> None:
    result = spearman(xs, ys)
    assert result == expected if expected is None else result == pytest.approx(expected, abs=1e-9)


def test_pearson_is_linear() -> None:
    assert pearson([1, 2, 3, 4], [1, 4, 9, 16]) == pytest.approx(0.9844, abs=1e-4)


@pytest.mark.parametrize(
    ("labels", "scores", "expected"),
    [
        ([1, 2, 3, 4], [1, 2, 3, 4], 1.0),
        ([1, 1, 4, 4], [4, 4, 1, 1], -1.0),
        ([1, 2, 3, 4], [1.4, 2.6, 2.5, 4.0], pytest.approx(0.9, abs=0.01)),
    ],
)
def test_quadratic_weighted_kappa(labels, scores, expected) -> None:
    assert quadratic_weighted_kappa(labels, scores) == expected


def test_pairwise_accuracy_counts_only_same_group_different_labels() -> None:
    groups = ["a", "a", "a", "b", "b", None]
    labels = [4, 3, 3, 2, 1, 4]
    scores = [3.5, 3.0, 3.75, 2.0, 2.0, 1.0]
    accuracy, pairs, ties = pairwise_accuracy(groups, labels, scores)
    # group a: (4,3) ordered, (4,3) reversed; the equal-label pair is ignored. group b: tie.
    assert (pairs, ties) == (3, 1)
    assert accuracy == pytest.approx(1 / 3)


def test_eval_cli_reports_bad_lines_and_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    strong = (
        "Requirements first: the rate limiter takes 10,000 writes per second and p99 under 50 ms. I would use a token "
        "bucket in Redis rather than a fixed window because bursts matter; the trade-off is "
        "more state. When Redis fails we fail open and alert on-call within a minute, and a "
        "runbook covers recovery. Rollout goes through a canary with a feature flag, and cost "
        "is about $200 per month of Redis memory."
    )
    lines = [
        {
            "id": "s",
            "kind": "system_design",
            "question": "Design a rate limiter",
            "key_points": ["token bucket in Redis", "fail open when Redis fails"],
            "group": "g",
            "answer": strong,
            "label": 4,
        },
        {
            "id": "w",
            "kind": "system_design",
            "question": "Design a rate limiter",
            "group": "g",
            "answer": "Put a rate limiter in front of the API so users cannot send too many requests "
            "and the servers stay up during busy times of the day.",
            "label": 2,
        },
        {
            "id": "b",
            "question_id": "py-fastapi-vs-django",
            "answer": (ROOT / "tests/data/answers/fastapi_vs_django_strong.txt").read_text(),
            "label": 3,
        },
    ]
    path = tmp_path / "set.jsonl"
    rows = [
        json.dumps(lines[0]),
        "{broken",
        json.dumps(lines[1]),
        json.dumps({"id": "x", "label": 2}),
        json.dumps(lines[2]),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_cli(capsys, "eval", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert "line 2: invalid JSON" in result.stderr
    assert "line 4: invalid fields: answer" in result.stderr
    data = json.loads(result.stdout)
    assert data["n"] == 3 and data["skipped_lines"] == 2
    assert {"spearman", "pearson", "pairwise_accuracy", "by_kind", "median_ms", "items"} <= set(
        data
    )
    scores = {item["id"]: item["score"] for item in data["items"]}
    assert scores["s"] > scores["w"]
    assert data["pairwise_accuracy"] == 1.0
    assert set(data["by_kind"]) == {"system_design", "deep_dive"}


def test_eval_baseline_prints_naive_figures_beside_the_grader(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--baseline scores the same items by word count and by overlap with the reference; items
    carry the overall signal and how many dimensions were judged."""
    reference = "Use a token bucket per client in Redis and fail open when Redis is down."
    rows = [
        # Long but off the reference: word count ranks it first, overlap ranks it last.
        ("long", 1, "Rate limiting matters for every public service and team. " * 12),
        ("ref", 3, "I would keep a token bucket per client in Redis, and fail open if Redis dies."),
    ]
    path = tmp_path / "set.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "id": name,
                    "kind": "deep_dive",
                    "question": "How would you rate limit a public API?",
                    "reference": reference,
                    "group": "g",
                    "answer": answer,
                    "label": label,
                }
            )
            for name, label, answer in rows
        ),
        encoding="utf-8",
    )
    result = run_cli(capsys, "eval", str(path), "--json", "--baseline")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["baselines"]["word_count"]["pairwise_accuracy"] == 0.0
    assert data["baselines"]["reference_overlap"]["pairwise_accuracy"] == 1.0
    for item in data["items"]:
        assert isinstance(item["signal"], str) and item["signal"]
        assert 0 <= item["judged"] <= 4
    plain = run_cli(capsys, "eval", str(path), "--baseline")
    assert "baseline word_count" in plain.stdout and "baseline reference_overlap" in plain.stdout
