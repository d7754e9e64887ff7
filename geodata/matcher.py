"""Finding place names in text: one Aho-Corasick pass over folded text, then disambiguation.

Every mention records the chosen place and *why* (the reason an analyst reads in the panel).
Rules, in order: a user override wins; places in countries the article names beat others; the
curated regional gazetteer beats the GeoNames extract, which beats world cities; then the larger
place. Small places and names that are also common words need more evidence (their country named,
and for villages and spots a locative word before them or a second mention).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import ahocorasick

from articles import lexicon
from articles.text import Span, fold, segment_lines, sentence_at, sentences
from geodata.gazetteer import NO_PLACE, Gazetteer
from geodata.place import Place

#: Countries whose naming also counts as evidence for the other (Smara is coded MA, the rest of
#: Western Sahara EH).
RELATED_COUNTRIES = {"EH": {"MA"}, "MA": {"EH"}}
SMALL_KINDS = frozenset({"village", "site"})
_WORD = re.compile(r"[\w']+", re.UNICODE)
_NON_WORD = re.compile(r"[\W_]")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    place_id: str
    kind: str  # "body" or "caption"
    sentence_start: int
    sentence_end: int
    reason: str
    alternatives: tuple[str, ...] = ()  # other candidate place ids that were considered


@cache
def common_words(top_n: int = 10000) -> frozenset[str]:
    """Folded frequent words of English, French and Spanish: names among them need evidence."""
    from wordfreq import top_n_list

    return frozenset(fold(w) for lang in ("en", "fr", "es") for w in top_n_list(lang, top_n))


def big_place_names(gazetteer: Gazetteer) -> frozenset[str]:
    """Folded names of countries, capitals and big cities: frequent because they are names.

    Everyday words that are also big cities' names ("Nice", "Male") stay common words.
    """
    from geodata.world import BIG_CITY, EVERYDAY_NAMES

    return frozenset(
        key
        for place in gazetteer.places.values()
        if place.extra.get("big") or place.kind == "country" or place.population >= BIG_CITY
        for key in map(fold, place.names())
        if key not in EVERYDAY_NAMES
    )


@cache
def _cues() -> tuple[frozenset[str], dict[str, str]]:
    data = lexicon.load("places")
    locatives = frozenset(fold(w) for words in data.get("locatives", {}).values() for w in words)
    demonyms = {
        fold(form): country for country, forms in data.get("demonyms", {}).items() for form in forms
    }
    return locatives, demonyms


def _capitalised(surface: str) -> bool:
    """The first word and every word of four letters or more start with a capital ("Bir
    Moghreïn", "Islamic Republic of Mauritania"; not "The mission"). Caseless scripts pass."""
    return all(
        w[0].isupper() or w[0].lower() == w[0].upper()
        for i, w in enumerate(surface.split())
        if i == 0 or len(w) >= 4
    )


class PlaceMatcher:
    """Built once from a gazetteer (and cached on disk by ``geodata.cache``)."""

    def __init__(self, gazetteer: Gazetteer, common: frozenset[str] | None = None) -> None:
        self.gazetteer = gazetteer
        self.common = (common if common is not None else common_words()) - big_place_names(
            gazetteer
        )
        # Curated names of several words ("capitale mauritanienne") may be written in lower case.
        self.lowercase_ok = frozenset(
            fold(name)
            for place in gazetteer.places.values()
            if place.source in ("curated", "override")
            for name in place.names()
            if " " in name.strip()
        )
        # Keys are padded with a space and searched in text whose non-word characters are
        # spaces: every hit is then a whole-word match, and there are few hits to check.
        self.automaton = ahocorasick.Automaton()
        for key in sorted({*gazetteer.names, *gazetteer.forced}):
            padded = f" {_NON_WORD.sub(' ', key)} "
            if padded not in self.automaton:
                self.automaton.add_word(padded, key)
        if len(self.automaton):
            self.automaton.make_automaton()

    def _raw_matches(self, folded: str, text: str) -> list[tuple[int, int, str]]:
        """Longest, non-overlapping, whole-word, capitalised matches."""
        found = []
        if not len(self.automaton):
            return found
        spaced = f" {_NON_WORD.sub(' ', folded)} "
        for end_index, key in self.automaton.iter(spaced):
            # the padded name ends at spaced[end_index]; spaced is folded shifted by one
            start, end = end_index - len(key) - 1, end_index - 1
            if _capitalised(text[start:end]) or key in self.lowercase_ok:
                found.append((start, end, key))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        kept: list[tuple[int, int, str]] = []
        for m in found:
            if not kept or m[0] >= kept[-1][1]:
                kept.append(m)
        return kept

    def _countries_named(self, folded: str, keys: Iterable[str]) -> dict[str, set[str]]:
        """Country -> what names it: a demonym, the country itself or a sure curated place.

        Keeping the sources (demonyms, place ids) lets a place not be evidence for itself.
        """
        _, demonyms = _cues()
        named: dict[str, set[str]] = {}
        for word in _WORD.findall(folded):
            if word in demonyms:
                named.setdefault(demonyms[word], set()).add(word)
        for key in keys:
            candidates = self.gazetteer.lookup(key)
            sure = [p for p in candidates if p.source in ("curated", "override")]
            if not sure and candidates and candidates[0].kind == "country":
                sure = candidates[:1]
            if len(sure) == 1 and sure[0].country:
                named.setdefault(sure[0].country, set()).add(sure[0].id)
        for country, by in list(named.items()):
            for related in RELATED_COUNTRIES.get(country, ()):
                named.setdefault(related, set()).update(by)
        return named

    def _choose(
        self, key: str, named_by: dict[str, set[str]], cue: bool, repeated: bool, shouted: bool
    ) -> tuple[Place | None, str, tuple[str, ...]]:
        g = self.gazetteer
        if key in g.forced:
            target = g.forced[key]
            if target in NO_PLACE:
                return None, "", ()
            return g.places[target], f"user override ({g.forced_where[key]})", ()
        candidates = g.lookup(key)
        homonyms = {p.id for p in candidates}  # a name is no evidence for its own homonyms
        named = {p.id: bool(named_by.get(p.country, set()) - homonyms) for p in candidates}
        # The curated gazetteer wins in the region; then places in countries the article names.
        base = [p for p in candidates if p.tier <= 1] or candidates
        pool = [p for p in base if named[p.id]] or base
        # An all-capitals word ("SENNA" in a photo credit) is as weak as a common word.
        common = key in self.common or shouted
        for place in pool:
            why = self._evidence(place, key, named[place.id], cue, repeated, common)
            if why:
                others = tuple(p.id for p in candidates if p.id != place.id)
                if others:
                    why += f"; chosen over {len(others)} other place(s) of that name"
                return place, why, others
        return None, "", ()

    @staticmethod
    def _evidence(
        place: Place, key: str, country_named: bool, cue: bool, repeated: bool, common: bool
    ) -> str:
        label = {
            "curated": "curated regional gazetteer",
            "override": "user override",
            "regional": "GeoNames regional extract",
            "world": "GeoNames world cities",
        }.get(place.source, place.source)
        if place.source in ("curated", "override"):
            if key in place.extra.get("needs_evidence", ()) and not country_named:
                return ""
            return label + (f"; {place.country} named in the article" if country_named else "")
        if common and not country_named:
            return ""
        if place.source == "regional" and place.kind in SMALL_KINDS:
            if not (country_named and len(key) >= 4 and not common and (cue or repeated)):
                return ""
            how = "a locative word before it" if cue else "named twice"
            return f"{label}: small place, {place.country} named in the article and {how}"
        if place.source in ("regional", "world") and not country_named and place.population < 1e5:
            return ""
        if country_named:
            return f"{label}; {place.country} named in the article"
        return f"{label}; the largest place of that name (population {place.population:,})"

    def find(self, text: str, lines: list[Span] | None = None) -> list[Mention]:
        """Place mentions in body and caption lines (boilerplate lines are skipped)."""
        lines = lines if lines is not None else segment_lines(text)
        sents = sentences(text, lines)
        folded = fold(text)
        matches = [
            m
            for m in self._raw_matches(folded, text)
            if (s := sentence_at(sents, m[0])) is not None and s.kind != "boilerplate"
        ]
        named_by = self._countries_named(folded, {k for _, _, k in matches})
        counts = Counter(k for _, _, k in matches)
        locatives, _ = _cues()
        out = []
        for start, end, key in matches:
            before = _WORD.findall(folded[max(0, start - 20) : start])
            cue = bool(before) and before[-1] in locatives
            surface = text[start:end]
            shouted = surface.isupper() and len(surface) > 3
            place, why, others = self._choose(key, named_by, cue, counts[key] > 1, shouted)
            if place is None:
                continue
            sent = sentence_at(sents, start)
            out.append(
                Mention(
                    start=start,
                    end=end,
                    surface=surface,
                    place_id=place.id,
                    kind=sent.kind,
                    sentence_start=sent.start,
                    sentence_end=sent.end,
                    reason=why,
                    alternatives=others,
                )
            )
        return out
