"""Conflict events (articles/roles.py, articles/casualties.py): ACLED-like types in English and
French, the parties' roles, casualty counts, the place's relation and undated ranges.

Every sentence here is written for these tests; places are ``PlaceSpan`` objects at the
offsets of the names given, as in tests/test_events.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from support import parsed_article

from articles.events import PlaceSpan, extract
from articles.text import segment_lines
from dashboard import export
from dashboard.store.records import EventRecord, Source
from dashboard.ui import panel

EN_DAY = "2024-03-06"  # a Wednesday
FR_DAY = "2024-03-06"


def conflict_events(body: str, *names: str, language: str = "en", published: str = EN_DAY):
    article = parsed_article(body + "\n", published=published, language=language)
    spans = []
    for name in names:
        start = body.index(name)
        spans.append(PlaceSpan(start, start + len(name), name.lower(), False))
    return extract(article, sorted(spans, key=lambda s: s.start), segment_lines(article.body))[
        "events"
    ]


def only(body: str, *names: str, **kw) -> dict:
    found = conflict_events(body, *names, **kw)
    assert len(found) == 1, [(e["type"], e["trigger"]) for e in found]
    return found[0]


def parties(event: dict) -> dict[str, str]:
    return {a["org_id"]: a.get("party") for a in event["actors"]}


EN_TYPES = [
    ("Rebels clashed with the army near Tessalit on Monday.", "armed_clash"),
    ("Jihadists took control of Kerou on Monday.", "territory_taken"),
    ("Mortar rounds hit the camp in Kerou on Monday.", "shelling_artillery"),
    ("A drone strike hit a pickup in Kerou on Monday.", "air_drone_strike"),
    ("An army truck struck an IED in Kerou on Monday.", "ied_landmine"),
    ("A suicide bomber blew himself up in Kerou on Monday.", "suicide_bomb"),
    ("Unknown gunmen attacked the village of Kerou on Monday.", "attack_on_civilians"),
    ("Gunmen abducted the mayor of Kerou on Monday.", "abduction"),
    ("Two women were raped in Kerou on Monday.", "sexual_violence"),
    ("Demonstrators gathered in Kerou on Monday.", "protest"),
    ("Rioters ransacked the town hall of Kerou on Monday.", "riot"),
    ("Police arrested a suspect in Kerou on Monday.", "arrest"),
    ("Gunmen looted shops in Kerou on Monday.", "looting"),
    ("Customs officers seized a weapons cache in Kerou on Monday.", "seizure"),
    ("Forty fighters defected to the army in Kerou on Monday.", "change_of_group"),
]
FR_TYPES = [
    ("De violents affrontements ont opposé l'armée aux rebelles à Kerou lundi.", "armed_clash"),
    ("Les jihadistes ont pris le contrôle de Kerou lundi.", "territory_taken"),
    ("Des obus sont tombés sur le camp de Kerou lundi.", "shelling_artillery"),
    ("Une frappe aérienne a visé un pick-up à Kerou lundi.", "air_drone_strike"),
    ("Un camion a sauté sur un engin explosif improvisé à Kerou lundi.", "ied_landmine"),
    ("Un kamikaze s'est fait exploser à Kerou lundi.", "suicide_bomb"),
    ("Des hommes armés ont attaqué le village de Kerou lundi.", "attack_on_civilians"),
    ("Le maire de Kerou a été enlevé lundi.", "abduction"),
    ("Deux femmes ont été violées à Kerou lundi.", "sexual_violence"),
    ("Une manifestation s'est tenue à Kerou lundi.", "protest"),
    ("Des émeutiers ont saccagé la mairie de Kerou lundi.", "riot"),
    ("Un suspect a été interpellé à Kerou lundi.", "arrest"),
    ("Des boutiques ont été pillées à Kerou lundi.", "looting"),
    ("Les douaniers ont saisi des armes à Kerou lundi.", "seizure"),
    ("Quarante combattants ont fait défection à Kerou lundi.", "change_of_group"),
]


@pytest.mark.parametrize(("sentence", "kind"), EN_TYPES, ids=[k for _, k in EN_TYPES])
def test_each_conflict_type_in_english(sentence, kind):
    event = only(sentence, "Kerou" if "Kerou" in sentence else "Tessalit")
    assert (event["type"], event["family"]) == (kind, "conflict")
    assert (event["date_start"], event["date_end"]) == ("2024-03-04", "2024-03-04")
    assert event["place_ids"] == ["kerou" if "Kerou" in sentence else "tessalit"]


@pytest.mark.parametrize(("sentence", "kind"), FR_TYPES, ids=[k for _, k in FR_TYPES])
def test_each_conflict_type_in_french(sentence, kind):
    event = only(sentence, "Kerou", language="fr", published=FR_DAY)
    assert (event["type"], event["family"]) == (kind, "conflict")
    assert (event["date_start"], event["date_end"]) == ("2024-03-04", "2024-03-04")
    assert event["place_ids"] == ["kerou"]


def test_attacked_then_killing_is_one_event_with_its_toll():
    event = only(
        "On Monday, Dogon militiamen attacked the Fulani village of Kerou, killing five "
        "civilians and wounding two others.",
        "Kerou",
    )
    assert event["type"] == "attack_on_civilians"
    assert (event["fatalities"], event["injured"]) == (5, 2)
    assert parties(event) == {
        "dogon-militia": "actor1",
        "fulani-civilians": "actor2",
        "civilians": "actor2",
    }


def test_a_passive_attack_names_its_author_after_by_and_its_target_before():
    event = only("A FAMa patrol was ambushed by JNIM militants near Tessit on Monday.", "Tessit")
    assert event["type"] == "armed_clash"
    assert parties(event) == {"ml-armed-forces": "actor2", "jnim": "actor1"}
    assert event["place_relation"] == "near"


def test_forces_in_cooperation_with_a_group_are_associated():
    event = only(
        "On Monday, Barkhane forces in cooperation with GATIA raided an ISGS camp near Kerou.",
        "Kerou",
    )
    assert parties(event) == {"barkhane": "actor1", "gatia": "associated", "isgs": "actor2"}


def test_french_roles_and_toll():
    event = only(
        "Lundi, des présumés djihadistes ont attaqué un poste des FAMa à Kerou, faisant "
        "douze morts et 4 blessés.",
        "Kerou",
        language="fr",
        published=FR_DAY,
    )
    assert event["type"] == "armed_clash"
    assert parties(event) == {"suspected-jihadists": "actor1", "ml-armed-forces": "actor2"}
    assert (event["fatalities"], event["injured"]) == (12, 4)


def test_an_organisation_where_someone_spoke_is_not_a_party():
    event = only(
        "Speaking at the United Nations, the minister said gunmen attacked Kerou on Monday.",
        "Kerou",
    )
    assert "un" not in parties(event)
    assert parties(event) == {"unidentified-gunmen": "actor1"}


@pytest.mark.parametrize(
    ("language", "body", "fatalities", "injured"),
    [
        ("en", "Two soldiers were killed in an ambush in Kerou on Monday.", 2, None),
        ("en", "A soldier was killed and 3 others were wounded in Kerou on Monday.", 1, 3),
        ("fr", "L'attaque de Kerou, lundi, a fait un mort et trois blessés.", 1, 3),
        ("fr", "Une embuscade a fait 12 morts lundi à Kerou.", 12, None),
        ("en", "Gunmen attacked Kerou on Monday.", None, None),
    ],
)
def test_fatalities_and_injured_as_words_and_digits(language, body, fatalities, injured):
    event = only(body, "Kerou", language=language)
    assert (event["fatalities"], event["injured"]) == (fatalities, injured)


def test_a_number_in_a_date_is_not_a_toll():
    event = only("On March 4 gunmen killed two herders in Kerou.", "Kerou")
    assert event["fatalities"] == 2


def test_an_undated_attack_is_the_week_before_publication():
    event = only("Unknown gunmen attacked the village of Kerou.", "Kerou")
    assert (event["date_start"], event["date_end"]) == ("2024-02-28", EN_DAY)
    assert (event["date_precision"], event["date_basis"]) == ("days", "published")
    assert event["own_date"] is False


def test_an_attack_told_as_before_a_meeting_ends_before_it():
    body = (
        "General Belkhir El Farouk met with Colonel Driss Had Zine in Rabat on Monday, after "
        "the shelling of Smara."
    )
    found = conflict_events(body, "Rabat", "Smara")
    meeting = next(e for e in found if e["type"] == "meeting")
    shelling = next(e for e in found if e["family"] == "conflict")
    assert meeting["date_start"] == "2024-03-04"
    assert (shelling["date_start"], shelling["date_end"]) == ("2024-02-25", "2024-03-03")
    assert shelling["place_ids"] == ["smara"]


def test_a_french_attack_after_which_a_visit_came_ends_before_the_visit():
    body = (
        "Le colonel Idriss Hadd Zine s'est rendu à Nouakchott lundi, après le bombardement de "
        "Smara."
    )
    found = conflict_events(body, "Nouakchott", "Smara", language="fr", published=FR_DAY)
    shelling = next(e for e in found if e["family"] == "conflict")
    assert shelling["date_end"] == "2024-03-03"


def test_between_two_places_is_kept_as_such():
    event = only("On Monday, an IED hit a convoy between Kerou and Tessit.", "Kerou", "Tessit")
    assert event["place_relation"] == "between"
    assert event["place_ids"] == ["kerou", "tessit"]


def _record(**kw) -> EventRecord:
    fields = dict(
        id="ev-1",
        type="attack_on_civilians",
        title="Attack <b>",
        language="en",
        date_start=dt.date(2024, 2, 28),
        date_end=dt.date(2024, 3, 6),
        date_precision="days",
        date_basis="published",
        date_estimated=False,
        date_text=None,
        status="past",
        family="conflict",
        fatalities=5,
        injured=2,
        place_relation="near",
        places=[("kerou", "Kerou")],
        actors=[("org:jnim", "JNIM <x>"), ("org:civilians", "Civilians")],
        roles={"org:jnim": "actor1", "org:civilians": "actor2"},
        sources=[
            Source(
                "a1",
                "T",
                "Wire",
                "https://example.org/a",
                "en",
                dt.date(2024, 3, 6),
                "day",
                "Gunmen attacked Kerou.",
                0,
            )
        ],
    )
    fields.update(kw)
    return EventRecord(**fields)


def test_the_panel_shows_the_toll_roles_and_when_an_undated_event_was_reported():
    html = panel.event_html(_record(), ["Kerou"])
    assert "Fatalities: 5 · Injured: 2" in html
    assert "reported on 06 Mar 2024" in html
    assert "JNIM &lt;x&gt; (by)" in html and "Civilians (against)" in html
    assert "near Kerou" in html and "<x>" not in html


def test_exports_carry_the_conflict_fields():
    [row] = __import__("json").loads(export.events_json([_record()]))
    assert (row["family"], row["fatalities"], row["injured"], row["place_relation"]) == (
        "conflict", 5, 2, "near",
    )  # fmt: skip
    assert row["actors"][0] == {"id": "org:jnim", "name": "JNIM <x>", "role": "actor1"}
    csv_text = export.events_csv([_record()])
    assert "fatalities" in csv_text.splitlines()[0]
    assert "JNIM <x> (actor1)|Civilians (actor2)" in csv_text


def test_the_events_a_visit_came_after_ended_before_the_visit():
    body = (
        "Le ministre s'est rendu à Rabat le 3 mars. Cette visite intervient après les "
        "événements de Smara."
    )
    found = conflict_events(body, "Rabat", "Smara", language="fr", published=FR_DAY)
    visit = next(e for e in found if e["type"] == "visit")
    attack = next(e for e in found if e["family"] == "conflict")
    assert (visit["date_start"], len(visit["evidence"])) == ("2024-03-03", 2)
    assert (attack["date_start"], attack["date_end"]) == ("2024-02-24", "2024-03-02")
    assert attack["place_ids"] == ["smara"]


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("en", "On Monday, militants carried out a complex ambush near Kerou: an IED detonation "
               "followed by small arms fire against an army convoy."),
        ("fr", "Lundi, des jihadistes ont mené une attaque complexe à Kerou : un engin explosif "
               "improvisé suivi d'un assaut armé contre un convoi de l'armée."),
    ],
)  # fmt: skip
def test_a_bomb_followed_by_gunfire_is_a_clash(language, body):
    assert only(body, "Kerou", language=language)["type"] == "armed_clash"


def test_victims_named_by_a_word_are_civilians_against_whom():
    event = only("On Monday, unknown gunmen killed two herders near Kerou.", "Kerou")
    assert event["type"] == "attack_on_civilians"
    assert parties(event) == {"unidentified-gunmen": "actor1", "civilians": "actor2"}
    assert [a["name"] for a in event["actors"]] == ["unknown gunmen", "herders"]


def test_a_group_claiming_the_attack_in_a_later_sentence_did_it():
    body = (
        "On Monday, three Malian soldiers were wounded by an IED near Kerou. JNIM claimed "
        "responsibility."
    )
    event = only(body, "Kerou")
    assert (event["type"], event["injured"]) == ("ied_landmine", 3)
    assert parties(event) == {"ml-armed-forces": "actor2", "jnim": "actor1"}


def test_protesters_are_the_actors_of_a_protest():
    event = only("Hundreds of protesters marched in Kerou on Monday.", "Kerou")
    assert event["type"] == "protest"
    assert parties(event) == {"protesters": "actor1"}


def test_a_protest_with_no_one_named_was_held_by_protesters():
    event = only("Une manifestation s'est tenue à Kerou lundi.", "Kerou", language="fr")
    assert parties(event) == {"protesters": "actor1"}


def test_what_a_bomb_struck_is_its_target():
    event = only("On Monday, a FAMa vehicle was struck by an IED near Kerou.", "Kerou")
    assert parties(event) == {"ml-armed-forces": "actor2"}


@pytest.mark.parametrize(
    ("language", "body", "fatalities"),
    [
        ("en", "On Monday, gunmen shot dead the mayor of Kerou.", 1),
        ("en", "On Monday, gunmen shot dead the chiefs of Kerou.", None),  # how many: not said
        ("en", "On Monday, two herders were found dead near Kerou.", 2),
        ("fr", "Lundi, des hommes armés ont tué le chef du village de Kerou.", 1),
    ],
)
def test_one_victim_named_with_the(language, body, fatalities):
    assert only(body, "Kerou", language=language)["fatalities"] == fatalities


def test_a_place_inside_an_organisation_name_is_not_a_place(mini_matcher):
    from dashboard.build.analysis import analyse_article

    body = "On Monday, the G5 Sahel force clashed with jihadists near Smara.\n"
    article = parsed_article(body, published=EN_DAY)
    analysis = analyse_article(article, mini_matcher, segment_lines(body))
    assert [m.place_id for m in analysis.mentions] == ["2461874"]  # Smara, not the Sahel
    [event] = analysis.payload["events"]
    assert (event["place_ids"], event["place_relation"]) == (["2461874"], "near")
    assert parties(event) == {"g5-sahel": "actor1", "suspected-jihadists": "actor2"}


def test_a_protest_meeting_is_a_protest_not_a_meeting():
    event = only("On Monday, thousands gathered in Kerou for a protest meeting.", "Kerou")
    assert event["type"] == "protest"


def test_where_a_meeting_was_held_is_no_participant():
    body = "General Belkhir El Farouk met with Colonel Driss Had Zine at the United Nations.\n"
    [event] = conflict_events(body)
    assert event["type"] == "meeting"
    assert [a["kind"] for a in event["actors"]] == ["person", "person"]
