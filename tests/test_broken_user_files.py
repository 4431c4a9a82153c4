"""One damaged user question file breaks nothing: the shipped bank and the user's other files
load, the damaged file is set aside untouched and named (file and field or line) once in the
app and once on the command line, and adding a question refuses to overwrite it."""

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from sim import catalog, paths, user_bank
from sim.cli import main
from sim.domain.bank import load_bank
from sim.domain.errors import DataFileError
from tests import workers
from tests.app_forms import add_question_through_the_form

ROOT = Path(__file__).resolve().parent.parent
ANSWER = ROOT / "tests" / "data" / "answers" / "fastapi_vs_django_strong.txt"
SHIPPED_ID = "py-fastapi-vs-django"


def _question(question_id: str, **changes: object) -> dict:
    record = workers.question_record(question_id)
    record.update(changes)
    return record


def _file(*questions: dict) -> bytes:
    data = {"topics": [{"id": "payments-ledger", "title": "Payments ledger"}]}
    data["questions"] = list(questions)
    return yaml.safe_dump(data, sort_keys=False).encode("utf-8")


@dataclass(frozen=True)
class Damage:
    name: str
    content: bytes
    where: str  # the field or line the problem must name
    reason: str  # a word of the reason


DAMAGES = [
    Damage(
        "syntax error",
        b"topics: []\nquestions:\n  - id: mine-broken\n    kind: system_design\n"
        b"   prompt: misaligned\n",
        "line 5, column 4",
        "invalid YAML",
    ),
    Damage(
        "Latin-1",
        b"topics: []\nquestions:\n  - id: mine-caf\xe9\n",
        "line 3, column 17",
        "UTF-8",
    ),
    Damage(
        "binary",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        "line 3, column 1",
        "binary",
    ),
    Damage(
        "top-level wrong shape",
        b"- id: my-old-note\n  text: something I wrote by hand\n",
        "top level",
        "list",
    ),
    Damage(
        "invalid field",
        _file(_question("mine-a"), _question("mine-b"), _question("mine-c", kind="riddle")),
        "questions[2].kind",
        "system_design",
    ),
]


@pytest.fixture(params=DAMAGES, ids=[d.name for d in DAMAGES])
def damaged(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The user's own file (the one the app adds to) damaged, next to a valid user file."""
    bank_dir = tmp_path / "mine"
    bank_dir.mkdir()
    monkeypatch.setenv("SIM_USER_BANK_DIR", str(bank_dir))
    damage: Damage = request.param
    path = bank_dir / user_bank.USER_FILE_NAME
    path.write_bytes(damage.content)
    (bank_dir / "extra.yaml").write_bytes(_file(_question("mine-good")))
    catalog.bank.cache_clear()
    yield damage, path
    catalog.bank.cache_clear()


def _shipped_ids() -> set[str]:
    shipped = sorted(paths.QUESTIONS_DIR.glob("*.yaml"))
    bank = load_bank(shipped, paths.QUESTION_BANK_DIR / "competencies.yaml")
    return {q.id for q in bank.questions}


def _names_file_and_field(message: str, damage: Damage, path: Path) -> bool:
    return str(path) in message and damage.where in message and damage.reason in message


def test_the_bank_loads_and_sets_the_file_aside_untouched(damaged) -> None:
    damage, path = damaged
    bank = catalog.bank()
    ids = {q.id for q in bank.questions}
    assert ids >= _shipped_ids()
    assert "mine-good" in ids  # the user's other file still loads
    assert not ids & {"mine-a", "mine-b", "mine-c", "mine-broken"}
    [problem] = bank.set_aside
    assert problem.path == path
    assert _names_file_and_field(str(problem), damage, path), str(problem)
    assert path.read_bytes() == damage.content
    assert sorted(p.name for p in path.parent.iterdir()) == ["extra.yaml", path.name]


def test_sim_grade_works_and_names_the_file_once(damaged, capsys) -> None:
    damage, path = damaged
    rc = main(["grade", SHIPPED_ID, str(ANSWER), "--grader", "offline"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert out.startswith(f"{SHIPPED_ID}: ")
    assert err.count(str(path)) == 1, err
    assert _names_file_and_field(err, damage, path), err
    assert path.read_bytes() == damage.content


def test_sim_bank_list_still_lists_and_validate_fails_naming_the_file(damaged, capsys) -> None:
    damage, path = damaged
    assert main(["bank", "list"]) == 0
    out, err = capsys.readouterr()
    assert SHIPPED_ID in out and "mine-good" in out
    assert err.count(str(path)) == 1 and damage.where in err
    assert main(["bank", "validate"]) == 1
    _, err = capsys.readouterr()
    assert err.count(str(path)) == 1 and damage.where in err


def test_adding_a_question_refuses_and_keeps_the_file(damaged) -> None:
    damage, path = damaged
    with pytest.raises(DataFileError) as info:
        user_bank.add_user_question(_question("mine-new"), None)
    assert _names_file_and_field(str(info.value), damage, path), str(info.value)
    assert path.read_bytes() == damage.content
    assert "mine-new" not in {q.id for q in catalog.bank().questions}


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["sim_test"] = "dummy"  # never read a developer's real secrets.toml
    return at


def test_every_page_warns_once_as_text_and_works(damaged) -> None:
    damage, path = damaged
    at = _app().run()
    for page in ("practice", "bank", "interview", "history", "stories", "settings"):
        if page != "practice":
            at.switch_page(f"sim/ui/app_pages/{page}.py").run()
        assert not at.exception, page
        assert not at.error, [e.value for e in at.error]
        warnings = [w.value for w in at.warning if str(path) in w.value.replace("\\", "")]
        assert len(warnings) == 1, (page, [w.value for w in at.warning])
        shown = warnings[0].replace("\\", "")  # escaped so it renders as text
        assert _names_file_and_field(shown, damage, path), shown
    at.switch_page("sim/ui/app_pages/practice.py").run()
    at.selectbox(key="question_choice").set_value(catalog.bank().get(SHIPPED_ID)).run()
    assert not at.exception
    assert path.read_bytes() == damage.content


def test_a_duplicate_of_a_shipped_id_sets_aside_only_that_file(tmp_path, monkeypatch) -> None:
    bank_dir = tmp_path / "mine"
    bank_dir.mkdir()
    monkeypatch.setenv("SIM_USER_BANK_DIR", str(bank_dir))
    copy = bank_dir / "copy.yaml"
    copy.write_bytes(_file(_question("mine-x"), _question(SHIPPED_ID)))
    (bank_dir / "extra.yaml").write_bytes(_file(_question("mine-good")))
    catalog.bank.cache_clear()
    try:
        bank = catalog.bank()
        [problem] = bank.set_aside
        assert problem.path == copy
        assert "questions[1].id" in str(problem) and "duplicate id" in str(problem)
        assert bank.origin[SHIPPED_ID].parent == paths.QUESTIONS_DIR
        assert "mine-good" in bank.by_id() and "mine-x" not in bank.by_id()
    finally:
        catalog.bank.cache_clear()


def test_the_add_form_refuses_naming_the_file_and_keeps_it(damaged) -> None:
    damage, path = damaged
    at = _app().run()
    add_question_through_the_form(at, "mine-new")
    assert not at.exception
    assert not at.success
    [refusal] = [e.value.replace("\\", "") for e in at.error]
    assert _names_file_and_field(refusal, damage, path), refusal
    assert "nothing was added" in refusal
    assert path.read_bytes() == damage.content
    assert not list(path.parent.glob("*.bak")) and not list(path.parent.glob("*staging*"))
