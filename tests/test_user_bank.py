"""The user's own question file: concurrent adds keep every acknowledged question, and content
the code does not understand is never replaced."""

from pathlib import Path

import pytest
import yaml

from sim import catalog, user_bank
from sim.domain.errors import DataFileError
from tests import workers


@pytest.fixture
def bank_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIM_USER_BANK_DIR", str(tmp_path / "mine"))
    catalog.bank.cache_clear()
    yield tmp_path / "mine"
    catalog.bank.cache_clear()


def test_concurrent_adds_keep_every_acknowledged_question(bank_dir, tmp_path) -> None:
    argsets = [(str(bank_dir), [f"mine-w{w}-q{i}" for i in range(3)]) for w in range(6)]
    results = workers.run_all(workers.add_questions, argsets, tmp_path)
    acknowledged = [q for r in results for q in r["acknowledged"]]
    assert [e for r in results for e in r["errors"]] == []
    assert len(acknowledged) == 18
    stored = [q["id"] for q in yaml.safe_load(user_bank.user_file().read_text())["questions"]]
    assert sorted(stored) == sorted(acknowledged)  # none lost, none twice
    assert not list(bank_dir.glob("*staging*"))  # no temp files left behind
    catalog.bank.cache_clear()
    assert {q.id for q in catalog.bank().questions} >= set(acknowledged)


def test_a_top_level_list_is_refused_and_kept(bank_dir) -> None:
    bank_dir.mkdir(parents=True)
    original = "- id: my-old-note\n  text: something I wrote by hand\n"
    user_bank.user_file().write_text(original, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        user_bank.add_user_question(workers.question_record("mine-new"), "Payments ledger")
    message = str(info.value)
    assert str(user_bank.user_file()) in message and "list" in message
    assert user_bank.user_file().read_text(encoding="utf-8") == original


def test_questions_that_are_not_a_list_are_refused_and_kept(bank_dir) -> None:
    bank_dir.mkdir(parents=True)
    original = "topics: []\nquestions:\n  mine-a: {prompt: kept as typed}\n"
    user_bank.user_file().write_text(original, encoding="utf-8")
    with pytest.raises(DataFileError, match="questions"):
        user_bank.add_user_question(workers.question_record("mine-new"), "Payments ledger")
    assert user_bank.user_file().read_text(encoding="utf-8") == original


def test_adding_keeps_a_backup_of_the_previous_file(bank_dir) -> None:
    user_bank.add_user_question(workers.question_record("mine-first"), "Payments ledger")
    before = user_bank.user_file().read_text(encoding="utf-8")
    user_bank.add_user_question(workers.question_record("mine-second"), None)
    backup = user_bank.user_file().with_name(user_bank.USER_FILE_NAME + ".bak")
    assert backup.read_text(encoding="utf-8") == before
    assert "mine-second" in user_bank.user_file().read_text(encoding="utf-8")
