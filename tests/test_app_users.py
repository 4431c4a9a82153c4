"""Two people on one database, through every page (AppTest, on SQLite and PostgreSQL): user B
never sees or changes user A's answers, drafts, sessions, stories or plan; and mentoring on the
pages (Settings "Sharing", Mentees, comments in History).

A signed-in user is set as Streamlit's st.user (AppTest.user), which the app reads."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sim import catalog, drafts, mentoring, service, sessions, study, users
from sim.graders.offline import OfflineGrader
from sim.storage.db import make_engine
from sim.storage.ownership import for_user
from sim.stories import service as stories
from sim.ui.state_keys import HISTORY_TAB
from tests.databases import empty_database
from tests.test_app_sign_in import AUTH  # Streamlit's [auth] as a shared deployment has it
from tests.test_stories import STRONG

ROOT = Path(__file__).resolve().parent.parent
MENTEES = "sim/ui/app_pages/mentees.py"
PAGES = ["today", "practice", "interview", "bank", "history", "stories", "settings"]
A_ANSWER = "ALPHA-ANSWER: a counter hands out ids, base62 codes, a cache in front of reads."
A_DRAFT = "ALPHA-DRAFT: requirements first, then the API."
A_PRACTICE = "ALPHA-PRACTICE: a token bucket per client."
A_STORY = "ALPHA-STORY: cutting the bill"
MARKERS = ("ALPHA-ANSWER", "ALPHA-DRAFT", "ALPHA-PRACTICE", "ALPHA-STORY")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, monkeypatch) -> Iterator[object]:
    """The app's own database (what the pages open), on each engine; yields its engine."""
    server = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    if server is None:
        engine = make_engine()
        yield engine
        engine.dispose()
        return
    with empty_database("postgresql", tmp_path, server) as url:
        monkeypatch.setenv("DATABASE_URL", url)
        engine = make_engine()
        yield engine
        engine.dispose()


def _seed_a(engine) -> int:
    """A (the local user) has a graded answer, a live interview draft, a Practice draft, a
    story and a plan. Returns the interview session's id."""
    bank = catalog.bank()
    question = bank.get("sd-url-shortener")
    attempt_id = service.save_answer(engine, question, A_ANSWER)
    service.grade_attempt(engine, attempt_id, question, A_ANSWER, OfflineGrader(catalog.rubric()))
    session_id = sessions.start_session(engine, question_id="sd-url-shortener")
    attempt = sessions.state(engine, session_id).attempt
    now = datetime.now(UTC)
    assert drafts.save_draft(engine, attempt, A_DRAFT, now)
    drafts.open_practice_draft(engine, bank.get("sd-rate-limiter"), A_PRACTICE, now, now)
    stories.save_story(engine, STRONG.model_copy(update={"title": A_STORY}))
    study.choose(engine, "staff-90", date.today())
    return session_id


def _b(engine) -> users.UserAccount:
    return users.user_for_identity(engine, "https://idp.test", "bea", "bea@example.test", "Bea")


def _app(account: users.UserAccount | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["sim_test"] = "dummy"
    if account is not None:  # signed in through the app's OpenID Connect provider
        at.secrets["auth"] = AUTH
        at.user = {
            "is_logged_in": True,
            "iss": account.issuer,
            "sub": account.subject,
            "email": account.email,
            "email_verified": True,
            "name": account.display_name,
        }
    return at


def _shown(at: AppTest) -> str:
    """Everything a page shows as text: markdown, captions, code, boxes, tables, options."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "code", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(t.value or "") for t in at.text_area]
    parts += [d.value.to_csv() for d in at.dataframe]
    parts += [" ".join(map(str, s.options)) for s in at.selectbox]
    return "\n".join(parts)


def _visit(at: AppTest, page: str) -> str:
    at.switch_page(f"sim/ui/app_pages/{page}.py").run()
    assert not at.exception, (page, at.exception)
    shown = _shown(at)
    if page == "history":  # each tab runs only when open
        for tab in ("Progress", "Sessions"):
            at.session_state[HISTORY_TAB] = tab
            at.run()
            assert not at.exception, (page, tab, at.exception)
            shown += _shown(at)
        at.session_state[HISTORY_TAB] = "Answers"
    return shown


def test_b_sees_none_of_as_data_on_any_page(database) -> None:
    a_session = _seed_a(database)
    mine = _app(None).run()  # A, as the single-user app opens: the markers are there to find
    assert "ALPHA-ANSWER" in _visit(mine, "history") and "ALPHA-STORY" in _visit(mine, "stories")
    bea = _b(database)
    at = _app(bea).run()
    for page in PAGES:
        shown = _visit(at, page)
        leaked = [m for m in MARKERS if m in shown]
        assert not leaked, (page, leaked)
    # Today offers B the plan chooser (A's plan is A's), and nothing B did touched A's rows.
    assert study.chosen_schedule(for_user(database, bea.id)) is None
    assert sessions.resume(database).id == a_session
    assert (
        drafts.stored_text(database, sessions.state(database, a_session).attempt.id).text == A_DRAFT
    )


def test_b_opening_mock_interview_starts_fresh_and_leaves_as_draft(database) -> None:
    """The bug: B opened Mock interview, got A's draft, overwrote it and abandoned A's session."""
    a_session = _seed_a(database)
    at = _app(_b(database)).run()
    at.switch_page("sim/ui/app_pages/interview.py").run()
    assert not at.exception
    assert at.selectbox(key="start_format")  # the start form: no session to resume
    assert not [t for t in at.text_area if A_DRAFT in str(t.value or "")]
    at.radio(key="start_mode").set_value("question").run()
    at.selectbox(key="start_question").set_value("sd-url-shortener").run()
    at.button(key="start_single").click().run()
    assert not at.exception
    box = next(t for t in at.text_area if t.label == "Your answer")
    assert (box.value or "") == ""
    box.input("Bea's own answer").run()
    state = sessions.state(database, a_session)
    assert state.session.status == "active"
    assert drafts.stored_text(database, state.attempt.id).text == A_DRAFT
    assert sessions.resume(for_user(database, _b(database).id)).id != a_session


def test_sharing_mentees_and_comments_on_the_pages(database) -> None:
    cara = users.user_for_identity(
        database, "https://idp.test", "cara", "cara@example.test", "Cara"
    )
    mo = users.user_for_identity(database, "https://idp.test", "mo", "mo@example.test", "Mo")
    question = catalog.bank().get("sd-url-shortener")
    attempt_id = service.save_answer(for_user(database, cara.id), question, A_ANSWER)

    mentor = _app(mo).run()  # before any grant: no Mentees page at all
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        mentor.switch_page(MENTEES)

    candidate = _app(cara).run()
    candidate.switch_page("sim/ui/app_pages/settings.py").run()
    assert "Sharing" in _shown(candidate)
    candidate.text_input(key="share_email").input("not-an-email").run()
    candidate.button(key="share_answers").click().run()
    assert "is not an email address" in _shown(candidate)
    assert candidate.text_input(key="share_email").value == "not-an-email"  # kept to fix
    candidate.text_input(key="share_email").input("MO@example.test").run()
    candidate.button(key="share_answers").click().run()
    assert not candidate.exception
    assert [g.mentor_email for g in mentoring.grants(database, cara.id)] == ["mo@example.test"]
    assert candidate.button(key=f"revoke_grant::{mentoring.grants(database, cara.id)[0].id}")

    mentor = _app(mo).run()
    mentor.switch_page(MENTEES).run()
    assert not mentor.exception
    shown = _shown(mentor)
    assert "Cara" in shown and A_ANSWER in shown
    comment = "Say how codes stay unique. <b>bold</b> **not markdown**"
    mentor.text_area(key="mentee_comment").input(comment).run()
    mentor.button(key="add_comment").click().run()
    assert not mentor.exception
    assert mentor.text_area(key="mentee_comment").value == ""
    assert mentoring.comments(database, cara.id, attempt_id)[0].body == comment

    candidate = _app(cara).run()
    candidate.switch_page("sim/ui/app_pages/history.py").run()
    assert not candidate.exception
    rendered = [m.value for m in candidate.markdown if "Say how codes stay unique" in m.value]
    assert rendered and r"\*\*not markdown\*\*" in rendered[0]  # as text, not as markdown

    # Revoked: the mentor's page says nobody shared anything.
    [grant] = mentoring.grants(database, cara.id)
    candidate.switch_page("sim/ui/app_pages/settings.py").run()
    candidate.button(key=f"revoke_grant::{grant.id}").click().run()
    assert mentoring.grants(database, cara.id) == []
    mentor = _app(mo).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        mentor.switch_page(MENTEES)


def test_a_shared_deployment_shows_nothing_until_signed_in(database, monkeypatch) -> None:
    _seed_a(database)
    anonymous = _app(None)
    anonymous.secrets["auth"] = AUTH  # sign-in configured: a shared deployment
    anonymous.user = {"is_logged_in": False}
    anonymous.run()
    assert not anonymous.exception
    shown = _shown(anonymous)
    assert [b.label for b in anonymous.button] == ["Sign in"]  # the sign-in page, no other
    assert not [m for m in MARKERS if m in shown]
    # Marked shared without sign-in configured: no page at all, nobody's data.
    monkeypatch.setenv("SIM_SHARED_DEPLOYMENT", "1")
    unconfigured = _app(None)
    unconfigured.user = {"is_logged_in": False}
    for page in ("history", "interview", "stories"):
        unconfigured.switch_page(f"sim/ui/app_pages/{page}.py").run()
        assert not unconfigured.exception, page
        shown = _shown(unconfigured)
        assert "sign-in is not configured" in shown, page
        assert not [m for m in MARKERS if m in shown], page
    bea = _app(_b(database)).run()  # signed in: her own (empty) History, no one else's
    assert not [m for m in MARKERS if m in _visit(bea, "history")]


def test_an_unverified_email_claim_gets_no_mentor_access(database) -> None:
    """Grants match mentors by email, so a sign-in whose provider did not verify the address
    (self-service sign-up, another provider) must not read the real mentor's mentees."""
    cara = users.user_for_identity(
        database, "https://idp.test", "cara", "cara@example.test", "Cara"
    )
    mentoring.grant(database, cara.id, "mo@example.test")
    impostor = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    impostor.secrets["sim_test"] = "dummy"
    impostor.secrets["auth"] = AUTH
    impostor.user = {
        "is_logged_in": True,
        "iss": "https://self-signup.test",
        "sub": "mallory",
        "email": "mo@example.test",  # claimed, never verified
        "name": "Mo",
    }
    impostor.run()
    assert not impostor.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        impostor.switch_page(MENTEES)
