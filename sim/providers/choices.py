"""Which grader a grade uses: the offline grader, the environment / secrets provider (read-only,
as before) or a provider profile — named by a choice string that pages keep in a selectbox and
scripts pass on the command line:

    "offline"      the offline heuristic grader
    "llm"          the provider of the environment variables / .streamlit/secrets.toml
    "llm:NAME"     the provider profile NAME (providers.json)

A choice resolves to a GraderChoice carrying the LLM settings to grade with, built fresh for
each grade from the profile as stored (its detected capability included) and its key: nothing
is cached per process, so a profile added or made default is used at once."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import SecretStr

from sim.llm.errors import LLMNotConfigured
from sim.llm.settings import LLMSettings, load_settings
from sim.providers import keys as key_store
from sim.providers import profiles
from sim.providers.profiles import ENVIRONMENT, OFFLINE, Profile, ProviderFile, ProviderFileError

log = logging.getLogger(__name__)

ENV_CHOICE = "llm"
PROFILE_PREFIX = "llm:"
KeyLookup = Callable[[str], SecretStr | None]


class ProviderKeyMissing(LLMNotConfigured):
    """A profile that needs a key has none in this session or on this machine."""


class UnknownProvider(LLMNotConfigured):
    """No profile of that name (deleted meanwhile, or a typo on the command line)."""


@dataclass(frozen=True)
class GraderChoice:
    name: str  # the choice string
    settings: LLMSettings | None = None  # None: the offline grader

    @property
    def is_llm(self) -> bool:
        return self.settings is not None

    def __repr__(self) -> str:  # the settings' own repr hides the key; keep it short anyway
        return f"GraderChoice({self.name!r})"


def profile_choice(name: str) -> str:
    return PROFILE_PREFIX + name


def profile_name(choice: str) -> str | None:
    return choice.removeprefix(PROFILE_PREFIX) if choice.startswith(PROFILE_PREFIX) else None


def is_llm(choice: "str | GraderChoice | None") -> bool:
    if isinstance(choice, GraderChoice):
        return choice.is_llm
    return choice is not None and (choice == ENV_CHOICE or choice.startswith(PROFILE_PREFIX))


def settings_for(profile: Profile, key: SecretStr | None, base: LLMSettings) -> LLMSettings:
    """The environment's options (timeout, retries, samples, prices) with this profile's
    provider, model, capability and key in place of the environment's provider."""
    openai_key = key if profile.kind != "azure" else None
    return base.model_copy(
        update={
            "openai_api_key": openai_key,
            "azure_api_key": key if profile.kind == "azure" else None,
            "base_url": profile.base_url if profile.kind != "azure" else None,
            "azure_endpoint": profile.endpoint if profile.kind == "azure" else None,
            "requested_api_version": profile.api_version,
            "requested_model": profile.model,
            "capability": profile.capability,
            "requested_grader": "llm",
        }
    )


def stored_profiles() -> tuple[ProviderFile, str | None]:
    """The profiles, and why none could be read: a broken providers.json (named, with the
    field) leaves every page working with the offline grader and the environment's provider.

    None on a shared deployment: providers.json and its remembered keys are one server's files
    shared by everyone it serves, so one user's profile (and key) would grade another's answers
    and each server would have its own; there the grader is the operator's environment."""
    if load_settings().shared_deployment:
        return ProviderFile(), None
    try:
        return profiles.load(), None
    except ProviderFileError as exc:
        log.info("provider profiles not loaded: %s", exc)  # the pages say it
        return ProviderFile(), str(exc)


def default_choice(env: LLMSettings | None = None) -> str:
    """The default made on Settings, if it still exists; else the configured rule (the
    environment's provider when one is set up, else offline)."""
    env = env or load_settings()
    stored, _ = stored_profiles()
    names = {p.name for p in stored.profiles}
    if stored.default == OFFLINE:
        return OFFLINE
    if stored.default == ENVIRONMENT and env.configured:
        return ENV_CHOICE
    if stored.default in names:
        return profile_choice(stored.default)
    return ENV_CHOICE if env.grader == "llm" else OFFLINE


def choice_names(env: LLMSettings | None = None) -> list[str]:
    """Every grader a user can pick, the default first."""
    env = env or load_settings()
    names = [OFFLINE]
    if env.configured:
        names.append(ENV_CHOICE)
    names += [profile_choice(p.name) for p in stored_profiles()[0].profiles]
    first = default_choice(env)
    return [first, *[n for n in names if n != first]]


def resolve(
    choice: "str | GraderChoice | None",
    key_for: KeyLookup | None = None,
    env: LLMSettings | None = None,
) -> GraderChoice:
    """The settings a choice grades with. `key_for` is the browser session's key ring; without
    one (the CLI) only remembered keys are known."""
    if isinstance(choice, GraderChoice):
        return choice
    env = env or load_settings()
    choice = choice or default_choice(env)
    if choice == OFFLINE:
        return GraderChoice(OFFLINE)
    if choice == ENV_CHOICE:
        return GraderChoice(ENV_CHOICE, env)
    name = profile_name(choice)
    profile = next((p for p in stored_profiles()[0].profiles if p.name == name), None)
    if profile is None:
        raise UnknownProvider(
            f"No provider profile named {name or choice!r} in {profiles.file_path()} "
            "(see Settings, or `sim providers list`)."
        )
    key = (key_for or _remembered)(profile.name)
    if profile.needs_key and key is None:
        raise ProviderKeyMissing(
            f"Provider {profile.name!r} has no API key in this session or on this machine: "
            "enter it on Settings (or grade offline)."
        )
    return GraderChoice(choice, settings_for(profile, key, env))


def _remembered(name: str) -> SecretStr | None:
    return key_store.read_file().get(name)


def label(
    choice: str,
    env: LLMSettings | None = None,
    default: str | None = None,
    mark_default: bool = True,
) -> str:
    """How a selectbox names a choice; the default is marked."""
    env = env or load_settings()
    if choice == OFFLINE:
        text = "Offline heuristic"
    elif choice == ENV_CHOICE:
        text = f"Environment ({env.model})" if env.model else "Environment"
    else:
        name = profile_name(choice) or choice
        profile = profiles.get(name)
        text = f"{name} ({profile.model})" if profile and profile.model else name
    if not mark_default:
        return text
    return text + (" · default" if choice == (default or default_choice(env)) else "")
