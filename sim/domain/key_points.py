"""Key-point coverage: a point is covered by a sentence that states it, through its aliases or
through its own words (weighted by how rare they are across the bank), never without one.

Soft matching reads each point's text like an answer (stems, lexicon synonyms, number forms) and
asks how much of its distinctive weight one sentence, or two adjacent ones, carries."""

from dataclasses import dataclass, replace

from sim.domain.answer_reading import ReadSentence
from sim.domain.grade_request import KeyPointSpec
from sim.domain.matching import (
    CueIndex,
    CueSet,
    Lexicon,
    Term,
    Tokens,
    analyse,
    asserts,
    compile_term,
    find_term,
)
from sim.domain.text import Sentence
from sim.domain.vocabulary import Vocabulary, content_terms

# Share of a point's distinctive weight a passage must carry to cover it, with at least two of
# its words so one rare word alone proves nothing. A long point (a sentence of detail) is covered
# by a passage carrying its gist; a short one (a name) needs most of it.
SOFT_COVER = 0.3
SOFT_COVER_SHORT = 0.5
SHORT_POINT_TERMS = 4
MIN_SHARED_TERMS = 2
LONG_POINT_TERMS = 8  # from this many words, a cover needs three of them


def _threshold(point: "CompiledKeyPoint") -> float:
    return SOFT_COVER_SHORT if len(point.terms) <= SHORT_POINT_TERMS else SOFT_COVER


@dataclass(frozen=True)
class KeyPointHit:
    point: KeyPointSpec
    evidence: Sentence | None  # the sentence that covers it; None: not covered
    strength: float  # 0-1: 1 for an alias or a full match, the soft share otherwise

    @property
    def covered(self) -> bool:
        return self.evidence is not None


@dataclass(frozen=True)
class CompiledKeyPoint:
    spec: KeyPointSpec
    aliases: tuple[Term, ...]
    terms: frozenset[str]
    mass: float
    alias_cues: CueSet  # a one-pass test before the negation-aware check
    rejected: tuple[Term, ...] = ()  # options that earn no credit ("execution role")


@dataclass(frozen=True)
class CompiledKeyPoints:
    """A question's points with one index of all their aliases: a sentence is scanned once for
    every point, and only the points it could name get the negation-aware check."""

    points: tuple[CompiledKeyPoint, ...]
    index: CueIndex  # cue-set names are the points' positions

    def named_in(self, tokens: Tokens) -> list[CompiledKeyPoint]:
        names = self.index.names_in(tokens)
        return [
            point
            for number, point in enumerate(self.points)
            if str(number) in names and point.alias_cues.found_in(tokens)
        ]


def compile_key_points(
    points: tuple[KeyPointSpec, ...], vocabulary: Vocabulary, prompt: str = ""
) -> CompiledKeyPoints:
    """Words the question itself uses earn nothing: an alias the prompt already says, and a
    point's words that are the prompt's, are not evidence that the answer covers the point."""
    given = analyse(prompt, vocabulary.lexicon)
    given_terms = frozenset(content_terms(given))
    out = []
    for kp in points:
        own = frozenset(content_terms(analyse(kp.point, vocabulary.lexicon)))
        terms = own - given_terms or own
        kept = [
            a for a in kp.aliases if find_term(given, compile_term(a, vocabulary.lexicon)) is None
        ]
        aliases = tuple(compile_term(a, vocabulary.lexicon) for a in kept)
        cues = CueSet.build(str(len(out)), kept, vocabulary.lexicon)
        rejected = tuple(compile_term(r, vocabulary.lexicon) for r in kp.rejected)
        out.append(CompiledKeyPoint(kp, aliases, terms, vocabulary.mass(terms), cues, rejected))
    return CompiledKeyPoints(tuple(out), CueIndex.build(p.alias_cues for p in out))


def _soft(
    point: CompiledKeyPoint, sentences: list[ReadSentence], vocabulary: Vocabulary
) -> tuple[float, Sentence | None]:
    if not point.terms or point.mass <= 0:
        return 0.0, None
    need_terms = min(MIN_SHARED_TERMS, len(point.terms))
    if len(point.terms) >= LONG_POINT_TERMS:
        need_terms = MIN_SHARED_TERMS + 1
    best, where = 0.0, None
    for index, current in enumerate(sentences):
        own = point.terms.intersection(current.terms)
        if not own:
            continue
        window = set(own)
        if index + 1 < len(sentences):
            window |= point.terms.intersection(sentences[index + 1].terms)
        if len(window) < need_terms:
            continue
        share = vocabulary.mass(window) / point.mass  # exact sum: no set-order ties
        if share > best:
            best, where = share, current.sentence
    return best, where


def _states(sentence: ReadSentence, point: CompiledKeyPoint) -> bool:
    """The sentence says something about the point, not only its name: it is not a vague aside
    ("we should think about X") and it carries more than the bare alias — another of the point's
    words, a reason, a number or a choice."""
    flags = sentence.flags
    if "vague" in flags and "because" not in flags and not sentence.has_number:
        return False
    if sentence.sentence.word_count <= 3:
        return True  # a note line naming the mechanism is the notes' way of stating it
    shared = point.terms.intersection(sentence.terms)
    said = {"because", "reason", "commit", "choice", "contrast"} & flags
    return len(shared) >= 2 or bool(said) or sentence.has_number


def _without_rejected(
    sentence: ReadSentence, point: CompiledKeyPoint, lexicon: Lexicon
) -> ReadSentence:
    """The sentence with the point's rejected options cut out: "the execution role" says
    nothing for a task-role point, neither through an alias inside it ("role") nor its words."""
    raw = list(sentence.tokens.raw)
    cut = False
    for term in point.rejected:
        while span := find_term(Tokens(tuple(raw), tuple(raw)), term):
            del raw[span[1] : span[2]]
            cut = True
    if not cut:
        return sentence
    tokens = Tokens(tuple(raw), tuple(lexicon.canonical(raw)))
    return replace(sentence, tokens=tokens, terms=tuple(content_terms(tokens)))


def cover(
    compiled: CompiledKeyPoints, sentences: list[ReadSentence], vocabulary: Vocabulary
) -> list[KeyPointHit]:
    named: dict[int, list[ReadSentence]] = {}  # point → the sentences that name an alias
    for s in sentences:
        for point in compiled.named_in(s.tokens):
            named.setdefault(id(point), []).append(s)
    hits = []
    for point in compiled.points:
        if point.rejected:  # the index saw the options too: these sentences go without them
            pool = [_without_rejected(s, point, vocabulary.lexicon) for s in sentences]
            candidates = [s for s in pool if point.alias_cues.found_in(s.tokens)]
        else:
            pool, candidates = sentences, named.get(id(point), [])
        alias_hit = next(
            (
                s.sentence
                for s in candidates
                if _states(s, point) and any(asserts(s.tokens, [alias]) for alias in point.aliases)
            ),
            None,
        )
        share, where = _soft(point, pool, vocabulary)
        if alias_hit is not None:
            hits.append(KeyPointHit(point.spec, alias_hit, 1.0))
        elif share >= _threshold(point) and where is not None:
            hits.append(KeyPointHit(point.spec, where, min(1.0, 0.6 + share)))
        else:
            hits.append(KeyPointHit(point.spec, None, share))
    return hits
