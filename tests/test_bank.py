"""The full question bank: minimums from the issue, formats, and seed coverage."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from sim import catalog, paths
from sim.bank_stats import bank_stats
from sim.domain.coverage import load_coverage
from sim.domain.errors import DataFileError
from sim.domain.formats import (
    draw_practice_question,
    draw_questions,
    load_formats,
    redraw_question,
)
from sim.domain.questions import SeedSource
from sim.domain.types import Kind, Track
from tests.cli_run import run_cli
from tests.conftest import SHARED, need_or_skip

ROOT = Path(__file__).resolve().parent.parent

MINIMUMS_BY_KIND = {"system_design": 30, "behavioral": 40}
MINIMUMS_BY_TRACK = {
    "azure": 40,
    "aws": 25,
    "sre_devops": 25,
    "architecture": 25,
    "python_azure": 15,
}


@pytest.fixture(scope="module")
def stats() -> dict:
    return bank_stats()


def test_bank_meets_the_size_and_mix_minimums(stats) -> None:
    assert stats["total"] >= 200
    for kind, minimum in MINIMUMS_BY_KIND.items():
        assert stats["by_kind"].get(kind, 0) >= minimum, kind
    for track, minimum in MINIMUMS_BY_TRACK.items():
        assert stats["by_track"].get(track, 0) >= minimum, track
    assert stats["min_key_points"] >= 5
    assert stats["min_follow_ups"] >= 2
    assert stats["uncovered_seed_items"] == []


def test_every_question_is_complete(bank) -> None:
    for q in bank.questions:
        assert len(q.key_points) >= 5, q.id
        assert all(kp.aliases for kp in q.key_points), q.id
        assert len(q.follow_ups) >= 2, q.id
        if q.kind is Kind.BEHAVIORAL:
            assert q.competencies, q.id
            # A project deep dive is a whole round (45-60 minutes) or a drill into one part of it.
            limit = 60 if "project-deep-dive" in q.tags else 10
            assert q.time_limit_min <= limit, q.id
        if q.kind is Kind.SYSTEM_DESIGN:
            assert q.time_limit_min >= 30, q.id


def test_follow_ups_probe_more_than_one_dimension(bank) -> None:
    dims = Counter(f.dimension for q in bank.questions for f in q.follow_ups)
    assert len(dims) == 4 and min(dims.values()) >= 20


def test_section_headings_exist_in_their_seed(bank) -> None:
    seeds_dir = SHARED / "seeds"
    need_or_skip(seeds_dir.is_dir(), "../shared/seeds is absent")

    def simplify(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()

    seed_text = {
        p.name: simplify(p.read_text(encoding="utf-8", errors="replace"))
        for p in seeds_dir.glob("*.txt")
    }
    missing = []
    for q in bank.questions:
        if not isinstance(q.source, SeedSource):
            continue  # an industry source names where loops ask it, not a seed heading
        first_heading = q.source.section.split(" > ")[0]
        if simplify(first_heading) not in seed_text[q.source.seed]:
            missing.append(f"{q.id}: {q.source.section!r}")
    assert not missing, missing[:10]


def test_formats_draw_as_declared(bank) -> None:
    formats = {f.id: f for f in load_formats(paths.QUESTION_BANK_DIR / "formats.yaml", bank)}
    assert {
        "system-design-round",
        "behavioral-round",
        "azure-deep-dive",
        "aws-drills",
        "sre-round",
        "full-loop",
    } <= set(formats)
    by_id = bank.by_id()
    loop = draw_questions(formats["full-loop"], bank, seed=7)
    assert [by_id[q].kind for q in loop] == [Kind.SYSTEM_DESIGN] * 3 + [Kind.BEHAVIORAL] * 9
    assert len(set(loop)) == 12
    assert draw_questions(formats["full-loop"], bank, seed=7) == loop  # reproducible
    azure = draw_questions(formats["azure-deep-dive"], bank, seed=1)
    assert all(Track.AZURE in by_id[q].tracks for q in azure)
    # Recently seen questions are drawn last.
    all_sd = {q.id for q in bank.of_kind(Kind.SYSTEM_DESIGN)}
    recent = all_sd - {loop[0]}
    again = draw_questions(formats["system-design-round"], bank, recent=recent, seed=3)
    assert again == [loop[0]]


def test_a_drawn_question_is_redrawn_from_its_slot_unseen_first(bank) -> None:
    formats = {f.id: f for f in load_formats(paths.QUESTION_BANK_DIR / "formats.yaml", bank)}
    loop = formats["full-loop"]  # three system-design questions, then behavioral ones
    by_id = bank.by_id()
    taken = set(draw_questions(loop, bank, seed=7))
    for position, kind in ((0, Kind.SYSTEM_DESIGN), (4, Kind.BEHAVIORAL)):
        other = redraw_question(loop, bank, position, taken=taken, seed=1)
        assert other not in taken and by_id[other].kind == kind
    behavioral = {q.id for q in bank.of_kind(Kind.BEHAVIORAL)}
    unseen = sorted(behavioral - taken)[0]
    seen = behavioral - taken - {unseen}
    assert redraw_question(loop, bank, 3, taken=taken, seen=seen, seed=5) == unseen
    assert redraw_question(loop, bank, 3, taken=behavioral, seed=5) is None  # none left
    assert redraw_question(loop, bank, 12, taken=taken) is None  # past the format's questions
    short = {q.id for q in bank.questions if q.time_limit_min == 10}
    first = draw_practice_question(bank, 10, seen=set(), seed=2)
    assert first in short
    assert draw_practice_question(bank, 10, seen=short - {first}, seed=9) == first


def test_format_that_the_bank_cannot_fill_is_rejected(bank, tmp_path) -> None:
    text = (paths.QUESTION_BANK_DIR / "formats.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "formats.yaml"
    broken.write_text(
        text.replace(
            "{count: 1, kind: system_design}",
            "{count: 10, kind: system_design, tracks: [python_azure]}",
        )
    )
    with pytest.raises(DataFileError, match="format 'system-design-round': field draw.0"):
        load_formats(broken, bank)


def test_coverage_names_only_existing_questions(bank, tmp_path) -> None:
    items = load_coverage(paths.QUESTION_BANK_DIR / "seed_coverage.yaml", bank)
    assert len(items) >= 100
    text = (paths.QUESTION_BANK_DIR / "seed_coverage.yaml").read_text(encoding="utf-8")
    first_id = items[0].questions[0]
    broken = tmp_path / "seed_coverage.yaml"
    broken.write_text(text.replace(f"{first_id}", "no-such-question", 1), encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown question id 'no-such-question'"):
        load_coverage(broken, bank)


def test_every_quoted_drill_in_the_seeds_is_in_the_coverage_file(bank) -> None:
    seeds_dir = SHARED / "seeds"
    need_or_skip(seeds_dir.is_dir(), "../shared/seeds is absent")
    items = load_coverage(paths.QUESTION_BANK_DIR / "seed_coverage.yaml", bank)

    def norm(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()

    listed = {(i.seed, norm(i.item)) for i in items}
    missing = []
    for seed in sorted(seeds_dir.glob("*.txt")):
        text = seed.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"```.*?```", "", text, flags=re.S)  # code samples are not drills
        for quoted in re.findall(r"[“\"]([^”\"\n]{12,200}?)[”\"]", text):
            if not re.search(r"[a-z] [a-z]", quoted) or quoted.strip().startswith(("...", "*")):
                continue
            if (seed.name, norm(quoted)) not in listed:
                missing.append(f"{seed.name}: {quoted}")
    assert not missing, missing


def test_cli_stats_json_and_validate(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "bank", "stats", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in (
        "total",
        "by_kind",
        "by_track",
        "min_key_points",
        "min_follow_ups",
        "uncovered_seed_items",
    ):
        assert key in data
    ok = run_cli(capsys, "bank", "validate")
    assert ok.returncode == 0 and ok.stdout.startswith("ok:")


def test_cli_validate_exits_1_with_file_id_and_field(
    tmp_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = (paths.QUESTIONS_DIR / "behavioral.yaml").read_text(encoding="utf-8")
    first_id = re.search(r"- id: (bh-\S+)", good).group(1)
    bad = tmp_path / "mine.yaml"
    bad.write_text(good.replace("difficulty: staff", "difficulty: wizard", 1), encoding="utf-8")
    (tmp_path / "copy.yaml").write_text(good, encoding="utf-8")  # every id a duplicate
    monkeypatch.setenv("SIM_USER_BANK_DIR", str(tmp_path))
    catalog.bank.cache_clear()  # this process loaded the bank without these files
    try:
        result = run_cli(capsys, "bank", "validate")
    finally:
        catalog.bank.cache_clear()
    assert result.returncode == 1
    assert str(bad) in result.stderr
    assert re.search(r"field questions\[\d+\]\.difficulty", result.stderr)
    assert "duplicate id" in result.stderr and first_id in result.stderr
