"""The end-of-session report: every question, its scores and timing, and the three improvements
that matter most across the session. Markdown for a mentor; HTML that prints cleanly."""

import html
from collections import Counter
from dataclasses import dataclass

from sim.domain.diagram import WHITEBOARD
from sim.domain.feedback import Feedback
from sim.domain.markdown import code_fence, escape_markdown


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


@dataclass(frozen=True)
class SessionReport:
    title: str
    items: list[ReportItem]
    improvements: list[str]
    mean_overall: float | None


def _mmss(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds // 60}:{seconds % 60:02d}"


def top_improvements(feedbacks: list[Feedback], limit: int = 3) -> list[str]:
    """The dimension gaps that recur most across answers, each with its most common advice."""
    by_dimension: Counter[str] = Counter()
    advice: dict[str, Counter[str]] = {}
    for feedback in feedbacks:
        for dim in feedback.dimensions:
            if dim.level is None or dim.level < 3:
                by_dimension[dim.title] += 1
                tip = dim.hint.removeprefix("Next:").strip() or dim.next_level
                advice.setdefault(dim.title, Counter())[tip] += 1
    ranked = [title for title, _ in by_dimension.most_common()]
    return [f"{title}: {advice[title].most_common(1)[0][0]}" for title in ranked[:limit]]


def build_report(title: str, items: list[ReportItem]) -> SessionReport:
    graded = [i.feedback for i in items if i.feedback is not None]
    overalls = [f.overall for f in graded if f.overall is not None]
    mean = round(sum(overalls) / len(overalls), 2) if overalls else None
    return SessionReport(title, items, top_improvements(graded), mean)


def to_markdown(report: SessionReport) -> str:
    """Everything the candidate, the bank or a grader wrote is escaped; the answer stays
    verbatim inside a fence longer than any backtick run in it."""
    esc = escape_markdown
    lines = [f"# {esc(report.title)}", ""]
    if report.mean_overall is not None:
        lines += [f"Mean overall: **{report.mean_overall:.2f} / 4**", ""]
    lines += ["| # | question | overall | signal | time | limit |", "|---|---|---|---|---|---|"]
    for n, item in enumerate(report.items, 1):
        overall = f"{item.feedback.overall:.2f}" if item.feedback and item.feedback.overall else "-"
        signal = esc(item.feedback.signal) if item.feedback else "not graded"
        lines.append(
            f"| {n} | {esc(item.question_id)} | {overall} | {signal} | "
            f"{_mmss(item.elapsed_s)} | {_mmss(item.time_limit_s)} |"
        )
    lines += ["", "## The three improvements that matter most", ""]
    lines += [f"{n}. {esc(tip)}" for n, tip in enumerate(report.improvements, 1)] or ["- (none)"]
    for n, item in enumerate(report.items, 1):
        prompt = esc(item.prompt).replace("\n", "\n> ")
        lines += ["", f"## {n}. {esc(item.question_id)}", "", f"> {prompt}", ""]
        if item.time_to_requirements_s is not None:
            lines.append(f"Requirements stated after {_mmss(item.time_to_requirements_s)}.")
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
            f"</blockquote><pre>{esc(item.answer)}</pre>{board}{probes}<ul>{dims}</ul></section>"
        )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{esc(report.title)}</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;line-height:1.45}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}"
        "pre{white-space:pre-wrap;background:#f6f6f6;padding:.8rem}"
        "section{page-break-inside:avoid}</style></head><body>"
        f"<h1>{esc(report.title)}</h1><table><tr><th>#</th><th>question</th><th>overall</th>"
        f"<th>signal</th><th>time</th></tr>{rows}</table>"
        f"<h2>The three improvements that matter most</h2><ol>{tips}</ol>"
        + "".join(sections)
        + "</body></html>"
    )
