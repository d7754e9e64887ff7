"""``python -m dashboard``: build the index, export places and events, look up a place.

Errors of ours become one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import DatabaseError

from articles.errors import NewsMapError
from dashboard import eventtypes, export, ingest_cli
from dashboard.store import index as ix
from dashboard.store import queries
from geodata.budget import DEFAULT_BUDGET_SECONDS

DEFAULT_CORPUS = ix.REPO_ROOT / "articles" / "corpus"
DB_HELP = f"index file or SQLAlchemy URL (default: ${ix.DB_ENV} or {ix.DEFAULT_DB.name})"

EXAMPLES = {
    "build": "examples:\n  python -m dashboard build\n"
    "  python -m dashboard build --corpus my/articles --db /tmp/index.sqlite --online\n"
    "  python -m dashboard build --db postgresql://newsmap@db/newsmap --executor dask "
    "--scheduler tcp://10.0.0.5:8786",
    "export": "examples:\n  python -m dashboard export places --format geojson > places.geojson\n"
    "  python -m dashboard export events --format csv --since 2023-01-01 --until 2023-12-31\n"
    "  python -m dashboard export events --format json --place 2377450",
    "geocode": "examples:\n  python -m dashboard geocode 'El Guerguerat'\n"
    "  python -m dashboard geocode Tichitt --online\n",
    "places": "examples:\n  python -m dashboard places Nouakchott\n  python -m dashboard places "
    "'El Guerguerat' --since 2022-01-01",
}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", type=_date, help="from this date (YYYY-MM-DD), inclusive")
    p.add_argument("--until", type=_date, help="up to this date (YYYY-MM-DD), inclusive")
    p.add_argument(
        "--kind",
        action="append",
        default=[],
        choices=list(eventtypes.groups()),
        help="only events of this kind (ACLED's event types, or cooperation); repeatable",
    )
    p.add_argument("--db", help=DB_HELP)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Map dashboard of news events: index, exports and look-ups.",
        epilog="Run `python -m dashboard COMMAND --help` for each command's options.",
    )
    sub = top.add_subparsers(dest="command", required=True)
    fmt = argparse.RawDescriptionHelpFormatter

    b = sub.add_parser(
        "build",
        help="build the index from the corpus",
        description="Parse the articles, find and geocode places, extract events, and write "
        "the index (incremental; swapped in atomically).",
        epilog=EXAMPLES["build"],
        formatter_class=fmt,
    )
    b.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of *.md articles")
    b.add_argument("--db", help=DB_HELP)
    b.add_argument(
        "--online",
        action="store_true",
        help="ask an online geocoder (Nominatim) for place names the gazetteer lacks",
    )
    b.add_argument(
        "--geocoder-url",
        default="https://nominatim.openstreetmap.org",
        help="Nominatim base URL for --online (default: %(default)s)",
    )
    b.add_argument(
        "--retry-errors",
        action="store_true",
        help="with --online, ask again the names whose earlier answer was an error or a timeout",
    )
    b.add_argument(
        "--online-budget",
        type=float,
        default=DEFAULT_BUDGET_SECONDS,
        metavar="SECONDS",
        help="with --online, the most time all requests of this build may take together; names "
        "left are 'not asked' and asked by a later --retry-errors build (default: %(default)g)",
    )
    b.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="where articles are analysed: local processes (default) or a Dask cluster",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --executor dask, the Dask scheduler's address (tcp://HOST:8786)",
    )
    b.add_argument("--quiet", action="store_true", help="no progress bar")

    e = sub.add_parser(
        "export",
        help="export places or events",
        description="Write places (GeoJSON, CSV) or events (JSON, CSV) to stdout or a file.",
        epilog=EXAMPLES["export"],
        formatter_class=fmt,
    )
    e.add_argument("what", choices=("places", "events"))
    e.add_argument("--format", choices=("geojson", "csv", "json"), required=True)
    e.add_argument("--place", help="events at this place id only (events)")
    e.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    _add_filters(e)

    p = sub.add_parser(
        "places",
        help="a place's articles and the sentences that name it",
        description="Look a place up by name (any alias, accents optional) or id.",
        epilog=EXAMPLES["places"],
        formatter_class=fmt,
    )
    p.add_argument("place", help="a place name, alias or id")
    _add_filters(p)

    g = sub.add_parser(
        "geocode",
        help="geocode a name with the offline gazetteer (and Nominatim with --online)",
        description="Look a name up through geopy: the embedded gazetteer first (offline), then "
        "Nominatim when --online is given and the gazetteer has no answer.",
        epilog=EXAMPLES["geocode"],
        formatter_class=fmt,
    )
    g.add_argument("name")
    g.add_argument("--online", action="store_true", help="fall back to Nominatim")
    g.add_argument("--geocoder-url", default="https://nominatim.openstreetmap.org")
    ingest_cli.add_subcommands(sub, fmt)
    return top


def cmd_build(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from dashboard.build.pipeline import build_index
    from geodata.cache import lazy_matcher

    if args.executor == "dask" and not args.scheduler:
        raise NewsMapError("--executor dask needs --scheduler tcp://HOST:PORT")
    if args.executor == "dask" and args.online:
        raise NewsMapError(
            "--executor dask does not combine with --online (the geocoder's rate "
            "limit and cache live in this process)"
        )
    if args.scheduler and args.executor != "dask":
        raise NewsMapError("--scheduler goes with --executor dask")
    online = None
    if args.online:
        from geodata.online import online_finder

        online = online_finder(
            args.geocoder_url, retry_errors=args.retry_errors, budget_seconds=args.online_budget
        )
    summary = build_index(
        args.corpus,
        args.db,
        matcher=lazy_matcher(),  # loaded only if some article needs analysis
        scheduler=args.scheduler,
        online=online,
        progress=lambda it: tqdm(it, desc="articles", unit="file", disable=args.quiet or None),
    )
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in summary.errors:
        print(f"rejected: {error}", file=sys.stderr)
    for line in summary.lines():
        print(line)
    url = ix.resolve_db(args.db)
    print(f"index: {ix.sqlite_path(url) or url.render_as_string(hide_password=True)}")
    return 1 if summary.rejected else 0


def _filters(args: argparse.Namespace) -> queries.Filters:
    if args.since and args.until and args.since > args.until:
        raise NewsMapError(f"--since {args.since} is after --until {args.until}")
    return queries.Filters(
        since=args.since, until=args.until, event_groups=tuple(getattr(args, "kind", ()))
    )


def cmd_export(args: argparse.Namespace) -> int:
    allowed = {"places": ("geojson", "csv"), "events": ("json", "csv")}[args.what]
    if args.format not in allowed:
        raise NewsMapError(f"export {args.what}: --format must be one of {', '.join(allowed)}")
    f = _filters(args)
    engine = ix.open_index(args.db)
    with engine.connect() as conn:
        if args.what == "places":
            rows = queries.place_summaries(conn, f)
            if args.format == "geojson":
                text = json.dumps(export.places_geojson(rows), ensure_ascii=False, indent=2)
            else:
                text = export.places_csv(rows)
        else:
            rows = queries.events(conn, f, place_id=args.place)
            text = export.events_json(rows) if args.format == "json" else export.events_csv(rows)
    if args.output:
        args.output.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    else:
        sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
    return 0


def cmd_places(args: argparse.Namespace) -> int:
    f = _filters(args)
    engine = ix.open_index(args.db)
    with engine.connect() as conn:
        found = queries.find_places(conn, args.place)
        if not found:
            raise NewsMapError(f"no place named {args.place!r} in the index")
        for place in found:
            print(
                f"{place['name']} [{place['id']}] {place['kind']}, {place['country'] or '-'} "
                f"({place['lat']:.4f}, {place['lon']:.4f})"
            )
            for art in queries.place_articles(conn, place["id"], f):
                print(f"  {art.published} {art.outlet} ({art.language}): {art.title}")
                print(f"    {art.url}")
                for sentence, _start, _end, kind in art.sentences:
                    tag = " [caption]" if kind == "caption" else ""
                    print(f"    - {sentence}{tag}")
    return 0


def cmd_geocode(args: argparse.Namespace) -> int:
    from geodata.cache import load_matcher
    from geodata.geocoding import GazetteerGeocoder, MemoryCache, OnlineGeocoder

    gazetteer = load_matcher().gazetteer
    locations = GazetteerGeocoder(gazetteer.lookup).geocode(args.name, exactly_one=False) or []
    for loc in locations:
        raw = loc.raw
        print(
            f"{raw['name']} [{raw['id']}] {raw['kind']}, {raw['country'] or '-'} "
            f"({loc.latitude:.4f}, {loc.longitude:.4f}) from {raw['source']}"
        )
    if locations or not args.online:
        if not locations:
            raise NewsMapError(f"{args.name!r} is not in the gazetteer (try --online)")
        return 0
    online = OnlineGeocoder(args.geocoder_url, cache=MemoryCache())
    answer = online.lookup(args.name)
    if answer.status != "ok":
        raise NewsMapError(f"{args.name!r}: {answer.status} from {online.url} {answer.error or ''}")
    print(f"{answer.display_name} ({answer.lat:.4f}, {answer.lon:.4f}) from {online.provider}")
    return 0


COMMANDS = {
    "build": cmd_build,
    "export": cmd_export,
    "places": cmd_places,
    "geocode": cmd_geocode,
    "add": ingest_cli.cmd_add,
    "feed": ingest_cli.cmd_feed,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except NewsMapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a disk error outside the index (an -o file, a corpus folder)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except DatabaseError as exc:  # the index failed while being read (I/O error, locked)
        where = ix.resolve_db(getattr(args, "db", None))
        print(f"error: {where.database or where}: {exc.orig}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # A build writes a new file and swaps it in only at the end: the old index stands.
        print("error: interrupted; the index was left as it was", file=sys.stderr)
        return 130
