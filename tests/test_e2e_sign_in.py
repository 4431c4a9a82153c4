"""Sign-in end to end in a real headless Chromium against a real OpenID provider on loopback:
two users sign in from two browser contexts (their own cookies), each answers a question on
Practice, and each History shows only their own answer; one shares her answers with a mentor,
who signs in from a third context, reads her answer and comments, and she sees the comment in
History (the other user does not). On SQLite and on PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from sim.ui.state_keys import answer_text, practice_slot
from tests.browser_app import App, choose, keyed, start_one_question
from tests.databases import empty_database
from tests.oidc_provider import Person, oidc_provider, write_auth_secrets

pytestmark = pytest.mark.browser

QUESTION = "sd-url-shortener"
ADA = Person("ada", "Ada Lovelace", "ada@example.com")
GRACE = Person("grace", "Grace Hopper", "grace@example.com")
MENTOR = Person("mentor", "Margaret Hamilton", "margaret@example.com")
COMMENT = "Say what the teams measured before and after the change, with numbers."
SESSION_ANSWER = (
    "Ada's session: I needed four teams outside my org to adopt one deployment standard. I wrote "
    "the proposal with their leads, ran a two-week pilot with the most sceptical team, and "
    "published the lead-time numbers; three teams moved within a quarter."
)
WRITTEN = {  # what each user writes
    ADA.subject: (
        "Ada's design: requirements first, 100M new links a day and 10B redirects a day. "
        "A key-value store keyed by the short code, because reads dominate writes."
    ),
    GRACE.subject: (
        "Grace's design: I would start from the redirect path, a cache in front of a "
        "replicated store, and measure p99 latency before adding regions."
    ),
}


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    server = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    with empty_database(request.param, tmp_path, server) as url:
        yield url


def sign_in(browser, app: App, person: Person):
    """A browser context of its own (its own cookies), signed in as `person`."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(app.url)
    page.get_by_role("button", name="Sign in").click()
    # The provider's page: each of the test's users is a button bearing their subject.
    page.get_by_role("button", name=person.subject, exact=True).click()
    page.get_by_text(f"Signed in as {person.name}").wait_for()
    return page


def answer_on_practice(page, text: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    page.get_by_role("heading", name="Practice").wait_for()
    # The chosen question's own box (its slot), not the one shown before the choice reran.
    box = keyed(page, answer_text(practice_slot(QUESTION, 0)))
    typed = box.get_by_role("textbox", name="Your answer")
    for _ in range(3):  # a pick made while the page was still rerunning can be lost: pick again
        choose(page, "Question", "Design a URL shortening")
        try:
            typed.wait_for(timeout=30_000)
            break
        except PlaywrightTimeout:
            continue
    typed.fill(text)
    typed.press("Control+Enter")
    expect(page.get_by_text(f"{len(text.split())} words", exact=False)).to_be_visible()
    page.get_by_role("button", name="Submit for feedback").click()
    page.get_by_role("heading", name="Overall:").first.wait_for()


def answer_one_question_interview(page, text: str) -> None:
    """A timed one-question session (a behavioral question), its follow-ups declined."""
    start_one_question(page, "Influence without authority")
    box = page.get_by_role("textbox", name="Your answer")
    box.fill(text)
    box.press("Control+Enter")
    page.get_by_role("button", name="Submit answer").click()
    asked = ""
    for _ in range(5):  # the interviewer asks at most a few follow-ups
        # Wait for the feedback or a follow-up other than the one just skipped (a rerun marks
        # the page stale for a moment and may show the skipped one until it is processed).
        shown = page.wait_for_function(NEXT_STEP_JS, arg=asked, timeout=60_000).json_value()
        if shown == "feedback":
            return
        asked = shown
        page.get_by_role("button", name="Skip this question").click()
    raise AssertionError("the interviewer kept asking")


# "feedback" once the grade is shown, else the id of the live follow-up box other than `asked`
NEXT_STEP_JS = """(asked) => {
  if ([...document.querySelectorAll("h3")].some((h) => h.textContent.startsWith("Overall:")))
    return "feedback";
  const live = [...document.querySelectorAll('[class*="st-key-probe--"]')]
    .filter((e) => e.dataset.stale !== "true")
    .map((e) => e.className.match(/st-key-probe--\\d+/)[0]);
  return live.find((id) => id !== asked) || false;
}"""


def test_two_users_each_see_only_their_own_answer(browser, tmp_path, database_url) -> None:
    with oidc_provider([ADA, GRACE, MENTOR]) as provider:
        app = App(tmp_path / "data", env={"DATABASE_URL": database_url})
        write_auth_secrets(app.secrets_file, app.url, provider)
        app.start()
        try:
            signed_out = browser.new_page()
            signed_out.goto(app.url + "/History")  # a page's address, nobody signed in
            signed_out.get_by_role("button", name="Sign in").wait_for()
            assert signed_out.get_by_role("link", name="History").count() == 0

            pages = {person.subject: sign_in(browser, app, person) for person in (ADA, GRACE)}
            for subject, page in pages.items():
                answer_on_practice(page, WRITTEN[subject])
            for subject, page in pages.items():
                page.get_by_role("link", name="History").click()
                page.get_by_text("1 answer(s) match").wait_for()
                own, other = WRITTEN[subject], next(a for s, a in WRITTEN.items() if s != subject)
                page.get_by_text(own[:40]).first.wait_for()
                assert page.get_by_text(other[:40]).count() == 0
                assert page.get_by_text("Data stored in").count() == 0

            ada, grace = pages[ADA.subject], pages[GRACE.subject]
            answer_one_question_interview(ada, SESSION_ANSWER)
            ada.get_by_role("link", name="Settings").click()
            ada.get_by_role("textbox", name="Mentor's email").fill(MENTOR.email)
            ada.get_by_role("button", name="Share my answers").click()
            ada.get_by_text(f"{MENTOR.email} · since").wait_for()

            mentor = sign_in(browser, app, MENTOR)
            mentor.get_by_role("link", name="Mentees").click()
            # Her session is listed and its answer, the newest, is opened (read-only).
            mentor.get_by_text(SESSION_ANSWER[:40]).first.wait_for()
            assert mentor.get_by_text("No interview sessions yet.").count() == 0
            assert mentor.get_by_text(WRITTEN[GRACE.subject][:40]).count() == 0
            mentor.get_by_role("textbox", name="Your comment").fill(COMMENT)
            mentor.get_by_role("button", name="Add comment").click()
            mentor.get_by_text(COMMENT).wait_for()

            ada.get_by_role("link", name="History").click()
            ada.get_by_text("Mentor comments").wait_for()
            ada.get_by_text(COMMENT).wait_for()
            grace.reload()  # a new run of her History
            grace.get_by_text("1 answer(s) match").wait_for()
            assert grace.get_by_text(COMMENT).count() == 0
            assert grace.get_by_role("link", name="Mentees").count() == 0
        finally:
            app.stop()
