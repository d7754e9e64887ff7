"""Names that look like places but are not in the gazetteer: the online geocoder's questions.

A candidate is a capitalised name of one to three words right after a locative word ("in
Zouérat", "à Bir Moghreïn"), not overlapping a known mention, and not a frequent word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from articles.text import Span, fold, sentence_at, sentences
from geodata.matcher import _cues, common_words

_NAME = re.compile(
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s+(?:(?:el|al|de|du|ould|ben|bir|ain)\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]+){0,2})"
)


def unknown_place_candidates(
    text: str, lines: list[Span], known: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """(start, end, name) of unknown place-like names in body sentences."""
    locatives, _ = _cues()
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
        before = re.findall(r"[\w']+", fold(text[max(sent.start, start - 20) : start]))
        if not before or before[-1] not in locatives:
            continue
        name = m.group("name")
        if fold(name) in common or fold(name.split()[0]) in common:
            continue
        out.append((start, end, name))
    return out
