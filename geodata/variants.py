"""Spelling variants of transliterated village names, matched only inside the article's region.

West African names reach the news in several spellings ("Lellehoye" / "Lelehoy", "Diabaly" /
"Diabali", "Kologon-Habe" / "Kologon"). A capitalised name after a locative cue that the exact
matcher did not place is compared with the GeoNames extract's names **of the countries the
article names or the corpus is about**, never with the world: a near-miss cannot jump continents
("Boni" cannot become Bonn). The reason records the spelling that matched and the score.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from articles.text import fold
from geodata.gazetteer import Gazetteer

#: rapidfuzz ratio (0–100) a variant needs; measured on the ACLED dev notes (bench/acled_places).
MIN_SCORE = 85
MIN_LENGTH = 5


@dataclass(frozen=True)
class Variant:
    place_id: str
    spelling: str  # the gazetteer's name that matched
    score: float


class RegionalNames:
    """Folded names of the regional extract's places (no areas), by country."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        # Bucketed by country and first letter: a variant shares its first letter, and the
        # buckets keep each comparison to a few thousand names.
        buckets: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        for place in gazetteer.places.values():
            if place.source not in ("regional", "curated") or place.is_area or not place.country:
                continue
            for name in place.names():
                key = fold(name).replace("-", " ")
                if len(key) >= MIN_LENGTH:
                    buckets[place.country, key[0]].setdefault(key, place.id)
        self.buckets = {k: (list(names), list(names.values())) for k, names in buckets.items()}

    def match(self, name: str, countries: frozenset[str]) -> Variant | None:
        """The closest spelling of ``name`` among the places of ``countries``, if close enough.

        The first letter must agree and the lengths differ by at most a third: short names
        and names that only share a long suffix are not variants of each other.
        """
        key = fold(name).replace("-", " ")
        if len(key) < MIN_LENGTH:
            return None
        best: Variant | None = None
        for country in sorted(countries):
            names, ids = self.buckets.get((country, key[0]), ([], []))
            if not names:
                continue
            found = process.extractOne(key, names, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
            if found is None:
                continue
            spelling, score, index = found
            if spelling[0] != key[0] or abs(len(spelling) - len(key)) > len(key) / 3:
                continue
            if best is None or score > best.score:
                best = Variant(ids[index], spelling, score)
        return best
