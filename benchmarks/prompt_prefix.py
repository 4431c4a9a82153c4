"""The grade prompt's identical leading tokens, per question kind: the longest token prefix that
every answer to every bank question of that kind shares (what provider-side prompt caching can
reuse; OpenAI and Azure OpenAI cache from 1,024 identical tokens, in steps of 128).

Counted with tiktoken's o200k_base (the gpt-4o family's encoding) from the files in
../shared/assets/tiktoken_cache when TIKTOKEN_CACHE_DIR is not set: no download."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim import catalog  # noqa: E402
from sim.domain.types import Kind  # noqa: E402
from sim.graders.llm import LLMGrader  # noqa: E402
from sim.judging import request_for  # noqa: E402
from sim.llm.settings import load_settings  # noqa: E402

ENCODING = "o200k_base"
CACHE_MINIMUM, CACHE_STEP = 1024, 128
ANSWERS = ("We shard by tenant and accept a rebalancing cost.", "I would start with a queue.")
SHIPPED_ENCODINGS = ROOT.parent / "shared" / "assets" / "tiktoken_cache"


def _encoding():  # noqa: ANN202 - a tiktoken.Encoding, or None when none can load offline
    if "TIKTOKEN_CACHE_DIR" not in os.environ and SHIPPED_ENCODINGS.is_dir():
        os.environ["TIKTOKEN_CACHE_DIR"] = str(SHIPPED_ENCODINGS)
    try:
        import tiktoken

        return tiktoken.get_encoding(ENCODING)
    except Exception:  # offline with no cached encoding
        return None


def _prompt_tokens(grader: LLMGrader, encoding, question, answer: str) -> list[int]:  # noqa: ANN001
    messages = grader.messages(request_for(question, answer), answer)
    return encoding.encode("".join(m["role"] + m["content"] for m in messages))


def _common_prefix(sequences: list[list[int]]) -> int:
    first = sequences[0]
    n = min(len(s) for s in sequences)
    for i in range(n):
        if any(s[i] != first[i] for s in sequences):
            return i
    return n


def identical_prefix_by_kind() -> dict[Kind, int] | None:
    """Per kind, the identical leading tokens of the grade prompt over its questions and two
    answers each; None when no encoding can load."""
    encoding = _encoding()
    if encoding is None:
        return None
    settings = load_settings({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "SIM_LLM_MODEL": "m"})
    grader = LLMGrader(settings, catalog.rubric(), catalog.prompt("grade_answer"))
    bank = catalog.bank()
    return {
        kind: _common_prefix(
            [_prompt_tokens(grader, encoding, q, a) for q in bank.of_kind(kind) for a in ANSWERS]
        )
        for kind in Kind
    }


def cached_share(prefix_tokens: int) -> int:
    """The tokens a provider caches of an identical prefix this long (0 below the minimum)."""
    if prefix_tokens < CACHE_MINIMUM:
        return 0
    return CACHE_MINIMUM + (prefix_tokens - CACHE_MINIMUM) // CACHE_STEP * CACHE_STEP


if __name__ == "__main__":
    found = identical_prefix_by_kind()
    if found is None:
        print(f"no {ENCODING} encoding: set TIKTOKEN_CACHE_DIR")
    else:
        for kind, tokens in found.items():
            print(f"{kind.value}: {tokens} identical leading tokens, {cached_share(tokens)} cached")
