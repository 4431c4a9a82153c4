"""The shipped study plans (question_bank/plans/*.yaml), loaded once per process and checked
against the bank."""

from functools import lru_cache
from pathlib import Path

from sim import catalog, paths
from sim.domain.plans import StudyPlan, load_plans

PLANS_DIR = paths.QUESTION_BANK_DIR / "plans"


class UnknownPlan(KeyError):
    def __init__(self, plan_id: str, known: list[str]) -> None:
        super().__init__(plan_id)
        self.message = f"no study plan {plan_id!r}; the plans are: {', '.join(known)}"

    def __str__(self) -> str:
        return self.message


def plan_files() -> list[Path]:
    return sorted(PLANS_DIR.glob("*.yaml"))


@lru_cache(maxsize=1)
def plans() -> tuple[StudyPlan, ...]:
    known = [q.id for q in catalog.bank().questions]
    return load_plans(plan_files(), known)


def plan(plan_id: str) -> StudyPlan:
    for p in plans():
        if p.id == plan_id:
            return p
    raise UnknownPlan(plan_id, [p.id for p in plans()])
