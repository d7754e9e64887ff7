"""``python -m dashboard add`` and ``feed``: bring articles in, then index them incrementally.

Kept apart from ``cli.py``, which only registers the two subcommands.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from functools import partial
from pathlib import Path

from articles.errors import NewsMapError
from dashboard import fetch as fetching
from dashboard.store import index as ix

# trafilatura, datasketch and py3langid take seconds to import: only `add` and `feed` pay for them
# (every command imports this module to register its subcommands).

DEFAULT_CORPUS = ix.REPO_ROOT / "articles" / "corpus"
EXAMPLES = {
    "add": "examples:\n  python -m dashboard add https://example.org/news/story.html\n"
    "  python -m dashboard add saved-page.html --url https://example.org/story --outlet 'Le Wire'\n"
    "  python -m dashboard add notes.txt --title 'Patrols resume' --outlet 'Field notes' \\\n"
    "      --url https://example.org/notes --published 2024-03-05 --language en\n"
    "  python -m dashboard add $(cat urls.txt) --corpus my/articles --db /tmp/index.sqlite",
    "feed": "examples:\n  python -m dashboard feed https://example.org/rss.xml  # read, remember\n"
    "  python -m dashboard feed --all                            # every feed in feeds.txt\n"
    "  */30 * * * * cd /srv/newsmap && .venv/bin/python -m dashboard feed --all --quiet",
}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of *.md articles")
    p.add_argument("--db", help="index to update (default: $NEWSMAP_DB or index.sqlite)")
    p.add_argument("--no-index", action="store_true", help="write the files, do not index them")
    p.add_argument("--timeout", type=float, default=fetching.TIMEOUT, help="seconds per URL")
    p.add_argument(
        "--max-bytes", type=int, default=fetching.MAX_BYTES, help="size limit of a fetched page"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def add_subcommands(sub, formatter=argparse.RawDescriptionHelpFormatter) -> None:
    """Register ``add`` and ``feed`` on the CLI's subparsers."""
    a = sub.add_parser(
        "add",
        help="add articles from URLs or files (HTML, TXT, MD) and index them",
        description="Fetch each URL (http(s) only, with a timeout and a size limit, redirects "
        "followed and recorded) or read each file, extract the text and metadata, and write a "
        "new Markdown file in the corpus. A field the page does not give is reported with the "
        "option that supplies it; the same story already in the corpus is linked, not added.",
        epilog=EXAMPLES["add"],
        formatter_class=formatter,
    )
    a.add_argument("sources", nargs="+", metavar="URL|FILE")
    a.add_argument("--title", help="the title (wins over the page's)")
    a.add_argument("--outlet", help="the outlet or site name")
    a.add_argument("--url", help="the article's URL (for a file)")
    a.add_argument("--published", type=_date, help="publication date, YYYY-MM-DD")
    a.add_argument("--language", help="language code (en, fr); detected when not given")
    _common(a)

    f = sub.add_parser(
        "feed",
        help="add the new entries of RSS/Atom feeds and index them",
        description="Read RSS/Atom feeds and add each entry not seen before (by canonical URL "
        "and by content). Feeds named here are remembered in feeds.txt in the corpus folder; "
        "--all reads every feed listed there. Holds a lock, so runs from cron never overlap. "
        "Exit status 1 when a feed or an entry failed, 0 otherwise.",
        epilog=EXAMPLES["feed"],
        formatter_class=formatter,
    )
    f.add_argument("feeds", nargs="*", metavar="URL")
    f.add_argument("--all", action="store_true", help="every feed of the feeds file")
    _common(f)


def _progress(args: argparse.Namespace, desc: str, total: int | None = None):
    from tqdm import tqdm

    def wrap(items):
        return tqdm(items, desc=desc, unit="url", total=total, disable=args.quiet or None)

    return wrap


def _index(args: argparse.Namespace) -> int:
    from dashboard.build.pipeline import build_index
    from geodata.cache import load_matcher

    summary = build_index(args.corpus, args.db, matcher=load_matcher())
    for error in summary.errors:
        print(f"rejected: {error}", file=sys.stderr)
    for line in summary.lines():
        print(line)
    return 1 if summary.rejected else 0


def _report(outcomes: list) -> None:
    for outcome in outcomes:
        stream = sys.stderr if outcome.status == "failed" else sys.stdout
        print(outcome.line(), file=stream)


def cmd_add(args: argparse.Namespace) -> int:
    from dashboard.ingest import Given, add_sources

    given = Given(args.title, args.outlet, args.url, args.published, args.language)
    fetcher = partial(fetching.fetch, timeout=args.timeout, max_bytes=args.max_bytes)
    outcomes = list(
        _progress(args, "sources", len(args.sources))(
            add_sources(args.sources, args.corpus, given, fetcher=fetcher)
        )
    )
    _report(outcomes)
    added = sum(o.status == "added" for o in outcomes)
    failed = sum(o.status == "failed" for o in outcomes)
    print(f"sources: {added} added, {len(outcomes) - added - failed} skipped, {failed} failed")
    status = 1 if failed else 0
    if added and not args.no_index:
        status = max(status, _index(args))
    return status


def cmd_feed(args: argparse.Namespace) -> int:
    from dashboard.feeds import feed_lock, read_feeds, remember_feeds, run_feed
    from dashboard.ingest import load_known

    if not args.corpus.is_dir():
        raise NewsMapError(f"{args.corpus}: corpus folder does not exist")
    if not args.feeds and not args.all:
        raise NewsMapError("feed: give feed URLs or --all")
    fetcher = partial(fetching.fetch, timeout=args.timeout, max_bytes=args.max_bytes)
    with feed_lock(args.corpus):
        remember_feeds(args.corpus, args.feeds)
        urls = list(dict.fromkeys([*args.feeds, *(read_feeds(args.corpus) if args.all else [])]))
        if not urls:
            raise NewsMapError(f"{args.corpus}/feeds.txt lists no feed")
        known = load_known(args.corpus)
        reports = []
        for url in urls:
            report = run_feed(url, known, fetcher, _progress(args, "entries"))
            _report(report.outcomes)
            print(report.line(), file=sys.stderr if report.failed else sys.stdout)
            reports.append(report)
        added = sum(r.count("added") for r in reports)
        status = 1 if any(r.failed for r in reports) else 0
        if added and not args.no_index:
            status = max(status, _index(args))
    return status
