from support import DATA, WORLD

from geodata.gazetteer import build_gazetteer, load_curated
from geodata.matcher import PlaceMatcher


def found(matcher, text):
    return [(m.surface, m.place_id, m.kind) for m in matcher.find(text)]


def test_aliases_accents_and_arabic_script(mini_matcher):
    text = (
        "Troops reached El Guerguerat, then Es-Semara. "
        "Le poste de Guergarat. الكركرات والسمارة. NOUAKCHOTT and nouakchott."
    )
    got = found(mini_matcher, text)
    assert ("El Guerguerat", "local:guerguerat", "body") in got
    assert ("Es-Semara", "2461874", "body") in got
    assert ("Guergarat", "local:guerguerat", "body") in got
    assert ("الكركرات", "local:guerguerat", "body") in got
    assert ("NOUAKCHOTT", "2377450", "body") in got
    # lower-case words are not taken as names
    assert all(s != "nouakchott" for s, _, _ in got)


def test_whole_words_only(mini_matcher):
    text = "Moroccan-Mauritanian talks in Malian towns; Rabat–Nouakchott axis."
    places = [m.surface for m in mini_matcher.find(text) if m.role == "place"]
    assert places == ["Rabat", "Nouakchott"]


def test_curated_wins_over_larger_world_place_with_the_same_alias(mini_matcher):
    [m] = mini_matcher.find("The Polisario shelled Smara last week.")
    assert m.place_id == "2461874"
    assert "curated" in m.reason and "499099" in m.alternatives


def test_country_named_in_article_decides(mini_matcher):
    gazetteer = build_gazetteer([[p for p in WORLD if p.id == "499099"]])
    matcher = PlaceMatcher(gazetteer)
    [m] = matcher.find("Smara is on the Volga.")
    assert m.place_id == "499099"  # the only candidate, and not a common word


def test_common_word_needs_evidence(mini_matcher):
    got = found(mini_matcher, "Nice work by the Moroccan army in Rabat.")
    assert [s for s, _, _ in got] == ["Moroccan", "Rabat"]  # a demonym, then the city
    assert all(s != "Nice" for s, _, _ in found(mini_matcher, "Nice work, said the officer."))
    assert ("Nice", "2990440", "body") in found(mini_matcher, "In France, Nice hosted the summit.")


def test_curated_common_word_needs_its_country(mini_matcher):
    assert found(mini_matcher, "Sale figures rose.") == []
    got = found(mini_matcher, "Le roi du Maroc était à Salé.")
    assert ("Salé", "2537763", "body") in got


def test_small_place_needs_country_and_locative(mini_matcher):
    assert found(mini_matcher, "Tichitt was mentioned.") == []
    assert found(mini_matcher, "Mauritania: Tichitt was mentioned.") == [
        ("Mauritania", "2378080", "body")
    ]
    got = found(mini_matcher, "Gunmen struck near Tichitt in eastern Mauritania.")
    assert ("Tichitt", "2374600", "body") in got
    assert "small place" in mini_matcher.find("Gunmen struck near Tichitt in Mauritania.")[0].reason


def test_caption_only_place_is_a_caption_mention(mini_matcher):
    text = (
        "Rabat hosted the session.\n\nGuerguerat Pass\n\nAFP/FADEL SENNA - Guerguerat Pass\n\n"
        "Related Articles\nSmara attack\n"
    )
    got = found(mini_matcher, text)
    assert ("Rabat", "2538475", "body") in got
    assert [k for s, _, k in got if s == "Guerguerat"] == ["caption", "caption"]
    assert all(s != "Smara" for s, _, _ in got)  # footer lines are dropped


def test_mentions_record_sentence_and_offsets(mini_matcher):
    text = "First sentence. The talks in Nouakchott ended."
    [m] = mini_matcher.find(text)
    assert text[m.start : m.end] == "Nouakchott"
    assert text[m.sentence_start : m.sentence_end] == "The talks in Nouakchott ended."


def test_overrides_win(tmp_path):
    overrides = tmp_path / "overrides.csv"
    overrides.write_text(
        "name,place_id,canonical,kind,country,lat,lon,note\n"
        "Smara,499099,,,,,,force the Russian one\n"
        "Semara,-,,,,,,never a place\n"
        ",2538475,,,,34.02,-6.84,corrected coordinates\n"
        "Bir Lahlou,local:bir-lahlou,Bir Lahlou,town,EH,26.35,-9.57,added\n",
        encoding="utf-8",
    )
    from geodata.gazetteer import load_overrides

    g = build_gazetteer(
        [load_curated(DATA / "mini_gazetteer.csv"), WORLD], load_overrides(overrides), "o.csv"
    )
    matcher = PlaceMatcher(g)
    got = {m.surface: m for m in matcher.find("Smara, Semara, Rabat and Bir Lahlou.")}
    assert got["Smara"].place_id == "499099" and "user override" in got["Smara"].reason
    assert "Semara" not in got
    assert g.places["2538475"].lat == 34.02
    assert got["Bir Lahlou"].place_id == "local:bir-lahlou"
