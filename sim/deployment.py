"""Whether this deployment is shared by several signed-in users: the setting
`LLMSettings.shared_deployment` (SIM_SHARED_DEPLOYMENT in the environment or the secrets),
which the data layer and the pages read to tell a shared deployment from the single-user app.

The app turns it on for its own process when its secrets have an `[auth]` section
(sim/ui/sign_in.py); a container sets it in its environment, so that a missing `[auth]` stops
the app instead of opening everyone's data to everyone."""

import os

from sim.llm.settings import LLMSettings, load_settings

SHARED_DEPLOYMENT_ENV = LLMSettings.model_fields["shared_deployment"].alias


def shared_deployment() -> bool:
    return load_settings().shared_deployment


def mark_shared() -> None:
    """Sign-in is configured for this process: everything it runs acts per user."""
    os.environ[SHARED_DEPLOYMENT_ENV] = "1"
