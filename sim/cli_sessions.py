"""`sim sessions list` and `sim report SESSION_ID`: past interview sessions and their reports,
rebuilt from the stored answers exactly as History shows them."""

import argparse
import json
import sys
from pathlib import Path

from sim.cli_output import error


def _cmd_sessions_list(args: argparse.Namespace) -> int:
    from sim import session_reports
    from sim.storage.db import make_engine

    rows = session_reports.listing(make_engine(), limit=args.limit)
    if args.json:
        print(json.dumps([r.to_json_dict() for r in rows], indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("no interview sessions yet: start one on the Mock interview page")
    for r in rows:
        mean = f"{r.mean_overall:.2f}" if r.mean_overall is not None else "-"
        print(
            f"#{r.id:<5} {r.started:%Y-%m-%d %H:%M}  {r.status:<9} {r.questions:>2} q  "
            f"mean {mean:<5} {r.verdict or '-':<13} {r.title}"
        )
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from sim import session_reports
    from sim.domain.report import to_html, to_markdown
    from sim.storage.db import make_engine

    try:
        report = session_reports.report(make_engine(), args.session_id)
    except session_reports.UnknownSession:
        error(f"no interview session {args.session_id}: `sim sessions list` shows their ids")
        return 2
    text = to_markdown(report) if args.format == "md" else to_html(report)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    path = Path(args.output)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        error(f"cannot write {path}: {exc.strerror or exc}")
        return 2
    print(f"wrote {path}")
    return 0


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    sessions = sub.add_parser("sessions", help="past interview sessions")
    sessions_sub = sessions.add_subparsers(dest="sessions_command", required=True)
    listing = sessions_sub.add_parser("list", help="sessions, newest first, with their verdict")
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--limit", type=int, default=200)
    listing.set_defaults(func=_cmd_sessions_list)

    report = sub.add_parser("report", help="a session's report as Markdown or printable HTML")
    report.add_argument("session_id", type=int)
    report.add_argument("--format", choices=["md", "html"], default="md")
    report.add_argument("--output", help="write to this file instead of standard output")
    report.set_defaults(func=_cmd_report)
