"""Statuses have one definition each (sim/domain/statuses.py): records carry the enums, and no
module outside the UI spells a status as a bare string."""

import re
from pathlib import Path

from sim import service, sessions
from sim.domain.statuses import AttemptStatus, FollowUpStatus, SessionStatus
from sim.storage import session_repo

SIM = Path(__file__).resolve().parent.parent / "sim"
WORDS = "|".join(
    v for enum in (AttemptStatus, SessionStatus, FollowUpStatus) for v in enum if v != "finished"
)
BARE = re.compile(rf"""(status\s*[!=]=\s*|status=|\(engine, [\w.]+, )["']({WORDS})["']""")


def test_records_carry_the_status_enums(engine, bank) -> None:
    session_id = sessions.start_session(engine, question_id="py-fastapi-vs-django")
    state = sessions.state(engine, session_id)
    assert state.attempt.status is AttemptStatus.DRAFT
    assert state.session.status is SessionStatus.ACTIVE
    probe = session_repo.add_follow_up(engine, state.attempt.id, "Why?", "depth", "bank")
    assert session_repo.follow_ups(engine, state.attempt.id)[0].status is FollowUpStatus.ASKED
    session_repo.answer_follow_up(engine, probe, None)
    assert session_repo.follow_ups(engine, state.attempt.id)[0].status is FollowUpStatus.DECLINED
    graded = service.grade_answer(engine, bank.get("py-fastapi-vs-django"), "an answer")
    assert service.get_attempt(engine, graded.attempt_id).status is AttemptStatus.GRADED


def test_no_bare_status_strings_outside_the_ui() -> None:
    found = [
        f"{path.relative_to(SIM)}:{n}: {line.strip()}"
        for path in SIM.rglob("*.py")
        if "ui" not in path.relative_to(SIM).parts and path.name != "statuses.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BARE.search(line)
    ]
    assert found == []


def test_no_bare_status_strings_in_the_ui_either() -> None:
    found = [
        f"{path.relative_to(SIM)}:{n}: {line.strip()}"
        for path in (SIM / "ui").rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BARE.search(line)
    ]
    assert found == []
