"""The STAR story bank: pure domain tables, the service on real databases, and `sim stories`."""

import json
from pathlib import Path

import pytest
from sqlalchemy import inspect

from sim import catalog
from sim import service as answers
from sim.domain.stories import STAFF_BAR, StoryError, StoryFields
from sim.domain.types import Kind
from sim.domain.verdict import quote_in_answer
from sim.storage.db import make_engine
from sim.storage.migrations import LATEST, current_version
from sim.stories import service as stories
from sim.stories.checks import numbers_in, rewrite_suggestions, story_checks
from sim.stories.coverage import (
    OVERUSE_LIMIT,
    coverage_matrix,
    fit,
    rank_stories,
    word_weights,
)
from sim.stories.markdown import export_markdown, parse_markdown
from sim.stories.rehearsal import compare
from sim.stories.text import field_of, speaking_seconds, story_answer, timing_note
from tests.cli_run import CliResult, run_cli
from tests.conftest import BrokenGrader

ROOT = Path(__file__).resolve().parent.parent

STRONG = StoryFields(
    title="Cutting the Kubernetes bill by a third",
    situation=(
        "In 2023 our cloud bill for the shared Kubernetes platform grew 40% in two quarters while "
        "traffic grew 8%. Twelve product teams ran services on it and finance asked engineering "
        "leadership for a plan within a month."
    ),
    task=(
        "I was the Staff engineer on the platform team and I owned the cost plan. Nobody had "
        "authority over the product teams' resource requests, so the hard part was getting "
        "twelve teams to change without a mandate."
    ),
    action=(
        "First I built a per-team cost dashboard from the billing export, because the teams had "
        "never seen what their services cost. I wrote a design doc proposing right-sizing, spot "
        "node pools for stateless workloads and autoscaling limits, and I chose spot over "
        "reserved instances for batch jobs because the jobs could retry. I ran a pilot with the "
        "search team, who were sceptical, and used their data in one-on-ones with the other tech "
        "leads. I paired with two teams on the migration and wrote a codemod that set requests "
        "from 30 days of usage. When the payments team objected to spot nodes, I changed the "
        "proposal so latency-critical services stayed on on-demand nodes. I also weighed a "
        "chargeback model instead of showbacks, but chose showback first because chargeback "
        "needed a finance process that would have taken a year, and I told the VP of engineering "
        "that trade-off in writing. I set up a monthly review with the tech leads where each "
        "team saw its trend, and I escalated only once, when a team's idle GPU cluster cost $30k "
        "a month."
    ),
    result=(
        "Within two quarters eleven of the twelve teams adopted the new defaults. The monthly "
        "bill dropped 34%, from $410k to $270k, with no change in p99 latency, and the dashboard "
        "became part of the quarterly review across the organization."
    ),
    lesson=(
        "I learned to start with data the teams can see about themselves; next time I would "
        "bring finance into the first workshop instead of the last."
    ),
    metrics="$140k per month saved; 11 of 12 teams migrated",
    role="Staff engineer, platform team",
    dates="2023-03 to 2023-09",
    tags=["cost-reduction", "influence-without-authority", "cross-team-collaboration"],
)

WEAK = StoryFields(
    title="Database migration",
    situation="We had an old database that was slow and the team wanted to move.",
    task="We needed to migrate it to something newer.",
    action=(
        "We planned the migration and we moved the data over a weekend. Our team tested it and "
        "we switched the traffic."
    ),
    result="It went well and everyone was happy with it.",
    tags=["migration"],
)


def _checks(story):
    return story_checks(story, catalog.signal_cues(), catalog.lexicon())


def _record(fields: StoryFields, story_id: int):
    from datetime import UTC, datetime

    from sim.domain.stories import StoryRecord

    now = datetime.now(UTC)
    return StoryRecord(id=story_id, created_at=now, updated_at=now, **fields.model_dump())


# ---------------------------------------------------------------- model and text


def test_content_key_ignores_case_and_spacing_but_not_words() -> None:
    same = STRONG.model_copy(update={"title": "  cutting the KUBERNETES bill  by a third "})
    assert StoryFields.model_validate(same.model_dump()).content_key() == STRONG.content_key()
    changed = STRONG.model_copy(update={"result": STRONG.result.replace("34%", "35%")})
    assert changed.content_key() != STRONG.content_key()
    # Metadata is not part of the narrative: re-tagging keeps the story's identity.
    assert STRONG.model_copy(update={"tags": []}).content_key() == STRONG.content_key()


def test_fields_are_normalised_on_the_way_in() -> None:
    story = StoryFields(
        title=" A\n title ", situation="\r\n line one\r\nline two \n", tags="Migration, ,migration"
    )
    assert story.title == "A title"
    assert story.situation == "line one\nline two"
    assert story.tags == ["migration"]
    with pytest.raises(ValueError):
        StoryFields(title="   ")


def test_story_answer_keeps_every_field_verbatim_in_telling_order() -> None:
    text = story_answer(STRONG)
    positions = [
        text.index(getattr(STRONG, f))
        for f in ("situation", "task", "action", "result", "metrics", "lesson")
    ]
    assert positions == sorted(positions)
    assert text.startswith("Situation: In 2023")
    assert "\n\nI learned to start" in text  # the lesson carries no label to earn credit from
    assert "Task:" not in story_answer(StoryFields(title="t", situation="Only context here."))


@pytest.mark.parametrize(
    ("words", "seconds", "verdict"),
    [
        (140, 60, "under"),
        (279, 120, "within"),
        (280, 120, "within"),
        (420, 180, "within"),
        (425, 182, "over"),
    ],
)
def test_speaking_time_at_140_words_a_minute(words: int, seconds: int, verdict: str) -> None:
    assert speaking_seconds(words) == seconds
    assert f"{verdict} the 2-3 min target" in timing_note(words)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("p99 latency improved a lot", []),
        ("the bill dropped 34%, from $410k to $270k.", ["34%", "$410k", "$270k"]),
        ("in 2023 we shipped", []),
        ("11 of 12 teams, 3x faster", ["11", "12", "3x"]),
    ],
)
def test_numbers_in_results(text: str, found: list[str]) -> None:
    assert numbers_in(text) == found


# ---------------------------------------------------------------- checks and rewrites


def test_checks_of_a_strong_and_a_weak_story() -> None:
    strong, weak = _checks(STRONG), _checks(WEAK)
    assert strong.star_complete and weak.star_complete
    assert strong.action_i_share == 1.0 and weak.action_i_share == 0.0
    assert strong.quantified and not weak.quantified
    assert "34%" in strong.numbers
    assert "vp" in strong.scope and any("teams" in s for s in strong.scope) and not weak.scope
    assert "design doc" in strong.influence and not weak.influence
    assert strong.reflection and not weak.reflection
    assert 120 <= strong.speaking_s <= 180 and weak.speaking_s < 60


def test_weak_story_gets_concrete_rewrites_naming_its_fields() -> None:
    tips = rewrite_suggestions(WEAK, _checks(WEAK))
    joined = "\n".join(tips)
    assert "Result has no number" in joined
    assert "Action is told as 'we' (0% 'I')" in joined
    assert "“We planned the migration and we moved the data over a weekend.”" in joined
    assert "No cross-team scope" in joined
    assert "No reflection" in joined
    assert rewrite_suggestions(STRONG, _checks(STRONG)) == []


def test_missing_parts_are_named() -> None:
    story = StoryFields(title="Half a story", situation="A long context " * 5, action="I did it.")
    tips = rewrite_suggestions(story, _checks(story))
    assert any(t.startswith("Task is missing") for t in tips)
    assert any(t.startswith("Result is missing") for t in tips)
    assert any(t.startswith("Action is missing") for t in tips)
    assert not _checks(story).star_complete


# ---------------------------------------------------------------- coverage and best fit


def test_best_fit_prefers_tags_then_words(bank) -> None:
    comps = bank.competencies
    question = bank.get("bh-war-story-cost-reduction")
    strong, weak = _record(STRONG, 1), _record(WEAK, 2)
    untagged = _record(STRONG.model_copy(update={"title": "Same, untagged", "tags": []}), 3)
    weights = word_weights(bank.of_kind(Kind.BEHAVIORAL), comps)
    ranked = rank_stories(question, [weak, untagged, strong], comps, weights)
    assert ranked[0].story_id == 1  # the tagged story first
    assert 2 not in [f.story_id for f in ranked]  # the weak migration story does not fit at all
    best = fit(strong, question, comps, weights)
    assert best.shared_tags == ["cost-reduction", "cross-team-collaboration"]
    same = fit(untagged, question, comps, weights)
    assert same.shared_tags == [] and same.score < best.score
    # Without tags, distinctive words still find it: they point at cost questions, not mentoring.
    assert {"bill", "dashboard"} <= set(same.shared_words)
    by_words = sorted(
        bank.of_kind(Kind.BEHAVIORAL),
        key=lambda q: -fit(untagged, q, comps, weights).word_share,
    )
    assert "cost-reduction" in by_words[0].competencies, by_words[0].id
    assert fit(untagged, by_words[0], comps, weights).candidate
    mentoring = fit(untagged, bank.get("bh-mentoring-junior-engineer"), comps, weights)
    assert not mentoring.candidate and mentoring.word_share < same.word_share
    # Words every behavioral question uses weigh nothing.
    assert weights["learn"] < weights["bill"]


def _grade_of(fields: StoryFields, record_id: int, story_id: int, question_id: str = ""):
    from datetime import UTC, datetime

    from sim.domain.stories import StoryGradeRecord

    request = stories.grade_request(fields, question_id)
    verdict, feedback = answers.judge(request, answers.grader_for("offline"), catalog.rubric())
    return StoryGradeRecord(
        id=record_id,
        story_id=story_id,
        question_id=question_id,
        question=request.question,
        grader="offline",
        model=verdict.model,
        rubric_version="x",
        content_key=fields.content_key(),
        overall=feedback.overall,
        signal=feedback.signal,
        feedback=feedback,
        verdict=verdict,
        checks=_checks(fields),
        suggestions=[],
        created_at=datetime.now(UTC),
    )


def test_matrix_picks_overuse_and_the_capped_milestone(bank) -> None:
    questions = bank.of_kind(Kind.BEHAVIORAL)
    strong, weak = _record(STRONG, 1), _record(WEAK, 2)
    grades = [_grade_of(STRONG, 1, 1)]
    assert grades[0].overall >= STAFF_BAR
    matrix = coverage_matrix(questions, bank.competencies, [strong, weak], grades)
    rows = {r.question_id: r for r in matrix.questions}
    assert rows["bh-war-story-cost-reduction"].story_id == 1
    assert rows["bh-war-story-cost-reduction"].how == "suggested"
    assert rows["bh-war-story-migration"].story_id in (1, 2)
    assert rows["bh-mentoring-junior-engineer"].story_id is None
    assert matrix.usage[1] > OVERUSE_LIMIT and matrix.overused == [1]
    # One Staff-level story counts for at most OVERUSE_LIMIT questions toward the milestone.
    assert sum(r.staff for r in matrix.questions) == matrix.usage[1]
    assert matrix.staff_covered == OVERUSE_LIMIT and not matrix.milestone_reached
    by_comp = {c.competency: c for c in matrix.competencies}
    assert by_comp["migration"].stories == [2] and by_comp["mentoring"].stories == []
    assert "mentoring" in [c.competency for c in matrix.uncovered_competencies]

    # A pick (graded or rehearsed against the question) beats the suggestion.
    picked = coverage_matrix(
        questions, bank.competencies, [strong, weak], grades, {"bh-war-story-cost-reduction": 2}
    )
    row = next(r for r in picked.questions if r.question_id == "bh-war-story-cost-reduction")
    assert (row.story_id, row.how, row.staff) == (2, "picked", False)


def test_a_grade_of_an_edited_story_does_not_count(bank) -> None:
    grades = [_grade_of(STRONG, 1, 1)]
    edited = _record(STRONG.model_copy(update={"result": "It went fine."}), 1)
    matrix = coverage_matrix(bank.of_kind(Kind.BEHAVIORAL), bank.competencies, [edited], grades)
    assert matrix.staff_covered == 0
    assert all(r.signal == "" for r in matrix.questions)


# ---------------------------------------------------------------- rehearsal diff


def test_told_as_written_drops_nothing() -> None:
    told = "\n".join(p for p in story_answer(STRONG).split("\n\n"))
    told = told.replace("Situation: ", "").replace("Task: ", "")
    told = told.replace("Action: ", "").replace("Result: ", "")
    diff = compare(STRONG, told)
    assert diff.dropped == [] and diff.added == [] and diff.dropped_numbers == []
    assert diff.kept_share == 1.0


def test_dropped_added_reworded_and_lost_numbers() -> None:
    told = " ".join(
        [
            STRONG.situation,
            STRONG.task,
            "First I built a cost dashboard per team from the billing export, because the teams "
            "had never seen what their services cost.",
            "Honestly it was the hardest year of my career.",
            STRONG.lesson,
        ]
    )
    diff = compare(STRONG, told)
    assert [p for p in diff.dropped_parts] == ["result", "metrics"]
    assert {d.field for d in diff.dropped} >= {"action", "result", "metrics"}
    assert diff.added == ["Honestly it was the hardest year of my career."]
    assert len(diff.reworded) == 1 and diff.reworded[0][0].startswith("First I built")
    assert {"34%", "$410k", "$140k"} <= set(diff.dropped_numbers)
    assert "40%" not in diff.dropped_numbers  # said in the situation
    assert 0 < diff.kept_share < 0.5


# ---------------------------------------------------------------- markdown


TRICKY = StoryFields(
    title="# Not a heading: ünïcode & `code`",
    situation="## looks like a title\n### Situation\n\\ a backslash line\n\n  indented line",
    task="- Dates: not metadata\n- Role: nor this",
    action="Line one.\n\n\nLine four after two blank lines.",
    result="",
    lesson="<!-- not a comment -->",
    metrics="",
    role="Role with: colon",
    dates="",
    tags=["mentoring"],
)


def test_markdown_round_trip_is_exact() -> None:
    text = export_markdown([STRONG, WEAK, TRICKY])
    parsed = parse_markdown(text)
    assert parsed == [STRONG, WEAK, TRICKY]
    assert export_markdown(parsed) == text
    assert "\\## looks like a title" in text  # user text never opens a heading


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("## A\n### Situations\ntext", "line 2: unknown section 'Situations'"),
        ("## A\nsome stray text", "line 2: expected '- Dates:'"),
        ("### Task\ntext", "line 1: a section before the first '## ' story title"),
        ("## A\n### Task\nx\n### Task\ny", "line 4: section 'Task' given twice"),
        ("## A\n- Role: a\n- Role: b", "line 3: 'Role' given twice"),
        ("## \n### Task\nx", "story at line 1: title"),
    ],
)
def test_markdown_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(StoryError, match=message.replace("(", r"\(")):
        parse_markdown(text)


# ---------------------------------------------------------------- service on real databases


def test_story_tables_are_created_by_the_migration(engine) -> None:
    assert current_version(engine) == LATEST
    assert {"story", "story_grade", "story_rehearsal"} <= set(inspect(engine).get_table_names())


def test_save_grade_and_export_import_round_trip(engine, tmp_path) -> None:
    strong = stories.save_story(engine, STRONG)
    weak = stories.save_story(engine, WEAK)
    assert strong.fields_only() == STRONG and strong.created_at.tzinfo is not None
    grade = stories.grade_story(engine, strong.id, answers.grader_for("offline"))
    assert grade.staff_level and grade.question_id == "" and grade.grader == "offline"
    assert grade.question.startswith("Tell me about a time you showed cost reduction")
    stored = stories.grades(engine, strong.id)
    assert [g.id for g in stored] == [grade.id]
    assert stored[0].feedback == grade.feedback and stored[0].checks == grade.checks

    text = stories.export_markdown(engine)
    fresh = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    report = stories.import_markdown(fresh, text)
    assert [s.fields_only() for s in report.imported] == [STRONG, WEAK]
    assert stories.export_markdown(fresh) == text  # lossless
    again = stories.import_markdown(engine, text)
    assert again.imported == [] and again.skipped == [STRONG.title, WEAK.title]
    assert [s.id for s in stories.list_stories(engine)] == [strong.id, weak.id]


def test_grades_quote_the_story_verbatim_and_name_the_field(sqlite_engine) -> None:
    story = stories.save_story(sqlite_engine, WEAK)
    grade = stories.grade_story(
        sqlite_engine, story.id, answers.grader_for("offline"), "bh-war-story-migration"
    )
    assert grade.question_id == "bh-war-story-migration"
    assert grade.question == catalog.bank().get("bh-war-story-migration").prompt
    assert not grade.staff_level
    text = story_answer(WEAK)
    quotes = [q for d in grade.feedback.dimensions for q in d.evidence]
    assert quotes and all(quote_in_answer(q, text) for q in quotes)
    assert all(field_of(WEAK, q) in {"situation", "task", "action", "result"} for q in quotes)
    assert any("Result has no number" in s for s in grade.suggestions)
    # The grader's own improvements follow the story's rewrites.
    assert any(s in grade.suggestions for s in grade.feedback.improvements)


def test_errors_are_story_errors(sqlite_engine) -> None:
    with pytest.raises(StoryError, match="unknown competency 'no-such-skill'"):
        stories.save_story(sqlite_engine, WEAK.model_copy(update={"tags": ["no-such-skill"]}))
    saved = stories.save_story(sqlite_engine, WEAK)
    with pytest.raises(StoryError, match="already in the bank"):
        stories.save_story(sqlite_engine, WEAK.model_copy(update={"role": "other role"}))
    with pytest.raises(StoryError, match="no story #999"):
        stories.grade_story(sqlite_engine, 999, answers.grader_for("offline"))
    with pytest.raises(StoryError, match="unknown question id 'nope'"):
        stories.grade_story(sqlite_engine, saved.id, answers.grader_for("offline"), "nope")
    bad = export_markdown([STRONG.model_copy(update={"tags": ["bogus"]}), TRICKY])
    with pytest.raises(StoryError, match="bogus"):
        stories.import_markdown(sqlite_engine, bad)
    assert [s.title for s in stories.list_stories(sqlite_engine)] == [WEAK.title]  # atomic


def test_a_failing_grader_keeps_the_story(sqlite_engine) -> None:
    story = stories.save_story(sqlite_engine, STRONG)
    with pytest.raises(stories.StoryGradingFailed, match="timed out"):
        stories.grade_story(sqlite_engine, story.id, BrokenGrader())
    assert stories.get_story(sqlite_engine, story.id).fields_only() == STRONG
    assert stories.grades(sqlite_engine) == []


def test_a_grader_cannot_invent_evidence(sqlite_engine) -> None:
    """Any grader (the LLM one too) goes through the same verdict check: a quote that is not in
    the story is dropped, and a level resting only on it is not judged."""
    from sim.domain.types import Dimension
    from sim.domain.verdict import DimensionVerdict, Verdict

    real = "I owned the cost plan."

    class InventingGrader:
        name = "llm"

        def assess(self, request):
            assert request.kind is Kind.BEHAVIORAL and real in request.answer
            return Verdict(
                grader="llm",
                model="fake-model",
                dimensions=[
                    DimensionVerdict(dimension=Dimension.CLARITY, evidence=[real], level=3),
                    DimensionVerdict(
                        dimension=Dimension.DEPTH,
                        evidence=["I saved the company $9 billion."],
                        level=4,
                    ),
                    DimensionVerdict(dimension=Dimension.PRAGMATISM, evidence=[real], level=3),
                    DimensionVerdict(dimension=Dimension.OWNERSHIP, evidence=[real], level=4),
                ],
            )

        def follow_up(self, request, verdict):
            return None

    story = stories.save_story(
        sqlite_engine, STRONG.model_copy(update={"task": "I owned the cost plan. " + STRONG.task})
    )
    grade = stories.grade_story(sqlite_engine, story.id, InventingGrader())
    depth = next(d for d in grade.feedback.dimensions if d.dimension is Dimension.DEPTH)
    assert depth.level is None and depth.evidence == []
    assert depth.dropped_evidence == ["I saved the company $9 billion."]
    assert grade.overall == round((3 + 3 + 4) / 3, 2) and grade.model == "fake-model"
    assert any("not found in the answer" in p for p in grade.feedback.problems)


def test_rehearsal_and_question_grades_become_picks(sqlite_engine) -> None:
    strong = stories.save_story(sqlite_engine, STRONG)
    weak = stories.save_story(sqlite_engine, WEAK)
    record, diff = stories.rehearse(
        sqlite_engine, weak.id, "bh-war-story-cost-reduction", WEAK.situation, elapsed_s=95
    )
    assert record.written == story_answer(WEAK) and record.elapsed_s == 95
    assert diff.dropped_parts == ["task", "action", "result"]
    assert stories.picks(sqlite_engine) == {"bh-war-story-cost-reduction": weak.id}
    stories.grade_story(
        sqlite_engine, strong.id, answers.grader_for("offline"), "bh-war-story-cost-reduction"
    )
    assert stories.picks(sqlite_engine) == {"bh-war-story-cost-reduction": strong.id}
    with pytest.raises(StoryError, match="nothing was told"):
        stories.rehearse(sqlite_engine, weak.id, "", "   ")
    assert stories.delete_story(sqlite_engine, weak.id)
    assert stories.rehearsals(sqlite_engine) == [] and stories.picks(sqlite_engine) == {
        "bh-war-story-cost-reduction": strong.id
    }


def test_updating_a_story_marks_its_grade_stale(sqlite_engine) -> None:
    story = stories.save_story(sqlite_engine, STRONG)
    stories.grade_story(sqlite_engine, story.id, answers.grader_for("offline"))
    assert stories.coverage(sqlite_engine).staff_covered == OVERUSE_LIMIT
    edited = STRONG.model_copy(update={"result": "It went fine."})
    updated = stories.save_story(sqlite_engine, edited, story.id)
    assert updated.id == story.id and updated.result == "It went fine."
    assert stories.coverage(sqlite_engine).staff_covered == 0


# ---------------------------------------------------------------- the CLI


@pytest.fixture
def sim(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """`sim stories ARGS` in this process, its data in `data` (tests/cli_run.py)."""

    def run(*args: str, data: Path, stdin: str | None = None) -> CliResult:
        monkeypatch.setenv("SIM_DATA_DIR", str(data))
        return run_cli(capsys, "stories", *args, stdin=stdin, monkeypatch=monkeypatch)

    return run


def test_cli_import_list_grade_export(tmp_path: Path, sim) -> None:
    source = tmp_path / "stories.md"
    source.write_text(export_markdown([STRONG, WEAK]), encoding="utf-8")
    data = tmp_path / "data"
    first = sim("import", str(source), data=data)
    assert first.returncode == 0, first.stderr
    assert "imported 2 stories, skipped 0" in first.stdout
    again = sim("import", str(source), "--json", data=data)
    assert json.loads(again.stdout) == {"imported": [], "skipped": [STRONG.title, WEAK.title]}

    listed = json.loads(sim("list", "--json", data=data).stdout)
    assert [(r["id"], r["title"], r["signal"]) for r in listed] == [
        (1, STRONG.title, ""),
        (2, WEAK.title, ""),
    ]
    graded = sim("grade", "1", "--grader", "offline", "--json", data=data)
    assert graded.returncode == 0, graded.stderr
    grade = json.loads(graded.stdout)
    assert grade["staff_level"] is True and grade["overall"] >= STAFF_BAR
    answer = story_answer(STRONG)
    for dim in grade["feedback"]["dimensions"]:
        assert all(quote in answer for quote in dim["evidence"])
    text_grade = sim("grade", "2", "--question", "bh-war-story-migration", data=data)
    assert text_grade.returncode == 0, text_grade.stderr
    assert "against bh-war-story-migration" in text_grade.stdout
    assert "Result has no number" in text_grade.stdout
    listed = json.loads(sim("list", "--json", data=data).stdout)
    assert listed[0]["signal"] == grade["signal"] and listed[1]["signal"]

    exported = sim("export", "-o", str(tmp_path / "out.md"), data=data)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert sim("export", data=data).stdout == source.read_text(encoding="utf-8")
    coverage = json.loads(sim("coverage", "--json", data=data).stdout)
    assert "bh-mentoring-junior-engineer" in coverage["uncovered_questions"]
    assert coverage["overused"] == [1]


def test_cli_errors_are_messages_not_tracebacks(tmp_path: Path, sim) -> None:
    data = tmp_path / "data"
    bad = tmp_path / "bad.md"
    bad.write_text("## A story\n### Outcome\ntext\n", encoding="utf-8")
    cases = [
        (sim("grade", "7", "--grader", "offline", data=data), 2, "no story #7"),
        (sim("grade", "1", "--grader", "llm", data=data), 2, "No LLM is configured"),
        (sim("grade", data=data), 2, "give a story ID or --all"),
        (sim("import", str(tmp_path / "absent.md"), data=data), 2, "cannot read"),
        (sim("import", str(bad), data=data), 2, "line 2: unknown section 'Outcome'"),
        (sim("import", "-", data=data, stdin="## X\n- Competencies: nope\n"), 2, "'nope'"),
    ]
    for result, code, message in cases:
        assert result.returncode == code, result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.stderr
    empty = sim("list", data=data)
    assert empty.returncode == 0 and "no stories yet" in empty.stdout
