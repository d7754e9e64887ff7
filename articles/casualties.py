"""Fatalities and injured stated in a conflict event's sentences ("killing five civilians",
"two soldiers were killed", "un mort et trois blessés", "faisant 12 morts").

Word lists in ``articles/lexicon/<lang>/conflict.yaml``: ``numbers`` (words for counts), then for
``killed`` and ``injured`` a ``before`` pattern (what follows a count: "… were killed", "… morts")
and an ``after`` pattern (what precedes one: "killing …", "faisant …"); ``after_needs`` lists the
verbs whose count counts only with a casualty word right after it ("left 12 dead", "faisant 12
morts"). Up to ``count_gap`` words may stand between a count and its ``before`` word ("two
Malian soldiers were killed"), never a comma, another count (but "two villagers and one
attacker killed": ``count_and``) or a ``gap_stop`` word. ``singular`` articles ("a soldier") and
``definite`` ones ("the officer") count one victim before a passive or "died"
(``singular_needs``); after a verb, "the" counts one only before a singular noun
(``definite_after``: "killed the mayor of X"). A count inside a date ("On February 22 gunmen
killed…") or after "including" is not counted; every other count of a sentence is added up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from articles import lexicon
from articles.windows import SpanSet

_DIGITS = r"\d{1,4}"


@dataclass(frozen=True)
class _Kind:
    before: re.Pattern  # count, gap, then the casualty word
    after: re.Pattern  # verb, then the count
    needs: dict[str, re.Pattern]


@dataclass(frozen=True)
class _Words:
    numbers: dict[str, int]
    kinds: dict[str, _Kind]
    not_after: re.Pattern | None
    singular: frozenset[str]  # "a", "an": one victim, only in "a soldier was killed"
    passive: re.Pattern | None


@cache
def _words(language: str) -> _Words:
    data = lexicon.load("conflict", language)
    numbers = {str(k): int(v) for k, v in (data.get("numbers") or {}).items()}
    singular = [str(s) for s in data.get("singular") or []]
    definite = [str(s) for s in data.get("definite") or []]  # "the officer died": before only

    def alternation(tokens: list[str]) -> str:
        tokens = sorted(tokens, key=len, reverse=True)
        return "|".join([_DIGITS, *(re.escape(w).replace(r"\ ", r"\s+") for w in tokens)])

    count = alternation([*numbers, *singular])
    if data.get("definite_after"):  # "killed the mayor of X": one victim
        count = f"{count}|(?={data['definite_after']})(?:{'|'.join(definite) or '(?!)'})"
    count_before = alternation([*numbers, *singular, *definite])
    gap = int(data.get("count_gap", 4))
    stop = rf"(?:{data['gap_stop']})" if data.get("gap_stop") else "(?!)"
    passive = re.compile(data["singular_needs"]) if data.get("singular_needs") else None
    joiner = data.get("count_and") or "(?!)"
    # a gap item: a word, a bracket "(JNIM)", or "and <count>" (a count of its own)
    item = rf"(?:\([^()]{{0,60}}\)|(?:{joiner})\s+(?:{count})|(?!{stop}|(?:{count})\b)[\w'-]+)"
    kinds = {}
    for kind in ("killed", "injured"):
        spec = data.get(kind) or {}
        if not spec:
            continue
        before = re.compile(
            rf"(?<![\w,])(?=(?P<all>(?P<n>{count_before})\s+(?P<gap>(?:{item}\s+){{0,{gap}}}?)"
            rf"(?:{spec['before']})\b))"
        )
        after = re.compile(rf"\b(?P<verb>{spec['after']})(?P<n>{count})\b(?P<rest>[^,.;]{{0,40}})")
        needs = {
            verb: re.compile(rf"^\s*(?:[\w'-]+\s+){{0,{gap}}}?{pattern}\b")
            for verb, pattern in (spec.get("after_needs") or {}).items()
        }
        kinds[kind] = _Kind(before, after, needs)
    for s in [*singular, *definite]:
        numbers.setdefault(s, 1)
    not_after = re.compile(data["not_after"]) if data.get("not_after") else None
    return _Words(numbers, kinds, not_after, frozenset([*singular, *definite]), passive)


def _value(token: str, words: _Words) -> int | None:
    token = " ".join(token.split())
    if token.isdigit():
        return int(token)
    return words.numbers.get(token)


def count_casualties(
    folded: str,
    language: str,
    spans: Iterable[tuple[int, int]],
    skip: Iterable[tuple[int, int]] | SpanSet,
) -> dict[str, int | None]:
    """Fatalities and injured in ``folded[start:end]`` for each span; ``None`` when not stated.

    ``skip`` are spans (dates) whose numbers are not counts.
    """
    words = _words(language)
    skip = skip if isinstance(skip, SpanSet) else SpanSet(skip)
    totals: dict[str, int | None] = {"fatalities": None, "injured": None}
    used: set[int] = set()  # a count is counted once, for the first kind that claims it
    for start, end in spans:
        for kind, field in (("killed", "fatalities"), ("injured", "injured")):
            spec = words.kinds.get(kind)
            if spec is None:
                continue
            hits: list[tuple[int, int]] = []
            for m in spec.after.finditer(folded, start, end):
                verb = " ".join(m.group("verb").split()).removesuffix("au moins").strip()
                need = next((p for v, p in spec.needs.items() if verb.startswith(v)), None)
                if need is not None and not need.search(m.group("rest")):
                    continue
                hits.append((m.start("n"), m.end("n")))
            spans: list[tuple[int, int]] = []  # counts' whole phrases
            for m in spec.before.finditer(folded, start, end):
                if m.group("n") in words.singular and not (
                    words.passive and words.passive.search(m.group("all") + " ")
                ):
                    continue
                # "one occupant of the vehicle was killed": "the" inside it is no count
                if m.group("n") in words.singular and any(s < m.start("n") < e for s, e in spans):
                    continue
                hits.append((m.start("n"), m.end("n")))
                spans.append((m.start("all"), m.end("all")))
            for n_start, n_end in sorted(set(hits)):
                if n_start in used or skip.overlaps(n_start, n_start + 1):
                    continue
                if words.not_after and words.not_after.search(
                    folded[max(0, n_start - 30) : n_start]
                ):
                    continue
                value = _value(folded[n_start:n_end], words)
                if value is None:
                    continue
                used.add(n_start)
                totals[field] = (totals[field] or 0) + value
    return totals
