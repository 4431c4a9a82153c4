"""Two app servers on one PostgreSQL, several signed-in users answering and waiting for their
feedback at once (tests/load_run.py), then the database is read back: every answer stored once,
graded once, under the user who wrote it; nothing lost, nothing written for someone else.

Small by default (it runs in the suite); `make bench-load` runs it bigger for the figures, and
SIM_LOAD_USERS / SIM_LOAD_ANSWERS size this test too (`pytest -m load`)."""

import os
from collections import Counter

import pytest
from sqlmodel import Session, select

from sim.storage.db import make_engine
from sim.storage.models import Attempt, Grade, UserAccountRow
from sim.storage.ownership import unscoped
from tests.databases import empty_database
from tests.load_run import people, run_load, two_servers

pytestmark = pytest.mark.load

USERS = int(os.environ.get("SIM_LOAD_USERS", "4"))
ANSWERS = int(os.environ.get("SIM_LOAD_ANSWERS", "2"))
BUDGET_S = float(os.environ.get("SIM_LOAD_BUDGET_S", "180"))


def test_two_servers_many_users_no_lost_or_crossed_writes(postgres_url, tmp_path) -> None:
    crowd = people(USERS)
    with (
        empty_database("postgresql", tmp_path, postgres_url) as url,
        two_servers(url, tmp_path, crowd) as apps,
    ):
        result = run_load(apps, crowd, ANSWERS, BUDGET_S)
        engine = unscoped(make_engine(url))  # every user's rows, to check who owns what
        with engine.connect() as conn:
            rows = conn.execute(
                select(Attempt.answer, Attempt.status, UserAccountRow.subject, Grade.user_id)
                .join(UserAccountRow, UserAccountRow.id == Attempt.user_id)
                .outerjoin(Grade, Grade.attempt_id == Attempt.id)
            ).all()
        owners = {a.id: a.subject for a in _accounts(engine)}
        engine.dispose()

    assert len(result.submitted) == USERS * ANSWERS
    assert {s.server for s in result.submitted} == {0, 1}  # both servers took answers
    stored = Counter(answer for answer, *_ in rows)
    for submitted in result.submitted:
        assert stored[submitted.text] == 1, (
            f"{submitted.text[:30]}: stored {stored[submitted.text]}x"
        )
    # No draft left behind, no answer written twice, each graded once: one row per answer.
    assert len(rows) == USERS * ANSWERS
    writers = {s.text: s.person.subject for s in result.submitted}
    for answer, status, owner, grade_owner in rows:
        assert status == "graded"
        assert owner == writers[answer], f"{answer[:30]} stored under {owner}"
        assert owners.get(grade_owner) == owner, f"{answer[:30]}: its grade under {grade_owner}"


def _accounts(engine):
    with Session(engine) as session:
        return list(session.exec(select(UserAccountRow)))
