"""Testing a provider profile (service layer): the one-token connection test and the
structured-output probe, logged like every other LLM call (endpoint redacted, never the key),
with the detected capability stored on the profile so every later grade uses it."""

import time
from datetime import UTC, datetime

from pydantic import SecretStr
from sqlalchemy.engine import Engine

from sim.llm.settings import load_settings
from sim.llm_accounting import log_connection_test
from sim.providers import profiles
from sim.providers.choices import settings_for
from sim.providers.profiles import Profile


def check_profile(
    profile: Profile, key: SecretStr | None, engine: Engine | None = None
) -> tuple[bool, str, Profile]:
    """(worked, what to say, the profile as now stored). A failed test stores nothing."""
    from sim.llm.probe import probe  # the openai SDK loads only when it is used

    settings = settings_for(profile, key, load_settings()).model_copy(
        update={"capability": None}  # detect afresh: the server may have changed
    )
    start = time.perf_counter()
    result = probe(settings)
    if engine is not None:
        log_connection_test(engine, settings, start, result.ok, result.message)
    if not result.ok or result.capability is None:
        return False, result.message, profile
    tested = profile.detected(result.capability, datetime.now(UTC))
    if profiles.get(profile.name) is not None:
        profiles.put(tested, replace=profile.name)
    return True, f"{result.message} Structured output: {result.capability}.", tested


def models_of(profile: Profile, key: SecretStr | None) -> list[str]:
    """The models the profile's server lists (`/v1/models`); [] when it lists none."""
    from sim.llm.probe import list_models

    return list_models(settings_for(profile, key, load_settings()))
