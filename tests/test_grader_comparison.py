"""Comparing two graders on a stored answer (SQLite and PostgreSQL): both judge the same record,
the agreement is per dimension, and the answer's own grades are left as they were."""

from pathlib import Path

from sim import catalog, service
from sim.grader_comparison import compare_graders
from sim.storage import repo

ANSWER = (Path(__file__).parent / "data" / "answers" / "url_shortener.txt").read_text()


def test_the_same_grader_twice_agrees_everywhere_and_stores_no_grade(engine) -> None:
    question = catalog.bank().get("sd-url-shortener")
    outcome = service.grade_answer(engine, question, ANSWER, grader=service.grader_for("offline"))
    before = len(repo.get_attempt(engine, outcome.attempt_id).grades)
    result = compare_graders(
        engine,
        outcome.attempt_id,
        ("Offline heuristic", service.grader_for("offline")),
        ("Offline again", service.grader_for("offline")),
    )
    agreement = result.agreement
    assert [d.title for d in agreement.dimensions] == [
        "Clarity",
        "Depth",
        "Pragmatism",
        "Ownership",
    ]
    judged = [d for d in agreement.dimensions if d.spread is not None]
    assert judged and all(d.spread == 0 and d.agreement == "agree" for d in judged)
    assert agreement.overall_a == agreement.overall_b == outcome.feedback.overall
    assert agreement.summary().startswith(f"The graders agree on {len(judged)} of {len(judged)}")
    assert len(repo.get_attempt(engine, outcome.attempt_id).grades) == before
