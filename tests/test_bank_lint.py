"""`sim bank lint`: each check on a small bad question, read through the real matching layer and
measured against the real bank, and the command's exit code and `file: question: field` lines."""

import json
from pathlib import Path

import pytest
import yaml

from sim import catalog, paths
from sim.domain import alias_lint
from sim.domain.alias_lint import Linter, LintRules, load_rules
from sim.domain.matching import analyse, asserts, compile_term, find_term
from sim.domain.questions import BankFile, Question
from sim.domain.yaml_io import load_model
from tests.cli_run import run_cli

ROOT = Path(__file__).resolve().parent.parent
PROMPT = "Design Contoso's payments ledger for 5,000 writes per second."
# Five points whose aliases pass every check: a clean question reports nothing.
CLEAN_POINTS = [
    {
        "point": "Double-entry bookkeeping: every posting writes balanced rows",
        "aliases": ["double-entry"],
    },
    {
        "point": "Corrections are reversing entries in an append-only journal",
        "aliases": ["reversing entries"],
    },
    {
        "point": "Nightly reconciliation against the settlement files",
        "aliases": ["settlement files"],
    },
    {"point": "A hot merchant balance is split into sub-accounts", "aliases": ["sub-accounts"]},
    {"point": "Amounts are stored as integer minor units", "aliases": ["minor units"]},
]


def _question(qid: str, points: list[dict] | None = None, **changes: object) -> Question:
    record = {
        "id": qid,
        "kind": "system_design",
        "tracks": ["system_design"],
        "topic": "payments-ledger",
        "difficulty": "staff",
        "time_limit_min": 45,
        "prompt": PROMPT,
        "source": {"seed": "user", "section": "my own question"},
        "key_points": points or CLEAN_POINTS,
        "follow_ups": [
            {"dimension": "depth", "question": "What if the provider times out?"},
            {"dimension": "ownership", "question": "Who gets paged at 3am?"},
        ],
    }
    record.update(changes)
    return Question.model_validate(record)


def _with(index: int, **point: object) -> list[dict]:
    points = [dict(p) for p in CLEAN_POINTS]
    points[index] = {**points[index], **point}
    return points


BAD = {
    "clean": _question("lint-clean"),
    "prompt": _question("lint-prompt", _with(0, aliases=["double-entry", "payments ledger"])),
    "stop-list": _question("lint-stop", _with(1, aliases=["reversing entries", "teams"])),
    "measured": _question("lint-measured", _with(1, aliases=["reversing entries", "services"])),
    "own-text": _question("lint-own", _with(2, aliases=["recon job"])),
    "claim": _question(
        "lint-claim",
        _with(4, aliases=["minor units", "floating point"]),
        misconceptions=[
            {
                "claim": "Store balances as floating point dollars for speed.",
                "patterns": [["floating point", "balance"]],
                "correction": "Binary floats cannot hold 0.10 exactly; store integer cents.",
                "source": "IEEE 754",
            }
        ],
    ),
    "rejected": _question(
        "lint-rejected",
        _with(
            3,
            point="The posting service reads the ledger with its task role",
            aliases=["task role", "execution role"],
            rejected=["execution role"],
        ),
    ),
    "truncated": _question(
        "lint-truncated", _with(2, aliases=["settlement fil rows", "settlement files"])
    ),
    "acronym": _question("lint-acronym", _with(2, aliases=["settlement files", "crds"])),
    "empty": _question("lint-empty", _with(2, aliases=["settlement files", "--"])),
    "negated": _question("lint-negated", _with(2, aliases=["settlement files", "no manual step"])),
    "story": _question("lint-story", _with(1, aliases=["reversing entries", "in hindsight"])),
}


_BAD_FILES: list[Path] = []  # the module's directory of small bad files


@pytest.fixture(scope="module", autouse=True)
def _bad_files_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    _BAD_FILES[:] = [tmp_path_factory.mktemp("bad-files")]


@pytest.fixture(scope="module")
def linter(bank) -> Linter:
    rules = load_rules(paths.QUESTION_BANK_DIR / "lint.yaml")
    return Linter([*bank.questions, *BAD.values()], rules, catalog.lexicon())


def _lint_file(linter: Linter, name: str) -> list[alias_lint.LintProblem]:
    """The bad question written to a small file of its own, loaded as the bank loads files,
    and linted: every problem line names that file."""
    path = _BAD_FILES[0] / f"{name}.yaml"
    record = BAD[name].model_dump(mode="json", exclude_defaults=True)
    path.write_text(yaml.safe_dump({"questions": [record]}, sort_keys=False), encoding="utf-8")
    (question,) = load_model(path, BankFile).questions
    problems = linter.question(question, str(path))
    assert all(p.line.startswith(f"{path}: question {question.id!r}: field ") for p in problems)
    return problems


def _problems(linter: Linter, name: str) -> list[tuple[str, str]]:
    return [(p.check, p.field) for p in _lint_file(linter, name)]


def _matches(alias: str, text: str) -> bool:
    lexicon = catalog.lexicon()
    return find_term(analyse(text, lexicon), compile_term(alias, lexicon)) is not None


def test_a_clean_question_has_no_problems(linter) -> None:
    assert _problems(linter, "clean") == []


def test_an_alias_the_prompt_says_is_free_credit(linter) -> None:
    assert _problems(linter, "prompt") == [(alias_lint.PROMPT, "key_points[0].aliases[1]")]


def test_an_alias_on_the_stop_list_is_generic(linter) -> None:
    assert _problems(linter, "stop-list") == [(alias_lint.GENERIC, "key_points[1].aliases[1]")]


def test_an_alias_most_unrelated_answers_say_is_generic(linter) -> None:
    problems = _lint_file(linter, "measured")
    assert [(p.check, p.field) for p in problems] == [
        (alias_lint.GENERIC, "key_points[1].aliases[1]")
    ]
    assert "of unrelated questions' answers" in problems[0].message


def test_a_point_whose_text_says_none_of_its_aliases(linter) -> None:
    assert _problems(linter, "own-text") == [(alias_lint.OWN_TEXT, "key_points[2].aliases")]


def test_an_alias_only_the_wrong_claim_says(linter) -> None:
    assert _problems(linter, "claim") == [(alias_lint.WRONG_ANSWER, "key_points[4].aliases[1]")]


def test_an_alias_that_is_a_rejected_option(linter) -> None:
    problems = _lint_file(linter, "rejected")
    assert [(p.check, p.field) for p in problems] == [
        (alias_lint.WRONG_ANSWER, "key_points[3].aliases[1]")
    ]
    assert "rejected" in problems[0].message


def test_a_word_cut_short_before_the_last_word_never_matches(linter) -> None:
    assert not _matches("settlement fil rows", "the settlement file rows are loaded")
    assert _problems(linter, "truncated") == [
        (alias_lint.NEVER_MATCHES, "key_points[2].aliases[0]")
    ]


def test_a_lower_case_acronym_plural_never_matches(linter) -> None:
    assert not _matches("crds", "the operator installs its CRDs")
    assert _matches("CRDs", "the operator installs its CRDs and one CRD")
    assert _problems(linter, "acronym") == [(alias_lint.NEVER_MATCHES, "key_points[2].aliases[1]")]


def test_an_alias_with_no_words_never_matches(linter) -> None:
    assert _problems(linter, "empty") == [(alias_lint.NEVER_MATCHES, "key_points[2].aliases[1]")]


def test_an_alias_with_a_negation_word_never_matches(linter) -> None:
    """The grader reads 'no manual step' in any sentence as negated, so it never earns credit."""
    lexicon = catalog.lexicon()
    said = analyse("reconciliation runs with no manual step at all", lexicon)
    assert not asserts(said, [compile_term("no manual step", lexicon)])
    assert _problems(linter, "negated") == [(alias_lint.NEVER_MATCHES, "key_points[2].aliases[1]")]


def test_an_alias_a_generic_story_says_is_generic(linter) -> None:
    problems = _lint_file(linter, "story")
    assert [(p.check, p.field) for p in problems] == [
        (alias_lint.GENERIC, "key_points[1].aliases[1]")
    ]
    assert "generic story" in problems[0].message


def test_the_truncated_words_the_matcher_reads_as_prefixes_pass(linter) -> None:
    """'deprecat' and 'managed identit' end in a 5+ letter cut word: they match, so lint passes."""
    assert _matches("deprecat", "we deprecated the v1 API")
    assert _matches("managed identit", "each app has managed identities")
    q = _question("lint-prefix", _with(2, aliases=["settlement files", "settlement reconcil"]))
    assert [p for p in linter.question(q, "x") if p.check == alias_lint.NEVER_MATCHES] == []


def test_the_rules_file_names_the_share(tmp_path: Path) -> None:
    path = tmp_path / "lint.yaml"
    path.write_text("generic_aliases: [time]\ngeneric_share: 1.5\n", encoding="utf-8")
    with pytest.raises(Exception, match="generic_share"):
        load_rules(path)
    assert isinstance(load_rules(paths.QUESTION_BANK_DIR / "lint.yaml"), LintRules)


@pytest.fixture
def fresh_catalog():
    """The bank and vocabulary memos forgotten around a test that points at its own user dir."""
    catalog.bank.cache_clear()
    catalog.vocabulary.cache_clear()
    yield
    catalog.bank.cache_clear()
    catalog.vocabulary.cache_clear()


def test_the_command_names_file_question_and_field(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fresh_catalog,
) -> None:
    bank_dir = tmp_path / "mine"
    bank_dir.mkdir()
    record = BAD["prompt"].model_dump(mode="json", exclude_defaults=True)
    record["id"] = "mine-lint"
    data = {
        "topics": [{"id": "payments-ledger", "title": "Payments ledger"}],
        "questions": [record],
    }
    path = bank_dir / "mine.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("SIM_USER_BANK_DIR", str(bank_dir))
    run = run_cli(capsys, "bank", "lint", "--file", str(path))
    assert run.returncode == 1, run.stderr
    assert run.stdout.splitlines() == [
        f"{path}: question 'mine-lint': field key_points[0].aliases[1]: 'payments ledger': "
        "the prompt already says it, so it is free credit"
    ]
    as_json = run_cli(capsys, "bank", "lint", "--file", str(path), "--json")
    assert as_json.returncode == 1
    report = json.loads(as_json.stdout)
    assert report["counts"]["prompt"] == 1
    assert report["problems"][0]["field"] == "key_points[0].aliases[1]"


def test_a_requirement_change_point_is_checked_against_its_announcement(linter, bank) -> None:
    """Once the change is announced its words are given too: an adapts_by alias the
    announcement says is free credit, named by its own field."""
    record = bank.get("sd-url-shortener").model_dump(mode="json", exclude_defaults=True)
    change = record["interviewer"]["requirement_change"]
    change["announcement"] = "Legal now needs a takedown of any link within five minutes."
    change["adapts_by"][0]["aliases"] = [*change["adapts_by"][0]["aliases"], "takedown"]
    question = Question.model_validate({**record, "id": "lint-change"})
    problems = [(p.check, p.field) for p in linter.question(question, "bad.yaml")]
    last = len(change["adapts_by"][0]["aliases"]) - 1
    assert problems == [
        (alias_lint.PROMPT, f"interviewer.requirement_change.adapts_by[0].aliases[{last}]")
    ]


def test_the_shipped_bank_passes_the_lint() -> None:
    """Every alias of the shipped bank earns credit only for what it names (CI keeps it so)."""
    from sim.bank_lint import lint_bank

    problems = lint_bank()
    assert not problems, "\n".join(str(p) for p in problems[:20])
