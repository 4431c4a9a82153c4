"""The grade prompt opens with the same text for every answer of every kind (the rules and the
whole rubric), long enough for providers' prompt caching, which needs 1,024 identical leading
tokens; everything that varies per answer comes after it."""

import pytest

from sim import catalog
from sim.domain.types import Kind
from sim.graders import llm
from sim.judging import request_for
from sim.llm.settings import load_settings
from tests.conftest import SHARED, need_or_skip

CACHING_MINIMUM = 1024  # tokens, OpenAI's and Azure OpenAI's prompt-caching threshold


def _messages(question, answer: str) -> list[dict[str, str]]:
    settings = load_settings({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "SIM_LLM_MODEL": "m"})
    grader = llm.LLMGrader(settings, catalog.rubric(), catalog.prompt("grade_answer"))
    return grader.messages(request_for(question, answer), answer)


def _one_of_each_kind() -> list:
    bank = catalog.bank()
    return [bank.of_kind(kind)[0] for kind in Kind]


def test_every_kind_gets_the_same_system_message_with_every_kinds_anchors() -> None:
    systems = {_messages(q, "We shard by tenant.")[0]["content"] for q in _one_of_each_kind()}
    assert len(systems) == 1
    system = systems.pop()
    rubric = catalog.rubric()
    for dim in rubric.dimensions:
        for kind in Kind:
            assert all(anchor in system for anchor in dim.anchors[kind].values())
    assert all(item.title in system for item in rubric.system_design_checklist)
    assert all(part.title in system for part in rubric.star_parts)


def test_what_varies_per_answer_comes_after_the_shared_part() -> None:
    for question in _one_of_each_kind():
        answer = "We shard the zanzibarian ledger by tenant."
        system, user = (m["content"] for m in _messages(question, answer))
        assert question.prompt not in system and answer not in system
        assert user.startswith("# Question kind\n" + question.kind.value)
        assert question.prompt in user and answer in user


@pytest.mark.parametrize("encoding_name", ["o200k_base", "cl100k_base"])
def test_the_shared_part_is_long_enough_for_prompt_caching(
    encoding_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = SHARED / "assets" / "tiktoken_cache"
    need_or_skip(cache.is_dir(), f"tiktoken encodings in {cache}")
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(cache))
    import tiktoken

    encoding = tiktoken.get_encoding(encoding_name)
    for question in _one_of_each_kind():
        system = _messages(question, "An answer.")[0]["content"]
        assert len(encoding.encode(system)) >= CACHING_MINIMUM, question.kind
