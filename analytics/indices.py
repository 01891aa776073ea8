"""Index arithmetic as plain functions: min–max normalisation, the EGDI composite, ranking with ties.

Every index in the app (the entity EPI, the national figure, the UN survey ranks) goes through these.
"""

from collections.abc import Sequence
from statistics import fmean


def normalise(values: Sequence[float]) -> list[float]:
    """Min–max normalisation `(x − min) / (max − min)`, the UN EPI formula.

    When every value is equal the formula divides by zero; we define the result instead: every unit
    is at the top (1.0) when they all scored something, at the bottom (0.0) when they all scored 0.
    """
    if not values:
        return []
    low, high = min(values), max(values)
    if high == low:
        return [1.0 if high > 0 else 0.0 for _ in values]
    span = high - low
    return [(value - low) / span for value in values]


def egdi(osi: float, tii: float, hci: float) -> float:
    """The E-Government Development Index: the mean of its three components."""
    return fmean((osi, tii, hci))


def rank_with_ties(values: Sequence[float], *, descending: bool = True) -> list[int]:
    """Competition ranking ("1224"): equal values share a rank and the next rank skips."""
    order = sorted(values, reverse=descending)
    first_position: dict[float, int] = {}
    for position, value in enumerate(order, start=1):
        first_position.setdefault(value, position)
    return [first_position[value] for value in values]
