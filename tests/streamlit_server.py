"""A real `streamlit run` on a free local port, and Debian's chromium, for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(server: subprocess.Popen, url: str, log: Path, timeout: float = 90) -> None:
    attempts = int(timeout / 0.25)
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        try:
            server.wait(timeout=0.25)
        except subprocess.TimeoutExpired:
            continue
        break
    pytest.fail(f"streamlit did not become healthy at {url}:\n{log.read_text()[-3000:]}")


@contextmanager
def streamlit_server(script: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``script`` from the repository root (its .streamlit config); yield the base URL."""
    port = free_port()
    environ = {
        **os.environ,
        **(env or {}),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    command = [sys.executable, "-m", "streamlit", "run", str(script)]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.headless", "true"]
    with log.open("w") as out:
        server = subprocess.Popen(
            command, cwd=REPO, env=environ, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(server, f"{base}/_stcore/health", log)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
