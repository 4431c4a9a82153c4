"""`sim sessions list --json` and `sim report SESSION_ID --format md|html` on a real database."""

import json
from pathlib import Path

from sim import session_reports, sessions
from sim.domain.report import to_html, to_markdown
from sim.storage.db import make_engine
from tests.cli_run import run_cli
from tests.rounds import finish_single_round

ROOT = Path(__file__).resolve().parent.parent

ANSWER = (ROOT / "tests" / "data" / "answers" / "url_shortener.txt").read_text()


def test_sessions_list_json_has_every_field_and_the_verdict(capsys) -> None:
    engine = make_engine()
    finished = finish_single_round(engine, "sd-url-shortener", ANSWER)
    running = sessions.start_session(engine, question_id="py-fastapi-vs-django")
    sessions.state(engine, running)  # the page opens its first question at once
    result = run_cli(capsys, "sessions", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [running, finished]  # newest first
    done = rows[1]
    assert set(done) >= {
        "id",
        "title",
        "status",
        "started",
        "finished",
        "questions",
        "mean_overall",
        "verdict",
    }
    report = session_reports.report(engine, finished)
    assert done["status"] == "finished" and done["finished"] is not None
    assert done["questions"] == 1 and done["title"] == "Single question: sd-url-shortener"
    assert done["mean_overall"] == report.mean_overall is not None
    assert done["verdict"] == report.verdict.label
    assert rows[0]["verdict"] is None and rows[0]["finished"] is None  # the round is running


def test_report_prints_markdown_and_writes_html(tmp_path: Path, capsys) -> None:
    engine = make_engine()
    session_id = finish_single_round(engine, "sd-url-shortener", ANSWER)
    report = session_reports.report(engine, session_id)
    markdown = run_cli(capsys, "report", str(session_id), "--format", "md")
    assert markdown.returncode == 0, markdown.stderr
    assert markdown.stdout == to_markdown(report)
    assert f"## Round verdict: {report.verdict.label}" in markdown.stdout
    assert "## What to practise next" in markdown.stdout
    out = tmp_path / "report.html"
    written = run_cli(capsys, "report", str(session_id), "--format", "html", "--output", str(out))
    assert written.returncode == 0, written.stderr
    assert out.read_text(encoding="utf-8") == to_html(report)
    assert "<h2>Round verdict:" in out.read_text(encoding="utf-8")


def test_report_of_an_unknown_session_is_a_clear_error(capsys) -> None:
    result = run_cli(capsys, "report", "999")
    assert result.returncode == 2
    assert "no interview session 999" in result.stderr and not result.stdout
