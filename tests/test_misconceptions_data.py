"""Every known misconception is matched by its own patterns and not by its correction; the
bank-wide catalogue loads, and never fires on the bank's own correct statements."""

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
import yaml

from sim import catalog, paths
from sim.domain.bank import QuestionBank
from sim.domain.errors import DataFileError
from sim.domain.lexicon import load_lexicon
from sim.domain.matching import analyse
from sim.domain.misconception_catalogue import load_general_misconceptions
from sim.domain.misconceptions import compile_misconceptions
from sim.domain.questions import Misconception
from sim.domain.text import split_sentences

LEXICON = load_lexicon(paths.QUESTION_BANK_DIR / "lexicon.yaml")


def _self_check(items: Iterable[tuple[str, Misconception]]) -> list[str]:
    """Each (where, misconception): its claim is matched and its correction is not."""
    labelled = list(items)
    compiled = compile_misconceptions([m for _, m in labelled], LEXICON)
    problems = []
    for (where, _), item in zip(labelled, compiled, strict=True):
        if not item.stated_in(analyse(item.misconception.claim, LEXICON)):
            problems.append(f"{where}: claim is not matched by its own patterns")
        if item.stated_in(analyse(item.misconception.correction, LEXICON)):
            problems.append(f"{where}: correction is matched as if it were the wrong claim")
    return problems


def _per_question(bank: QuestionBank) -> Iterator[tuple[str, Misconception]]:
    for question in bank.questions:
        for index, item in enumerate(question.misconceptions):
            where = f"{bank.origin.get(question.id, '?')}: {question.id}: misconceptions[{index}]"
            yield where, item


def test_misconceptions_match_their_claim_and_not_their_correction(bank: QuestionBank) -> None:
    problems = _self_check(_per_question(bank))
    assert not problems, "\n".join(problems)


def test_general_catalogue_loads_with_unique_ids() -> None:
    items = catalog.general_misconceptions()
    assert len(items) >= 60
    assert len({m.id for m in items}) == len(items)


def test_general_misconceptions_match_their_claim_and_not_their_correction() -> None:
    problems = _self_check(
        (f"misconceptions.yaml: {m.id}", m) for m in catalog.general_misconceptions()
    )
    assert not problems, "\n".join(problems)


def _correct_statements(bank: QuestionBank) -> Iterator[tuple[str, str]]:
    """The bank's own right answers: key points, outlines and per-question corrections."""
    for q in bank.questions:
        for i, key_point in enumerate(q.key_points):
            yield f"{q.id}: key_points[{i}]", key_point.point
        for i, line in enumerate(q.model_answer_outline):
            yield f"{q.id}: model_answer_outline[{i}]", line
        for i, item in enumerate(q.misconceptions):
            yield f"{q.id}: misconceptions[{i}].correction", item.correction


def _false_alarms(
    items: Sequence[Misconception], statements: Iterable[tuple[str, str]]
) -> list[str]:
    compiled = compile_misconceptions(items, LEXICON)
    problems = []
    for where, text in statements:
        for sentence in split_sentences(text):
            tokens = analyse(sentence.text, LEXICON)
            for item in compiled:
                if item.stated_in(tokens):
                    name = getattr(item.misconception, "id", item.misconception.claim)
                    problems.append(f"{where}: {name} fires on a correct sentence: {sentence.text}")
    return problems


def test_general_misconceptions_never_fire_on_the_banks_correct_statements(
    bank: QuestionBank,
) -> None:
    problems = _false_alarms(catalog.general_misconceptions(), _correct_statements(bank))
    assert not problems, "\n".join(problems)


def test_a_broken_catalogue_names_its_file_and_the_entry(tmp_path: Path) -> None:
    entry = """
  - id: {id}
    claim: Queues deliver exactly once by default.
    patterns: [[queue, exactly once]]
    correction: Most queues deliver at least once; make consumers idempotent.
    source: a broker's documentation
"""
    path = tmp_path / "misconceptions.yaml"
    path.write_text(
        "misconceptions:" + entry.format(id="queue-once") + entry.format(id="queue-once")
    )
    with pytest.raises(DataFileError) as caught:
        load_general_misconceptions(path)
    assert caught.value.path == path
    assert "duplicate id: queue-once" in str(caught.value)
    path.write_text("misconceptions:" + entry.format(id="Queue Once"))
    with pytest.raises(
        DataFileError, match=r"misconception 'Queue Once': field misconceptions\[0\]\.id"
    ):
        load_general_misconceptions(path)


PROBES = Path(__file__).resolve().parent / "data" / "misconception_probes.yaml"


def test_probe_sentences_wrong_ones_match_their_entry_right_ones_match_none() -> None:
    items = {m.id: m for m in catalog.general_misconceptions()}
    compiled = dict(zip(items, compile_misconceptions(list(items.values()), LEXICON), strict=True))
    problems, right = [], []
    data = yaml.safe_load(PROBES.read_text(encoding="utf-8"))
    for probe in data["probes"]:
        entry = compiled.get(probe["id"])
        if entry is None:
            problems.append(f"{probe['id']}: no such entry in misconceptions.yaml")
            continue
        problems += [
            f"{probe['id']}: wrong sentence not matched: {text}"
            for text in probe["wrong"]
            if not entry.stated_in(analyse(text, LEXICON))
        ]
        right += [(f"{probe['id']}: right", text) for text in probe["right"]]
    right += [("also_right", text) for text in data.get("also_right", [])]
    problems += _false_alarms(list(items.values()), right)
    assert not problems, "\n".join(problems)


def test_bank_validate_checks_the_catalogue(tmp_path, monkeypatch) -> None:
    """`sim bank validate` names a broken bank-wide catalogue instead of passing it."""
    import shutil

    from sim import catalog, paths
    from sim.cli import main

    bank_dir = tmp_path / "question_bank"
    shutil.copytree(paths.QUESTION_BANK_DIR, bank_dir)
    (bank_dir / "misconceptions.yaml").write_text("misconceptions:\n  - id: Bad Id\n")
    monkeypatch.setattr(paths, "QUESTION_BANK_DIR", bank_dir)
    catalog.general_misconceptions.cache_clear()
    try:
        assert main(["bank", "validate"]) == 1
    finally:
        catalog.general_misconceptions.cache_clear()
