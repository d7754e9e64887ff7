"""Names that look like places but are not in the gazetteer: the online geocoder's questions.

A candidate is a capitalised name of one to three words right after a locative word ("in
Zouérat", "à Bir Moghreïn"), not overlapping a known mention, and not a frequent word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from articles.text import Span, fold, sentence_at, sentences
from geodata.cues import common_words, cues, has_cue

_NAME = re.compile(
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s+(?:(?:el|al|de|du|ould|ben|bir|ain)\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]+){0,2})"
)


def unknown_place_candidates(
    text: str, lines: list[Span], known: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """(start, end, name) of unknown place-like names in body sentences."""
    cue_words = cues()
    folded = fold(text)
    common = common_words()
    spans = sentences(text, lines)
    out = []
    for m in _NAME.finditer(text):
        start, end = m.span("name")
        sent = sentence_at(spans, start)
        if sent is None or sent.kind != "body" or start == sent.start:
            continue
        if any(s < end and start < e for s, e in known):
            continue
        if not has_cue(folded[sent.start :], start - sent.start, cue_words):
            continue
        name = m.group("name")
        if fold(name) in common or fold(name.split()[0]) in common:
            continue
        out.append((start, end, name))
    return out
