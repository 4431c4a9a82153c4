"""Settings' LLM providers: each profile with its key, connection test and detected capability,
made default, edited (sim/ui/provider_form.py) or removed. Everything the user typed is
shown as text; a key is shown only by its last four characters and its box is emptied as soon
as it is kept."""

from collections.abc import Callable

import streamlit as st
from pydantic import SecretStr

from sim import provider_checks
from sim.domain.redaction import redact
from sim.providers import choices, profiles
from sim.providers.keys import masked
from sim.providers.profiles import KIND_LABELS, Profile, ProviderFileError
from sim.ui import state_keys as keys
from sim.ui.confirm import confirmed
from sim.ui.grader_choice import key_ring
from sim.ui.provider_flash import say as _say
from sim.ui.provider_form import start_edit
from sim.ui.shell import engine
from sim.ui.text import escape_markdown

CAPABILITY_LABELS = {
    "strict-schema": "strict JSON schema",
    "json-mode": "JSON mode (no strict schema)",
    "none": "neither (JSON asked for in the prompt)",
}


def _guarded(action: Callable[[], None]) -> bool:
    """A Settings action: a file that cannot be written or read is said, never a traceback."""
    try:
        action()
    except (ProviderFileError, OSError) as exc:
        _say("error", str(exc))
        return False
    return True


def _rows(profile: Profile) -> list[dict[str, str]]:
    ring = key_ring()
    key = ring.get(profile.name)
    if key is None:
        key_text = "not needed" if not profile.needs_key else "not set"
    else:
        where = "remembered on this machine" if ring.remembered(profile.name) else "this session"
        key_text = f"{masked(key)} ({where})"
    detected = profile.detected_at.strftime("%Y-%m-%d %H:%M UTC") if profile.detected_at else ""
    capability = CAPABILITY_LABELS.get(profile.capability or "", "not tested yet")
    return [
        {"setting": "kind", "value": KIND_LABELS[profile.kind]},
        {"setting": "endpoint", "value": redact(profile.where)},
        {"setting": "model" if profile.kind != "azure" else "deployment", "value": profile.model},
        *(
            [{"setting": "api_version", "value": profile.api_version}]
            if profile.api_version
            else []
        ),
        {"setting": "structured output", "value": capability},
        {"setting": "detected", "value": detected or "—"},
        {"setting": "api_key", "value": key_text},
    ]


def _keep_key(name: str) -> None:
    """on_click: keep the typed key (session, or this machine too), then empty its box."""
    box = keys.provider_key_input(name)
    typed = (st.session_state.get(box) or "").strip()
    if not typed:
        _say("warning", "Type the key first.")
        return
    remember = bool(st.session_state.get(f"{box}::remember"))
    st.session_state[box] = ""
    if not _guarded(lambda: key_ring().set(name, SecretStr(typed), remember_here=remember)):
        return
    where = "in this browser session and on this machine (keys.json, 0600)"
    _say("success", f"Key for {name} kept {where if remember else 'for this browser session'}.")


def _forget_key(name: str) -> None:
    if _guarded(lambda: key_ring().forget(name)):
        _say("success", f"Key for {name} forgotten here and on this machine.")


def _test(name: str) -> None:
    profile = profiles.get(name)
    if profile is None:
        return
    with st.spinner(f"Testing {name}..."):
        ok, message, _ = provider_checks.check_profile(profile, key_ring().get(name), engine())
    _say("success" if ok else "error", f"{name}: {message}")


def _make_default(name: str) -> None:
    if _guarded(lambda: profiles.set_default(name)):
        _say("success", f"{name} is now the default grader.")


def _remove(name: str) -> None:
    def _do() -> None:
        profiles.remove(name)
        key_ring().forget(name)

    if _guarded(_do):
        _say("success", f"Removed the provider {name} and its key.")


def render_profile(profile: Profile, default: str) -> None:
    name = profile.name
    is_default = default == choices.profile_choice(name)
    with st.container(border=True, key=f"provider::{name}"):
        st.markdown(f"**{escape_markdown(name)}**" + (" · default" if is_default else ""))
        st.table(_rows(profile))
        key_col, remember_col = st.columns([3, 2], vertical_alignment="bottom")
        key_col.text_input(
            "API key" + (" (optional for a local server)" if not profile.needs_key else ""),
            type="password",
            key=keys.provider_key_input(name),
            placeholder="paste a new key to use it",
        )
        remember_col.checkbox(
            "remember on this machine", key=f"{keys.provider_key_input(name)}::remember"
        )
        buttons = st.columns(5)
        buttons[0].button("Keep key", key=f"keep_key::{name}", on_click=_keep_key, args=(name,))
        buttons[1].button(
            "Forget key", key=f"forget_key::{name}", on_click=_forget_key, args=(name,)
        )
        buttons[2].button("Test connection", key=f"test::{name}", on_click=_test, args=(name,))
        buttons[3].button(
            "Make default",
            key=f"default::{name}",
            disabled=is_default,
            on_click=_make_default,
            args=(name,),
        )
        buttons[4].button("Edit", key=f"edit::{name}", on_click=start_edit, args=(name,))
        if confirmed(
            f"remove::{name}",
            "Remove",
            f"Remove the provider {escape_markdown(name)} and forget its key in this session "
            "and on this machine?",
            "Yes, remove it",
        ):
            _remove(name)
            st.rerun()
