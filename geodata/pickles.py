"""Built artefacts (the matcher, the world index) pickled on disk under a key of their sources."""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def load_or_build(folder: Path, name: str, key: str, build: Callable[[], T]) -> T:
    """``folder/name-key.pickle`` if it loads; else ``build()``, written there atomically.

    Older ``name-*.pickle`` files (other keys) are removed when a new one is written. Two
    processes building at once (the app and a build, or two tests) each write their own
    temporary file and the last rename wins: both results are the same value.
    """
    path = folder / f"{name}-{key}.pickle"
    if path.exists():
        try:
            with path.open("rb") as fh:
                return _load_without_gc(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            path.unlink(missing_ok=True)
    value = build()
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"{name}-*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return value


def _load_without_gc(fh) -> object:
    """``pickle.load`` with the cyclic collector paused: unpickling the matcher's millions of
    objects set off a collection every few hundred thousand allocations, each walking all
    that was loaded so far (4.9 s with it, 1.2 s without, bench/build_bench.py)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        if enabled:
            gc.enable()
