"""The index file on disk: what may be replaced, one build at a time, and no leftovers.

``index.writing`` builds a new SQLite file next to the index and swaps it in. Around that:

* ``check_target`` refuses to replace a file that is not ours (another SQLite database, any other
  file) or that is read-only, before any work is done: ``--db`` naming the wrong file must not
  destroy it.
* ``build_lock`` serialises builds of one index with ``flock`` on a lock file holding the PID.
  The kernel drops the lock when its process dies, however it dies, so a killed build never
  leaves a stale lock; a second build waits for the first (and says so) instead of racing it and
  silently overwriting its result.
* ``remove_leftovers`` deletes the ``.building-PID`` files (and their journals) of builds whose
  process is gone, such as one killed with SIGKILL mid-write.
"""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from articles.errors import NewsMapError

SQLITE_MAGIC = b"SQLite format 3\x00"


class IndexFileError(NewsMapError, OSError):
    """The index file cannot be used or written; the message names the path and what to do."""


def _rebuild_hint(path: Path) -> str:
    return f"`python -m dashboard build --db {path}`"


def describe_file(path: Path) -> str | None:
    """Why ``path`` is not a news-map index (any schema version), or None if it is one."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if head != SQLITE_MAGIC:
        return "is not a SQLite file"
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            query = "select name from sqlite_master where type = 'table'"
            tables = [r[0] for r in conn.execute(query)]
            has_version = (
                "meta" in tables
                and conn.execute(
                    "select count(*) from meta where key = 'schema_version'"
                ).fetchone()[0]
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"is a damaged SQLite file ({exc})"
    if not has_version:
        shown = ", ".join(sorted(tables)[:8]) or "none"
        return f"is a SQLite database but not a news-map index (its tables: {shown})"
    return None


def check_target(path: Path) -> None:
    """Refuse, before a build starts, to replace anything but a writable news-map index."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return  # a new index (its folder is created by the build)
    except NotADirectoryError:
        where = path.parent
        raise IndexFileError(f"{where}: is not a folder, so it cannot hold the index") from None
    except OSError as exc:
        raise IndexFileError(f"{path}: cannot be checked: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise IndexFileError(f"{path}: is a folder; give --db a file name")
    if st.st_size == 0:
        return  # an empty file holds nothing to lose
    problem = describe_file(path)
    if problem is not None:
        raise IndexFileError(
            f"{path}: {problem}; refusing to replace it (choose another --db, or move it away)"
        )
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise IndexFileError(
            f"{path}: the index file is read-only (mode {stat.filemode(st.st_mode)}); refusing "
            f"to replace it (make it writable with `chmod u+w`, or choose another --db)"
        )


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextmanager
def build_lock(path: Path, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the build lock of the index at ``path``; wait (after ``on_wait``) if it is taken."""
    lock = lock_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise IndexFileError(
            f"{lock}: cannot create the build lock ({exc.strerror}); is {path.parent} writable?"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            on_wait(
                f"{path}: another build (PID {holder}) is writing this index; waiting for it "
                "to finish (Ctrl-C to give up)"
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays (removing it would race a waiter)


_LEFTOVER = re.compile(r"\.building-(\d+)(?:-journal|-wal|-shm)?$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(path: Path) -> list[Path]:
    """Delete temporary files of earlier builds of ``path`` whose process is dead."""
    removed = []
    for tmp in path.parent.glob(f".{path.name}.building-*"):
        match = _LEFTOVER.search(tmp.name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed
