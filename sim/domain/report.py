"""The end-of-session report: every question, its scores and timing, the round verdict, the three
improvements that matter most across the session and what to practise next. Markdown for a
mentor; HTML that prints cleanly. Built from stored attempts each time it is shown."""

import html
from collections import Counter
from dataclasses import dataclass, field

from sim.domain.diagram import WHITEBOARD
from sim.domain.feedback import Feedback, concrete_hint
from sim.domain.interviewer import RoomContext
from sim.domain.markdown import code_fence, escape_markdown, numbered_list
from sim.domain.practice_next import PracticeSuggestion
from sim.domain.round_verdict import RoundVerdict
from sim.domain.types import MAX_LEVEL

STAFF_LEVEL = 3  # below it a dimension is a gap to close; at it, a step to the top level


@dataclass(frozen=True)
class ReportItem:
    question_id: str
    prompt: str
    answer: str
    feedback: Feedback | None
    grader: str
    elapsed_s: int | None
    time_limit_s: int
    time_to_requirements_s: int | None
    follow_ups: list[tuple[str, str, str]]  # (question, status, answer)
    diagram: str | None = None  # the whiteboard's DOT text (system design)
    topic: str = ""
    room: RoomContext | None = None  # the interview room's exchanges (system design)


@dataclass(frozen=True)
class SessionReport:
    title: str
    items: list[ReportItem]
    improvements: list[str]
    mean_overall: float | None
    verdict: RoundVerdict | None = None
    practice: list[PracticeSuggestion] = field(default_factory=list)


def _mmss(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds // 60}:{seconds % 60:02d}"


def top_improvements(feedbacks: list[Feedback], limit: int = 3) -> list[str]:
    """Up to `limit` different pieces of advice, most telling first: the below-Staff dimensions
    that recur most, each with its most common advice; then those dimensions' other advice, the
    key points missed most often, and the steps from Staff to the top level. So there are three
    whenever the session's evidence holds three, and no advice is given twice (two dimensions
    can carry the same hint)."""
    gaps: Counter[str] = Counter()  # dimension title -> answers below Staff
    advice: dict[str, Counter[str]] = {}
    steps: Counter[str] = Counter()  # "title: advice" at Staff, short of the top level
    missed: Counter[str] = Counter()
    for feedback in feedbacks:
        for dim in feedback.dimensions:
            tip = concrete_hint(dim.hint) or dim.next_level
            if dim.level is None or dim.level < STAFF_LEVEL:
                gaps[dim.title] += 1
                advice.setdefault(dim.title, Counter())[tip] += 1
            elif dim.level < MAX_LEVEL:
                steps[f"{dim.title}: {tip}"] += 1
        missed.update(feedback.key_points_missed)
    ranked = [title for title, _ in gaps.most_common()]
    candidates: list[tuple[str, str]] = []  # (advice as shown, what makes it the same advice)
    for rank in range(max((len(c) for c in advice.values()), default=0)):
        for title in ranked:
            tips = advice[title].most_common()
            if rank < len(tips):
                candidates.append((f"{title}: {tips[rank][0]}", tips[rank][0]))
    candidates += [(f"Cover the missed key point: {p}", p) for p, _ in missed.most_common()]
    candidates += [(text, text.split(": ", 1)[-1]) for text, _ in steps.most_common()]
    chosen: list[str] = []
    seen: set[str] = set()
    for text, key in candidates:
        if key.casefold() not in seen and len(chosen) < limit:
            seen.add(key.casefold())
            chosen.append(text)
    return chosen


def build_report(
    title: str,
    items: list[ReportItem],
    *,
    verdict: RoundVerdict | None = None,
    practice: list[PracticeSuggestion] | None = None,
) -> SessionReport:
    graded = [i.feedback for i in items if i.feedback is not None]
    overalls = [f.overall for f in graded if f.overall is not None]
    mean = round(sum(overalls) / len(overalls), 2) if overalls else None
    return SessionReport(title, items, top_improvements(graded), mean, verdict, practice or [])


def practice_line(suggestion: PracticeSuggestion) -> str:
    """One suggestion as plain text (the caller escapes it for its format)."""
    return f"{suggestion.question_id} — {suggestion.opening} ({suggestion.reason})"


ROOM_HEADING = "Interview room"


def _room_markdown(room: RoomContext | None) -> list[str]:
    """The clarifying exchanges and the requirement change, escaped like the follow-ups."""
    if room is None or not (room.clarifications or room.change):
        return []
    lines = ["", f"### {ROOM_HEADING}"]
    for c in room.clarifications:
        lines += ["", f"**You:** {escape_markdown(c.question)}"]
        lines += ["", f"**Interviewer:** {escape_markdown(c.answer)}"]
    if room.change:
        lines += ["", f"**Requirement change:** {escape_markdown(room.change)}"]
    return lines


def _room_html(room: RoomContext | None) -> str:
    if room is None or not (room.clarifications or room.change):
        return ""
    esc = html.escape
    said = "".join(
        f"<p><b>You:</b> {esc(c.question)}<br><b>Interviewer:</b> {esc(c.answer)}</p>"
        for c in room.clarifications
    )
    change = f"<p><b>Requirement change:</b> {esc(room.change)}</p>" if room.change else ""
    return f"<h3>{ROOM_HEADING}</h3>{said}{change}"


def to_markdown(report: SessionReport) -> str:
    """Everything the candidate, the bank or a grader wrote is escaped; the answer stays
    verbatim inside a fence longer than any backtick run in it."""
    esc = escape_markdown
    lines = [f"# {esc(report.title)}", ""]
    if report.mean_overall is not None:
        lines += [f"Mean overall: **{report.mean_overall:.2f} / 4**", ""]
    if report.verdict is not None:
        lines += [f"## Round verdict: {esc(report.verdict.label)}", ""]
        lines += [f"- {esc(reason)}" for reason in report.verdict.reasons] + [""]
    lines += ["| # | question | overall | signal | time | limit |", "|---|---|---|---|---|---|"]
    for n, item in enumerate(report.items, 1):
        overall = f"{item.feedback.overall:.2f}" if item.feedback and item.feedback.overall else "-"
        signal = esc(item.feedback.signal) if item.feedback else "not graded"
        lines.append(
            f"| {n} | {esc(item.question_id)} | {overall} | {signal} | "
            f"{_mmss(item.elapsed_s)} | {_mmss(item.time_limit_s)} |"
        )
    lines += ["", "## The three improvements that matter most", ""]
    lines.append(numbered_list(report.improvements) or "- (none)")
    if report.practice:
        lines += ["", "## What to practise next", ""]
        lines.append(numbered_list([practice_line(p) for p in report.practice]))
    for n, item in enumerate(report.items, 1):
        prompt = esc(item.prompt).replace("\n", "\n> ")
        lines += ["", f"## {n}. {esc(item.question_id)}", "", f"> {prompt}", ""]
        if item.time_to_requirements_s is not None:
            lines.append(f"Requirements stated after {_mmss(item.time_to_requirements_s)}.")
        lines += _room_markdown(item.room)
        fence = code_fence(item.answer)
        lines += ["", "### Answer", "", f"{fence}text", item.answer, fence]
        if item.diagram:
            fence = code_fence(item.diagram)
            lines += ["", f"### {WHITEBOARD}", "", f"{fence}dot", item.diagram, fence]
        for question, status, answer in item.follow_ups:
            reply = esc(answer) if answer else "-"
            lines += ["", f"**Follow-up:** {esc(question)}", "", f"_{esc(status)}_: {reply}"]
        if item.feedback:
            lines += ["", f"### Feedback ({esc(item.grader)})", ""]
            for dim in item.feedback.dimensions:
                level = dim.level if dim.level is not None else "-"
                lines.append(
                    f"- **{esc(dim.title)} {level}** ({esc(dim.level_label)}): {esc(dim.reason)}"
                )
    return "\n".join(lines) + "\n"


def to_html(report: SessionReport) -> str:
    """A standalone page (print it to PDF from the browser); all user text escaped."""
    esc = html.escape
    rows = "".join(
        f"<tr><td>{n}</td><td>{esc(i.question_id)}</td>"
        f"<td>{esc(f'{i.feedback.overall:.2f}') if i.feedback and i.feedback.overall else '-'}</td>"
        f"<td>{esc(i.feedback.signal) if i.feedback else 'not graded'}</td>"
        f"<td>{_mmss(i.elapsed_s)} / {_mmss(i.time_limit_s)}</td></tr>"
        for n, i in enumerate(report.items, 1)
    )
    tips = "".join(f"<li>{esc(t)}</li>" for t in report.improvements)
    verdict = ""
    if report.verdict is not None:
        reasons = "".join(f"<li>{esc(r)}</li>" for r in report.verdict.reasons)
        verdict = f"<h2>Round verdict: {esc(report.verdict.label)}</h2><ul>{reasons}</ul>"
    practice = ""
    if report.practice:
        picks = "".join(f"<li>{esc(practice_line(p))}</li>" for p in report.practice)
        practice = f"<h2>What to practise next</h2><ol>{picks}</ol>"
    mean = (
        f"<p>Mean overall: <b>{report.mean_overall:.2f} / 4</b></p>"
        if report.mean_overall is not None
        else ""
    )
    sections = []
    for n, item in enumerate(report.items, 1):
        dims = "".join(
            f"<li><b>{esc(d.title)} {d.level if d.level is not None else '-'}</b> "
            f"({esc(d.level_label)}): {esc(d.reason)}</li>"
            for d in (item.feedback.dimensions if item.feedback else [])
        )
        probes = "".join(
            f"<p><b>Follow-up:</b> {esc(q)}<br><i>{esc(s)}</i>: {esc(a or '-')}</p>"
            for q, s, a in item.follow_ups
        )
        board = f"<h3>{WHITEBOARD}</h3><pre>{esc(item.diagram)}</pre>" if item.diagram else ""
        sections.append(
            f"<section><h2>{n}. {esc(item.question_id)}</h2><blockquote>{esc(item.prompt)}"
            f"</blockquote>{_room_html(item.room)}<pre>{esc(item.answer)}</pre>{board}{probes}<ul>{dims}</ul></section>"
        )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{esc(report.title)}</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;line-height:1.45}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}"
        "pre{white-space:pre-wrap;background:#f6f6f6;padding:.8rem}"
        "section{page-break-inside:avoid}</style></head><body>"
        f"<h1>{esc(report.title)}</h1>{mean}{verdict}<table><tr><th>#</th><th>question</th><th>overall</th>"
        f"<th>signal</th><th>time</th></tr>{rows}</table>"
        f"<h2>The three improvements that matter most</h2><ol>{tips}</ol>{practice}"
        + "".join(sections)
        + "</body></html>"
    )
