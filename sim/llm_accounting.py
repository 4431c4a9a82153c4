"""LLM accounting (service layer): what each grade was judged with and what it cost, the call
log, the key that lets an identical grade be reused, and usage totals. Never the key itself."""

import hashlib
import time
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from sim.domain.questions import Question
from sim.domain.rubric import Rubric
from sim.grade_outcome import Provenance
from sim.graders.base import Grader
from sim.llm.pricing import cost_usd, price_for
from sim.llm.settings import LLMSettings
from sim.storage import repo

if TYPE_CHECKING:
    from sim.llm.interviewer import LLMInterviewer


def cache_key(
    grader: Grader, question: Question, answer: str, rubric: Rubric, diagram: str | None = None
) -> str | None:
    settings = getattr(grader, "settings", None)
    if settings is None:
        return None  # the offline grader is free and deterministic: nothing to save
    prompt = grader.prompt
    parts = [
        prompt.sha256,
        grader.model,
        rubric.version,
        question.id,
        str(settings.samples),
        str(settings.per_dimension),
        answer,
    ]
    if diagram:  # only then: the keys of answers without a diagram stay as they were
        parts.append(diagram)
    if settings.endpoint:  # the same model name on two servers is two graders (profiles)
        parts.append(settings.endpoint)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def record_llm_calls(
    engine: Engine, attempt_id: int | None, grader: "Grader | LLMInterviewer"
) -> Provenance:
    """Store every call the grader (or the interviewer) made, also failed ones, and total
    tokens and cost."""
    calls = getattr(grader, "calls", None)
    if calls is None:
        return Provenance()
    settings = grader.settings
    prompt = grader.prompt
    price = price_for(grader.model, settings.price_input_per_mtok, settings.price_output_per_mtok)
    tokens_in = tokens_out = 0
    estimated = False
    cost: float | None = 0.0 if price else None
    for call in calls:
        result = call.result
        used_in = result.tokens_in if result else 0
        used_out = result.tokens_out if result else 0
        if result and not used_in:  # a server that reports no usage: our own count
            used_in, estimated = call.prompt_tokens_counted, estimated or call.tokens_estimated
        call_cost = cost_usd(used_in, used_out, price)
        tokens_in, tokens_out = tokens_in + used_in, tokens_out + used_out
        if cost is not None and call_cost is not None:
            cost += call_cost
        repo.log_llm_call(
            engine,
            attempt_id=attempt_id,
            purpose=call.purpose,
            provider=settings.provider or "",
            endpoint=settings.endpoint,
            model=grader.model,
            prompt_id=prompt.id,
            prompt_version=prompt.version,
            prompt_hash=prompt.sha256,
            mode=result.mode if result else "",
            tokens_in=used_in,
            tokens_out=used_out,
            tokens_estimated=call.tokens_estimated,
            latency_ms=result.latency_ms if result else 0,
            cost_usd=call_cost,
            outcome="ok" if not call.error_kind else call.error_kind,
            error=call.error or None,
        )
    calls.clear()
    return Provenance(
        prompt.id,
        prompt.version,
        prompt.sha256,
        settings.temperature,
        tokens_in,
        tokens_out,
        estimated,
        round(cost, 6) if cost is not None else None,
    )


def log_connection_test(
    engine: Engine, settings: LLMSettings, started: float, ok: bool, message: str
) -> None:
    """One connection test in the call log, its latency measured from `started`."""
    repo.log_llm_call(
        engine,
        purpose="test_connection",
        provider=settings.provider or "",
        endpoint=settings.endpoint,
        model=settings.model or "",
        latency_ms=(time.perf_counter() - started) * 1000,
        outcome="ok" if ok else "error",
        error=None if ok else message[:300],
    )


def test_llm_connection(settings: LLMSettings, engine: Engine) -> tuple[bool, str]:
    """The Settings page's connection test; logged like every other call."""
    from sim.llm.client import test_connection

    start = time.perf_counter()
    ok, message = test_connection(settings)
    log_connection_test(engine, settings, start, ok, message)
    return ok, message


def usage_summary(engine: Engine) -> dict:
    """Totals over the stored LLM call log (for the Settings page)."""
    calls = repo.llm_calls(engine, limit=100_000)
    costs = [c["cost_usd"] for c in calls if c["cost_usd"] is not None]
    return {
        "calls": len(calls),
        "failed": sum(1 for c in calls if c["outcome"] != "ok"),
        "tokens_in": sum(c["tokens_in"] for c in calls),
        "tokens_out": sum(c["tokens_out"] for c in calls),
        "cost_usd": round(sum(costs), 6) if costs else None,
    }


def cost_of(engine: Engine, attempt_ids: set[int]) -> float:
    """LLM spend on these answers (e.g. this practice session), in USD; unknown prices count 0."""
    total = 0.0
    for attempt_id in attempt_ids:
        attempt = repo.get_attempt(engine, attempt_id)
        total += sum(g.cost_usd or 0.0 for g in attempt.grades) if attempt else 0.0
    return round(total, 6)
