"""The on-disk cache of built artefacts: stale keys dropped, concurrent builders both succeed."""

from __future__ import annotations

import subprocess
import sys

from support import REPO

from geodata.pickles import load_or_build

WRITER = """
import sys, time
from pathlib import Path
from geodata.pickles import load_or_build

def build():
    time.sleep(0.3)  # long enough for the other process to be writing too
    return [str(i) for i in range(2_000_000)]

print(len(load_or_build(Path(sys.argv[1]), "thing", "k1", build)))
"""


def test_two_processes_building_the_same_cache_at_once_both_succeed(tmp_path):
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [(run.returncode, out.strip()) for run, (out, _) in zip(runs, outputs, strict=True)] == [
        (0, "2000000"),
        (0, "2000000"),
    ], [err for _, err in outputs]
    assert [p.name for p in tmp_path.iterdir()] == ["thing-k1.pickle"]  # no temp file left


def test_a_new_key_replaces_the_old_file_and_a_corrupt_file_is_rebuilt(tmp_path):
    load_or_build(tmp_path, "thing", "k1", lambda: 1)
    assert load_or_build(tmp_path, "thing", "k2", lambda: 2) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["thing-k2.pickle"]
    (tmp_path / "thing-k2.pickle").write_bytes(b"not a pickle")
    assert load_or_build(tmp_path, "thing", "k2", lambda: 3) == 3
    assert load_or_build(tmp_path, "thing", "k2", lambda: 4) == 3  # read back, not rebuilt
