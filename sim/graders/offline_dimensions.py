"""The offline grader's per-dimension judges: signals in, points, evidence and reasons out.

Each judge scores one dimension from what the answer commits to — decisions with reasons, numbers
that size the problem, failure chains, rollout and measurement, what the candidate personally did
— and ``to_level`` maps the points to a level through per-kind ``THRESHOLDS``. The caps and the
verdict are assembled in sim.graders.offline."""

from collections.abc import Callable
from dataclasses import dataclass, field

from sim.domain.answer_signals import AnswerSignals
from sim.domain.text import Sentence
from sim.domain.types import Dimension, Kind


@dataclass
class Judgement:
    points: float
    evidence: list[Sentence]
    strengths: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    signals: int = 0  # how many distinct kinds of evidence the points rest on
    cited: list[str] = field(default_factory=list)  # quotes of the diagram (`edge: A -> B`)


def to_level(points: float, thresholds: tuple[float, float, float]) -> int:
    return 1 + sum(points >= t for t in thresholds)


def sat(count: int | float, full: float) -> float:
    """0-1: how far a count goes towards what a strong answer shows."""
    return min(1.0, count / full) if full > 0 else 0.0


# Level-4 traits (sim.domain.answer_signals.STAFF_PLUS_TRAITS): a strong answer shows three.
STAFF_PLUS_FULL = 3
STAFF_PLUS_WEIGHT = {Dimension.DEPTH: 0.75, Dimension.PRAGMATISM: 1.0, Dimension.OWNERSHIP: 1.0}
# Counts a strong answer shows are set for a full-length answer; a shorter one (a tight answer
# in a short slot) needs proportionally fewer, down to half.
FULL_LENGTH_WORDS = 350
MIN_LENGTH_SCALE = 0.5


class _Tally:
    """Collects points, evidence and reasons while a judge walks its criteria."""

    def __init__(self, sig: AnswerSignals) -> None:
        self.j = Judgement(0.0, [])
        words = sig.reading.valid_words
        self.scale = min(1.0, max(MIN_LENGTH_SCALE, words / FULL_LENGTH_WORDS))

    def add(
        self,
        weight: float,
        found: list[Sentence] | float,
        full: float,
        strength: str,
        gap: str,
    ) -> None:
        count = found if isinstance(found, float) else len(found)
        if not isinstance(found, float):
            full = max(1.0, full * self.scale)
        share = sat(count, full)
        self.j.points += weight * share
        if share > 0:
            self.j.signals += 1
            if isinstance(found, list):
                self.j.evidence.extend(found[:1])
            if share >= 0.5 and strength:
                self.j.strengths.append(strength)
        if share < 0.5 and gap:  # a gap only where the answer shows little of it
            self.j.gaps.append(gap)

    def penalise(self, points: float, gap: str) -> None:
        self.j.points -= points
        self.j.gaps.insert(0, gap)


def _penalties(t: _Tally, sig: AnswerSignals) -> None:
    reading = sig.reading
    if reading.injection:
        t.penalise(1.5, "remove text addressed to the grader")
    if reading.duplicate_share > 0.2:
        t.penalise(1.0, "cut repeated passages")
    if reading.salad_share > 0.3:
        t.penalise(1.0, "explain in sentences instead of listing terms")
    if sig.buzz_share > 0.25:
        t.penalise(0.5, "replace generic adjectives with specific choices")


def _covered(sig: AnswerSignals) -> list[Sentence]:
    return [h.evidence for h in sig.key_points if h.evidence is not None]


def _first_person_share(sig: AnswerSignals) -> float:
    return sig.i_count / max(1, sig.i_count + sig.we_count)


def _clarity(sig: AnswerSignals, kind: Kind) -> Judgement:
    t = _Tally(sig)
    reading = sig.reading
    # How the answer opens and frames the problem is the evidence for its clarity.
    t.j.evidence.extend(s.sentence for s in reading.counted[:1])
    t.j.evidence.extend(sig.flagged("requirements")[:1])
    organised = reading.structure_blocks >= 3 or len(reading.counted) >= 8
    t.add(
        0.5,
        1.0 if organised else 0.0,
        1,
        "organised in clear parts",
        "organise the answer into visible parts",
    )
    if kind is Kind.BEHAVIORAL:
        t.add(0.75, sig.flagged("stakes"), 4, "the stakes are clear", "make the stakes explicit")
        t.add(0.75, sig.quantified_results, 2, "a measurable result", "quantify the result")
        t.add(
            0.75,
            sig.flagged("contrast"),
            2,
            "decision points are clear",
            "name the decision points and the options you weighed",
        )
        t.add(0.75, _first_person_share(sig), 0.8, "", "say what you did, in the first person")
        t.add(0.5, sig.numbers, 4, "", "")
    else:
        if kind is Kind.SYSTEM_DESIGN and sig.clarified is not None:
            # In the room, asking what sizes the problem is how a requirement is established.
            t.add(
                0.5,
                float(sig.clarified),
                3,
                "asked the questions that size the problem",
                "ask the interviewer about scale and constraints before designing",
            )
        if kind is Kind.SYSTEM_DESIGN:
            t.add(
                0.75,
                1.0 if sig.requirements_first else 0.0,
                1,
                "leads with requirements",
                "open with functional and non-functional requirements",
            )
        else:
            t.add(
                0.5,
                sig.flagged("requirements"),
                2,
                "starts from the scenario's requirements",
                "start from the scenario's requirements",
            )
        t.add(
            0.75,
            sig.flagged("contrast"),
            2,
            "decisions traceable to requirements",
            "state each decision with its reason (X over Y because ...)",
        )
        t.add(0.75, sig.numbers, 4, "numbers frame the problem", "put numbers on the problem")
        t.add(1.0, sig.key_point_coverage, 0.9, "", "")
        t.add(0.5, _first_person_share(sig), 0.6, "", "")
        if kind is Kind.SYSTEM_DESIGN and sig.drawn is not None and sig.drawn.counted:
            _drawn(t, sig)
    _penalties(t, sig)
    return t.j


DRAWN_FLOWS_FULL = 4  # data flows a clear whiteboard of a design shows


def _drawn(t: _Tally, sig: AnswerSignals) -> None:
    """A whiteboard of the components and their data flows, explained in the text, makes the
    design easier to follow; it is cited by the first edge with the fewest silent ends."""
    diagram = sig.drawn.diagram
    explained = 1 - len(sig.drawn.unexplained) / max(1, len(diagram.nodes))
    flows = min(1.0, len(diagram.edges) / DRAWN_FLOWS_FULL) * explained
    t.add(0.5, flows, 1, "a diagram shows the components and data flows", "")
    silent = {n.id for n in sig.drawn.unexplained}
    best = min(diagram.edges, key=lambda e: (e.src in silent) + (e.dst in silent))
    t.j.cited.append(diagram.edge_quote(best))


def _depth(sig: AnswerSignals, kind: Kind) -> Judgement:
    t = _Tally(sig)
    t.add(
        STAFF_PLUS_WEIGHT[Dimension.DEPTH], list(sig.staff_plus.values()), STAFF_PLUS_FULL, "", ""
    )
    covered = _covered(sig)
    if sig.key_points:
        t.j.points += 1.75 * sig.key_point_coverage
        t.j.evidence.extend(covered[:2])
        t.j.signals += 1 if covered else 0
        t.j.strengths.append(f"covers {len(covered)}/{len(sig.key_points)} key points")
    weight = 1.0 if sig.key_points else 1.5  # with no key points, substance carries depth
    if kind is Kind.BEHAVIORAL:
        t.add(
            0.5 * weight,
            sig.flagged("contrast") + sig.flagged("options"),
            2,
            "options weighed",
            "name the options you weighed and why you chose one",
        )
        t.add(
            0.75 * weight,
            sig.flagged("stakes"),
            5,
            "why it was hard and who it affected",
            "show why it was hard and who it affected",
        )
        t.add(0.5 * weight, sig.numbers, 5, "", "")
        t.add(
            0.5 * weight,
            sig.flagged("systemic"),
            3,
            "a systemic fix",
            "show the root cause and the fix that outlived the episode",
        )
        t.add(0.25 * weight, sig.flagged("risk"), 1, "", "")
    else:
        t.add(
            0.6 * weight,
            sig.chains,
            2,
            "failure modes with detection and recovery",
            "name the failure modes, how you detect them and how you recover",
        )
        t.add(
            0.5 * weight,
            sig.numbers,
            5,
            "estimates back the choices",
            "back the design with numbers (load, latency, sizes)",
        )
        t.add(
            0.4 * weight,
            sig.flagged("hard_parts"),
            5,
            "goes to the hard parts",
            "go to the hard parts: hot spots, partial failure, consistency",
        )
        t.add(0.25 * weight, sig.flagged("risk"), 2, "", "")
        t.add(0.25 * weight, sig.flagged("contrast"), 2, "", "")
    return t.j


def _pragmatism(sig: AnswerSignals, kind: Kind) -> Judgement:
    t = _Tally(sig)
    t.add(
        1.0,
        sig.flagged("contrast"),
        2,
        "reasoned trade-offs",
        "state the alternatives you rejected and why (X over Y because ...)",
    )
    t.add(0.5, sig.decisions, 5, f"{len(sig.decisions)} committed decision(s)", "")
    t.add(
        STAFF_PLUS_WEIGHT[Dimension.PRAGMATISM],
        list(sig.staff_plus.values()),
        STAFF_PLUS_FULL,
        "risk, the way back and success criteria decided up front",
        "say what is reversible, how you limit the risk and how you will measure success"
        " before building",
    )
    if sig.clarified is not None:
        t.add(0.25, float(sig.clarified), 3, "scoped the problem by asking", "")
    if kind is Kind.BEHAVIORAL:
        t.add(0.75, sig.quantified_results, 2, "a quantified outcome", "quantify the outcome")
        t.add(0.5, sig.flagged("measure"), 3, "measures the outcome", "")
        t.add(0.5, sig.flagged("rollout"), 3, "delivered in steps", "")
        t.add(0.5, sig.flagged("cost"), 2, "", "")
        t.add(0.5, sig.flagged("risk"), 1, "handles the risk explicitly", "")
    else:
        t.add(
            0.75,
            sig.committed("rollout"),
            3,
            "an incremental rollout",
            "add an incremental rollout with rollback",
        )
        t.add(0.5, sig.committed("measure"), 3, "measures success", "say how you measure success")
        t.add(0.5, sig.committed("cost"), 2, "sizes cost", "size the main cost drivers")
        t.add(
            0.75,
            sig.committed("risk"),
            2,
            "reversibility and risk handled",
            "say what is reversible and how you limit the blast radius",
        )
    return t.j


def _ownership(sig: AnswerSignals, kind: Kind) -> Judgement:
    t = _Tally(sig)
    t.add(
        STAFF_PLUS_WEIGHT[Dimension.OWNERSHIP],
        list(sig.staff_plus.values()),
        STAFF_PLUS_FULL,
        "owns the consequences beyond the build",
        "",
    )
    if kind is Kind.BEHAVIORAL:
        mine = _first_person_share(sig)
        t.add(
            1.25, mine, 0.8, "speaks to personal actions", "say what you personally did (I, not we)"
        )
        t.j.evidence.extend(sig.i_sentences[:1])
        t.add(
            0.5,
            sig.flagged("lesson"),
            1,
            "reflects on the lesson learned",
            "close with what you learned or would do differently",
        )
        t.add(
            0.5,
            sig.flagged("influence"),
            2,
            "influence across teams",
            "show how you brought others along",
        )
        t.add(0.5, sig.flagged("systemic"), 3, "", "")
        t.add(0.5, sig.flagged("operations"), 3, "", "")
        t.add(0.5, sig.quantified_results, 2, "", "")
    else:
        t.add(
            1.0,
            sig.committed("operations"),
            4,
            "designs operations in",
            "design operations in: SLOs, alerts, on-call, runbooks",
        )
        t.add(0.5, sig.chains, 2, "", "")
        t.add(
            0.75,
            sig.committed("security"),
            2,
            "covers security boundaries",
            "cover identity, secrets and audit",
        )
        t.add(
            0.5,
            sig.committed("organisation"),
            3,
            "frames it for the organisation",
            "say who owns what across teams",
        )
        t.add(0.5, _first_person_share(sig), 0.6, "", "")
    return t.j


# Per kind, the points a dimension needs for levels 2, 3 and 4 (calibrated on the development
# set, never on the blind sets).
_C, _D, _P, _O = Dimension.CLARITY, Dimension.DEPTH, Dimension.PRAGMATISM, Dimension.OWNERSHIP
THRESHOLDS: dict[Kind, dict[Dimension, tuple[float, float, float]]] = {
    Kind.SYSTEM_DESIGN: {
        _C: (2.1, 2.5, 3.45),
        _D: (1.85, 2.25, 2.65),
        _P: (0.55, 2.2, 2.6),
        _O: (0.95, 1.4, 2.65),
    },
    Kind.BEHAVIORAL: {
        _C: (2.3, 2.85, 3.85),
        _D: (1.35, 1.75, 2.65),
        _P: (1.25, 2.35, 3.3),
        _O: (1.35, 2.35, 4.15),
    },
    Kind.DEEP_DIVE: {
        _C: (1.5, 2.5, 3.35),
        _D: (1.2, 1.9, 2.4),
        _P: (0.4, 1.8, 2.3),
        _O: (0.35, 1.35, 2.3),
    },
}
JUDGES: dict[Dimension, Callable[[AnswerSignals, Kind], Judgement]] = {
    Dimension.CLARITY: _clarity,
    Dimension.DEPTH: _depth,
    Dimension.PRAGMATISM: _pragmatism,
    Dimension.OWNERSHIP: _ownership,
}
