"""The classes of a choropleth: each value's class and the classes' upper bounds.

The maps class their values as ``mapclassify`` does (quantiles, Fisher–Jenks natural breaks, or
bounds given by hand), and ``tests/test_classes.py`` checks that the two agree bit for bit. The book
computes them itself because importing ``mapclassify`` where numba is installed (it is, for the
bootstrap) compiles its Fisher–Jenks kernel on the spot: five seconds in every chapter with a map,
for seventeen values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SCHEMES = ("Quantiles", "FisherJenks")


@dataclass(frozen=True)
class Classes:
    """``bins``: each class's upper bound, increasing; ``yb``: each value's class (0 = the lowest)."""

    bins: np.ndarray
    yb: np.ndarray


def classify(values, scheme: str = "Quantiles", k: int = 5, bins=None) -> Classes:
    """``values`` in ``k`` classes by ``scheme`` (one of :data:`SCHEMES`), or in the classes whose
    upper bounds are ``bins`` (a last class up to the largest value is added when needed)."""
    values = np.asarray(values, dtype=float).flatten()
    if bins is not None:
        upper = np.asarray(bins, dtype=float)
        if upper[-1] < values.max():
            upper = np.append(upper, values.max())
    elif scheme == "Quantiles":
        upper = quantile_bounds(values, k)
    elif scheme == "FisherJenks":
        upper = natural_breaks(values, k)
    else:
        raise ValueError(f"unknown classification scheme {scheme!r}: one of {', '.join(SCHEMES)}")
    return Classes(upper, _class_of(values, upper))


def far_above(values) -> bool:
    """Whether the largest of ``values`` lies farther above the next than the others span, lowest to
    next (Wuhan's cases per head, five times the next): in a class with others it would take their
    colour, and the map could not show how far it stands apart."""
    ordered = np.sort(np.asarray(values, dtype=float).flatten())
    return len(ordered) > 3 and ordered[-1] - ordered[-2] > ordered[-2] - ordered[0]


def classify_apart(values, scheme: str = "Quantiles", k: int = 5) -> Classes:
    """:func:`classify` by ``scheme`` in ``k`` classes, but a largest value far above the rest
    (:func:`far_above`) in a class of its own, the others in ``k - 1`` classes by the same scheme."""
    values = np.asarray(values, dtype=float).flatten()
    if k < 2 or not far_above(values):
        return classify(values, scheme, k)
    upper = np.append(classify(values[values < values.max()], scheme, k - 1).bins, values.max())
    return Classes(upper, _class_of(values, upper))


def slivers(values, classes: Classes, step: float) -> list[int]:
    """The classes a legend that writes values to ``step`` (0.01 for two decimals) cannot show as a
    range: different values less than a step apart. Written as their range they read as an error
    ("0.39–0.40" for 0.390 and 0.396, between "0.27–0.36" and "0.53–0.70"); a class of one value
    is written as that value, and is none of them."""
    values = np.asarray(values, dtype=float).flatten()
    spreads = [np.ptp(values[classes.yb == i]) if (classes.yb == i).any() else 0.0 for i in range(len(classes.bins))]
    return [i for i, spread in enumerate(spreads) if 0 < spread < step]


def without_slivers(values, classes: Classes, step: float) -> Classes:
    """``classes`` with no sliver (:func:`slivers`), as many of them: a sliver takes the values of
    its nearer neighbouring class up to that class's widest gap (the break between them moves
    there), so that it holds a range the legend can show; a neighbour of one value is left whole."""
    values = np.asarray(values, dtype=float).flatten()
    upper = np.array(classes.bins, dtype=float)
    for _ in range(len(values)):  # each move widens a sliver; a few suffice
        if not (found := slivers(values, classes, step)):
            break
        i = found[0]
        members = [np.sort(values[classes.yb == c]) for c in range(len(upper))]
        neighbours = [(members[i][0] - members[j][-1] if j < i else members[j][0] - members[i][-1], j)
                      for j in (i - 1, i + 1) if 0 <= j < len(upper) and np.ptp(members[j]) > 0]
        if not neighbours:
            break
        _, j = min(neighbours)  # the nearer
        widest = int(np.argmax(np.diff(members[j])))
        upper[min(i, j)] = members[j][widest]  # the break between them, at the lower end of that gap
        classes = Classes(upper.copy(), _class_of(values, upper))
    return classes


def quantile_bounds(values: np.ndarray, k: int) -> np.ndarray:
    """The upper bounds of ``k`` quantile classes; fewer when ties make bounds repeat."""
    step = 100.0 / k
    percents = np.arange(step, 100 + step, step)
    percents[-1] = min(percents[-1], 100.0)
    return np.unique([_percentile(np.sort(values), percent) for percent in percents])


def _percentile(ordered: np.ndarray, percent: float) -> float:
    """The ``percent`` percentile of ``ordered``, interpolated between neighbours by weights, as
    ``scipy.stats.scoreatpercentile`` computes it (importing scipy.stats costs a map chapter 1.3 s)."""
    position = percent / 100.0 * (len(ordered) - 1)
    low = int(position)
    if low == position:
        return float(ordered[low])
    weights = np.array([low + 1 - position, position - low])
    return float(np.add.reduce(ordered[low:low + 2] * weights) / weights.sum())


def natural_breaks(values: np.ndarray, k: int) -> np.ndarray:
    """Fisher–Jenks natural breaks: the upper bounds of the ``k`` classes that minimise the sum of
    squared deviations within classes, found by dynamic programming over the sorted values (in
    single precision, as mapclassify computes them, so that near-ties resolve the same way)."""
    if len(np.unique(values)) < k:
        raise ValueError(f"Fewer unique values ({len(np.unique(values))}) than specified classes ({k}).")
    ordered = np.sort(values)
    n = len(ordered)
    # first[l, j]: where the last of j classes over the first l values starts (1-based);
    # cost[l, j]: that partition's sum of squared deviations.
    first = np.zeros((n + 1, k + 1), dtype=np.int32)
    cost = np.zeros((n + 1, k + 1), dtype=np.float32)
    first[1, 1:] = 1
    cost[2:, 1:] = np.inf
    for last in range(2, n + 1):
        total = squares = count = np.float32(0)
        variance = np.float32(0)
        for size in range(1, last + 1):
            start = last - size + 1
            value = np.float32(ordered[start - 1])
            squares += value * value
            total += value
            count += np.float32(1)
            variance = squares - (total * total) / count
            if start > 1:
                for j in range(2, k + 1):
                    if cost[last, j] >= variance + cost[start - 1, j - 1]:
                        first[last, j] = start
                        cost[last, j] = variance + cost[start - 1, j - 1]
        first[last, 1] = 1
        cost[last, 1] = variance
    upper = np.zeros(k + 1)
    upper[k], upper[0] = ordered[-1], ordered[0]
    end = n
    for j in range(k, 1, -1):
        start = first[end, j]
        upper[j - 1] = ordered[start - 2]
        end = start - 1
    return upper[1:]


def _class_of(values: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Each value's class: the first whose upper bound it does not exceed (lower bound excluded)."""
    lower = np.concatenate([[-np.inf], upper[:-1]])
    classes = np.zeros(values.shape, dtype=int)
    for index, (low, high) in enumerate(zip(lower, upper)):
        classes[(values > low) & (values <= high)] = index
    return classes
