"""The bank's vocabulary: which words are rare enough to say what an answer is about.

Each bank question is a document (prompt, key points with aliases, outline, follow-ups); a word's
weight is its inverse document frequency over those documents, so "jitter" says far more than
"service". The same weights drive soft key-point matching and topic affinity: an answer, or one of
its sentences, is about the question whose distinctive words it uses."""

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sim.domain.bank import QuestionBank
from sim.domain.matching import EMPTY_LEXICON, Lexicon, Tokens, analyse
from sim.domain.questions import Question
from sim.domain.text import STOPWORDS
from sim.domain.types import Kind

# Words every interview question or rubric line uses; they say nothing about the topic.
_FILLER_WORDS = """tell time describe description explain walk through design approach give example
would your you how what when why which handle handled use using used make made get clear specific
key point points cover covers covered show shows way ways like need needs thing things good best
build built implement implemented discuss talk question answer situation result also e.g eg etc
one two first then next want let sure think know really just kind sort lot lots well able"""
FILLER_STEMS = frozenset(t.stem for t in analyse(_FILLER_WORDS).raw)


def content_terms(tokens: Tokens) -> list[str]:
    """The topical terms of a text: lexicon concepts and stems of content words, in order."""
    out = []
    for token in tokens.canon:
        if token.word.startswith("@"):
            out.append(token.stem)
        elif token.word.isdigit():
            if len(token.word) >= 2:
                out.append(token.word)
        elif (
            len(token.word) > 2
            and token.word not in STOPWORDS
            and token.stem not in FILLER_STEMS
            and token.word.isalpha()
        ):
            out.append(token.stem)
    return out


def question_document(question: Question) -> str:
    return " ".join(
        [
            question.prompt,
            *(kp.point for kp in question.key_points),
            *(alias for kp in question.key_points for alias in kp.aliases),
            *question.model_answer_outline,
            *(f.question for f in question.follow_ups),
        ]
    )


@dataclass(frozen=True)
class Vocabulary:
    idf: dict[str, float]
    documents: dict[str, frozenset[str]]  # question id → its distinct terms
    postings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # term → question ids
    lexicon: Lexicon = EMPTY_LEXICON
    document_mass: dict[str, float] = field(default_factory=dict)
    unseen_weight: float = 1.0  # a word no question uses is as distinctive as the rarest one
    stories: frozenset[str] = frozenset()  # the behavioral questions' ids
    _by_number: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def build(cls, bank: QuestionBank, lexicon: Lexicon = EMPTY_LEXICON) -> "Vocabulary":
        documents = {
            q.id: frozenset(content_terms(analyse(question_document(q), lexicon)))
            for q in bank.questions
        }
        stories = frozenset(q.id for q in bank.questions if q.kind is Kind.BEHAVIORAL)
        return cls.from_documents(documents, stories, lexicon)

    @classmethod
    def from_documents(
        cls,
        documents: dict[str, frozenset[str]],
        stories: frozenset[str],
        lexicon: Lexicon = EMPTY_LEXICON,
    ) -> "Vocabulary":
        """The weights from each question's terms (reading the questions is the costly part)."""
        df: Counter[str] = Counter()
        for terms in documents.values():
            df.update(terms)
        n = len(documents) or 1
        idf = {term: math.log((n + 1) / (count + 1)) + 1.0 for term, count in df.items()}
        postings: dict[str, list[str]] = {}
        for qid, terms in documents.items():
            for term in terms:
                postings.setdefault(term, []).append(qid)
        unseen = math.log(n + 1) + 1.0
        masses = {qid: math.fsum(idf[t] for t in terms) for qid, terms in documents.items()}
        frozen = {t: tuple(q) for t, q in postings.items()}
        return cls(idf, documents, frozen, lexicon, masses, unseen, stories)

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unseen_weight)

    # Sums of weights use math.fsum: exact, so a set's iteration order (which changes from one
    # process to the next) can never move a total across a threshold. Grades stay deterministic.
    def mass(self, terms: Iterable[str]) -> float:
        return math.fsum(self.weight(t) for t in set(terms))

    def overlap(self, terms: Iterable[str], document: frozenset[str]) -> float:
        """Weight of the distinct terms that the document also uses."""
        return math.fsum(self.weight(t) for t in set(terms) if t in document)

    def affinities(self, terms: Iterable[str]) -> dict[str, float]:
        """Per bank question, the weight of these terms it shares (only questions sharing any).
        Terms are added in sorted order, so every process gets the same sums."""
        ids, postings = self._numbered()
        scores = [0.0] * len(ids)
        idf = self.idf
        for term in sorted(set(terms)):
            weight = idf.get(term)
            if weight is None:
                continue
            for number in postings.get(term, ()):
                scores[number] += weight
        return {ids[n]: score for n, score in enumerate(scores) if score}

    def _numbered(self) -> tuple[list[str], dict[str, tuple[int, ...]]]:
        """The postings with question ids as list positions (built once: adding into a list is
        the inner loop of placing an answer among the bank's questions)."""
        if not self._by_number:
            ids = sorted(self.documents)
            number = {qid: n for n, qid in enumerate(ids)}
            postings = {t: tuple(number[q] for q in qs) for t, qs in self.postings.items()}
            self._by_number.append((ids, postings))
        return self._by_number[0]

    def best_other(self, terms: Iterable[str], share: float, keep: Callable[[str], bool]) -> float:
        """The largest weight of these terms that one kept question shares, exact whenever some
        question reaches `share` of their mass (below that it may be an underestimate). Only
        questions using one of the heaviest terms can reach it, so only those are scored."""
        weighted = sorted(((self.weight(t), t) for t in set(terms)), key=lambda wt: (-wt[0], wt[1]))
        total = math.fsum(w for w, _ in weighted)
        if total <= 0:
            return 0.0
        # A question missing every term of a prefix heavier than (1 - share) of the mass cannot
        # reach `share`: its candidates are the questions using a term of that prefix.
        candidates: set[str] = set()
        dropped = 0.0
        for weight, term in weighted:
            candidates.update(self.postings.get(term, ()))
            dropped += weight
            if dropped > (1 - share) * total * (1 + 1e-9):  # margin: never one too few
                break
        known = [(w, t) for w, t in weighted if t in self.idf]
        best = 0.0
        for qid in sorted(candidates):
            if keep(qid):
                document = self.documents[qid]
                best = max(best, math.fsum(w for w, t in known if t in document))
        return best
