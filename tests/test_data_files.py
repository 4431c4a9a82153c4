"""The shipped data files validate, and a broken file names its file, record and field."""

from pathlib import Path

import pytest

from sim import paths
from sim.domain.bank import load_bank
from sim.domain.errors import DataFileError
from sim.domain.prompts import load_prompt
from sim.domain.questions import SeedSource
from sim.domain.rubric import load_rubric
from sim.domain.types import DIMENSIONS, Kind
from tests.conftest import SHARED, need_or_skip

COMPETENCIES = paths.QUESTION_BANK_DIR / "competencies.yaml"

GOOD_QUESTION = """
topics:
  - id: rate-limiter
    title: Rate limiter
questions:
  - id: sd-test-limiter
    kind: system_design
    tracks: [system_design]
    topic: rate-limiter
    difficulty: staff
    time_limit_min: 45
    prompt: Design a distributed rate limiter for a public API.
    source: {seed: 001_cb0ca48b6d21d344.txt, section: "Phase 1 > Milestones"}
    key_points:
      - {point: Token bucket or sliding window choice, aliases: [token bucket]}
      - {point: Shared counter store such as Redis, aliases: [redis]}
      - {point: Fail open or closed when the store is down, aliases: [fail open]}
      - {point: Per-tenant limits and headers, aliases: [retry-after]}
      - {point: Multi-region consistency of counters, aliases: [multi-region]}
    follow_ups:
      - {question: "What happens when Redis is unavailable?", dimension: depth}
      - {question: "How would you roll this out safely?", dimension: pragmatism}
"""


def test_shipped_bank_validates(bank) -> None:
    assert len(bank.questions) >= 12
    kinds = {q.kind for q in bank.questions}
    assert kinds == set(Kind), "the bank must cover all three question kinds"


def test_every_question_cites_an_existing_seed_file(bank) -> None:
    seeds = {p.name for p in (SHARED / "seeds").glob("*.txt")}
    need_or_skip(bool(seeds), "../shared/seeds is absent")
    cited = {q.source.seed for q in bank.questions if isinstance(q.source, SeedSource)}
    unknown = sorted(cited - seeds)
    assert not unknown


def test_rubric_has_four_dimensions_four_levels_three_kinds(rubric) -> None:
    assert [d.id for d in rubric.dimensions] == list(DIMENSIONS)
    for dim in rubric.dimensions:
        for kind in Kind:
            assert sorted(dim.anchors[kind]) == [1, 2, 3, 4]
    assert [c.id for c in rubric.system_design_checklist] == [
        "requirements",
        "constraints",
        "failure_modes",
        "architecture",
        "tradeoffs",
        "operations",
        "security",
        "cost",
        "rollout",
    ]
    assert [p.id for p in rubric.star_parts] == ["situation", "task", "action", "result"]


def test_grading_prompt_loads_and_renders() -> None:
    prompt = load_prompt(paths.PROMPTS_DIR / "grade_answer.md")
    assert prompt.id == "grade_answer" and prompt.version
    text = prompt.render(
        rubric="R",
        reply_rule="Reply with JSON.",
        kind="system_design",
        question="Q?",
        key_points="- k",
        misconceptions="- Wrong: x. Correct: y.",
        asked="- Why?",
        answer="my answer $5 text",
        diagram=prompt.section("diagram", diagram="digraph { a -> b }"),
        room="Candidate asked: how many?",
    )
    assert "my answer $5 text" in text
    assert text.index("</answer>") < text.index("<diagram>\ndigraph { a -> b }\n</diagram>")
    # The static instructions come before anything that varies per answer (prompt caching).
    assert text.index("Staff rubric") < text.index("Q?") < text.index("my answer")
    # The room's exchanges are data in their own fence, after the answer's.
    assert text.index("</answer>") < text.index("<room>\nCandidate asked") < text.index("</room>")
    with pytest.raises(KeyError, match="answer"):
        prompt.render(
            rubric="R", reply_rule="r", kind="k", question="q", key_points="k", misconceptions="m"
        )


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_user_file_loads(tmp_path: Path) -> None:
    bank = load_bank([_write(tmp_path, GOOD_QUESTION)], COMPETENCIES)
    assert bank.get("sd-test-limiter").time_limit_s == 45 * 60


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (
            GOOD_QUESTION.replace("time_limit_min: 45", "time_limit_min: 400"),
            "question 'sd-test-limiter': field questions[0].time_limit_min",
        ),
        (
            GOOD_QUESTION.replace("dimension: depth", "dimension: charisma"),
            "question 'sd-test-limiter': field questions[0].follow_ups[0].dimension",
        ),
        (
            GOOD_QUESTION.replace(
                "    difficulty: staff\n", "    difficulty: staff\n    difficuly: x\n"
            ),
            "question 'sd-test-limiter': field questions[0].difficuly: Extra inputs",
        ),
        (
            GOOD_QUESTION.replace(
                "topic: rate-limiter\n    difficulty", "topic: nope\n    difficulty"
            ),
            "question 'sd-test-limiter': field questions[0].topic: unknown topic 'nope'",
        ),
        (
            GOOD_QUESTION.replace(
                "      - {point: Multi-region consistency of counters, aliases: [multi-region]}\n",
                "",
            ),
            "question 'sd-test-limiter': field questions[0].key_points",
        ),
        ("questions: [\n", "line 2, column 1: invalid YAML"),
    ],
)
def test_a_broken_file_names_file_question_and_field(
    tmp_path: Path, broken: str, expected: str
) -> None:
    path = _write(tmp_path, broken)
    with pytest.raises(DataFileError) as info:
        load_bank([path], COMPETENCIES)
    message = str(info.value)
    assert str(path) in message
    assert expected in message


def test_duplicate_ids_across_files_are_rejected(tmp_path: Path) -> None:
    first = _write(tmp_path, GOOD_QUESTION)
    second = tmp_path / "other.yaml"
    second.write_text(GOOD_QUESTION, encoding="utf-8")
    with pytest.raises(DataFileError, match="duplicate id"):
        load_bank([first, second], COMPETENCIES)


def test_broken_rubric_names_the_field(tmp_path: Path) -> None:
    text = (paths.RUBRICS_DIR / "staff.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "staff.yaml"
    broken.write_text(text.replace("min_judged_dimensions: 3", "min_judged_dimensions: 9"), "utf-8")
    with pytest.raises(DataFileError, match="field min_judged_dimensions"):
        load_rubric(broken)
