"""Which text of an answer is the newest. An answer reaches the server by more than one way:
the box sends its text when it loses focus (or on Ctrl+Enter), the keystroke guard reports it
after a pause in typing, and another tab may have saved a draft. Each is stamped with the time
the server received it, and the newest wins, whichever way it came."""

from dataclasses import dataclass, field

from sim.domain.statuses import AttemptStatus, SessionStatus


@dataclass(frozen=True)
class Stamped:
    text: str
    at: float  # seconds since the epoch, when the server received the text


def newest(*candidates: Stamped | None) -> Stamped | None:
    """The most recently received text; on a tie the earlier candidate."""
    best: Stamped | None = None
    for candidate in candidates:
        if candidate is not None and (best is None or candidate.at > best.at):
            best = candidate
    return best


@dataclass
class DraftTracker:
    """The newest text of one answer in one browser session, and what of it is stored.

    A source's value counts as received when it changes: a widget keeps sending its last value
    on every rerun, and that repetition is not news."""

    latest: Stamped
    saved: str
    seen: dict[str, str] = field(default_factory=dict)

    @classmethod
    def resumed(cls, stored: Stamped, shown_in: str) -> "DraftTracker":
        """Start from the stored draft, already shown in the source `shown_in` (the box)."""
        return cls(latest=stored, saved=stored.text, seen={shown_in: stored.text})

    def observe(self, source: str, text: str | None, at: float) -> bool:
        """Note what `source` holds now (None: nothing, it is new on the page); True when that
        is newly received text."""
        if text is None:
            self.seen.pop(source, None)  # whatever it sends next is news
            return False
        if self.seen.get(source) == text:
            return False
        self.seen[source] = text
        self.latest = Stamped(text, at)
        return True

    @property
    def unsaved(self) -> bool:
        return self.latest.text != self.saved


def is_live_draft(status: str, session_id: int | None, session_status: str | None) -> bool:
    """A draft that can still be answered: on Practice (no session) until it is submitted, in an
    interview while the session runs. Only its own page may submit it."""
    if status != AttemptStatus.DRAFT:
        return False
    return session_id is None or session_status == SessionStatus.ACTIVE


def where_answered(session_id: int | None) -> str:
    """Where a live draft is being answered, for messages."""
    return f"in the running interview #{session_id}" if session_id else "on the Practice page"
