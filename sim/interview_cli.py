"""`sim interview ...`: the interview room from scripts (ask the interviewer)."""

import argparse
import json

from sim.cli_output import error


def _cmd_ask(args: argparse.Namespace) -> int:
    from sim import catalog, interview_room

    if args.question_id not in catalog.bank().by_id():
        error(f"error: unknown question id {args.question_id!r} (see `sim bank list`)")
        return 2
    try:
        reply = interview_room.ask_about(args.question_id, args.question)
    except interview_room.NoInterviewerNotes as exc:
        error(f"error: {exc}")
        return 2
    if args.json:
        facts = [{"kind": f.kind.value, "answer": f.answer} for f in reply.facts]
        print(json.dumps({"answer": reply.answer, "source": reply.source, "facts": facts}))
    else:
        print(reply.answer)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    interview = sub.add_parser("interview", help="the interview room")
    room = interview.add_subparsers(dest="interview_command", required=True)
    ask = room.add_parser("ask", help="ask the interviewer of a system-design question")
    ask.add_argument("question_id")
    ask.add_argument("question", help="your clarifying question")
    ask.add_argument("--json", action="store_true", help="print answer, source and facts as JSON")
    ask.set_defaults(func=_cmd_ask)
