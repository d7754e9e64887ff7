"""Word lists per language: ``articles/lexicon/<lang>/<topic>.yaml``.

A new language is a new folder of YAML files; no code changes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).parent


@cache
def supported_languages() -> frozenset[str]:
    return frozenset(p.name for p in LEXICON_DIR.iterdir() if p.is_dir() and len(p.name) == 2)


@cache
def load(topic: str, language: str | None = None) -> dict:
    """One topic's word lists: ``load("events", "fr")``, or a shared file ``load("captions")``."""
    path = LEXICON_DIR / language / f"{topic}.yaml" if language else LEXICON_DIR / f"{topic}.yaml"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}
