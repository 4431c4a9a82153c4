"""The LLM grader: one structured-output call per answer (or per dimension, or N samples), its
reply validated against a schema and then checked by the same pure code as the offline grader."""

import logging
import re
import statistics
from dataclasses import dataclass, field

from pydantic import ValidationError

from sim.domain.prompts import PromptTemplate
from sim.domain.redaction import redact
from sim.domain.rubric import Rubric, rubric_prompt_text
from sim.domain.types import DIMENSIONS
from sim.domain.verdict import DimensionVerdict, Verdict, VerdictReply, reply_rule, reply_schema
from sim.graders.base import FollowUpSpec, GradeRequest
from sim.llm import deadline
from sim.llm.client import ChatResult, chat_json, make_client, parse_json_object
from sim.llm.errors import LLMBadOutput
from sim.llm.settings import LLMSettings
from sim.llm.tokens import count_tokens, truncate_to_tokens

log = logging.getLogger(__name__)
GRADER_NAME = "llm"
# Any spelling of a fence tag (the answer's, the diagram's) a model might read as one: case,
# spaces, attributes.
_FENCE_TAG = re.compile(r"<(\s*/?\s*(?:answer|diagram)\b[^<>]*)>", re.IGNORECASE)
OUTPUT_TOKENS_PER_DIMENSION = 500

VERDICT_SCHEMA = reply_schema()
_DIMENSION_SCHEMA = VERDICT_SCHEMA["properties"]["dimensions"]["items"]


def neutralise_fence_tags(answer: str) -> str:
    """`<answer>`/`</answer>` (and the diagram's tags) in any case or spacing become
    `&lt;...&gt;`: still readable to the model, but no longer tags that could close a fence and
    smuggle in instructions."""
    return _FENCE_TAG.sub(r"&lt;\1&gt;", answer)


def _bounded(schema: dict) -> dict:
    """The same schema with size limits, for servers that turn a schema into a grammar
    (llama.cpp): a small model then cannot ramble past the output budget. Strict json_schema
    mode gets the plain schema, since providers differ on which size keywords they accept."""
    dim = {
        **_DIMENSION_SCHEMA,
        "properties": {
            **_DIMENSION_SCHEMA["properties"],
            "evidence": {
                "type": "array",
                "items": {"type": "string", "maxLength": 160},
                "maxItems": 2,
            },
            "reason": {"type": "string", "maxLength": 160},
            "next_level_hint": {"type": "string", "maxLength": 120},
        },
    }
    return {
        **schema,
        "properties": {
            **schema["properties"],
            "dimensions": {"type": "array", "items": dim, "minItems": 4, "maxItems": 4},
            "key_points_covered": {"type": "array", "items": {"type": "integer"}, "maxItems": 10},
        },
    }


FOLLOW_UP_SCHEMA = {
    "type": "object",
    "properties": {
        "question": {"type": "string"},
        "dimension": {"type": "string", "enum": [d.value for d in DIMENSIONS]},
    },
    "required": ["question", "dimension"],
    "additionalProperties": False,
}


@dataclass
class CallLog:
    """What the service stores per call (never the key, never the prompt text)."""

    purpose: str
    result: ChatResult | None = None
    error_kind: str = ""
    error: str = ""
    prompt_tokens_counted: int = 0
    tokens_estimated: bool = False


@dataclass
class LLMGrader:
    settings: LLMSettings
    rubric: Rubric
    prompt: PromptTemplate
    follow_up_prompt: PromptTemplate | None = None
    name: str = GRADER_NAME
    calls: list[CallLog] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._client = make_client(self.settings)

    @property
    def model(self) -> str:
        return self.settings.model or ""

    # -- grading -------------------------------------------------------------------------------
    def prepared_answer(self, answer: str) -> tuple[str, bool]:
        """The answer as sent: fenced tags neutralised, cut to the token budget if too long."""
        safe = neutralise_fence_tags(answer)
        return truncate_to_tokens(safe, self.settings.max_answer_tokens, self.model)

    def messages(self, request: GradeRequest, answer: str) -> list[dict[str, str]]:
        key_points = "\n".join(f"{i}. {kp.point}" for i, kp in enumerate(request.key_points, 1))
        wrong = "\n".join(
            f"- Wrong: {m.claim} Correct: {m.correction}" for m in request.misconceptions
        )
        return self.prompt.render_messages(
            rubric=rubric_prompt_text(self.rubric, request.kind),
            reply_rule=reply_rule(),
            kind=request.kind.value,
            question=request.question,
            key_points=key_points or "(none given)",
            misconceptions=wrong or "(none listed)",
            answer=answer,
            diagram=self.prepared_diagram(request.diagram),
        )

    def prepared_diagram(self, diagram: str) -> str:
        """The whiteboard's section of the prompt, neutralised and cut like the answer; nothing
        when no diagram was drawn."""
        if not diagram.strip():
            return ""
        safe = neutralise_fence_tags(diagram)
        cut, _ = truncate_to_tokens(safe, self.settings.max_answer_tokens, self.model)
        return self.prompt.section("diagram", diagram=cut)

    def _call(
        self, purpose: str, messages: list[dict[str, str]], schema: dict, name: str, max_tokens: int
    ) -> dict:
        counted = count_tokens("\n".join(m["content"] for m in messages), self.model)
        log_entry = CallLog(
            purpose, prompt_tokens_counted=counted.tokens, tokens_estimated=counted.estimated
        )
        self.calls.append(log_entry)
        try:
            result = chat_json(
                self._client,
                self.settings,
                messages=messages,
                schema=schema,
                schema_name=name,
                max_tokens=max_tokens,
                grammar_schema=_bounded(schema) if schema is VERDICT_SCHEMA else schema,
            )
            log_entry.result = result
            return parse_json_object(result)
        except Exception as exc:
            log_entry.error_kind = getattr(exc, "kind", type(exc).__name__)
            log_entry.error = redact(str(exc), self.settings.secret_values())[:300]
            raise

    def _one_sample(self, request: GradeRequest, answer: str) -> VerdictReply:
        messages = self.messages(request, answer)
        if not self.settings.per_dimension:
            data = self._call(
                "grade", messages, VERDICT_SCHEMA, "staff_verdict", self.settings.max_output_tokens
            )
            return _validate(data)
        outs, covered = [], set()
        for dim in DIMENSIONS:
            focused = [
                *messages[:-1],
                {
                    **messages[-1],
                    "content": messages[-1]["content"]
                    + f"\n\nJudge only the {dim.value} dimension: reply with one object "
                    '{"dimensions": [one item], "key_points_covered": [...]}.',
                },
            ]
            part = _validate(
                self._call(
                    f"grade:{dim.value}",
                    focused,
                    VERDICT_SCHEMA,
                    "staff_verdict",
                    OUTPUT_TOKENS_PER_DIMENSION,
                )
            )
            outs += [d for d in part.dimensions if d.dimension is dim][:1]
            covered |= set(part.key_points_covered)
        return VerdictReply(dimensions=outs, key_points_covered=sorted(covered))

    def assess(self, request: GradeRequest) -> Verdict:
        with deadline.within(self.settings.timeout_s):  # the whole grading, every call in it
            answer, was_cut = self.prepared_answer(request.answer)
            samples = [self._one_sample(request, answer) for _ in range(self.settings.samples)]
        verdict = _combine(samples, request)
        verdict.grader, verdict.model = self.name, self.model
        if was_cut:
            verdict.notes.append(
                f"The answer was cut to {self.settings.max_answer_tokens} tokens for grading "
                "(SIM_LLM_MAX_ANSWER_TOKENS)."
            )
        return verdict

    # -- follow-ups ----------------------------------------------------------------------------
    def follow_up(self, request: GradeRequest, verdict: Verdict) -> FollowUpSpec | None:
        """An LLM-written probe at the weakest dimension; the bank's authored one on any failure."""
        from sim.graders.offline import bank_follow_up

        weakest = min(verdict.dimensions, key=lambda d: d.level or 0).dimension
        if self.follow_up_prompt is None:
            return bank_follow_up(request, verdict)
        try:
            data = self._call(
                "follow_up",
                self.follow_up_prompt.render_messages(
                    question=request.question,
                    answer=self.prepared_answer(request.answer)[0],
                    dimension=weakest.value,
                    guiding_question=self.rubric.dimension(weakest).guiding_question,
                    asked="\n".join(request.asked_follow_ups) or "(none)",
                ),
                FOLLOW_UP_SCHEMA,
                "follow_up",
                200,
            )
            question = str(data.get("question", "")).strip()
            if len(question) < 10 or question in request.asked_follow_ups:
                raise LLMBadOutput("unusable follow-up")
            return FollowUpSpec(question, weakest)
        except Exception as exc:  # never block the interview on a follow-up
            log.info("LLM follow-up unavailable (%s); using the bank's", exc)
            return bank_follow_up(request, verdict)


def _validate(data: dict) -> VerdictReply:
    try:
        return VerdictReply.model_validate(data)
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors()[:5])
        raise LLMBadOutput(
            f"The model's JSON did not match the verdict schema ({fields})."
        ) from exc


def _combine(samples: list[VerdictReply], request: GradeRequest) -> Verdict:
    """One sample: as is. Several: per dimension the median level (low median), evidence from a
    sample at that level, and the spread (max - min) so the user sees how stable it was."""
    dims: list[DimensionVerdict] = []
    spread: dict[str, int] = {}
    for dim in DIMENSIONS:
        found = [d for s in samples for d in s.dimensions if d.dimension is dim]
        if not found:
            continue  # reported as missing by check_verdict, never invented
        levels = [d.level for d in found if d.level is not None]
        median = statistics.median_low(levels) if levels else None
        chosen = next((d for d in found if d.level == median), found[0])
        if len(samples) > 1 and levels:
            spread[dim.value] = max(levels) - min(levels)
        dims.append(
            DimensionVerdict(
                dimension=dim,
                evidence=chosen.evidence,
                reason=chosen.reason,
                level=median,
                next_level_hint=chosen.next_level_hint,
            )
        )
    counts: dict[int, int] = {}
    for sample in samples:
        for number in set(sample.key_points_covered):
            counts[number] = counts.get(number, 0) + 1
    majority = {n for n, c in counts.items() if c * 2 > len(samples)}
    points = [kp.point for kp in request.key_points]
    return Verdict(
        grader=GRADER_NAME,
        dimensions=dims,
        key_points_covered=[p for i, p in enumerate(points, 1) if i in majority],
        key_points_missed=[p for i, p in enumerate(points, 1) if i not in majority],
        spread=spread,
        notes=[f"Median of {len(samples)} gradings."] if len(samples) > 1 else [],
    )
