"""Text the user typed, made storable the same way on every engine before any write.

PostgreSQL rejects NUL in text and neither engine's driver encodes a lone surrogate (a browser
can send one from a broken paste); both would fail the save and lose the answer. Replacing them
with U+FFFD keeps every other character and shows where something was."""

import re
from dataclasses import dataclass

REPLACEMENT = "\ufffd"
MAX_ANSWER_CHARS = 100_000  # a long design answer is ~30,000; a 100 MB paste must not stall
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    """NUL and lone surrogates become U+FFFD; everything else is kept as typed."""
    # A str holding a surrogate *pair* as two code points is still two lone surrogates to the
    # encoder, so every surrogate code point is unstorable.
    return _UNSTORABLE.sub(REPLACEMENT, text)


@dataclass(frozen=True)
class FittedAnswer:
    text: str
    original_chars: int

    @property
    def cut(self) -> bool:
        return self.original_chars > len(self.text)

    def note(self) -> str | None:
        if not self.cut:
            return None
        return (
            f"The answer was {self.original_chars:,} characters; only the first "
            f"{MAX_ANSWER_CHARS:,} were kept and graded."
        )

    def draft_note(self) -> str | None:
        """The same, said while the answer is still being typed."""
        if not self.cut:
            return None
        return (
            f"Your answer is {self.original_chars:,} characters: only the first "
            f"{MAX_ANSWER_CHARS:,} are saved and will be graded."
        )


def fit_answer(text: str) -> FittedAnswer:
    """Clean the text and keep what fits under MAX_ANSWER_CHARS."""
    return FittedAnswer(clean_text(text[:MAX_ANSWER_CHARS]), len(text))
