"""Stored graded answers at chosen times with chosen levels, for the history, plan and review tests: a real
offline grade whose levels are then set as the test needs."""

from datetime import datetime

from sqlalchemy import update

from sim import catalog, service
from sim.domain.feedback import Feedback
from sim.domain.verdict import Verdict
from sim.storage import repo
from sim.storage.models import Attempt
from tests.conftest import DATA

ANSWER = (DATA / "answers" / "fastapi_vs_django_strong.txt").read_text()
DIMS = ("clarity", "depth", "pragmatism", "ownership")


def template() -> tuple[Verdict, Feedback]:
    question = catalog.bank().get("py-fastapi-vs-django")
    return service.judge(
        service.request_for(question, ANSWER), service.default_grader(), catalog.rubric()
    )


def feedback_with(template: tuple[Verdict, Feedback], levels: tuple[int | None, ...]) -> Feedback:
    feedback = template[1]
    by_dim = dict(zip(DIMS, levels, strict=True))
    dims = [d.model_copy(update={"level": by_dim[d.dimension.value]}) for d in feedback.dimensions]
    judged = [level for level in levels if level is not None]
    overall = round(sum(judged) / len(judged), 2) if len(judged) >= 3 else None
    signal = catalog.rubric().signal_for(overall) if overall is not None else "Not enough evidence"
    return feedback.model_copy(update={"dimensions": dims, "overall": overall, "signal": signal})


def grade(engine, template, attempt_id: int, levels: tuple[int | None, ...]) -> None:
    repo.add_grade(
        engine,
        attempt_id=attempt_id,
        grader="offline",
        model="offline-heuristic",
        rubric_version="test",
        prompt_id="",
        prompt_version="",
        prompt_hash="",
        feedback=feedback_with(template, levels),
        verdict=template[0],
    )


def answer(
    engine,
    template,
    question_id: str,
    when: datetime,
    levels: tuple[int | None, ...] | None,
    text: str = ANSWER,
) -> int:
    """A submitted answer at `when`, graded with `levels` (None: left ungraded)."""
    question = catalog.bank().get(question_id)
    attempt_id = service.save_answer(engine, question, text)
    with engine.begin() as conn:
        conn.execute(
            update(Attempt.__table__)
            .where(Attempt.__table__.c.id == attempt_id)
            .values(submitted_at=when, started_at=when)
        )
    if levels is not None:
        grade(engine, template, attempt_id, levels)
    return attempt_id
