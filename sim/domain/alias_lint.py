"""The bank's matching data checked through the matching layer itself (`sim bank lint`).

An alias earns a key point when an answer says it, so it must be something only an answer that
covers the point says: not a word the prompt already gives, not a word any answer says, not the
wrong option, and something an answer can say at all. Each check reads aliases exactly as the
grader does (sim.domain.matching: normalised spelling, stems, lexicon concepts, truncated words
as prefixes), so what lint passes is what the grader sees."""

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field

from sim.domain.matching import (
    EMPTY_LEXICON,
    PREFIX_MIN_CHARS,
    Lexicon,
    Term,
    Tokens,
    analyse,
    asserts,
    compile_term,
    find_term,
    stem,
)
from sim.domain.questions import KeyPoint, Question, Strict
from sim.domain.text import split_sentences
from sim.domain.yaml_io import load_model

# The checks, as named in messages and in `sim bank lint --json`.
PROMPT, GENERIC, OWN_TEXT, WRONG_ANSWER, NEVER_MATCHES = (
    "prompt",
    "generic",
    "own-text",
    "wrong-answer",
    "never-matches",
)
CHECKS = (PROMPT, GENERIC, OWN_TEXT, WRONG_ANSWER, NEVER_MATCHES)


class LintRules(Strict):
    """question_bank/lint.yaml: the stop list and the measured share that makes an alias generic."""

    generic_aliases: list[str] = Field(min_length=1)
    generic_share: float = Field(gt=0, lt=1, description="share of unrelated answers")
    generic_answers: list[str] = Field(default_factory=list, description="generic stories")


def load_rules(path: Path) -> LintRules:
    return load_model(path, LintRules)


@dataclass(frozen=True)
class LintProblem:
    path: str
    question_id: str
    field: str  # e.g. key_points[2].aliases[1]
    check: str
    message: str

    @property
    def line(self) -> str:
        return f"{self.path}: question {self.question_id!r}: field {self.field}: {self.message}"

    def to_json_dict(self) -> dict[str, str]:
        return {
            "file": self.path,
            "question": self.question_id,
            "field": self.field,
            "check": self.check,
            "message": self.message,
        }


def _matches(tokens: Tokens, term: Term) -> bool:
    return find_term(tokens, term) is not None


@dataclass
class _Corpus:
    """Each question's reference text (key points and outline: what a good answer to it says),
    one Tokens per line, indexed by stem and word head, so an alias is matched only against the
    lines that could contain it."""

    lines: list[tuple[str, Tokens]]  # (topic, tokens); topic "" for an answer of no question
    topics: Counter[str]
    by_stem: dict[str, set[int]] = field(default_factory=dict)
    by_head: dict[str, set[int]] = field(default_factory=dict)
    owner: list[str] = field(default_factory=list)  # line → question id (or answer name)

    @classmethod
    def build(
        cls, questions: Sequence[Question], lexicon: Lexicon, answers: Sequence[str]
    ) -> "_Corpus":
        corpus = cls([], Counter())
        docs = [
            (q.id, q.topic, [kp.point for kp in q.key_points] + list(q.model_answer_outline))
            for q in questions
        ]
        docs += [(f"answer {i}", "", answer.splitlines()) for i, answer in enumerate(answers)]
        for owner, topic, texts in docs:
            corpus.topics[topic] += 1
            for text in texts:
                tokens = analyse(text, lexicon)
                index = len(corpus.lines)
                corpus.lines.append((topic, tokens))
                corpus.owner.append(owner)
                for s in tokens.all_stems:
                    corpus.by_stem.setdefault(s, set()).add(index)
                for h in tokens.word_heads:
                    corpus.by_head.setdefault(h, set()).add(index)
        return corpus

    def _candidates(self, term: Term) -> set[int]:
        """Lines holding every word of some alternative (in either view): only there can it
        match. A last word of PREFIX_MIN_CHARS+ letters may match as a prefix: its head counts."""
        out: set[int] = set()
        for alt in term.alternatives:
            for view in (alt.raw, alt.canon):
                if not view:
                    continue
                last = view[-1]
                ends = self.by_stem.get(last.stem, set())
                if len(last.word) >= PREFIX_MIN_CHARS and last.word.isalpha():
                    ends = ends | self.by_head.get(last.word[:PREFIX_MIN_CHARS], set())
                lines = set(ends)
                for token in view[:-1]:
                    lines &= self.by_stem.get(token.stem, set())
                out |= lines
        return out

    def share_matched(self, term: Term, topic: str) -> float:
        """The share of unrelated answers (to a question of another topic) that say the term."""
        unrelated = sum(n for t, n in self.topics.items() if t != topic)
        owners = {
            self.owner[i]
            for i in self._candidates(term)
            if self.lines[i][0] != topic and _matches(self.lines[i][1], term)
        }
        return len(owners) / unrelated if unrelated else 0.0


def _stem_seq(text: str, lexicon: Lexicon) -> tuple[str, ...]:
    return tuple(t.stem for t in analyse(text, lexicon).canon)


@dataclass(frozen=True)
class _Words:
    """The words the bank's prose uses, sorted for prefix look-ups, with their stems."""

    sorted_words: tuple[str, ...]
    stems: frozenset[str]
    plural_acronyms: frozenset[str]  # "slo" when the bank writes "SLOs"

    def expansion(self, word: str) -> str | None:
        """A bank word that `word` looks cut from: its stem is `word` plus at most one letter
        ("quer" of "query", "retr" of "retry"), not a longer word that merely starts the same
        ("duck" of "duckdb")."""
        at = bisect.bisect_right(self.sorted_words, word)
        while at < len(self.sorted_words) and self.sorted_words[at].startswith(word):
            whole = self.sorted_words[at]
            if (
                whole.isalpha()
                and stem(whole).startswith(word)
                and len(stem(whole)) <= len(word) + 1
            ):
                return whole
            at += 1
        return None


def _never_matches(alias: str, lexicon: Lexicon, words: _Words) -> str | None:
    """Why an alias can match no answer, or None. It must match its own text once normalised;
    a word written truncated ("deprecat") must be one the matcher reads as a prefix (the last
    word, at least PREFIX_MIN_CHARS letters), since elsewhere only a whole word's stem matches;
    an acronym's plural must be written in capitals ("SLOs"), or "SLO" never meets it."""
    term = compile_term(alias, lexicon)
    own = analyse(alias, lexicon)
    if not term.alternatives or not _matches(own, term):
        return "can never match: it does not match its own text once normalised"
    if not asserts(own, [term]):
        # The grader credits an alias only where a sentence asserts it, not negated.
        return (
            "can never match: it holds a negation word, so every sentence that says it reads as "
            "negated; name the positive fact instead"
        )
    for alt in term.alternatives:
        for position, token in enumerate(alt.raw):
            word = token.word
            if not word.isalpha() or len(word) < 3:  # "io", "tl": too short to be cut from a word
                continue
            acronym = word[:-1].upper()
            as_written = " ".join(f"{acronym}s" if t is token else t.word for t in alt.raw)
            if (
                word.endswith("s")
                and word[:-1] in words.plural_acronyms
                and not _matches(analyse(as_written, lexicon), term)
            ):
                return (
                    f"can never match: an answer's {acronym}s reads as {acronym}, and only an "
                    f"acronym written in capitals drops its plural; write {acronym}s"
                )
            if token.stem in words.stems:
                continue
            longer = words.expansion(word)
            last = position == len(alt.raw) - 1
            if longer and not (last and len(word) >= PREFIX_MIN_CHARS):
                return (
                    f"can never match: {word!r} is cut short (as in {longer!r}) and only a last "
                    f"word of {PREFIX_MIN_CHARS}+ letters matches as a prefix; write the whole word"
                )
    return None


_PLURAL_ACRONYM = re.compile(r"\b([A-Z][A-Z0-9]+)s\b")


def _corpus_words(questions: Iterable[Question], extra: Iterable[str]) -> _Words:
    """Every word the bank's own prose and the extra answers use (aliases left out: a truncated
    alias must not vouch for itself)."""
    texts: list[str] = list(extra)
    for q in questions:
        texts += [q.prompt, *(kp.point for kp in q.key_points), *q.model_answer_outline]
        texts += [f.question for f in q.follow_ups]
        texts += [m.claim for m in q.misconceptions] + [m.correction for m in q.misconceptions]
    words: set[str] = set()
    plurals: set[str] = set()
    for text in texts:
        words.update(t.word for t in analyse(text).raw)
        plurals.update(m.lower() for m in _PLURAL_ACRONYM.findall(text))
    return _Words(
        tuple(sorted(words)), frozenset(stem(w) for w in words) | words, frozenset(plurals)
    )


@dataclass
class Linter:
    """Built once over the whole bank (the corpus for the generic check is every question)."""

    questions: Sequence[Question]
    rules: LintRules
    lexicon: Lexicon = EMPTY_LEXICON
    extra_answers: Sequence[str] = ()

    def __post_init__(self) -> None:
        self._corpus = _Corpus.build(self.questions, self.lexicon, self.extra_answers)
        self._words = _corpus_words(self.questions, self.extra_answers)
        self._texts: dict[str, Tokens] = {}  # prompts and claims, read once per question
        self._stop = {_stem_seq(a, self.lexicon) for a in self.rules.generic_aliases}
        self._stories = [
            analyse(s.text, self.lexicon)
            for answer in self.rules.generic_answers
            for s in split_sentences(answer)
        ]

    def _analysed(self, text: str) -> Tokens:
        if text not in self._texts:
            self._texts[text] = analyse(text, self.lexicon)
        return self._texts[text]

    def _alias_problems(
        self,
        q: Question,
        kp: KeyPoint,
        alias: str,
        prompt: Tokens,
        said_by: str,
        wrong: list[Tokens],
        right: list[Tokens],
        own: Tokens,
    ) -> list[tuple[str, str]]:
        term = compile_term(alias, self.lexicon)
        out: list[tuple[str, str]] = []
        if reason := _never_matches(alias, self.lexicon, self._words):
            out.append((NEVER_MATCHES, reason))
        if _matches(prompt, term):
            out.append((PROMPT, f"the {said_by} already says it, so it is free credit"))
        if _stem_seq(alias, self.lexicon) in self._stop:
            out.append((GENERIC, "on the stop list of generic aliases (question_bank/lint.yaml)"))
        elif any(_matches(sentence, term) for sentence in self._stories):
            out.append(
                (GENERIC, "a generic story says it (generic_answers in question_bank/lint.yaml)")
            )
        else:
            share = self._corpus.share_matched(term, q.topic)
            if share > self.rules.generic_share:
                out.append(
                    (
                        GENERIC,
                        f"generic: says {share:.0%} of unrelated questions' answers "
                        f"(more than {self.rules.generic_share:.0%})",
                    )
                )
        # A wrong answer is a misconception's claim. An alias that a correction or the point
        # itself also says is the subject they talk about ("direct connect"), not the wrong option.
        if (
            any(_matches(claim, term) for claim in wrong)
            and not any(_matches(fix, term) for fix in right)
            and not _matches(own, term)
        ):
            out.append((WRONG_ANSWER, "matches a known wrong answer (a misconception's claim)"))
        if any(_matches(analyse(r, self.lexicon), term) for r in kp.rejected):
            out.append((WRONG_ANSWER, "matches one of the point's rejected options"))
        return out

    def question(self, q: Question, path: str) -> list[LintProblem]:
        """The question's key points, and the points that adapting to its requirement change
        covers (graded once the change is announced, so the announcement gives words too)."""
        points = [(f"key_points[{i}]", kp) for i, kp in enumerate(q.key_points)]
        given = q.prompt
        if q.interviewer is not None:
            change = q.interviewer.requirement_change
            where = "interviewer.requirement_change.adapts_by"
            points += [(f"{where}[{i}]", kp) for i, kp in enumerate(change.adapts_by)]
        problems = []
        for field_name, kp in points:
            if field_name.startswith("interviewer") and q.interviewer is not None:
                given = f"{q.prompt}\n{q.interviewer.requirement_change.announcement}"
            problems += self._point_problems(q, kp, field_name, given, path)
        return problems

    def _point_problems(
        self, q: Question, kp: KeyPoint, field_name: str, given: str, path: str
    ) -> list[LintProblem]:
        prompt = self._analysed(given)
        said_by = "announcement or prompt" if field_name.startswith("interviewer") else "prompt"
        wrong = [self._analysed(m.claim) for m in q.misconceptions]
        right = [self._analysed(m.correction) for m in q.misconceptions]
        own = analyse(kp.point, self.lexicon)
        problems = []
        if not any(_matches(own, compile_term(a, self.lexicon)) for a in kp.aliases):
            problems.append(
                LintProblem(
                    path,
                    q.id,
                    f"{field_name}.aliases",
                    OWN_TEXT,
                    "the point's own text says none of its aliases",
                )
            )
        for j, alias in enumerate(kp.aliases):
            for check, message in self._alias_problems(
                q, kp, alias, prompt, said_by, wrong, right, own
            ):
                where = f"{field_name}.aliases[{j}]"
                problems.append(LintProblem(path, q.id, where, check, f"{alias!r}: {message}"))
        return problems

    def all(self, origin: dict[str, str]) -> list[LintProblem]:
        return [p for q in self.questions for p in self.question(q, origin.get(q.id, "?"))]
