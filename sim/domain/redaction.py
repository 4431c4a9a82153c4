"""One redaction for every URL and message the product stores, logs or shows: credentials in a
URL's user part, secret-looking query parameters and key=value pairs, bearer tokens, OpenAI-style
keys, and any secret value the caller knows. Idempotent: redacting twice changes nothing."""

import re
from collections.abc import Iterable

MASK = "***"

# scheme://user:password@host or scheme://token@host (the authority ends at / ? # or a space).
_USERINFO = re.compile(
    r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?P<info>[^\s/?#@]+(?:@[^\s/?#@]+)*)@"
)
# Names that are secret wherever they stand: api-key=..., "password": "...", api-key: ...
_SECRET_NAMES = (
    r"api[-_]?key|apikey|x-api-key|subscription[-_]?key|access[-_]?token|refresh[-_]?token"
    r"|id[-_]?token|auth[-_]?token|client[-_]?secret|secret|password|passwd|pwd"
)
_KEY_VALUE = re.compile(
    rf"(?i)(?P<name>(?<![A-Za-z0-9_-])(?:{_SECRET_NAMES})[\"']?\s*[=:]\s*[\"']?)"
    r"(?P<value>[^\s\"'&#,;]+)"
)
# Short names that are secret only as query parameters: ?key=..., &sig=..., &token=...
_QUERY = re.compile(r"(?i)(?P<name>[?&;](?:key|sig|signature|token)=)(?P<value>[^\s\"'&#]+)")
_AUTHORIZATION = re.compile(
    r"(?i)(?P<name>\bauthorization[\"']?\s*[=:]\s*[\"']?)(?:(?:bearer|basic|token)\s+)?[^\s\"',;]+"
)
_BEARER = re.compile(r"(?i)\b(?P<name>bearer\s+)(?!\*\*\*)[A-Za-z0-9._~+/=-]+")
_OPENAI_KEY = re.compile(r"\bsk-(?!\*\*\*)[A-Za-z0-9_-]{8,}")


def _userinfo(match: re.Match[str]) -> str:
    user, colon, _password = match["info"].partition(":")
    return f"{match['scheme']}{user}:{MASK}@" if colon else f"{match['scheme']}{MASK}@"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every credential it carries replaced by ***."""
    if not text:
        return text
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    text = _USERINFO.sub(_userinfo, text)
    text = _AUTHORIZATION.sub(lambda m: m["name"] + MASK, text)
    text = _BEARER.sub(lambda m: m["name"] + MASK, text)
    text = _KEY_VALUE.sub(lambda m: m["name"] + MASK, text)
    text = _QUERY.sub(lambda m: m["name"] + MASK, text)
    return _OPENAI_KEY.sub("sk-" + MASK, text)
