"""Signals the offline grader reads from an answer. Pure: text in, facts out.

Sentences that are repeated, copied from the question, addressed to the grader or that read as a
keyword salad are set aside first, so none of those tricks can add signal."""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from sim.domain.cues import FIRST_PERSON_PLURAL, FIRST_PERSON_SINGULAR
from sim.domain.rubric import ChecklistItem
from sim.domain.text import STOPWORDS, Sentence, contains_phrase, split_sentences, stems
from sim.graders.base import GradeRequest, KeyPointSpec

_INJECTION = re.compile(
    r"(ignore|disregard|forget|override)\b.{0,40}\b(rubric|instruction|previous|above|grading|criteria|prompt)"
    r"|\b(give|assign|award|score|rate|grade)\b.{0,30}\b(level|score|grade|marks?|points?)\b.{0,12}[1-4]"
    r"|\b(level|score)\s*(of\s*)?4\b.{0,20}\b(all|every|each)\b"
    r"|\b(grader|evaluator|language model|system prompt|as an ai)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(\$\s?\d|\d\s?%|\b\d[\d,.]*\s*(k|m|b|ms|s|sec|seconds?|minutes?|mins?|hours?|days?|weeks?|months?"
    r"|percent|qps|rps|tps|gb|tb|pb|mb|kb|gbps|mbps|million|billion|thousand|x|nines|users|requests"
    r"|writes|reads|events|messages|rpm|per\b)|\b\d{3,}\b|\b\d+(\.\d+)?\s*/\s*(s|sec|second|day|month))",
    re.IGNORECASE,
)
_TRADEOFF = re.compile(
    r"\b(trade-?offs?|instead of|rather than|at the cost of|downsides?|alternatives?|versus|vs\.?"
    r"|(?:chose|choose|prefer|preferred|pick|picked|went with|opt(?:ed)? for|favou?r)\b[^.]{0,60}\bover)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(because|since|so that|which means|given|due to|the reason|in order to|otherwise|as it|so we)\b",
    re.IGNORECASE,
)
_FAILURE = re.compile(
    r"\b(fail\w*|outages?|crash\w*|timeouts?|time out|partitions? (?:heal|split)|network partition|data loss"
    r"|lost|corrupt\w*|overload\w*|hot (?:partition|key|shard)s?|throttl\w*|degrad\w*|unavailable|down"
    r"|single point of failure|spof|split.brain|poison|stale)\b",
    re.IGNORECASE,
)
_DETECTION = re.compile(
    r"\b(detect\w*|alert\w*|alarm\w*|monitor\w*|health ?checks?|pag(?:e|ed|ing)|dashboards?|heartbeats?"
    r"|probes?|synthetic|canary|anomal\w*|trac(?:e|es|ing))\b",
    re.IGNORECASE,
)
_RECOVERY = re.compile(
    r"\b(recover\w*|fail ?over|fall ?back|retr(?:y|ies|ied)|roll ?back|restor\w*|replay\w*|dead.letter|dlq"
    r"|circuit.breaker|redrive|reconcil\w*|backoff|idempoten\w*|replica\w*|redundan\w*|self.heal\w*"
    r"|re-?drive|promot\w*|reroute\w*|shed\w*)\b",
    re.IGNORECASE,
)
_MEASURE = re.compile(
    r"\b(measur\w*|success (?:metric|criteria)|kpis?|slos?|baseline|target|track(?:ed|ing)?|dashboard"
    r"|a/b|experiment)\b",
    re.IGNORECASE,
)
_I_WORDS = FIRST_PERSON_SINGULAR
_WE_WORDS = FIRST_PERSON_PLURAL
_LESSON = re.compile(
    r"\b(learn\w*|lessons?|in hindsight|looking back|differently|next time|since then|taught me"
    r"|changed how i|reflect\w*|would have)\b",
    re.IGNORECASE,
)
_SCOPE = re.compile(
    r"\b(teams|cross-team|org|organi[sz]ation\w*|stakeholders?|vps?|directors?|executives?|leadership"
    r"|company-wide|departments?|partners?|customers|product managers?|pms?|platform|across)\b",
    re.IGNORECASE,
)
_INFLUENCE = re.compile(
    r"\b(convinc\w*|persuad\w*|align\w*|buy-in|proposal|rfcs?|design docs?|consensus|influenc\w*"
    r"|one-on-ones?|1:1s?|workshops?|prototype\w*|data to|mentor\w*|coach\w*|escalat\w*)\b",
    re.IGNORECASE,
)
_RESULT = re.compile(
    r"\b(result\w*|outcome|reduc\w*|increas\w*|improv\w*|sav(?:ed|ing)|cut|shipped|launched|delivered"
    r"|dropped|grew|down from|up from|eliminat\w*|prevent\w*)\b",
    re.IGNORECASE,
)


@dataclass
class AnswerSignals:
    sentences: list[Sentence]  # the sentences that count
    valid_words: int
    raw_words: int
    duplicate_share: float
    echo_count: int
    injection: list[Sentence]
    salad_share: float
    relevance: float  # share of the question's and key points' topic words the answer uses
    subject_share: float  # share of the question's own topic words ("twitter", "timeline")
    structure_blocks: int
    key_points: list[tuple[KeyPointSpec, Sentence | None]] = field(default_factory=list)
    checklist: dict[str, list[Sentence]] = field(default_factory=dict)
    star: dict[str, list[Sentence]] = field(default_factory=dict)
    numbers: list[Sentence] = field(default_factory=list)
    tradeoffs: list[Sentence] = field(default_factory=list)
    failures: list[Sentence] = field(default_factory=list)
    detection: list[Sentence] = field(default_factory=list)
    recovery: list[Sentence] = field(default_factory=list)
    measure: list[Sentence] = field(default_factory=list)
    i_sentences: list[Sentence] = field(default_factory=list)
    i_count: int = 0
    we_count: int = 0
    lessons: list[Sentence] = field(default_factory=list)
    scope: list[Sentence] = field(default_factory=list)
    influence: list[Sentence] = field(default_factory=list)
    quantified_results: list[Sentence] = field(default_factory=list)
    requirements_first: bool = False

    @property
    def key_point_coverage(self) -> float:
        if not self.key_points:
            return 0.0
        return sum(1 for _, hit in self.key_points if hit) / len(self.key_points)


# Words every interview question or rubric line uses; they say nothing about the topic.
_FILLER = frozenset(
    stems(
        """tell time describe description explain walk through design approach give example
        would your you how what when why which handle handled use using make made get clear
        specific key point points cover covers covered show shows way ways like need needs
        system systems service services data team teams work worked thing things good best
        build built implement implemented discuss talk question answer situation result"""
    )
)


def _content_stems(text: str) -> set[str]:
    return {s for s in stems(text) if s not in STOPWORDS and s not in _FILLER and len(s) > 2}


def _is_salad(sentence: Sentence) -> bool:
    # An enumeration in a sentence ("features include A, B and C") keeps a function word or two;
    # a keyword salad has practically none.
    return sentence.word_count >= 6 and sentence.stopword_share < 0.05


def _count_blocks(answer: str) -> int:
    """Paragraphs, bullets and headings: how visibly the answer is organised."""
    paragraphs = [p for p in re.split(r"\n\s*\n", answer) if p.strip()]
    bullets = re.findall(r"(?m)^\s*([-*•]|\d+[.)]|#+)\s+\S", answer)
    return len(paragraphs) + len(bullets)


def _matches(sentence: Sentence, cues: list[str] | tuple[str, ...]) -> bool:
    return any(contains_phrase(sentence.joined, cue, sentence.lower) for cue in cues)


def _free_text_hit(point: str, sentences: list[Sentence]) -> Sentence | None:
    """A key point given as prose (no aliases): a passage of up to two adjacent sentences using
    at least half of its topical words. Returns the sentence that carries most of them."""
    wanted = _content_stems(point)
    if not wanted:
        return None
    # A short point ("Reverse Index Service") is a name: all of it must appear. A prose point
    # needs half of its topic words.
    need = len(wanted) if len(wanted) <= 3 else -(-len(wanted) // 2)
    best: tuple[int, Sentence] | None = None
    for index, sentence in enumerate(sentences):
        own = wanted & set(sentence.stems)
        nxt = set(sentences[index + 1].stems) if index + 1 < len(sentences) else set()
        overlap = len(own | (wanted & nxt))
        if overlap >= need and own and (best is None or overlap > best[0]):
            best = (overlap, sentence)
    return best[1] if best else None


def _copies_question(sentence: Sentence, question: tuple[str, ...]) -> bool:
    """Most of the sentence is one contiguous run of the question's words: a pasted question,
    not an answer that merely reuses its vocabulary."""
    if sentence.word_count < 5 or not question:
        return False
    matcher = SequenceMatcher(None, sentence.stems, question, autojunk=False)
    run = matcher.find_longest_match(0, len(sentence.stems), 0, len(question)).size
    return run >= 0.7 * len(sentence.stems)


def _filter_sentences(
    request: GradeRequest, all_sentences: list[Sentence]
) -> tuple[list[Sentence], float, int, list[Sentence], float]:
    question_sequence = stems(request.question)
    seen: set[str] = set()
    kept: list[Sentence] = []
    duplicate_words = echo = 0
    injection: list[Sentence] = []
    salad_words = 0
    fragments = [s for s in all_sentences if s.stopword_share == 0]
    # When most lines are bare fragments the answer is a term list: fragments then carry no signal.
    fragment_answer = len(fragments) > 0.4 * max(1, len(all_sentences)) and len(all_sentences) >= 5
    for sentence in all_sentences:
        key = " ".join(sentence.stems)
        if key in seen:
            duplicate_words += sentence.word_count
            continue
        seen.add(key)
        if _INJECTION.search(sentence.text):
            injection.append(sentence)
            continue
        if _copies_question(sentence, question_sequence):
            echo += 1
            continue
        if _is_salad(sentence) or (fragment_answer and sentence.stopword_share == 0):
            salad_words += sentence.word_count
            continue
        kept.append(sentence)
    raw = sum(s.word_count for s in all_sentences) or 1
    return kept, duplicate_words / raw, echo, injection, salad_words / raw


def extract_signals(
    request: GradeRequest,
    checklist: list[ChecklistItem],
    star_parts: list[ChecklistItem],
) -> AnswerSignals:
    all_sentences = split_sentences(request.answer)
    kept, dup_share, echo, injection, salad_share = _filter_sentences(request, all_sentences)
    # Topic words: the question's and the key points' (with aliases). Their share in the answer
    # tells an on-topic answer from a fluent answer to some other question.
    topic_text = " ".join(
        [
            request.question,
            *(kp.point for kp in request.key_points),
            *(alias for kp in request.key_points for alias in kp.aliases),
        ]
    )
    topic_stems = _content_stems(topic_text)
    answer_stems = {s for sentence in kept for s in sentence.stems}
    relevance = len(topic_stems & answer_stems) / len(topic_stems) if topic_stems else 1.0
    subject = _content_stems(request.question)
    subject_share = len(subject & answer_stems) / len(subject) if len(subject) >= 2 else 1.0

    sig = AnswerSignals(
        sentences=kept,
        valid_words=sum(s.word_count for s in kept),
        raw_words=sum(s.word_count for s in all_sentences),
        duplicate_share=dup_share,
        echo_count=echo,
        injection=injection,
        salad_share=salad_share,
        relevance=relevance,
        subject_share=subject_share,
        structure_blocks=_count_blocks(request.answer),
    )
    for kp in request.key_points:
        if kp.aliases:
            hit = next((s for s in kept if _matches(s, kp.aliases)), None)
        else:
            hit = _free_text_hit(kp.point, kept)
        sig.key_points.append((kp, hit))
    for item in checklist:
        sig.checklist[item.id] = [s for s in kept if _matches(s, item.cues)]
    for part in star_parts:
        sig.star[part.id] = [s for s in kept if _matches(s, part.cues)]

    for index, sentence in enumerate(kept):
        text = sentence.text
        following = kept[index + 1].text if index + 1 < len(kept) else ""
        if _NUMBER.search(text):
            sig.numbers.append(sentence)
        if _TRADEOFF.search(text) and (_REASON.search(text) or _REASON.search(following)):
            sig.tradeoffs.append(sentence)
        if _FAILURE.search(text):
            sig.failures.append(sentence)
        if _DETECTION.search(text):
            sig.detection.append(sentence)
        if _RECOVERY.search(text):
            sig.recovery.append(sentence)
        if _MEASURE.search(text):
            sig.measure.append(sentence)
        i_hits = len(_I_WORDS.findall(text))
        sig.i_count += i_hits
        sig.we_count += len(_WE_WORDS.findall(text))
        if i_hits:
            sig.i_sentences.append(sentence)
        if _LESSON.search(text):
            sig.lessons.append(sentence)
        if _SCOPE.search(text):
            sig.scope.append(sentence)
        if _INFLUENCE.search(text):
            sig.influence.append(sentence)
        if _NUMBER.search(text) and _RESULT.search(text):
            sig.quantified_results.append(sentence)

    requirement_hits = sig.checklist.get("requirements", [])
    if requirement_hits and kept:
        first_requirement = kept.index(requirement_hits[0])
        sig.requirements_first = first_requirement <= max(1, len(kept) // 4)
    return sig
