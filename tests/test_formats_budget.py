"""A format's minutes are a real budget: every draw's time limits fit it, the loops match the
seeds' mock interviews, the AWS drill round draws the seed's drills, and a format the bank cannot
fill in time (or at all, for a tag no question has yet) is refused naming file and field."""

import random
from pathlib import Path

import pytest
import yaml

from sim import paths
from sim.domain.bank import QuestionBank
from sim.domain.coverage import load_coverage
from sim.domain.errors import DataFileError
from sim.domain.formats import draw_questions, load_formats, redraw_question
from sim.domain.questions import Question
from sim.domain.types import Kind, Track

FORMATS_FILE = paths.QUESTION_BANK_DIR / "formats.yaml"
SEEDS = range(150)


@pytest.fixture(scope="module")
def formats(bank):
    return {f.id: f for f in load_formats(FORMATS_FILE, bank)}


def _minutes(bank, ids) -> int:
    by_id = bank.by_id()
    return sum(by_id[q].time_limit_min for q in ids)


def test_every_format_draws_within_its_minutes_across_many_seeds(bank, formats) -> None:
    everything = [q.id for q in bank.questions]
    for fmt in formats.values():
        for seed in SEEDS:
            # Recently seen questions change the order the draw tries; the budget holds anyway.
            recent = set(random.Random(seed).sample(everything, 80))
            drawn = draw_questions(fmt, bank, recent=recent, seed=seed)
            assert len(drawn) == fmt.question_count == len(set(drawn)), (fmt.id, seed)
            assert _minutes(bank, drawn) <= fmt.minutes, (fmt.id, seed, drawn)


def test_the_sre_round_no_longer_draws_a_design_into_45_minutes(bank, formats) -> None:
    kinds = {
        bank.get(q).kind
        for seed in SEEDS
        for q in draw_questions(formats["sre-round"], bank, seed=seed)
    }
    assert Kind.SYSTEM_DESIGN not in kinds


def test_seed_000_phase_6_three_design_and_three_behavioral_interviews(bank, formats) -> None:
    fmt = formats["full-loop"]
    assert fmt.source.seed.startswith("000_") and "Phase 6" in fmt.source.section
    kinds = [slot.kind for slot in fmt.draw]
    assert kinds == [Kind.SYSTEM_DESIGN] + [Kind.BEHAVIORAL] * 3
    assert fmt.draw[0].count == 3  # three design interviews of one question each
    assert all(slot.count >= 3 for slot in fmt.draw[1:])  # an interview, not one answer


def test_seed_001_phase_5_eight_interviews_of_three_kinds(bank, formats) -> None:
    fmt = formats["eight-mock-loop"]
    assert fmt.source.seed.startswith("001_") and "Phase 5" in fmt.source.section
    interviews = fmt.draw[0].count + len(fmt.draw) - 1  # the design slot holds three interviews
    assert interviews == 8
    drawn = draw_questions(fmt, bank, seed=11)
    assert {bank.get(q).kind for q in drawn} == set(Kind)


def test_the_aws_drill_round_draws_the_seeds_drills(bank, formats) -> None:
    items = load_coverage(paths.QUESTION_BANK_DIR / "seed_coverage.yaml", bank)
    drills = {
        q
        for item in items
        if item.seed.startswith("004_") and item.type == "drill"
        for q in item.questions
        if bank.get(q).kind is Kind.DEEP_DIVE and Track.AWS in bank.get(q).tracks
    }
    assert len(drills) == 8
    fmt = formats["aws-drills"]
    drawn = {q for seed in SEEDS for q in draw_questions(fmt, bank, seed=seed)}
    assert drawn <= drills
    assert len(drawn) >= 6  # the round varies over the drills, not the same four


def test_the_architecture_and_python_tracks_have_rounds(bank, formats) -> None:
    for fmt_id, track in (
        ("architecture-round", Track.ARCHITECTURE),
        ("python-round", Track.PYTHON_AZURE),
    ):
        drawn = draw_questions(formats[fmt_id], bank, seed=3)
        assert drawn and all(track in bank.get(q).tracks for q in drawn)


def test_a_redraw_stays_within_the_budget(bank, formats) -> None:
    fmt = formats["azure-deep-dive"]
    for seed in range(40):
        ids = draw_questions(fmt, bank, seed=seed)
        other = redraw_question(fmt, bank, 0, taken=set(ids), seed=seed, question_ids=ids)
        if other is not None:
            assert _minutes(bank, [other, *ids[1:]]) <= fmt.minutes


def _write(tmp_path: Path, fmt: dict) -> Path:
    path = tmp_path / "formats.yaml"
    path.write_text(yaml.safe_dump({"formats": [fmt]}, sort_keys=False), encoding="utf-8")
    return path


BASE = {
    "id": "tight",
    "title": "Tight",
    "description": "Too much in too little time.",
    "source": {"seed": "002_5b107f5c0d6e0edf.txt", "section": "Week 11-12"},
    "minutes": 45,
    "follow_ups_per_question": 1,
}


def test_a_format_whose_minutes_cannot_hold_its_draw_is_refused(bank, tmp_path) -> None:
    path = _write(tmp_path, {**BASE, "draw": [{"count": 2, "kind": "system_design"}]})
    with pytest.raises(
        DataFileError, match=r"format 'tight': field minutes: 45 minutes cannot hold"
    ):
        load_formats(path, bank)


def test_a_named_question_must_exist(bank, tmp_path) -> None:
    path = _write(tmp_path, {**BASE, "draw": [{"count": 1, "questions": ["no-such-drill"]}]})
    with pytest.raises(DataFileError, match=r"field draw.0.questions: unknown question id"):
        load_formats(path, bank)


def test_a_tag_slot_needs_a_question_with_the_tag(bank, tmp_path) -> None:
    slot = {"count": 1, "tags": ["project-deep-dive"]}
    path = _write(tmp_path, {**BASE, "id": "project", "minutes": 60, "draw": [slot]})
    without = QuestionBank(
        tuple(q for q in bank.questions if "project-deep-dive" not in q.tags),
        bank.topics,
        bank.competencies,
    )
    with pytest.raises(DataFileError, match=r"format 'project': field draw.0: needs 1 questions"):
        load_formats(path, without)
    tagged = Question.model_validate(
        {
            **bank.get("bh-walk-through-key-project").model_dump(mode="json"),
            "id": "project-walkthrough",
            "tags": ["project-deep-dive"],
            "time_limit_min": 50,
        }
    )
    with_one = QuestionBank((*without.questions, tagged), bank.topics, bank.competencies)
    fmt = load_formats(path, with_one)[0]
    assert draw_questions(fmt, with_one, seed=1) == ["project-walkthrough"]
