"""An incremental build gives exactly the index a cold build of the same corpus gives.

The small-change build copies the previous index and changes it in place (SQLite: a copy of the
file; PostgreSQL: the shared database), so every table is compared with a cold build's, on both
backends; only the autoincrement ids and the build's own bookkeeping may differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from support import write_article

from dashboard.build.pipeline import build_index
from dashboard.store import index as ix

#: Columns that only number rows (their order of insertion), not content.
ROW_IDS = {"mentions": "id", "event_sources": "id"}
#: meta keys a build sets for itself (when, how many writes).
BOOKKEEPING = {"built_at", "data_version"}


def content(db: str | Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without row ids and build bookkeeping."""
    engine = ix.open_index(db)
    out: dict[str, list[tuple]] = {}
    try:
        with engine.connect() as conn:
            for table in ix.metadata.sorted_tables:
                columns = [c for c in table.columns if c.name != ROW_IDS.get(table.name)]
                found = [tuple(r) for r in conn.execute(select(*columns))]
                if table.name == "meta":
                    found = [r for r in found if r[0] not in BOOKKEEPING]
                out[table.name] = sorted(found, key=repr)
    finally:
        engine.dispose()
    return out


def write_corpus(folder: Path) -> None:
    """Articles whose events merge across articles and languages, and an attack of its own."""
    write_article(
        folder,
        "rabat.md",
        "Moroccan Foreign Minister Nasser Bourita met his Mauritanian counterpart Mohamed Salem "
        "Ould Merzoug in Rabat on Tuesday. Rabat hosted the third session of the commission "
        "with Mauritania.\n",
        published="2022-05-25",
    )
    write_article(
        folder,
        "rabat.fr.md",
        "Le ministre des Affaires étrangères Nasser Bourita a reçu mardi à Rabat son homologue "
        "mauritanien Mohamed Salem Ould Merzoug.\n",
        published="2022-05-25",
        language="fr",
    )
    write_article(
        folder,
        "smara.fr.md",
        "Le Front Polisario a bombardé la ville de Smara. Nouakchott a réagi.\n",
        language="fr",
    )
    write_article(
        folder,
        "nouakchott.md",
        "Nasser Bourita visited Nouakchott on Monday and met President Mohamed Ould Ghazouani.\n",
        published="2022-06-14",
    )


@pytest.fixture
def cold_db(request, db, tmp_path: Path) -> Iterator[str]:
    """A second, empty index on the same backend as ``db``, for the cold build."""
    if "://" not in db:
        yield str(tmp_path / "cold.sqlite")
        return
    server = request.getfixturevalue("pg_server")
    url = server.database()
    yield url
    server.drop(url)


def test_one_changed_article_gives_the_cold_build(tmp_path, db, cold_db, mini_matcher):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus)
    first = build_index(corpus, db, matcher=mini_matcher)
    assert (first.indexed, first.rejected) == (4, 0)
    before = content(db)
    # The changed article now holds a second meeting with an actor of the others' events.
    write_article(
        corpus,
        "nouakchott.md",
        "Nasser Bourita visited Nouakchott on Monday and met President Mohamed Ould Ghazouani. "
        "Smara was shelled again on Wednesday.\n",
        published="2022-06-14",
    )
    again = build_index(corpus, db, matcher=mini_matcher)
    assert (again.indexed, again.skipped) == (1, 3)
    cold = build_index(corpus, cold_db, matcher=mini_matcher)
    assert cold.indexed == 4
    after = content(db)
    assert after != before  # the change is in the index
    assert after == content(cold_db)
    assert (again.places, again.mentions, again.events) == (cold.places, cold.mentions, cold.events)


def test_renamed_removed_and_added_files_give_the_cold_build(tmp_path, db, cold_db, mini_matcher):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus)
    build_index(corpus, db, matcher=mini_matcher)
    (corpus / "rabat.fr.md").rename(corpus / "rabat-fr.md")  # same bytes, a new id
    (corpus / "smara.fr.md").unlink()
    write_article(corpus, "new.md", "Delegates met in Rabat on Friday.\n")  # Smara: gone
    again = build_index(corpus, db, matcher=mini_matcher)
    assert (again.indexed, again.skipped, again.removed) == (1, 3, 2)
    build_index(corpus, cold_db, matcher=mini_matcher)
    assert content(db) == content(cold_db)
