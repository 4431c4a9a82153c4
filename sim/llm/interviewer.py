"""The interviewer in character through the LLM: one structured-output call per clarifying
question, answered only from the numbered facts of the question's notes. The reply is validated
against its schema here; which facts it may use is checked by pure code (sim.domain.interviewer)."""

from dataclasses import dataclass, field

from pydantic import ValidationError

from sim.domain.fences import neutralise_fence_tags
from sim.domain.interviewer import (
    CompiledFact,
    InterviewerAnswerReply,
    interviewer_reply_rule,
    interviewer_reply_schema,
    numbered_facts,
)
from sim.domain.prompts import PromptTemplate
from sim.llm.calls import CallLog, logged_json_call
from sim.llm.client import make_client
from sim.llm.errors import LLMBadOutput
from sim.llm.settings import LLMSettings
from sim.llm.tokens import truncate_to_tokens

PURPOSE = "interviewer"
REPLY_SCHEMA = interviewer_reply_schema()
# A short spoken reply: the grammar (llama.cpp) keeps a small model from rambling past it.
_GRAMMAR_SCHEMA = {
    **REPLY_SCHEMA,
    "properties": {
        "answer": {"type": "string", "maxLength": 400},
        "facts": {"type": "array", "items": {"type": "integer"}, "maxItems": 3},
    },
}
OUTPUT_TOKENS = 400
QUESTION_TOKENS = 300  # a clarifying question is a sentence or two


@dataclass
class LLMInterviewer:
    settings: LLMSettings
    prompt: PromptTemplate
    calls: list[CallLog] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._client = make_client(self.settings)

    @property
    def model(self) -> str:
        return self.settings.model or ""

    def messages(
        self, question_prompt: str, facts: tuple[CompiledFact, ...], asked: str
    ) -> list[dict[str, str]]:
        """The candidate's question fenced as data: its fence tags neutralised, cut to size."""
        safe, _ = truncate_to_tokens(neutralise_fence_tags(asked), QUESTION_TOKENS, self.model)
        return self.prompt.render_messages(
            reply_rule=interviewer_reply_rule(),
            question=question_prompt,
            facts=numbered_facts(facts),
            candidate_question=safe,
        )

    def reply(
        self, question_prompt: str, facts: tuple[CompiledFact, ...], asked: str
    ) -> InterviewerAnswerReply:
        data = logged_json_call(
            self._client,
            self.settings,
            self.calls,
            purpose=PURPOSE,
            messages=self.messages(question_prompt, facts, asked),
            schema=REPLY_SCHEMA,
            schema_name="interviewer_reply",
            max_tokens=OUTPUT_TOKENS,
            grammar_schema=_GRAMMAR_SCHEMA,
        )
        try:
            return InterviewerAnswerReply.model_validate(data)
        except ValidationError as exc:
            # Logged as a failed call would be: the caller falls back to the offline matcher.
            self.calls[-1].error_kind = LLMBadOutput.kind
            self.calls[-1].error = "reply did not match the interviewer schema"
            raise LLMBadOutput("The model's JSON did not match the interviewer schema.") from exc
