"""Schema migrations: an old database is upgraded in place, without losing answers."""

import json
import sqlite3
from pathlib import Path

from sqlalchemy import inspect

from sim.storage import repo
from sim.storage.db import make_engine
from sim.storage.migrations import LATEST, current_version, migrate
from sim.storage.ownership import unscoped

V1_SCHEMA = """
CREATE TABLE attempt (
    id INTEGER PRIMARY KEY, question_id VARCHAR(120) NOT NULL, kind VARCHAR(40) NOT NULL,
    topic VARCHAR(120) NOT NULL, tracks VARCHAR(300) NOT NULL, prompt TEXT NOT NULL,
    answer TEXT NOT NULL, status VARCHAR(20) NOT NULL, time_limit_s INTEGER NOT NULL,
    elapsed_s INTEGER, started_at DATETIME NOT NULL, submitted_at DATETIME, last_error TEXT);
CREATE TABLE grade (
    id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL REFERENCES attempt (id),
    grader VARCHAR(40) NOT NULL, model VARCHAR(200) NOT NULL, rubric_version VARCHAR(40) NOT NULL,
    prompt_id VARCHAR(80) NOT NULL, prompt_version VARCHAR(40) NOT NULL,
    prompt_hash VARCHAR(64) NOT NULL, overall FLOAT, signal VARCHAR(40) NOT NULL,
    feedback_json TEXT NOT NULL, verdict_json TEXT NOT NULL, created_at DATETIME NOT NULL);
CREATE TABLE schemaversion (id INTEGER PRIMARY KEY, version INTEGER NOT NULL);
INSERT INTO schemaversion VALUES (1, 1);
INSERT INTO attempt VALUES (1, 'sd-url-shortener', 'system_design', 'url-shortener',
    'system_design', 'Design a URL shortener', 'my old answer', 'submitted', 2700, 60,
    '2026-01-01 10:00:00', '2026-01-01 10:01:00', NULL);
"""


def test_a_version_1_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_SCHEMA)
    engine = make_engine(f"sqlite:///{path}")
    assert current_version(engine) == LATEST
    columns = {c["name"] for c in inspect(engine).get_columns("attempt")}
    assert {"session_id", "position", "draft_saved_at", "time_to_requirements_s"} <= columns
    assert "diagram" in columns  # v6: the whiteboard
    assert "cache_key" in {c["name"] for c in inspect(engine).get_columns("grade")}
    assert {"llm_call", "interview_session", "follow_up_answer"} <= set(
        inspect(engine).get_table_names()
    )
    old = repo.get_attempt(engine, 1)
    assert old.answer == "my old answer" and old.status == "submitted"
    assert repo.pending_attempts(engine)[0].id == 1  # never graded: offered for grading


def test_migrate_is_idempotent(engine) -> None:
    assert migrate(engine) == LATEST
    assert migrate(engine) == LATEST


# --- one schema however it was reached, and many processes starting at once ---------------------

import pytest  # noqa: E402
from sqlmodel import SQLModel, create_engine, text  # noqa: E402

from sim.domain.errors import SchemaTooNewError  # noqa: E402
from sim.storage import migrations  # noqa: E402
from tests import workers  # noqa: E402
from tests.databases import empty_database, schema_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ANSWER_FILE = ROOT / "tests" / "data" / "answers" / "fastapi_vs_django_strong.txt"


@pytest.fixture(params=["sqlite", "postgresql"])
def kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def server_url(kind: str, request: pytest.FixtureRequest) -> str | None:
    return request.getfixturevalue("postgres_url") if kind == "postgresql" else None


def test_fresh_schema_is_identical_to_a_migrated_one(kind, server_url, tmp_path) -> None:
    with (
        empty_database(kind, tmp_path, server_url) as declared_url,
        empty_database(kind, tmp_path, server_url) as fresh_url,
        empty_database(kind, tmp_path, server_url) as old_url,
    ):
        declared = create_engine(declared_url)  # what the code's models describe
        SQLModel.metadata.create_all(declared)
        migrate(create_engine(declared_url))  # adds only the bookkeeping tables
        fresh = make_engine(fresh_url)
        old = create_engine(old_url)
        migrate(old, until="v1_initial")  # a database the first release made
        with old.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO attempt (question_id, kind, topic, tracks, prompt, answer, "
                    "status, time_limit_s, started_at) VALUES ('q', 'behavioral', 't', '', 'p', "
                    "'kept', 'submitted', 60, CURRENT_TIMESTAMP)"
                )
            )
        upgraded = make_engine(old_url)
        assert schema_of(fresh) == schema_of(declared)
        assert schema_of(upgraded) == schema_of(fresh)
        assert repo.get_attempt(upgraded, 1).answer == "kept"
        for eng in (declared, fresh, old, upgraded):
            eng.dispose()


def test_six_first_starts_at_once_all_save_their_answers(kind, server_url, tmp_path) -> None:
    with empty_database(kind, tmp_path, server_url) as url:
        env = {"SIM_DATA_DIR": str(tmp_path / "data")}
        if kind == "postgresql":
            env["DATABASE_URL"] = url
        else:
            env["SIM_DATA_DIR"] = str(tmp_path / "fresh")
        args = [
            (env, ["grade", "py-fastapi-vs-django", str(ANSWER_FILE), "--json"]) for _ in range(6)
        ]
        results = workers.run_all(workers.sim_command, args, tmp_path)
        assert [r["rc"] for r in results] == [0] * 6, [r["stderr"] for r in results]
        ids = {json.loads(r["stdout"])["attempt_id"] for r in results}
        engine = make_engine(url if kind == "postgresql" else f"sqlite:///{tmp_path}/fresh/sim.db")
        assert len(ids) == 6 and repo.count_attempts(engine) == 6
        assert all(repo.get_attempt(engine, i).status == "graded" for i in ids)
        engine.dispose()


def test_six_processes_upgrading_one_old_database(kind, server_url, tmp_path) -> None:
    with empty_database(kind, tmp_path, server_url) as url:
        old = create_engine(url)
        migrate(old, until="v2_llm_provenance")
        old.dispose()
        results = workers.run_all(workers.open_database, [(url,)] * 6, tmp_path)
        assert [r["rc"] for r in results] == [0] * 6, [r.get("stderr") for r in results]
        engine = create_engine(url)
        with engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM schema_migration")).scalars().all()
        assert sorted(names) == sorted(n for n, _ in migrations.STEPS)  # each step once
        assert current_version(engine) == LATEST
        engine.dispose()


def test_a_database_from_a_newer_release_is_refused(engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO schema_migration (name, applied_at) VALUES "
                "('v99_from_the_future', CURRENT_TIMESTAMP)"
            )
        )
    with pytest.raises(SchemaTooNewError, match="newer release.*v99_from_the_future"):
        migrate(engine)


def test_the_cli_names_a_too_new_database_without_a_traceback(tmp_path, capsys) -> None:
    from sim.cli import main

    url = f"sqlite:///{tmp_path / 'data' / 'sim.db'}"
    with make_engine(url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO schema_migration (name, applied_at) VALUES "
                "('v99_from_the_future', CURRENT_TIMESTAMP)"
            )
        )
    assert main(["pending"]) == 1
    err = capsys.readouterr().err
    assert "newer release" in err and "Traceback" not in err


def test_a_failing_step_leaves_nothing_half_done(kind, server_url, tmp_path, monkeypatch) -> None:
    def half_done(conn) -> None:
        conn.execute(text("CREATE TABLE half_done (id INTEGER PRIMARY KEY)"))
        conn.execute(text("ALTER TABLE attempt ADD COLUMN half_done INTEGER"))
        raise RuntimeError("power cut")

    with empty_database(kind, tmp_path, server_url) as url:
        monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, ("v6_half", half_done)])
        monkeypatch.setattr(migrations, "_KNOWN", [n for n, _ in migrations.STEPS])
        eng = create_engine(url)
        with pytest.raises(RuntimeError, match="power cut"):
            migrate(eng)
        assert "half_done" not in inspect(eng).get_table_names()
        assert "half_done" not in {c["name"] for c in inspect(eng).get_columns("attempt")}
        monkeypatch.undo()
        assert migrate(eng) == LATEST  # everything before the failing step is kept
        eng.dispose()


def test_v8_fills_level_columns_and_tracks_from_what_is_stored(kind, server_url, tmp_path) -> None:
    """Answers graded before v8 get their newest grade's id, overall and levels (out of its
    feedback JSON) and their track rows, so History's indexed filters find old answers too."""
    from sim import review
    from sim.domain.history import HistoryFilters

    feedback = {
        "dimensions": [
            {"dimension": "clarity", "level": 3},
            {"dimension": "depth", "level": 2},
            {"dimension": "pragmatism", "level": None},
            {"dimension": "ownership", "level": 4},
        ]
    }
    with empty_database(kind, tmp_path, server_url) as url:
        old = create_engine(url)
        migrate(old, until="v7_attempt_diagram")
        with old.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO attempt (id, question_id, kind, topic, tracks, prompt, answer, "
                    "status, time_limit_s, started_at, submitted_at) VALUES (1, 'q', "
                    "'deep_dive', 't', 'azure,python_azure', 'p', 'a', 'graded', 60, "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
            older = {"dimensions": [{"dimension": "ownership", "level": 1}]}
            for overall, stored in ((1.0, older), (3.0, feedback)):  # a re-grade: newest counts
                conn.execute(
                    text(
                        "INSERT INTO grade (attempt_id, grader, model, rubric_version, prompt_id, "
                        "prompt_version, prompt_hash, overall, signal, feedback_json, "
                        "verdict_json, created_at) VALUES (1, 'offline', '', '1', '', '', '', "
                        ":o, 'Staff', :f, '{}', CURRENT_TIMESTAMP)"
                    ),
                    {"o": overall, "f": json.dumps(stored)},
                )
        old.dispose()
        upgraded = make_engine(url)
        with unscoped(upgraded).connect() as conn:  # raw SQL reads every user's rows
            levels = conn.execute(
                text(
                    "SELECT latest_grade_id, overall, clarity_level, depth_level, "
                    "pragmatism_level, ownership_level FROM attempt"
                )
            ).one()
            tracks = conn.execute(text("SELECT track FROM attempt_track ORDER BY track")).all()
        assert tuple(levels) == (2, 3.0, 3, 2, None, 4)
        assert [t[0] for t in tracks] == ["azure", "python_azure"]
        assert review.count(upgraded, HistoryFilters(track="azure")) == 1
        assert review.count(upgraded, HistoryFilters(track="aws")) == 0
        depth_3 = HistoryFilters(score_on="depth", score_min=3, score_max=4)
        assert review.count(upgraded, depth_3) == 0
        ownership_4 = HistoryFilters(score_on="ownership", score_min=4, score_max=4)
        assert review.count(upgraded, ownership_4) == 1
        upgraded.dispose()


def test_v10_gives_every_stored_row_to_the_local_user(kind, server_url, tmp_path) -> None:
    """Rows stored before accounts existed belong to the local user after the upgrade: the
    single-user app still sees them, another user sees none, and the owner is required."""
    from sqlalchemy.exc import IntegrityError

    from sim import users
    from sim.storage import ownership, story_repo

    with empty_database(kind, tmp_path, server_url) as url:
        old = create_engine(url)
        migrate(old, until="v9_study_plans")
        with old.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO attempt (id, question_id, kind, topic, tracks, prompt, answer, "
                    "status, time_limit_s, started_at) VALUES (1, 'q', 'behavioral', 't', 'x', "
                    "'p', 'before accounts', 'submitted', 60, CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(text("INSERT INTO attempt_track (track, attempt_id) VALUES ('x', 1)"))
            conn.execute(
                text(
                    "INSERT INTO story (title, situation, task, action, result, lesson, metrics, "
                    "role, dates, tags, content_key, created_at, updated_at) VALUES ('Old', '', "
                    "'', '', '', '', '', '', '', '', 'k1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
        old.dispose()
        upgraded = make_engine(url)
        local = users.local_user(upgraded)
        raw = ownership.unscoped(upgraded)
        with raw.connect() as conn:
            for table in ("attempt", "attempt_track", "story"):
                owners = conn.execute(text(f"SELECT DISTINCT user_id FROM {table}")).scalars()
                assert list(owners) == [local.id], table
        assert repo.get_attempt(upgraded, 1).answer == "before accounts"
        assert [s.title for s in story_repo.list_stories(upgraded)] == ["Old"]
        other = users.user_for_identity(upgraded, "https://idp", "someone", "s@x.test", "S")
        assert repo.get_attempt(ownership.for_user(upgraded, other.id), 1) is None
        assert story_repo.list_stories(ownership.for_user(upgraded, other.id)) == []
        # The owner is required: PostgreSQL refuses a row without one; SQLite, which cannot add
        # a required column without a default, gives it owner 0, which no account has.
        ownerless = text(
            "INSERT INTO review_card (question_id, card_json, due, state, reviews, created_at, "
            "updated_at) VALUES ('q', '{}', CURRENT_TIMESTAMP, 1, 0, CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP)"
        )
        if kind == "postgresql":
            with pytest.raises(IntegrityError), raw.begin() as conn:
                conn.execute(ownerless)
        else:
            with raw.begin() as conn:
                conn.execute(ownerless)
                assert conn.execute(text("SELECT user_id FROM review_card")).scalar_one() == 0
        upgraded.dispose()
