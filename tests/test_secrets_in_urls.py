"""Credentials inside OPENAI_BASE_URL (http://user:key@host/v1, ?api-key=...) never reach the
stored attempt, the call log, the logs, the Settings page or the CLI."""

import logging
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from sim import catalog, service
from sim.llm.settings import load_settings
from sim.storage import repo
from sim.storage.db import make_engine
from sim.storage.models import Attempt
from tests.cli_run import run_cli
from tests.fake_http import status_server
from tests.llama_server import free_port

ROOT = Path(__file__).resolve().parent.parent
USER_KEY = "basic-auth-secret-7f3a"
QUERY_KEY = "query-secret-91bc"
API_KEY = "sk-test-0123456789abcdef"
SECRETS = (USER_KEY, QUERY_KEY, API_KEY)
ANSWER = "We shard the short codes by hash and cache hot redirects; a failed shard fails over."


def _with_credentials(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://sim:{USER_KEY}@{rest}?api-key={QUERY_KEY}"


def _env(base_url: str) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": base_url,
        "OPENAI_API_KEY": API_KEY,
        "SIM_LLM_MODEL": "any-model",
        "SIM_LLM_MAX_RETRIES": "0",
        "SIM_LLM_TIMEOUT_S": "5",
    }


def _assert_clean(*texts: object) -> None:
    joined = "\n".join(str(t) for t in texts)
    for secret in SECRETS:
        assert secret not in joined


def _refused_url() -> str:
    return _with_credentials(f"http://127.0.0.1:{free_port()}/v1")  # nothing listens there


def _grade_failing(engine, url: str) -> service.GradingFailed:
    grader = service.grader_for("llm", load_settings(_env(url)))
    with pytest.raises(service.GradingFailed) as info:
        service.grade_answer(engine, catalog.bank().get("sd-url-shortener"), ANSWER, grader=grader)
    return info.value


@pytest.mark.parametrize("failure", ["refused", "503"])
def test_failed_grading_stores_and_logs_no_credentials(
    sqlite_engine, caplog: pytest.LogCaptureFixture, failure: str
) -> None:
    caplog.set_level(logging.DEBUG)
    if failure == "refused":
        failed = _grade_failing(sqlite_engine, _refused_url())
    else:
        with status_server(503) as (url, _):
            failed = _grade_failing(sqlite_engine, _with_credentials(url))
    attempt = repo.get_attempt(sqlite_engine, failed.attempt_id)
    calls = repo.llm_calls(sqlite_engine, attempt.id)
    assert attempt.last_error and calls
    assert "127.0.0.1" in calls[0]["endpoint"]  # where it went is still recorded
    _assert_clean(failed, failed.__cause__, attempt.last_error, calls)
    _assert_clean(*(r.getMessage() for r in caplog.records), caplog.text)


def test_storage_redacts_whatever_a_caller_passes(engine) -> None:
    question = catalog.bank().get("sd-url-shortener")
    attempt_id = service.save_answer(engine, question, ANSWER)
    repo.set_status(engine, attempt_id, "failed", error=f"failed at {_refused_url()}")
    repo.log_llm_call(
        engine,
        attempt_id=attempt_id,
        purpose="grade",
        provider="compatible",
        model="any-model",
        endpoint=_refused_url() + "/" + "long" * 100,  # longer than the column, too
        error=f"the provider said: {API_KEY} is not valid",
    )
    _assert_clean(repo.get_attempt(engine, attempt_id).last_error, repo.llm_calls(engine))
    # A row written before redaction existed is redacted when read.
    with Session(engine) as session:
        session.exec(
            update(Attempt).where(Attempt.id == attempt_id).values(last_error=_refused_url())
        )
        session.commit()
    _assert_clean(repo.get_attempt(engine, attempt_id).last_error)
    _assert_clean(*(a.last_error for a in repo.pending_attempts(engine)))


def test_settings_page_and_connection_test_show_no_credentials(monkeypatch) -> None:
    for key, value in _env(_refused_url()).items():
        monkeypatch.setenv(key, value)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["sim_test"] = "dummy"
    at.run()
    at.switch_page("sim/ui/app_pages/settings.py").run()
    assert not at.exception
    table = " ".join(str(t.value) for t in at.table)
    assert "127.0.0.1" in table
    at.button(key="test_connection").click().run()
    assert not at.exception and at.error
    shown = [e.value for e in (*at.error, *at.success, *at.info)]
    shown += [m.value for m in (*at.markdown, *at.caption)]
    _assert_clean(table, *shown)
    _assert_clean(repo.llm_calls(make_engine()))


def test_cli_prints_no_credentials(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # in this process the log lines come here, not to stderr
    answer = tmp_path / "answer.txt"
    answer.write_text(ANSWER)
    for name, value in {**_env(_refused_url()), "SIM_DATA_DIR": str(tmp_path)}.items():
        monkeypatch.setenv(name, value)

    graded = run_cli(capsys, "grade", "sd-url-shortener", str(answer), "--grader", "llm")
    assert graded.returncode == 1 and "127.0.0.1" in graded.stderr
    listed = run_cli(capsys, "pending")
    assert listed.returncode == 0 and "sd-url-shortener" in listed.stdout
    _assert_clean(graded.stdout, graded.stderr, listed.stdout, listed.stderr, caplog.text)
