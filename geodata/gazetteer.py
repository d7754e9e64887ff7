"""The gazetteer: curated regional places, the GeoNames extract, world cities and user overrides.

Sources are merged by id (a better tier wins) into one ``Gazetteer`` with a folded-name index.
``overrides.csv`` is applied last and wins over everything.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from articles.errors import GazetteerError
from articles.text import fold
from geodata.place import KINDS, Place
from geodata.regional import load_regional
from geodata.world import WORLD_AREAS_TSV, load_world, load_world_areas

GEODATA_DIR = Path(__file__).parent
CURATED_CSV = GEODATA_DIR / "gazetteer.csv"
REGIONAL_TSV = GEODATA_DIR / "regional.tsv"
OVERRIDES_CSV = GEODATA_DIR / "overrides.csv"
ALIAS_COLUMNS = ("aliases_en", "aliases_fr", "aliases_es", "aliases_ar")
NO_PLACE = ("-", "none")
ADMIN_AREA_RANK = 1_000_000


def cache_dir() -> Path:
    """Where built artefacts (world index, matcher) are cached: ``$NEWSMAP_CACHE`` or build/."""
    return Path(os.environ.get("NEWSMAP_CACHE") or GEODATA_DIR.parent / "build" / "cache")


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _float(row: dict, key: str, where: str) -> float:
    try:
        return float(row[key])
    except (TypeError, ValueError):
        raise GazetteerError(f"{where}: {key}: {row.get(key)!r} is not a number") from None


def _problem(problems: list[str] | None, message: str) -> None:
    """Raise when strict (``problems`` is None); else record the message and go on."""
    if problems is None:
        raise GazetteerError(message)
    problems.append(message)


def read_rows(
    path: Path, problems: list[str] | None = None, delimiter: str = ","
) -> list[tuple[str, dict]]:
    """CSV rows with a ``file line N`` label for error messages (header is line 1).

    A row with more or fewer cells than the header is a problem (raised, or recorded and the
    row skipped when ``problems`` is a list).
    """
    out = []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter=delimiter)
            for row in reader:
                where = f"{path.name} line {reader.line_num}"
                width = len(reader.fieldnames or ())
                if None in row or None in row.values():
                    cells = width + len(row.get(None) or ()) - list(row.values()).count(None)
                    _problem(
                        problems,
                        f"{where}: {cells} columns where the header has {width}: row skipped",
                    )
                    continue
                out.append((where, row))
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot be read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: not UTF-8 ({exc.reason})") from None
    return out


def place_from_curated_row(row: dict, where: str) -> Place:
    kind = (row.get("kind") or "").strip()
    if kind not in KINDS:
        raise GazetteerError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    lat, lon = _float(row, "lat", where), _float(row, "lon", where)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerError(f"{where}: ({lat}, {lon}) is not a valid lat, lon")
    name = (row.get("name") or "").strip()
    if not name or not (row.get("id") or "").strip():
        raise GazetteerError(f"{where}: id and name are required")
    aliases = tuple(dict.fromkeys(a for col in ALIAS_COLUMNS for a in _split(row.get(col))))
    return Place(
        id=row["id"].strip(),
        name=name,
        kind=kind,
        country=(row.get("country") or "").strip().upper(),
        lat=lat,
        lon=lon,
        population=int(float(row.get("population") or 0)),
        aliases=tuple(a for a in aliases if a != name),
        source="curated",
        coord_source=(row.get("coord_source") or "").strip(),
        extra={"needs_evidence": frozenset(fold(n) for n in _split(row.get("needs_evidence")))},
    )


def load_curated(path: Path = CURATED_CSV, problems: list[str] | None = None) -> list[Place]:
    """The curated places; with a ``problems`` list, a bad row (a cell that is not a number, a
    latitude of 200, an id used twice) is recorded there and skipped instead of raised, and an
    alias two places share is dropped from the later one."""
    places: list[Place] = []
    first_line: dict[str, str] = {}
    alias_of: dict[str, tuple[str, str]] = {}
    for where, row in read_rows(path, problems):
        try:
            place = place_from_curated_row(row, where)
        except GazetteerError as exc:
            _problem(problems, f"{exc}: row skipped")
            continue
        if place.id in first_line:
            _problem(problems, f"{where}: id {place.id!r} already used ({first_line[place.id]})")
            continue
        first_line[place.id] = where
        kept = []
        for alias in place.aliases:
            other = alias_of.setdefault(fold(alias), (place.id, where))
            if other[0] == place.id:
                kept.append(alias)
            else:
                _problem(
                    problems,
                    f"{where}: alias {alias!r} of {place.name!r} also names place {other[0]!r} "
                    f"({other[1]}): dropped here",
                )
        places.append(
            replace(place, aliases=tuple(kept)) if len(kept) < len(place.aliases) else place
        )
    return places


@dataclass(frozen=True)
class Override:
    where: str
    name: str
    place_id: str
    fields: dict


def load_overrides(path: Path = OVERRIDES_CSV, problems: list[str] | None = None) -> list[Override]:
    """Rows of ``name,place_id,canonical,kind,country,lat,lon,note``.

    - ``name`` + ``place_id``: that name always means that place (``-`` means: never a place).
    - ``place_id`` + fields: correct that place, or add it when the id is new.

    With a ``problems`` list a bad row is recorded there and skipped instead of raised.
    """
    if not path.exists():
        return []
    out = []
    for where, row in read_rows(path, problems):
        try:
            out.append(_override(path, where, row))
        except GazetteerError as exc:
            _problem(problems, f"{exc}: row skipped")
    return out


def _override(path: Path, where: str, row: dict) -> Override:
    fields = {}
    for key in ("canonical", "kind", "country"):
        if (row.get(key) or "").strip():
            fields[key] = row[key].strip()
    for key in ("lat", "lon"):
        if (row.get(key) or "").strip():
            fields[key] = _float(row, key, f"{path}: {where}")
    if "kind" in fields and fields["kind"] not in KINDS:
        raise GazetteerError(f"{path}: {where}: kind {fields['kind']!r} is unknown")
    if not (-90 <= fields.get("lat", 0) <= 90 and -180 <= fields.get("lon", 0) <= 180):
        raise GazetteerError(
            f"{path}: {where}: ({fields.get('lat')}, {fields.get('lon')}) is not a valid lat, lon"
        )
    place_id = (row.get("place_id") or "").strip()
    if not place_id:
        raise GazetteerError(f"{path}: {where}: place_id is required")
    return Override(where, (row.get("name") or "").strip(), place_id, fields)


@dataclass
class Gazetteer:
    places: dict[str, Place]
    names: dict[str, list[str]]  # folded name -> place ids, best tier first
    forced: dict[str, str] = field(default_factory=dict)  # folded name -> place id or "-"
    forced_where: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # source rows that were skipped, and why

    def lookup(self, name: str) -> list[Place]:
        key = fold(name.strip())
        if key in self.forced:
            target = self.forced[key]
            return [] if target in NO_PLACE else [self.places[target]]
        return [self.places[i] for i in self.names.get(key, ())]


def _apply_override(places: dict[str, Place], ov: Override, source: str) -> None:
    f = ov.fields
    current = places.get(ov.place_id)
    if current is None:
        missing = [k for k in ("canonical", "kind", "lat", "lon") if k not in f]
        if len(missing) == 4:
            raise GazetteerError(
                f"{source}: {ov.where}: unknown place_id {ov.place_id!r} (not in the gazetteer; "
                "a new place needs canonical, kind, lat, lon)"
            )
        if missing:
            raise GazetteerError(
                f"{source}: {ov.where}: new place {ov.place_id!r} needs {', '.join(missing)}"
            )
        places[ov.place_id] = Place(
            id=ov.place_id,
            name=f["canonical"],
            kind=f["kind"],
            country=f.get("country", "").upper(),
            lat=f["lat"],
            lon=f["lon"],
            aliases=(ov.name,) if ov.name and ov.name != f["canonical"] else (),
            source="override",
            coord_source=f"override: {source} {ov.where}",
        )
        return
    changes: dict = {}
    if "canonical" in f:
        changes["name"] = f["canonical"]
    for key in ("kind", "country", "lat", "lon"):
        if key in f:
            changes[key] = f[key].upper() if key == "country" else f[key]
    if "lat" in f or "lon" in f:
        changes["coord_source"] = f"override: {source} {ov.where}"
    if ov.name and ov.name not in current.names():
        changes["aliases"] = (*current.aliases, ov.name)
    places[ov.place_id] = replace(current, **changes)


AREA_CODES = ("admin1", "level")  # GeoNames' first-level area code, and an area's own level


def _with_area_codes(better: Place, other: Place) -> Place:
    """The better tier's row, with the GeoNames area codes that a lower tier's row of the same
    id has and it lacks: the curated "Ségou Region" is first-level area ML.05, so a village
    "in the Segou region" is looked for there."""
    missing = {k: v for k in AREA_CODES if (v := other.extra.get(k)) and not better.extra.get(k)}
    return replace(better, extra={**better.extra, **missing}) if missing else better


def build_gazetteer(
    sources: Iterable[Iterable[Place]],
    overrides: Iterable[Override] = (),
    overrides_label="",
    problems: list[str] | None = None,
) -> Gazetteer:
    """Merge place sources by id (the better tier wins) and index every name, folded.

    With a ``problems`` list, an override that points at no place is recorded and skipped.
    """
    places: dict[str, Place] = {}
    for source in sources:
        for place in source:
            kept = places.get(place.id)
            if kept is None:
                places[place.id] = place
            elif place.tier < kept.tier:
                places[place.id] = _with_area_codes(place, kept)
            else:
                places[place.id] = _with_area_codes(kept, place)
    overrides = list(overrides)
    forced: dict[str, str] = {}
    forced_where: dict[str, str] = {}
    for ov in overrides:
        if ov.place_id not in NO_PLACE and (ov.fields or ov.place_id not in places):
            try:
                _apply_override(places, ov, overrides_label)
            except GazetteerError as exc:
                _problem(problems, f"{exc}: row skipped")
                continue
        if ov.name:
            if ov.place_id not in NO_PLACE and ov.place_id not in places:
                _problem(
                    problems,
                    f"{overrides_label}: {ov.where}: unknown place_id {ov.place_id!r}: row skipped",
                )
                continue
            forced[fold(ov.name)] = ov.place_id
            forced_where[fold(ov.name)] = f"{overrides_label} {ov.where}"
    names: dict[str, list[str]] = defaultdict(list)
    for place in places.values():
        for name in {fold(n) for n in place.names()}:
            if len(name) >= 2:
                names[name].append(place.id)
    rank = {kind: n for n, kind in enumerate(("city", "town", "village", "site"))}

    def size(place: Place) -> int:
        # First-level areas carry no population: rank them as a big city would be ranked, so
        # "Ontario" is the province before the Californian city, and New York City (8 M)
        # still comes before the state.
        if place.kind == "admin_area" and place.extra.get("big") and not place.population:
            return ADMIN_AREA_RANK
        return place.population

    for key, ids in names.items():
        # Curated and overridden places first; then the larger place, whatever its source;
        # among equals, the place this is the main name of ("Koro" the town, not a village
        # with "Koro" among its aliases), then the bigger kind (a cercle seat before a hamlet).
        ids.sort(
            key=lambda i: (
                places[i].tier > 1,
                -size(places[i]),
                fold(places[i].name) != key,
                rank.get(places[i].kind, -1),
                places[i].tier,
                i,
            )
        )
    return Gazetteer(places, dict(names), forced, forced_where, tuple(problems or ()))


def default_sources(
    with_world: bool = True, problems: list[str] | None = None
) -> list[Iterable[Place]]:
    """The curated gazetteer, the regional GeoNames extract and (optionally) world cities."""
    sources: list[Iterable[Place]] = [load_curated(CURATED_CSV, problems)]
    if REGIONAL_TSV.exists():
        sources.append(load_regional(REGIONAL_TSV, problems))
    if with_world:
        sources += [load_world_areas(WORLD_AREAS_TSV, problems), load_world(cache_dir())]
    return sources


def source_files() -> list[Path]:
    world_areas = GEODATA_DIR / "world_areas.tsv"
    files = (CURATED_CSV, REGIONAL_TSV, OVERRIDES_CSV, world_areas, GEODATA_DIR / "demonyms.csv")
    return [p for p in files if p.exists()]


def load_gazetteer(with_world: bool = True) -> Gazetteer:
    """Every source; a bad row is skipped and named in ``Gazetteer.problems`` (the build says
    so), never fatal."""
    problems: list[str] = []
    sources = default_sources(with_world, problems)
    overrides = load_overrides(OVERRIDES_CSV, problems)
    return build_gazetteer(sources, overrides, str(OVERRIDES_CSV.name), problems)
