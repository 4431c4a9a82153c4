"""Token counting with tiktoken; an estimate (and a flag saying so) when no encoding can load."""

import logging
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)
CHARS_PER_TOKEN = 4  # the usual English average, used only when no encoding is available


@dataclass(frozen=True)
class TokenCount:
    tokens: int
    estimated: bool  # True: chars/4 estimate because no tiktoken encoding could be loaded


@lru_cache(maxsize=8)
def _encoding_for(model: str):  # noqa: ANN202 - tiktoken.Encoding or None
    try:
        import tiktoken

        try:
            return tiktoken.encoding_for_model(model)
        except KeyError:
            # Unknown or local model names: the newest OpenAI encoding is the best guess.
            return tiktoken.get_encoding("o200k_base")
    except Exception as exc:  # offline with no cached encoding, or a broken cache file
        # The exception text can carry the download address; the type is enough here.
        log.warning(
            "no tiktoken encoding for %s (%s); estimating tokens", model, type(exc).__name__
        )
        return None


def count_tokens(text: str, model: str) -> TokenCount:
    encoding = _encoding_for(model)
    if encoding is None:
        return TokenCount(max(1, len(text) // CHARS_PER_TOKEN), estimated=True)
    return TokenCount(len(encoding.encode(text, disallowed_special=())), estimated=False)


def truncate_to_tokens(text: str, limit: int, model: str) -> tuple[str, bool]:
    """Cut text to at most `limit` tokens; returns (text, was_cut)."""
    encoding = _encoding_for(model)
    if encoding is None:
        max_chars = limit * CHARS_PER_TOKEN
        return (text, False) if len(text) <= max_chars else (text[:max_chars], True)
    tokens = encoding.encode(text, disallowed_special=())
    if len(tokens) <= limit:
        return text, False
    return encoding.decode(tokens[:limit]), True
