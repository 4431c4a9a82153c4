"""Agreement statistics between grader scores and human labels. Pure stdlib."""

import math
from collections import defaultdict
from collections.abc import Sequence


def _ranks(values: Sequence[float]) -> list[float]:
    """Average ranks (1-based), ties sharing the mean of their positions."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        mean_rank = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = mean_rank
        i = j + 1
    return ranks


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None  # undefined when one side is constant
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sxx * syy)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    return pearson(_ranks(xs), _ranks(ys))


def quadratic_weighted_kappa(
    labels: Sequence[float], scores: Sequence[float], low: int = 1, high: int = 4
) -> float | None:
    """Cohen's kappa with quadratic weights on values rounded half-up to the integer scale."""

    def bucket(value: float) -> int:
        return min(high, max(low, math.floor(value + 0.5))) - low

    n_cat = high - low + 1
    n = len(labels)
    if n < 2:
        return None
    observed = [[0.0] * n_cat for _ in range(n_cat)]
    for label, score in zip(labels, scores, strict=True):
        observed[bucket(label)][bucket(score)] += 1
    row = [sum(r) for r in observed]
    col = [sum(observed[i][j] for i in range(n_cat)) for j in range(n_cat)]
    num = den = 0.0
    for i in range(n_cat):
        for j in range(n_cat):
            weight = (i - j) ** 2 / (n_cat - 1) ** 2
            num += weight * observed[i][j]
            den += weight * row[i] * col[j] / n
    return None if den == 0 else 1 - num / den


def pairwise_accuracy(
    groups: Sequence[str | None], labels: Sequence[float], scores: Sequence[float]
) -> tuple[float | None, int, int]:
    """Over pairs in the same group with different labels: the share the grader orders the same
    way (a tied score is not an ordering). Returns (accuracy, pairs, tied pairs)."""
    members: dict[str, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        if group:
            members[group].append(index)
    pairs = agree = ties = 0
    for indexes in members.values():
        for a_pos, a in enumerate(indexes):
            for b in indexes[a_pos + 1 :]:
                if labels[a] == labels[b]:
                    continue
                pairs += 1
                if scores[a] == scores[b]:
                    ties += 1
                elif (labels[a] > labels[b]) == (scores[a] > scores[b]):
                    agree += 1
    return (agree / pairs if pairs else None), pairs, ties
