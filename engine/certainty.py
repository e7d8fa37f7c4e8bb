"""MYCIN-style certainty factors: combine signed evidence into a certainty and a level.

A certainty factor (CF) is a number in [-1, 1]: positive evidence supports a
conclusion, negative evidence speaks against it. Two CFs combine as in
Shortliffe & Buchanan's MYCIN, an order-independent rule that never leaves
[-1, 1] and lets several weak signs add up without ever reaching certainty.
"""

from __future__ import annotations

from collections.abc import Iterable


def combine(a: float, b: float) -> float:
    """Combine two certainty factors (commutative and associative)."""
    if a >= 0 and b >= 0:
        return a + b * (1 - a)
    if a < 0 and b < 0:
        return a + b * (1 + a)
    denominator = 1 - min(abs(a), abs(b))
    if denominator == 0:  # +1 and -1: total contradiction, nothing known
        return 0.0
    return (a + b) / denominator


def combine_all(cfs: Iterable[float]) -> float:
    """The combined CF of any number of pieces of evidence (0 for none)."""
    total = 0.0
    for cf in cfs:
        total = combine(total, cf)
    return total


def certainty(cf: float) -> float:
    """The certainty shown to people: the combined CF floored at 0, rounded to 2 places."""
    return round(max(0.0, min(1.0, cf)), 2)


def level(value: float, likely: float, possible: float) -> str:
    """``likely``, ``possible`` or ``unlikely`` by the knowledge base's thresholds."""
    if value >= likely:
        return "likely"
    if value >= possible:
        return "possible"
    return "unlikely"


LEVEL_RANK = {"unlikely": 0, "possible": 1, "likely": 2}
