import csv
import io
import json
import sqlite3

import pytest
from sqlalchemy import text
from streamlit_server import free_port
from support import write_article

from dashboard import cli
from dashboard.build import pipeline as build_module
from dashboard.build.pipeline import build_index
from dashboard.store import index as ix
from dashboard.store import write as store


def rows(db, sql):
    """``sql``'s rows from the index at ``db`` (a SQLite path or a server URL)."""
    engine = ix.make_engine(ix.resolve_db(db))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def version(db) -> str:
    return ix.data_version(ix.resolve_db(db))


def test_build_indexes_articles_places_and_mentions(corpus, db, mini_matcher):
    summary = build_index(corpus, db, matcher=mini_matcher)
    assert (summary.indexed, summary.skipped, summary.rejected) == (2, 0, 0)
    assert rows(db, "select id from articles order by id") == [("rabat",), ("smara.fr",)]
    places = dict(rows(db, "select name, kind from places"))
    assert places == {
        "Rabat": "city",
        "Mauritania": "country",
        "Smara": "city",
        "Nouakchott": "city",
    }
    [(sentence, surface)] = rows(
        db, "select sentence, surface from mentions where place_id = '2461874'"
    )
    assert (sentence, surface) == ("Le Front Polisario a bombardé la ville de Smara.", "Smara")


def test_incremental_build(corpus, db, mini_matcher):
    first = build_index(corpus, db, matcher=mini_matcher)
    built = version(db)
    assert built
    written = rows(db, "select cast(value as integer) from meta where key = 'data_version'")[0][0]
    again = build_index(corpus, db, matcher=mini_matcher)
    assert (again.indexed, again.skipped) == (0, 2)
    assert (again.places, again.mentions, again.events) == (first.places, first.mentions, 2)
    assert first.events == 2
    assert version(db) == built  # nothing changed: the index is not rewritten

    write_article(corpus, "other.md", "Shots were fired near Smara.\n")
    fourth = build_index(corpus, db, matcher=mini_matcher)
    assert (fourth.indexed, fourth.skipped) == (1, 2)
    assert version(db) != built  # the app's caches see the rebuild
    counted = "select cast(value as integer) from meta where key = 'data_version'"
    assert rows(db, counted)[0][0] > written  # meta.data_version: every write counts one more
    query = "select surface from mentions where article_id = 'smara.fr' order by id"
    assert rows(db, query) == [
        ("Smara",),
        ("Nouakchott",),
    ]  # copied from the previous index, not parsed again
    (corpus / "other.md").unlink()

    write_article(corpus, "rabat.md", "Nouakchott hosted the fourth session.\n")
    (corpus / "smara.fr.md").unlink()
    write_article(corpus, "new.md", "Delegates met in Es-Semara.\n")
    third = build_index(corpus, db, matcher=mini_matcher)
    assert (third.indexed, third.skipped, third.removed) == (2, 0, 2)
    assert rows(db, "select id from articles order by id") == [("new",), ("rabat",)]
    assert rows(db, "select surface from mentions where article_id = 'rabat'") == [("Nouakchott",)]
    assert rows(db, "select count(*) from mentions where article_id = 'smara.fr'") == [(0,)]
    assert rows(db, "select count(*) from places") == [(third.places,)]
    gone = "select count(*) from event_sources where article_id not in ('new', 'rabat')"
    assert rows(db, gone) == [(0,)]
    assert rows(db, "select count(*) from events") == [(third.events,)]


def test_rejected_file_is_reported_and_others_indexed(corpus, db, mini_matcher):
    write_article(corpus, "broken.md", "Rabat.\n", published="2023-13-45")
    (corpus / "binary.md").write_bytes(b"---\ntitle: x\n---\n\xff\xfe")
    summary = build_index(corpus, db, matcher=mini_matcher)
    assert (summary.indexed, summary.rejected) == (2, 2)
    assert any("broken.md: published: '2023-13-45' is not a date" in e for e in summary.errors)
    assert any("binary.md: not UTF-8" in e for e in summary.errors)
    assert len(rows(db, "select * from rejected")) == 2
    assert len(rows(db, "select * from articles")) == 2


def test_swap_is_atomic_for_readers_and_failures(corpus, tmp_path, mini_matcher, monkeypatch):
    db = tmp_path / "index.sqlite"
    build_index(corpus, db, matcher=mini_matcher)
    reader = sqlite3.connect(db)
    reader.execute("begin")
    assert reader.execute("select count(*) from articles").fetchone() == (2,)

    write_article(corpus, "third.md", "Rabat again.\n")
    build_index(corpus, db, matcher=mini_matcher)
    # the open reader still sees the complete old index; a new one sees the new index
    assert reader.execute("select count(*) from articles").fetchone() == (2,)
    reader.close()
    assert rows(db, "select count(*) from articles") == [(3,)]

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "merge_extractions", explode)
    write_article(corpus, "fourth.md", "Rabat once more.\n")
    with pytest.raises(RuntimeError):
        build_index(corpus, db, matcher=mini_matcher)
    assert rows(db, "select count(*) from articles") == [(3,)]
    assert [p.name for p in tmp_path.iterdir() if "building" in p.name] == []


@pytest.fixture
def built(corpus, db, mini_matcher):
    build_index(corpus, db, matcher=mini_matcher)
    return db


def test_cli_export_places_geojson(built, capsys):
    assert cli.main(["export", "places", "--format", "geojson", "--db", str(built)]) == 0
    data = json.loads(capsys.readouterr().out)
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    assert by_name["Smara"]["geometry"]["coordinates"] == [-11.67194, 26.73841]
    assert by_name["Smara"]["properties"]["articles"] == ["smara.fr"]
    assert by_name["Rabat"]["properties"]["mentions"] == 1


def test_cli_export_places_csv_with_date_filter(built, capsys):
    args = ["export", "places", "--format", "csv", "--since", "2023-01-01", "--db", str(built)]
    assert cli.main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id,name,kind,country,territory,lat,lon,mentions")
    names = {line.split(",")[1] for line in lines[1:]}
    assert names == {"Smara", "Nouakchott"}  # the 2022 Rabat article is filtered out


def test_cli_export_of_one_kind_of_event(built, capsys):
    args = ["export", "events", "--format", "csv", "--db", str(built)]
    assert cli.main([*args, "--kind", "explosions_remote_violence"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["kind"] for r in rows} == {"explosions_remote_violence"}
    assert {r["type"] for r in rows} == {"shelling_artillery"}
    assert cli.main([*args, "--kind", "cooperation"]) == 0
    kinds = {r["kind"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert kinds == {"cooperation"}
    with pytest.raises(SystemExit) as exit_:
        cli.main([*args, "--kind", "weather"])
    assert exit_.value.code == 2 and "invalid choice: 'weather'" in capsys.readouterr().err


def test_cli_places_lists_articles_and_sentences(built, capsys):
    for query in ("SMARA", "es-semara", "2461874"):
        assert cli.main(["places", query, "--db", str(built)]) == 0
        out = capsys.readouterr().out
        assert "Smara [2461874] city, MA" in out
        assert "- Le Front Polisario a bombardé la ville de Smara." in out
    assert cli.main(["places", "Atlantis", "--db", str(built)]) == 2
    assert "no place named 'Atlantis'" in capsys.readouterr().err


def test_cli_errors_are_one_line(tmp_path, capsys):
    missing = tmp_path / "nothing.sqlite"
    assert cli.main(["places", "Rabat", "--db", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "python -m dashboard build" in err
    assert err.count("\n") == 1


def test_cli_on_a_server_with_no_index_or_no_server_says_which(pg_url, capsys):
    assert cli.main(["places", "Rabat", "--db", pg_url]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {pg_url}: a database with no news-map schema version")
    assert err.count("\n") == 1
    nowhere = f"postgresql://newsmap@127.0.0.1:{free_port()}/none"  # the driver is psycopg's
    assert cli.main(["places", "Rabat", "--db", nowhere]) == 2
    err = capsys.readouterr().err
    assert "postgresql+psycopg://newsmap@127.0.0.1" in err and "cannot reach the index" in err
    assert err.count("\n") == 1


def test_every_command_has_help_with_an_example(capsys):
    for command in ("build", "export", "places"):
        with pytest.raises(SystemExit):
            cli.main([command, "--help"])
        assert "python -m dashboard " + command in capsys.readouterr().out


def test_parallel_build_gives_the_serial_result(corpus, tmp_path, mini_matcher, monkeypatch):

    for n in range(6):
        write_article(corpus, f"extra-{n}.md", f"Day {n}: Rabat hosted a meeting on Tuesday.\n")
    serial, parallel = tmp_path / "serial.sqlite", tmp_path / "parallel.sqlite"
    build_index(corpus, serial, matcher=mini_matcher, workers=1)
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 2)
    assert build_index(corpus, parallel, matcher=mini_matcher, workers=2).indexed == 8
    for table in ("articles", "mentions", "events", "event_sources"):
        query = f"select * from {table} order by 1, 2"
        assert rows(parallel, query) == rows(serial, query), table


def test_an_article_the_analysis_fails_on_is_reported_and_the_rest_indexed(
    corpus, tmp_path, mini_matcher, monkeypatch
):

    real = build_module.analyse_article

    def fragile(article, *args, **kw):
        if article.id == "rabat":
            raise ValueError("unexpected text")
        return real(article, *args, **kw)

    monkeypatch.setattr(build_module, "analyse_article", fragile)
    summary = build_index(corpus, tmp_path / "index.sqlite", matcher=mini_matcher)
    assert (summary.indexed, summary.rejected) == (1, 1)
    assert summary.errors == (
        f"{corpus / 'rabat.md'}: analysis failed: ValueError: unexpected text",
    )


def test_cli_build_twice_reports_an_unchanged_index(corpus, db, capsys):
    """A second `build` with nothing changed exits 0 with a complete summary (it crashed);
    ``--db`` a SQLite file or a ``postgresql+psycopg://`` URL."""
    args = ["build", "--corpus", str(corpus), "--db", str(db), "--quiet"]
    assert cli.main(args) == 0
    first = capsys.readouterr().out
    assert "2 indexed" in first
    assert f"index: {db}" in first
    built = version(db)
    assert cli.main(args) == 0
    second = capsys.readouterr().out
    assert "0 indexed, 2 unchanged (skipped), 0 rejected, 0 removed" in second
    assert "index unchanged" in second
    assert version(db) == built
