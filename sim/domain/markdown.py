"""Markdown for text nobody here wrote (answers, user questions, model output): escaped so it
shows as typed and never renders as a link, an image or a Streamlit directive."""

import re

# The punctuation that can start markup (CommonMark backslash-escapes each of them);
# ':' also stops Streamlit's :material/...: icons and :color[...] directives.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&])")  # = makes headings, & entities
_BACKTICK_RUN = re.compile(r"`+")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code_fence(text: str) -> str:
    """A backtick fence longer than any backtick run in `text`, so the text cannot close it."""
    longest = max((len(m.group()) for m in _BACKTICK_RUN.finditer(text)), default=0)
    return "`" * max(3, longest + 1)


def numbered_list(items: list[str]) -> str:
    """One Markdown ordered list (1., 2., 3.) of escaped items: rendered as a single block, so
    it counts up instead of restarting at 1 for every item."""
    # A line break inside an item would end the list; an item is one line.
    return "\n".join(
        f"{n}. {escape_markdown(' '.join(item.split()))}" for n, item in enumerate(items, 1)
    )
