"""The opt-in online fallback inside a build, against the scripted Nominatim on 127.0.0.1."""

import sqlite3

from support import DATA, write_article

from articles.text import segment_lines
from dashboard.build.pipeline import build_index
from geodata.gazetteer import build_gazetteer, load_curated
from geodata.matcher import PlaceMatcher
from geodata.online import online_finder
from geodata.unknown import unknown_place_candidates


def matcher() -> PlaceMatcher:
    m = PlaceMatcher(build_gazetteer([load_curated(DATA / "mini_gazetteer.csv")]))
    m.fingerprint = "no-tichitt"
    return m


def test_candidates_follow_a_locative_and_skip_known_names():
    text = "Gunmen struck near Tichitt and in Rabat. The Army said in December it would act."
    known = [(text.index("Rabat"), text.index("Rabat") + 5)]
    found = unknown_place_candidates(text, segment_lines(text), known)
    assert [name for _, _, name in found] == ["Tichitt"]


def test_unknown_names_are_geocoded_online_cached_in_the_index(tmp_path, nominatim):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "a.md", "Gunmen attacked a convoy near Tichitt in Mauritania.\n")
    write_article(corpus, "b.md", "Shots were heard in Aghboom, then in Tinslow, in Mauritania.\n")
    db = tmp_path / "index.sqlite"
    online = online_finder(nominatim.url, min_delay_seconds=0.0, timeout=0.5)

    summary = build_index(corpus, db, matcher=matcher(), online=online)
    assert (summary.indexed, summary.rejected) == (2, 0)
    with sqlite3.connect(db) as conn:
        place = conn.execute(
            "select p.name, p.source, p.lat, m.reason from mentions m "
            "join places p on p.id = m.place_id where m.surface = 'Tichitt'"
        ).fetchone()
        cache = dict(conn.execute("select query, status from geocode_cache").fetchall())
    assert place[:3] == ("Tichitt", "online", 18.448)
    assert "online geocoder" in place[3]
    assert cache == {"tichitt": "ok", "aghboom": "error", "tinslow": "timeout"}

    # a changed article is parsed again, but no name is asked twice
    asked = len(nominatim.log.requests)
    write_article(corpus, "a.md", "A second convoy was attacked near Tichitt in Mauritania.\n")
    again = build_index(corpus, db, matcher=matcher(), online=online)
    assert again.indexed == 1
    assert len(nominatim.log.requests) == asked
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from geocode_cache").fetchone() == (3,)

    # an offline build re-analyses (no online place), keeping the cache; online again re-asks
    # nothing; asking again after failures is a choice
    offline = build_index(corpus, db, matcher=matcher())
    assert offline.indexed == 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from places where source = 'online'").fetchone() == (
            0,
        )
        assert conn.execute("select count(*) from geocode_cache").fetchone() == (3,)
    assert build_index(corpus, db, matcher=matcher(), online=online).indexed == 2
    assert len(nominatim.log.requests) == asked
    retry = online_finder(nominatim.url, min_delay_seconds=0.0, timeout=0.5, retry_errors=True)
    write_article(corpus, "b.md", "Shots were heard again in Aghboom, in Mauritania.\n")
    build_index(corpus, db, matcher=matcher(), online=retry)
    assert nominatim.log.count("Aghboom") == 2


def test_cli_geocode_offline_then_online(nominatim, capsys):
    from dashboard import cli

    assert cli.main(["geocode", "El Guerguerat"]) == 0
    assert "Guerguerat [local:guerguerat] border_crossing, EH" in capsys.readouterr().out
    assert cli.main(["geocode", "Zzyzxville"]) != 0
    assert "not in the gazetteer (try --online)" in capsys.readouterr().err
    assert cli.main(["geocode", "Aghboom", "--online", "--geocoder-url", nominatim.url]) != 0
    assert "'Aghboom': error" in capsys.readouterr().err
    assert nominatim.log.count("Aghboom") == 1
