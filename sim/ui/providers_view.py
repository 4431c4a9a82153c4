"""Settings' LLM providers: the profiles (each with its key, connection test and detected
capability, made default or removed) and the form that adds one. Everything the user typed is
shown as text; a key is shown only by its last four characters and its box is emptied as soon
as it is kept."""

from collections.abc import Callable

import streamlit as st
from pydantic import SecretStr, ValidationError

from sim import provider_checks
from sim.domain.redaction import redact
from sim.llm.settings import Provider
from sim.providers import choices, profiles
from sim.providers.keys import masked
from sim.providers.profiles import KIND_LABELS, Profile, ProviderFileError
from sim.providers.profiles import form_problems as _problems
from sim.ui import state_keys as keys
from sim.ui.grader_choice import key_ring
from sim.ui.shell import engine
from sim.ui.text import escape_markdown

CAPABILITY_LABELS = {
    "strict-schema": "strict JSON schema",
    "json-mode": "JSON mode (no strict schema)",
    "none": "neither (JSON asked for in the prompt)",
}
_FORM = "provider_form::"  # the add form's widget keys
_MODELS = "provider_form_models"  # the models the form's server listed


def flash(kind: str, text: str) -> None:
    st.session_state[keys.PROVIDER_FLASH] = (kind, text)


def show_flash() -> None:
    if said := st.session_state.pop(keys.PROVIDER_FLASH, None):
        kind, text = said
        getattr(st, kind)(escape_markdown(text))


def _secrets() -> list[str]:
    return key_ring().secrets()


def _say(kind: str, text: str) -> None:
    flash(kind, redact(text, _secrets()))


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
        buttons[4].button("Remove", key=f"remove::{name}", on_click=_remove, args=(name,))


def _form_profile() -> Profile:
    get = st.session_state.get
    kind: Provider = get(_FORM + "kind", "compatible")
    model = get(_FORM + "model_pick") if get(_MODELS) else None
    return Profile(
        name=(get(_FORM + "name") or "").strip(),
        kind=kind,
        base_url=get(_FORM + "base_url") if kind != "azure" else None,
        endpoint=get(_FORM + "endpoint") if kind == "azure" else None,
        api_version=get(_FORM + "api_version") if kind == "azure" else None,
        model=model or get(_FORM + "model"),
    )


def _form_key() -> SecretStr | None:
    typed = (st.session_state.get(_FORM + "key") or "").strip()
    return SecretStr(typed) if typed else None


def _list_models() -> None:
    """on_click: ask the form's server for its models (OpenAI-compatible /v1/models)."""
    get = st.session_state.get
    kind = get(_FORM + "kind", "compatible")
    try:
        probe = Profile(
            name="listing",
            kind=kind,
            base_url=get(_FORM + "base_url") if kind != "azure" else None,
            endpoint=get(_FORM + "endpoint") if kind == "azure" else None,
            model=get(_FORM + "model") or "(any)",
        )
    except ValidationError as exc:
        _say("error", f"Cannot list models: {_problems(exc)}")
        return
    models = provider_checks.models_of(probe, _form_key())
    st.session_state[_MODELS] = models
    if not models:
        _say("info", "The server lists no models: type the model name.")


def _add() -> None:
    """on_click: store the profile and its key; the form empties for the next one."""
    try:
        profile = _form_profile()
    except ValidationError as exc:
        _say("error", f"The profile was not added. {_problems(exc)}")
        return
    key = _form_key()

    def _do() -> None:
        profiles.put(profile)
        if key is not None:
            key_ring().set(profile.name, key, bool(st.session_state.get(_FORM + "remember")))

    try:
        _do()
    except (ProviderFileError, OSError) as exc:
        _say("error", f"The profile was not added. {exc}")
        return
    for field in ("name", "base_url", "endpoint", "api_version", "model", "key"):
        st.session_state[_FORM + field] = ""
    st.session_state.pop(_MODELS, None)
    _say("success", f"Added the provider {profile.name}: test its connection below.")


def render_add_form() -> None:
    with st.expander("Add a provider", expanded=not profiles.load().profiles):
        kind = st.selectbox(
            "Kind",
            list(KIND_LABELS),
            index=2,
            format_func=KIND_LABELS.__getitem__,
            key=_FORM + "kind",
        )
        st.text_input("Name", key=_FORM + "name", placeholder="e.g. local llama")
        if kind == "azure":
            st.text_input(
                "Endpoint", key=_FORM + "endpoint", placeholder="https://NAME.openai.azure.com"
            )
            st.text_input("API version", key=_FORM + "api_version", placeholder="2024-10-21")
            st.text_input("Deployment", key=_FORM + "model")
        else:
            st.text_input(
                "Base URL" + (" (optional)" if kind == "openai" else ""),
                key=_FORM + "base_url",
                placeholder="http://127.0.0.1:11434/v1" if kind == "compatible" else "",
            )
            if listed := st.session_state.get(_MODELS):
                st.selectbox("Model (listed by the server)", listed, key=_FORM + "model_pick")
            else:
                st.text_input(
                    "Model",
                    key=_FORM + "model",
                    placeholder="gpt-4o-mini" if kind == "openai" else "",
                )
            st.button("List the server's models", key=_FORM + "list", on_click=_list_models)
        st.text_input("API key", type="password", key=_FORM + "key")
        st.checkbox("remember on this machine", key=_FORM + "remember")
        st.caption(
            "The profile is stored in your config directory, never in the database; the key "
            "stays in this browser session unless you tick remember (keys.json, mode 0600). "
            "A URL with credentials in it is refused: put the key in its own box."
        )
        st.button("Add provider", type="primary", key=_FORM + "add", on_click=_add)
