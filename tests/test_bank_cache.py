"""The bank and the grader's vocabulary are kept in the data dir between runs: used while every
input file is unchanged, rebuilt when any changes (shipped or user file), a damaged entry is
replaced, and what comes back is what a fresh load gives."""

import json
import shutil
from pathlib import Path

import pytest
import yaml

from sim import catalog, data_cache, paths, user_bank
from sim.domain import bank as bank_module
from sim.domain.bank import QuestionBank, load_bank
from sim.domain.vocabulary import Vocabulary
from tests import workers

QUESTION_ID = "sd-url-shortener"


def _reload() -> QuestionBank:
    """What a new process gets (the per-process memo forgotten)."""
    catalog.bank.cache_clear()
    catalog.vocabulary.cache_clear()
    return catalog.bank()


def _entry(name: str) -> Path:
    return data_cache.cache_dir() / f"{name}.json"


def _fresh() -> QuestionBank:
    """Every file parsed now: no cache entry, not even the shipped files' own."""
    return load_bank(
        catalog.shipped_question_files(), catalog.competencies_file(), catalog.user_question_files()
    )


def _same(a: QuestionBank, b: QuestionBank) -> bool:
    set_aside = [(e.path, e.problems) for e in a.set_aside]
    return (a.questions, a.topics, a.competencies, a.origin, set_aside) == (
        b.questions,
        b.topics,
        b.competencies,
        b.origin,
        [(e.path, e.problems) for e in b.set_aside],
    )


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests empty, damage and inspect the cache: their own, in the test's data dir."""
    monkeypatch.delenv("SIM_CACHE_DIR")


@pytest.fixture(autouse=True)
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _own_cache: None):
    monkeypatch.setenv("SIM_USER_BANK_DIR", str(tmp_path / "mine"))
    _reload()
    yield tmp_path / "mine"
    catalog.bank.cache_clear()
    catalog.vocabulary.cache_clear()


@pytest.fixture
def shipped_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped bank copied where the test may edit it."""
    copy = tmp_path / "question_bank"
    shutil.copytree(paths.QUESTION_BANK_DIR, copy)
    monkeypatch.setattr(paths, "QUESTION_BANK_DIR", copy)
    monkeypatch.setattr(paths, "QUESTIONS_DIR", copy / "questions")
    _reload()
    return copy


def _edit_cached_prompt(text: str) -> None:
    """Change one question in the stored entry, key untouched: only a read of it shows this."""
    data = json.loads(_entry("bank").read_text())
    for question in data["value"]["questions"]:
        if question["id"] == QUESTION_ID:
            question["prompt"] = text
    _entry("bank").write_text(json.dumps(data))


def test_the_stored_bank_is_used_while_the_files_are_unchanged() -> None:
    _reload()
    assert _entry("bank").is_file()
    _edit_cached_prompt("A prompt only the cache entry holds, not any file.")
    assert _reload().get(QUESTION_ID).prompt == "A prompt only the cache entry holds, not any file."


def test_a_changed_shipped_file_rebuilds_the_bank(shipped_copy: Path) -> None:
    _reload()
    _edit_cached_prompt("A stale prompt from before the file changed.")
    track = shipped_copy / "questions" / "system_design.yaml"
    track.write_text(track.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    fresh = _reload().get(QUESTION_ID).prompt
    assert fresh != "A stale prompt from before the file changed."
    assert fresh == _fresh().get(QUESTION_ID).prompt


def test_a_changed_user_file_rebuilds_the_bank_and_the_vocabulary(user_dir: Path) -> None:
    user_bank.add_user_question(workers.question_record("mine-ledger"), "Payments ledger")
    assert _reload().get("mine-ledger").prompt.startswith("Design Contoso's payments ledger")
    assert "mine-ledger" in catalog.vocabulary().documents
    path = user_bank.user_file()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0]["prompt"] = "Design a ledger of zanzibarian tokens for 9,000 writes."
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert _reload().get("mine-ledger").prompt.startswith("Design a ledger of zanzibarian")
    assert "zanzibarian" in catalog.vocabulary().documents["mine-ledger"]


def test_a_new_user_file_rebuilds_the_bank(user_dir: Path) -> None:
    _reload()
    user_bank.add_user_question(workers.question_record("mine-new"), "Payments ledger")
    assert "mine-new" in _reload().by_id()


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"key": "x"}', b"\xff\xfe\x00"])
def test_a_damaged_entry_is_ignored_and_replaced(damage: bytes) -> None:
    _reload()
    good = _entry("bank").read_bytes()
    _entry("bank").write_bytes(damage)
    assert _same(_reload(), _fresh())
    assert json.loads(_entry("bank").read_bytes())["key"] == json.loads(good)["key"]


def test_the_stored_bank_equals_a_fresh_load_with_a_file_set_aside(user_dir: Path) -> None:
    user_bank.add_user_question(workers.question_record("mine-good"), "Payments ledger")
    (user_dir / "broken.yaml").write_text("questions:\n  - id: Not An Id\n", encoding="utf-8")
    _reload()  # builds and stores
    stored = _reload()  # read back
    assert stored.set_aside and stored.set_aside[0].path == user_dir / "broken.yaml"
    assert _same(stored, _fresh())


def test_the_stored_vocabulary_equals_a_fresh_build() -> None:
    _reload()
    catalog.vocabulary()  # builds and stores
    _reload()
    stored = catalog.vocabulary()
    assert _entry("vocabulary").is_file()
    fresh = Vocabulary.build(_fresh(), catalog.lexicon())
    assert stored.documents == fresh.documents and stored.stories == fresh.stories
    assert stored.postings == fresh.postings
    assert stored.idf == pytest.approx(fresh.idf)
    assert stored.document_mass == pytest.approx(fresh.document_mass)


def test_a_data_dir_that_cannot_hold_the_cache_still_loads_the_bank() -> None:
    shutil.rmtree(data_cache.cache_dir())
    data_cache.cache_dir().write_text("a file where the cache folder would go")
    assert _same(_reload(), _fresh())
    assert not list(data_cache.cache_dir().parent.glob(".*.tmp"))


def test_one_question_is_read_alone_and_equals_the_banks() -> None:
    expected = _reload().get(QUESTION_ID)
    catalog.bank.cache_clear()
    assert catalog.question(QUESTION_ID) == expected  # builds and stores the entry
    catalog.bank.cache_clear()
    assert catalog.question(QUESTION_ID) == expected
    assert catalog.loaded_bank() is None  # the bank itself was not loaded for it
    assert _entry("questions").is_file()
    with pytest.raises(KeyError, match="no-such-question"):
        catalog.question("no-such-question")


def test_with_a_file_set_aside_one_question_loads_the_bank_that_names_it(user_dir: Path) -> None:
    user_dir.mkdir(parents=True, exist_ok=True)
    (user_dir / "broken.yaml").write_text("questions:\n  - id: Not An Id\n", encoding="utf-8")
    _reload()
    catalog.bank.cache_clear()
    assert catalog.question(QUESTION_ID).id == QUESTION_ID
    loaded = catalog.loaded_bank()
    assert loaded is not None and loaded.set_aside[0].path == user_dir / "broken.yaml"


def _parsed_files(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The question and competency files the bank loader parses from now on."""
    parsed: list[Path] = []
    real = bank_module.load_model

    def spy(path, model):
        parsed.append(path)
        return real(path, model)

    monkeypatch.setattr(bank_module, "load_model", spy)
    return parsed


def test_a_changed_user_file_parses_that_file_alone(
    user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a question checks it against the whole bank without parsing the shipped files
    again: their parsed, checked form is kept while they are unchanged."""
    _reload()
    parsed = _parsed_files(monkeypatch)
    user_bank.add_user_question(workers.question_record("mine-ledger"), "Payments ledger")
    bank = _reload()
    assert "mine-ledger" in bank.by_id()
    assert user_bank.user_file() in parsed  # and its staged copy, checked before the swap
    assert all(path.parent == user_dir for path in parsed), parsed
    assert _same(bank, _fresh())


def test_a_changed_shipped_file_parses_the_shipped_files_again(
    shipped_copy: Path, user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _reload()
    track = shipped_copy / "questions" / "system_design.yaml"
    track.write_text(track.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    parsed = _parsed_files(monkeypatch)
    user_bank.add_user_question(workers.question_record("mine-ledger"), "Payments ledger")
    assert track in parsed
    assert _same(_reload(), _fresh())
