"""Schema migrations: an old database is upgraded in place, without losing answers."""

import sqlite3
from pathlib import Path

from sqlalchemy import inspect

from sim.storage import repo
from sim.storage.db import make_engine
from sim.storage.migrations import LATEST, current_version, migrate

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
