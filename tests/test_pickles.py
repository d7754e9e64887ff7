"""The on-disk cache of built artefacts: stale keys dropped, concurrent builders both succeed."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from geodata.pickles import load_or_build


def _slow_build() -> dict:
    time.sleep(0.3)  # long enough for the other process to be writing too
    return {"places": [str(i) for i in range(2_000_000)]}


def _worker(folder: str) -> int:
    return len(load_or_build(Path(folder), "thing", "k1", _slow_build)["places"])


def test_two_processes_building_the_same_cache_at_once_both_succeed(tmp_path):
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        sizes = pool.map(_worker, [str(tmp_path)] * 2)
    assert sizes == [2_000_000, 2_000_000]
    assert [p.name for p in tmp_path.iterdir()] == ["thing-k1.pickle"]  # no temp file left


def test_a_new_key_replaces_the_old_file_and_a_corrupt_file_is_rebuilt(tmp_path):
    load_or_build(tmp_path, "thing", "k1", lambda: 1)
    assert load_or_build(tmp_path, "thing", "k2", lambda: 2) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["thing-k2.pickle"]
    (tmp_path / "thing-k2.pickle").write_bytes(b"not a pickle")
    assert load_or_build(tmp_path, "thing", "k2", lambda: 3) == 3
    assert load_or_build(tmp_path, "thing", "k2", lambda: 4) == 3  # read back, not rebuilt
