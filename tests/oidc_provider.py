"""A real OpenID Connect provider on loopback for the sign-in tests: the `oidc-provider-mock`
package's app (discovery, authorize, token, JWKS, end-session) served on 127.0.0.1 from a
thread, with the users a test chooses. Any client id and secret is accepted; a user signs in
by clicking the button that bears their subject on the provider's page."""

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import werkzeug.serving


@dataclass(frozen=True)
class Person:
    subject: str
    name: str
    email: str


@dataclass(frozen=True)
class Provider:
    url: str  # the issuer

    @property
    def metadata_url(self) -> str:
        return self.url + "/.well-known/openid-configuration"


@contextlib.contextmanager
def oidc_provider(people: list[Person]) -> Iterator[Provider]:
    from oidc_provider_mock import User, app

    users = [
        User(sub=p.subject, claims={"name": p.name, "email": p.email, "email_verified": True})
        for p in people
    ]
    server = werkzeug.serving.make_server("127.0.0.1", 0, app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield Provider(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


def write_auth_secrets(path: Path, app_url: str, provider: Provider) -> Path:
    """The `[auth]` section for an app served at app_url, written as the container's entry
    point writes it from its environment."""
    from tests.entrypoint_module import entrypoint

    env = {
        "SIM_AUTH_REDIRECT_URI": f"{app_url}/oauth2callback",
        "SIM_AUTH_COOKIE_SECRET": "a-cookie-secret-only-these-tests-use",
        "SIM_AUTH_CLIENT_ID": "staff-sim",
        "SIM_AUTH_CLIENT_SECRET": "a-client-secret-only-these-tests-use",
        "SIM_AUTH_SERVER_METADATA_URL": provider.metadata_url,
        "SIM_AUTH_SECRETS_FILE": str(path),
    }
    return entrypoint.write_secrets(env)
