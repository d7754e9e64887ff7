"""Span lookups of articles/windows.py against a brute-force check on random spans."""

from __future__ import annotations

import random
from dataclasses import dataclass

from articles.windows import ByStart, DisjointSpans, SpanSet


@dataclass
class Thing:
    start: int


def random_spans(rng: random.Random, n: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(n):
        s = rng.randrange(0, 200)
        out.append((s, s + rng.randrange(1, 30)))
    return out


def test_by_start_lists_what_starts_inside_a_span():
    rng = random.Random(1)
    things = [Thing(rng.randrange(0, 100)) for _ in range(60)]
    index = ByStart(things)
    for lo in range(0, 100, 7):
        hi = lo + rng.randrange(0, 30)
        assert sorted(t.start for t in index.within(lo, hi)) == sorted(
            t.start for t in things if lo <= t.start < hi
        )


def test_span_set_overlaps_and_contains_like_a_scan():
    rng = random.Random(2)
    for _ in range(50):
        spans = random_spans(rng, rng.randrange(0, 12))
        found = SpanSet(spans)
        for s, e in random_spans(rng, 20):
            assert found.overlaps(s, e) == any(a < e and s < b for a, b in spans)
            assert found.contains(s, e) == any(a <= s and e <= b for a, b in spans)


def test_disjoint_spans_keep_what_a_longest_first_scan_keeps():
    rng = random.Random(3)
    for _ in range(50):
        spans = sorted(random_spans(rng, 25), key=lambda x: (x[0] - x[1], x[0]))
        kept_scan: list[tuple[int, int]] = []
        for s, e in spans:
            if all(e <= a or s >= b for a, b in kept_scan):
                kept_scan.append((s, e))
        kept = DisjointSpans()
        assert [x for x in spans if kept.add(*x)] == kept_scan
