"""The index: the one module that owns the database schema and connections.

Written through SQLAlchemy Core with portable types, so the same code can target a shared
PostgreSQL index later. A SQLite index is built into a temporary file and swapped in with
``os.replace``, so a dashboard that is reading never sees a half-built index.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    inspect,
    select,
)
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import NullPool

from articles.errors import IndexMissingError, NewsMapError
from articles.text import fold
from dashboard.indexfile import IndexFileError, describe_file, remove_leftovers

# 4: conflict events (family, fatalities, injured, place relation, roles); 5: mention roles
SCHEMA_VERSION = 5
REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = REPO_ROOT / "index.sqlite"
DB_ENV = "NEWSMAP_DB"

metadata = MetaData()

meta = Table("meta", metadata, Column("key", String(64), primary_key=True), Column("value", Text))

articles = Table(
    "articles",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("path", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("outlet", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("published", Date, nullable=False, index=True),
    Column("published_precision", String(16), nullable=False),
    Column("language", String(8), nullable=False),
    Column("body", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("extra", JSON),
)

places = Table(
    "places",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("country", String(2)),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("population", Integer),
    Column("source", String(16), nullable=False),
    Column("coord_source", Text),
    Column("aliases", JSON),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", ForeignKey("articles.id"), nullable=False, index=True),
    Column("place_id", ForeignKey("places.id"), nullable=False, index=True),
    Column("surface", Text, nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("sentence", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("alternatives", JSON),
    # "place", or "demonym" ("Canadian", "malien"): the country named as an adjective.
    Column("role", String(16), nullable=False, server_default="place"),
)

rejected = Table(
    "rejected", metadata, Column("path", Text, primary_key=True), Column("problem", Text)
)

geocode_cache = Table(
    "geocode_cache",
    metadata,
    Column("provider", String(64), primary_key=True),
    Column("query", String(300), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("display_name", Text),
    Column("kind", Text),
    Column("country", String(8)),
    Column("raw", Text),
    Column("error", Text),
    Column("fetched_at", String(40), nullable=False),
)

# What extraction produced for one article, kept so an unchanged article is not parsed again.
extractions = Table(
    "extractions",
    metadata,
    Column("article_id", ForeignKey("articles.id"), primary_key=True),
    Column("payload", JSON, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("type", String(32), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("language", String(8), nullable=False),
    Column("date_start", Date, index=True),
    Column("date_end", Date, index=True),
    Column("date_precision", String(16), nullable=False),
    Column("date_basis", String(16), nullable=False),
    Column("date_estimated", Boolean, nullable=False),
    Column("date_text", Text),
    Column("status", String(16), nullable=False),
    Column("family", String(16)),  # "gathering", "conflict"; NULL for a type of its own
    Column("fatalities", Integer),  # stated counts; NULL when no source states one
    Column("injured", Integer),
    Column("place_relation", String(16)),  # "near", "between" its first place; NULL: in it
)

event_places = Table(
    "event_places",
    metadata,
    Column("event_id", ForeignKey("events.id"), primary_key=True),
    Column("place_id", ForeignKey("places.id"), primary_key=True),
    Index("ix_event_places_place", "place_id"),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("titles", JSON),
)

actor_spellings = Table(
    "actor_spellings",
    metadata,
    Column("actor_id", ForeignKey("actors.id"), primary_key=True),
    Column("spelling", String(300), primary_key=True),
    Column("article_id", ForeignKey("articles.id"), primary_key=True),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", ForeignKey("events.id"), primary_key=True),
    Column("actor_id", ForeignKey("actors.id"), primary_key=True),
    Column("role", String(16)),  # conflict events: "actor1", "actor2", "associated"
    Index("ix_event_actors_actor", "actor_id"),
)

event_sources = Table(
    "event_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", ForeignKey("events.id"), nullable=False, index=True),
    Column("article_id", ForeignKey("articles.id"), nullable=False, index=True),
    Column("sentence", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
)


class IndexVersionError(NewsMapError, RuntimeError):
    """The index was written by another schema version: rebuild it."""


def resolve_db(db: str | Path | None = None) -> URL:
    """``--db`` as given (a path or a SQLAlchemy URL), else ``$NEWSMAP_DB``, else the default."""
    db = db or os.environ.get(DB_ENV) or DEFAULT_DB
    text = str(db)
    if "://" in text:
        url = make_url(text)
        # psycopg 3 is the driver installed; SQLAlchemy's default for postgresql:// is psycopg2.
        return url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _fold(value: object) -> object:
    return fold(value) if isinstance(value, str) else value


def _pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()
    # SQLite's lower() only knows ASCII; PostgreSQL's knows "É". Searches rely on lower().
    dbapi_conn.create_function("lower", 1, _unicode_lower, deterministic=True)
    dbapi_conn.create_function("newsmap_fold", 1, _fold, deterministic=True)


#: Where ``articles.text.fold`` differs from ``lower`` (accents, quotes, dashes, alef forms).
_FOLD_RANGES = [(0x60, 0x61), (0xA0, 0x250), (0x2B0, 0x300), (0x600, 0x700), (0x1E00, 0x1F00)]
_FOLD_RANGES.append((0x2010, 0x2030))


@cache
def _fold_translation() -> tuple[str, str]:
    """``fold`` as the two strings of PostgreSQL's ``translate(lower(x), from, to)``."""
    pairs: dict[str, str] = {}
    for lo, hi in _FOLD_RANGES:
        for code in range(lo, hi):
            low, folded = chr(code).lower(), fold(chr(code))
            if len(low) == 1 and len(folded) == 1 and folded != low:
                pairs.setdefault(low, folded)
    return "".join(pairs), "".join(pairs.values())


def folded(conn: Connection, expr):
    """``articles.text.fold(expr)`` in SQL: accents and case gone, on either backend."""
    if conn.dialect.name == "sqlite":
        return func.newsmap_fold(expr)
    source, target = _fold_translation()
    return func.translate(func.lower(expr), source, target)


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        # No pool: a replaced index file is closed (and its space freed) once a read is done.
        engine = create_engine(url, poolclass=NullPool)
    else:
        engine = create_engine(url)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _pragmas)
    return engine


def open_index(db: str | Path | URL | None = None, *, must_exist: bool = True) -> Engine:
    """An engine on an existing index whose schema version matches.

    A file that is not an index (damaged, another database, not SQLite) raises
    ``IndexVersionError`` saying which, and how to rebuild.
    """
    url = db if isinstance(db, URL) else resolve_db(db)
    path = sqlite_path(url)
    if must_exist and path is not None and not path.exists():
        raise IndexMissingError(f"{path}: no index yet; build it with `python -m dashboard build`")
    engine = make_engine(url)
    if must_exist:
        try:
            check_version(engine)
        except DatabaseError as exc:
            engine.dispose()
            where = path or url
            if path is None and isinstance(exc, OperationalError):
                said = " ".join(str(exc.orig).split())  # the driver's message spans lines
                raise IndexMissingError(f"{url}: cannot reach the index ({said})") from None
            problem = describe_file(path) if path is not None else None
            raise IndexVersionError(
                f"{where}: {problem or f'cannot be read as an index ({exc.orig})'}; move it "
                f"away and rebuild with `python -m dashboard build --db {where}`"
            ) from None
        except IndexVersionError:
            engine.dispose()
            raise
    return engine


def read_version(engine: Engine) -> int | None:
    if not inspect(engine).has_table("meta"):
        return None
    with engine.connect() as conn:
        value = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    return int(value) if value is not None else None


def check_version(engine: Engine) -> None:
    found = read_version(engine)
    if found == SCHEMA_VERSION:
        return
    where = engine.url.database if engine.url.get_backend_name() == "sqlite" else engine.url
    rebuild = f"rebuild it with `python -m dashboard build --db {where}`"
    if found is None:
        kind = "a SQLite database" if engine.url.get_backend_name() == "sqlite" else "a database"
        raise IndexVersionError(
            f"{where}: {kind} with no news-map schema version, not an index (yet); move it "
            f"away (a server database: build into it) and {rebuild}"
        )
    age = "an older" if found < SCHEMA_VERSION else "a newer"
    raise IndexVersionError(
        f"{where}: index schema version {found} ({age} version of this tool), this code needs "
        f"{SCHEMA_VERSION}; {rebuild}"
    )


def set_meta(conn: Connection, **values: object) -> None:
    for key, value in values.items():
        conn.execute(meta.delete().where(meta.c.key == key))
        conn.execute(meta.insert().values(key=key, value=str(value)))


def get_meta(conn: Connection) -> dict[str, str]:
    return {row.key: row.value for row in conn.execute(select(meta))}


def bump_data_version(conn: Connection) -> int:
    """Count one more write in ``meta.data_version`` (the readers' cache key); the new value.

    ``FOR UPDATE`` on a server: two writers never read the same value (SQLite has one writer).
    """
    query = select(meta.c.value).where(meta.c.key == "data_version")
    if conn.dialect.name != "sqlite":
        query = query.with_for_update()
    found = conn.execute(query).scalar()
    value = int(found) + 1 if found and found.isdigit() else 1
    set_meta(conn, data_version=value)
    return value


def _previous_data_version(path: Path) -> int:
    """The data version of the index file about to be replaced (0: none or unreadable)."""
    if not path.exists():
        return 0
    engine = make_engine(URL.create("sqlite", database=str(path)))
    try:
        with engine.connect() as conn:
            found = get_meta(conn).get("data_version", "0")
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
    (``dashboard.store``).
    """
    from dashboard import migrate  # migrate's scripts import this module

    path = sqlite_path(url)
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
    engine = make_engine(url.set(database=str(tmp)))
    try:
        version = _previous_data_version(path)
        if from_previous:
            # Builds hold the build lock and readers never write, so the file is at rest: its
            # bytes are a consistent index (the rollback journal, not WAL, is in use).
            shutil.copyfile(path, tmp)
        with engine.begin() as conn:
            migrate.upgrade(conn)
            set_meta(conn, data_version=version)
            yield conn
            bump_data_version(conn)
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


def data_version(url: URL, engine: Engine | None = None) -> str:
    """What changes whenever the index's content does: the key of the dashboard's caches.

    A server index: ``meta.data_version``, bumped by every write. A SQLite index is replaced
    whole by each write, so the file's identity and modification time say it without opening
    it ("" when there is no file or no index yet). ``engine``: a server's, to reuse its pool.
    """
    path = sqlite_path(url)
    if path is not None:
        try:
            st = path.stat()
        except OSError:
            return ""
        return f"file:{st.st_ino}:{st.st_mtime_ns}:{st.st_size}"
    own = engine is None
    engine = engine or make_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("meta"):
                return ""
            query = select(meta.c.value).where(meta.c.key == "data_version")
            return "db:" + (conn.execute(query).scalar() or "0")
    finally:
        if own:
            engine.dispose()
