"""The offline grader's per-dimension judges: signals in, points and reasons out.

Each judge (clarity, depth, pragmatism, ownership) scores one dimension from the answer's
signals (sim.graders.signals); ``to_level`` maps the points to a level through that dimension's
fixed ``THRESHOLDS``. The caps and the verdict are assembled in sim.graders.offline."""

from dataclasses import dataclass

from sim.domain.text import Sentence
from sim.domain.types import Dimension, Kind
from sim.graders.signals import AnswerSignals


@dataclass
class Judgement:
    points: float
    evidence: list[Sentence]
    strengths: list[str]
    gaps: list[str]


def to_level(points: float, thresholds: tuple[float, float, float]) -> int:
    return 1 + sum(points >= t for t in thresholds)


def _distinct(groups: list[list[Sentence]]) -> int:
    return sum(1 for group in groups if group)


def _clarity(sig: AnswerSignals, kind: Kind) -> Judgement:
    points, gaps, strengths = 0.0, [], []
    evidence: list[Sentence] = sig.sentences[:1]
    if sig.structure_blocks >= 3 or len(sig.sentences) >= 8:
        points += 1
        strengths.append("organised in clear parts")
    else:
        gaps.append("organise the answer into visible parts")
    if kind is Kind.SYSTEM_DESIGN:
        if sig.requirements_first:
            points += 1
            strengths.append("leads with requirements")
            evidence = sig.checklist["requirements"][:1] + evidence
        else:
            gaps.append("open with functional and non-functional requirements")
        breadth = _distinct(list(sig.checklist.values()))
        points += 1 if breadth >= 5 else 0
        points += 0.5 if breadth >= 7 else 0
        if sig.numbers:
            points += 0.5
    elif kind is Kind.BEHAVIORAL:
        parts = _distinct(list(sig.star.values()))
        points += {4: 2.0, 3: 1.25, 2: 0.5}.get(parts, 0.0)
        if parts < 4:
            missing = [p for p, hits in sig.star.items() if not hits]
            gaps.append("make every STAR part explicit (missing: " + ", ".join(missing) + ")")
        else:
            strengths.append("complete STAR structure")
        points += 0.5 if sig.quantified_results else 0
    else:
        points += 1 if sig.key_point_coverage >= 0.4 else 0
        points += 1 if sig.tradeoffs or sig.measure else 0
        points += 0.5 if sig.numbers else 0
    if sig.injection:
        points -= 1.5
        gaps.append("remove text addressed to the grader")
    if sig.duplicate_share > 0.2:
        points -= 1
        gaps.append("cut repeated passages")
    if sig.salad_share > 0.3:
        points -= 1
        gaps.append("explain in sentences instead of listing terms")
    return Judgement(points, evidence, strengths, gaps)


def _depth(sig: AnswerSignals, kind: Kind) -> Judgement:
    coverage = sig.key_point_coverage
    points = coverage * 2.25 + sig.relevance * 1.0
    evidence = [hit for _, hit in sig.key_points if hit]
    strengths = [
        f"covers {sum(1 for _, h in sig.key_points if h)}/{len(sig.key_points)} key points"
    ]
    gaps = []
    if kind is Kind.BEHAVIORAL:
        if len(sig.scope) >= 2:
            points += 0.75
            evidence += sig.scope[:1]
        else:
            gaps.append("show why it was hard and who it affected")
        if len(sig.tradeoffs) + len(sig.influence) >= 2:
            points += 0.75
            evidence += (sig.tradeoffs + sig.influence)[:1]
        else:
            gaps.append("name the options you weighed and why you chose one")
    else:
        if sig.failures and sig.recovery:
            points += 0.75
            evidence += sig.failures[:1]
            if sig.detection:
                points += 0.5
                strengths.append("failure modes with detection and recovery")
        else:
            gaps.append("name the failure modes, how you detect them and how you recover")
        if len(sig.numbers) >= 2:
            points += 0.5
            evidence += sig.numbers[:1]
        else:
            gaps.append("back the design with numbers (load, latency, sizes)")
    return Judgement(points, evidence, strengths, gaps)


def _pragmatism(sig: AnswerSignals, kind: Kind) -> Judgement:
    points, strengths, gaps = 0.0, [], []
    evidence: list[Sentence] = []
    tradeoffs = len(sig.tradeoffs)
    points += 2.0 if tradeoffs >= 4 else 1.5 if tradeoffs >= 2 else 1.0 if tradeoffs else 0.0
    if tradeoffs:
        strengths.append(f"{tradeoffs} reasoned trade-off(s)")
        evidence += sig.tradeoffs[:2]
    else:
        gaps.append("state the alternatives you rejected and why (X over Y because ...)")
    rollout = sig.checklist.get("rollout", [])
    cost = sig.checklist.get("cost", [])
    if kind is Kind.BEHAVIORAL:
        if sig.quantified_results:
            points += 1.0
            evidence += sig.quantified_results[:1]
        else:
            gaps.append("quantify the outcome")
        if sig.measure:
            points += 0.5
    else:
        if rollout:
            points += 1.0
            evidence += rollout[:1]
        else:
            gaps.append("add an incremental rollout with rollback")
        if cost:
            points += 0.75
            evidence += cost[:1]
        else:
            gaps.append("size the main cost drivers")
        if sig.measure:
            points += 0.5
    return Judgement(points, evidence, strengths, gaps)


def _ownership(sig: AnswerSignals, kind: Kind) -> Judgement:
    points, strengths, gaps = 0.0, [], []
    evidence: list[Sentence] = []
    if kind is Kind.BEHAVIORAL:
        i_share = sig.i_count / max(1, sig.i_count + sig.we_count)
        points += 1.5 if i_share >= 0.6 else 0.75 if i_share >= 0.35 else -1.0
        evidence += sig.i_sentences[:1]
        if i_share < 0.6:
            gaps.append("say what you personally did (I, not we)")
        if sig.lessons:
            points += 1.0
            evidence += sig.lessons[:1]
            strengths.append("reflects on the lesson learned")
        else:
            gaps.append("close with what you learned or would do differently")
        if sig.quantified_results:
            points += 0.75
        if len(sig.influence) >= 1 and len(sig.scope) >= 1:
            points += 0.75
            evidence += sig.influence[:1]
    else:
        operations = sig.checklist.get("operations", [])
        security = sig.checklist.get("security", [])
        ops_terms = len(operations)
        points += 2.0 if ops_terms >= 4 else 1.25 if ops_terms >= 2 else 0.75 if ops_terms else 0.0
        evidence += operations[:2]
        if not operations:
            gaps.append("design operations in: SLOs, alerts, on-call, runbooks")
        if security:
            points += 1.0 if len(security) >= 2 else 0.5
            evidence += security[:1]
        else:
            gaps.append("cover identity, secrets and audit")
        if sig.detection and sig.recovery:
            points += 0.5
    return Judgement(points, evidence, strengths, gaps)


THRESHOLDS: dict[Dimension, tuple[float, float, float]] = {
    Dimension.CLARITY: (1.0, 2.0, 3.25),
    Dimension.DEPTH: (1.0, 2.2, 3.4),
    Dimension.PRAGMATISM: (1.0, 2.0, 3.0),
    Dimension.OWNERSHIP: (1.0, 2.0, 3.0),
}
JUDGES = {
    Dimension.CLARITY: _clarity,
    Dimension.DEPTH: _depth,
    Dimension.PRAGMATISM: _pragmatism,
    Dimension.OWNERSHIP: _ownership,
}
