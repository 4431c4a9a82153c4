"""Labeled items and their groups, plus donor answers borrowed from other groups."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sim.evaluation.sets.terms import content_words

SEED = 204
TOP_VARIANTS = frozenset({"original", "detailed"})


@dataclass(frozen=True)
class Item:
    """One labeled line of an evaluation set."""

    group: str
    kind: str
    question: str
    answer: str
    label: float
    variant: str
    source: str
    key_points: tuple[str, ...] = ()
    reference: str | None = None

    @property
    def id(self) -> str:
        return f"{self.group}:{self.variant}"

    def to_json(self) -> str:
        record: dict[str, object] = {"id": self.id, "kind": self.kind, "question": self.question}
        if self.key_points:
            record["key_points"] = list(self.key_points)
        if self.reference:
            record["reference"] = self.reference
        record |= {
            "group": self.group,
            "answer": self.answer,
            "label": self.label,
            "variant": self.variant,
            "source": self.source,
        }
        return json.dumps(record, ensure_ascii=False)


@dataclass
class Report:
    """What was read, skipped and dropped while building."""

    files: Counter[str] = field(default_factory=Counter)
    answers: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)

    def skip(self, source: str, path: Path, reason: str) -> None:
        self.skipped.append(f"{source}: {path.name} ({reason})")


@dataclass(frozen=True)
class GroupSpec:
    """What the items of one group share."""

    group: str
    kind: str
    question: str
    source: str
    key_points: tuple[str, ...] = ()
    variant_sources: tuple[tuple[str, str], ...] = ()  # variants answered from another file


def make_group(
    spec: GroupSpec, variants: dict[str, str], labels: dict[str, float], report: Report
) -> list[Item]:
    """Items of one group; empty or duplicate variants are dropped and counted."""
    items: list[Item] = []
    seen: set[str] = set()
    sources = dict(spec.variant_sources)
    for variant, answer in variants.items():
        answer = answer.strip()
        if not answer or answer in seen:
            report.dropped[f"{spec.kind}/{variant} (empty or same as another variant)"] += 1
            continue
        seen.add(answer)
        items.append(
            Item(
                group=spec.group,
                kind=spec.kind,
                question=spec.question,
                answer=answer,
                label=labels[variant],
                variant=variant,
                source=sources.get(variant, spec.source),
                key_points=spec.key_points,
            )
        )
    if not items or items[0].variant not in TOP_VARIANTS or len({i.label for i in items}) < 2:
        report.dropped[f"{spec.kind} group (fewer than two labels)"] += 1
        return []
    return items


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of content words."""
    wa, wb = set(content_words(a)), set(content_words(b))
    return len(wa & wb) / len(wa | wb) if wa | wb else 1.0


def pick_donor(group: str, text: str, donors: Sequence[tuple[str, str, str]]) -> tuple[str, str]:
    """(answer, source) of another group, among the less similar half; ("", "") if none.

    Donors come from the same source family when it has at least two, so the mismatch is in
    the topic rather than in length or style. The choice is seeded by the group id.
    """
    family = group.rsplit(":", 1)[0]
    same_family = [d for d in donors if d[0].rsplit(":", 1)[0] == family and d[0] != group]
    candidates = sorted(
        (overlap(text, d_text), d_group, d_text, d_source)
        for d_group, d_text, d_source in (same_family if len(same_family) >= 2 else donors)
        if d_group != group and d_text.strip() != text.strip()
    )
    if not candidates:
        return "", ""
    pool = candidates[: max(1, len(candidates) // 2)]
    chosen = random.Random(f"{SEED}:{group}").choice(pool)
    return chosen[2], chosen[3]
