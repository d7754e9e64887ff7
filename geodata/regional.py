"""The Sahel extract: village-level GeoNames places for the region, derived once into geodata/.

Rebuild it from the GeoNames country dumps (never read at run time)::

    python -m geodata.regional --src ../shared/geonames --out geodata/regional.tsv

Kept: populated places, first- and second-level admin areas, and named spots that news from the
Sahel names (border posts, airports, camps, military bases, forts, wells, oases, passes).
Alternate names go through the same filter as world cities (no codes, no frequent words, Latin or
Arabic script only).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from articles.errors import GazetteerError
from geodata.place import Place
from geodata.world import frequent_words, usable_alias

COLUMNS = (
    "id",
    "name",
    "kind",
    "country",
    "lat",
    "lon",
    "population",
    "feature",
    "admin1",
    "aliases",
)
SPOT_CODES = frozenset(
    {
        "S.PSTB",  # border post
        "S.AIRP",
        "S.AIRF",
        "S.CMP",  # camp
        "S.CMPRF",  # refugee camp
        "S.MILB",
        "S.INSM",  # military installation
        "S.FT",  # fort
        "H.WLL",
        "H.WLLQ",
        # Sahelian settlements are often on the dumps only as the water hole, wadi, lake or
        # ruin they are named after (Gossi is a ruin and a lake there): kept as spots.
        "H.WTRH",  # water hole
        "H.WAD",  # wadi
        "H.LK",  # lake
        "S.RUIN",
        "H.OAS",
        "T.OAS",
        "T.PASS",
    }
)
ADMIN_CODES = frozenset({"A.ADM1", "A.ADM2"})
SKIPPED_PPL = frozenset({"PPLX", "PPLH", "PPLQ", "PPLW", "PPLCH"})  # sections, historical, ruined


def kind_of(feature: str, population: int) -> str | None:
    """Our kind for a GeoNames feature class.code, or None when the row is not kept."""
    cls, _, code = feature.partition(".")
    if cls == "P":
        if code in SKIPPED_PPL:
            return None
        if population >= 100_000 or code == "PPLC":
            return "city"
        if population >= 10_000 or code in ("PPLA", "PPLA2"):
            return "town"
        return "village"
    if feature in ADMIN_CODES:
        return "admin_area"
    if feature in SPOT_CODES:
        return "site"
    return None


def extract_rows(lines: Iterable[str], frequent: frozenset[str]) -> Iterator[dict]:
    """Rows of the extract from lines of a GeoNames ``geoname`` dump."""
    for line in lines:
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 19:
            continue
        population = int(cols[14] or 0)
        feature = f"{cols[6]}.{cols[7]}"
        kind = kind_of(feature, population)
        if kind is None:
            continue
        name = cols[1]
        aliases = [
            a
            for a in dict.fromkeys([cols[2], *cols[3].split(",")])
            if a and a != name and usable_alias(a, frequent)
        ]
        yield {
            "id": cols[0],
            "name": name,
            "kind": kind,
            "country": cols[8],
            "lat": cols[4],
            "lon": cols[5],
            "population": population,
            "feature": feature,
            "admin1": cols[10],
            "aliases": "|".join(aliases),
        }


def write_extract(sources: list[Path], out: Path) -> int:
    frequent = frequent_words()
    count = 0
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for src in sorted(sources):
            with src.open(encoding="utf-8") as lines:
                for row in extract_rows(lines, frequent):
                    writer.writerow(row)
                    count += 1
    tmp.replace(out)
    return count


def _admin1(row: dict) -> str:
    """GeoNames' ``CC.A1`` code of the row's first-level area ("ML.04", Mopti), or ""."""
    code = (row.get("admin1") or "").strip()
    return f"{row['country']}.{code}" if code and code != "00" else ""


def load_regional(path: Path, problems: list[str] | None = None) -> list[Place]:
    """The extract's places; with a ``problems`` list a bad row is recorded and skipped."""
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot be read: {exc.strerror}") from None
    out = []
    with fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t"), 2):
            try:
                if None in row or None in row.values():
                    raise ValueError("wrong number of columns")
                lat, lon = float(row["lat"]), float(row["lon"])
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValueError(f"({lat}, {lon}) is not a valid lat, lon")
                out.append(
                    Place(
                        id=row["id"],
                        name=row["name"],
                        kind=row["kind"],
                        country=row["country"],
                        lat=lat,
                        lon=lon,
                        population=int(row["population"] or 0),
                        aliases=tuple(a for a in row["aliases"].split("|") if a),
                        source="regional",
                        coord_source=f"geonames:{row['id']}",
                        extra={"feature": row["feature"], "admin1": _admin1(row)},
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                message = f"{path.name} line {n}: {exc}"
                if problems is None:
                    raise GazetteerError(message) from None
                problems.append(f"{message}: row skipped")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geodata.regional",
        description="Derive the Sahel extract from GeoNames country dumps.",
        epilog="example: python -m geodata.regional --src ../shared/geonames",
    )
    parser.add_argument("--src", type=Path, required=True, help="folder of GeoNames XX.txt dumps")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("regional.tsv"))
    args = parser.parse_args(argv)
    sources = [p for p in args.src.glob("*.txt") if len(p.stem) == 2 and p.stem.isupper()]
    if not sources:
        print(f"{args.src}: no GeoNames country dumps (XX.txt) found", file=sys.stderr)
        return 1
    count = write_extract(sources, args.out)
    print(f"{args.out}: {count} places from {len(sources)} country dumps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
