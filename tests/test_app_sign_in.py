"""Sign-in through AppTest: with no `[auth]` the single-user app as before; with `[auth]` a
sign-in page before any other page, the user's name and "Sign out" in the sidebar once signed
in, and the shared-deployment behaviour (no data-directory caption, no user-question form)."""

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sim.deployment import SHARED_DEPLOYMENT_ENV
from sim.providers import profiles
from sim.providers.profiles import Profile

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 30
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-of-some-length",
    "client_id": "sim",
    "client_secret": "test-client-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ADA = {
    "is_logged_in": True,
    "iss": "http://127.0.0.1:9",
    "sub": "ada",
    "email": "ada@example.com",
    "email_verified": True,
    "name": "Ada Lovelace",
}


def _app(auth: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["sim_test"] = "dummy"  # never read a developer's real secrets.toml
    if auth is not None:
        at.secrets["auth"] = auth
    at.user = user if user is not None else {"is_logged_in": False}
    return at


def _buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button] + [b.label for b in at.sidebar.button]


def test_without_auth_the_app_is_single_user_as_before() -> None:
    at = _app().run()
    assert not at.exception
    assert at.title[0].value == "Practice"
    assert "Sign out" not in _buttons(at)
    assert any(c.value.startswith("Data stored in") for c in at.caption)
    assert not os.environ.get(SHARED_DEPLOYMENT_ENV)


def test_signed_out_visitor_sees_only_the_sign_in_page() -> None:
    at = _app(AUTH).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Staff interview simulator"]
    assert _buttons(at) == ["Sign in"]
    assert not any(c.value.startswith("Data stored in") for c in at.caption)
    assert os.environ[SHARED_DEPLOYMENT_ENV] == "1"


def test_named_providers_each_get_a_button() -> None:
    shared = {k: AUTH[k] for k in ("redirect_uri", "cookie_secret")}
    provider = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    at = _app({**shared, "microsoft": provider, "okta": provider}).run()
    assert not at.exception
    assert _buttons(at) == ["Sign in with Microsoft", "Sign in with Okta"]


def test_incomplete_auth_section_names_the_missing_fields() -> None:
    incomplete = {k: v for k, v in AUTH.items() if k not in {"cookie_secret", "client_secret"}}
    at = _app(incomplete).run()
    assert not at.exception
    message = at.error[0].value
    assert "auth.cookie_secret" in message and "auth.client_secret" in message
    assert "Sign in" not in _buttons(at)
    assert not at.title  # no page runs


def test_a_provider_name_streamlit_refuses_is_named() -> None:
    shared = {k: AUTH[k] for k in ("redirect_uri", "cookie_secret")}
    provider = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    at = _app({**shared, "my_idp": provider}).run()
    assert not at.exception
    assert "auth.my_idp" in at.error[0].value and "underscore" in at.error[0].value
    assert "Sign in with My_Idp" not in _buttons(at)


def test_signed_in_user_sees_name_sign_out_and_no_data_location() -> None:
    at = _app(AUTH, ADA).run()
    assert not at.exception
    assert at.title[0].value == "Practice"
    assert [c.value for c in at.sidebar.caption] == ["Signed in as Ada Lovelace"]
    assert "Sign out" in _buttons(at)
    assert not any(c.value.startswith("Data stored in") for c in at.caption)
    at.switch_page("sim/ui/app_pages/bank.py").run()
    assert not at.exception
    # Their own questions are kept under their account, not in the server's data directory.
    assert any(c.value.startswith("Saved to your account") for c in at.caption)

    at.sidebar.button(key="sign_out").click().run()
    assert not at.exception
    assert not at.title  # nothing more of the page once signed out
    at.run()
    assert _buttons(at) == ["Sign in"]


def test_a_name_from_the_provider_is_rendered_as_text() -> None:
    at = _app(AUTH, {**ADA, "name": "**Eve** [link](http://x)"}).run()
    assert not at.exception
    shown = at.sidebar.caption[0].value
    assert shown.startswith(r"Signed in as \*\*Eve\*\* \[link\]\(")


def test_shared_deployment_without_auth_shows_no_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SHARED_DEPLOYMENT_ENV, "1")
    at = _app().run()
    assert not at.exception
    assert "SIM_SHARED_DEPLOYMENT" in at.error[0].value
    assert not at.title


def test_shared_deployment_offers_no_provider_profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    # A profile set up on this server before it was shared (its key remembered on disk): on a
    # shared deployment it would grade everyone's answers with one person's key.
    profiles.put(Profile(name="mine", kind="openai", model="gpt-4o-mini"))
    profiles.set_default("mine")
    at = _app(AUTH, ADA).run()
    assert not at.exception
    grader = at.selectbox(key="grader_choice")
    assert grader.options == ["Offline heuristic · default"]
    at.switch_page("sim/ui/app_pages/settings.py").run()
    assert not at.exception
    assert not any(e.label.startswith("Add a provider") for e in at.expander)
    assert any("operator set up" in i.value for i in at.info)
    assert "Make the offline grader the default" not in _buttons(at)


def test_single_user_app_still_offers_its_profiles() -> None:
    profiles.put(Profile(name="mine", kind="openai", model="gpt-4o-mini"))
    at = _app().run()
    assert any(option.startswith("mine") for option in at.selectbox(key="grader_choice").options)
