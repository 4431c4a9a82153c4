"""`sim bank lint`: the bank's matching data checked as the grader reads it (see
sim.domain.alias_lint). Exit 1 with one `file: question 'id': field ...: message` line a problem."""

import argparse
import json
from collections import Counter
from pathlib import Path

from sim import catalog, paths
from sim.cli_output import error
from sim.domain.alias_lint import CHECKS, Linter, LintProblem, load_rules

RULES_FILE = "lint.yaml"


def lint_bank(only: list[Path] | None = None) -> list[LintProblem]:
    """Every shipped and user question (the generic check measures against all of them); with
    `only`, the problems of the questions from those files."""
    bank = catalog.bank()
    rules = load_rules(paths.QUESTION_BANK_DIR / RULES_FILE)
    linter = Linter(bank.questions, rules, catalog.lexicon())
    wanted = {p.resolve() for p in only} if only else None
    problems = []
    for q in bank.questions:
        path = bank.origin.get(q.id)
        if wanted is not None and (path is None or path.resolve() not in wanted):
            continue
        problems += linter.question(q, str(path) if path else "question_bank")
    return problems


def _cmd_lint(args: argparse.Namespace) -> int:
    problems = lint_bank([Path(f) for f in args.file] if args.file else None)
    counts = Counter(p.check for p in problems)
    if args.json:
        summary = {"problems": [p.to_json_dict() for p in problems]}
        summary["counts"] = {check: counts.get(check, 0) for check in CHECKS}
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(problem.line)
    if problems:
        error(f"{len(problems)} problem(s): " + ", ".join(f"{c} {n}" for c, n in counts.items()))
        return 1
    if not args.json:
        print(f"ok: {len(catalog.bank().questions)} questions, no alias problems")
    return 0


def register(bank_sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    lint = bank_sub.add_parser(
        "lint",
        help="check aliases: free credit from the prompt, generic, wrong answers, never matching",
    )
    lint.add_argument("--file", action="append", help="report only this file (repeatable)")
    lint.add_argument("--json", action="store_true")
    lint.set_defaults(func=_cmd_lint)
