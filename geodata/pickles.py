"""Built artefacts (the matcher, the world index) pickled on disk under a key of their sources."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def load_or_build(folder: Path, name: str, key: str, build: Callable[[], T]) -> T:
    """``folder/name-key.pickle`` if it loads; else ``build()``, written there atomically.

    Older ``name-*.pickle`` files (other keys) are removed when a new one is written.
    """
    path = folder / f"{name}-{key}.pickle"
    if path.exists():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            path.unlink(missing_ok=True)
    value = build()
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"{name}-*.pickle"):
        stale.unlink(missing_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return value
