"""RSS/Atom feeds into the corpus: the feeds file, a lock for cron, one report per feed.

The feeds file (``feeds.txt`` in the corpus folder) holds one feed URL a line (``#`` starts a
comment). An entry is new unless its canonical URL is one the corpus (or the same-story ledger)
already holds, or its text is a near-duplicate of an article of the same language: a second run
over the same feeds adds nothing and fetches only the feeds.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from articles.errors import NewsMapError
from articles.ingest.feed import FeedEntry, parse_feed
from dashboard.fetch import Fetched, check_url, fetch
from dashboard.ingest import Given, Known, Outcome, add_draft, draft_from_page

FEEDS_FILE = "feeds.txt"
LOCK_FILE = ".feed.lock"


class FeedLocked(NewsMapError, BlockingIOError):
    """Another ``feed`` run holds the corpus's lock."""


def read_feeds(corpus: Path) -> list[str]:
    path = corpus / FEEDS_FILE
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def remember_feeds(corpus: Path, urls: list[str]) -> list[str]:
    """Append to the feeds file the URLs it does not hold yet; return those."""
    for url in urls:
        check_url(url)
    have = set(read_feeds(corpus))
    new = [u for u in dict.fromkeys(urls) if u not in have]
    if new:
        path = corpus / FEEDS_FILE
        start = "" if not path.exists() or path.read_text("utf-8").endswith("\n") else "\n"
        with path.open("a", encoding="utf-8") as out:
            out.write(start + "".join(f"{u}\n" for u in new))
    return new


@contextmanager
def feed_lock(corpus: Path) -> Iterator[None]:
    """Hold the corpus's feed lock (released when the process ends, even killed)."""
    fd = os.open(corpus / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FeedLocked(
                f"{corpus / LOCK_FILE}: another feed run holds the lock; try again later"
            ) from None
        yield
    finally:
        os.close(fd)


@dataclass
class FeedReport:
    url: str
    outcomes: list[Outcome] = field(default_factory=list)
    error: str | None = None  # the feed itself could not be read

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failed(self) -> bool:
        return self.error is not None or self.count("failed") > 0

    def line(self) -> str:
        if self.error:
            return f"{self.url}: failed: {self.error}"
        return (
            f"{self.url}: {self.count('added')} added, {self.count('skipped')} skipped, "
            f"{self.count('failed')} failed"
        )


def _entry(
    entry: FeedEntry, outlet: str | None, known: Known, fetcher: Callable[[str], Fetched]
) -> Outcome:
    if urlsplit(entry.link).scheme not in ("http", "https"):
        return Outcome(entry.link or "(no link)", "failed", "entry link is not an http(s) URL")
    seen = known.seen(entry.link)
    if seen:
        return Outcome(entry.link, "skipped", f"already seen ({seen})")
    try:
        draft = draft_from_page(fetcher(entry.link))
    except NewsMapError as exc:
        return Outcome(entry.link, "failed", getattr(exc, "reason", None) or _problem(exc))
    # The feed fills what the page does not say; the page's own metadata comes first.
    fill = {"title": entry.title, "outlet": outlet, "published": entry.published}
    draft = draft.with_values(**{k: v for k, v in fill.items() if getattr(draft, k) is None})
    if draft.extra.get("published_from") is None and entry.published:
        draft = draft.with_values(
            published_precision="day", extra={**draft.extra, "published_from": "feed"}
        )
    return add_draft(draft, Given(), known)


def _problem(exc: NewsMapError) -> str:
    return getattr(exc, "problem", None) or str(exc)


def run_feed(
    url: str, known: Known, fetcher: Callable[[str], Fetched] = fetch, progress=lambda it: it
) -> FeedReport:
    """Every entry of one feed not seen before, added to ``known.corpus``."""
    report = FeedReport(url)
    try:
        feed = parse_feed(fetcher(url).body, url)
    except NewsMapError as exc:
        report.error = getattr(exc, "reason", None) or _problem(exc)
        return report
    for entry in progress(feed.entries):
        report.outcomes.append(_entry(entry, feed.title, known, fetcher))
    return report
