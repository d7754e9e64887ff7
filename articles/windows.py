"""Things of an article sorted by position, and the ones that start inside a span.

Extraction works sentence by sentence; looking up each sentence's dates, places and actors by
bisection instead of scanning the whole article keeps it linear in the article's size.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar


class _Positioned(Protocol):
    start: int


T = TypeVar("T", bound=_Positioned)


class ByStart(Generic[T]):
    """Items sorted by ``start``; ``within(lo, hi)`` lists those with ``lo <= start < hi``."""

    def __init__(self, items: Iterable[T]) -> None:
        self.items: list[T] = sorted(items, key=lambda x: x.start)
        self.starts = [x.start for x in self.items]

    def within(self, lo: int, hi: int) -> list[T]:
        return self.items[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]


class SpanSet:
    """Spans ``(start, end)``; ``overlaps(s, e)``: does any overlap ``[s, e)``? In log time.

    Sorted by start with a running maximum of ends: some span overlaps ``[s, e)`` exactly when
    the largest end among the spans starting before ``e`` is beyond ``s``.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.max_end: list[int] = []
        top = -1
        for _, end in ordered:
            top = max(top, end)
            self.max_end.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # spans [0, i) start before ``end``
        return i > 0 and self.max_end[i - 1] > start

    def contains(self, start: int, end: int) -> bool:
        """Whether one span holds all of ``[start, end)``."""
        i = bisect_right(self.starts, start)  # spans [0, i) start at or before ``start``
        return i > 0 and self.max_end[i - 1] >= end


class DisjointSpans:
    """Spans kept apart as they are added (longest first, say): ``add`` keeps one only when it
    overlaps none kept, in log time plus a list insertion."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # kept spans [0, i) start before ``end``
        return i > 0 and self.ends[i - 1] > start  # disjoint: the ends are sorted too

    def add(self, start: int, end: int) -> bool:
        if self.overlaps(start, end):
            return False
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        return True
