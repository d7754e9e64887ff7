"""Triggers that name no happening: denied, hypothetical, natural deaths, sport, set phrases.

General news is full of event words that report nothing an analyst maps: "no arrest was ever
made", "could kill millions", "the outbreak has killed 292 people", "hard-fought battles" on a
football pitch, "a flu shot", "the Met Office". Word lists in
``articles/lexicon/<lang>/nonevents.yaml`` (patterns on folded text):

- ``hypothetical``: a negation or modal right before the trigger in its clause (each pattern
  ends at the trigger, ``$``, allowing the few words it says between) drops it, any type:
  "no arrest", "did not kill", "could kill" — but not "no role in the attacks".
- ``causes``: a death word (``death_words``) with a disease, a disaster or an accident within
  ``cause_window`` characters, and no armed men named in the sentence (the armed-target words of
  ``conflict.yaml``), is no attack.
- ``sport``: conflict triggers in a sentence about a game, with no armed men named, are dropped.
- ``phrases``: a set phrase overlapping the trigger drops it.
- A trigger written with a capital inside a sentence and followed by another capitalised word is
  part of a name ("Met Office", "Attack Helicopter Battalion"); patterns matched on the original
  text (``cased``, "Operation Serval") are exempt.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from articles import lexicon

_CLAUSE = re.compile(r"[,;:()\"\u00ab\u00bb\u201c\u201d]")
_NEXT_WORD = re.compile(r"[\s-]*(\w)")


@dataclass(frozen=True)
class NoneventWords:
    hypothetical: re.Pattern | None
    hypothetical_window: int
    death: re.Pattern | None
    causes: re.Pattern | None
    cause_window: int
    sport: re.Pattern | None
    phrases: re.Pattern | None


def _union(patterns: Sequence[str]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@cache
def nonevent_words(language: str) -> NoneventWords:
    data = lexicon.load("nonevents", language)
    return NoneventWords(
        hypothetical=_union(data.get("hypothetical", [])),
        hypothetical_window=int(data.get("hypothetical_window", 20)),
        death=re.compile(data["death_words"]) if data.get("death_words") else None,
        causes=_union(data.get("causes", [])),
        cause_window=int(data.get("cause_window", 140)),
        sport=_union(data.get("sport", [])),
        phrases=_union(data.get("phrases", [])),
    )


def _clause_before(folded: str, start: int, floor: int, window: int) -> tuple[int, int]:
    low = max(floor, start - window)
    cut = [m.end() for m in _CLAUSE.finditer(folded, low, start)]
    return (cut[-1] if cut else low), start


def _inside_a_name(text: str, start: int, end: int, sentence_start: int) -> bool:
    if start <= sentence_start or not text[start].isupper():
        return False
    if text[sentence_start:start].strip() == "":
        return False
    nxt = _NEXT_WORD.match(text, end)
    return bool(nxt and nxt.group(1).isupper())


def is_nonevent(
    text: str,
    folded: str,
    trigger: tuple[int, int],
    sentence: tuple[int, int],
    language: str,
    *,
    conflict: bool,
    cased: bool,
    armed: re.Pattern | None,
) -> bool:
    """Whether the trigger at ``trigger`` in ``sentence`` names no happening (see module doc)."""
    words = nonevent_words(language)
    start, end = trigger
    s_start, s_end = sentence
    if not cased and _inside_a_name(text, start, end, s_start):
        return True
    if words.hypothetical is not None:
        lo, hi = _clause_before(folded, start, s_start, words.hypothetical_window)
        if words.hypothetical.search(folded[lo:hi]):
            return True
    if words.phrases is not None:
        for m in words.phrases.finditer(folded, max(s_start, start - 60), min(s_end, end + 60)):
            if m.start() < end and start < m.end():
                return True
    if not conflict:
        return False
    armed_named = bool(armed and armed.search(folded, s_start, s_end))
    if armed_named:
        return False
    if words.sport is not None and words.sport.search(folded, s_start, s_end):
        return True
    if words.death and words.causes and words.death.search(folded, start, end):
        lo = max(s_start, start - words.cause_window)
        hi = min(s_end, end + words.cause_window)
        if words.causes.search(folded, lo, hi):
            return True
    return False
