"""RSS/Atom feeds to entries, with feedparser (pure: bytes in, entries out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import feedparser

from articles.ingest import IngestError


@dataclass(frozen=True)
class FeedEntry:
    link: str
    title: str | None
    published: dt.date | None


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: list[FeedEntry]


def _date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        # Only keys the entry has: feedparser maps a missing one to the other, with a warning.
        value = dict.get(entry, key)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def parse_feed(data: bytes, url: str) -> Feed:
    """The feed's entries (links as written: the caller checks them); ``IngestError`` when
    the data is not a feed."""
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None) or "unreadable"
        raise IngestError(url, f"not a readable RSS/Atom feed: {reason}")
    if not parsed.entries and not parsed.feed.get("title"):
        raise IngestError(url, "not an RSS/Atom feed: no channel and no entries")
    entries = []
    for item in parsed.entries:
        link = (item.get("link") or "").strip()
        entries.append(FeedEntry(link, (item.get("title") or "").strip() or None, _date(item)))
    return Feed((parsed.feed.get("title") or "").strip() or None, entries)
