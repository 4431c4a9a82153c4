"""Markdown for text nobody here wrote (answers, user questions, model output): escaped so it
shows as typed and never renders as a link, an image or a Streamlit directive."""

import re

# The punctuation that can start markup (CommonMark backslash-escapes each of them);
# ':' also stops Streamlit's :material/...: icons and :color[...] directives.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")
_BACKTICK_RUN = re.compile(r"`+")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code_fence(text: str) -> str:
    """A backtick fence longer than any backtick run in `text`, so the text cannot close it."""
    longest = max((len(m.group()) for m in _BACKTICK_RUN.finditer(text)), default=0)
    return "`" * max(3, longest + 1)
