"""Session reports rebuilt from storage (SQLite and PostgreSQL): what to practise next leaves out
questions answered before the round, and stays the same however much is answered after it."""

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from sim import catalog, service, session_reports
from sim.storage import session_repo
from tests.rounds import finish_single_round
from tests.test_cli import ROOT

ANSWER = (ROOT / "tests" / "data" / "answers" / "url_shortener.txt").read_text()


def test_practice_next_skips_recent_answers_and_is_stable_when_reopened(engine: Engine) -> None:
    bank = catalog.bank()
    first = finish_single_round(engine, "sd-url-shortener", ANSWER)
    suggested = [p.question_id for p in session_reports.report(engine, first).practice]
    assert len(suggested) == 3 and "sd-url-shortener" not in suggested
    # Answered before the next round: not suggested by it.
    service.save_answer(engine, bank.get(suggested[0]), "An answer given before the round.")
    second = finish_single_round(engine, "sd-url-shortener", ANSWER)
    later = [p.question_id for p in session_reports.report(engine, second).practice]
    assert suggested[0] not in later and "sd-url-shortener" not in later
    # Answering the first round's suggestions afterwards leaves its report as it was.
    assert [p.question_id for p in session_reports.report(engine, first).practice] == suggested


def test_recently_seen_can_stop_at_a_moment(engine: Engine) -> None:
    service.save_answer(engine, catalog.bank().get("sd-url-shortener"), "Some answer.")
    now = datetime.now(UTC)
    since = now - timedelta(days=1)
    assert session_repo.recently_seen(engine, since) == {"sd-url-shortener"}
    assert session_repo.recently_seen(engine, since, until=now - timedelta(hours=1)) == set()
