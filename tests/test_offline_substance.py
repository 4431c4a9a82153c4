"""The offline grader judges substance, not wording: other languages are not enough evidence,
notes are judged on their content, headings and keywords without decisions stay at senior, known
misconceptions lower depth with a correction, an answer to another question is named as such, and
every covered key point cites its sentence."""

import pytest

from sim import catalog
from sim.domain.language import UNREADABLE_MESSAGE
from sim.domain.types import Dimension, Kind
from sim.domain.verdict import check_verdict
from sim.graders.base import GradeRequest
from sim.graders.offline import OfflineGrader
from sim.service import judge, request_for
from tests.test_offline_grader import KEY_POINTS, STRONG, _request

SPANISH = """Primero los requisitos: 50.000 peticiones por segundo en 3 regiones, con una latencia
añadida p99 por debajo de 5 ms y límites por cliente que se pueden cambiar sin desplegar.

Usaría un token bucket por cliente en lugar de una ventana fija, porque permite ráfagas cortas y
mantiene la media; el coste es un poco más de estado por clave. Los contadores viven en Redis en cada
región, con un script Lua para que la comprobación y el decremento sean atómicos. Cuando Redis no
está disponible, el limitador deja pasar el tráfico de los clientes de pago, porque bloquear todo es
peor que un exceso breve, y avisamos a la guardia en menos de un minuto. Los clientes reciben 429 con
la cabecera Retry-After. El despliegue empieza en modo sombra y después un canario con el 5% de los
clientes, con un feature flag para volver atrás."""

NOTES = """- Reqs: 50k rps, 3 regions, p99 overhead < 5 ms, per-tenant limits changeable w/o deploy
- Token bucket per tenant over fixed window -> allows short bursts, keeps avg rate; cost = a bit more state
- Counters in Redis per region, Lua script -> check + decrement atomic
- Cross-region shared counter = +80 ms -> each region enforces its share instead
- Redis down -> fail open for paying tenants (blocking all is worse than brief overrun); alert < 1 min
- Circuit breaker retries Redis w/ backoff, recovers automatically
- 429 + Retry-After so clients back off; hot tenants get own keys spread across shards
- Ops: SLO 99.95% on decisions, rejection dashboards per tenant, on-call runbook
- Security: key on authenticated tenant id, never a client header; config changes audited
- Cost: Redis memory ~200 B/key -> ~$300/month
- Rollout: shadow mode logging would-be rejections -> canary 5% tenants -> feature flag rollback"""

KEYWORDS_ONLY = """## Requirements
A scalable, resilient, highly available rate limiting platform with robust governance.

## Architecture
Token bucket, sliding window, Redis, Lua, API gateway, circuit breaker, observability, SLOs.

## Trade-offs
Trade-offs are considered holistically across consistency, availability and cost.

## Failure modes
Failure modes, resilience, fallback, monitoring and alerting are addressed end to end.

## Operations
Dashboards, runbooks, on-call, error budgets and best practices ensure operational excellence.

## Security
Least privilege, encryption, audit and zero trust are applied across the platform.

## Rollout
A phased rollout with feature flags and canaries enables seamless adoption across teams."""


@pytest.fixture
def grader(rubric) -> OfflineGrader:
    return OfflineGrader(rubric)


def _levels(grader, rubric, request: GradeRequest) -> dict[Dimension, int | None]:
    verdict, _ = judge(request, grader, rubric)
    return {d.dimension: d.level for d in verdict.dimensions}


def test_another_language_is_not_enough_evidence_never_level_one(grader, rubric) -> None:
    verdict, feedback = judge(_request(SPANISH), grader, rubric)
    assert all(d.level is None for d in verdict.dimensions)
    assert UNREADABLE_MESSAGE in verdict.notes
    assert feedback.signal == "Not enough evidence"


def test_bullet_notes_land_within_half_a_level_of_the_same_prose(grader, rubric) -> None:
    prose = judge(_request(STRONG), grader, rubric)[1].overall
    notes = judge(_request(NOTES), grader, rubric)[1].overall
    assert prose is not None and notes is not None
    assert abs(prose - notes) <= 0.5, (prose, notes)


def test_headings_and_keywords_without_decisions_stay_at_senior(grader, rubric) -> None:
    verdict, feedback = judge(_request(KEYWORDS_ONLY), grader, rubric)
    assert all((d.level or 0) <= 2 for d in verdict.dimensions)
    assert feedback.overall is not None and feedback.overall <= 2.0
    assert any(d.confidence == "low" for d in verdict.dimensions if d.level)


def _question_strong_answers():
    """The question STRONG answers: on any other, the grader rightly calls it off-topic."""
    question = catalog.bank().get("sd-rate-limiter")
    assert question.kind is Kind.SYSTEM_DESIGN and question.misconceptions
    return question


def test_a_stated_misconception_lowers_depth_and_says_what_is_true(grader, rubric) -> None:
    question = _question_strong_answers()
    wrong = question.misconceptions[0]
    answer = STRONG + "\n\n" + wrong.claim
    clean = _levels(grader, rubric, request_for(question, STRONG))
    verdict, _ = judge(request_for(question, answer), grader, rubric)
    depth = next(d for d in verdict.dimensions if d.dimension is Dimension.DEPTH)
    assert depth.level is not None and depth.level < max(2, clean[Dimension.DEPTH] or 2)
    assert depth.reason.startswith("You said “") and wrong.correction in depth.reason
    assert any(note.startswith("You said “") for note in verdict.notes)


def test_a_confident_technical_error_keeps_the_whole_answer_below_staff(grader, rubric) -> None:
    question = _question_strong_answers()
    clean, _ = judge(request_for(question, STRONG), grader, rubric)
    assert max(d.level or 0 for d in clean.dimensions) >= 3  # the clean answer reaches staff
    answer = STRONG + "\n\n" + question.misconceptions[0].claim
    verdict, feedback = judge(request_for(question, answer), grader, rubric)
    levels = {d.dimension: d.level for d in verdict.dimensions}
    assert levels[Dimension.DEPTH] == 1
    assert all((level or 0) <= 2 for level in levels.values())
    assert feedback.overall is not None and feedback.overall < 2.0


def test_an_answer_that_decides_nothing_is_below_the_bar_on_pragmatism(grader, rubric) -> None:
    described = (
        "The limiter sits in the API gateway in each region. Counters are kept in Redis with a "
        "Lua script for the check and the decrement. Tenants have limits in a config store. "
        "Clients receive 429 responses with a Retry-After header. Dashboards show rejections per "
        "tenant and the on-call engineer has a runbook. Limits are keyed on the tenant id from "
        "the token. Config changes are audited. Hot tenants have keys spread across shards. The "
        "gateway reads the config every minute. Redis runs as a cluster with replicas in three "
        "zones. Metrics go to the monitoring system with alerts on error rates. New tenants are "
        "onboarded by the platform team with a default limit from the tier they pay for. "
        "Every region runs the same build of the limiter service."
    )
    levels = _levels(grader, rubric, _request(described))
    assert levels[Dimension.PRAGMATISM] == 1
    strong = _levels(grader, rubric, _request(STRONG))
    assert (strong[Dimension.PRAGMATISM] or 0) >= 2


def test_level_four_needs_explicit_risk_handling(grader, rubric) -> None:
    verdict, _ = judge(_request(STRONG), grader, rubric)
    assert all((d.level or 0) <= 3 for d in verdict.dimensions)
    assert any("explicit risk handling" in d.reason for d in verdict.dimensions)
    with_risk = STRONG + (
        "\n\nRisk: the limiter is a two-way door - shadow mode and the feature flag make every "
        "step reversible, and the blast radius of a bad limit is one tenant, because limits are "
        "per tenant and exit criteria stop the canary at a 0.1% false-rejection rate."
    )
    risky, _ = judge(_request(with_risk), grader, rubric)
    assert any(d.level == 4 for d in risky.dimensions)


def test_naming_a_key_point_in_passing_does_not_cover_it(grader, rubric) -> None:
    point = KEY_POINTS[0]
    alias = point.aliases[0]
    vague = f"We should think about {alias} at some point."
    stated = STRONG
    hits_vague, _ = judge(_request(vague + " " + "Other parts come later. " * 6), grader, rubric)
    assert point.point not in hits_vague.key_points_covered
    hits_stated, _ = judge(_request(stated), grader, rubric)
    assert point.point in hits_stated.key_points_covered


def test_an_answer_to_another_question_is_named_and_floored(grader, rubric) -> None:
    bank = catalog.bank()
    target = bank.get("sre-retry-exponential-backoff")
    other = bank.get("py-fastapi-vs-django")
    answer = (
        "\n".join(kp.point for kp in other.key_points)
        + "\nI would pick FastAPI because the catalog API is read-heavy at 2,000 requests per second."
    )
    verdict, _ = judge(request_for(target, answer), grader, rubric)
    assert all(d.level == 1 for d in verdict.dimensions if d.level is not None)
    assert any(other.id in d.reason for d in verdict.dimensions)


def test_every_covered_key_point_cites_a_sentence_of_the_answer(grader, rubric) -> None:
    verdict, _ = judge(_request(STRONG), grader, rubric)
    assert verdict.key_points_covered
    assert set(verdict.key_point_evidence) == set(verdict.key_points_covered)
    checked = check_verdict(verdict, STRONG)
    assert not [p for p in checked.problems if "key point evidence" in p]
    assert not set(verdict.key_points_covered) & set(verdict.key_points_missed)


def test_far_past_the_time_limit_costs_clarity_with_a_note(grader, rubric) -> None:
    question = catalog.bank().get("py-fastapi-vs-django")
    base = request_for(question, STRONG)
    budget = (question.time_limit_min or 10) * 130 * 1.5
    long_answer = "\n\n".join(
        f"{STRONG}\n\nVariant {i}: the same design holds for tenant group {i}." for i in range(12)
    )
    assert len(long_answer.split()) > budget
    verdict, _ = judge(request_for(question, long_answer), grader, rubric)
    assert any("time limit" in note for note in verdict.notes)
    assert base.time_limit_min == question.time_limit_min


def test_a_free_question_without_key_points_is_judged_not_floored(grader, rubric) -> None:
    story = (
        "At my last company our checkout outage rate had doubled in a quarter and no team owned "
        "the shared payments client. I proposed to own it for six weeks, because every team was "
        "patching it differently. I weighed a rewrite against hardening the existing client and "
        "chose hardening, since a rewrite would take a quarter we did not have. I wrote a design "
        "doc, met the four team leads one on one, and we agreed on timeouts, retries with jitter "
        "and one dashboard. As a result checkout errors fell from 2.1% to 0.3% in five weeks, and "
        "the client now has an owner and an on-call rotation. I learned to ask who owns a shared "
        "component before it breaks."
    )
    request = GradeRequest(
        kind=Kind.BEHAVIORAL,
        question="Tell me about a time you demonstrated leadership.",
        answer=story,
    )
    verdict, feedback = judge(request, grader, rubric)
    assert feedback.overall is not None and feedback.overall >= 2.5
    assert not any("something else" in d.reason for d in verdict.dimensions)


def test_words_the_prompt_already_says_cover_no_key_point(grader) -> None:
    question = catalog.bank().get("arch-gof-structural")
    named = (
        "I used the Adapter pattern because it was useful. I used Facade because it helped. "
        "I used Decorator because we needed it. I used Proxy because it was the right call. "
        "Composite was used because it fit. Bridge was chosen because it was good. Flyweight "
        "was used because of memory."
    )
    sig = grader.signals(request_for(question, named))
    assert not [h for h in sig.key_points if h.covered]
    explained = (
        "I wrapped the vendor's payment SDK behind our own interface, an anticorruption layer, "
        "so a leaky abstraction never reached the domain."
    )
    sig = grader.signals(request_for(question, explained))
    assert sig.key_points[0].covered


def test_a_story_about_technical_work_is_not_another_questions_answer(grader, rubric) -> None:
    question = catalog.bank().get("bh-influence-cross-team-standard")
    story = (
        "Our orders table had grown to 900 million rows and p99 query latency on the order "
        "history endpoint hit 4 seconds. I owned getting five teams to one indexing standard. I "
        "ran EXPLAIN ANALYZE on the top 20 queries and found sequential scans and a composite "
        "B-tree index in the wrong column order, so the planner ignored it. I proposed partial "
        "indexes on open orders and covering indexes with INCLUDE columns instead of more "
        "single-column indexes, because each extra index added write amplification and vacuum "
        "load. I wrote the standard as an RFC, built a CI check that rejects migrations creating "
        "indexes without CONCURRENTLY, and paired with each team lead on their worst query. Two "
        "teams pushed back on the CI check, so I measured lock times on a replica and showed a "
        "blocking index build would freeze writes for 11 minutes. As a result p99 fell from 4 "
        "seconds to 180 ms, and all five teams use the check. I learned to bring the numbers "
        "before the opinion."
    )
    verdict, feedback = judge(request_for(question, story), grader, rubric)
    assert not any("something else" in d.reason for d in verdict.dimensions)
    assert feedback.overall is not None and feedback.overall >= 2.5
