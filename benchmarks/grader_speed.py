"""Offline grader and bank-load speed in detail, as JSON: python benchmarks/grader_speed.py.

`make bench` (benchmarks/speed_table.py) prints these figures beside their goals. The grader's
vocabulary is built once per process (reported). Asserts nothing (timing belongs here).
"""

import json
import statistics
import time
import tracemalloc
from pathlib import Path

from sim import catalog, paths
from sim.domain.bank import load_bank
from sim.service import default_grader, judge, request_for

ROOT = Path(__file__).resolve().parent.parent
SEED_ANSWER = (ROOT / "tests" / "data" / "answers" / "fastapi_vs_django_strong.txt").read_text()

FILLER = [
    "We size the cluster for {n} requests per second with headroom of {m} percent at peak.",
    "If the {c} fails we fail over to the secondary region and alert on-call within {m} seconds.",
    "I chose {c} over a self-hosted option because the team of {n} engineers cannot run it.",
    "The rollout goes through a canary at {m} percent of traffic with a feature flag to roll back.",
    "Cost is dominated by {c}, roughly ${n} per month, so we tag it and set a budget alert.",
    "Security relies on managed identity for {c} and secrets in Key Vault rotated every {m} days.",
]
COMPONENTS = ["Redis", "Cosmos DB", "Service Bus", "the API gateway", "Azure SQL", "Event Hubs"]


def answer_of(words: int) -> str:
    """A realistic answer of about `words` words, no sentence repeated (no dedup shortcut)."""
    parts, i = [SEED_ANSWER], 0
    while sum(len(p.split()) for p in parts) < words:
        template = FILLER[i % len(FILLER)]
        parts.append(
            template.format(n=100 + i * 7, m=5 + i % 40, c=COMPONENTS[i % len(COMPONENTS)])
        )
        i += 1
    return "\n\n".join(parts)


def time_grading(runs: int = 200, words: int = 800) -> dict:
    rubric, bank = catalog.rubric(), catalog.bank()
    question = bank.get("py-fastapi-vs-django")
    answer = answer_of(words)
    grader = default_grader(rubric)
    judge(request_for(question, answer), grader, rubric)  # warm caches once
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        judge(request_for(question, answer), grader, rubric)
        samples.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    judge(request_for(question, answer), grader, rubric)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "answer_words": len(answer.split()),
        "runs": runs,
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(sorted(samples)[int(runs * 0.95) - 1], 2),
        "peak_kib": round(peak / 1024, 1),
    }


def time_bank_load(runs: int = 10) -> dict:
    files = catalog.question_files()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        bank = load_bank(files, paths.QUESTION_BANK_DIR / "competencies.yaml")
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "questions": len(bank.questions),
        "runs": runs,
        "median_ms": round(statistics.median(samples), 1),
        "max_ms": round(max(samples), 1),
    }


def time_grader_data(runs: int = 5) -> dict:
    """The offline grader's one-off cost per process: the bank vocabulary (word weights over
    every question) and the compiled signal cues."""
    catalog.bank()  # loaded already by the app before any grading
    samples = []
    for _ in range(runs):
        catalog.vocabulary.cache_clear()
        catalog.signal_cues.cache_clear()
        catalog.lexicon.cache_clear()
        start = time.perf_counter()
        vocabulary = catalog.vocabulary()
        catalog.signal_cues()
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "terms": len(vocabulary.idf),
        "runs": runs,
        "median_ms": round(statistics.median(samples), 1),
    }


def growth_with_length(runs: int = 60) -> float:
    """Median grade time of a 1,600-word answer over that of an 800-word one: 2 is linear."""
    short = time_grading(runs, 800)["median_ms"]
    return time_grading(runs, 1600)["median_ms"] / short if short else 0.0


if __name__ == "__main__":
    figures = {
        "grade_800_words": time_grading(),
        "grade_1600_over_800": round(growth_with_length(), 2),
        "bank_load": time_bank_load(),
        "grader_data_first_use": time_grader_data(),
    }
    print(json.dumps(figures, indent=2))
