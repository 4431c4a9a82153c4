"""The deterministic offline grader: no network, no model, same input → same verdict.

It reads signals (sim.graders.signals), judges each dimension with fixed thresholds
(sim.graders.offline_dimensions) and caps and assembles the verdict here. It is a heuristic and
says so; the LLM grader is the real interviewer."""

from sim.domain.rubric import Rubric
from sim.domain.text import Sentence, trim_quote
from sim.domain.types import Dimension, Kind
from sim.domain.verdict import DimensionVerdict, Verdict
from sim.graders.base import FollowUpSpec, GradeRequest
from sim.graders.offline_dimensions import JUDGES, THRESHOLDS, Judgement, to_level
from sim.graders.signals import AnswerSignals, extract_signals

GRADER_NAME = "offline"
GRADER_VERSION = "1"
MIN_WORDS_AT_ALL = 5  # below this, nothing can be judged
MIN_WORDS_TO_JUDGE = 25  # below this only clarity and depth are judged
SHORT_ANSWER_WORDS = 60  # below this, no dimension rises above senior
_SHORT_JUDGED = (Dimension.CLARITY, Dimension.DEPTH)
# Share of topic words below which an answer is about something else; a long answer touches
# more of any topic's words by chance, so it must clear a higher bar.
OFF_TOPIC_RELEVANCE = 0.12
OFF_TOPIC_RELEVANCE_LONG = 0.2
LONG_ANSWER_WORDS = 400
DEPTH_MIN_COVERAGE = 0.6  # of the key points, for depth above senior
SUBJECT_MIN_SHARE = 0.34  # of the question's own topic words, in a design or deep dive
LOW_RELEVANCE = 0.3  # below this, no dimension rises above senior


def _quotes(sentences: list[Sentence], limit: int = 3) -> list[str]:
    ordered = sorted(dict.fromkeys(sentences), key=lambda s: s.start)
    return [trim_quote(s) for s in ordered[:limit]]


class OfflineGrader:
    """Key-point coverage plus structure signals, defended against common gaming tricks."""

    name = GRADER_NAME
    model = f"offline-heuristic-v{GRADER_VERSION}"

    def __init__(self, rubric: Rubric) -> None:
        self._rubric = rubric

    def signals(self, request: GradeRequest) -> AnswerSignals:
        return extract_signals(
            request, self._rubric.system_design_checklist, self._rubric.star_parts
        )

    def assess(self, request: GradeRequest) -> Verdict:
        sig = self.signals(request)
        off_topic = self._off_topic(sig, request.kind)
        dimensions = []
        for dim in Dimension:
            judgement = JUDGES[dim](sig, request.kind)
            level: int | None = to_level(judgement.points, THRESHOLDS[dim])
            if sig.valid_words < SHORT_ANSWER_WORDS or sig.relevance < LOW_RELEVANCE:
                level = min(level, 2)
            if dim is Dimension.DEPTH and self._misses_most_key_points(sig):
                level = min(level, 2)
            if off_topic:
                level = 1
            if request.kind is Kind.BEHAVIORAL and self._told_as_we(sig):
                # With no "I", nothing in the story can be credited to the candidate.
                level = min(level, 2)
            reason = self._reason(judgement, off_topic)
            too_short = sig.valid_words < MIN_WORDS_AT_ALL or (
                sig.valid_words < MIN_WORDS_TO_JUDGE and dim not in _SHORT_JUDGED
            )
            if too_short:
                gamed = sig.injection or sig.salad_share
                level = 1 if dim is Dimension.CLARITY and gamed else None
                reason = (
                    f"Not enough evidence: {sig.valid_words} words count after setting aside "
                    "repeated, copied, grader-directed or keyword-list text."
                )
            evidence = judgement.evidence if level and level > 1 else judgement.evidence[:1]
            if not evidence and dim is Dimension.CLARITY:
                evidence = (sig.injection or [])[:1]
            dimensions.append(
                DimensionVerdict(
                    dimension=dim,
                    evidence=_quotes(evidence),
                    reason=reason,
                    level=level,
                    next_level_hint=("Next: " + judgement.gaps[0] + ".") if judgement.gaps else "",
                )
            )
        return Verdict(
            grader=self.name,
            model=self.model,
            dimensions=dimensions,
            key_points_covered=[kp.point for kp, hit in sig.key_points if hit],
            key_points_missed=[kp.point for kp, hit in sig.key_points if not hit],
            checklist=self._checklist(sig, request.kind),
            notes=self._notes(sig),
            topic_coverage=round(sig.relevance, 4),
        )

    @staticmethod
    def _misses_most_key_points(sig: AnswerSignals) -> bool:
        """Depth at Staff level covers most of what the question is about."""
        return len(sig.key_points) >= 4 and sig.key_point_coverage < DEPTH_MIN_COVERAGE

    @staticmethod
    def _told_as_we(sig: AnswerSignals) -> bool:
        return sig.we_count >= 3 and sig.i_count / (sig.i_count + sig.we_count) < 0.2

    @staticmethod
    def _off_topic(sig: AnswerSignals, kind: Kind) -> bool:
        """Barely touches the question's own topic words and its key points."""
        if kind is not Kind.BEHAVIORAL and sig.subject_share < SUBJECT_MIN_SHARE:
            # A design or deep-dive answer names what it is about; stories often do not.
            return True
        long_answer = sig.valid_words >= LONG_ANSWER_WORDS
        if sig.relevance < (OFF_TOPIC_RELEVANCE_LONG if long_answer else OFF_TOPIC_RELEVANCE):
            return True
        return bool(sig.key_points) and sig.key_point_coverage == 0 and sig.relevance < 0.25

    @staticmethod
    def _reason(judgement: Judgement, off_topic: bool) -> str:
        if off_topic:
            return "The answer does not address this question's key points."
        parts = [s for s in judgement.strengths if s][:2]
        if judgement.gaps:
            parts.append("missing: " + judgement.gaps[0])
        text = "; ".join(parts) or "few signals of this dimension"
        return text[0].upper() + text[1:] + "."

    @staticmethod
    def _checklist(sig: AnswerSignals, kind: Kind) -> dict[str, bool]:
        if kind is Kind.SYSTEM_DESIGN:
            return {item: bool(hits) for item, hits in sig.checklist.items()}
        if kind is Kind.BEHAVIORAL:
            return {part: bool(hits) for part, hits in sig.star.items()}
        return {}

    @staticmethod
    def _notes(sig: AnswerSignals) -> list[str]:
        notes = ["Heuristic grade: keyword and structure signals, not an interviewer's judgement."]
        if sig.injection:
            notes.append(f"{len(sig.injection)} sentence(s) addressed to the grader were ignored.")
        if sig.duplicate_share > 0.05:
            notes.append(
                f"{sig.duplicate_share:.0%} of the text repeats itself and was counted once."
            )
        if sig.echo_count:
            notes.append(f"{sig.echo_count} sentence(s) restating the question were not counted.")
        if sig.salad_share > 0.1:
            notes.append(f"{sig.salad_share:.0%} of the text is a bare list of terms, not counted.")
        return notes

    def follow_up(self, request: GradeRequest, verdict: Verdict) -> FollowUpSpec | None:
        return bank_follow_up(request, verdict)


def bank_follow_up(request: GradeRequest, verdict: Verdict) -> FollowUpSpec | None:
    """The bank's authored probe aimed at the weakest dimension, never one already asked."""
    levels = {d.dimension: (d.level or 0) for d in verdict.dimensions}
    remaining = [f for f in request.follow_ups if f.question not in request.asked_follow_ups]
    if not remaining:
        return None
    return min(remaining, key=lambda f: (levels.get(f.dimension, 0), request.follow_ups.index(f)))
