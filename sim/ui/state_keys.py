"""Session-state keys shared between pages and views, each defined once here. Keys of one
answer box derive from its slot (an interview attempt, or a Practice question's round)."""

CLOCK_SHIFT = "clock_shift_s"  # tests move the UI clock through it instead of sleeping
CURRENT_USER = "current_user"  # (issuer, subject, user id) this browser session acts as

# Practice
PRACTICE_QUESTION_ID = "practice_question_id"  # another page asks Practice to open a question
QUESTION_CHOICE = "question_choice"  # the Practice question selectbox
PRACTICE_ROUNDS = "practice_rounds"  # question id -> the round being answered (PracticeRound)
PRACTICE_DRAWN = "practice_drawn"  # the question drawn at random for Practice (first step)
PRACTICE_SKIPPED = "practice_skipped"  # ids drawn away with "Draw another" on Practice
SCROLL_TO_FEEDBACK = "scroll_to_feedback"  # the answer just submitted: its feedback is shown
LAST_ATTEMPT_ID = "last_attempt_id"  # the Practice answer whose feedback is shown
SESSION_ATTEMPTS = "session_attempts"  # answers submitted in this browser session (LLM cost)
FOLLOW_UPS = "follow_ups"  # grade id -> the interviewer's next probe, asked once per grade

# Sign-in (a shared deployment)
SIGN_OUT = "sign_out"  # the sidebar's "Sign out" button


def sign_in(provider: str | None) -> str:
    """The sign-in page's button for one provider (None: the unnamed one in [auth])."""
    return f"sign_in::{provider or 'default'}"


# History
HISTORY_TAB = "history_tab"  # the History tab shown (only it runs)
HISTORY_CHOICE = "history_choice"  # the answer opened below the table
HISTORY_SESSION = "history_session"  # the session whose report is opened in the Sessions tab

# Mock interview
TIMED_OUT = "timed_out"  # the attempt the clock submitted
REPORT_SESSION = "report_session"  # the finished session whose report is shown
RESUMED = "resumed"  # the "resumed your session" note was shown in this browser session
SKIPPED_QUESTIONS = "skipped_questions"  # ids drawn away with "Draw another" (drawn last)


def abandon(session_id: int) -> str:
    """The two-step "Abandon this session" of one session (see sim/ui/confirm.py)."""
    return f"abandon_session::{session_id}"


def interview_slot(attempt_id: int) -> str:
    """The answer box of an interview question (its attempt)."""
    return f"interview::{attempt_id}"


def practice_slot(question_id: str, round_number: int) -> str:
    """The answer box of one Practice round at a question (a new round after each submit)."""
    return f"practice::{question_id}::{round_number}"


def answer_text(slot: str) -> str:
    """The answer box (text area) of a slot."""
    return f"answer::{slot}"


def answer_guard(slot: str) -> str:
    """The keystroke guard watching a slot's box (see sim/ui/draft_guard.py)."""
    return f"answer_guard::{slot}"


def board_text(slot: str) -> str:
    """The whiteboard (DOT text area) of a system-design slot."""
    return f"board::{slot}"


def board_guard(slot: str) -> str:
    """The keystroke guard watching a slot's whiteboard."""
    return f"board_guard::{slot}"


def answer_tracker(slot: str) -> str:
    """The slot's DraftTracker and stored draft (see sim/ui/answer_box.py)."""
    return f"answer_tracker::{slot}"


def room_question(attempt_id: int) -> str:
    """The interview room's "ask the interviewer" box of an attempt."""
    return f"room_question::{attempt_id}"


# LLM providers (Settings, and every page's "Grader" selectbox)
PROVIDER_KEYS = "provider_keys"  # this browser session's KeyRing: keys typed on Settings
PROVIDER_EDIT = "provider_edit"  # the profile the Settings form edits ("" adds a new one)
PROVIDER_FLASH = "provider_flash"  # (kind, text) said once after a Settings action reruns
COMPARE_RESULT = "compare_result"  # attempt id -> the graders compared on it and the outcome


def provider_key_input(name: str) -> str:
    """The API key box of a profile on Settings."""
    return f"provider_key::{name}"


# Today (study plans)
PLAN_CHOICE = "plan_choice"  # the plan picked in the chooser
PLAN_START = "plan_start"  # its start date
PLAN_FIT = "plan_fit"  # fit the plan to an interview date
PLAN_TARGET = "plan_target"  # the interview date
PLAN_REFIT_TARGET = "plan_refit_target"  # the interview date the rest of a plan is refitted to


# Mentoring (Settings "Sharing", the Mentees page)
SHARE_EMAIL = "share_email"  # the mentor's email typed on Settings
MENTEE_CHOICE = "mentee_choice"  # the candidate whose answers the Mentees page shows
MENTEE_ANSWER = "mentee_answer"  # the candidate's answer opened there
MENTEE_COMMENT = "mentee_comment"  # the comment being written on it
MENTEE_COMMENT_ERROR = "mentee_comment_error"  # why the comment was refused, said once
SHARE_ERROR = "share_error"  # why the mentor's email was refused, said once
