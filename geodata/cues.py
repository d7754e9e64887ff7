"""Words around place names: the evidence the matcher and the unknown-name finder share.

Word lists are data (``articles/lexicon/places.yaml``); this module only reads them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from articles import lexicon
from articles.text import fold

_WORD = re.compile(r"[\w']+", re.UNICODE)


@cache
def common_words(top_n: int = 10000) -> frozenset[str]:
    """Folded frequent words of English, French and Spanish: names among them need evidence."""
    from wordfreq import top_n_list

    return frozenset(fold(w) for lang in ("en", "fr", "es") for w in top_n_list(lang, top_n))


@dataclass(frozen=True)
class Cues:
    """Words around a name that say it is a location (``articles/lexicon/places.yaml``)."""

    locatives: frozenset[str]  # "in", "near", "à": the word just before
    settlement_nouns: frozenset[str]  # "village", "commune": "the village of X"
    joiners: frozenset[str]  # "of", "de": between a settlement noun and the name
    demonyms: dict[str, str]  # folded form -> country
    directions: frozenset[str] = frozenset()  # "central", "north", "km": where around it
    of_nouns: frozenset[str] = frozenset()  # "mayor", "habitants": "the mayor of X"
    after_nouns: frozenset[str] = frozenset()  # "area", "forest": "the Boni area"


DEMONYMS_CSV = Path(__file__).with_name("demonyms.csv")


@dataclass(frozen=True)
class Demonym:
    form: str  # as written in the table ("Canadian", "malienne")
    country: str  # ISO 3166-1 alpha-2
    ambiguous: bool  # "Indian", "American", "Georgian": evidence only, never a mention


def load_demonyms(path: Path = DEMONYMS_CSV) -> dict[str, Demonym]:
    """Folded form -> demonym, from ``geodata/demonyms.csv`` (every country, EN and FR)."""
    out: dict[str, Demonym] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            country = (row.get("country") or "").strip().upper()
            ambiguous = (row.get("ambiguous") or "").strip().lower() == "yes"
            for col in ("en", "fr"):
                for form in filter(None, (f.strip() for f in (row.get(col) or "").split("|"))):
                    out.setdefault(fold(form), Demonym(form, country, ambiguous))
    return out


@cache
def cues() -> Cues:
    data = lexicon.load("places")

    def words(key: str) -> frozenset[str]:
        return frozenset(fold(w) for ws in data.get(key, {}).values() for w in ws)

    demonyms = {key: d.country for key, d in load_demonyms().items()}
    demonyms.update(
        (fold(form), country)
        for country, forms in data.get("demonyms", {}).items()
        for form in forms
    )
    return Cues(
        words("locatives"),
        words("settlement_nouns"),
        words("joiners"),
        demonyms,
        words("directions"),
        words("of_nouns"),
        words("after_nouns"),
    )


#: Prepositions that put a place, never a person, after them: the cue a name that is also an
#: everyday word ("in Oxford", "near Reading") needs (not "to", "from", "at": "talked to Warren").
SPATIAL_WORDS = frozenset({"in", "near", "outside", "dans", "pres"})


def has_spatial_cue(folded: str, start: int) -> bool:
    """``in``, ``near``, ``outside``, ``dans``, ``près (de)`` just before ``start``."""
    before = _WORD.findall(folded[max(0, start - 12) : start])
    if before and before[-1] in ("de", "d'") and len(before) > 1:
        before = before[:-1]
    return bool(before) and before[-1] in SPATIAL_WORDS


def has_cue(folded: str, start: int, cue_words: Cues) -> bool:
    """A locative word just before ``start`` ("in X", "near X", "à X", "in central X"), a
    settlement noun or a direction ("the village of X", "la commune de X", "45 km north of X",
    "au nord de X"), or "between X and" before a second name."""
    before = _WORD.findall(folded[max(0, start - 60) : start])
    if not before:
        return False
    last = before[-1]
    if last in cue_words.locatives or last in cue_words.settlement_nouns:
        return True
    # "in central Bankass", "dans le nord Mali": a locative, then where in the place
    if last in cue_words.directions and len(before) > 1 and before[-2] in cue_words.locatives:
        return True
    nouns = cue_words.settlement_nouns | cue_words.directions | cue_words.of_nouns
    if last in cue_words.joiners and len(before) > 1 and before[-2] in nouns:
        return True
    # "between Boni and Hombori", "entre X et Y": the second name has the first's cue.
    return last in ("and", "et") and any(w in ("between", "entre") for w in before[-5:-2])


def has_cue_after(folded: str, end: int, cue_words: Cues) -> bool:
    """A noun of place right after the name: "the Boni area", "the Serma forest"."""
    after = _WORD.findall(folded[end : end + 20])
    return bool(after) and folded[end : end + 1] == " " and after[0] in cue_words.after_nouns
