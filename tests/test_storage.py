"""Storage round trips on a real SQLite file and a real PostgreSQL server."""

from pathlib import Path

import pytest
from sqlalchemy import inspect

from sim import service
from sim.storage import repo
from sim.storage.db import database_url, describe_location, make_engine
from sim.storage.migrations import LATEST, current_version
from tests.conftest import BrokenGrader

ANSWER = (Path(__file__).parent / "data" / "answers" / "fastapi_vs_django_strong.txt").read_text()


def test_answer_and_grade_round_trip(engine, bank) -> None:
    question = bank.get("py-fastapi-vs-django")
    outcome = service.grade_answer(engine, question, ANSWER, elapsed_s=321)
    stored = repo.get_attempt(engine, outcome.attempt_id)
    assert stored is not None
    assert stored.answer == ANSWER
    assert stored.status == "graded"
    assert stored.elapsed_s == 321
    assert stored.submitted_at is not None and stored.submitted_at.tzinfo is not None
    grade = stored.latest_grade
    assert grade is not None
    assert grade.feedback == outcome.feedback
    assert grade.verdict == outcome.verdict
    assert grade.rubric_version == outcome.rubric_version
    listed = repo.list_attempts(engine)
    assert [a.id for a in listed] == [outcome.attempt_id]
    assert listed[0].latest_grade.overall == outcome.feedback.overall


def test_answer_is_saved_before_a_failing_grader(engine, bank) -> None:
    question = bank.get("py-fastapi-vs-django")
    with pytest.raises(service.GradingFailed) as info:
        service.grade_answer(engine, question, ANSWER, grader=BrokenGrader())
    stored = repo.get_attempt(engine, info.value.attempt_id)
    assert stored.answer == ANSWER
    assert stored.status == "failed"
    assert "timed out" in stored.last_error
    # Recoverable: grade the saved answer again with a working grader.
    retry = service.grade_attempt(
        engine, stored.id, question, stored.answer, service.default_grader()
    )
    assert repo.get_attempt(engine, retry.attempt_id).status == "graded"


def test_newest_first_and_paging(engine, bank) -> None:
    question = bank.get("py-fastapi-vs-django")
    ids = [service.save_answer(engine, question, f"answer {i}") for i in range(5)]
    page = repo.list_attempts(engine, limit=2, offset=1)
    assert [a.id for a in page] == [ids[3], ids[2]]
    assert repo.count_attempts(engine) == 5


def test_sqlite_file_created_on_first_use_and_survives_restart(tmp_path, monkeypatch, bank) -> None:
    monkeypatch.setenv("SIM_DATA_DIR", str(tmp_path / "fresh" / "dir"))
    url = database_url()
    assert url == f"sqlite:///{tmp_path / 'fresh' / 'dir' / 'sim.db'}"
    first = make_engine()
    attempt_id = service.save_answer(first, bank.get("py-fastapi-vs-django"), "kept")
    first.dispose()
    assert (tmp_path / "fresh" / "dir" / "sim.db").is_file()
    again = make_engine()  # a restarted app
    assert repo.get_attempt(again, attempt_id).answer == "kept"
    assert current_version(again) == LATEST
    assert {"attempt", "grade"} <= set(inspect(again).get_table_names())


def test_database_url_env_wins_and_password_is_hidden(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://sim:s3cret@db.example:5432/sim")
    assert database_url() == "postgresql+psycopg://sim:s3cret@db.example:5432/sim"
    assert "s3cret" not in describe_location(database_url())


def test_a_drawn_question_is_replaced_only_while_its_draft_is_empty(engine, bank) -> None:
    from sim.storage import session_repo

    first, second, third = (q.id for q in bank.questions[:3])
    session_id = session_repo.create_session(
        engine, format_id="f", title="t", question_ids=[first, second], follow_ups=0
    )
    empty = service.save_answer(engine, bank.get(first), "", submitted=False)
    session_repo.attach_attempt(engine, empty, session_id, 0)
    assert session_repo.replace_question(engine, session_id, 0, third, empty)
    assert session_repo.get_session(engine, session_id).question_ids == [third, second]
    assert repo.get_attempt(engine, empty) is None
    typed = service.save_answer(engine, bank.get(third), "", submitted=False)
    session_repo.attach_attempt(engine, typed, session_id, 0)
    assert session_repo.save_draft(engine, typed, "Requirements first.", None)
    # Words were written: nothing changes, nothing is lost.
    assert not session_repo.replace_question(engine, session_id, 0, first, typed)
    assert session_repo.get_session(engine, session_id).question_ids == [third, second]
    assert repo.get_attempt(engine, typed).answer == "Requirements first."
