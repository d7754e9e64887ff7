"""Finding place names in text: one Aho-Corasick pass over folded text, then disambiguation.

Every mention records the chosen place and *why* (the reason an analyst reads in the panel).
Rules, in order: a user override wins; places in countries the article names beat others; the
curated regional gazetteer beats the GeoNames extract, which beats world cities; then the larger
place. Small places and names that are also common words need more evidence (their country named,
and for villages and spots a locative word before them or a second mention).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
from rapidfuzz import fuzz

from articles.text import Span, fold, segment_lines, sentence_at, sentences
from geodata import cells, context
from geodata.borders import BORDER_KM, Borders, neighbours
from geodata.cues import (
    common_words,
    cues,
    has_cue,
    has_cue_after,
    has_spatial_cue,
    load_demonyms,
)
from geodata.gazetteer import NO_PLACE, Gazetteer
from geodata.place import Place
from geodata.unknown import unknown_place_candidates
from geodata.variants import RegionalNames
from geodata.world import BIG_CITY, EVERYDAY_NAMES

#: Countries whose naming also counts as evidence for the other (Smara is coded MA, the rest of
#: Western Sahara EH).
RELATED_COUNTRIES = {"EH": {"MA"}, "MA": {"EH"}}
SMALL_KINDS = frozenset({"village", "site"})
SOURCE_LABELS = {
    "curated": "curated regional gazetteer",
    "override": "user override",
    "regional": "GeoNames regional extract",
    "world": "GeoNames world data",
}
_WORD = re.compile(r"[\w']+", re.UNICODE)
_NON_WORD = re.compile(r"[\W_]")
_CAPITAL_BEFORE = re.compile(r"([A-Z][\w'’-]*)\s+$")


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
    role: str = "place"  # "place", or "demonym" ("Canadian", "malien": the country, not drawn)

    @classmethod
    def in_sentence(cls, sent: Span, start: int, end: int, surface: str, place_id: str, **kw):
        """A mention at ``start:end`` of the sentence ``sent`` (its kind and bounds)."""
        return cls(
            start=start,
            end=end,
            surface=surface,
            place_id=place_id,
            kind=sent.kind,
            sentence_start=sent.start,
            sentence_end=sent.end,
            **kw,
        )


def big_place_names(gazetteer: Gazetteer) -> frozenset[str]:
    """Folded names of countries, capitals and big cities: frequent because they are names.

    Everyday words that are also big cities' names ("Nice", "Male") stay common words.
    """
    return frozenset(
        key
        for place in gazetteer.places.values()
        if place.extra.get("big") or place.kind == "country" or place.population >= BIG_CITY
        for key in map(fold, place.names())
        if key not in EVERYDAY_NAMES
    )


def is_confident(reason: str) -> bool:
    """A mention placed by a curated entry, an override or its country named in the article:
    what a corpus prior is learnt from (never from the prior itself)."""
    if "corpus's region" in reason:
        return False
    return reason.startswith(("curated", "user override")) or "named in the article" in reason


def named_country_counts(matcher: PlaceMatcher, texts: list[str], sample: int = 500) -> Counter:
    """Countries named per text (``countries_named``) over at most ``sample`` texts, evenly
    spread: a share needs no census."""
    counts: Counter = Counter()
    for text in texts[:: max(1, len(texts) // sample)]:
        folded = fold(text)
        keys = {k for _, _, k in matcher._raw_matches(folded, text)}
        counts.update(set(matcher._countries_named(folded, keys)))
        sure = matcher._sure_villages(keys)  # one lookup pass for both kinds of key
        counts.update(matcher.areas_of(sure))
        counts.update(matcher.cells_of(sure))
    return counts


def corpus_prior(country_counts: dict[str, int], share: float = 0.10) -> frozenset[str]:
    """The countries a corpus is about: each holds ``share`` or more of the confidently placed
    mentions. A village of such a country needs no country named in its own article.

    Keys with a dot are first-level areas ("ML.04", from ``PlaceMatcher.areas_named``): those
    holding ``share`` of the areas counted, in a country of the prior, join it. Among homonym
    villages of one country, the one in such an area goes first. Keys with an "@" are cells of
    the map (``geodata.cells``, from ``PlaceMatcher.cells_named``): the last tie-break.
    """
    countries = {c: n for c, n in country_counts.items() if c and "." not in c}
    total = sum(countries.values())
    if not total:
        return frozenset()
    prior = {c for c, n in countries.items() if n / total >= share}
    areas = {a: n for a, n in country_counts.items() if "." in a and a.split(".")[0] in prior}
    area_total = sum(areas.values())
    return frozenset(
        prior
        | {a for a, n in areas.items() if n / area_total >= share}
        | cells.corpus_cells(country_counts)
    )


_SAID = frozenset({"said", "says", "told", "added", "stated", "wrote", "a", "declared"})


def _looks_like_a_surname(text: str, start: int, end: int, sents: list[Span]) -> bool:
    """One capitalised word right after another, not at a sentence's start ("Bill Clinton",
    "Sen. Evans"), or followed by "said": a person, not the town of that name. Multi-word
    names ("Fort Worth", "New London") are matched whole and never reach this."""
    if " " in text[start:end].strip():
        return False
    after = _WORD.findall(text[end : end + 12])
    # "of Fresno, Calif., said": a comma ends an address before the verb, not a surname
    if (
        after
        and after[0] in _SAID
        and after[0] != "a"
        and not text[end:].lstrip(" .").startswith(",")
    ):
        return True
    before = text[max(0, start - 30) : start]
    m = re.search(r"(?:^|[\s(])((?:[A-Z][a-z]+|[A-Z][a-z]{0,3}\.))\s$", before)
    if not m:
        return False
    if m.group(1) in _NOT_NAMES:
        return False
    if m.group(1).endswith("."):  # a title ("Sen.", "Gov.", "Dr."), even where a sentence ends
        return True
    sent = sentence_at(sents, start)
    return sent is not None and start - len(before) + m.start(1) > sent.start


#: Capitalised words before a place name that do not make it a person's.
_NOT_NAMES = frozenset(
    {
        "In",
        "At",
        "From",
        "To",
        "Near",
        "Of",
        "The",
        "And",
        "Or",
        "For",
        "On",
        "By",
        "With",
        "North",
        "South",
        "East",
        "West",
        "Central",
        "Northern",
        "Southern",
        "Northeast",
        "Northwest",
        "Southeast",
        "Southwest",
        "Eastern",
        "Western",
        "Downtown",
        "Greater",
        "Upper",
        "Lower",
        "New",
        "Old",
        "Port",
        "Lake",
        "Mount",
        "St.",
        "Fort",
        "Saint",
        "County",
        "City",
        "Province",
        "State",
        "Region",
        "Le",
        "La",
        "Les",
        "De",
        "Du",
        "Des",
        "À",
        "Au",
        "Aux",
        "Dans",
        "Vers",
        "Près",
        "Entre",
        "En",
        "Et",
    }
)


def _name_before(text: str, start: int) -> bool:
    """A capitalised word just before ``start`` that is not "The", "In"…: part of a longer
    name ("Danube Delta")."""
    m = _CAPITAL_BEFORE.search(text[max(0, start - 40) : start])
    return m is not None and m.group(1) not in _NOT_NAMES


def _capitalised(surface: str) -> bool:
    """The first word and every word of four letters or more start with a capital ("Bir
    Moghreïn", "Islamic Republic of Mauritania"; not "The mission"). Caseless scripts pass."""
    return all(
        w[0].isupper() or w[0].lower() == w[0].upper()
        for i, w in enumerate(surface.split())
        if i == 0 or len(w) >= 4
    )


def _lower_case_around(text: str, start: int) -> bool:
    """Lower-case letters in the 40 characters either side: not a headline in capitals."""
    return any(c.islower() for c in text[max(0, start - 40) : start + 40])


SEAT_KM = 60.0  # a second-level area's point to its seat (Kéniéba: 32 km)
_SEAT_WORDS = re.compile(
    r"\b(?:cercle|commune|departement|department|prefecture|de|du|d|of)\b", re.IGNORECASE
)


def _seat_name(area_name: str) -> str:
    """The folded name of the town a second-level area is named after ("Kenieba Cercle",
    "Département de Dakoro" -> "kenieba", "dakoro")."""
    return " ".join(_SEAT_WORDS.sub(" ", fold(area_name).replace("'", " ")).split())


def _in_prose(text: str, start: int, end: int) -> bool:
    """A name in a sentence: not in capitals, and a lower-case word of four letters or more
    among the three either side (not a headline in Title Case, "Millions In Dire Need")."""
    if text[start:end].isupper():
        return False
    near = (
        _WORD.findall(text[max(0, start - 60) : start])[-3:]
        + _WORD.findall(text[end : end + 60])[:3]
    )
    return any(len(w) >= 4 and w[0].islower() for w in near)


def _everyday_but_a_city(place: Place, key: str) -> bool:
    """A world city of 100,000 or more found by its own name of five letters or more: its name
    is frequent because it is a name ("Oxford", "Cincinnati"), which "in Oxford" confirms."""
    return (
        place.source == "world"
        and place.kind == "city"
        and place.population >= 1e5
        and fold(place.name) == key
        and len(key) >= 5
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
        self.variants = RegionalNames(gazetteer)
        self.borders = Borders(gazetteer.places.values())
        # Second-level areas by the name of their seat ("Kenieba Cercle" -> "kenieba").
        self.area_seats: dict[str, list[Place]] = defaultdict(list)
        for place in gazetteer.places.values():
            if place.extra.get("feature") == "A.ADM2":
                self.area_seats[_seat_name(place.name)].append(place)
        self.area_seats = dict(self.area_seats)
        # Demonyms link to the country's place record (the curated one where there is one).
        self.country_place: dict[str, str] = {}
        for place in sorted(gazetteer.places.values(), key=lambda p: (p.tier, p.id)):
            if place.kind in ("country", "disputed_area") and place.country:
                self.country_place.setdefault(place.country, place.id)
        self.demonyms = {
            key: d for key, d in load_demonyms().items() if d.country in self.country_place
        }
        self.demonym_automaton = ahocorasick.Automaton()
        for key in sorted(self.demonyms):
            self.demonym_automaton.add_word(f" {_NON_WORD.sub(' ', key)} ", key)
        if len(self.demonym_automaton):
            self.demonym_automaton.make_automaton()

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

    def countries_named(self, text: str) -> set[str]:
        """The countries an article names (a demonym, the country, a sure curated place): what a
        build counts, before analysing, to learn the corpus's region."""
        folded = fold(text)
        return set(
            self._countries_named(folded, {k for _, _, k in self._raw_matches(folded, text)})
        )

    def _sure_villages(self, keys: Iterable[str]) -> list[Place]:
        """The extract's places (not areas) that are the only place of their name (five letters
        or more, not an everyday word): where a corpus's villages are."""
        out = []
        for key in keys:
            places = [p for p in self.gazetteer.lookup(key) if not p.extra.get("minor")]
            if len(places) != 1 or len(key) < 5 or key in self.common:
                continue
            place = places[0]
            if place.source == "regional" and not place.is_area:
                out.append(place)
        return out

    @staticmethod
    def areas_of(places: Iterable[Place]) -> set[str]:
        """First-level areas ("ML.04") of ``places``."""
        return {p.extra["admin1"] for p in places if p.extra.get("admin1")}

    @staticmethod
    def cells_of(places: Iterable[Place]) -> set[str]:
        """Cells of the map ("@27,-8", ``geodata.cells``) of ``places``."""
        return {cells.cell_of(p.lat, p.lon) for p in places}

    def areas_named(self, keys: Iterable[str]) -> set[str]:
        """First-level areas of the sure villages named (``_sure_villages``)."""
        return self.areas_of(self._sure_villages(keys))

    def cells_named(self, keys: Iterable[str]) -> set[str]:
        """Cells of the map of the sure villages named."""
        return self.cells_of(self._sure_villages(keys))

    def _countries_named(self, folded: str, keys: Iterable[str]) -> dict[str, set[str]]:
        """Country -> what names it: a demonym, the country itself or a sure curated place.

        Keeping the sources (demonyms, place ids) lets a place not be evidence for itself.
        """
        demonyms = cues().demonyms
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

    def _leading_name(self, key: str) -> str | None:
        """The longest known name that begins a name of several words ("menaka" in "menaka
        airport"), if any."""
        words = key.split(" ")
        for n in range(len(words) - 1, 0, -1):
            head = " ".join(words[:n])
            if len(head) >= 3 and head in self.gazetteer.names:
                return head
        return None

    def _speaks(self, key: str) -> bool:
        """The name's first candidate is a country or a union (not a state: "Victoria said"
        is a person)."""
        first = next((p for p in self.gazetteer.lookup(key) if not p.extra.get("minor")), None)
        return first is not None and first.kind in ("country", "continent_region")

    def _choose(
        self,
        key: str,
        named_by: dict[str, set[str]],
        cue: bool,
        repeated: bool,
        shouted: bool,
        prior: frozenset[str] = frozenset(),
        spatial: bool = False,
        abbrev: bool = False,
        prose: bool = False,
    ) -> tuple[Place | None, str, tuple[str, ...]]:
        g = self.gazetteer
        if key in g.forced:
            target = g.forced[key]
            if target in NO_PLACE:
                return None, "", ()
            return g.places[target], f"user override ({g.forced_where[key]})", ()
        # Minor towns (under 15,000) are taken only in the second pass, by their state.
        candidates = [p for p in g.lookup(key) if not p.extra.get("minor")]
        homonyms = {p.id for p in candidates}  # a name is no evidence for its own homonyms
        named = {p.id: bool(named_by.get(p.country, set()) - homonyms) for p in candidates}
        # The curated gazetteer wins in the region; then places in countries the article names.
        base = [p for p in candidates if p.tier <= 1] or candidates
        # Then places of the corpus's region (its prior), before the largest place elsewhere:
        # "Boni" in a note about central Mali is the Malian village, not Bonn.
        # In a corpus with a region, a country known only from a demonym ("the Senegalese
        # contingent") is weaker than that region: peacekeepers and foreign forces are named by
        # nationality. Without one, a demonym names the country as well as a place does.
        demonyms = cues().demonyms

        def named_by_a_place(p: Place) -> bool:
            return any(w not in demonyms for w in named_by.get(p.country, set()) - homonyms)

        pool = (
            ([p for p in base if named_by_a_place(p)] if prior else [])
            or [p for p in base if p.country in prior and not p.is_area]
            or [p for p in base if named[p.id]]
            or base
        )
        # Homonyms of one country: the one in a first-level area of the corpus's region first
        # ("Dialoubé" in Mopti, not its namesake in Timbuktu, in a corpus about central Mali).
        in_area = {p.id for p in pool if p.extra.get("admin1", "-") in prior}
        # A place GeoNames gives a population (a town, a market village) still goes before
        # unpopulated namesakes there: "Bougouni" is the town of 35,000. Among the rest, the one
        # whose own name is spelt most like the text ("Dialloube": Dialoubé, then Dyaloubé).
        # A population on a point GeoNames puts in no first-level area (a "Diré" of 10,943 in
        # the west, far from the town on the Niger) is not evidence.
        # Then the seat of the second-level area named like it ("Kéniéba", the seat of Kéniéba
        # Cercle, before the villages of that name): the namesake nearest the area's point.
        # Last, the namesake in or next to a cell of the map the corpus names often.
        seats = self._seats(key, pool)
        near = cells.near_corpus(pool, prior) if len(pool) > 1 else set()
        by_cell = bool(near) and len(near) < len(pool)
        if len(pool) > 1 and (in_area or seats or by_cell):
            pool = sorted(
                pool,
                key=lambda p: (
                    p.population <= 0 or not p.extra.get("admin1"),
                    p.id not in in_area,
                    p.id not in seats,
                    -fuzz.ratio(fold(p.name), key),
                    p.id not in near,
                ),
            )
        # An all-capitals word ("SENNA" in a photo credit) is as weak as a common word.
        common = key in self.common or shouted
        for place in pool:
            border = ""
            if prior and place.country not in prior and place.kind in SMALL_KINDS:
                border = self.borders.at_border_of(place, prior)
            in_prior = place.country in prior or bool(border)
            why = self._evidence(
                place, key, named[place.id], cue, repeated, common, in_prior, abbrev, prose
            )
            if not why and spatial and not shouted and _everyday_but_a_city(place, key):
                why = (
                    f"GeoNames world data; a city of {place.population:,} after a spatial "
                    "preposition (its name is also an everyday word)"
                )
            if why:
                if place.id in seats and len(pool) > 1:
                    why += f"; the seat of {seats[place.id]}"
                elif by_cell and place.id in near:
                    why += "; near places the corpus names often"
                if border:
                    why += f"; at the border of {border} (within {BORDER_KM:.0f} km of its places)"
                if place.id in in_area:
                    why += (
                        f"; {place.extra['admin1']}, its first-level area, is the corpus's region"
                    )
                others = tuple(p.id for p in candidates if p.id != place.id)
                if others:
                    why += f"; chosen over {len(others)} other place(s) of that name"
                return place, why, others
        return None, "", ()

    def _seats(self, key: str, pool: list[Place]) -> dict[str, str]:
        """The places of ``pool`` that are the seat of a second-level area named ``key`` (of the
        area's country, the nearest to its point within SEAT_KM), by id, with the area's name."""
        out: dict[str, str] = {}
        for area in self.area_seats.get(key, ()):
            near = [
                (context.km(p, area), p.id)
                for p in pool
                if p.country == area.country and not p.is_area
            ]
            near = [n for n in near if n[0] <= SEAT_KM]
            if near:
                out[min(near)[1]] = area.name
        return out

    @staticmethod
    def _evidence(
        place: Place,
        key: str,
        country_named: bool,
        cue: bool,
        repeated: bool,
        common: bool,
        in_prior: bool = False,
        abbrev: bool = False,
        prose: bool = False,
    ) -> str:
        label = SOURCE_LABELS.get(place.source, place.source)
        if place.source in ("curated", "override"):
            if key in place.extra.get("needs_evidence", ()) and not country_named:
                # "US" in capitals inside a sentence in lower case is the abbreviation, not
                # the word "us" of a headline in capitals.
                if not abbrev:
                    return ""
                return label + "; an abbreviation in capitals in a sentence in lower case"
            return label + (f"; {place.country} named in the article" if country_named else "")
        if common and not country_named:
            # A town of the corpus's region (10,000 people or the seat of an area) after a
            # locative in a sentence ("in Diré", "at San") stands although its name is an
            # everyday word; not in capitals or a Title Case headline, and not a point GeoNames
            # puts in no first-level area.
            town = place.source == "regional" and place.kind in ("town", "city")
            if not (town and place.extra.get("admin1") and in_prior and cue and prose):
                return ""
            return (
                f"{label}; {place.country} is the corpus's region, a locative word before it "
                f"and a {place.kind} (its name is also an everyday word)"
            )
        # A small world city named like an everyday word ("University", "Green", "March")
        # needs a locative before it, even with its country named: US stories name the US.
        small_city = place.source == "world" and place.kind == "city" and place.population < 1e5
        if common and small_city and not cue:
            return ""
        how = "a locative word before it" if cue else "named twice"
        if place.source == "regional" and place.kind in SMALL_KINDS:
            if not ((country_named or in_prior) and len(key) >= 4 and not common):
                return ""
            if not (cue or repeated):
                return ""
            where = "named in the article" if country_named else "the corpus's region"
            return f"{label}: small place, {place.country} {where} and {how}"
        evident = cue or repeated or place.population >= 1e5
        if place.source == "regional" and in_prior and not country_named and evident:
            return f"{label}; {place.country} is the corpus's region and {how}"
        # Countries, continents and the world's first-level areas ("Texas", "Queensland") stand
        # on their own name; a small town elsewhere needs its country named.
        if place.source == "world" and place.kind != "city":
            return label + (f"; {place.country} named in the article" if country_named else "")
        # A world city found by another name than its own ("Ben" for Bern, "Hamas" for Hamm)
        # needs its country named unless it is a big city.
        big = place.extra.get("big") or place.population >= BIG_CITY
        by_alias = place.source == "world" and fold(place.name) != key
        # ... and an alias of three letters or fewer ("Ben") needs it even for a big city,
        # unless it is written as an abbreviation in capitals
        if by_alias and (not big or (len(key) <= 3 and not abbrev)) and not country_named:
            return ""
        if place.source in ("regional", "world") and not country_named and place.population < 1e5:
            return ""
        if country_named:
            return f"{label}; {place.country} named in the article"
        return f"{label}; the largest place of that name (population {place.population:,})"

    def find(
        self, text: str, lines: list[Span] | None = None, prior: frozenset[str] = frozenset()
    ) -> list[Mention]:
        """Place mentions in body and caption lines (boilerplate lines are skipped).

        ``prior``: the countries the corpus is about (``corpus_prior``), weaker evidence than a
        country named in the article itself.
        """
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
        cue_words = cues()
        chosen = []
        for start, end, key in matches:
            # "the Boni area" (but not "the Danube Delta area": the whole phrase is a name)
            cue = has_cue(folded, start, cue_words) or (
                has_cue_after(folded, end, cue_words) and not _name_before(text, start)
            )
            surface = text[start:end]
            shouted = surface.isupper() and len(surface) > 3 and "." not in surface
            # "China said", "the US told", "Communist China": a country speaks through its
            # government; a country's name is not read as a person's.
            if not cue and not self._speaks(key) and _looks_like_a_surname(text, start, end, sents):
                continue
            spatial = cue and has_spatial_cue(folded, start)
            abbrev = surface.isupper() and len(surface) <= 3 and _lower_case_around(text, start)
            prose = _in_prose(text, start, end)
            place, why, others = self._choose(
                key, named_by, cue, counts[key] > 1, shouted, prior, spatial, abbrev, prose
            )
            # "Menaka Airport", "Gao Camp": a spot too small for its evidence, named after a
            # town the gazetteer knows within 50 km of it, is at least that town.
            head = self._leading_name(key) if place is None else None
            if head is not None:
                place, why, others = self._choose(
                    head, named_by, cue, counts[head] > 1, shouted, prior, spatial, abbrev, prose
                )
                spot = [p for p in self.gazetteer.lookup(key) if p.kind == "site"]
                if place is not None and any(context.km(place, p) <= 50 for p in spot):
                    why += f"; named in {surface!r}, a spot too small to place on its own"
                    key, end = head, start + len(head)
                else:
                    place = None
            chosen.append((start, end, key, place, why, others, shouted, cue))
        out = []
        for start, end, _key, place, why, others in self._near_anchors(chosen, named_by):
            sent = sentence_at(sents, start)
            surface = text[start:end]
            out.append(
                Mention.in_sentence(
                    sent,
                    start,
                    end,
                    surface,
                    place.id,
                    reason=why,
                    alternatives=others,
                )
            )
        out += self._demonyms(text, folded, sents, out)
        region = frozenset(named_by) | prior
        if region:
            out += self._variants(text, lines, sents, out, region)
            out.sort(key=lambda m: m.start)
        return out

    def _near_anchors(self, chosen: list, named_by: dict[str, set[str]]) -> list:
        """Second pass: a homonym near the article's sure places wins (``geodata.context``).

        An override stands; a curated place stands when the article names its country."""
        anchors = [
            context.Anchor(place, key)
            for _, _, key, place, _, others, _, _ in chosen
            if place is not None and context.is_anchor(place, others)
        ]
        states = context.named_states(
            (s, key, p, not others) for s, _, key, p, _, others, *_ in chosen if p is not None
        )
        out = []
        for start, end, key, place, why, others, shouted, cue in chosen:
            weak = key in self.gazetteer.forced or shouted or key in self.common
            every = self.gazetteer.lookup(key)
            candidates = [p for p in every if not p.extra.get("minor")]
            homonym_ids = {p.id for p in every}
            named = place is not None and bool(named_by.get(place.country, set()) - homonym_ids)
            curated = place is not None and place.source == "curated"
            sure = place is not None and (place.source == "override" or (curated and named))
            # A town of a state the article names ("Lancaster, Pennsylvania"; "Grand Ledge" in
            # a story that names Michigan) beats a bigger homonym elsewhere. An everyday word
            # needs a locative before it or its state right after it.
            state_ok = not (weak and key in self.common) or cue or states.right_after(end)
            if states and not sure and state_ok and key not in self.gazetteer.forced:
                hit = states.town_in(key, every, place)
                if hit is not None and not (named and hit[0].country != place.country):
                    place, area = hit
                    others = tuple(p.id for p in candidates if p.id != place.id)
                    where = (
                        f"in {area.name}, named in the article"
                        if area.extra.get("level") == 1
                        else f"in {place.extra['admin1']}, the state of {area.name}, named in "
                        "the article and the only place of its name"
                    )
                    why = (
                        f"{SOURCE_LABELS.get(place.source, place.source)}: {place.kind} {where}; "
                        f"chosen over {len(others)} other place(s) of that name"
                    )
                    out.append((start, end, key, place, why, others))
                    continue
            homonyms = place is None or len(candidates) > 1
            lost = homonyms and (place is None or context.far_from_all(place, anchors, key))
            if anchors and lost and not (weak or sure):
                # A curated place yields only to a first-level area's neighbour ("Paris" in a
                # story about Texas), not to a village near some town of the article.
                near = context.nearest(
                    key, candidates, [a for a in anchors if a.is_area or not curated]
                )
                if near is not None and (place is None or near[0].id != place.id):
                    place, anchor, d = near
                    others = tuple(p.id for p in candidates if p.id != place.id)
                    why = (
                        f"{place.source} place {d:.0f} km from {anchor.place.name}, named in "
                        f"the article; chosen over {len(others)} other place(s) of that name"
                    )
            if place is not None:
                out.append((start, end, key, place, why, others))
        return out

    def _demonyms(
        self, text: str, folded: str, sents: list[Span], found: list[Mention]
    ) -> list[Mention]:
        """ "Canadian", "Sudanese", "malien": the country, with role ``demonym`` (not drawn).

        English forms must be capitalised; French adjectives are written in lower case.
        Ambiguous forms ("Indian", "American") stay evidence for the country, not mentions.
        """
        taken = [(m.start, m.end) for m in found]
        out = []
        hits = []
        if len(self.demonym_automaton):
            spaced = f" {_NON_WORD.sub(' ', folded)} "
            for end_index, key in self.demonym_automaton.iter(spaced):
                hits.append((end_index - len(key) - 1, end_index - 1, key))
        # longest first at each start ("South Sudanese" before "Sudanese")
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        last_end = -1
        for start, end, key in hits:
            if start < last_end:
                continue
            d = self.demonyms[key]
            if d.ambiguous or any(s < end and start < e for s, e in taken):
                continue
            last_end = end
            surface = text[start:end]
            if d.form[0].isupper() and not surface[0].isupper():
                continue
            sent = sentence_at(sents, start)
            if sent is None or sent.kind == "boilerplate":
                continue
            place = self.gazetteer.places[self.country_place[d.country]]
            out.append(
                Mention.in_sentence(
                    sent,
                    start,
                    end,
                    surface,
                    place.id,
                    reason=f"demonym {surface!r} of {place.name} (geodata/demonyms.csv)",
                    role="demonym",
                )
            )
        return out

    def _variants(
        self, text: str, lines: list[Span], sents: list[Span], found: list[Mention], region
    ) -> list[Mention]:
        """Unplaced names after a locative cue, matched as spelling variants in the region."""
        known = [(m.start, m.end) for m in found]
        out = []
        countries = {c for c in region if len(c) == 2}
        around = frozenset(n for c in countries for n in neighbours(c)) - countries
        for start, end, name in unknown_place_candidates(text, lines, known):
            variant = self.variants.match(name, region)
            border = ""
            if variant is None and around:
                variant = self.variants.match(name, around)
                if variant is not None:
                    border = self.borders.at_border_of(
                        self.gazetteer.places[variant.place_id], countries
                    )
                    if not border:
                        continue
            if variant is None:
                continue
            place = self.gazetteer.places[variant.place_id]
            sent = sentence_at(sents, start)
            out.append(
                Mention.in_sentence(
                    sent,
                    start,
                    end,
                    name,
                    place.id,
                    reason=(
                        f"spelling variant of {place.name!r} (GeoNames {place.country}, "
                        f"similarity {variant.score:.0f}/100), searched only in "
                        f"{', '.join(sorted(region))}: named in the article or the corpus's region"
                        + (
                            f"; in {place.country}, at the border of {border} (within "
                            f"{BORDER_KM:.0f} km of its places)"
                            if border
                            else ""
                        )
                    ),
                )
            )
        return out
