"""`sim stories ...` commands: list, grade, coverage, export, import.

Errors are one clear line on stderr with exit code 2 (bad input) or 1 (a grader failed)."""

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from sim.domain.stories import StoryGradeRecord

# The stories models load inside each command: building the parser for another command (a quick
# `sim grade`) must not pay for them.


def _engine() -> "Engine":
    from sim.storage.db import make_engine

    return make_engine()


def _fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def _cmd_list(args: argparse.Namespace) -> int:
    from sim.stories import service
    from sim.stories.views import story_rows

    engine = _engine()
    rows = story_rows(service.list_stories(engine), service.grades(engine))
    for row in rows:
        del row["questions"]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("no stories yet: write one on the Stories page or `sim stories import FILE`")
        return 0
    for row in rows:
        grade = f"{row['signal']} {row['overall']:.2f}" if row["overall"] is not None else "-"
        if row["signal"] and row["overall"] is None:
            grade = row["signal"]
        stale = " (edited since graded)" if row["stale"] else ""
        print(
            f"#{row['id']:<4} {row['title'][:48]:<48} {grade}{stale} · {row['words']} words "
            f"~{row['spoken']} · {', '.join(row['tags']) or 'no tags'}"
        )
    return 0


def _print_grade(story_title: str, grade: "StoryGradeRecord") -> None:
    overall = f" ({grade.overall:.2f} / 4)" if grade.overall is not None else ""
    against = f"against {grade.question_id}" if grade.question_id else "on its own"
    print(f"#{grade.story_id} {story_title}: {grade.signal}{overall}, {against}, by {grade.grader}")
    for dim in grade.feedback.dimensions:
        level = dim.level if dim.level is not None else "-"
        print(f"  {dim.title:<11} {level}  {dim.level_label}: {dim.reason}")
        for quote in dim.evidence:
            print(f'      "{quote}"')
    checks = grade.checks
    share = f"{checks.action_i_share:.0%}" if checks.action_i_share is not None else "n/a"
    print(
        f"  story: STAR {'complete' if checks.star_complete else 'incomplete'} · 'I' in Action "
        f"{share} · numbers {', '.join(checks.numbers) or 'none'} · scope "
        f"{', '.join(checks.scope) or 'none'} · reflection {'yes' if checks.reflection else 'no'}"
    )
    for tip in grade.suggestions:
        print(f"  * {tip}")


def _cmd_grade(args: argparse.Namespace) -> int:
    from sim import service as answers
    from sim.domain.stories import StoryError
    from sim.llm.errors import LLMError
    from sim.stories import service

    if args.all == (args.story_id is not None):
        return _fail("give a story ID or --all (see `sim stories list`)")
    try:
        grader = answers.grader_for(args.grader)
    except LLMError as exc:
        return _fail(str(exc))
    engine = _engine()
    try:
        if args.question:
            service.question(args.question)
        stories = (
            service.list_stories(engine) if args.all else [service.get_story(engine, args.story_id)]
        )
        results = [
            (s, service.grade_story(engine, s.id, grader, args.question or "")) for s in stories
        ]
    except StoryError as exc:
        return _fail(str(exc))
    except service.StoryGradingFailed as exc:
        return _fail(f"{exc.__cause__}\nStory #{exc.story_id} stays saved; grade it again.", 1)
    if args.json:
        data = [{**g.model_dump(mode="json"), "staff_level": g.staff_level} for _, g in results]
        print(json.dumps(data if args.all else data[0], indent=2, ensure_ascii=False))
        return 0
    if not results:
        print("no stories to grade")
    for story, grade in results:
        _print_grade(story.title, grade)
    return 0


def _cmd_coverage(args: argparse.Namespace) -> int:
    from sim.domain.stories import STAFF_BAR
    from sim.stories import service
    from sim.stories.coverage import OVERUSE_LIMIT

    matrix = service.coverage(_engine())
    if args.json:
        data = matrix.model_dump(mode="json")
        data["uncovered_questions"] = [r.question_id for r in matrix.uncovered_questions]
        data["uncovered_competencies"] = [r.competency for r in matrix.uncovered_competencies]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    covered = len(matrix.questions) - len(matrix.uncovered_questions)
    print(f"{covered} of {len(matrix.questions)} behavioral questions have a story")
    print(
        f"milestone: {matrix.staff_covered} of {matrix.target} covered by a story graded at "
        f"Staff level (overall >= {STAFF_BAR}; one story counts for at most {OVERUSE_LIMIT})"
    )
    for row in matrix.questions:
        story = f"#{row.story_id} {row.story_title[:40]} ({row.how})" if row.story_id else "—"
        grade = f" {row.signal}" if row.signal else ""
        grade += " *" if row.counted else ""
        print(f"  {row.question_id:<42} {story}{grade}")
    missing = [r.competency for r in matrix.uncovered_competencies]
    print("competencies with no story: " + (", ".join(missing) or "none"))
    for story_id in matrix.overused:
        print(f"over-used: story #{story_id} answers {matrix.usage[story_id]} questions")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from sim.stories import service

    engine = _engine()
    text = service.export_markdown(engine)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc}")
    count = len(service.list_stories(engine))
    print(f"exported {count} stories to {args.output}", file=sys.stderr)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from sim.domain.stories import StoryError
    from sim.stories import service

    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(f"cannot read {args.file}: {exc}")
    try:
        report = service.import_markdown(_engine(), text)
    except StoryError as exc:
        return _fail(f"{args.file}: {exc} (nothing imported)")
    if args.json:
        data = {
            "imported": [{"id": s.id, "title": s.title} for s in report.imported],
            "skipped": report.skipped,
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"imported {len(report.imported)} stories, skipped {len(report.skipped)} already here")
    for title in report.skipped:
        print(f"  skipped: {title}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Adds the `stories` command group to the `sim` parser."""
    stories = sub.add_parser("stories", help="the STAR story bank")
    cmds = stories.add_subparsers(dest="stories_command", required=True)

    listing = cmds.add_parser("list", help="stories with their latest grade")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=_cmd_list)

    grade = cmds.add_parser("grade", help="grade a story (or all) as a behavioral answer")
    grade.add_argument(
        "story_id", nargs="?", type=int, help="the story's number (sim stories list)"
    )
    grade.add_argument("--all", action="store_true", help="grade every story")
    grade.add_argument("--question", help="grade against this behavioral question id")
    grade.add_argument(
        "--grader",
        choices=["offline", "llm"],
        help="default: llm when a provider is configured, else offline",
    )
    grade.add_argument("--json", action="store_true")
    grade.set_defaults(func=_cmd_grade)

    cover = cmds.add_parser("coverage", help="which questions and competencies have a story")
    cover.add_argument("--json", action="store_true")
    cover.set_defaults(func=_cmd_coverage)

    export = cmds.add_parser("export", help="write every story as Markdown")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.set_defaults(func=_cmd_export)

    imp = cmds.add_parser("import", help="read stories from a Markdown export, skipping duplicates")
    imp.add_argument("file", help="a Markdown file, or - for standard input")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=_cmd_import)
