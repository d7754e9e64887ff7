"""Event extraction from one article (articles/events.py): short EN/FR texts, exact values.

Articles are parsed from Markdown like the corpus files; places are ``PlaceSpan`` objects built
here at the offsets of every occurrence of a name, the way ``dashboard.build.analysis`` passes
matcher mentions to ``extract``.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from support import parsed_article

from articles.events import EventDraft, PlaceSpan, extract, extract_drafts
from articles.text import segment_lines

# 2023-11-08, 2022-05-25 and 2020-01-29 are Wednesdays; 2025-06-05 is a Thursday.
EN_DAY = "2023-11-08"
FR_DAY = "2020-01-29"

AREAS = {"Morocco", "Maroc", "Mauritania", "Mauritanie"}
EN_VISIT = "Colonel Driss Had Zine visited Nouakchott"
FR_VISIT = "Le colonel Idriss Hadd Zine s'est rendu à Nouakchott"


make_article = partial(parsed_article, published=EN_DAY)


def place_spans(body: str, *names: str) -> list[PlaceSpan]:
    """A span for every occurrence of every name; countries are areas."""
    spans = []
    for name in names:
        start = body.index(name)
        while start >= 0:
            pid = name.lower().replace(" ", "-")
            spans.append(PlaceSpan(start, start + len(name), pid, name in AREAS))
            start = body.find(name, start + 1)
    return sorted(spans, key=lambda s: s.start)


def payload(body: str, *names: str, **meta: str) -> dict:
    article = make_article(body, **meta)
    return extract(article, place_spans(body, *names), segment_lines(body))


def events(body: str, *names: str, **meta: str) -> list[dict]:
    return payload(body, *names, **meta)["events"]


def only_event(body: str, *names: str, **meta: str) -> dict:
    found = events(body, *names, **meta)
    assert len(found) == 1, [(e["type"], e["trigger"]) for e in found]
    return found[0]


def span_of(body: str, sentence: str) -> list[int]:
    start = body.index(sentence)
    return [start, start + len(sentence)]


def people(event: dict) -> list[tuple[str, str | None]]:
    return [(a["name"], a["title"]) for a in event["actors"] if a["kind"] == "person"]


def organisations(event: dict) -> list[str]:
    return [a["org_id"] for a in event["actors"] if a["kind"] == "organisation"]


# Every event type, in English and in French
#
# Each case: the sentence, the place names in it, then the expected type, trigger, date range,
# date basis, status, place ids, area ids, people (name, title) and organisation ids.

EN_LEAD = "Officials confirmed the news. "
FR_LEAD = "Les responsables ont confirmé l'information. "

EN_CASES = [
    (
        "General Belkhir El Farouk met with Colonel Driss Had Zine in Rabat on 21 October 2023.",
        ["Rabat"],
        "meeting",
        "met with",
        ("2023-10-21", "2023-10-21"),
        "stated",
        "past",
        ["rabat"],
        [],
        [("Belkhir El Farouk", "General"), ("Driss Had Zine", "Colonel")],
        [],
    ),
    (
        "Colonel Driss Had Zine visited Nouakchott on Tuesday.",
        ["Nouakchott"],
        "visit",
        "visited",
        ("2023-11-07", "2023-11-07"),
        "relative",
        "past",
        ["nouakchott"],
        [],
        [("Driss Had Zine", "Colonel")],
        [],
    ),
    (
        "The third session of the Joint Military Commission took place in Rabat on "
        "6 November 2023.",
        ["Rabat"],
        "commission_session",
        "third session of the Joint Military Commission",
        ("2023-11-06", "2023-11-06"),
        "stated",
        "past",
        ["rabat"],
        [],
        [],
        [],  # a session noun does not name its participants
    ),
    (
        "The Royal Armed Forces and the Mauritanian Armed Forces signed a memorandum of "
        "understanding in Rabat on 6 November 2023.",
        ["Rabat"],
        "agreement",
        "signed a memorandum",
        ("2023-11-06", "2023-11-06"),
        "stated",
        "past",
        ["rabat"],
        [],
        [],
        ["far", "mr-armed-forces"],
    ),
    (
        "The Polisario Front shelled Mahbes on Sunday.",
        ["Mahbes"],
        "shelling_artillery",
        "shelled",
        ("2023-11-05", "2023-11-05"),
        "relative",
        "past",
        ["mahbes"],
        [],
        [],
        ["polisario"],
    ),
    (
        "The Royal Armed Forces launched a military operation near Guerguerat on 2 November 2023.",
        ["Guerguerat"],
        "military_operation",
        "military operation",
        ("2023-11-02", "2023-11-02"),
        "stated",
        "past",
        ["guerguerat"],
        [],
        [],
        ["far"],
    ),
    (
        "General El Mokhtar Bolle Chaabane was appointed chief of staff in Nouakchott in "
        "October 2023.",
        ["Nouakchott"],
        "appointment",
        "was appointed",
        ("2023-10-01", "2023-10-31"),
        "stated",
        "past",
        [],  # an appointment is not placed on the map
        [],
        [("El Mokhtar Bolle Chaabane", "General")],
        [],
    ),
    (
        "Morocco opened a consulate in Dakhla on 5 November 2023.",
        ["Morocco", "Dakhla"],
        "opening",
        "opened a consulate",
        ("2023-11-05", "2023-11-05"),
        "stated",
        "past",
        ["dakhla"],
        ["morocco"],
        [],
        [],
    ),
    (
        "The two armies are planning joint exercises in Atar for 2024.",
        ["Atar"],
        "plan",
        "planning joint exercises",
        ("2024-01-01", "2024-12-31"),
        "stated",
        "planned",
        ["atar"],
        [],
        [],
        [],
    ),
]

FR_CASES = [
    (
        "Le général Belkhir El Farouk a rencontré le colonel Idriss Hadd Zine à Rabat le "
        "27 janvier 2020.",
        ["Rabat"],
        "meeting",
        "a rencontré",
        ("2020-01-27", "2020-01-27"),
        "stated",
        "past",
        ["rabat"],
        [],
        [("Belkhir El Farouk", "général"), ("Idriss Hadd Zine", "colonel")],
        [],
    ),
    (
        "Le colonel Idriss Hadd Zine s'est rendu à Nouakchott mardi.",
        ["Nouakchott"],
        "visit",
        "s'est rendu",
        ("2020-01-28", "2020-01-28"),
        "relative",
        "past",
        ["nouakchott"],
        [],
        [("Idriss Hadd Zine", "colonel")],
        [],
    ),
    (
        "La deuxième session de la Commission militaire mixte s'est tenue à Nouakchott hier.",
        ["Nouakchott"],
        "commission_session",
        "deuxième session de la Commission militaire mixte",
        ("2020-01-28", "2020-01-28"),
        "relative",
        "past",
        ["nouakchott"],
        [],
        [],
        [],
    ),
    (
        "Les Forces armées royales et l'armée mauritanienne ont signé un mémorandum d'entente à "
        "Rabat le 29 janvier 2020.",
        ["Rabat"],
        "agreement",
        "signé un mémorandum",
        ("2020-01-29", "2020-01-29"),
        "stated",
        "past",
        ["rabat"],
        [],
        [],
        ["far", "mr-armed-forces"],
    ),
    (
        "Le Front Polisario a bombardé la ville de Smara le 26 janvier 2020.",
        ["Smara"],
        "shelling_artillery",
        "bombardé",
        ("2020-01-26", "2020-01-26"),
        "stated",
        "past",
        ["smara"],
        [],
        [],
        ["polisario"],
    ),
    (
        "Les Forces armées royales ont lancé une opération militaire près de Guerguerat le "
        "20 janvier 2020.",
        ["Guerguerat"],
        "military_operation",
        "opération militaire",
        ("2020-01-20", "2020-01-20"),
        "stated",
        "past",
        ["guerguerat"],
        [],
        [],
        ["far"],
    ),
    (
        "Le général Mohamed Ould Bouamatou a été nommé chef d'état-major à Nouakchott en "
        "décembre 2019.",
        ["Nouakchott"],
        "appointment",
        "a été nommé",
        ("2019-12-01", "2019-12-31"),
        "stated",
        "past",
        [],
        [],
        [("Mohamed Ould Bouamatou", "général")],
        [],
    ),
    (
        "Le Maroc a annoncé l'ouverture d'un consulat à Dakhla le 29 janvier 2020.",
        ["Maroc", "Dakhla"],
        "opening",
        "ouverture d'un consulat",
        ("2020-01-29", "2020-01-29"),
        "stated",
        "past",
        ["dakhla"],
        ["maroc"],
        [],
        [],
    ),
    (
        "Des exercices conjoints sont prévus pour 2021 à Atar.",
        ["Atar"],
        "plan",
        "prévus pour",
        ("2021-01-01", "2021-12-31"),
        "stated",
        "planned",
        ["atar"],
        [],
        [],
        [],
    ),
]


def _check_case(lead, published, language, case):
    sentence, names, kind, trigger, dates, basis, status, place_ids, area_ids, who, orgs = case
    body = lead + sentence + "\n"
    event = only_event(body, *names, language=language, published=published)
    assert event["type"] == kind
    assert event["language"] == language
    assert event["trigger"].strip() == trigger
    assert body[event["trigger_start"] :].startswith(event["trigger"])
    assert event["evidence"] == [span_of(body, sentence)]
    start, end = event["evidence"][0]
    assert body[start:end] == sentence
    assert (event["date_start"], event["date_end"]) == dates
    assert event["date_basis"] == basis
    assert event["status"] == status
    assert event["place_ids"] == place_ids
    assert event["area_ids"] == area_ids
    assert people(event) == who
    assert organisations(event) == orgs


@pytest.mark.parametrize("case", EN_CASES, ids=[c[2] for c in EN_CASES])
def test_each_english_event_type(case):
    _check_case(EN_LEAD, EN_DAY, "en", case)


@pytest.mark.parametrize("case", FR_CASES, ids=[c[2] for c in FR_CASES])
def test_each_french_event_type(case):
    _check_case(FR_LEAD, FR_DAY, "fr", case)


def test_a_sentence_without_trigger_gives_no_event():
    assert events("Officials confirmed the news in Rabat on Tuesday.", "Rabat") == []
    assert events("Le temps était clément à Rabat mardi.", "Rabat", language="fr") == []


def test_captions_are_not_event_evidence():
    body = (
        "Officials confirmed the news.\n"
        "General Belkhir El Farouk met with Colonel Driss Had Zine in Rabat\n"
        "AFP/FADEL SENNA - General Belkhir El Farouk met with Colonel Driss Had Zine in Rabat\n"
    )
    assert [s.kind for s in segment_lines(body)] == ["body", "caption", "caption"]
    assert events(body, "Rabat") == []


def test_the_payload_lists_every_actor_of_the_article():
    body = "Professor Ahmed Benali said the Polisario Front shelled Mahbes on Sunday.\n"
    result = payload(body, "Mahbes")
    assert [(a["name"], a["kind"], a["org_id"]) for a in result["actors"]] == [
        ("Ahmed Benali", "person", None),
        ("Polisario Front", "organisation", "polisario"),
    ]
    assert [a["name"] for a in result["events"][0]["actors"]] == ["Polisario Front"]


def test_drafts_survive_a_json_round_trip():
    body = "Colonel Driss Had Zine visited Nouakchott on Tuesday.\n"
    article = make_article(body)
    drafts = extract_drafts(article, place_spans(body, "Nouakchott"), segment_lines(body))
    assert len(drafts) == 1
    assert EventDraft.from_json(drafts[0].to_json()) == drafts[0]
    assert drafts[0].places == ["nouakchott"]


# Dates


def test_stated_absolute_date_in_english():
    body = "General Belkhir El Farouk met with Colonel Driss Had Zine in Rabat on 21 July 2006.\n"
    event = only_event(body, "Rabat", published="2006-07-25")
    assert (event["date_start"], event["date_end"]) == ("2006-07-21", "2006-07-21")
    assert event["date_precision"] == "day"
    assert event["date_basis"] == "stated"
    assert event["date_text"] == "21 July 2006"
    assert event["own_date"] is True
    assert event["status"] == "past"


def test_stated_absolute_date_in_french():
    body = "Le colonel Idriss Hadd Zine s'est rendu à Nouakchott le 29 janvier 2020.\n"
    event = only_event(body, "Nouakchott", language="fr", published="2020-02-03")
    assert (event["date_start"], event["date_end"]) == ("2020-01-29", "2020-01-29")
    assert event["date_basis"] == "stated"
    assert event["date_text"] == "29 janvier 2020"


@pytest.mark.parametrize(
    ("language", "published", "body", "expected", "text"),
    [
        ("en", EN_DAY, f"{EN_VISIT} on Tuesday.", "2023-11-07", "Tuesday"),
        ("en", EN_DAY, f"{EN_VISIT} yesterday.", "2023-11-07", "yesterday"),
        ("en", EN_DAY, f"{EN_VISIT} on Wednesday.", "2023-11-08", "Wednesday"),
        ("en", EN_DAY, f"{EN_VISIT} on Thursday.", "2023-11-02", "Thursday"),
        ("fr", FR_DAY, f"{FR_VISIT} mardi.", "2020-01-28", "mardi"),
        ("fr", FR_DAY, f"{FR_VISIT} hier.", "2020-01-28", "hier"),
        ("fr", FR_DAY, f"{FR_VISIT} vendredi.", "2020-01-24", "vendredi"),
    ],
)
def test_dates_relative_to_publication(language, published, body, expected, text):
    event = only_event(body, "Nouakchott", language=language, published=published)
    assert (event["date_start"], event["date_end"]) == (expected, expected)
    assert event["date_precision"] == "day"
    assert event["date_basis"] == "relative"
    assert event["date_text"] == text
    assert event["date_estimated"] is False
    assert event["status"] == "past"


@pytest.mark.parametrize(
    ("language", "published", "body"),
    [
        ("en", EN_DAY, "General Belkhir El Farouk met with Colonel Driss Had Zine in Rabat."),
        (
            "fr",
            FR_DAY,
            "Le général Belkhir El Farouk a rencontré le colonel Idriss Hadd Zine à Rabat.",
        ),
    ],
)
def test_no_date_is_the_week_before_publication_and_says_so(language, published, body):
    # not a day at the publication date: the text only says it happened by then
    event = only_event(body, "Rabat", language=language, published=published)
    week_before = (dt.date.fromisoformat(published) - dt.timedelta(days=7)).isoformat()
    assert (event["date_start"], event["date_end"]) == (week_before, published)
    assert event["date_precision"] == "days"
    assert event["date_basis"] == "published"
    assert event["date_text"] is None
    assert event["own_date"] is False
    assert event["date_estimated"] is False
    assert event["status"] == "past"


@pytest.mark.parametrize(
    ("when", "basis", "date", "estimated"),
    [
        ("", "published", "2025-05-29", True),
        (" yesterday", "relative", "2025-06-04", True),
        (" on Tuesday", "relative", "2025-06-03", True),
        (" on 3 June 2025", "stated", "2025-06-03", False),
    ],
)
def test_an_estimated_publication_date_makes_derived_dates_estimated(when, basis, date, estimated):
    body = f"General Belkhir El Farouk met with Colonel Driss Had Zine in Rabat{when}.\n"
    event = only_event(body, "Rabat", published="2025-06-05", precision="estimated")
    assert event["date_basis"] == basis
    assert event["date_start"] == date
    assert event["date_end"] == ("2025-06-05" if basis == "published" else date)
    assert event["date_estimated"] is estimated


def test_an_estimated_publication_date_in_french():
    body = "Le colonel Idriss Hadd Zine s'est rendu à Nouakchott hier.\n"
    event = only_event(
        body, "Nouakchott", language="fr", published="2025-06-05", precision="estimated"
    )
    assert (event["date_start"], event["date_basis"], event["date_estimated"]) == (
        "2025-06-04",
        "relative",
        True,
    )


def test_each_trigger_takes_the_date_and_place_on_its_right():
    sentence = (
        "Colonel Driss Had Zine visited Nouakchott on Monday and the two armies signed a "
        "memorandum of understanding in Atar on Tuesday."
    )
    found = events(sentence, "Nouakchott", "Atar")
    assert [(e["type"], e["place_ids"], e["date_start"]) for e in found] == [
        ("visit", ["nouakchott"], "2023-11-06"),
        ("agreement", ["atar"], "2023-11-07"),
    ]
    assert [e["evidence"] for e in found] == [[[0, len(sentence)]], [[0, len(sentence)]]]


def test_a_place_before_every_trigger_belongs_to_the_first():
    body = "In Rabat, General Belkhir El Farouk met with Colonel Driss Had Zine on Tuesday."
    event = only_event(body, "Rabat")
    assert event["place_ids"] == ["rabat"]
    assert event["own_place"] is True
    assert event["date_start"] == "2023-11-07"


def test_a_country_alone_is_an_area_not_an_own_place():
    event = only_event("General Belkhir El Farouk visited Mauritania on Tuesday.", "Mauritania")
    assert event["place_ids"] == []
    assert event["area_ids"] == ["mauritania"]
    assert event["own_place"] is False


def test_a_plan_without_place_happens_where_its_sentence_event_is():
    body = (
        "General Belkhir El Farouk met with Colonel Driss Had Zine in Rabat on Tuesday, "
        "planning joint exercises for 2024."
    )
    meeting, plan = events(body, "Rabat")
    assert (meeting["type"], meeting["status"], meeting["date_start"]) == (
        "meeting",
        "past",
        "2023-11-07",
    )
    assert (plan["type"], plan["status"], plan["date_start"], plan["date_end"]) == (
        "plan",
        "planned",
        "2024-01-01",
        "2024-12-31",
    )
    assert plan["place_ids"] == ["rabat"]
    assert plan["own_place"] is False


# Status


def test_will_makes_an_event_planned():
    body = "The Joint Military Commission will hold talks in Rabat in 2024."
    event = only_event(body, "Rabat")
    assert event["type"] == "meeting"
    assert event["status"] == "planned"
    assert (event["date_start"], event["date_end"]) == ("2024-01-01", "2024-12-31")
    assert organisations(event) == ["mr-ma-joint-military-commission"]


def test_a_future_marker_alone_makes_an_undated_event_planned():
    event = only_event("The Joint Military Commission will hold talks in Rabat.", "Rabat")
    assert event["status"] == "planned"
    assert (event["date_start"], event["date_basis"]) == (EN_DAY, "published")


def test_a_date_after_publication_makes_an_event_planned():
    body = (
        "The fourth session of the Joint Military Commission takes place in Rabat on "
        "20 November 2023."
    )
    event = only_event(body, "Rabat")
    assert event["type"] == "commission_session"
    assert event["ordinal"] == 4
    assert event["status"] == "planned"
    assert event["date_start"] == "2023-11-20"


def test_french_plan_for_a_span_of_years_is_planned():
    body = "Les deux parties prévoient de planifier des activités communes pour 2022-2023."
    event = only_event(body, language="fr", published="2022-05-25")
    assert event["type"] == "plan"
    assert event["trigger"] == "planifier"
    assert event["status"] == "planned"
    assert (event["date_start"], event["date_end"]) == ("2022-01-01", "2023-12-31")
    assert event["date_precision"] == "years"
    assert event["date_text"] == "2022-2023"


def test_french_future_marker_makes_an_opening_planned():
    body = "Le consulat entrera en fonction à Dakhla le 3 février 2020."
    event = only_event(body, "Dakhla", language="fr", published=FR_DAY)
    assert (event["type"], event["status"], event["date_start"]) == (
        "opening",
        "planned",
        "2020-02-03",
    )


def test_an_old_stated_date_is_background():
    body = "The memorandum signed on 21 July 2006 remains the basis of cooperation."
    event = only_event(body, published="2022-05-25")
    assert event["type"] == "agreement"
    assert event["trigger"] == "memorandum signed"
    assert event["status"] == "background"
    assert (event["date_start"], event["date_basis"], event["date_text"]) == (
        "2006-07-21",
        "stated",
        "21 July 2006",
    )


def test_background_is_more_than_90_days_before_publication():
    published = dt.date(2023, 11, 8)
    inside = published - dt.timedelta(days=90)
    outside = published - dt.timedelta(days=91)
    for day, status in ((inside, "past"), (outside, "background")):
        body = (
            f"Colonel Driss Had Zine visited Nouakchott on {day.day} "
            f"{day.strftime('%B')} {day.year}."
        )
        assert only_event(body, "Nouakchott")["status"] == status, day


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("en", "The two armies have held talks for years."),
        ("fr", "Les deux armées multiplient les entretiens depuis des années."),
    ],
)
def test_background_marker_without_date_gets_no_publication_date(language, body):
    event = only_event(body, language=language)
    assert event["type"] == "meeting"
    assert event["status"] == "background"
    assert (event["date_start"], event["date_end"]) == (None, None)
    assert event["own_date"] is False


# Actors


def test_commentators_are_not_participants():
    body = (
        "Professor Ahmed Benali said General Belkhir El Farouk met with Colonel Driss Had Zine "
        "in Rabat on Tuesday."
    )
    event = only_event(body, "Rabat")
    assert people(event) == [("Belkhir El Farouk", "General"), ("Driss Had Zine", "Colonel")]


def test_french_commentators_are_not_participants():
    body = (
        "Le professeur Ahmed Benali a indiqué que le général Belkhir El Farouk a rencontré le "
        "colonel Idriss Hadd Zine à Rabat mardi."
    )
    event = only_event(body, "Rabat", language="fr", published=FR_DAY)
    assert people(event) == [("Belkhir El Farouk", "général"), ("Idriss Hadd Zine", "colonel")]


def test_attacks_have_organisations_not_people_as_actors():
    body = "General Belkhir El Farouk said the Polisario Front shelled Mahbes on Sunday."
    event = only_event(body, "Mahbes")
    assert [(a["name"], a["kind"]) for a in event["actors"]] == [
        ("Polisario Front", "organisation")
    ]


def test_an_appointment_names_only_the_person_before_it():
    body = (
        "Colonel Driss Had Zine met with General Mohamed Bamba Meguett, and General El Mokhtar "
        "Bolle Chaabane was appointed chief of staff in October 2023."
    )
    meeting, appointment = events(body)
    assert appointment["type"] == "appointment"
    assert people(appointment) == [("El Mokhtar Bolle Chaabane", "General")]
    assert meeting["type"] == "meeting"
    assert [name for name, _ in people(meeting)] == [
        "Driss Had Zine",
        "Mohamed Bamba Meguett",
        "El Mokhtar Bolle Chaabane",
    ]


def test_a_noun_trigger_gains_the_participants_of_a_verb_of_its_type():
    body = (
        "During the meeting in Rabat on Tuesday, General Belkhir El Farouk met with Colonel "
        "Driss Had Zine."
    )
    event = only_event(body, "Rabat")
    assert (event["trigger"], event["trigger_start"]) == ("meeting", body.index("meeting"))
    assert people(event) == [("Belkhir El Farouk", "General"), ("Driss Had Zine", "Colonel")]
    assert event["place_ids"] == ["rabat"]


def test_participants_listed_in_bullets_after_a_colon():
    body = (
        "Mauritanian officers took part in the discussions in Nouakchott, including:\n\n"
        "  • Colonel Khatri Ould Deyeh, Deputy Commander of the Division\n"
        "  • Commander Mohamed Abdi Efleifel, Head of the Military Security Office\n"
    )
    event = only_event(body, "Nouakchott")
    assert event["type"] == "meeting"
    assert people(event) == [
        ("Khatri Ould Deyeh", "Colonel"),
        ("Mohamed Abdi Efleifel", "Commander"),
    ]
    head = "Mauritanian officers took part in the discussions in Nouakchott, including:"
    assert event["evidence"] == [span_of(body, head)]


# Within one article: re-mentions and same-happening drafts


def test_a_remention_in_a_later_sentence_joins_the_event():
    first = "Colonel Driss Had Zine visited Nouakchott on Tuesday."
    second = "The visit focused on military intelligence."
    body = f"{first} {second}\n"
    event = only_event(body, "Nouakchott")
    assert event["type"] == "visit"
    assert event["evidence"] == [span_of(body, first), span_of(body, second)]
    assert [body[s:e] for s, e in event["evidence"]] == [first, second]
    assert (event["date_start"], event["place_ids"]) == ("2023-11-07", ["nouakchott"])


def test_a_french_anaphoric_remention_joins_the_event_despite_its_own_date():
    first = "Le colonel Idriss Hadd Zine s'est rendu à Nouakchott mardi."
    second = "Cette visite avait été annoncée le 20 janvier 2020 à Atar."
    body = f"{first} {second}\n"
    event = only_event(body, "Nouakchott", "Atar", language="fr", published=FR_DAY)
    assert event["evidence"] == [span_of(body, first), span_of(body, second)]
    assert event["date_start"] == "2020-01-28"  # the first mention's date stays
    assert event["place_ids"] == ["nouakchott"]


def test_a_vague_first_mention_gives_way_to_the_precise_one():
    first = "The meeting was described as fruitful."
    second = "General Belkhir El Farouk met with Colonel Driss Had Zine in Rabat on Tuesday."
    body = f"{first} {second}"
    event = only_event(body, "Rabat")
    assert event["trigger_start"] == body.index("met with")
    assert event["evidence"] == [span_of(body, first), span_of(body, second)]
    assert (event["date_start"], event["date_basis"]) == ("2023-11-07", "relative")


def test_a_meeting_at_the_same_place_joins_the_visit():
    first = "Colonel Driss Had Zine visited Nouakchott on Tuesday."
    second = "He held talks in Nouakchott with General Mohamed Bamba Meguett."
    body = f"{first} {second}"
    event = only_event(body, "Nouakchott")
    assert event["type"] == "visit"
    assert event["evidence"] == [span_of(body, first), span_of(body, second)]
    assert people(event) == [("Driss Had Zine", "Colonel"), ("Mohamed Bamba Meguett", "General")]


def test_attacked_is_an_attack():
    event = only_event("The Polisario Front attacked Mahbes on Sunday.", "Mahbes")
    assert (event["type"], event["trigger"], event["place_ids"]) == (
        "attack",
        "attacked",
        ["mahbes"],
    )
    assert organisations(event) == ["polisario"]


def test_two_attacks_on_different_days_stay_two_events():
    body = (
        "The Polisario Front shelled Mahbes on Sunday. The Polisario Front shelled Smara on Monday."
    )
    found = events(body, "Mahbes", "Smara")
    assert [(e["place_ids"], e["date_start"]) for e in found] == [
        (["mahbes"], "2023-11-05"),
        (["smara"], "2023-11-06"),
    ]


def test_two_meetings_at_different_places_and_dates_stay_two_events():
    first = "General Belkhir El Farouk met with Colonel Driss Had Zine in Rabat on Tuesday."
    second = (
        "Colonel Driss Had Zine later met with General Mohamed Bamba Meguett in Nouakchott on "
        "2 November 2023."
    )
    found = events(f"{first} {second}", "Rabat", "Nouakchott")
    assert [(e["place_ids"], e["date_start"], e["date_basis"]) for e in found] == [
        (["rabat"], "2023-11-07", "relative"),
        (["nouakchott"], "2023-11-02", "stated"),
    ]


def test_different_ordinals_stay_two_sessions():
    body = (
        "The second session of the Joint Military Commission was productive. "
        "The third session of the Joint Military Commission was productive too."
    )
    found = events(body)
    assert [(e["type"], e["ordinal"]) for e in found] == [
        ("commission_session", 2),
        ("commission_session", 3),
    ]


def test_a_background_remention_does_not_join_a_current_event():
    body = f"{EN_VISIT} on Tuesday. Such a visit has been rare for years."
    visit, background = events(body, "Nouakchott")
    assert (visit["status"], visit["evidence"]) == ("past", [[0, 53]])
    assert (background["status"], background["date_start"]) == ("background", None)
    assert background["evidence"] == [span_of(body, "Such a visit has been rare for years.")]


def test_events_of_different_families_do_not_merge():
    body = (
        "Colonel Driss Had Zine visited Nouakchott on Tuesday. The two armies signed a "
        "memorandum of understanding in Nouakchott on Tuesday."
    )
    found = events(body, "Nouakchott")
    assert [(e["type"], e["place_ids"], e["date_start"]) for e in found] == [
        ("visit", ["nouakchott"], "2023-11-07"),
        ("agreement", ["nouakchott"], "2023-11-07"),
    ]


# Once known bugs, fixed: each states the behaviour that was wrong.


def test_a_named_operation_is_a_military_operation():
    body = (
        "The Royal Armed Forces launched Operation Desert Shield near Guerguerat on "
        "13 November 2020."
    )
    event = only_event(body, "Guerguerat", published="2020-11-20")
    assert (event["type"], event["date_start"]) == ("military_operation", "2020-11-13")


def test_a_future_marker_belongs_to_the_nearer_trigger():
    body = (
        "Colonel Driss Had Zine visited Nouakchott on Tuesday, and the two sides will hold talks "
        "in Atar next week."
    )
    visit, talks = events(body, "Nouakchott", "Atar")
    assert (talks["type"], talks["status"]) == ("meeting", "planned")
    assert (visit["type"], visit["date_start"]) == ("visit", "2023-11-07")
    assert visit["status"] == "past"


def test_french_prevoit_makes_a_meeting_planned():
    body = "La Commission militaire mixte prévoit une réunion à Atar pour 2022-2023."
    event = only_event(body, "Atar", language="fr", published="2022-05-25")
    assert (event["type"], event["date_start"], event["date_end"]) == (
        "meeting",
        "2022-01-01",
        "2023-12-31",
    )
    assert event["status"] == "planned"


def test_a_meeting_at_a_background_session_is_that_session():
    body = (
        "General Belkhir El Farouk met with General El Mokhtar Bolle Chaabane at the second "
        "session of the Joint Military Commission in Nouakchott in November 2020."
    )
    found = events(body, "Nouakchott", published="2022-05-25")
    assert [(e["type"], e["status"], e["date_start"]) for e in found] == [
        ("commission_session", "background", "2020-11-01")
    ]


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("en", "Delegates gathered in Tindouf on 3 March 2024 for a meeting with the Polisario."),
        ("fr", "Des délégués ont tenu à Tindouf le 3 mars 2024 une réunion avec le Polisario."),
    ],
)
def test_a_meeting_with_someone_names_them(language, body):
    event = only_event(body, "Tindouf", language=language, published="2024-03-05")
    assert (event["type"], event["date_start"]) == ("meeting", "2024-03-03")
    assert organisations(event) == ["polisario"]


def test_a_draft_s_json_is_its_dataclass_fields_and_reads_back():
    from dataclasses import asdict

    body = "Gunmen attacked Boni on 3 May, killing five. General Karim Benali visited Boni."
    article = make_article(body)
    for draft in extract_drafts(article, place_spans(body, "Boni"), segment_lines(body)):
        data = draft.to_json()
        assert data == asdict(draft)
        assert EventDraft.from_json(data) == draft
        data["evidence"].append([0, 1])
        assert [0, 1] not in draft.evidence  # a copy, not the draft's own lists
