"""The place of each ACLED conflict note from Mali: is the village found, within the radius?

    python bench/acled_places.py [--errors 30]

Reads ``../shared/devdata/events/acled-mali-2017-2019-dev.csv`` (see its README). Each note is
analysed as an English article on its own, with the full gazetteer; a note is a hit when some
place the matcher links to it lies within 25 km of ACLED's point for geo_precision 1 (the town
itself) or 50 km for geo_precision 2 (near it). geo_precision 3 (a region) is reported apart,
at 50 km. geotext runs on the same notes, its names placed with the same gazetteer.
Prints the hit rates, the misses by class and example location names.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devdata import acled_notes, devdata_dir, km  # noqa: E402, I001
from geoparse import geotext_system, ours  # noqa: E402

from geodata.cache import load_matcher  # noqa: E402
from geodata.matcher import corpus_prior, named_country_counts  # noqa: E402

RADIUS = {1: 25.0, 2: 50.0, 3: 50.0}


def learn_prior(matcher, texts: list[str]) -> frozenset[str]:
    """What the build does: count the countries the texts name."""
    return corpus_prior(named_country_counts(matcher, texts))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", type=int, default=25, help="example names per class")
    args = ap.parse_args(argv)
    root = devdata_dir()
    if root is None or not (root / "events").is_dir():
        print("bench/acled_places.py: no ../shared/devdata/events here; skipped")
        return 0
    notes = acled_notes(root)
    matcher = load_matcher()
    print(f"ACLED Mali notes, {dt.date.today().isoformat()}: {len(notes)} notes")
    print(
        f"{'system':8} {'precision 1-2':>14} {'precision 3':>12} {'any place':>10} {'ms/note':>8}"
    )
    prior = learn_prior(matcher, [n.notes for n in notes])
    print(f"corpus prior learnt from a first pass: {', '.join(sorted(prior)) or 'none'}")
    systems = (
        ("newsmap", ours(matcher, prior)),
        ("no prior", ours(matcher)),
        ("geotext", geotext_system(matcher)),
    )
    for name, system in systems:
        hits = Counter()
        totals = Counter()
        any_place = 0
        misses: dict[str, Counter] = {}
        seconds = 0.0
        for note in notes:
            t0 = time.perf_counter()
            found = system(note.notes)
            seconds += time.perf_counter() - t0
            group = "3" if note.geo_precision >= 3 else "1-2"
            totals[group] += 1
            any_place += bool(found)
            radius = RADIUS.get(note.geo_precision, 50.0)
            ok = any(km(note.lat, note.lon, f[3], f[4]) <= radius for f in found)
            hits[group] += ok
            if not ok and group == "1-2":
                named = note.location.lower() in note.notes.lower()
                if not found:
                    cls = "no place found" + (" (location named)" if named else "")
                elif named:
                    cls = "location named, other places found"
                else:
                    cls = "location not named in the note, other places found"
                misses.setdefault(cls, Counter())[note.location] += 1
        print(
            f"{name:8} {hits['1-2'] / totals['1-2']:8.2f} ({hits['1-2']}/{totals['1-2']}) "
            f"{hits['3'] / max(1, totals['3']):6.2f} ({hits['3']}/{totals['3']}) "
            f"{any_place / len(notes):10.2f} {1000 * seconds / len(notes):8.1f}"
        )
        if name == "newsmap":
            for cls, names in sorted(misses.items(), key=lambda kv: -kv[1].total()):
                top = ", ".join(f"{k} ({v})" for k, v in names.most_common(args.errors))
                print(f"   {names.total():4}  {cls}: {top}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
