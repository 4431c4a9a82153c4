"""How a question is named in a picker: its topic and the start of its prompt (what a newcomer
recognises), with the time limit. Picker options are plain text, so the label is one line of the
prompt's own words, never Markdown; typing any of those words finds it."""

from sim import catalog
from sim.domain.questions import Question

PROMPT_CHARS = 80


def topic_title(topic: str) -> str:
    # The shared bank's topics: a label is also made outside a page run (a picker's format_func,
    # where no user is known); a topic added with a user's own question shows its id.
    topics = catalog.bank().topics
    return topics[topic].title if topic in topics else topic


def prompt_start(prompt: str, limit: int = PROMPT_CHARS) -> str:
    """The prompt's first `limit` characters on one line, cut at a word with an ellipsis."""
    line = " ".join(prompt.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut.rstrip(" ,.;:") + "…"


def question_label(question: Question) -> str:
    return (
        f"{topic_title(question.topic)} · {prompt_start(question.prompt)} "
        f"({question.time_limit_min} min)"
    )
