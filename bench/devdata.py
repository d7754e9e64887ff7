"""Readers for the public annotated dev data in ``../shared/devdata`` (never copied here).

Each reader returns plain records; the benches score them. The folder is found beside the
repository (``../shared/devdata``) or at ``$NEWSMAP_DEVDATA``; ``devdata_dir()`` is None when
it is absent, and the benches then print a message and exit 0.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geodata.place import great_circle_km as km  # noqa: E402, F401  (the benches' distance)


def devdata_dir() -> Path | None:
    path = Path(os.environ.get("NEWSMAP_DEVDATA") or REPO.parent / "shared" / "devdata")
    return path if path.is_dir() else None


@dataclass(frozen=True)
class GoldPlace:
    name: str
    start: int  # 0-based, end exclusive, aligned to the text
    end: int
    lat: float | None
    lon: float | None
    type: str = "Literal"  # GeoWebNews' toponym type; the other sets have only literal ones


@dataclass(frozen=True)
class GeoDoc:
    corpus: str
    doc: str
    text: str
    places: tuple[GoldPlace, ...]


def _f(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _align(text: str, phrase: str, start: int) -> int:
    """TR-News/LGL offsets drift by a few characters: find the phrase nearest the given start."""
    if text[start : start + len(phrase)] == phrase:
        return start
    for delta in range(1, 12):
        for s in (start - delta, start + delta):
            if s >= 0 and text[s : s + len(phrase)] == phrase:
                return s
    return start


def _gwn(path: Path) -> list[GeoDoc]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        places = []
        for t in art.iter("toponym"):
            places.append(
                GoldPlace(
                    name=t.findtext("extractedName") or "",
                    start=int(t.findtext("start")),
                    end=int(t.findtext("end")),
                    lat=_f(t.findtext("latitude")),
                    lon=_f(t.findtext("longitude")),
                    type=t.findtext("type") or "",
                )
            )
        docs.append(GeoDoc("GWN", art.get("file", str(len(docs))), text, tuple(places)))
    return docs


def _gaztag(path: Path, corpus: str) -> list[GeoDoc]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        places = []
        for t in art.iter("toponym"):
            phrase = (t.findtext("phrase") or "").strip()
            tag = t.find("gaztag")
            lat = _f(tag.findtext("lat")) if tag is not None else None
            lon = _f(tag.findtext("lon")) if tag is not None else None
            start = _align(text, phrase, int(t.findtext("start")))
            places.append(GoldPlace(phrase, start, start + len(phrase), lat, lon))
        docs.append(GeoDoc(corpus, art.get("docid", str(len(docs))), text, tuple(places)))
    return docs


def _geovirus(path: Path) -> list[GeoDoc]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        places = []
        for loc in art.iter("location"):
            start, end = int(loc.findtext("start")) - 1, int(loc.findtext("end")) - 1
            places.append(
                GoldPlace(
                    loc.findtext("name") or "",
                    start,
                    end,
                    _f(loc.findtext("lat")),
                    _f(loc.findtext("lon")),
                )
            )
        docs.append(GeoDoc("GeoVirus", str(len(docs)), text, tuple(places)))
    return docs


GEO_SETS = {
    "GWN": ("GWN-dev.xml", _gwn),
    "TR-News": ("TR-News-dev.xml", lambda p: _gaztag(p, "TR-News")),
    "LGL": ("lgl-dev.xml", lambda p: _gaztag(p, "LGL")),
    "GeoVirus": ("GeoVirus-dev.xml", _geovirus),
}

#: GeoWebNews types that are not gold places for the coordinate score (the dev README).
GWN_NOT_GOLD = frozenset({"Demonym", "Language", "Non_Toponym"})
#: GeoWebNews types that are literal toponyms, for span recall.
GWN_LITERAL = frozenset({"Literal", "Literal_Modifier", "Embedded_Literal", "Coercion", "Mixed"})


def geo_docs(root: Path) -> dict[str, list[GeoDoc]]:
    out = {}
    for name, (file, reader) in GEO_SETS.items():
        if (root / "geo" / file).exists():
            out[name] = reader(root / "geo" / file)
    return out


@dataclass(frozen=True)
class AcledNote:
    row: int
    event_date: dt.date
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    location: str
    lat: float
    lon: float
    geo_precision: int
    notes: str
    fatalities: int


def acled_notes(root: Path) -> list[AcledNote]:
    path = root / "events" / "acled-mali-2017-2019-dev.csv"
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            out.append(
                AcledNote(
                    row=n,
                    event_date=dt.datetime.strptime(row["event_date"].strip(), "%d %B %Y").date(),
                    time_precision=int(row.get("time_precision") or 1),
                    event_type=row.get("event_type", ""),
                    sub_event_type=row.get("sub_event_type", ""),
                    actor1=row.get("actor1", ""),
                    actor2=row.get("actor2", ""),
                    location=row.get("location", ""),
                    lat=float(row["latitude"]),
                    lon=float(row["longitude"]),
                    geo_precision=int(row.get("geo_precision") or 1),
                    notes=row.get("notes", ""),
                    fatalities=int(row.get("fatalities") or 0),
                )
            )
    return out
