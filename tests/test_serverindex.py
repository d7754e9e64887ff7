"""A shared index on a real PostgreSQL server: written in place, in batches, one build at a
time, while readers keep reading."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from subprocess import PIPE

import pytest
from sqlalchemy import create_engine, text
from support import DATA, REPO, WORLD, write_article

from dashboard.build.pipeline import build_index
from dashboard.store import index as ix
from dashboard.store import write as store
from geodata.gazetteer import build_gazetteer, load_curated
from geodata.matcher import PlaceMatcher


def rows(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


#: What a server index and a SQLite index built from the same corpus hold alike.
SAME = (
    "select article_id, place_id, surface, start_offset from mentions order by 1, 4",
    "select id, type, title, cast(date_start as text) from events order by id",
    "select event_id, article_id, sentence from event_sources order by 1, 2, 3",
    "select id, name from places order by id",
    "select id, name from actors order by id",
)


def data_version(url: str) -> int:
    return int(ix.data_version(ix.resolve_db(url)).removeprefix("db:"))


def test_only_new_and_changed_articles_are_written_in_batches(
    corpus, pg_url, mini_matcher, monkeypatch
):
    monkeypatch.setattr(store, "BATCH", 1)
    build_index(corpus, pg_url, matcher=mini_matcher)
    assert data_version(pg_url) == 3  # one transaction per article, then the swap
    mention_ids = "select article_id, id from mentions order by id"
    before = rows(pg_url, mention_ids)

    write_article(corpus, "rabat.md", "Nouakchott hosted the fourth session.\n")
    write_article(corpus, "atar.md", "Delegates met in Es-Semara.\n")
    summary = build_index(corpus, pg_url, matcher=mini_matcher)
    assert (summary.indexed, summary.skipped) == (2, 1)
    assert data_version(pg_url) == 3 + 2 + 1
    after = rows(pg_url, mention_ids)
    # the unchanged article's rows are the same rows; the changed one's were replaced
    assert [r for r in after if r[0] == "smara.fr"] == [r for r in before if r[0] == "smara.fr"]
    old_rabat = {r[1] for r in before if r[0] == "rabat"}
    assert old_rabat and not old_rabat & {r[1] for r in after}
    assert rows(pg_url, "select surface from mentions where article_id = 'rabat'") == [
        ("Nouakchott",)
    ]
    assert rows(pg_url, "select count(*) from places where name = 'Rabat'") == [(0,)]

    (corpus / "smara.fr.md").unlink()
    (corpus / "atar.md").unlink()
    summary = build_index(corpus, pg_url, matcher=mini_matcher)
    assert summary.removed == 2 and data_version(pg_url) == 3 + 2 + 1 + 1  # only the swap
    assert rows(pg_url, "select id from articles") == [("rabat",)]
    assert rows(pg_url, "select distinct article_id from mentions") == [("rabat",)]


def test_a_reader_is_not_blocked_by_a_build_and_sees_the_last_commit(corpus, pg_url, mini_matcher):
    build_index(corpus, pg_url, matcher=mini_matcher)
    tables = ("articles", "mentions", "places", "events", "event_sources", "actors")
    count = " union all ".join(f"select '{t}', count(*) from {t}" for t in tables)
    reader = create_engine(pg_url, isolation_level="REPEATABLE READ")
    with reader.connect() as conn, ThreadPoolExecutor(1) as pool:
        before = [tuple(r) for r in conn.execute(text(count))]  # its snapshot starts here
        write_article(corpus, "third.md", "Shots were fired near Smara.\n")
        (corpus / "rabat.md").unlink()
        # A build that locked the tables (DROP, TRUNCATE) would wait for this reader: timeout.
        summary = pool.submit(build_index, corpus, pg_url, matcher=mini_matcher).result(60)
        assert (summary.indexed, summary.removed) == (1, 1)
        assert [tuple(r) for r in conn.execute(text(count))] == before
        conn.rollback()
    reader.dispose()
    assert rows(pg_url, "select id from articles order by id") == [("smara.fr",), ("third",)]


def test_a_build_that_fails_before_the_swap_is_made_whole_by_the_next(
    corpus, tmp_path, pg_url, mini_matcher, monkeypatch
):
    build_index(corpus, pg_url, matcher=mini_matcher)
    write_article(corpus, "third.md", "Shots were fired near Smara.\n")

    def explode(*args, **kwargs):
        raise RuntimeError("server gone")

    with monkeypatch.context() as patch:
        patch.setattr(store, "merge_extractions", explode)
        with pytest.raises(RuntimeError, match="server gone"):
            build_index(corpus, pg_url, matcher=mini_matcher)
    assert rows(pg_url, "select count(*) from articles") == [(3,)]  # its batch is in
    again = build_index(corpus, pg_url, matcher=mini_matcher)
    assert not again.unchanged and again.indexed == 3
    alone = tmp_path / "alone.sqlite"
    build_index(corpus, alone, matcher=mini_matcher)
    for sql in SAME:
        assert rows(pg_url, sql) == rows(f"sqlite:///{alone}", sql), sql


def _matcher() -> PlaceMatcher:
    matcher = PlaceMatcher(build_gazetteer([load_curated(DATA / "mini_gazetteer.csv"), WORLD]))
    matcher.fingerprint = "mini"
    return matcher


#: One build in its own Python process (not multiprocessing: after an AppTest, spawn would run
#: the app as the child's __main__); the wait message goes to stderr, the count to stdout.
BUILD = """
import sys
from pathlib import Path
from subprocess import PIPE
from test_serverindex import _matcher
from dashboard.build.pipeline import build_index
summary = build_index(Path(sys.argv[1]), sys.argv[2], matcher=_matcher())
print(f"done: {summary.indexed}")
"""


def _start_build(corpus: Path, url: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    command = [sys.executable, "-c", BUILD, str(corpus), url]
    return subprocess.Popen(command, env=env, cwd=REPO, stdout=PIPE, stderr=PIPE, text=True)


def _waiting_builds(url: str) -> int:
    query = "select count(*) from pg_locks where locktype = 'advisory' and not granted"
    return rows(url, query)[0][0]


def test_two_builds_at_once_take_turns_and_leave_a_whole_index(corpus, tmp_path, pg_url):
    other = tmp_path / "other"
    other.mkdir()
    write_article(other, "rabat.md", "Nouakchott hosted the fourth session.\n")
    write_article(other, "atar.md", "Shots were fired near Smara.\n")
    write_article(other, "lisbon.md", "Rabat and Lisbon signed an agreement.\n")
    holder = create_engine(pg_url)
    with holder.connect() as conn:  # hold the builds' lock until both are waiting for it
        conn.execute(text("select pg_advisory_lock(:key)"), {"key": store.LOCK_KEY})
        builds = [_start_build(c, pg_url) for c in (corpus, other)]
        try:
            deadline = time.monotonic() + 180
            while _waiting_builds(pg_url) < 2:
                assert time.monotonic() < deadline, "the two builds never waited for the lock"
                ended = [b.communicate() for b in builds if b.poll() is not None]
                assert not ended, f"a build ended before taking the lock: {ended}"
                time.sleep(0.1)  # polling the server's lock table
        finally:
            conn.execute(text("select pg_advisory_unlock(:key)"), {"key": store.LOCK_KEY})
            conn.commit()
    holder.dispose()
    outputs = [b.communicate(timeout=180) for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert sorted(out.strip() for out, _ in outputs) == ["done: 2", "done: 3"]
    assert all("another build" in err and "waiting" in err for _, err in outputs)

    # Whichever build ran last, the index is exactly what a build of its corpus alone writes.
    ids = [r[0] for r in rows(pg_url, "select id from articles order by id")]
    last = corpus if ids == ["rabat", "smara.fr"] else other
    assert ids in (["rabat", "smara.fr"], ["atar", "lisbon", "rabat"])
    alone = tmp_path / "alone.sqlite"
    build_index(last, alone, matcher=_matcher())
    for sql in SAME:
        assert rows(pg_url, sql) == rows(f"sqlite:///{alone}", sql), sql
