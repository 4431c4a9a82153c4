"""Bank statistics and whole-bank validation (bank, formats, seed coverage) for the CLI and UI."""

from collections import Counter

from sim import catalog, paths
from sim.domain.coverage import load_coverage, uncovered
from sim.domain.errors import DataFileError
from sim.domain.formats import load_formats
from sim.domain.tags import unknown_tag_problems
from sim.domain.types import Kind

# The kinds whose questions must carry misconceptions and a probe ladder; SD also interviewer notes.
_TECHNICAL = (Kind.SYSTEM_DESIGN, Kind.DEEP_DIVE)


def validate_all() -> dict:
    """Raises DataFileError naming file and field on the first broken file."""
    bank = catalog.bank()
    formats = load_formats(paths.QUESTION_BANK_DIR / "formats.yaml", bank)
    coverage = load_coverage(paths.QUESTION_BANK_DIR / "seed_coverage.yaml", bank)
    catalog.verdict_rule()  # the round verdict rule, checked with the rest of the data
    catalog.general_misconceptions()  # the bank-wide misconception catalogue
    catalog.signal_cues()  # the grader's cues
    _check_tags(bank)
    return {"bank": bank, "formats": formats, "coverage": coverage}


def _check_tags(bank) -> None:
    vocabulary, topics = catalog.tag_vocabulary(), set(bank.topics)
    by_file: dict = {}
    for q in bank.questions:
        by_file.setdefault(bank.origin.get(q.id), []).append(q)
    for path, held in by_file.items():
        indexed = [(q, i) for i, q in enumerate(held)]
        if problems := unknown_tag_problems(indexed, vocabulary, topics):
            raise DataFileError(path or "question_bank", problems)


def _minimum(values: list[int]) -> int:
    return min(values, default=0)


def bank_stats() -> dict:
    loaded = validate_all()
    bank = loaded["bank"]
    questions = bank.questions
    tracks = Counter(t.value for q in questions for t in q.tracks)
    return {
        "total": len(questions),
        "by_kind": dict(sorted(Counter(q.kind.value for q in questions).items())),
        "by_track": dict(sorted(tracks.items())),
        "by_difficulty": dict(sorted(Counter(q.difficulty.value for q in questions).items())),
        "topics": len(bank.topics),
        "min_key_points": min((len(q.key_points) for q in questions), default=0),
        "min_follow_ups": min((len(q.follow_ups) for q in questions), default=0),
        "by_tag": dict(sorted(Counter(t for q in questions for t in q.tags).items())),
        "min_misconceptions": _minimum(
            [len(q.misconceptions) for q in questions if q.kind in _TECHNICAL]
        ),
        "min_interviewer_notes": _minimum(
            [
                len(q.interviewer.facts) if q.interviewer else 0
                for q in questions
                if q.kind is Kind.SYSTEM_DESIGN
            ]
        ),
        "min_probe_ladder": _minimum(
            [len(q.probe_ladder) for q in questions if q.kind in _TECHNICAL]
        ),
        "with_model_answer_outline": sum(1 for q in questions if q.model_answer_outline),
        "formats": [f.id for f in loaded["formats"]],
        "seed_items": len(loaded["coverage"]),
        "uncovered_seed_items": uncovered(loaded["coverage"]),
    }
