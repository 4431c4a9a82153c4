"""What a provider actually sent: its own reason for an error, and a reply that is not the JSON
the SDK expects (an HTML page from a proxy, an empty body, a body cut mid-JSON)."""

import html
import json
import re

import httpx2

REASON_MAX_CHARS = 300  # enough for a context-length message, not for a whole error page
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _squash(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= REASON_MAX_CHARS else text[: REASON_MAX_CHARS - 1] + "…"


def is_html(response: httpx2.Response) -> bool:
    ctype = response.headers.get("content-type", "").lower()
    return "html" in ctype or response.text.lstrip()[:15].lower().startswith(("<!doctype", "<html"))


def _json_message(data: object) -> str | None:
    """The message of the error shapes providers use: {"error": {"message"}}, {"error": "..."},
    {"message"}, {"detail"}."""
    if not isinstance(data, dict):
        return None
    error = data.get("error")
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return error["message"]
    for value in (error, data.get("message"), data.get("detail")):
        if isinstance(value, str) and value.strip():
            return value
    return None


def describe_body(response: httpx2.Response) -> str:
    """The provider's own reason, or what kind of body it sent, in one short line (not yet
    redacted: the caller knows the secrets)."""
    text = response.text.strip()
    if not text:
        return "an empty reply"
    if is_html(response):
        title = _TITLE.search(text)
        heading = _squash(html.unescape(title.group(1))) if title else ""
        return f"an HTML page ({heading})" if heading else "an HTML page"
    try:
        message = _json_message(json.loads(text))
    except ValueError:
        message = None
    return _squash(message or text)


def reply_problem(response: httpx2.Response) -> str | None:
    """Why a successful (2xx) reply cannot be a chat completion, or None if it may be one."""
    text = response.text.strip()
    if not text:
        return "an empty reply"
    if is_html(response):
        return describe_body(response) + " instead of JSON"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return f"a reply that is not valid JSON, probably cut off ({exc.msg} at char {exc.pos})"
    if not isinstance(data, dict) or not data.get("choices"):
        return "JSON without any choices: " + describe_body(response)
    return None
