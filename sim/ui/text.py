"""Showing user text safely: whatever a user pastes, a user question says or a model writes
renders as text, never as markup. Every page escapes through `escape_markdown` (one helper,
shared with the Markdown report)."""

from sim.domain.markdown import escape_markdown, numbered_list

__all__ = ["escape_markdown", "format_seconds", "highlight_quotes", "numbered_list"]


def highlight_quotes(text: str, quotes: list[str]) -> str:
    """Markdown of the escaped text with each quote's first occurrence highlighted. Quotes are
    escaped the same way, so they still match; nothing the user wrote renders as markup."""
    escaped = escape_markdown(text)
    for quote in sorted(set(quotes), key=len, reverse=True):
        needle = escape_markdown(quote)
        if needle and needle in escaped:
            escaped = escaped.replace(needle, f":orange-background[{needle}]", 1)
    return escaped.replace("\n", "  \n")


def format_seconds(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"
