"""A real PostgreSQL server for the tests: ``initdb`` into a temporary folder, ``pg_ctl start``
on a free port of 127.0.0.1 (its unix socket in that folder), one database per test.

PostgreSQL refuses to run as root (CI runs the tests as root), so as root the server's files
belong to, and the server runs as, an unprivileged user (``nobody``, through ``runuser``); as
any other user it runs as that user. ``make test`` installs Debian's ``postgresql`` when no
``initdb`` is found, so a server that cannot start fails the tests with the reason (no skip).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from streamlit_server import free_port

#: Where Debian's ``postgresql`` puts the server programs (not on ``PATH``).
DEBIAN_BINS = "/usr/lib/postgresql/*/bin"
SUPERUSER = "newsmap"
RUN_AS = "nobody"  # as root: the unprivileged user that owns and runs the server


class PostgresUnavailable(RuntimeError):
    """No server could be started; the message says why."""


def server_bin(name: str) -> Path:
    """``initdb``/``pg_ctl`` from ``PATH`` or Debian's versioned folder (newest first)."""
    found = shutil.which(name)
    if found:
        return Path(found)
    candidates = sorted(glob.glob(f"{DEBIAN_BINS}/{name}"), key=_version_key, reverse=True)
    if not candidates:
        raise PostgresUnavailable(
            f"{name} not found on PATH nor in {DEBIAN_BINS}: install PostgreSQL "
            "(`apt-get install -y postgresql`, which `make test` does)"
        )
    return Path(candidates[0])


def _version_key(path: str) -> int:
    part = Path(path).parts[-3]  # /usr/lib/postgresql/<version>/bin/<name>
    return int(part) if part.isdigit() else 0


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", RUN_AS, "--", *command]


def _run(command: list[str], what: str, log: Path | None = None) -> None:
    done = subprocess.run(
        _as_server_user(command), capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode != 0:
        more = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise PostgresUnavailable(
            f"{what} failed (exit {done.returncode}): {done.stderr.strip() or done.stdout}\n{more}"
        )


class PostgresServer:
    """A running server; ``database()`` makes a fresh database and returns its URL."""

    def __init__(self, port: int, folder: Path) -> None:
        self.port, self.folder = port, folder
        self._names = itertools.count(1)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        )

    def database(self) -> str:
        name = f"newsmap_test_{os.getpid()}_{next(self._names)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a throw-away server; stop it and delete its files at the end."""
    initdb, pg_ctl = server_bin("initdb"), server_bin("pg_ctl")
    # Not under pytest's tmp_path: as root that folder is private to root, and the server runs
    # as another user, who must reach its files.
    folder = Path(tempfile.mkdtemp(prefix="newsmap-pg-"))
    data, log = folder / "data", folder / "server.log"
    if os.geteuid() == 0:
        user = pwd.getpwnam(RUN_AS)
        os.chown(folder, user.pw_uid, user.pw_gid)
    port = free_port()
    started = False
    try:
        _run(
            [str(initdb), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8"]
            + ["--locale=C.UTF-8", "--no-sync"],
            "initdb",
        )
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        # -w: pg_ctl itself polls the server until it accepts connections (or times out).
        command = [str(pg_ctl), "-D", str(data), "-l", str(log), "-o", options, "-w"]
        _run([*command, "-t", "60", "start"], "pg_ctl start", log)
        started = True
        yield PostgresServer(port, folder)
    finally:
        if started:
            _run([str(pg_ctl), "-D", str(data), "-m", "immediate", "-w", "stop"], "pg_ctl stop")
        shutil.rmtree(folder, ignore_errors=True)
