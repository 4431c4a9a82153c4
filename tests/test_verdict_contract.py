"""One verdict contract: the provider schema, the prompt's reply rule, the LLM reply parser and
the domain verdict all come from the pydantic models in sim.domain.verdict."""

from sim import catalog
from sim.domain.verdict import (
    DimensionReply,
    DimensionVerdict,
    VerdictReply,
    reply_rule,
    reply_schema,
)
from sim.graders import llm
from sim.llm.settings import load_settings
from sim.service import request_for


def test_schema_lists_exactly_the_reply_fields_all_required() -> None:
    schema = reply_schema()
    dimension = schema["properties"]["dimensions"]["items"]
    assert list(dimension["properties"]) == list(DimensionReply.model_fields)
    assert dimension["required"] == list(DimensionReply.model_fields)
    assert list(schema["properties"]) == list(VerdictReply.model_fields)
    assert schema["additionalProperties"] is False and dimension["additionalProperties"] is False
    assert schema == llm.VERDICT_SCHEMA


def test_domain_verdict_extends_the_reply() -> None:
    assert set(DimensionReply.model_fields) <= set(DimensionVerdict.model_fields)


def test_prompt_states_the_derived_reply_rule_and_the_misconceptions() -> None:
    question = next(q for q in catalog.bank().questions if q.misconceptions)
    settings = load_settings({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "SIM_LLM_MODEL": "m"})
    grader = llm.LLMGrader(settings, catalog.rubric(), catalog.prompt("grade_answer"))
    messages = grader.messages(request_for(question, "An answer."), "An answer.")
    text = "\n".join(m["content"] for m in messages)
    assert reply_rule() in text
    for field in DimensionReply.model_fields:
        assert f'"{field}"' in reply_rule()
    assert question.misconceptions[0].claim in text
    assert question.misconceptions[0].correction in text
