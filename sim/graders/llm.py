"""The LLM grader: one structured-output call per answer (or per dimension, or N samples), its
reply validated against a schema and then checked by the same pure code as the offline grader."""

import logging
import statistics
from dataclasses import dataclass, field

from pydantic import ValidationError

from sim.domain.fences import neutralise_fence_tags
from sim.domain.probes import proposed_probe
from sim.domain.prompts import PromptTemplate
from sim.domain.rubric import Rubric, rubric_prompt_text
from sim.domain.types import DIMENSIONS
from sim.domain.verdict import DimensionVerdict, Verdict, VerdictReply, reply_rule, reply_schema
from sim.graders.base import FollowUpSpec, GradeRequest
from sim.llm import deadline
from sim.llm.calls import CallLog, logged_json_call
from sim.llm.client import make_client
from sim.llm.errors import LLMBadOutput
from sim.llm.settings import LLMSettings
from sim.llm.tokens import truncate_to_tokens

log = logging.getLogger(__name__)
GRADER_NAME = "llm"
OUTPUT_TOKENS_PER_DIMENSION = 500

VERDICT_SCHEMA = reply_schema()
_DIMENSION_SCHEMA = VERDICT_SCHEMA["properties"]["dimensions"]["items"]
_PROBE_SCHEMA = VERDICT_SCHEMA["properties"]["follow_up"]["anyOf"][0]


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
            "follow_up": {
                "anyOf": [
                    {
                        **_PROBE_SCHEMA,
                        "properties": {
                            **_PROBE_SCHEMA["properties"],
                            "question": {"type": "string", "maxLength": 240},
                        },
                    },
                    {"type": "null"},
                ]
            },
        },
    }


@dataclass
class LLMGrader:
    settings: LLMSettings
    rubric: Rubric
    prompt: PromptTemplate
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

    def prepared_diagram(self, diagram: str) -> str:
        """The whiteboard's section of the prompt, neutralised and cut like the answer; nothing
        when no diagram was drawn."""
        if not diagram.strip():
            return ""
        safe = neutralise_fence_tags(diagram)
        cut, _ = truncate_to_tokens(safe, self.settings.max_answer_tokens, self.model)
        return self.prompt.section("diagram", diagram=cut)

    def messages(self, request: GradeRequest, answer: str) -> list[dict[str, str]]:
        key_points = "\n".join(f"{i}. {kp.point}" for i, kp in enumerate(request.key_points, 1))
        wrong = "\n".join(
            f"- Wrong: {m.claim} Correct: {m.correction}" for m in request.misconceptions
        )
        return self.prompt.render_messages(
            rubric=rubric_prompt_text(self.rubric),
            reply_rule=reply_rule(),
            kind=request.kind.value,
            question=request.question,
            key_points=key_points or "(none given)",
            misconceptions=wrong or "(none listed)",
            asked="\n".join(f"- {q}" for q in request.asked_follow_ups) or "(none)",
            answer=answer,
            room=neutralise_fence_tags(request.room.as_text()) if request.room else "(none)",
            diagram=self.prepared_diagram(request.diagram),
        )

    def _call(
        self, purpose: str, messages: list[dict[str, str]], schema: dict, name: str, max_tokens: int
    ) -> dict:
        return logged_json_call(
            self._client,
            self.settings,
            self.calls,
            purpose=purpose,
            messages=messages,
            schema=schema,
            schema_name=name,
            max_tokens=max_tokens,
            grammar_schema=_bounded(schema) if schema is VERDICT_SCHEMA else schema,
        )

    def _one_sample(self, request: GradeRequest, answer: str) -> VerdictReply:
        messages = self.messages(request, answer)
        if not self.settings.per_dimension:
            data = self._call(
                "grade", messages, VERDICT_SCHEMA, "staff_verdict", self.settings.max_output_tokens
            )
            return _validate(data)
        outs, covered, probe = [], set(), None
        for dim in DIMENSIONS:
            focused = [
                *messages[:-1],
                {
                    **messages[-1],
                    "content": messages[-1]["content"]
                    + f"\n\nJudge only the {dim.value} dimension: reply with one object "
                    '{"dimensions": [one item], "key_points_covered": [...], '
                    '"follow_up": {...} or null}.',
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
            probe = probe or part.follow_up
        return VerdictReply(dimensions=outs, key_points_covered=sorted(covered), follow_up=probe)

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
        """The probe the grade call proposed (no second call); the bank's ladder when it proposed
        none worth asking."""
        from sim.graders.offline import bank_follow_up

        proposed = proposed_probe(verdict.follow_up, request.asked_follow_ups)
        if proposed is None and verdict.follow_up is not None:
            log.info("The grader's proposed follow-up is unusable; using the bank's ladder")
        return proposed or bank_follow_up(request, verdict)


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
        follow_up=next((s.follow_up for s in samples if s.follow_up is not None), None),
    )
