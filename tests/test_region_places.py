"""Villages in notes that do not name their country: the corpus prior, cues and spelling variants.

The texts are written for these tests. The places are a handful of rows shaped like the
GeoNames extract (ids and points of the real villages) plus a world city that shares a name.
"""

from __future__ import annotations

import pytest

from geodata.cues import cues, has_cue
from geodata.gazetteer import build_gazetteer
from geodata.matcher import PlaceMatcher, corpus_prior, is_confident
from geodata.place import Place

BONN = Place("2946447", "Bonn", "city", "DE", 50.73, 7.10, 330579, ("Boni",), "world")
BONI = Place("2459917", "Boni", "village", "ML", 15.07658, -2.21976, 0, (), "regional")
BANKASS = Place("2460401", "Bankass", "town", "ML", 14.07, -3.52, 0, (), "regional")
KORO_TOWN = Place("2454674", "Koro", "town", "ML", 14.064, -3.07539, 0, (), "regional")
TORO = Place("2454000", "Toro", "village", "ML", 13.9, -4.1, 0, ("Koro",), "regional")
DIABALI = Place("2458000", "Diabali", "town", "ML", 14.69, -6.01, 0, (), "regional")
MALI = Place("2453866", "Mali", "country", "ML", 17.0, -4.0, 0, ("Mali",), "world")


@pytest.fixture(scope="module")
def matcher() -> PlaceMatcher:
    return PlaceMatcher(
        build_gazetteer([[BONN, BONI, BANKASS, KORO_TOWN, TORO, DIABALI, MALI]]),
        common=frozenset(),
    )


def ids(mentions):
    return [(m.surface, m.place_id) for m in mentions]


def test_a_village_needs_its_country_or_the_corpus_prior(matcher):
    text = "Gunmen shot dead a shopkeeper in Bankass on Tuesday."
    assert matcher.find(text) == []
    [m] = matcher.find(text, prior=frozenset({"ML"}))
    assert m.place_id == BANKASS.id
    assert "corpus's region" in m.reason and "locative" in m.reason


def test_boni_in_a_malian_note_is_the_village_never_bonn(matcher):
    text = "Suspected jihadists attacked a checkpoint in Boni, wounding two soldiers."
    [m] = matcher.find(text, prior=frozenset({"ML"}))
    assert m.place_id == BONI.id
    got = ids(matcher.find("Des hommes armés sont entrés dans le village de Boni, au Mali."))
    assert ("Boni", BONI.id) in got and ("Boni", BONN.id) not in got


def test_a_town_of_that_name_before_a_village_that_has_it_as_an_alias(matcher):
    got = ids(matcher.find("Soldiers were ambushed between Koro and Bankass in Mali."))
    assert ("Koro", KORO_TOWN.id) in got and ("Bankass", BANKASS.id) in got


def test_spelling_variant_is_searched_only_in_the_region(matcher):
    text = "Militants attacked the army camp in Diabaly at dawn."
    assert matcher.find(text) == []  # no region: no fuzzy search anywhere
    [m] = matcher.find(text, prior=frozenset({"ML"}))
    assert (m.surface, m.place_id) == ("Diabaly", DIABALI.id)
    assert "spelling variant of 'Diabali'" in m.reason and "ML" in m.reason
    # a variant of a place outside the region is not taken
    assert matcher.find(text, prior=frozenset({"NE"})) == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("They fled the village of Sanga.", "Sanga"),
        ("Les habitants de la commune de Sanga ont fui.", "Sanga"),
        ("Clashes between Boni and Sanga left three dead.", "Sanga"),
        ("Des affrontements entre Boni et Sanga.", "Sanga"),
        ("Patrols near Sanga.", "Sanga"),
    ],
)
def test_cue_phrases(text, name):
    from articles.text import fold

    assert has_cue(fold(text), text.index(name), cues())


def test_no_cue_for_a_subject():
    from articles.text import fold

    text = "Sanga residents protested."
    assert not has_cue(fold(text), 0, cues())


def test_corpus_prior_is_the_countries_with_a_tenth_of_the_confident_mentions():
    assert corpus_prior({"ML": 40, "BF": 6, "FR": 3}) == {"ML", "BF"}
    assert corpus_prior({}) == frozenset()
    assert is_confident("curated regional gazetteer")
    assert is_confident("GeoNames regional extract; ML named in the article")
    assert not is_confident("GeoNames regional extract; ML is the corpus's region and named twice")


def test_the_build_learns_the_region_from_the_corpus(tmp_path, matcher):
    """Two notes name Mali; the third names only its village, which the prior then places."""
    import sqlite3

    from support import write_article

    from dashboard.build.pipeline import build_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "a.md", "Soldiers patrolled near Koro in Mali on Monday.\n")
    write_article(corpus, "b.md", "Mali: the army said its convoy reached Bankass.\n")
    write_article(corpus, "c.md", "Gunmen shot dead a shopkeeper in Boni on Sunday.\n")
    db = tmp_path / "index.sqlite"
    build_index(corpus, db, matcher=matcher)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select article_id, place_id, reason from mentions where article_id = 'c'"
        ).fetchall()
    assert [(a, p) for a, p, _ in rows] == [("c", BONI.id)]
    assert "corpus's region" in rows[0][2]


def test_a_village_the_dumps_hold_only_as_its_water_hole_or_ruin_is_found():
    from geodata.cache import load_matcher

    full = load_matcher()
    for text in (
        "Gunmen attacked a gendarmerie checkpoint in Gossi, Mali, on Sunday.",
        "Des hommes armés ont attaqué un poste de contrôle à Gossi, au Mali.",
    ):
        [m] = [m for m in full.find(text) if m.surface == "Gossi"]
        place = full.gazetteer.places[m.place_id]
        assert place.country == "ML" and place.kind == "site"
        assert place.extra["feature"] in ("S.RUIN", "H.LK")
        assert abs(place.lat - 15.8) < 0.1 and "ML named in the article" in m.reason


def test_homonym_villages_of_one_country_prefer_the_corpus_s_first_level_area():
    north = Place("9000001", "Tinkare", "village", "ML", 16.4, -3.5, 0, (), "regional")
    central = Place("9000002", "Tinkare", "village", "ML", 15.0, -4.2, 0, (), "regional")
    north = Place(**{**north.__dict__, "extra": {"admin1": "ML.08"}})
    central = Place(**{**central.__dict__, "extra": {"admin1": "ML.04"}})
    kanou = Place("9000003", "Kanoubougou", "village", "ML", 14.9, -4.0, 0, (), "regional")
    kanou = Place(**{**kanou.__dict__, "extra": {"admin1": "ML.04"}})
    m = PlaceMatcher(build_gazetteer([[north, central, kanou, MALI]]), common=frozenset())
    assert m.areas_named({"kanoubougou", "tinkare"}) == {"ML.04"}  # unique names only
    counts = {"ML": 30, "ML.04": 11, "ML.08": 1}  # 1 in 12: under a tenth
    prior = corpus_prior(counts)
    assert prior == frozenset({"ML", "ML.04"})
    [got] = m.find("Gunmen burned the market in Tinkare on Friday.", prior=prior)
    assert got.place_id == central.id and "ML.04, its first-level area" in got.reason
    [got] = m.find("Gunmen burned the market in Tinkare on Friday.", prior=frozenset({"ML"}))
    assert got.place_id in (north.id, central.id) and "first-level area" not in got.reason


# --- more evidence of a place around a name (2026-12-03) ------------------------------------

SOKOLO_TOWN = Place("2450849", "Sokolo", "village", "ML", 14.73, -6.12, 4374, (), "regional")
SOKOLO_HAMLET = Place("2450850", "Sokolo", "village", "ML", 14.9, -3.6, 0, (), "regional")
for _p, _a in ((SOKOLO_TOWN, "ML.05"), (SOKOLO_HAMLET, "ML.04")):
    _p.extra["admin1"] = _a
MENAKA = Place("2453514", "Ménaka", "town", "ML", 15.92, 2.40, 14085, ("Menaka",), "curated")
MENAKA_AIRPORT = Place("6297176", "Menaka Airport", "site", "ML", 15.93, 2.38, 0, (), "regional")
GOUMBA_ML = Place("6880287", "Goumba", "village", "ML", 13.6, -5.3, 0, (), "regional")
GOUMBA_SN = Place("2246000", "Goumba", "village", "SN", 14.5, -16.0, 0, (), "regional")
SENEGAL = Place("2245662", "Senegal", "country", "SN", 14.5, -14.5, 0, (), "world")
DANUBE = Place("9000001", "Delta", "village", "ML", 14.0, -4.0, 0, (), "regional")


@pytest.fixture(scope="module")
def wider() -> PlaceMatcher:
    places = [BONI, BANKASS, MALI, SOKOLO_TOWN, SOKOLO_HAMLET, MENAKA, MENAKA_AIRPORT]
    places += [GOUMBA_ML, GOUMBA_SN, SENEGAL, DANUBE]
    return PlaceMatcher(build_gazetteer([places]), common=frozenset())


ML_PRIOR = frozenset({"ML", "ML.04"})


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed a trader in central Bankass on Monday.",
        "The convoy was ambushed 40 km north of Bankass.",
        "The mayor of Bankass was abducted by armed men.",
        "Soldiers clashed with militants in the Bankass area.",
        "Des hommes armés ont tué un commerçant au nord de Bankass.",
        "Le maire de Bankass a été enlevé par des hommes armés.",
    ],
)
def test_where_around_a_name_and_nouns_after_it_are_cues(wider, text):
    [m] = [m for m in wider.find(text, prior=ML_PRIOR) if m.role == "place"]
    assert m.place_id == BANKASS.id and "locative" in m.reason


def test_without_a_cue_a_village_of_the_region_stays_unplaced(wider):
    assert wider.find("Bankass Traore said the meeting was over.", prior=ML_PRIOR) == []


def test_a_noun_after_a_longer_name_is_no_cue_for_its_last_word(wider):
    text = "Birds died in the Danube Delta area last week."
    assert [m for m in wider.find(text, prior=ML_PRIOR) if m.surface == "Delta"] == []


def test_a_populated_homonym_goes_before_unpopulated_ones_of_the_corpus_areas(wider):
    [m] = wider.find("An IED struck an army truck near Sokolo.", prior=ML_PRIOR)
    assert m.place_id == SOKOLO_TOWN.id


def test_an_airport_too_small_to_place_is_at_least_its_town(wider):
    [m] = wider.find("Two rockets struck Menaka Airport overnight.", prior=ML_PRIOR)
    assert (m.surface, m.place_id) == ("Menaka", MENAKA.id)
    assert "Menaka Airport" in m.reason


def test_a_nationality_is_weaker_than_the_corpus_region(wider):
    text = "Gunmen attacked the Senegalese contingent in the village of Goumba."
    got = {m.place_id for m in wider.find(text, prior=ML_PRIOR) if m.role == "place"}
    assert got == {GOUMBA_ML.id}
    # the country named as a place still wins; and with no corpus region the demonym counts
    text = "In Senegal, gunmen attacked the village of Goumba."
    assert GOUMBA_SN.id in {m.place_id for m in wider.find(text, prior=ML_PRIOR)}
    text = "Gunmen attacked the Senegalese contingent in the village of Goumba."
    assert GOUMBA_SN.id in {m.place_id for m in wider.find(text)}


def test_among_villages_of_the_corpus_areas_the_closest_spelling_of_its_own_name_wins():
    dya = Place("2458157", "Dyaloubé", "village", "ML", 16.0, -3.9, 0, ("Dialloube",), "regional")
    dia = Place("2459035", "Dialoubé", "village", "ML", 14.6, -4.6, 0, ("Dialloube",), "regional")
    dya.extra["admin1"], dia.extra["admin1"] = "ML.08", "ML.04"
    m = PlaceMatcher(build_gazetteer([[dya, dia]]), common=frozenset())
    [got] = m.find(
        "Soldiers were ambushed near Dialloube.", prior=frozenset({"ML", "ML.04", "ML.08"})
    )
    assert got.place_id == dia.id


def row(pid, name, kind, country, lat, lon, pop=0, aliases=(), source="regional", **extra):
    """A place shaped like a row of the GeoNames extract (made-up ids from 9000000)."""
    return Place(pid, name, kind, country, lat, lon, pop, aliases, source, extra=extra)


def test_a_town_of_the_region_named_like_an_everyday_word_needs_a_locative():
    """ "Diré" folds to "dire": an everyday word, a cercle seat on the Niger. Its namesake with a
    population but no first-level area (a misplaced point in GeoNames) is not preferred."""
    dire = row("9000011", "Diré", "town", "ML", 16.26, -3.40, aliases=("Dire",), admin1="ML.08")
    stray = row("9000012", "Diré", "town", "ML", 12.28, -10.97, pop=10943, aliases=("Dire",))
    m = PlaceMatcher(build_gazetteer([[dire, stray, MALI]]), common=frozenset({"dire"}))
    prior = frozenset({"ML", "ML.08"})
    [got] = m.find("Soldiers arrested two suspects in Dire on Sunday.", prior=prior)
    assert got.place_id == dire.id and "everyday word" in got.reason
    assert m.find("Dire warnings came from the mayor on Sunday.", prior=prior) == []  # no cue
    assert m.find("Millions In Dire Need Of Aid", prior=prior) == []  # a Title Case headline
    assert m.find("Soldiers arrested two suspects in Dire on Sunday.") == []  # no region
    assert m.find("SOLDIERS ARRESTED SUSPECTS IN DIRE", prior=prior) == []  # capitals
    # Without the first-level area in the prior the stray point is not sorted last: it still
    # does not stand, having no first-level area.
    [got] = m.find("Soldiers arrested two suspects in Dire.", prior=frozenset({"ML"}))
    assert got.place_id == dire.id
    san = row("9000013", "San", "town", "ML", 13.3, -4.9, admin1="ML.05")
    m = PlaceMatcher(build_gazetteer([[san, MALI]]), common=frozenset({"san"}))
    assert m.find("GUNMEN KILLED TWO IN SAN", prior=prior) == []  # three capitals
    assert [g.place_id for g in m.find("Gunmen killed two in San.", prior=prior)] == [san.id]


def test_a_village_in_a_region_the_note_names_is_the_one_of_that_region():
    """The curated "Ségou Region" takes the GeoNames codes of its row (first-level area ML.05),
    so "Téné in the Ségou region" is not the Téné of the corpus's own area (Mopti)."""
    region = ("2451477", "Ségou Region", "admin_area", "ML", 13.6, -5.9)
    curated = row(*region, source="curated")
    geonames = row(*region, source="world", admin1="ML.05", level=1)
    mopti = row("9000021", "Téné", "village", "ML", 14.55, -3.35, admin1="ML.04")
    segou = row("9000022", "Téné", "village", "ML", 13.41, -4.58, admin1="ML.05")
    g = build_gazetteer([[curated], [mopti, segou, geonames, MALI]])
    region = g.places["2451477"]
    assert region.source == "curated" and region.extra["admin1"] == "ML.05"
    m = PlaceMatcher(g, common=frozenset())
    got = m.find(
        "Two herders were shot near Tene, in the Segou region, at dawn.",
        prior=frozenset({"ML", "ML.04"}),
    )
    tene = [x for x in got if x.surface == "Tene"]
    assert [x.place_id for x in tene] == [segou.id] and "Ségou Region" in tene[0].reason
    assert "GeoNames regional extract" in tene[0].reason


def test_a_village_geonames_files_across_the_border_is_of_the_region():
    """A village GeoNames has only on the Burkinabè side of the border (made-up rows): in a
    corpus about Mali it is found, by its name or a spelling of it, because it lies within 25 km
    of a Malian village. One 300 km inside Burkina Faso is not."""
    border = row("9000031", "Boulikéssi", "village", "BF", 14.55, -1.60)
    malian = row("9000032", "Mondoro", "village", "ML", 14.65, -1.70)
    inland = row("9000033", "Tanwalbougou", "village", "BF", 12.10, -0.90)
    m = PlaceMatcher(build_gazetteer([[border, malian, inland, MALI]]), common=frozenset())
    prior = frozenset({"ML"})
    for text in (
        "A patrol hit a mine near Boulikessi on Sunday.",
        "A patrol hit a mine near Boulkessi on Sunday.",
    ):
        [got] = m.find(text, prior=prior)
        assert got.place_id == border.id and "at the border of ML" in got.reason
    assert m.find("A patrol hit a mine near Boulkessi on Sunday.") == []
    assert m.find("Gunmen attacked a post in Tanwalbougou on Sunday.", prior=prior) == []


def test_among_namesake_villages_the_seat_of_the_area_of_that_name_goes_first():
    """Several villages share the name; the second-level area named after its seat
    ("Kenieba Cercle", made-up rows) points at the one near it."""
    cercle = row(
        "9000041",
        "Kenieba Cercle",
        "admin_area",
        "ML",
        12.67,
        -11.0,
        feature="A.ADM2",
        admin1="ML.03",
    )
    village = {"feature": "P.PPL", "admin1": "ML.03"}
    far = row("9000042", "Kéniéba", "village", "ML", 14.15, -10.29, **village)
    seat = row("9000043", "Kéniéba", "village", "ML", 12.84, -11.24, **village)
    m = PlaceMatcher(build_gazetteer([[far, seat, cercle, MALI]]), common=frozenset())
    [got] = m.find("Gold miners protested in Kenieba on Monday.", prior=frozenset({"ML"}))
    assert got.place_id == seat.id and "the seat of Kenieba Cercle" in got.reason


def test_namesakes_nothing_else_tells_apart_go_to_the_corpus_s_part_of_the_map():
    """Two villages of one name in one first-level area, both unpopulated: the one next to the
    villages the corpus names (learnt as cells of the map) goes first, and the reason says so."""

    def village(id_: str, name: str, lat: float, lon: float) -> Place:
        p = Place(id_, name, "village", "ML", lat, lon, 0, (), "regional")
        return Place(**{**p.__dict__, "extra": {"admin1": "ML.04"}})

    far = village("9100001", "Samakoulou", 15.9, -4.6)  # listed first: the default pick
    near = village("9100002", "Samakoulou", 14.2, -2.9)
    sure = [
        village("9100003", "Pelgadjou", 14.3, -3.1),
        village("9100004", "Dinangoura", 14.1, -2.7),
    ]
    m = PlaceMatcher(build_gazetteer([[far, near, *sure, MALI]]), common=frozenset())
    assert m.cells_named({"pelgadjou", "dinangoura", "samakoulou"}) == {"@28,-7", "@28,-6"}
    text = "Gunmen burned granaries in Samakoulou on Sunday."
    [before] = m.find(text, prior=corpus_prior({"ML": 20, "ML.04": 20}))
    assert before.place_id == far.id
    counts = {"ML": 20, "ML.04": 20, "@28,-7": 12, "@28,-6": 8}
    prior = corpus_prior(counts)
    assert {"@28,-7", "@28,-6"} <= prior
    [got] = m.find(text, prior=prior)
    assert got.place_id == near.id and "near places the corpus names often" in got.reason
    # A cell holding under 3 % of what was counted is not the corpus's.
    assert "@30,-10" not in corpus_prior({**counts, "@30,-10": 0.5})
