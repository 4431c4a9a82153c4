"""Sign-in through Streamlit's own OpenID Connect (st.login / st.user / st.logout).

It is on when the secrets Streamlit reads (`.streamlit/secrets.toml`, or the files named by its
`secrets.files` option) have an `[auth]` section; with none the app is the single-user app it
always was. Any OIDC provider works: one unnamed provider in `[auth]` itself, or named ones in
`[auth.NAME]` sections, each offered as its own button."""

import importlib.util
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from sim.deployment import mark_shared, shared_deployment
from sim.ui import state_keys as keys
from sim.ui.text import escape_markdown

AUTH = "auth"
SHARED_SETTINGS = ("redirect_uri", "cookie_secret")
PROVIDER_SETTINGS = ("client_id", "client_secret", "server_metadata_url")


def _auth_section() -> Mapping[str, Any] | None:
    try:
        section = st.secrets.get(AUTH)
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return None  # no secrets file at all
    return section if isinstance(section, Mapping) else None


def auth_configured() -> bool:
    return _auth_section() is not None


def providers(section: Mapping[str, Any]) -> list[str | None]:
    """The provider names st.login takes: None for settings in `[auth]` itself, then each named
    `[auth.NAME]` section that has provider settings."""
    named = [
        name
        for name, value in section.items()
        if isinstance(value, Mapping) and any(k in value for k in PROVIDER_SETTINGS)
    ]
    unnamed = [None] if any(k in section for k in PROVIDER_SETTINGS) or not named else []
    return [*unnamed, *named]


def problems(section: Mapping[str, Any]) -> list[str]:
    """Settings st.login needs that are missing, each named by its field (`auth.redirect_uri`)."""
    missing = [f"auth.{key}" for key in SHARED_SETTINGS if not section.get(key)]
    for name in providers(section):
        where = section if name is None else section[name]
        prefix = "auth" if name is None else f"auth.{name}"
        missing += [f"{prefix}.{key}" for key in PROVIDER_SETTINGS if not where.get(key)]
    return missing


def bad_names(section: Mapping[str, Any]) -> list[str]:
    """Provider sections st.login cannot use: Streamlit refuses a name with an underscore."""
    return [f"auth.{name}" for name in providers(section) if name is not None and "_" in name]


def secrets_files() -> list[str]:
    """The secrets files Streamlit reads that exist, to name in a message."""
    return [p for p in st.get_option("secrets.files") if Path(p).is_file()]


def signed_in() -> bool:
    return bool(st.user.get("is_logged_in"))


def gate() -> bool:
    """Before any page. True: go on to the app's pages. False: this run showed the sign-in page
    (or a configuration message) and nothing else may run."""
    section = _auth_section()
    if section is None:
        if shared_deployment():
            st.error(
                "This deployment is marked shared (SIM_SHARED_DEPLOYMENT) but sign-in is not "
                "configured: add an `[auth]` section to `.streamlit/secrets.toml` (see the "
                "README, Shared deployment). No page is shown until then."
            )
            return False
        return True
    mark_shared()
    if importlib.util.find_spec("authlib") is None:
        st.error(
            "Sign-in is configured (`[auth]` in the secrets) but its OpenID Connect client is not "
            'installed: `pip install -e ".[auth]"` (Authlib), then restart the app.'
        )
        return False
    if missing := problems(section):
        where = ", ".join(secrets_files()) or "`.streamlit/secrets.toml`"
        st.error(
            f"Sign-in is not fully configured in {escape_markdown(where)}: missing "
            + ", ".join(f"`{field.replace('`', '')}`" for field in missing)
            + ". Add them, then restart the app."
        )
        return False
    if named := bad_names(section):
        st.error(
            "Provider names may not contain an underscore (Streamlit's rule): rename "
            + ", ".join(f"`{field.replace('`', '')}`" for field in named)
            + ", then restart the app."
        )
        return False
    if not signed_in():
        st.navigation([st.Page(_sign_in_page, title="Sign in", icon="🔑")]).run()
        return False
    _sidebar()
    return True


def _sign_in_page() -> None:
    st.title("Staff interview simulator")
    st.write(
        "This deployment is shared: sign in to see your own answers, interview sessions, "
        "stories and plan. Nobody else sees them unless you share them with a mentor."
    )
    section = _auth_section() or {}
    for name in providers(section):
        label = "Sign in" if name is None else f"Sign in with {name.title()}"
        if st.button(label, type="primary", key=keys.sign_in(name)):
            st.login() if name is None else st.login(name)


def display_name() -> str:
    """How the signed-in user is named to them (who they are to the data is current_user's)."""
    user = st.user.to_dict()
    return str(user.get("name") or user.get("preferred_username") or user.get("email") or "")


def _sidebar() -> None:
    with st.sidebar:
        if name := display_name():
            st.caption("Signed in as " + escape_markdown(name))
        if st.button("Sign out", key=keys.SIGN_OUT):
            st.logout()  # the browser is sent to the provider's sign-out, then back
            st.stop()
