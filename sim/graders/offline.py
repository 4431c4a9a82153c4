"""The deterministic offline grader: no network, no model, same input → same verdict.

It reads the answer (sim.domain.answer_reading), counts what it commits to
(sim.domain.answer_signals), judges each dimension (sim.graders.offline_dimensions) and applies
the caps here. It is a heuristic and says so; the LLM grader is the real interviewer."""

from sim import catalog
from sim.domain.answer_reading import read_answer
from sim.domain.answer_signals import AnswerSignals, extract_signals
from sim.domain.diagram import parse as parse_diagram
from sim.domain.key_points import compile_key_points, cover
from sim.domain.language import UNREADABLE_MESSAGE
from sim.domain.misconceptions import (
    CompiledMisconception,
    MisconceptionIndex,
    compile_misconceptions,
)
from sim.domain.probes import choose_probe
from sim.domain.questions import Misconception
from sim.domain.rubric import Rubric
from sim.domain.signal_cues import SignalCues
from sim.domain.text import Sentence, split_sentences, trim_quote
from sim.domain.types import Dimension, Kind
from sim.domain.verdict import Confidence, DimensionVerdict, Verdict
from sim.domain.vocabulary import Vocabulary
from sim.graders.base import FollowUpSpec, GradeRequest, KeyPointSpec
from sim.graders.offline_dimensions import JUDGES, THRESHOLDS, Judgement, to_level

GRADER_NAME = "offline"
GRADER_VERSION = "6"
MIN_WORDS_AT_ALL = 5  # below this, nothing can be judged
MIN_WORDS_TO_JUDGE = 25  # below this only clarity and depth are judged
SHORT_ANSWER_WORDS = 60  # below this, no dimension rises above senior
_SHORT_JUDGED = (Dimension.CLARITY, Dimension.DEPTH)
SPOKEN_WORDS_PER_MINUTE = 130
OVER_TIME_FACTOR = 1.5  # spoken length past this share of the time limit costs clarity
# Above senior an answer must commit: one decision with its reason, two in a full-length
# design, whatever its headings and keywords.
MIN_DECISIONS_ABOVE_SENIOR = 2
SHORT_FOR_DECISIONS = 200  # words
MAX_LEVEL_WITH_MISCONCEPTION = 2
# Sentences with a figure (a size, limit, cost, duration or result) an answer needs before the
# dimensions the rubric backs with numbers rise above senior.
MIN_SIZED_SENTENCES = 2
_SIZED = {
    Kind.SYSTEM_DESIGN: (Dimension.DEPTH, Dimension.PRAGMATISM),
    Kind.DEEP_DIVE: (Dimension.DEPTH, Dimension.PRAGMATISM),
    Kind.BEHAVIORAL: (Dimension.DEPTH, Dimension.PRAGMATISM, Dimension.OWNERSHIP),
}
MIN_STAFF_PLUS_FOR_4 = 2  # level-4 traits (answer_signals.STAFF_PLUS_TRAITS) a 4 needs
NO_DECISION_WORDS = (
    120  # an answer this long with no decision at all is below the bar on pragmatism
)


def _quotes(sentences: list[Sentence], limit: int = 3) -> list[str]:
    ordered = sorted(dict.fromkeys(sentences), key=lambda s: s.start)
    return [trim_quote(s) for s in ordered[:limit]]


class OfflineGrader:
    """Substance signals read through the matching layer, defended against gaming tricks."""

    name = GRADER_NAME
    model = f"offline-heuristic-v{GRADER_VERSION}"

    def __init__(
        self,
        rubric: Rubric,
        vocabulary: Vocabulary | None = None,
        cues: SignalCues | None = None,
        general: tuple[Misconception, ...] | None = None,
    ) -> None:
        self._rubric = rubric
        self._vocabulary = vocabulary
        self._cues = cues
        self._general = general
        # A question's key points and misconceptions compile once, not once per answer.
        self._compiled: dict[tuple, tuple] = {}
        self._general_compiled: tuple[CompiledMisconception, ...] | None = None

    @property
    def vocabulary(self) -> Vocabulary:
        return self._vocabulary or catalog.vocabulary()

    @property
    def cues(self) -> SignalCues:
        return self._cues or catalog.signal_cues()

    @property
    def general_misconceptions(self) -> tuple[CompiledMisconception, ...]:
        """Wrong in any answer (question_bank/misconceptions.yaml), checked after the
        question's own."""
        if self._general_compiled is None:
            items = self._general if self._general is not None else catalog.general_misconceptions()
            self._general_compiled = compile_misconceptions(items, self.vocabulary.lexicon)
        return self._general_compiled

    def signals(self, request: GradeRequest) -> AnswerSignals:
        vocabulary = self.vocabulary
        reading = read_answer(request, vocabulary, self.cues)
        # A free question with a reference answer: its sentences are the points to cover.
        points_given = request.key_points or tuple(
            KeyPointSpec(s.text) for s in split_sentences(request.reference)
        )
        key = (points_given, tuple(m.claim for m in request.misconceptions), request.question)
        if key not in self._compiled:
            if len(self._compiled) >= 1024:
                self._compiled.clear()
            # The question's own entries first, then the bank-wide ones, in one index.
            own = compile_misconceptions(request.misconceptions, vocabulary.lexicon)
            self._compiled[key] = (
                compile_key_points(points_given, vocabulary, request.question),
                MisconceptionIndex.build(own + self.general_misconceptions),
            )
        points, wrong = self._compiled[key]
        hits = cover(points, reading.counted, vocabulary)
        sig = extract_signals(
            reading,
            hits,
            wrong,
            story=request.kind is Kind.BEHAVIORAL,
            diagram=parse_diagram(request.diagram),
            lexicon=vocabulary.lexicon,
        )
        if request.room is not None:
            sig.clarified = request.room.facts_obtained
        return sig

    def assess(self, request: GradeRequest) -> Verdict:
        sig = self.signals(request)
        reading = sig.reading
        kind = Kind(request.kind)
        over_time = self._over_time(request, reading.raw_words)
        dimensions = []
        for dim in Dimension:
            judgement = JUDGES[dim](sig, kind)
            if dim is Dimension.CLARITY and over_time:
                judgement.points -= 1.0
                judgement.gaps.insert(0, "fit the answer in the time limit")
            level: int | None = to_level(judgement.points, THRESHOLDS[kind][dim])
            reason = self._reason(judgement)
            level, reason = self._cap(sig, kind, dim, level, reason)
            evidence = judgement.evidence if level and level > 1 else judgement.evidence[:1]
            if not evidence and dim is Dimension.CLARITY:
                evidence = reading.injection[:1]
            if level is None:
                evidence = []
            cited = judgement.cited[:1] if level is not None else []
            confidence, why = self._confidence(sig, judgement) if level else (None, "")
            dimensions.append(
                DimensionVerdict(
                    dimension=dim,
                    evidence=_quotes(evidence) + cited,
                    reason=reason,
                    level=level,
                    next_level_hint=("Next: " + judgement.gaps[0] + ".") if judgement.gaps else "",
                    confidence=confidence,
                    confidence_reason=why,
                )
            )
        covered = [h for h in sig.key_points if h.covered and h.evidence is not None]
        return Verdict(
            grader=self.name,
            model=self.model,
            dimensions=dimensions,
            key_points_covered=[h.point.point for h in covered],
            key_points_missed=[h.point.point for h in sig.key_points if not h.covered],
            key_point_evidence={
                h.point.point: trim_quote(h.evidence) for h in covered if h.evidence is not None
            },
            checklist=self._checklist(sig, kind),
            notes=self._notes(sig, over_time),
            topic_coverage=round(min(1.0, reading.topic.own), 4),
        )

    def _cap(
        self, sig: AnswerSignals, kind: Kind, dim: Dimension, level: int | None, reason: str
    ) -> tuple[int | None, str]:
        reading = sig.reading
        if not reading.readable.readable:
            return None, UNREADABLE_MESSAGE + f" ({reading.readable.reason})"
        words = reading.valid_words
        if words < MIN_WORDS_AT_ALL or (words < MIN_WORDS_TO_JUDGE and dim not in _SHORT_JUDGED):
            gamed = reading.injection or reading.salad_share > 0.3
            return (1 if dim is Dimension.CLARITY and gamed else None), (
                f"Not enough evidence: {words} words count after setting aside "
                "repeated, copied, grader-directed or keyword-list text."
            )
        if reading.topic.off_topic:
            closest = reading.topic.closest_other
            where = f" (it fits question {closest} better)" if closest else ""
            return 1, f"The answer is about something else{where}."
        assert level is not None
        if words < SHORT_ANSWER_WORDS:
            level = min(level, 2)
        full_design = kind is Kind.SYSTEM_DESIGN and words >= SHORT_FOR_DECISIONS
        needed = MIN_DECISIONS_ABOVE_SENIOR if full_design else 1
        if dim is Dimension.PRAGMATISM and not sig.decisions and words >= NO_DECISION_WORDS:
            # Pragmatism is the trade-offs made; an answer of this length that makes none is
            # below the bar on it, however it is worded.
            return 1, "No decision with its reason: name a choice, the alternative and why."
        if len(sig.decisions) < needed and level > 2:
            level = 2
            found = len(sig.decisions)
            reason += (
                f" Capped at senior: {found} decision(s) with a reason, {needed} needed above"
                " senior."
            )
        if len(sig.numbers) < MIN_SIZED_SENTENCES and level > 2 and dim in _SIZED[kind]:
            # The rubric's Staff anchors back depth with estimates or concrete settings,
            # pragmatism with sized costs and success metrics, a story's ownership with
            # quantified results: without figures those stay at senior, however well worded.
            level = 2
            reason += " Capped at senior: no figures back it (sizes, limits, costs, results)."
        if (
            kind is Kind.BEHAVIORAL
            and sig.we_count >= 3
            and sig.i_count / (sig.i_count + sig.we_count) < 0.2
        ):
            level = min(level, 2)  # with no "I", nothing in the story can be credited
        if sig.misconceptions:
            # A confident technical error is what an interviewer remembers: depth falls to
            # below the bar and nothing built on it rises above senior.
            said = sig.misconceptions[0]
            if dim is Dimension.DEPTH:
                level = 1
                reason = (
                    f"You said “{trim_quote(said.sentence, 140)}”; in fact "
                    f"{said.misconception.correction}"
                )
            elif level > MAX_LEVEL_WITH_MISCONCEPTION:
                level = MAX_LEVEL_WITH_MISCONCEPTION
                reason += " Capped at senior: the answer states a known misconception (see depth)."
        if level > 3 and len(sig.staff_plus) < MIN_STAFF_PLUS_FOR_4:
            # Strong staff shows, as decisions, more than one of: explicit risk, the way back,
            # success defined before building, framing for the organisation.
            level = 3
            reason += (
                " Level 4 needs two of: explicit risk handling, what is reversible, success"
                " defined before building, framing for the organisation."
            )
        return level, reason

    @staticmethod
    def _confidence(sig: AnswerSignals, judgement: Judgement) -> tuple[Confidence, str]:
        """How much evidence the level rests on, and "low" where the signals disagree."""
        reading = sig.reading
        conflicts = []
        if sig.key_points and reading.structure_blocks >= 4 and sig.covered_share < 0.3:
            conflicts.append("well organised, but it covers few of this question's key points")
        if len(sig.by_flag) >= 8 and not sig.decisions:
            conflicts.append("many topic words, but no decision with its reason")
        if sig.buzz_share > 0.15:
            conflicts.append("much generic wording")
        if conflicts:
            return "low", "; ".join(conflicts)
        count = judgement.signals
        if count >= 4:
            return "high", f"rests on {count} kinds of evidence"
        if count >= 2:
            return "medium", f"rests on {count} kinds of evidence"
        return "low", "rests on little evidence" if count else "no direct evidence"

    @staticmethod
    def _over_time(request: GradeRequest, words: int) -> bool:
        if not request.time_limit_min:
            return False
        return words > OVER_TIME_FACTOR * request.time_limit_min * SPOKEN_WORDS_PER_MINUTE

    @staticmethod
    def _reason(judgement: Judgement) -> str:
        parts = [s for s in judgement.strengths if s][:2]
        if judgement.gaps:
            parts.append("missing: " + judgement.gaps[0])
        text = "; ".join(parts) or "few signals of this dimension"
        return text[0].upper() + text[1:] + "."

    def _checklist(self, sig: AnswerSignals, kind: Kind) -> dict[str, bool]:
        flags = {
            "requirements": "requirements",
            "constraints": "requirements",
            "failure_modes": "failure",
            "tradeoffs": "contrast",
            "operations": "operations",
            "security": "security",
            "cost": "cost",
            "rollout": "rollout",
        }
        if kind is Kind.SYSTEM_DESIGN:
            out = {}
            for item in self._rubric.system_design_checklist:
                if item.id == "failure_modes":
                    out[item.id] = bool(sig.chains)
                elif item.id == "tradeoffs":
                    out[item.id] = bool(sig.decisions)
                elif item.id == "architecture":
                    # Components and data flows: the key points, or a whiteboard drawing them.
                    covered = bool(sig.key_points and any(h.covered for h in sig.key_points))
                    out[item.id] = covered or bool(sig.drawn and sig.drawn.counted)
                elif item.id in flags:
                    out[item.id] = bool(sig.flagged(flags[item.id]))
                else:
                    out[item.id] = bool(sig.key_points and any(h.covered for h in sig.key_points))
            return out
        if kind is Kind.BEHAVIORAL:
            return {
                "situation": bool(sig.flagged("stakes")),
                "task": bool(sig.i_sentences),
                "action": bool(sig.decisions),
                "result": bool(sig.flagged("result")),
            }
        return {}

    @staticmethod
    def _notes(sig: AnswerSignals, over_time: bool) -> list[str]:
        reading = sig.reading
        notes = [
            "Heuristic grade: what the answer commits to (decisions, numbers, failure handling, "
            "rollout), read by a deterministic matcher, not an interviewer's judgement."
        ]
        if not reading.readable.readable:
            notes.append(UNREADABLE_MESSAGE)
        for said in sig.misconceptions:
            notes.append(
                f"You said “{trim_quote(said.sentence, 160)}”; in fact "
                f"{said.misconception.correction}"
            )
        if over_time:
            notes.append("The answer is far longer than the time limit allows when spoken.")
        change = [h for h in sig.key_points if h.point.after_change]
        if change:
            done = sum(1 for h in change if h.covered)
            notes.append(
                f"The requirement changed mid-round: the answer covers {done} of "
                f"{len(change)} things a good adaptation does."
            )
        if sig.clarified is not None:
            notes.append(f"Clarifying questions: {sig.clarified} answered with facts.")
        if reading.injection:
            notes.append(
                f"{len(reading.injection)} sentence(s) addressed to the grader were ignored."
            )
        if reading.duplicate_share > 0.05:
            notes.append(
                f"{reading.duplicate_share:.0%} of the text repeats itself and was counted once."
            )
        if reading.echo_count:
            notes.append(
                f"{reading.echo_count} sentence(s) restating the question were not counted."
            )
        if reading.salad_share > 0.1:
            notes.append(
                f"{reading.salad_share:.0%} of the text is a bare list of terms, not counted."
            )
        foreign = sum(1 for s in reading.sentences if s.foreign)
        if foreign:
            notes.append(f"{foreign} sentence(s) about other questions earned nothing.")
        notes.extend(_diagram_notes(sig))
        return notes

    def follow_up(self, request: GradeRequest, verdict: Verdict) -> FollowUpSpec | None:
        return bank_follow_up(request, verdict, self.vocabulary)


MAX_NAMED = 5  # components named in one note; the rest are counted


def _diagram_notes(sig: AnswerSignals) -> list[str]:
    drawn = sig.drawn
    if drawn is None:
        return []
    if not drawn.diagram.parsed:
        return [
            f"The diagram does not parse ({drawn.diagram.problems[0]}): it was not counted. "
            "Fix that line and grade again."
        ]
    if not drawn.counted:
        return ["The diagram has no edges: draw the data flows between its components."]
    if not drawn.unexplained:
        return []
    names = [f"“{n.label}”" for n in drawn.unexplained[:MAX_NAMED]]
    more = len(drawn.unexplained) - MAX_NAMED
    listed = ", ".join(names) + (f" and {more} more" if more > 0 else "")
    return [f"The diagram shows {listed} but the answer never explains them."]


def bank_follow_up(
    request: GradeRequest, verdict: Verdict, vocabulary: Vocabulary | None = None
) -> FollowUpSpec | None:
    """The bank's probe ladder: the weakest dimension, aimed at what the answer missed, never
    one already asked, quoting the candidate's own sentence it probes."""
    probe = choose_probe(request, verdict, vocabulary or catalog.vocabulary())
    return FollowUpSpec(probe.text, probe.spec.dimension) if probe else None
