"""Who this browser session acts as: the person signed in through OpenID Connect when the app
has Streamlit's [auth] configured, else the local user (the single-user app, unchanged).

Worked out once per browser session and kept in session state, so a page run costs no query;
a different sign-in (or a sign-out) in the same browser session is noticed and looked up again.
A shared deployment (SIM_SHARED_DEPLOYMENT) never falls back to the local user."""

import streamlit as st

from sim import users
from sim.deployment import shared_deployment
from sim.domain.errors import NotSignedInError
from sim.storage.failures import StorageError
from sim.ui import shell
from sim.ui.state_keys import CURRENT_USER


def _signed_in() -> tuple[str, str, str, str] | None:
    """(issuer, subject, email, name) of the signed-in user, or None."""
    if not st.user.get("is_logged_in", False):  # absent when no [auth] is configured
        return None
    get = st.user.get
    # Mentoring grants match by email, so only an address the provider verified is kept: an
    # unverified claim (self-service sign-up, another provider) would read a mentor's mentees.
    email = (get("email") or "") if _verified(get("email_verified")) else ""
    return (str(get("iss") or ""), str(get("sub") or ""), email, get("name") or "")


def _verified(claim: object) -> bool:
    return claim is True or str(claim).lower() == "true"


def current_user_id() -> int:
    identity = _signed_in()
    stored = st.session_state.get(CURRENT_USER)
    if identity is None:
        if stored is not None and stored[0] == users.LOCAL_ISSUER:
            return stored[2]  # only ever kept when the deployment is not shared
        if shared_deployment():
            raise NotSignedInError
        identity = (users.LOCAL_ISSUER, users.LOCAL_SUBJECT, "", "")
    issuer, subject, email, name = identity
    if stored is None or tuple(stored[:2]) != (issuer, subject):
        account = users.user_for_identity(shell.base_engine(), issuer, subject, email, name)
        stored = (issuer, subject, account.id)
        st.session_state[CURRENT_USER] = stored
    return stored[2]


def signed_in_user_id() -> int | None:
    """The acting user's id when it is a signed-in account, None for the local user."""
    user_id = current_user_id()
    stored = st.session_state.get(CURRENT_USER)
    return None if stored is None or stored[0] == users.LOCAL_ISSUER else user_id


def current_account() -> users.UserAccount | None:
    """The signed-in account acting, or None for the local user (no identity to share with)."""
    user_id = signed_in_user_id()
    return None if user_id is None else users.user_by_id(shell.base_engine(), user_id)


def has_mentees() -> bool:
    """Whether anyone shared their answers with this user (the Mentees page is shown then);
    the single-user app asks nothing and gets no new page."""
    from sim import mentoring

    try:
        user_id = signed_in_user_id()
        return user_id is not None and bool(mentoring.mentees(shell.base_engine(), user_id))
    except (NotSignedInError, StorageError):
        return False  # the page that runs says to sign in, or what is wrong with the database
