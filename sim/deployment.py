"""Whether this deployment is shared by several signed-in users (SIM_SHARED_DEPLOYMENT), the one
setting the data layer and the pages read to tell a shared deployment from the single-user app.

The app sets it when its secrets have an `[auth]` section (sim/ui/sign_in.py); a container sets
it in its environment so that a missing `[auth]` stops the app instead of opening everyone's
data to everyone."""

import os
from collections.abc import Mapping, MutableMapping

SHARED_DEPLOYMENT_ENV = "SIM_SHARED_DEPLOYMENT"
_ON = {"1", "true", "yes", "on"}


def shared_deployment(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get(SHARED_DEPLOYMENT_ENV, "").strip().lower() in _ON


def mark_shared(environ: MutableMapping[str, str] | None = None) -> None:
    """Sign-in is configured for this process: everything it runs acts per user."""
    env = os.environ if environ is None else environ
    env[SHARED_DEPLOYMENT_ENV] = "1"
