"""Who took part in a gathering or signing, and where an agreement was signed.

Word lists in ``articles/lexicon/<lang>/events.yaml`` (patterns on folded text):

- ``participant_markers``: after a noun trigger ("the meeting in Marrakech between A and B",
  "the session, in the presence of General X", "la réunion entre A et B") the people named
  after the marker, up to the next trigger of the sentence, are the participants. A noun alone
  ("the meeting") is usually a re-mention and takes nobody.
- ``distinct_markers``: "also met", "a également rencontré": another happening than the one
  told before, even without a date or place of its own.
- ``locatives``: a country is where an agreement was signed only after "in", "à", "au"…;
  "Morocco and Mauritania concluded agreements" names the parties, not the place.
- An organisation inside another trigger's words ("the second session of the Joint Military
  Commission") belongs to that event, not to its neighbour in the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from articles import lexicon
from articles.text import fold

LOCATIVE_WINDOW = 14  # characters before a place searched for "in", "à l'"
DISTINCT_WINDOW = 24  # characters before a trigger searched for "also"
QUOTES = re.compile('["\u00ab\u00bb\u201c\u201d]')


@dataclass(frozen=True)
class ParticipantWords:
    markers: re.Pattern | None
    distinct: re.Pattern | None
    locative: re.Pattern | None


def _union(patterns: Sequence[str], suffix: str = "") -> re.Pattern | None:
    if not patterns:
        return None
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + ")" + suffix)


@cache
def participant_words(language: str) -> ParticipantWords:
    data = lexicon.load("events", language)
    return ParticipantWords(
        markers=_union(data.get("participant_markers", [])),
        distinct=_union(data.get("distinct_markers", [])),
        locative=_union(data.get("locatives", []), r"\s*$"),
    )


def after_marker(folded: str, start: int, end: int, people: Sequence, language: str) -> list | None:
    """The people named after a participant marker in ``folded[start:end]``, up to a quotation
    (what a commentator says of the meeting names nobody who took part); None if no marker."""
    pattern = participant_words(language).markers
    found = pattern.search(folded, start, end) if pattern else None
    if found is None:
        return None
    quote = QUOTES.search(folded, found.end(), end)
    stop = quote.start() if quote else end
    return [a for a in people if found.end() <= a.start < stop and a.kind == "person"]


def is_distinct(folded: str, trigger: tuple[int, int], floor: int, language: str) -> bool:
    """Whether the trigger is an "also met", "a également rencontré": another happening."""
    pattern = participant_words(language).distinct
    if pattern is None:
        return False
    start, end = trigger
    window_start = max(floor, start - DISTINCT_WINDOW)
    return any(m.end() > start for m in pattern.finditer(folded, window_start, end))


def commentators(people: Sequence, titles: frozenset[str]) -> set[str]:
    """Names the article gives a commentator's title or apposition ("professeur de …") once."""
    out = set()
    for a in people:
        words = [fold(w).split(" ")[0] for w in (a.title, a.role) if w]
        if a.kind == "person" and any(w in titles for w in words):
            out.add(a.name)
    return out


def is_locative(folded: str, place_start: int, floor: int, language: str) -> bool:
    """Whether the place follows "in", "at", "à", "au"…: where something happened."""
    pattern = participant_words(language).locative
    window = folded[max(floor, place_start - LOCATIVE_WINDOW) : place_start]
    return bool(pattern and pattern.search(window))


def inside_other(start: int, own: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether a name at ``start`` lies inside the words of a trigger other than ``own``."""
    return any(s <= start < e for i, (s, e) in enumerate(spans) if i != own)
