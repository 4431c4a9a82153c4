"""The one answering component of Practice and the Mock interview: the clock, the answer box and
its draft, stored as it reaches the server (the box sends its text when it loses focus or on
Ctrl+Enter; the keystroke guard reports it after a pause in typing). A refresh, a closed tab or
a server restart brings back the text and the remaining time. At zero the page's time-up action
gets the newest text the server has: this session's newest arrival or a draft another tab saved
later, whichever came last. A system-design answer has a whiteboard below it (a Graphviz DOT
diagram, drawn live), saved with the draft in the same way."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import streamlit as st

from sim import drafts
from sim.domain.drafts import DraftTracker, Stamped, newest
from sim.domain.questions import Question
from sim.domain.records import AttemptRecord
from sim.domain.user_text import fit_answer
from sim.sessions import warning_for
from sim.storage.failures import StorageError
from sim.ui import clock
from sim.ui import state_keys as keys
from sim.ui.draft_guard import typed_draft
from sim.ui.shell import KEPT, engine, show_failure, stored
from sim.ui.text import format_seconds
from sim.ui.whiteboard import HELP as BOARD_HELP
from sim.ui.whiteboard import PLACEHOLDER as BOARD_PLACEHOLDER
from sim.ui.whiteboard import WHITEBOARD_LABEL, has_whiteboard, render_diagram

ANSWER_LABEL = "Your answer"
SPEAKING_WORDS_PER_MIN = 140  # typical interview speaking pace
BOX, TYPED = "box", "typed"  # where a text came from: the box's own send, the guard's report
ANSWER, BOARD = "answer", "board"  # the parts of a draft: the answer's text, the whiteboard
SAVED_HELP = "Saved as you type (after a short pause), so a refresh or a restart resumes it."


@dataclass(frozen=True)
class AnswerSlot:
    """One answer being written: what the page knows of it and what it does at zero."""

    key: str  # names the box's session state (sim/ui/state_keys.py)
    question: Question
    draft: AttemptRecord | None  # the stored draft; None until the first words (Practice)
    started_at: datetime  # the clock's start until a draft is stored (then the draft's)
    # Stores the first words (the answer's text, the whiteboard's DOT or None, when).
    open_draft: Callable[[str, str | None, datetime], AttemptRecord] | None = None
    on_time_up: Callable[[str, datetime], None] | None = None  # None: the overrun is shown
    placeholder: str = ""


@dataclass
class _Box:
    """A slot's state in this browser session."""

    tracker: DraftTracker
    attempt: AttemptRecord | None
    board: DraftTracker | None = None  # the whiteboard's text, on a system-design question
    lost: bool = False  # the stored answer was submitted elsewhere: typing is no longer saved


@dataclass(frozen=True)
class Answer:
    text: str  # the newest text of this browser session
    attempt: AttemptRecord | None  # its stored draft (None while nothing worth storing is typed)
    diagram: str | None = None  # the whiteboard's newest DOT text (None: no whiteboard)


# The box saves itself as the candidate types, so Streamlit's "Press Ctrl+Enter to apply" would
# mislead: hidden for answer boxes only (their containers are keyed answer::..., st-key-answer--).
_NO_APPLY_HINT = """<style>
[class*="st-key-answer--"] [data-testid="InputInstructions"] { display: none; }
</style>"""


def answer_box(slot: AnswerSlot) -> Answer:
    box = _box(slot)
    st.html(_NO_APPLY_HINT)
    _clock(slot, box)
    st.text_area(
        ANSWER_LABEL,
        key=keys.answer_text(slot.key),
        height=320,
        placeholder=slot.placeholder,
        help=SAVED_HELP,
    )
    _take(slot, box, BOX, st.session_state.get(keys.answer_text(slot.key)), clock.now())
    if box.board is not None:
        _whiteboard(slot, box)
    text = box.tracker.latest.text
    if note := fit_answer(text).draft_note():
        st.warning(note, icon="✂️")
    if box.lost:
        st.warning(
            "This answer was already submitted (from another tab, or by the clock): what you "
            "type here is no longer saved.",
            icon="⚠️",
        )
    words = len(text.split())
    st.caption(f"{words} words · about {words / SPEAKING_WORDS_PER_MIN:.1f} min spoken")
    return Answer(text, box.attempt, box.board.latest.text if box.board else None)


def _whiteboard(slot: AnswerSlot, box: _Box) -> None:
    """The DOT text beside its live drawing; a parse error is shown, the text stays as typed."""
    source, drawing = st.columns(2)
    source.text_area(
        WHITEBOARD_LABEL,
        key=keys.board_text(slot.key),
        height=320,
        placeholder=BOARD_PLACEHOLDER,
        help=BOARD_HELP,
    )
    _take(slot, box, BOX, st.session_state.get(keys.board_text(slot.key)), clock.now(), BOARD)
    with drawing:
        render_diagram(box.board.latest.text)


def _stamp(draft: AttemptRecord | None, part: str = ANSWER) -> Stamped | None:
    if draft is None:
        return None
    text = draft.answer if part == ANSWER else draft.diagram or ""
    return Stamped(text, (draft.draft_saved_at or draft.started_at).timestamp())


def _box(slot: AnswerSlot) -> _Box:
    """This session's state of the slot; the box shows the newest text whenever it has lost its
    own state (a new browser session, or a return from another page)."""
    state_key = keys.answer_tracker(slot.key)
    box: _Box | None = st.session_state.get(state_key)
    if box is None:
        box = _Box(_resumed(slot.draft, ANSWER), slot.draft)
        if has_whiteboard(slot.question.kind):
            box.board = _resumed(slot.draft, BOARD)
        st.session_state[state_key] = box
    if box.attempt is None and slot.draft is not None:
        box.attempt = slot.draft  # stored meanwhile (another tab)
    _show_newest(box.tracker, keys.answer_text(slot.key), _stamp(slot.draft, ANSWER))
    if box.board is not None:
        _show_newest(box.board, keys.board_text(slot.key), _stamp(slot.draft, BOARD))
    return box


def _resumed(draft: AttemptRecord | None, part: str) -> DraftTracker:
    return DraftTracker.resumed(_stamp(draft, part) or Stamped("", clock.now()), BOX)


def _show_newest(tracker: DraftTracker, text_key: str, stored: Stamped | None) -> None:
    """Fill a box that has lost its own state with the newest text of its part."""
    if text_key in st.session_state:
        return
    shown = newest(tracker.latest, stored)
    tracker.latest = shown
    tracker.seen[BOX] = shown.text
    st.session_state[text_key] = shown.text


def _take(
    slot: AnswerSlot, box: _Box, source: str, text: str | None, now: float, part: str = ANSWER
) -> None:
    """Note what `source` holds of a part and store the draft if it is not stored yet (both
    parts together: the answer's text and the whiteboard are one draft)."""
    tracker = box.tracker if part == ANSWER else box.board
    tracker.observe(source, text, now)
    board = box.board
    if not tracker.unsaved and not (board is not None and board.unsaved):
        return
    latest = box.tracker.latest.text
    drawn = board.latest.text if board is not None else None
    at = datetime.fromtimestamp(now, UTC)
    try:
        if box.attempt is None:
            if slot.open_draft is None or not (latest.strip() or (drawn or "").strip()):
                return  # nothing worth storing yet: no empty drafts
            box.attempt = slot.open_draft(latest, drawn, at)
        elif not drafts.save_draft(engine(), box.attempt, latest, at, drawn):
            box.lost = True
    except StorageError as exc:  # still unsaved: stored on the next try once it works
        show_failure(str(exc), KEPT)
        return
    box.tracker.saved = latest
    if board is not None:
        board.saved = drawn


def _newest_text(box: _Box) -> str:
    saved = (
        stored(lambda: drafts.stored_text(engine(), box.attempt.id), None) if box.attempt else None
    )
    return newest(box.tracker.latest, saved).text


def _clock(slot: AnswerSlot, box: _Box) -> None:
    @st.fragment(run_every=1)
    def _tick() -> None:
        now = clock.now()
        # What the candidate has typed, even before the box sends it (see draft_guard).
        _take(slot, box, TYPED, typed_draft(ANSWER_LABEL, keys.answer_guard(slot.key)), now)
        _take(slot, box, BOX, st.session_state.get(keys.answer_text(slot.key)), now)
        if box.board is not None:
            typed = typed_draft(WHITEBOARD_LABEL, keys.board_guard(slot.key))
            _take(slot, box, TYPED, typed, now, BOARD)
            _take(slot, box, BOX, st.session_state.get(keys.board_text(slot.key)), now, BOARD)
        at = datetime.fromtimestamp(now, UTC)
        if box.attempt is not None:
            remaining = drafts.remaining_s(box.attempt, at)
        else:
            remaining = slot.question.time_limit_s - int((at - slot.started_at).total_seconds())
        if remaining <= 0 and slot.on_time_up is not None and box.attempt is not None:
            slot.on_time_up(_newest_text(box), at)  # time is up: submitted as it stands
            st.rerun(scope="app")
        render_clock(remaining, slot.question.time_limit_min)

    _tick()


def render_clock(remaining: int, limit_min: int) -> None:
    """One line, always: the 5- and 1-minute warnings join the clock's line instead of adding a
    block, so the answer box below never moves while the candidate types."""
    if remaining < 0:
        st.markdown(f"⏱️ **Time is up** — over by {format_seconds(-remaining)}")
        return
    line = f"⏱️ **{format_seconds(remaining)}** left of {limit_min}:00"
    if warning := warning_for(remaining):
        line += f" &nbsp; :orange-background[⏳ {warning}]"
    st.markdown(line)
