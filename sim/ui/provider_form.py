"""Settings' provider form: add a profile (OpenAI, Azure OpenAI or an OpenAI-compatible
server, its model picked from the server's `/v1/models` where it lists them), or edit one (its
name stays; a change to where or what it calls asks for a new connection test)."""

import streamlit as st
from pydantic import SecretStr, ValidationError

from sim import provider_checks
from sim.llm.settings import Provider
from sim.providers import profiles
from sim.providers.profiles import KIND_LABELS, Profile, ProviderFileError
from sim.providers.profiles import form_problems as _problems
from sim.ui import state_keys as keys
from sim.ui.grader_choice import key_ring
from sim.ui.provider_flash import say as _say

_FORM = "provider_form::"  # the form's widget keys
_MODELS = "provider_form_models"  # the models the form's server listed
_FIELDS = ("name", "base_url", "endpoint", "api_version", "model", "key")


def _clear_form() -> None:
    for field in _FIELDS:
        st.session_state[_FORM + field] = ""
    st.session_state.pop(_MODELS, None)
    st.session_state.pop(keys.PROVIDER_EDIT, None)


def start_edit(name: str) -> None:
    """on_click: the form, filled with this profile, saves over it (its name stays)."""
    profile = profiles.get(name)
    if profile is None:
        return
    _clear_form()
    st.session_state[_FORM + "kind"] = profile.kind
    for field in _FIELDS[:-1]:
        st.session_state[_FORM + field] = getattr(profile, field) or ""
    st.session_state[keys.PROVIDER_EDIT] = name


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


def _kept_detection(profile: Profile, before: Profile | None) -> Profile:
    """An edit that leaves where and what it calls alone keeps the detected capability."""
    same = ("kind", "base_url", "endpoint", "api_version", "model")
    if before and all(getattr(before, f) == getattr(profile, f) for f in same):
        return profile.model_copy(
            update={"capability": before.capability, "detected_at": before.detected_at}
        )
    return profile


def _add() -> None:
    """on_click: store the profile (new, or over the one edited) and its key; the form empties
    for the next one."""
    editing = st.session_state.get(keys.PROVIDER_EDIT)
    verb = "saved" if editing else "added"
    try:
        profile = _form_profile()
    except ValidationError as exc:
        _say("error", f"The profile was not {verb}. {_problems(exc)}")
        return
    key = _form_key()
    before = profiles.get(editing) if editing else None
    profile = _kept_detection(profile, before)

    def _do() -> None:
        profiles.put(profile, replace=editing)
        if key is not None:
            key_ring().set(profile.name, key, bool(st.session_state.get(_FORM + "remember")))

    try:
        _do()
    except (ProviderFileError, OSError) as exc:
        _say("error", f"The profile was not {verb}. {exc}")
        return
    _clear_form()
    if editing and profile.capability is not None:
        _say("success", f"Saved the provider {profile.name}.")
    elif editing:
        _say("success", f"Saved the provider {profile.name}: test its connection again.")
    else:
        _say("success", f"Added the provider {profile.name}: test its connection below.")


def render_add_form() -> None:
    editing = st.session_state.get(keys.PROVIDER_EDIT)
    title = f"Edit the provider {editing}" if editing else "Add a provider"
    with st.expander(title, expanded=bool(editing) or not profiles.load().profiles):
        kind = st.selectbox(
            "Kind",
            list(KIND_LABELS),
            index=2,
            format_func=KIND_LABELS.__getitem__,
            key=_FORM + "kind",
        )
        st.text_input(
            "Name", key=_FORM + "name", placeholder="e.g. local llama", disabled=bool(editing)
        )
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
        save, cancel = st.columns(2)
        label = "Save changes" if editing else "Add provider"
        save.button(label, type="primary", key=_FORM + "add", on_click=_add)
        if editing:
            cancel.button("Cancel", key=_FORM + "cancel", on_click=_clear_form)
