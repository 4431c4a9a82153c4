"""Tags, companies and industry sources: a question may come from real loops rather than a seed
(its note says where), carry tags from the vocabulary, and an unknown tag names file and field."""

from pathlib import Path

import pytest
import yaml

from sim import bank_stats, catalog
from sim.domain.errors import DataFileError
from sim.domain.questions import IndustrySource, Question, SeedSource
from tests import workers

NOTE = "asked in design-review rounds at large cloud companies"


def _user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **changes: object) -> Path:
    bank_dir = tmp_path / "mine"
    bank_dir.mkdir()
    monkeypatch.setenv("SIM_USER_BANK_DIR", str(bank_dir))
    record = workers.question_record("mine-tagged")
    record.update(changes)
    path = bank_dir / "mine.yaml"
    data = {
        "topics": [{"id": "payments-ledger", "title": "Payments ledger"}],
        "questions": [record],
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    catalog.bank.cache_clear()
    return path


@pytest.fixture(autouse=True)
def _fresh_bank():
    yield
    catalog.bank.cache_clear()


def test_an_industry_source_and_tags_load_and_are_counted(tmp_path, monkeypatch) -> None:
    _user_file(
        tmp_path,
        monkeypatch,
        source={"kind": "industry", "note": NOTE},
        tags=["design-critique"],
        company="Contoso",
    )
    question = catalog.bank().get("mine-tagged")
    assert isinstance(question.source, IndustrySource)
    assert NOTE in question.source.label
    assert question.company == "Contoso"
    assert bank_stats.bank_stats()["by_tag"]["design-critique"] >= 1


def test_a_source_without_kind_is_a_seed_source() -> None:
    """Files written before industry sources name no `kind`: they still load, as seed sources."""
    record = workers.question_record("mine-untagged")
    assert "kind" not in record["source"]
    question = Question.model_validate(record)
    assert isinstance(question.source, SeedSource)
    assert question.source.label.startswith(f"from {record['source']['seed']}")


def test_an_unknown_tag_names_the_file_and_field(tmp_path, monkeypatch) -> None:
    path = _user_file(tmp_path, monkeypatch, tags=["no-such-tag"])
    with pytest.raises(DataFileError) as caught:
        bank_stats.validate_all()
    assert caught.value.path == path
    assert "questions[0].tags: unknown tag 'no-such-tag'" in str(caught.value)


def test_an_industry_source_needs_its_note(tmp_path, monkeypatch) -> None:
    _user_file(tmp_path, monkeypatch, source={"kind": "industry"})
    set_aside = catalog.bank().set_aside
    assert set_aside and "source" in str(set_aside[0]) and "note" in str(set_aside[0])


def test_stats_report_the_minimums_the_bank_must_keep(bank) -> None:
    stats = bank_stats.bank_stats()
    assert stats["min_misconceptions"] >= 2
    assert stats["min_interviewer_notes"] >= 5
    assert stats["min_probe_ladder"] >= 3
