"""The `sim` command line: grade an answer, check the bank, list sessions and print reports."""

import argparse
import json
import logging
import os
import sys
from pathlib import Path

# The command uses no pydantic plugins, and looking for them reads every installed package's
# metadata when the first model is built: a tenth of a short command's time. A user who has
# set the variable (to any value, an empty one included) keeps pydantic's own behaviour.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from sim.cli_output import error  # noqa: E402
from sim.domain.errors import DataFileError  # noqa: E402
from sim.llm.settings import SettingsError  # noqa: E402
from sim.user_messages import user_message  # noqa: E402

SIGPIPE_EXIT = 141  # what a shell reports for a command whose reader went away (128 + SIGPIPE)


def _cmd_bank_validate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sim import paths
    from sim.bank_stats import validate_all
    from sim.domain.bank import load_bank

    try:
        if args.file:
            files = [Path(f) for f in args.file]
            bank = load_bank(files, paths.QUESTION_BANK_DIR / "competencies.yaml")
            extra = ""
        else:
            loaded = validate_all()
            bank = loaded["bank"]
            extra = f", {len(loaded['formats'])} formats, {len(loaded['coverage'])} seed items"
    except DataFileError as exc:
        error(str(exc))
        return 1
    if bank.set_aside:  # each is named once on the way out (see main)
        error(
            f"{len(bank.set_aside)} user question file(s) set aside, each named below; "
            f"the other {len(bank.questions)} questions load"
        )
        return 1
    print(f"ok: {len(bank.questions)} questions, {len(bank.topics)} topics{extra}")
    return 0


def _cmd_bank_stats(args: argparse.Namespace) -> int:
    from sim.bank_stats import bank_stats

    stats = bank_stats()
    if args.json:
        print(json.dumps(stats, indent=2, ensure_ascii=False))
        return 0
    print(f"{stats['total']} questions, {stats['topics']} topics")
    for key in ("by_kind", "by_track", "by_difficulty"):
        print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in stats[key].items()))
    print(f"min key points {stats['min_key_points']}, min follow-ups {stats['min_follow_ups']}")
    print(f"seed items {stats['seed_items']}, uncovered {len(stats['uncovered_seed_items'])}")
    for item in stats["uncovered_seed_items"]:
        print(f"  uncovered: {item}")
    return 0


def _print_grade(outcome_dict: dict) -> None:
    overall = outcome_dict["overall"]
    print(
        f"{outcome_dict['question_id']}: {outcome_dict['signal']}"
        + (f" ({overall:.2f} / 4)" if overall is not None else "")
    )
    for dim in outcome_dict["dimensions"]:
        level = dim["level"] if dim["level"] is not None else "-"
        print(f"  {dim['title']:<11} {level}  {dim['level_label']}: {dim['reason']}")
        for quote in dim["evidence"]:
            print(f'      "{quote}"')
        print(f"      next level: {dim['next_level']}")
    for tip in outcome_dict["improvements"]:
        print(f"  * {tip}")


def _cmd_grade(args: argparse.Namespace) -> int:
    # The database code (sqlalchemy, sqlmodel) loads only on the branches that store: grading
    # with --no-save is a quick check from a script or an editor.
    from sim import catalog, judging
    from sim.llm.errors import LLMError

    try:
        grader = judging.grader_for(args.grader)
    except LLMError as exc:
        error(str(exc))
        return 2
    if args.attempt is not None:  # grade a stored (pending or failed) answer again
        if args.diagram:
            error("--diagram goes with QUESTION_ID ANSWER_FILE: a stored answer keeps its own")
            return 2
        from sim import service
        from sim.storage.db import make_engine

        try:
            outcome = service.regrade(make_engine(), args.attempt, grader)
        except KeyError as exc:
            error(str(exc).strip("'\""))
            return 2
        except service.GradingFailed as exc:
            error(f"{exc.__cause__}\nThe answer stays saved as #{exc.attempt_id}.")
            return 1
        return _emit(outcome.to_json_dict(), args.json)
    if not args.question_id or not args.answer_file:
        error("give QUESTION_ID ANSWER_FILE, or --attempt ID")
        return 2
    try:
        question = catalog.question(args.question_id)
    except KeyError:
        error(f"unknown question id {args.question_id!r} (see `sim bank list`)")
        return 2
    source = Path(args.answer_file)
    try:
        answer = sys.stdin.read() if args.answer_file == "-" else source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        error(f"cannot read answer file {source}: {exc}")
        return 2
    if not answer.strip():
        error(f"answer file {source} is empty")
        return 2
    diagram = _read_diagram(args.diagram) if args.diagram else None
    if diagram is False:
        return 2
    if args.no_save:
        from sim.grade_outcome import GradeOutcome

        verdict, feedback = judging.judge(
            judging.request_for(question, answer, diagram=diagram), grader, catalog.rubric()
        )
        outcome = GradeOutcome(
            0,
            None,
            question.id,
            grader.name,
            verdict.model,
            catalog.rubric().version,
            verdict,
            feedback,
            diagram=diagram,
        )
        return _emit(outcome.to_json_dict(), args.json)
    from sim import service
    from sim.storage.db import make_engine

    try:
        outcome = service.grade_answer(
            make_engine(), question, answer, grader=grader, diagram=diagram
        )
    except service.GradingFailed as exc:
        error(
            f"{exc.__cause__}\nThe answer is saved as #{exc.attempt_id}: retry with "
            f"`sim grade --attempt {exc.attempt_id}` (add --grader offline to grade it "
            "offline)."
        )
        return 1
    return _emit(outcome.to_json_dict(), args.json)


def _read_diagram(path_text: str) -> str | None | bool:
    """The whiteboard's DOT text (None when blank); False, with the reason said, when the file
    cannot be read. A diagram that does not parse is graded anyway (not counted), and said."""
    from sim.domain.diagram import parse

    source = Path(path_text)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        error(f"cannot read diagram file {source}: {exc}")
        return False
    for problem in parse(text).problems:
        error(f"diagram file {source}: {problem} (the diagram is not counted)")
    return text if text.strip() else None


def _emit(data: dict, as_json: bool) -> int:
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _print_grade(data)
    return 0


def _cmd_pending(args: argparse.Namespace) -> int:
    from sim import leases
    from sim.storage import repo
    from sim.storage.db import make_engine

    pending = repo.pending_attempts(make_engine(), limit=None)
    for attempt in pending:
        state = leases.pending_state(attempt)
        detail = attempt.last_error or ""
        if attempt.lease_holder:
            detail = f"lease {attempt.lease_holder} until {attempt.lease_expires_at:%H:%M:%S}"
        print(f"#{attempt.id:<6} {attempt.question_id:<40} {state:<11} {detail}")
    if not pending:
        print("no answers waiting for a grade")
    return 0


def _cmd_bank_list(args: argparse.Namespace) -> int:
    from sim import catalog

    for q in catalog.bank().questions:
        if args.kind and q.kind.value != args.kind:
            continue
        print(f"{q.id:<40} {q.kind.value:<14} {q.time_limit_min:>3} min  {q.topic}")
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sim import catalog
    from sim.evaluation.runner import grade_items, parse_lines, summarise

    path = Path(args.file)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        error(f"cannot read {path}: {exc}")
        return 2
    from sim import service
    from sim.llm.errors import LLMError

    try:
        grader = service.grader_for(args.grader)
    except LLMError as exc:
        error(str(exc))
        return 2
    bank = catalog.bank()
    items, problems = parse_lines(lines, bank)
    for problem in problems:
        error(f"{path}: {problem} (skipped)")
    try:
        scored = grade_items(items, grader, catalog.rubric(), bank)
    except LLMError as exc:  # a provider failure stops the run with its message
        error(str(exc))
        return 1
    summary = summarise(scored, args.grader, bank, with_baselines=args.baseline)
    summary["skipped_lines"] = len(problems)
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(
        f"{summary['grader']}: n={summary['n']} spearman={summary['spearman']} "
        f"pearson={summary['pearson']} qwk={summary['qwk']} "
        f"pairwise={summary['pairwise_accuracy']} ({summary['pairs']} pairs, "
        f"{summary['tied_pairs']} tied) median={summary['median_ms']} ms"
    )
    for kind, figures in summary["by_kind"].items():
        print(
            f"  {kind:<14} n={figures['n']} spearman={figures['spearman']} "
            f"pairwise={figures['pairwise_accuracy']}"
        )
    for name, figures in summary.get("baselines", {}).items():
        print(
            f"  baseline {name:<18} spearman={figures['spearman']} "
            f"pairwise={figures['pairwise_accuracy']} ({figures['tied_pairs']} tied)"
        )
    return 0


_OWN_COMMANDS = ("bank", "pending", "eval", "grade")
# The commands other modules define (see _register_others), in the order `sim --help` lists them.
_OTHER_COMMANDS = ("stories", "interview", "sessions", "report", "providers", "plan", "review")


def _register_others(sub: "argparse._SubParsersAction", wanted: str | None) -> None:
    """The other modules' commands: all of them, or only the module defining `wanted`."""

    def needed(*commands: str) -> bool:
        return wanted is None or wanted in commands

    if needed("stories"):
        from sim.stories.cli import register as register_stories

        register_stories(sub)
    if needed("interview"):
        from sim.interview_cli import register as register_interview

        register_interview(sub)
    if needed("sessions", "report"):
        from sim.cli_sessions import register as register_sessions

        register_sessions(sub)
    if needed("providers", "grade"):  # it adds `sim grade --provider NAME` too
        from sim.providers_cli import register as register_providers

        register_providers(sub)
    if needed("plan", "review"):
        from sim.plan_cli import register as register_plans

        register_plans(sub)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Every command's parser, or (given a known command) that command's alone: `sim grade`
    then imports neither the lint rules nor the modules of commands it is not running."""
    wanted = command if command in (*_OWN_COMMANDS, *_OTHER_COMMANDS) else None
    parser = argparse.ArgumentParser(prog="sim", description="Staff mock-interview simulator")
    sub = parser.add_subparsers(dest="command", required=True)

    bank = sub.add_parser("bank", help="question bank tools")
    bank_sub = bank.add_subparsers(dest="bank_command", required=True)
    validate = bank_sub.add_parser("validate", help="validate every question file")
    validate.add_argument("--file", action="append", help="validate only this file (repeatable)")
    validate.set_defaults(func=_cmd_bank_validate)
    stats = bank_sub.add_parser("stats", help="counts by kind and track, seed coverage")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=_cmd_bank_stats)
    listing = bank_sub.add_parser("list", help="list question ids")
    listing.add_argument("--kind", choices=["system_design", "behavioral", "deep_dive"])
    listing.set_defaults(func=_cmd_bank_list)
    if wanted in (None, "bank"):
        from sim.bank_lint import register as register_lint

        register_lint(bank_sub)

    pending = sub.add_parser("pending", help="answers saved but not graded (failed or interrupted)")
    pending.set_defaults(func=_cmd_pending)

    evaluate = sub.add_parser("eval", help="measure a grader against a labeled JSONL file")
    evaluate.add_argument("file")
    evaluate.add_argument("--grader", choices=["offline", "llm"], default="offline")
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument(
        "--baseline",
        action="store_true",
        help="also print word-count and reference-overlap figures on the same file",
    )
    evaluate.set_defaults(func=_cmd_eval)

    grade = sub.add_parser("grade", help="grade an answer file against a bank question")
    grade.add_argument("question_id", nargs="?")
    grade.add_argument("answer_file", nargs="?", help="a text file, or - for standard input")
    grade.add_argument(
        "--grader",
        choices=["offline", "llm"],
        help="default: llm when a provider is configured, else offline",
    )
    grade.add_argument(
        "--attempt", type=int, help="grade a stored answer again (e.g. a failed one)"
    )
    grade.add_argument(
        "--diagram",
        metavar="DIAGRAM_FILE",
        help="the whiteboard drawn with the answer, in Graphviz DOT (digraph { a -> b })",
    )
    grade.add_argument("--json", action="store_true", help="print the grade as JSON")
    grade.add_argument("--no-save", action="store_true", help="do not store the answer and grade")
    grade.set_defaults(func=_cmd_grade)
    _register_others(sub, wanted)
    return parser


def _report_set_aside() -> None:
    """Each user question file the bank left out, named once, whatever the command did."""
    from sim import catalog

    bank = catalog.loaded_bank()
    for problem in bank.set_aside if bank else ():
        error(f"warning: set aside (the rest of the bank loads; the file is untouched): {problem}")


def _quiet_logs() -> None:
    """Warnings the product logs (a failed grading, a token estimate) repeat what the command
    already says: without a handler Python would print them to stderr too, so each message
    appeared twice. Only errors are printed."""
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")


def _reader_gone() -> int:
    """stdout's reader closed early (`sim bank list | head -1`): stop quietly. Later writes,
    the interpreter's own final flush included, go nowhere instead of raising again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return SIGPIPE_EXIT


def main(argv: list[str] | None = None) -> int:
    _quiet_logs()
    argv = sys.argv[1:] if argv is None else argv
    command = argv[0] if argv and not argv[0].startswith("-") else None
    args = build_parser(command).parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        return _reader_gone()
    except Exception as exc:
        # A failure the user can act on (a data file, a setting, the database, the LLM): one
        # message, no traceback. Anything else is a bug and keeps its traceback.
        message = user_message(exc)
        if message is None:
            raise
        error(f"error: {message}")
        return 2 if isinstance(exc, SettingsError) else 1
    finally:
        _report_set_aside()


if __name__ == "__main__":
    sys.exit(main())
