"""`sim grade … --no-save` is a quick check: it grades without loading the database code or the
stories models, which only the commands that store or read stories need, nor the LLM SDK and its
tokenizer, the settings library, what only the interview room or the LLM prompt use, or the
whole bank (the one question it grades is read alone from the data cache)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim import catalog, cli
from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
ANSWER_FILE = ROOT / "tests" / "data" / "answers" / "fastapi_vs_django_strong.txt"
NOT_NEEDED = (
    *("sqlalchemy", "sqlmodel", "sim.domain.stories", "sim.storage.models"),
    *("openai", "tiktoken", "pydantic_settings", "sim.graders.llm", "sim.llm.client"),
    *("sim.domain.round_verdict", "sim.domain.prompts", "sim.domain.tags"),
    *("sim.domain.interviewer", "tomllib"),
    # Only the grade command's parser is built: not the lint rules nor the other commands' modules.
    *("sim.bank_lint", "sim.domain.alias_lint", "sim.plan_cli", "sim.stories.cli"),
    *("sim.interview_cli", "sim.cli_sessions"),
    # The C stemmer stems; snowballstemmer's 30 pure-Python languages stay unread.
    "snowballstemmer.english_stemmer",
)


def _imported(stderr: str) -> set[str]:
    """Module names from `python -X importtime` lines: 'import time: self | cumulative | name'."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def test_grading_without_saving_loads_no_database_or_stories_code() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sim", "grade", "py-fastapi-vs-django"]
        + [str(ANSWER_FILE), "--json", "--no-save"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["question_id"] == "py-fastapi-vs-django"
    imported = _imported(result.stderr)
    assert "sim.judging" in imported  # the parse found the modules it should
    loaded = sorted(n for n in imported if n.startswith(NOT_NEEDED))
    assert loaded == []


def test_grading_one_answer_reads_its_question_not_the_whole_bank(
    capsys: pytest.CaptureFixture[str],
) -> None:
    catalog.bank.cache_clear()
    argv = ["grade", "py-fastapi-vs-django", str(ANSWER_FILE), "--json", "--no-save"]
    assert main(argv) == 0  # the first run stores the cache entries
    first = json.loads(capsys.readouterr().out)
    catalog.bank.cache_clear()
    assert main(argv) == 0
    assert catalog.bank.cache_info().currsize == 0
    assert json.loads(capsys.readouterr().out) == first


def _commands(parser) -> set[str]:
    [sub] = [a for a in parser._actions if a.dest == "command"]
    return set(sub.choices)


def test_each_command_builds_its_own_parser_and_help_lists_them_all() -> None:
    """`sim COMMAND` builds that command's parser alone; `sim --help` (and a mistyped command)
    every one, so no command is missing from the list or unreachable by name."""
    everything = _commands(cli.build_parser())
    assert everything == {*cli._OWN_COMMANDS, *cli._OTHER_COMMANDS}
    for command in everything:
        assert command in _commands(cli.build_parser(command))
    assert _commands(cli.build_parser("no-such-command")) == everything
    grade = [a for a in cli.build_parser("grade")._actions if a.dest == "command"][0]
    assert "--provider" in grade.choices["grade"]._option_string_actions
