"""The `sim` command on real files, as a user runs it: in the test's process through
sim.cli.main (tests/cli_run.py), and as a real process where that is what is tested (a closed
pipe, the installed console script, the same grade from two processes)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_run import CliResult, run_cli

ROOT = Path(__file__).resolve().parent.parent
ANSWER_FILE = ROOT / "tests" / "data" / "answers" / "fastapi_vs_django_strong.txt"


def _process(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture
def sim(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """`sim ARGS` in this process, with `env_extra` set in its environment."""

    def run(*args: str, env_extra: dict | None = None) -> CliResult:
        for name, value in (env_extra or {}).items():
            monkeypatch.setenv(name, value)
        return run_cli(capsys, *args)

    return run


def test_grade_json_matches_the_stored_grade(tmp_path: Path, sim) -> None:
    result = sim(
        "grade",
        "py-fastapi-vs-django",
        str(ANSWER_FILE),
        "--json",
        env_extra={"SIM_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["question_id"] == "py-fastapi-vs-django"
    assert [d["dimension"] for d in data["dimensions"]] == [
        "clarity",
        "depth",
        "pragmatism",
        "ownership",
    ]
    answer = ANSWER_FILE.read_text()
    for dim in data["dimensions"]:
        assert dim["level"] in (1, 2, 3, 4)
        assert dim["reason"] and dim["next_level"]
        assert all(quote in answer for quote in dim["evidence"])
    assert (tmp_path / "sim.db").is_file()

    from sim.storage import repo
    from sim.storage.db import make_engine

    stored = repo.get_attempt(make_engine(f"sqlite:///{tmp_path / 'sim.db'}"), data["attempt_id"])
    assert stored.latest_grade.overall == data["overall"]
    assert [d.level for d in stored.latest_grade.feedback.dimensions] == [
        d["level"] for d in data["dimensions"]
    ]


def test_grade_is_deterministic_across_runs(tmp_path: Path) -> None:
    """Two processes (each with its own hash seed) print the same grade."""
    runs = [
        _process("grade", "py-fastapi-vs-django", str(ANSWER_FILE), "--json", "--no-save")
        for _ in range(2)
    ]
    assert runs[0].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout


def test_console_script_is_installed() -> None:
    exe = shutil.which("sim", path=str(Path(sys.executable).parent))
    assert exe, "the package must install a `sim` console script"
    result = subprocess.run([exe, "bank", "validate"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok:")


def test_unknown_question_and_missing_file_are_clear_errors(tmp_path: Path, sim) -> None:
    unknown = sim("grade", "no-such-question", str(ANSWER_FILE))
    assert unknown.returncode == 2 and "unknown question id 'no-such-question'" in unknown.stderr
    missing = sim("grade", "py-fastapi-vs-django", str(tmp_path / "absent.txt"))
    assert missing.returncode == 2 and "cannot read answer file" in missing.stderr
    assert "Traceback" not in unknown.stderr + missing.stderr


def test_a_bad_setting_is_one_line_naming_it(tmp_path: Path, sim) -> None:
    result = sim(
        "grade",
        "py-fastapi-vs-django",
        str(ANSWER_FILE),
        env_extra={"SIM_DATA_DIR": str(tmp_path), "SIM_LLM_MAX_OUTPUT_TOKENS": "lots"},
    )
    assert result.returncode == 2
    assert "SIM_LLM_MAX_OUTPUT_TOKENS" in result.stderr and "lots" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("bank", "list"),
        ("bank", "stats", "--json"),
        ("grade", "py-fastapi-vs-django", str(ANSWER_FILE), "--no-save"),
    ],
    ids=["bank-list", "bank-stats", "grade"],
)
def test_output_into_a_closed_pipe_ends_quietly(args: tuple[str, ...]) -> None:
    """`sim bank list | head -1`: the reader is gone before the output is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: every write gets EPIPE, at once and every time
    try:
        result = subprocess.run(
            [sys.executable, "-m", "sim", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""  # no BrokenPipeError traceback, no "Exception ignored"
    assert result.returncode == 141  # what a shell reports for a closed pipe


def test_a_failing_llm_is_reported_once(tmp_path: Path, sim) -> None:
    from tests.fake_http import body_server

    reason = "This model's maximum context length is 8192 tokens; you sent 9120."
    body = json.dumps({"error": {"message": reason, "type": "invalid_request_error"}})
    with body_server(400, body.encode(), "application/json") as (url, _):
        result = sim(
            "grade",
            "py-fastapi-vs-django",
            str(ANSWER_FILE),
            env_extra={
                "SIM_DATA_DIR": str(tmp_path),
                "OPENAI_BASE_URL": url,
                "SIM_LLM_MODEL": "any-model",
            },
        )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count(reason) == 1, result.stderr
    assert "sim grade --attempt 1" in result.stderr  # saved, and how to grade it again
