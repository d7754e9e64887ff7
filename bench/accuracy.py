"""Precision and recall of events, places and dates on the bundled corpus.

    python bench/accuracy.py [--corpus DIR] [--verbose]

Builds a fresh index of the corpus in a temp dir with the full gazetteer, then compares it with
what a careful reader found: ``tests/expected_events.yaml`` (events, their dates and status) and
``tests/expected_places.yaml`` (every place each article names, body and captions). Prints
figures and the misses; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import select  # noqa: E402

from dashboard.build.pipeline import build_index  # noqa: E402
from dashboard.evaluation import load_expected, score  # noqa: E402
from dashboard.store import index as ix  # noqa: E402
from dashboard.store import queries  # noqa: E402
from geodata.cache import load_matcher  # noqa: E402

EXPECTED_EVENTS = REPO / "tests" / "expected_events.yaml"
EXPECTED_PLACES = REPO / "tests" / "expected_places.yaml"


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.2f} ({num}/{den})" if den else "n/a"


def place_pairs(db: Path, kind: str) -> set[tuple[str, str]]:
    """(article id, place name) pairs found in the index, for mentions of one kind."""
    engine = ix.open_index(db)
    m, p = ix.mentions.c, ix.places.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(m.article_id, p.name)
            .select_from(ix.mentions.join(ix.places, p.id == m.place_id))
            .where(m.kind == kind, m.role == "place")
        ).all()
    engine.dispose()
    return {(r.article_id, r.name) for r in rows}


def expected_place_pairs(kind: str) -> set[tuple[str, str]]:
    data = yaml.safe_load(EXPECTED_PLACES.read_text(encoding="utf-8"))["articles"]
    return {(art, name) for art, lists in data.items() for name in lists.get(kind) or ()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "articles" / "corpus")
    parser.add_argument("--verbose", action="store_true", help="list every miss and extra")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "index.sqlite"
        build_index(args.corpus, db, matcher=load_matcher())
        engine = ix.open_index(db)
        with engine.connect() as conn:
            events = queries.events(conn)
        engine.dispose()
        expected, _ = load_expected(EXPECTED_EVENTS)
        report = score(events, expected)
        hits = report.required - len(report.missed)
        matched = len(report.matched)
        print(f"events   recall {_ratio(hits, report.required)}", end="  ")
        print(f"precision {_ratio(report.found - len(report.extra), report.found)}")
        print(
            f"dates    right on matched events {_ratio(matched - len(report.wrong_dates), matched)}"
        )
        right_status = matched - len(report.wrong_status)
        print(f"status   right on matched events {_ratio(right_status, matched)}")
        print(f"places   of matched events {_ratio(matched - len(report.wrong_places), matched)}")
        wanted, listed = report.actors_expected, report.actors_listed
        print(
            f"actors   recall {_ratio(wanted - len(report.missed_actors), wanted)}"
            f"  precision {_ratio(listed - len(report.wrong_actors), listed)}"
        )
        for exp in report.missed:
            print(f"  missed event: {exp.key}")
        for ev in report.extra:
            print(f"  extra event: {ev.type} {ev.date_start} {ev.title!r}")
        for line in report.wrong_dates + report.wrong_status + report.wrong_places:
            print(f"  wrong: {line}")
        for line in report.missed_actors:
            print(f"  missed actor: {line}")
        for line in report.wrong_actors:
            print(f"  not a participant: {line}")

        if EXPECTED_PLACES.exists():
            for kind in ("body", "caption"):
                found, want = place_pairs(db, kind), expected_place_pairs(kind)
                if kind == "caption":
                    # a caption place also named in the body is counted there
                    found -= place_pairs(db, "body")
                right = found & want
                print(
                    f"places   {kind:7} recall {_ratio(len(right), len(want))}  "
                    f"precision {_ratio(len(right), len(found))}"
                )
                if args.verbose or kind == "body":
                    for art, name in sorted(want - found):
                        print(f"  missed place: {name} in {art}")
                    for art, name in sorted(found - want):
                        print(f"  extra place: {name} in {art}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
