"""The whiteboard through storage, the grader and the command line: saved with the draft and
the answer, its components and data flows counted and cited, silent components pointed out."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect

from sim import drafts, service, session_reports, sessions
from sim.domain.diagram import parse
from sim.domain.verdict import DimensionVerdict, Verdict, check_verdict
from sim.graders.offline import OfflineGrader
from sim.storage import repo
from tests.cli_run import CliResult, run_cli

ROOT = Path(__file__).resolve().parent.parent
ANSWER_FILE = ROOT / "tests" / "data" / "answers" / "url_shortener.txt"
DIAGRAM_FILE = ROOT / "tests" / "data" / "diagrams" / "url_shortener.dot"
ANSWER = ANSWER_FILE.read_text()
DIAGRAM = DIAGRAM_FILE.read_text()


def _request(bank, diagram: str = DIAGRAM, answer: str = ANSWER):
    return service.request_for(bank.get("sd-url-shortener"), answer, diagram=diagram)


# --- storage --------------------------------------------------------------------------------------


def test_the_diagram_is_saved_with_the_draft_and_kept_on_submit(engine, bank) -> None:
    question = bank.get("sd-url-shortener")
    now = datetime.now(UTC)
    draft = drafts.open_practice_draft(engine, question, "", now, now, diagram="digraph { a }")
    assert repo.get_attempt(engine, draft.id).diagram == "digraph { a }"
    assert drafts.save_draft(engine, draft, "Requirements first.", now, diagram=DIAGRAM)
    assert drafts.save_draft(engine, draft, "Requirements first, then the API.", now)
    assert repo.get_attempt(engine, draft.id).diagram == DIAGRAM  # None keeps the stored one
    outcome = service.grade_answer(engine, question, ANSWER, submission_key=draft.submission_key)
    stored = repo.get_attempt(engine, draft.id)
    assert stored.diagram == DIAGRAM and stored.status == "graded"
    assert outcome.to_json_dict()["diagram"]["edges"][0] == {
        "src": "client",
        "dst": "lb",
        "label": "",
    }
    again = service.regrade(engine, draft.id, service.default_grader())
    assert again.diagram == DIAGRAM and "edge: Shortener API -> Redis cache" in json.dumps(
        again.to_json_dict()["diagram"]["evidence"]
    )


def test_an_emptied_diagram_is_stored_as_none(engine, bank) -> None:
    question = bank.get("sd-url-shortener")
    now = datetime.now(UTC)
    draft = drafts.open_practice_draft(engine, question, "Text.", now, now, diagram=DIAGRAM)
    assert drafts.save_draft(engine, draft, "Text.", now, diagram="")
    assert repo.get_attempt(engine, draft.id).diagram is None


def test_an_interview_answer_keeps_its_diagram_at_time_out(engine) -> None:
    from datetime import timedelta

    session_id = sessions.start_session(engine, question_id="sd-url-shortener")
    attempt = sessions.state(engine, session_id).attempt
    drafts.save_draft(engine, attempt, "Requirements first.", attempt.started_at, DIAGRAM)
    zero = attempt.started_at + timedelta(seconds=attempt.time_limit_s)
    sessions.submit(engine, attempt, ANSWER, zero, "offline")
    assert service.get_attempt(engine, attempt.id).diagram == DIAGRAM
    assert (
        session_reports.report(engine, session_id).items[0].diagram == DIAGRAM
    )  # shown in the report


def test_a_migrated_database_has_the_diagram_column(engine) -> None:
    assert "diagram" in {c["name"] for c in inspect(engine).get_columns("attempt")}


# --- the offline grader ---------------------------------------------------------------------------


def test_components_and_flows_count_toward_architecture_and_clarity(bank, rubric) -> None:
    from dataclasses import replace

    grader = OfflineGrader(rubric)
    # A question without key points: only the whiteboard can show the answer's architecture.
    bare = (
        "Requirements first: 100 million new links a month, reads outnumber writes 100 to 1. "
        "The Shortener API answers redirects from the Redis cache and falls back to Postgres on "
        "a miss, because the cache hit rate keeps p99 under 20 ms. Clicks go to Click analytics "
        "as events. The Client reaches the API through a Load balancer."
    )
    free = replace(_request(bank, answer=bare), key_points=(), question_id="")
    without = grader.assess(replace(free, diagram=""))
    drawn = grader.assess(free)
    assert without.checklist["architecture"] is False
    assert drawn.checklist["architecture"] is True
    clarity = {d.dimension.value: d for d in drawn.dimensions}["clarity"]
    assert any(q.startswith("edge: ") for q in clarity.evidence)
    # The diagram quote survives the verdict checker (checked against the diagram).
    checked = check_verdict(drawn, bare, parse(DIAGRAM)).by_dimension()
    assert any(q.startswith("edge: ") for q in checked[clarity.dimension].evidence)


def test_no_diagram_grades_exactly_as_before(bank, rubric) -> None:
    grader = OfflineGrader(rubric)
    plain = grader.assess(_request(bank, diagram=""))
    blank = grader.assess(_request(bank, diagram="  \n"))
    assert plain == blank
    assert not any(n.startswith("The diagram") for n in plain.notes)


def test_components_the_text_never_explains_are_pointed_out(bank, rubric) -> None:
    verdict = OfflineGrader(rubric).assess(_request(bank))
    note = next(n for n in verdict.notes if n.startswith("The diagram shows"))
    assert "“Postgres”" in note and "“Load balancer”" in note
    assert "Redis cache" not in note  # the answer explains its read-through Redis cache
    assert note.endswith("but the answer never explains them.")


def test_a_diagram_that_does_not_parse_is_not_counted_and_says_where(bank, rubric) -> None:
    broken = "digraph {\n  api -> cache\n  api ->\n}"
    verdict = OfflineGrader(rubric).assess(_request(bank, diagram=broken))
    note = next(n for n in verdict.notes if n.startswith("The diagram does not parse"))
    assert "line 4, column 1" in note and "not counted" in note
    assert not any(q.startswith("edge: ") for d in verdict.dimensions for q in d.evidence)


def test_the_verdict_checker_drops_diagram_quotes_the_diagram_does_not_have(bank) -> None:
    verdict = Verdict(
        grader="test",
        dimensions=[
            DimensionVerdict(
                dimension="clarity",
                evidence=["edge: Shortener API -> Redis cache", "node: Kafka", "edge: db -> api"],
                reason="r",
                level=3,
            )
        ],
    )
    checked = check_verdict(verdict, ANSWER, parse(DIAGRAM)).by_dimension()
    clarity = next(iter(checked.values()))
    assert clarity.evidence == ["edge: Shortener API -> Redis cache"]
    assert clarity.dropped_evidence == ["node: Kafka", "edge: db -> api"]
    # Without the diagram a diagram quote is checked against the answer, and fails.
    alone = check_verdict(verdict, ANSWER).by_dimension()
    assert next(iter(alone.values())).evidence == []


# --- the command line -----------------------------------------------------------------------------


@pytest.fixture
def sim(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """`sim ARGS` in this process, with its data in `data_dir`."""

    def run(*args: str, data_dir: Path) -> CliResult:
        monkeypatch.setenv("SIM_DATA_DIR", str(data_dir))
        return run_cli(capsys, *args)

    return run


def test_sim_grade_with_a_diagram_prints_its_nodes_edges_and_evidence(tmp_path: Path, sim) -> None:
    args = ["grade", "sd-url-shortener", str(ANSWER_FILE), "--diagram", str(DIAGRAM_FILE)]
    result = sim(*args, "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    diagram = data["diagram"]
    assert [n["label"] for n in diagram["nodes"]][:3] == [
        "Client",
        "Load balancer",
        "Shortener API",
    ]
    assert {"src": "api", "dst": "cache", "label": "lookup"} in diagram["edges"]
    assert diagram["problems"] == []
    assert diagram["evidence"] and all(q.startswith("edge: ") for q in diagram["evidence"])
    assert data["checklist"]["architecture"] is True
    assert any("never explains" in n for n in data["notes"])
    from sim.storage.db import make_engine

    stored = repo.get_attempt(make_engine(f"sqlite:///{tmp_path / 'sim.db'}"), data["attempt_id"])
    assert stored.diagram == DIAGRAM


def test_sim_grade_names_a_bad_diagram_line_and_an_unreadable_file(tmp_path: Path, sim) -> None:
    bad = tmp_path / "bad.dot"
    bad.write_text("digraph {\n  a -> b\n  b ->\n}\n")
    args = ["grade", "sd-url-shortener", str(ANSWER_FILE), "--json", "--no-save"]
    result = sim(*args, "--diagram", str(bad), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"diagram file {bad}: line 4, column 1" in result.stderr
    problem = json.loads(result.stdout)["diagram"]["problems"][0]
    assert (problem["line"], problem["column"]) == (4, 1)
    missing = sim(*args, "--diagram", str(tmp_path / "absent.dot"), data_dir=tmp_path)
    assert missing.returncode == 2 and "cannot read diagram file" in missing.stderr
    assert "Traceback" not in result.stderr + missing.stderr
