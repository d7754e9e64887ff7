"""Writing a build's result: whole into a new SQLite file, or in place into a server index.

A SQLite index is written in a temporary file and swapped in (``writing``): written whole
by a cold build, or, when the build copies unchanged articles, a copy of the previous file changed
in place as below, in one transaction (the unchanged articles' rows are never read into Python
nor written again). A server index (PostgreSQL) is shared and read while it is written, so it is
changed in place:

* only the rows of articles that are new or changed since the last build are written, in
  batches of ``BATCH`` articles, each its own short transaction (the article, its mentions, its
  extraction and the places they name, together);
* then one last short transaction removes what is gone (articles, places no longer named),
  rewrites the events and actors (the merge of events across articles can change any event,
  so they are replaced as a whole, which costs little next to analysing articles) and bumps
  ``meta.data_version``.

A build that fails between the two leaves the new articles in and the old events; the next build
analyses every article again (``UNFINISHED``) and writes the whole result.

Rows are deleted with ``DELETE``, never ``DROP``/``TRUNCATE``: PostgreSQL's readers then see the
last committed state and never wait for the writer (no table lock is taken). Builds of one
server index take turns through an advisory lock (``build_lock``), held by a connection, so the
server frees it if the build's process dies.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DatabaseError, OperationalError

from articles.errors import ArticleError
from articles.reader import Article
from dashboard.build.analysis import ArticleAnalysis, merge_extractions
from dashboard.store import index as ix
from dashboard.store import migrate
from dashboard.store.bulk import insert_rows
from dashboard.store.indexfile import IndexFileError, remove_leftovers
from dashboard.store.records import article_row, mention_row, place_row
from geodata.place import Place

#: Articles written per transaction into a server index.
BATCH = 200
#: ``meta.matcher`` between a build's first batch and its swap: if the build dies in between, the
#: next one finds no matching matcher and analyses every article again (the batches' articles
#: are not taken for a finished build's).
UNFINISHED = "(unfinished build)"
#: The advisory lock of builds ("newsmap" in ASCII); PostgreSQL scopes it to the database.
LOCK_KEY = 0x6E6577736D6170


def mention_rows(article: Article, analysis: ArticleAnalysis) -> list[dict]:
    return [mention_row(article.id, article.body, m) for m in analysis.mentions]


def _used_places(
    articles: Sequence[Article], analyses: dict[str, ArticleAnalysis], places: dict[str, Place]
) -> list[dict]:
    used = {m.place_id for a in articles for m in analyses[a.id].mentions}
    return [place_row(places[pid]) for pid in sorted(used)]


def _built_meta(conn: Connection, fingerprint: str) -> None:
    ix.set_meta(conn, matcher=fingerprint, built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"))


def write_all(
    conn: Connection,
    articles: list[Article],
    analyses: dict[str, ArticleAnalysis],
    places: dict[str, Place],
    errors: list[ArticleError],
    geocode_rows: list[dict],
    fingerprint: str,
) -> tuple[int, int, int]:
    """Every row of the build into an empty index; (places, mentions, events) written."""
    place_rows = _used_places(articles, analyses, places)
    insert_rows(conn, ix.places, place_rows)
    insert_rows(conn, ix.articles, [article_row(a) for a in articles])
    mentions = [row for a in articles for row in mention_rows(a, analyses[a.id])]
    insert_rows(conn, ix.mentions, mentions)
    payloads = [{"article_id": a.id, "payload": analyses[a.id].payload} for a in articles]
    insert_rows(conn, ix.extractions, payloads)
    insert_rows(conn, ix.rejected, [{"path": e.path, "problem": e.problem} for e in errors])
    insert_rows(conn, ix.geocode_cache, geocode_rows)
    n_events = merge_extractions(conn, articles, analyses)
    _built_meta(conn, fingerprint)
    return len(place_rows), len(mentions), n_events


#: What depends on the events and actors, in the order it is deleted.
_EVENT_TABLES = (
    ix.event_sources,
    ix.event_places,
    ix.event_actors,
    ix.events,
    ix.actor_spellings,
    ix.actors,
)


def _write_batch(
    conn: Connection,
    batch: Sequence[Article],
    analyses: dict[str, ArticleAnalysis],
    places: dict[str, Place],
    live_places: dict[str, dict],
    live_ids: set[str],
) -> None:
    """New and changed articles with their mentions, extraction and places."""
    p = ix.places.c
    for row in _used_places(batch, analyses, places):
        if row["id"] not in live_places:
            conn.execute(ix.places.insert(), row)
        elif live_places[row["id"]] != row:
            conn.execute(ix.places.update().where(p.id == row["id"]).values(row))
        live_places[row["id"]] = row
    ids = [a.id for a in batch]
    conn.execute(ix.mentions.delete().where(ix.mentions.c.article_id.in_(ids)))
    conn.execute(ix.extractions.delete().where(ix.extractions.c.article_id.in_(ids)))
    for article in batch:
        row = article_row(article)
        if article.id in live_ids:
            # UPDATE, not DELETE: the old events' sources still point at it until the swap.
            conn.execute(ix.articles.update().where(ix.articles.c.id == article.id).values(row))
        else:
            conn.execute(ix.articles.insert(), row)
            live_ids.add(article.id)
    insert_rows(conn, ix.mentions, [r for a in batch for r in mention_rows(a, analyses[a.id])])
    payloads = [{"article_id": a.id, "payload": analyses[a.id].payload} for a in batch]
    insert_rows(conn, ix.extractions, payloads)


def _live(conn: Connection, fingerprint: str) -> tuple[dict[str, tuple], bool, dict[str, dict]]:
    """What the index holds: article id -> (path, hash), whether it was built with this
    ``fingerprint``, and its places' rows."""
    migrate.upgrade(conn)  # creates the tables of a new index, upgrades an older one
    a = ix.articles.c
    live = {
        r.id: (r.path, r.content_hash) for r in conn.execute(select(a.id, a.path, a.content_hash))
    }
    same = ix.get_meta(conn).get("matcher") == fingerprint
    live_places = {r.id: dict(r._mapping) for r in conn.execute(select(ix.places))}
    return live, same, live_places


def _changed(
    articles: list[Article],
    analyses: dict[str, ArticleAnalysis],
    live: dict[str, tuple],
    same: bool,
) -> list[Article]:
    """The articles whose rows must be written: new, changed, or under a new id or path."""
    changed = [
        x for x in articles if not (same and live.get(x.id) == (str(x.path), x.content_hash))
    ]
    lost = [x.path for x in changed if analyses[x.id].stored]
    if lost:  # its mentions were left in the index, not read: writing it would lose them
        raise RuntimeError(f"{lost[0]}: copied from an index that no longer holds it")
    return changed


def _finish(
    conn: Connection,
    articles: list[Article],
    analyses: dict[str, ArticleAnalysis],
    errors: list[ArticleError],
    geocode_rows: list[dict],
    fingerprint: str,
    live_ids: set[str],
    batch: int,
) -> tuple[int, int, int]:
    """Remove what is gone, rewrite events and actors, record the build; the table counts."""
    for table in _EVENT_TABLES:
        conn.execute(table.delete())
    gone = sorted(live_ids - {x.id for x in articles})
    for start in range(0, len(gone), batch):  # bounded lists of ids
        some = gone[start : start + batch]
        for table in (ix.mentions, ix.extractions):
            conn.execute(table.delete().where(table.c.article_id.in_(some)))
        conn.execute(ix.articles.delete().where(ix.articles.c.id.in_(some)))
    keep = select(ix.mentions.c.place_id)
    conn.execute(ix.places.delete().where(ix.places.c.id.not_in(keep)))
    conn.execute(ix.rejected.delete())
    insert_rows(conn, ix.rejected, [{"path": e.path, "problem": e.problem} for e in errors])
    conn.execute(ix.geocode_cache.delete())
    insert_rows(conn, ix.geocode_cache, geocode_rows)
    n_events = merge_extractions(conn, articles, analyses)
    _built_meta(conn, fingerprint)
    count = select(func.count())
    n_places = conn.execute(count.select_from(ix.places)).scalar_one()
    n_mentions = conn.execute(count.select_from(ix.mentions)).scalar_one()
    return n_places, n_mentions, n_events


def write_changes(
    url: URL,
    articles: list[Article],
    analyses: dict[str, ArticleAnalysis],
    places: dict[str, Place],
    errors: list[ArticleError],
    geocode_rows: list[dict],
    fingerprint: str,
    batch: int | None = None,
) -> tuple[int, int, int]:
    """Bring a server index to the build's result in place; (places, mentions, events)."""
    batch = batch or BATCH
    engine = ix.make_engine(url)
    try:
        with engine.begin() as conn:
            live, same, live_places = _live(conn, fingerprint)
        changed = _changed(articles, analyses, live, same)
        live_ids = set(live)
        for start in range(0, len(changed), batch):
            with engine.begin() as conn:
                chunk = changed[start : start + batch]
                _write_batch(conn, chunk, analyses, places, live_places, live_ids)
                ix.set_meta(conn, matcher=UNFINISHED)
                ix.bump_data_version(conn)
        with engine.begin() as conn:  # the swap: short, and readers do not wait for it
            counts = _finish(
                conn, articles, analyses, errors, geocode_rows, fingerprint, live_ids, batch
            )
            ix.bump_data_version(conn)
        return counts
    finally:
        engine.dispose()


def _previous_data_version(path: Path) -> int:
    """The data version of the index file about to be replaced (0: none or unreadable)."""
    if not path.exists():
        return 0
    engine = ix.make_engine(URL.create("sqlite", database=str(path)))
    try:
        with engine.connect() as conn:
            found = ix.get_meta(conn).get("data_version", "0")
        return int(found) if found.isdigit() else 0
    except DatabaseError:
        return 0
    finally:
        engine.dispose()


@contextmanager
def writing(url: URL, *, from_previous: bool = False) -> Iterator[Connection]:
    """A connection to a fresh SQLite index that replaces ``url`` only if the block succeeds.

    The new index is a temporary file next to the target, created by the migrations and swapped
    in atomically; its ``data_version`` is one more than the replaced file's. ``from_previous``:
    the temporary file starts as a byte copy of the current index (a build then changes only
    what changed; copying the file costs far less than writing its rows again through Python),
    still swapped in whole. A server database is not rewritten but changed in place
    (``write_changes``).
    """
    path = ix.sqlite_path(url)
    if path is None:
        raise ValueError(f"{url}: not a SQLite file; a server index is written in place")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexFileError(f"{path.parent}: cannot create the folder: {exc.strerror}") from None
    remove_leftovers(path)
    tmp = path.with_name(f".{path.name}.building-{os.getpid()}")
    journal = tmp.with_name(tmp.name + "-journal")
    tmp.unlink(missing_ok=True)
    engine = ix.make_engine(url.set(database=str(tmp)))
    try:
        version = _previous_data_version(path)
        if from_previous:
            # Builds hold the build lock and readers never write, so the file is at rest: its
            # bytes are a consistent index (the rollback journal, not WAL, is in use).
            shutil.copyfile(path, tmp)
        with engine.begin() as conn:
            migrate.upgrade(conn)
            ix.set_meta(conn, data_version=version)
            yield conn
            ix.bump_data_version(conn)
        engine.dispose()
        os.replace(tmp, path)
    except (OSError, OperationalError) as exc:
        # Disk full, a read-only folder or file system: say where; the old index is untouched.
        reason = getattr(exc, "orig", None) or exc.strerror or exc
        raise IndexFileError(
            f"{path}: cannot write the new index ({reason}); the previous index is unchanged"
        ) from None
    finally:
        engine.dispose()
        tmp.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)


def write_in_place(
    conn: Connection,
    articles: list[Article],
    analyses: dict[str, ArticleAnalysis],
    places: dict[str, Place],
    errors: list[ArticleError],
    geocode_rows: list[dict],
    fingerprint: str,
) -> tuple[int, int, int]:
    """The same changes as ``write_changes``, in one transaction on ``conn``: a copy of the
    previous SQLite index (``writing(url, from_previous=True)``), so the rows of
    unchanged articles are never read into Python nor written again."""
    live, same, live_places = _live(conn, fingerprint)
    changed = _changed(articles, analyses, live, same)
    live_ids = set(live)
    for start in range(0, len(changed), BATCH):
        _write_batch(conn, changed[start : start + BATCH], analyses, places, live_places, live_ids)
    return _finish(conn, articles, analyses, errors, geocode_rows, fingerprint, live_ids, BATCH)


def write(
    url: URL,
    articles: list[Article],
    analyses: dict[str, ArticleAnalysis],
    places: dict[str, Place],
    errors: list[ArticleError],
    geocode_rows: list[dict],
    fingerprint: str,
) -> tuple[int, int, int]:
    """The build's result into the index at ``url``, the way its backend wants.

    SQLite: a new file, swapped in; made from a copy of the previous index changed in place
    when the build copies articles from it (their rows stay as they are), else written whole.
    """
    if ix.sqlite_path(url) is None:
        return write_changes(url, articles, analyses, places, errors, geocode_rows, fingerprint)
    if any(analyses[a.id].stored for a in articles):
        with writing(url, from_previous=True) as conn:
            return write_in_place(
                conn, articles, analyses, places, errors, geocode_rows, fingerprint
            )
    with writing(url) as conn:
        return write_all(conn, articles, analyses, places, errors, geocode_rows, fingerprint)


@contextmanager
def build_lock(url: URL, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the build lock of a server index; wait (after ``on_wait``) while another holds it."""
    engine = ix.make_engine(url)
    try:
        with engine.connect() as conn:
            got = conn.execute(select(func.pg_try_advisory_lock(LOCK_KEY))).scalar()
            if not got:
                holder = conn.execute(
                    text(
                        "select pid from pg_locks where locktype = 'advisory' and granted "
                        "and objid = :low and database = "
                        "(select oid from pg_database where datname = current_database())"
                    ),
                    {"low": LOCK_KEY & 0xFFFFFFFF},
                ).scalar()
                where = url.render_as_string(hide_password=True)
                on_wait(
                    f"{where}: another build (server process {holder or '?'}) is writing this "
                    "index; waiting for it to finish (Ctrl-C to give up)"
                )
                conn.execute(select(func.pg_advisory_lock(LOCK_KEY)))
            conn.commit()
            try:
                yield
            finally:
                conn.execute(select(func.pg_advisory_unlock(LOCK_KEY)))
                conn.commit()
    finally:
        engine.dispose()
