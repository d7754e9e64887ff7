"""``build --executor dask``: the analysis on a real Dask cluster gives the local pool's index."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client
from streamlit_server import free_port
from support import write_article
from test_incremental import content, write_corpus

import geodata.cache
from dashboard import cli
from dashboard.build import dask_executor
from dashboard.build import pipeline as build_module
from dashboard.build.dask_executor import SchedulerUnreachable
from dashboard.build.pipeline import build_index
from dashboard.store.index import REPO_ROOT as REPO
from geodata.cache import LazyMatcher


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A real cluster on 127.0.0.1: a ``dask scheduler`` and a ``dask worker`` process.

    Processes of their own, as on a team's machines (``LocalCluster`` spawns workers that
    re-run the test process's ``__main__``, which other tests replace with the Streamlit app).
    """
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # the worker imports the analysis by name
    dask = [sys.executable, "-m", "dask"]
    port = address.rsplit(":", 1)[1]
    procs = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        procs.append(
            subprocess.Popen(
                [*dask, "worker", address, "--nthreads", "2", "--no-dashboard"],
                env=env,
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        deadline = time.monotonic() + 120
        while True:  # polled: the scheduler answers, then the worker registers
            try:
                with Client(address, timeout=2, set_as_default=False) as client:
                    client.wait_for_workers(1, timeout=max(1, deadline - time.monotonic()))
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                    pytest.fail(f"no Dask cluster at {address} within 120 s", pytrace=False)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_dask_build_gives_the_local_pool_index(tmp_path, scheduler, mini_matcher, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus)
    for n in range(40):  # more than one chunk of work
        write_article(corpus, f"extra-{n:02d}.md", f"Day {n}: Rabat hosted a meeting on Tuesday.\n")
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 2)
    local = build_index(corpus, tmp_path / "local.sqlite", matcher=mini_matcher, workers=2)
    monkeypatch.setattr(dask_executor, "CHUNK", 8)
    remote = build_index(
        corpus, tmp_path / "dask.sqlite", matcher=mini_matcher, scheduler=scheduler
    )
    assert (remote.indexed, remote.rejected) == (44, 0)
    assert remote.events == local.events > 0
    assert content(tmp_path / "dask.sqlite") == content(tmp_path / "local.sqlite")


def test_cli_build_on_dask_then_nothing_changed(
    corpus, tmp_path, scheduler, mini_matcher, capsys, monkeypatch
):
    # The small real matcher instead of the full one (123 MB sent to the worker).
    small = LazyMatcher(mini_matcher.fingerprint, lambda: mini_matcher)
    monkeypatch.setattr(geodata.cache, "lazy_matcher", lambda: small)
    db = tmp_path / "index.sqlite"
    args = ["build", "--corpus", str(corpus), "--db", str(db), "--quiet", "--executor", "dask"]
    assert cli.main([*args, "--scheduler", scheduler]) == 0
    assert "2 indexed" in capsys.readouterr().out
    local = tmp_path / "local.sqlite"
    assert cli.main(["build", "--corpus", str(corpus), "--db", str(local), "--quiet"]) == 0
    assert content(db) == content(local)
    assert cli.main([*args, "--scheduler", scheduler]) == 0
    assert "index unchanged" in capsys.readouterr().out


def test_an_unreachable_scheduler_is_named(corpus, tmp_path, mini_matcher, monkeypatch, capsys):
    monkeypatch.setattr(dask_executor, "CONNECT_SECONDS", 1.0)
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(SchedulerUnreachable, match=f"{address}: cannot reach the Dask scheduler"):
        build_index(corpus, tmp_path / "index.sqlite", matcher=mini_matcher, scheduler=address)
    assert not (tmp_path / "index.sqlite").exists()  # nothing written
    args = ["build", "--corpus", str(corpus), "--db", str(tmp_path / "i.sqlite"), "--quiet"]
    assert cli.main([*args, "--executor", "dask", "--scheduler", address]) == 2
    assert f"error: {address}: cannot reach the Dask scheduler" in capsys.readouterr().err
    assert cli.main([*args, "--executor", "dask"]) == 2
    assert "--executor dask needs --scheduler" in capsys.readouterr().err


def test_a_scheduler_address_without_a_scheme_is_refused(corpus, tmp_path: Path, mini_matcher):
    with pytest.raises(SchedulerUnreachable, match="localhost:8786: not a scheduler address"):
        build_index(corpus, tmp_path / "i.sqlite", matcher=mini_matcher, scheduler="localhost:8786")
