"""Shared fixtures: a small real gazetteer and matcher, and corpora written to temp dirs."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_nominatim import nominatim  # noqa: F401  (a fixture, shared)
from support import DATA, WORLD, write_article

from geodata.gazetteer import build_gazetteer, load_curated
from geodata.matcher import PlaceMatcher


@pytest.fixture(scope="session")
def mini_matcher() -> PlaceMatcher:
    gazetteer = build_gazetteer([load_curated(DATA / "mini_gazetteer.csv"), WORLD])
    matcher = PlaceMatcher(gazetteer)
    matcher.fingerprint = "mini"
    return matcher


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_article(
        folder,
        "rabat.md",
        "Rabat hosted on Tuesday the third session of the commission with Mauritania.\n",
        published="2022-05-25",
    )
    write_article(
        folder,
        "smara.fr.md",
        "Le Front Polisario a bombardé la ville de Smara. Nouakchott a réagi.\n",
        language="fr",
    )
    return folder
