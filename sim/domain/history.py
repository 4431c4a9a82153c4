"""Review of past answers: filters, pages, chart points and the comparison of two attempts.

Pure types and arithmetic only: storage fills the records, the service composes them, the UI
shows them. Dates are UTC calendar days (the times are stored in UTC)."""

import difflib
import math
import re
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from sim.domain.drafts import is_live_draft
from sim.domain.feedback import Feedback
from sim.domain.records import AttemptRecord
from sim.domain.statuses import AttemptStatus
from sim.domain.types import DIMENSIONS

OVERALL = "overall"
SCORE_FIELDS: tuple[str, ...] = (OVERALL, *(d.value for d in DIMENSIONS))
Period = Literal["day", "week", "month"]


class HistoryFilters(BaseModel):
    """What the History page narrows to. Unset fields do not filter. A score range on a dimension
    keeps only answers whose latest grade judged that dimension within [score_min, score_max]."""

    model_config = ConfigDict(frozen=True)

    date_from: date | None = None
    date_to: date | None = None  # inclusive
    kind: str | None = None
    track: str | None = None
    topic: str | None = None
    question_id: str | None = None
    session_id: int | None = None
    score_on: str = OVERALL  # "overall" or a rubric dimension id
    score_min: float | None = None
    score_max: float | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "HistoryFilters":
        if self.score_on not in SCORE_FIELDS:
            raise ValueError(f"score_on must be one of {', '.join(SCORE_FIELDS)}")
        if (
            self.score_min is not None
            and self.score_max is not None
            and self.score_min > self.score_max
        ):
            raise ValueError("score_min is above score_max")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")
        return self

    @property
    def scored(self) -> bool:
        return self.score_min is not None or self.score_max is not None


class HistoryRow(BaseModel):
    """One answer in the History table, with its latest grade (if any)."""

    attempt_id: int
    question_id: str
    kind: str
    topic: str
    tracks: list[str]
    status: str
    started_at: datetime
    submitted_at: datetime | None
    session_id: int | None = None
    session_title: str = ""
    session_status: str | None = None
    grade_id: int | None = None
    grader: str = ""
    overall: float | None = None
    signal: str = ""
    levels: dict[str, int | None] = {}  # dimension id -> level (None: not enough evidence)

    @property
    def live(self) -> bool:
        """A draft still being answered (Practice, or a running interview): not gradable here."""
        return is_live_draft(self.status, self.session_id, self.session_status)

    @property
    def status_label(self) -> str:
        if self.live and self.session_id:
            return f"live draft · interview #{self.session_id}"
        if self.live:
            return "live draft · Practice"
        if self.status == AttemptStatus.DRAFT:
            return "draft · never submitted"
        return self.status


class HistoryPage(BaseModel):
    rows: list[HistoryRow]
    total: int  # answers matching the filters, on every page
    page: int  # 1-based
    page_size: int

    @property
    def pages(self) -> int:
        return pages_for(self.total, self.page_size)


class FilterOptions(BaseModel):
    """What the stored answers offer to filter on."""

    total: int
    first_day: date | None
    last_day: date | None
    topics: list[str]
    sessions: list[int]
    latest_grade_id: int | None = None  # with total: changes whenever a chart could change


class DimensionPoint(BaseModel):
    """Mean level of one dimension over the answers graded in one period."""

    day: date  # first day of the period
    dimension: str
    mean_level: float
    answers: int


class TopicScore(BaseModel):
    topic: str
    mean_overall: float
    answers: int


class ChartData(BaseModel):
    levels: list[DimensionPoint]  # per UTC day
    topics: list[TopicScore]

    @property
    def empty(self) -> bool:
        return not self.levels and not self.topics


class SessionSummary(BaseModel):
    id: int
    title: str
    format_id: str
    status: str
    started_at: datetime
    answers: int
    graded: int
    mean_overall: float | None


class DimensionChange(BaseModel):
    dimension: str
    title: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


class DiffChunk(BaseModel):
    op: Literal["same", "added", "removed"]
    text: str


class Comparison(BaseModel):
    """Two attempts at the same question: `before` is the older one, changes are after - before."""

    before: AttemptRecord
    after: AttemptRecord
    overall_before: float | None
    overall_after: float | None
    dimensions: list[DimensionChange]
    diff: list[DiffChunk]

    @property
    def overall_change(self) -> float | None:
        if self.overall_before is None or self.overall_after is None:
            return None
        return round(self.overall_after - self.overall_before, 2)

    @property
    def words_added(self) -> int:
        return sum(len(c.text.split()) for c in self.diff if c.op == "added")

    @property
    def words_removed(self) -> int:
        return sum(len(c.text.split()) for c in self.diff if c.op == "removed")


def pages_for(total: int, page_size: int) -> int:
    return max(1, math.ceil(total / page_size)) if page_size > 0 else 1


def clamp_page(page: int, total: int, page_size: int) -> int:
    return min(max(1, page), pages_for(total, page_size))


def dimension_changes(
    before: Feedback | None, after: Feedback | None, titles: dict[str, str] | None = None
) -> list[DimensionChange]:
    """Per rubric dimension, the level in each feedback (None when ungraded or unjudged)."""
    titles = titles or {}

    def levels(feedback: Feedback | None) -> dict[str, int | None]:
        if feedback is None:
            return {}
        return {d.dimension.value: d.level for d in feedback.dimensions}

    old, new = levels(before), levels(after)
    return [
        DimensionChange(
            dimension=dim.value,
            title=titles.get(dim.value, dim.value.title()),
            before=old.get(dim.value),
            after=new.get(dim.value),
        )
        for dim in DIMENSIONS
    ]


_TOKEN = re.compile(r"\S+\s*")
MAX_DIFF_WORDS = 20_000  # beyond this a word diff is slow and unreadable anyway


def word_diff(before: str, after: str) -> list[DiffChunk]:
    """Word-level changes from `before` to `after` (whitespace differences are ignored)."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    if len(old) + len(new) > MAX_DIFF_WORDS:
        return [DiffChunk(op="removed", text=before), DiffChunk(op="added", text=after)]
    matcher = difflib.SequenceMatcher(
        a=[t.strip() for t in old], b=[t.strip() for t in new], autojunk=False
    )
    chunks: list[DiffChunk] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            chunks.append(DiffChunk(op="same", text="".join(new[j1:j2])))
            continue
        if i2 > i1:
            chunks.append(DiffChunk(op="removed", text="".join(old[i1:i2])))
        if j2 > j1:
            chunks.append(DiffChunk(op="added", text="".join(new[j1:j2])))
    return chunks


def render_word_diff(chunks: list[DiffChunk]) -> str:
    """Plain text in `git diff --word-diff` style: [-removed-] {+added+}."""
    parts = []
    for i, chunk in enumerate(chunks):
        if chunk.op == "same":
            parts.append(chunk.text)
            continue
        body, trailing = chunk.text.rstrip(), chunk.text[len(chunk.text.rstrip()) :]
        replaced = chunk.op == "removed" and i + 1 < len(chunks) and chunks[i + 1].op == "added"
        if replaced or not trailing:
            trailing = " "  # a replacement reads on one line: [-old-] {+new+}
        mark = ("[-", "-]") if chunk.op == "removed" else ("{+", "+}")
        parts.append(f"{mark[0]}{body}{mark[1]}{trailing}")
    return "".join(parts).rstrip()


def compare_attempts(
    first: AttemptRecord, second: AttemptRecord, titles: dict[str, str] | None = None
) -> Comparison:
    """Older attempt first; each compared by its latest grade."""
    before, after = sorted((first, second), key=lambda a: a.id)
    old, new = before.latest_grade, after.latest_grade
    return Comparison(
        before=before,
        after=after,
        overall_before=old.overall if old else None,
        overall_after=new.overall if new else None,
        dimensions=dimension_changes(
            old.feedback if old else None, new.feedback if new else None, titles
        ),
        diff=word_diff(before.answer, after.answer),
    )


def period_start(day: date, period: Period) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())  # Monday
    if period == "month":
        return day.replace(day=1)
    return day


def by_period(points: list[DimensionPoint], period: Period) -> list[DimensionPoint]:
    """Daily means merged into weekly or monthly ones (weighted by the number of answers)."""
    if period == "day":
        return sorted(points, key=lambda p: (p.day, p.dimension))
    sums: dict[tuple[date, str], tuple[float, int]] = {}
    for point in points:
        key = (period_start(point.day, period), point.dimension)
        total, count = sums.get(key, (0.0, 0))
        sums[key] = (total + point.mean_level * point.answers, count + point.answers)
    return [
        DimensionPoint(day=day, dimension=dim, mean_level=round(total / count, 3), answers=count)
        for (day, dim), (total, count) in sorted(sums.items())
        if count
    ]


def auto_period(first: date | None, last: date | None) -> Period:
    """Days for a couple of months, weeks for a year, months beyond: a readable number of points."""
    if first is None or last is None:
        return "day"
    span = (last - first).days
    if span <= 62:
        return "day"
    return "week" if span <= 400 else "month"
