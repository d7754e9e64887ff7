"""Benchmark event extraction on ACLED conflict notes from Mali (internal dev data, not shipped).

    python bench/events_acled.py [--limit N] [--errors N]

Reads ``../shared/devdata/events/acled-mali-2017-2019-dev.csv`` next to the repository (or
``$NEWSMAP_DEVDATA/events/…``); prints a message and exits 0 when it is absent. Scoring as the
dev README says: each note is an English article published two days after its event_date; a hit
is ONE event of that article whose date range holds event_date (spanning at most a day where
time_precision is 1) and that has a place within 50 km of ACLED's point. Places come from the
real matcher (``geodata.cache.load_matcher``) through
``dashboard.build.analysis.analyse_article``, the function the index build runs on every
article. Prints shares, error classes and time per note; never prints note texts beyond the few
shown as examples of each error class (``--examples``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from devdata import devdata_dir, km  # noqa: E402, I001

from articles.dates import find_dates  # noqa: E402
from articles.reader import Article  # noqa: E402
from articles.text import segment_lines  # noqa: E402
from dashboard.build.analysis import analyse_article  # noqa: E402
from dashboard.eventtypes import groups  # noqa: E402
from geodata.cache import load_matcher  # noqa: E402
from geodata.matcher import corpus_prior, named_country_counts  # noqa: E402

RELATIVE = Path("events") / "acled-mali-2017-2019-dev.csv"
PUBLISHED_AFTER = dt.timedelta(days=2)
MAX_KM = 50.0

# our kinds of event (articles/lexicon/event_groups.yaml) -> ACLED's event_type families (the
# start of ACLED's event_type in these notes); the types of each kind are the product's own.
ACLED_GROUP = {
    "battles": "Battle",
    "explosions_remote_violence": "Remote violence",
    "violence_against_civilians": "Violence against civilians",
    "protests_riots": "Riots/Protests",
    "strategic_developments": "Strategic development",
}
ACLED_FAMILY = {
    t: ACLED_GROUP[g] for g, spec in groups().items() if g in ACLED_GROUP for t in spec["types"]
}

# our organisation ids -> the words that name them in ACLED's actor1/actor2 columns
ACLED_ACTOR: dict[str, str | tuple[str, ...]] = {
    "unidentified-gunmen": "Unidentified Armed Group",
    "suspected-jihadists": "Unidentified Armed Group",
    "jnim": "JNIM",
    "ml-armed-forces": "Military Forces of Mali",
    "ml-police": "Police Forces of Mali",
    "barkhane": "Military Forces of France",
    "isgs": "Islamic State",
    "dozo": "Dozo",
    "gatia": "GATIA",
    "fulani-militia": "Fulani Ethnic Militia",
    "dogon-militia": ("Dogon Ethnic Militia", "Dan Na Ambassagou"),
    "dan-na-ambassagou": "Dan Na Ambassagou",
    "cma": "CMA",
    "mnla": "CMA",
    "msa": "MSA",
    "minusma": "MINUSMA",
    "alliance-salvation-sahel": "Alliance for the Salvation of the Sahel",
    "civilians": "Civilians",
    "protesters": "Protesters",
    "rioters": "Rioters",
    "fulani-civilians": "Civilians",
    "dogon-civilians": "Civilians",
}


def actor_agrees(event: dict, party: str, gold: str) -> bool | None:
    """Does one of the event's ``party`` actors name ACLED's actor? None: no known ACLED name."""

    def names(org_id: str | None) -> tuple[str, ...]:
        value = ACLED_ACTOR.get(org_id or "", ())
        return (value,) if isinstance(value, str) else value

    if not any(word in gold for org_id in ACLED_ACTOR for word in names(org_id)):
        return None
    ours = [a.get("org_id") for a in event.get("actors", []) if a.get("party") == party]
    return any(word in gold for o in ours for word in names(o))


def acled_family(event_type: str) -> str:
    for family in ("Battle", "Remote violence", "Violence against civilians", "Riots/Protests"):
        if event_type.startswith(family):
            return family
    if event_type.startswith(("Explosions", "Remote")):
        return "Remote violence"
    if event_type.startswith(("Protests", "Riots")):
        return "Riots/Protests"
    return event_type


def note_article(row: dict, day: dt.date, dateline: str = "") -> Article:
    return Article(
        id=f"acled-{row['data_id']}",
        path=f"acled/{row['data_id']}.md",
        title="",
        outlet=row.get("source", ""),
        url="",
        published=day + PUBLISHED_AFTER,
        published_precision="day",
        language="en",
        body=(f"{dateline} " if dateline else "") + row["notes"].strip() + "\n",
        content_hash="",
    )


def day_ok(event: dict, day: dt.date, precision: int) -> bool:
    if not event.get("date_start"):
        return False
    start = dt.date.fromisoformat(event["date_start"])
    end = dt.date.fromisoformat(event.get("date_end") or event["date_start"])
    if not start <= day <= end:
        return False
    return precision != 1 or (end - start).days <= 1


def place_km(event: dict, places: dict, lat: float, lon: float) -> float | None:
    distances = [
        km(places[p].lat, places[p].lon, lat, lon)
        for p in [*event.get("place_ids", []), *event.get("area_ids", [])]
        if p in places and places[p].lat is not None
    ]
    return min(distances) if distances else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N notes")
    parser.add_argument("--examples", type=int, default=0, help="example notes per error class")
    parser.add_argument(
        "--dateline",
        default="",
        help="diagnostic only, not the acceptance figure: text put before each note (e.g. "
        "'MALI -' to see what naming the country, as most news does, changes for places)",
    )
    args = parser.parse_args()
    root = devdata_dir()
    path = (root or REPO.parent / "shared" / "devdata") / RELATIVE
    if not path.exists():
        print(f"dev data not found at {path}: nothing to measure (set NEWSMAP_DEVDATA)")
        return 0
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if args.limit:
        rows = rows[: args.limit]
    print(f"run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {path.name}")
    if args.dateline:
        print(f"DIAGNOSTIC: every note starts with {args.dateline!r} (not the acceptance figure)")
    t0 = time.perf_counter()
    matcher = load_matcher()
    print(f"matcher loaded in {time.perf_counter() - t0:.1f} s")
    # The corpus's region, learnt as the build learns it (countries the notes name).
    prior = corpus_prior(named_country_counts(matcher, [r["notes"] for r in rows]))
    print(f"corpus region learnt from the notes: {', '.join(sorted(prior)) or 'none'}")

    counts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    types_ok = types_n = fat_ok = fat_n = fat_false = fat_zero = 0
    roles_ok: Counter[str] = Counter()
    roles_n: Counter[str] = Counter()
    elapsed = 0.0
    for row in rows:
        day = dt.datetime.strptime(row["event_date"], "%d %B %Y").date()
        precision = int(row["time_precision"] or 1)
        lat, lon = float(row["latitude"]), float(row["longitude"])
        article = note_article(row, day, args.dateline)
        t = time.perf_counter()
        analysis = analyse_article(article, matcher, segment_lines(article.body), prior=prior)
        elapsed += time.perf_counter() - t
        found = analysis.payload["events"]
        places = analysis.places
        good_day = [e for e in found if day_ok(e, day, precision)]
        near = [
            e for e in found if (d := place_km(e, places, lat, lon)) is not None and d <= MAX_KM
        ]
        both = [e for e in good_day if e in near]
        counts["notes"] += 1
        counts["event"] += bool(found)
        counts["day"] += bool(good_day)
        counts["place"] += bool(near)
        counts["both"] += bool(both)
        counts["one_both"] += len(found) == 1 and bool(both)
        counts["several"] += len(found) > 1
        # the bounds the extraction cannot pass: a day stated in the note, a place the matcher finds
        stated = [d for d in find_dates(article.body, article.published, "en") if d.date_start]
        day_stated = any(
            d.date_start <= day <= (d.date_end or d.date_start)
            and (precision != 1 or ((d.date_end or d.date_start) - d.date_start).days <= 1)
            for d in stated
        )
        place_found = any(
            km(p.lat, p.lon, lat, lon) <= MAX_KM for p in places.values() if p.lat is not None
        )
        counts["day_stated"] += day_stated
        counts["place_found"] += place_found
        counts["both_bound"] += day_stated and place_found
        if not found:
            error = "no event found"
        elif len(found) > 1 and both:
            error = "several events (one right)"
        elif not good_day:
            error = "wrong day"
        elif not any(place_km(e, places, lat, lon) is not None for e in good_day):
            error = "no place"
        elif not both:
            error = "place far"
        else:
            error = ""
        if error:
            errors[error] += 1
            if len(examples.setdefault(error, [])) < args.examples:
                shown = [(e["type"], e["date_start"], e["place_ids"]) for e in found]
                examples[error].append(
                    f"{row['event_date']} {row['location']}: {row['notes']}\n      -> {shown}"
                )
        best = (both or good_day or found or [None])[0]
        if best is not None:
            types_n += 1
            ours = ACLED_FAMILY.get(best["type"], best["type"])
            types_ok += ours == acled_family(row["event_type"])
            for party, column in (("actor1", "actor1"), ("actor2", "actor2")):
                agrees = actor_agrees(best, party, row[column])
                if agrees is not None:
                    roles_n[party] += 1
                    roles_ok[party] += agrees
            gold = int(row["fatalities"] or 0)
            if gold > 0:
                fat_n += 1
                fat_ok += best.get("fatalities") == gold
            else:
                fat_zero += 1
                fat_false += bool(best.get("fatalities"))
    n = counts["notes"] or 1

    def share(key: str) -> str:
        return f"{counts[key]:4d}  {counts[key] / n:6.1%}"

    print(f"notes                                   {counts['notes']:4d}")
    print(f"with an event                           {share('event')}")
    print(f"with an event on the right day          {share('day')}")
    print(f"with an event with a place within 50 km {share('place')}")
    print(f"with both in one event                  {share('both')}")
    print(f"ONE event, right day and place (goal)   {share('one_both')}")
    print(f"notes with more than one event          {share('several')}")
    print(f"bound: the note states the day          {share('day_stated')}")
    print(f"bound: matcher finds a place in 50 km   {share('place_found')}")
    print(f"bound: both (the most the goal can be)  {share('both_bound')}")
    print(
        f"event type agrees with ACLED family     {types_ok:4d}/{types_n}  "
        f"{types_ok / max(types_n, 1):6.1%}"
    )
    print(
        f"fatalities exact (ACLED > 0)            {fat_ok:4d}/{fat_n}  "
        f"{fat_ok / max(fat_n, 1):6.1%}"
    )
    print(
        f"fatalities stated where ACLED has none  {fat_false:4d}/{fat_zero}  "
        f"{fat_false / max(fat_zero, 1):6.1%}"
    )
    for party in ("actor1", "actor2"):
        print(
            f"{party} agrees with ACLED's (known names) {roles_ok[party]:4d}/{roles_n[party]}  "
            f"{roles_ok[party] / max(roles_n[party], 1):6.1%}"
        )
    print(f"time per note                           {1000 * elapsed / n:.2f} ms")
    print("misses by class:")
    for error, count in errors.most_common():
        print(f"  {error:30s} {count:4d}  {count / n:6.1%}")
        for line in examples.get(error, []):
            print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
