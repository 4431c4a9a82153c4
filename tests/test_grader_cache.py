"""The offline grader's start-up data (the lexicon with the bank-wide misconception patterns
compiled through it, the signal cues, the misconception catalogue) is kept in the data cache: what
comes back equals a fresh build, a changed data file rebuilds it, a damaged entry is replaced, and
the garbage collector is left as it was found."""

import gc
import json
import shutil
from pathlib import Path

import pytest

from sim import catalog, data_cache, paths
from sim.domain.lexicon import load_lexicon
from sim.domain.matching import compile_term
from sim.domain.misconception_catalogue import load_general_misconceptions
from sim.domain.misconceptions import compile_misconceptions
from sim.domain.signal_cues import load_signal_cues
from sim.grader_snapshot import misconception_texts

ENTRIES = ("lexicon", "signal_cues", "general_misconceptions")


def _forget() -> None:
    """What a new process gets (the per-process memo forgotten)."""
    for loader in (catalog.lexicon, catalog.signal_cues, catalog.general_misconceptions):
        loader.cache_clear()


def _entry(name: str) -> Path:
    return data_cache.cache_dir() / f"{name}.json"


def _fresh_lexicon():
    return load_lexicon(paths.QUESTION_BANK_DIR / "lexicon.yaml")


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests empty, damage and inspect the cache: their own, in the test's data dir."""
    monkeypatch.delenv("SIM_CACHE_DIR")


@pytest.fixture(autouse=True)
def _per_test_memo(_own_cache: None):
    _forget()
    yield
    _forget()


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped question_bank folder copied where the test may edit it."""
    copy = tmp_path / "question_bank"
    shutil.copytree(paths.QUESTION_BANK_DIR, copy)
    monkeypatch.setattr(paths, "QUESTION_BANK_DIR", copy)
    monkeypatch.setattr(paths, "QUESTIONS_DIR", copy / "questions")
    return copy


def test_each_entry_is_stored_and_read_back_equal_to_a_fresh_build() -> None:
    built = (catalog.lexicon(), catalog.signal_cues(), catalog.general_misconceptions())
    assert all(_entry(name).is_file() for name in ENTRIES)
    _forget()
    stored = (catalog.lexicon(), catalog.signal_cues(), catalog.general_misconceptions())
    fresh_lexicon = _fresh_lexicon()
    path = paths.QUESTION_BANK_DIR / "misconceptions.yaml"
    assert stored[0] == built[0] == fresh_lexicon
    assert stored[1] == built[1] == load_signal_cues(paths.RUBRICS_DIR / "signals.yaml", stored[0])
    assert stored[2] == built[2] == load_general_misconceptions(path)


def test_the_stored_patterns_compile_as_a_fresh_lexicon_compiles_them() -> None:
    catalog.lexicon()
    _forget()
    stored = catalog.lexicon()
    fresh = _fresh_lexicon()
    texts = misconception_texts(catalog.general_misconceptions())
    assert len(stored.phrases) == len(set(texts)) > 100
    assert all(compile_term(t, stored) == compile_term(t, fresh) for t in texts)
    # The compiled catalogue is the same whichever lexicon it came through.
    items = catalog.general_misconceptions()
    assert compile_misconceptions(items, stored) == compile_misconceptions(items, fresh)


def test_a_phrase_the_lexicon_does_not_hold_is_compiled_as_before() -> None:
    text = "zanzibarian ledger|dead-letter queues"
    assert text not in catalog.lexicon().phrases
    assert compile_term(text, catalog.lexicon()) == compile_term(text, _fresh_lexicon())


def test_a_changed_lexicon_file_rebuilds_the_lexicon_and_the_cues(data_copy: Path) -> None:
    catalog.signal_cues()
    lexicon_file = data_copy / "lexicon.yaml"
    lexicon_file.write_text(
        lexicon_file.read_text(encoding="utf-8") + "  - [zanzibarian ledger, zledger]\n",
        encoding="utf-8",
    )
    _forget()
    assert ("zanzibarian ledger", "zledger") in catalog.lexicon().groups
    assert catalog.signal_cues() == load_signal_cues(
        paths.RUBRICS_DIR / "signals.yaml", _fresh_lexicon()
    )


def test_a_changed_catalogue_rebuilds_it_and_its_patterns(data_copy: Path) -> None:
    catalog.lexicon()
    path = data_copy / "misconceptions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("misconceptions:\n", MORE, 1), encoding="utf-8"
    )
    _forget()
    assert catalog.general_misconceptions()[0].id == "zanzibar-ledgers-are-free"
    assert "zanzibarian ledgers" in catalog.lexicon().phrases


MORE = """misconceptions:
  - id: zanzibar-ledgers-are-free
    claim: Zanzibarian ledgers cost nothing to run.
    correction: every ledger has a storage and an operations cost.
    patterns:
      - [zanzibarian ledgers, cost nothing]
    source: a test of the data cache
"""


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"key": "x"}', b"\xff\xfe\x00"])
@pytest.mark.parametrize("name", ENTRIES)
def test_a_damaged_entry_is_ignored_and_replaced(name: str, damage: bytes) -> None:
    good = (catalog.lexicon(), catalog.signal_cues(), catalog.general_misconceptions())
    key = json.loads(_entry(name).read_bytes())["key"]
    _entry(name).write_bytes(damage)
    _forget()
    assert (catalog.lexicon(), catalog.signal_cues(), catalog.general_misconceptions()) == good
    assert json.loads(_entry(name).read_bytes())["key"] == key


def test_loading_leaves_the_collector_as_it_found_it() -> None:
    assert gc.isenabled()
    catalog.signal_cues()
    assert gc.isenabled()
    gc.disable()
    try:
        _forget()
        catalog.signal_cues()
        assert not gc.isenabled()
    finally:
        gc.enable()
