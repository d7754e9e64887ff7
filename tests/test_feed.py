"""``python -m dashboard feed``: new, already-seen and syndicated entries, malformed feeds, the
lock and the exit status, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from news_site import serve
from support import REPO

from articles.ingest import IngestError
from articles.ingest.feed import parse_feed
from articles.reader import read_corpus
from dashboard import cli
from dashboard.feeds import FeedLocked, feed_lock, read_feeds
from dashboard.fetch import fetch
from dashboard.ingest import add_sources


@pytest.fixture(scope="module")
def site() -> str:
    with serve() as base:
        yield base


@pytest.fixture
def folder(tmp_path: Path, site: str) -> Path:
    """A corpus that already holds the border-talks story (the feed's already-seen entry)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    outcomes = list(add_sources([f"{site}/news/border-talks"], corpus))
    assert outcomes[0].status == "added"
    return corpus


def run(folder: Path, *args: str) -> int:
    return cli.main(["feed", *args, "--corpus", str(folder), "--no-index", "--quiet"])


def test_parse_feed_entries_and_dates(site):
    feed = parse_feed(fetch(f"{site}/feed.xml").body, f"{site}/feed.xml")
    assert feed.title == "Sahel Test Wire"
    assert [e.title for e in feed.entries] == ["Customs post", "Border talks", "Syndicated"]
    assert str(feed.entries[0].published) == "2024-05-02"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"this is not a feed at all <<< >>>", "not a readable RSS/Atom feed: .*syntax error"),
        (b"<html><body>a page</body></html>", "not an RSS/Atom feed"),
    ],
)
def test_parse_feed_refuses_what_is_no_feed(data, problem):
    with pytest.raises(IngestError, match=problem):
        parse_feed(data, "http://127.0.0.1/x.xml")


def test_feed_adds_new_skips_seen_and_syndicated_then_nothing(site, folder, capsys):
    assert run(folder, f"{site}/feed.xml") == 0
    out, err = capsys.readouterr()
    assert f"{site}/feed.xml: 1 added, 2 skipped, 0 failed" in out, out + err
    assert "already seen" in out and "same story as" in out
    titles = sorted(a.title for a in read_corpus(folder).articles)
    assert titles == [
        "Mauritania opens a customs post near Nouadhibou",
        "Morocco and Mauritania hold border talks in Nouakchott",
    ]
    assert read_feeds(folder) == [f"{site}/feed.xml"]  # remembered for --all

    files = sorted(folder.iterdir())
    assert run(folder, "--all") == 0
    out, _ = capsys.readouterr()
    assert f"{site}/feed.xml: 0 added, 3 skipped, 0 failed" in out
    assert sorted(folder.iterdir()) == files


def test_failed_feeds_are_named_and_set_the_exit_status(site, folder, capsys):
    feeds = [f"{site}/broken.xml", f"{site}/missing.xml", f"{site}/gone.xml", f"{site}/feed.xml"]
    assert run(folder, *feeds) == 1
    out, err = capsys.readouterr()
    assert f"{site}/broken.xml: failed: not a readable RSS/Atom feed" in err
    assert f"{site}/missing.xml: failed: HTTP 404" in err
    assert f"failed: {site}/news/missing: HTTP 404" in err
    assert f"{site}/gone.xml: 0 added, 0 skipped, 1 failed" in err
    assert f"{site}/feed.xml: 1 added, 2 skipped, 0 failed" in out  # the others still ran
    assert read_feeds(folder) == feeds


def test_a_second_run_is_refused_while_one_holds_the_lock(site, folder, capsys):
    with feed_lock(folder):
        with pytest.raises(FeedLocked), feed_lock(folder):
            pass
        # Another process (as cron would start) is refused with a message and status 2.
        code = textwrap.dedent(
            f"""
            from dashboard import cli
            raise SystemExit(cli.main(["feed", "--all", "--corpus", {str(folder)!r}]))
            """
        )
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 2
        assert "another feed run holds the lock" in done.stderr
    with feed_lock(folder):  # released
        pass


def test_feed_without_urls_or_feeds_file(folder, capsys):
    assert run(folder, "--all") == 2
    assert "feeds.txt lists no feed" in capsys.readouterr().err
    assert run(folder) == 2
    assert "give feed URLs or --all" in capsys.readouterr().err
