"""Place finding on public annotated English news nobody here tuned for, against geotext.

    python bench/geoparse.py [--sets GWN,LGL] [--errors 25]

Reads ``../shared/devdata/geo`` (GeoWebNews, TR-News, LGL, GeoVirus dev halves; see its README)
and scores as that README says: per article, the distinct gold coordinates against the distinct
coordinates of the places linked to the article; a match is within 161 km; recall, precision and
F1 pooled over the articles of a set and over all sets. Demonym links ("Canadian") are scored
separately: ``with demonyms`` counts the countries they link, as the index links them.
Span recall: the share of literal gold toponyms that some mention overlaps.

geotext runs on the same texts in the same run; its names are placed with the same gazetteer
(a country at its country point, a city at the largest place of that name), so the difference
is in finding, not in the coordinates. Prints an error table of the misses by class.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devdata import GWN_LITERAL, GWN_NOT_GOLD, GeoDoc, devdata_dir, geo_docs, km  # noqa: E402, I001

from articles.actors import find_actors  # noqa: E402
from articles.text import fold, segment_lines  # noqa: E402
from dashboard.build.analysis import place_mentions  # noqa: E402
from geodata.cache import load_matcher  # noqa: E402
from geodata.matcher import PlaceMatcher  # noqa: E402

RADIUS_KM = 161.0
Point = tuple[float, float]
#: What a system says of one text: (start, end, surface, lat, lon, kind, role) per mention.
Found = list[tuple[int, int, str, float, float, str, str]]


def ours(matcher: PlaceMatcher, prior: frozenset[str] = frozenset()) -> Callable[[str], Found]:
    places = matcher.gazetteer.places

    def run(text: str) -> Found:
        lines = segment_lines(text)
        out = []
        for m in place_mentions(text, matcher, lines, find_actors(text, "en"), prior):
            p = places[m.place_id]
            out.append((m.start, m.end, m.surface, p.lat, p.lon, p.kind, m.role))
        return out

    return run


def geotext_system(matcher: PlaceMatcher) -> Callable[[str], Found]:
    from geotext import GeoText

    g = matcher.gazetteer

    def place(name: str, kind: str):
        cands = [p for p in g.lookup(name) if (p.kind == "country") == (kind == "country")]
        return max(cands, key=lambda p: p.population) if cands else None

    def run(text: str) -> Found:
        found = GeoText(text)
        out = []
        for kind, names in (("country", found.countries), ("city", found.cities)):
            for name in dict.fromkeys(names):
                p = place(name, kind)
                if p is None:
                    continue
                for m in re.finditer(rf"\b{re.escape(name)}\b", text):
                    out.append((m.start(), m.end(), name, p.lat, p.lon, p.kind, "place"))
        return out

    return run


def gold_points(doc: GeoDoc) -> list[Point]:
    pts = {
        (p.lat, p.lon)
        for p in doc.places
        if p.lat is not None and p.lon is not None and p.type not in GWN_NOT_GOLD
    }
    return sorted(pts)


def _matched(points: Iterable[Point], others: list[Point]) -> int:
    return sum(any(km(*a, *b) <= RADIUS_KM for b in others) for a in points)


class Score:
    def __init__(self) -> None:
        self.gold = self.gold_hit = self.pred = self.pred_hit = 0
        self.literal = self.literal_hit = 0

    def add(self, gold: list[Point], pred: list[Point]) -> None:
        self.gold += len(gold)
        self.gold_hit += _matched(gold, pred)
        self.pred += len(pred)
        self.pred_hit += _matched(pred, gold)

    def prf(self) -> tuple[float, float, float]:
        r = self.gold_hit / self.gold if self.gold else 0.0
        p = self.pred_hit / self.pred if self.pred else 0.0
        return r, p, (2 * p * r / (p + r) if p + r else 0.0)


def _literal(doc: GeoDoc):
    return [p for p in doc.places if doc.corpus != "GWN" or p.type in GWN_LITERAL]


#: Continents, oceans, seas and named regions, for the error table only.
_REGIONS = re.compile(
    r"\b(asia|europe|africa|america|americas|oceania|antarctica|atlantic|pacific|indian ocean|"
    r"arctic|mediterranean|middle east|caribbean|gulf|sea|ocean|balkans|scandinavia|"
    r"latin america|sahel|sahara|east|west|north|south)\b"
)


def _error_class(gold, found: Found, countries: set[str], admins: set[str]) -> str:
    """Why a gold place was missed, from what overlaps its span and what its name is."""
    name = fold(gold.name)
    over = [f for f in found if f[0] < gold.end and gold.start < f[1]]
    if over:
        kind = over[0][5]
        if over[0][6] == "demonym" or kind == "country":
            return "country point far" if name in countries else "found, wrong place (country)"
        if kind == "admin_area":
            return "admin area point far"
        return "homonym picked"
    if name not in countries and re.search(r"(ian|ese|ish|ean|can)s?$", name):
        return "demonym not found"
    if re.fullmatch(r"[A-Z.]{2,6}", gold.name.replace(" ", "")):
        return "abbreviation not found"
    if name in countries:
        return "country not found"
    if name in admins:
        return "admin area not found"
    if _REGIONS.search(name):
        return "continent/sea/region not found"
    return "other place not found (city, village, spot)"


def _names(matcher: PlaceMatcher, kind: str) -> set[str]:
    return {fold(n) for p in matcher.gazetteer.places.values() if p.kind == kind for n in p.names()}


def run_set(docs: list[GeoDoc], system: Callable[[str], Found], errors: Counter | None, ctx):
    with_demonyms, without = Score(), Score()
    seconds = 0.0
    for doc in docs:
        t0 = time.perf_counter()
        found = system(doc.text)
        seconds += time.perf_counter() - t0
        gold = gold_points(doc)
        pts_all = sorted({(f[3], f[4]) for f in found})
        pts_places = sorted({(f[3], f[4]) for f in found if f[6] != "demonym"})
        with_demonyms.add(gold, pts_all)
        without.add(gold, pts_places)
        for g in _literal(doc):
            with_demonyms.literal += 1
            with_demonyms.literal_hit += any(f[0] < g.end and g.start < f[1] for f in found)
        if errors is not None:
            for f in found:
                if not any(km(*gp, f[3], f[4]) <= RADIUS_KM for gp in gold):
                    ctx[2].setdefault("false positive", Counter())[f[2]] += 1
            for g in doc.places:
                if g.lat is None or g.type in GWN_NOT_GOLD:
                    continue
                if not any(km(g.lat, g.lon, f[3], f[4]) <= RADIUS_KM for f in found):
                    cls = _error_class(g, found, ctx[0], ctx[1])
                    errors[cls] += 1
                    ctx[2].setdefault(cls, Counter())[g.name] += 1
    return with_demonyms, without, seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", help="comma-separated subset of GWN,TR-News,LGL,GeoVirus")
    ap.add_argument("--errors", type=int, default=8, help="example names per error class")
    args = ap.parse_args(argv)
    root = devdata_dir()
    if root is None or not (root / "geo").is_dir():
        print("bench/geoparse.py: no ../shared/devdata/geo here (set NEWSMAP_DEVDATA); skipped")
        return 0
    sets = geo_docs(root)
    if args.sets:
        sets = {k: v for k, v in sets.items() if k in args.sets.split(",")}
    matcher = load_matcher()
    systems = {"newsmap": ours(matcher), "geotext": geotext_system(matcher)}
    countries, admins = _names(matcher, "country"), _names(matcher, "admin_area")
    print(f"geoparse bench, {dt.date.today().isoformat()}: places within {RADIUS_KM:.0f} km")
    header = f"{'set':10} {'system':8} {'docs':>5} {'R':>5} {'P':>5} {'F1':>5}"
    print(header + f" {'F1 w/o dem':>10} {'span R':>7} {'ms/doc':>7}")
    errors: Counter = Counter()
    examples: dict[str, Counter] = {}
    pooled = {name: (Score(), Score()) for name in systems}
    for set_name, docs in sets.items():
        for name, system in systems.items():
            err = errors if name == "newsmap" else None
            ctx = (countries, admins, examples)
            a, b, seconds = run_set(docs, system, err, ctx)
            for total, part in zip(pooled[name], (a, b), strict=True):
                for attr in vars(total):
                    setattr(total, attr, getattr(total, attr) + getattr(part, attr))
            r, p, f = a.prf()
            span = a.literal_hit / a.literal if a.literal else 0.0
            print(
                f"{set_name:10} {name:8} {len(docs):5} {r:5.2f} {p:5.2f} {f:5.2f} "
                f"{b.prf()[2]:10.2f} {span:7.2f} {1000 * seconds / len(docs):7.1f}"
            )
    for name, (a, b) in pooled.items():
        r, p, f = a.prf()
        span = a.literal_hit / a.literal if a.literal else 0.0
        print(
            f"{'pooled':10} {name:8} {sum(map(len, sets.values())):5} {r:5.2f} {p:5.2f} "
            f"{f:5.2f} {b.prf()[2]:10.2f} {span:7.2f}   (R {r:.3f} P {p:.3f} F1 {f:.3f})"
        )
    total = sum(errors.values())
    print(f"\nnewsmap: gold places missed by class ({total} misses)")
    for cls, n in errors.most_common():
        top = ", ".join(f"{k} ({v})" for k, v in examples[cls].most_common(args.errors))
        print(f"  {n:5}  {100 * n / total:4.1f} %  {cls}: {top}")
    fps = examples.get("false positive", Counter())
    print(f"\nnewsmap: mentions with no gold place within {RADIUS_KM:.0f} km ({fps.total()})")
    print("  " + ", ".join(f"{k} ({v})" for k, v in fps.most_common(5 * args.errors)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
