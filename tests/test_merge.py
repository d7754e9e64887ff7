"""Merging event drafts across articles and languages (articles/merge.py).

Drafts come from real extraction of short EN/FR articles and go through their JSON form, and
actors are resolved across articles with ``resolve_actors``, the way
``dashboard.build.analysis.merge_extractions`` does it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import partial

import pytest
from support import parsed_article

from articles.actors import Actor, ActorMention, actor_lookup, resolve_actors
from articles.events import EventDraft, PlaceSpan, extract
from articles.merge import MergedEvent, event_title, merge_drafts, same_happening
from articles.reader import Article
from articles.text import segment_lines

AREAS = {"Mauritania", "Mauritanie", "Morocco", "Maroc"}
PLACE_NAMES = {"nouakchott": "Nouakchott", "rabat": "Rabat", "atar": "Atar"}


make_article = partial(parsed_article, published="2025-06-05")


def place_spans(body: str, names: tuple[str, ...]) -> list[PlaceSpan]:
    spans = []
    for name in names:
        start = body.index(name)
        while start >= 0:
            pid = name.lower()
            spans.append(PlaceSpan(start, start + len(name), pid, name in AREAS))
            start = body.find(name, start + 1)
    return sorted(spans, key=lambda s: s.start)


def analyse(article: Article, *names: str) -> dict:
    return extract(article, place_spans(article.body, names), segment_lines(article.body))


def merge(*sources: tuple[Article, tuple[str, ...]]) -> tuple[list[MergedEvent], list[Actor]]:
    """Extract each article, resolve actors across them, merge their drafts."""
    payloads = {article.id: analyse(article, *names) for article, names in sources}
    pairs = [(aid, ActorMention(**m)) for aid, p in payloads.items() for m in p["actors"]]
    actors = resolve_actors(pairs)
    drafts = [EventDraft.from_json(d) for p in payloads.values() for d in p["events"]]
    return merge_drafts(drafts, actor_lookup(actors)), actors


def sources(event: MergedEvent) -> list[tuple[str, str]]:
    return [(d.article_id, d.type) for d in event.drafts]


# The same visit told in English and in French

EN_VISIT = (
    "A delegation of the FAR General Staff led by Colonel Driss Had Zine visited Nouakchott on "
    "Tuesday."
)
FR_VISIT = "Dirigée par le colonel Idriss Hadd Zine, la délégation s'est rendue à Nouakchott."


def en_visit() -> Article:
    return make_article(EN_VISIT, "le7tv")  # published Thursday 2025-06-05


def fr_visit(published: str = "2025-06-05") -> Article:
    return make_article(
        FR_VISIT, "hespress", language="fr", published=published, precision="estimated"
    )


def test_one_visit_in_two_languages_is_one_event_with_two_sources():
    merged, actors = merge((en_visit(), ("Nouakchott",)), (fr_visit(), ("Nouakchott",)))
    assert len(merged) == 1
    event = merged[0]
    assert sources(event) == [("le7tv", "visit"), ("hespress", "visit")]
    assert event.type == "visit"
    assert event.place_ids == ["nouakchott"]
    # the English draft leads: its date is stated relative to a certain publication date
    assert event.language == "en"
    assert (event.date_start, event.date_end) == (dt.date(2025, 6, 3), dt.date(2025, 6, 3))
    assert (event.date_basis, event.date_precision, event.date_text) == (
        "relative",
        "day",
        "Tuesday",
    )
    assert event.date_estimated is False
    assert event.status == "past"
    assert event.actor_ids == ["org:far-general-staff", "person:idriss-hadd-zine"]
    colonel = next(a for a in actors if a.id == "person:idriss-hadd-zine")
    assert colonel.spellings == {"Driss Had Zine": {"le7tv"}, "Idriss Hadd Zine": {"hespress"}}
    lead = event.drafts[0]
    key = f"le7tv#{lead.trigger_start}#visit"
    assert event.id == "ev-" + hashlib.sha1(key.encode()).hexdigest()[:12]
    assert lead.trigger_start == EN_VISIT.index("visited")


def test_the_merged_visit_keeps_each_source_sentence():
    merged, _ = merge((en_visit(), ("Nouakchott",)), (fr_visit(), ("Nouakchott",)))
    (event,) = merged
    bodies = {"le7tv": EN_VISIT, "hespress": FR_VISIT}
    quoted = [bodies[d.article_id][s:e] for d in event.drafts for s, e in d.evidence]
    assert quoted == [EN_VISIT, FR_VISIT]


def test_the_merged_visit_title():
    merged, actors = merge((en_visit(), ("Nouakchott",)), (fr_visit(), ("Nouakchott",)))
    names = {a.id: a.name for a in actors}
    assert event_title(merged[0], PLACE_NAMES, names) == (
        "Visit in Nouakchott: Idriss Hadd Zine, General Staff of the Royal Armed Forces"
    )


@pytest.mark.parametrize(
    ("fr_published", "together"),
    [("2025-06-10", True), ("2025-06-11", False), ("2025-06-20", False)],
)
def test_a_publication_date_guess_gets_a_week_of_slack(fr_published, together):
    merged, _ = merge((en_visit(), ("Nouakchott",)), (fr_visit(fr_published), ("Nouakchott",)))
    if together:
        assert [sources(e) for e in merged] == [[("le7tv", "visit"), ("hespress", "visit")]]
    else:
        assert [sources(e) for e in merged] == [[("le7tv", "visit")], [("hespress", "visit")]]
        assert [e.date_basis for e in merged] == ["relative", "published"]
        assert merged[1].date_estimated is True


def test_a_visit_and_a_meeting_in_it_are_one_event_named_visit():
    fr_meeting = make_article(
        "Le colonel Idriss Hadd Zine a rencontré le colonel ingénieur Iselmou Bedy Messaoud à "
        "Nouakchott mardi.",
        "hespress",
        language="fr",
    )
    merged, _ = merge((en_visit(), ("Nouakchott",)), (fr_meeting, ("Nouakchott",)))
    assert len(merged) == 1
    assert merged[0].type == "visit"
    assert sources(merged[0]) == [("le7tv", "visit"), ("hespress", "meeting")]
    assert merged[0].actor_ids == [
        "org:far-general-staff",
        "person:idriss-hadd-zine",
        "person:iselmou-bedy-messaoud",
    ]


def test_events_of_different_types_do_not_merge():
    fr_agreement = make_article(
        "Le colonel Idriss Hadd Zine a signé un accord à Nouakchott mardi.",
        "hespress",
        language="fr",
    )
    merged, _ = merge((en_visit(), ("Nouakchott",)), (fr_agreement, ("Nouakchott",)))
    assert [(e.type, e.date_start, e.place_ids) for e in merged] == [
        ("visit", dt.date(2025, 6, 3), ["nouakchott"]),
        ("agreement", dt.date(2025, 6, 3), ["nouakchott"]),
    ]
    assert [sources(e) for e in merged] == [[("le7tv", "visit")], [("hespress", "agreement")]]


def test_the_same_person_at_two_places_is_two_visits():
    fr_atar = make_article(
        "Le colonel Idriss Hadd Zine s'est rendu à Atar mardi.", "hespress", language="fr"
    )
    merged, _ = merge((en_visit(), ("Nouakchott",)), (fr_atar, ("Atar",)))
    assert sorted(e.place_ids[0] for e in merged) == ["atar", "nouakchott"]
    assert [len(e.drafts) for e in merged] == [1, 1]


def test_visits_without_a_shared_actor_do_not_merge():
    fr_other = make_article(
        "Le général Belkhir El Farouk s'est rendu à Nouakchott mardi.", "hespress", language="fr"
    )
    merged, _ = merge((en_visit(), ("Nouakchott",)), (fr_other, ("Nouakchott",)))
    assert len(merged) == 2
    assert sorted(tuple(e.actor_ids) for e in merged) == [
        ("org:far-general-staff", "person:driss-had-zine"),
        ("person:belkhir-el-farouk",),
    ]


def test_two_drafts_of_one_article_never_meet_in_one_event():
    en_two = make_article(
        "Colonel Driss Had Zine visited Nouakchott on Monday. "
        "Colonel Driss Had Zine visited Atar on Wednesday.",
        "le7tv",
    )
    fr_vague = make_article(
        "Le colonel Idriss Hadd Zine s'est rendu en Mauritanie.", "hespress", language="fr"
    )
    merged, _ = merge((en_two, ("Nouakchott", "Atar")), (fr_vague, ("Mauritanie",)))
    by_place = {tuple(e.place_ids): sources(e) for e in merged}
    assert by_place == {
        ("nouakchott", "mauritanie"): [("le7tv", "visit"), ("hespress", "visit")],
        ("atar",): [("le7tv", "visit")],
    }


# Commission sessions: the ordinal, the date and the place tell sessions apart
#
# "met with ... at the session" gives the session draft its participants (the meeting verb is
# folded into the session), so the sessions below share actors and differ only as stated.


def session(article_id: str, where: str, when: str, ordinal: str = "", **meta: str) -> Article:
    which = f"{ordinal} " if ordinal else ""
    body = (
        "General Belkhir El Farouk met with General El Mokhtar Bolle Chaabane at the "
        f"{which}session of the Joint Military Commission in {where} {when}."
    )
    return make_article(body, article_id, published=meta.get("published", "2022-05-25"))


FR_SESSION = (
    "Le général Belkhir El Farouk a rencontré le général El Mokhtar Bolle Chaâbane lors de la "
    "session de la Commission militaire mixte à Rabat mardi."
)
SESSION_ACTORS = [
    "org:mr-ma-joint-military-commission",
    "person:belkhir-el-farouk",
    "person:el-mokhtar-bolle-chaabane",
]


def test_one_session_in_two_languages_is_one_event():
    en = session("en-wire", "Rabat", "on Tuesday")  # Tuesday 2022-05-24
    fr = make_article(FR_SESSION, "fr-wire", language="fr", published="2022-05-25")
    merged, actors = merge((en, ("Rabat",)), (fr, ("Rabat",)))
    assert len(merged) == 1
    event = merged[0]
    assert sources(event) == [("en-wire", "commission_session"), ("fr-wire", "commission_session")]
    assert (event.type, event.date_start, event.place_ids) == (
        "commission_session",
        dt.date(2022, 5, 24),
        ["rabat"],
    )
    assert event.actor_ids == SESSION_ACTORS
    names = {a.id: a.name for a in actors}
    assert event_title(event, PLACE_NAMES, names) == (
        "Session of the Joint Military Commission in Rabat: "
        "Belkhir El Farouk, El Mokhtar Bolle Chaabane"  # people before organisations
    )


def test_second_and_third_sessions_are_two_events():
    second = session("nov-2020", "Nouakchott", "in November 2020", "second", published="2020-12-01")
    third = session("may-2022", "Rabat", "on Tuesday", "third")
    merged, _ = merge((second, ("Nouakchott",)), (third, ("Rabat",)))
    assert [
        (e.drafts[0].ordinal, e.date_start, e.date_end, e.place_ids, e.status, sources(e))
        for e in merged
    ] == [
        (
            2,
            dt.date(2020, 11, 1),
            dt.date(2020, 11, 30),
            ["nouakchott"],
            "past",
            [("nov-2020", "commission_session")],
        ),
        (
            3,
            dt.date(2022, 5, 24),
            dt.date(2022, 5, 24),
            ["rabat"],
            "past",
            [("may-2022", "commission_session")],
        ),
    ]
    assert [e.actor_ids for e in merged] == [SESSION_ACTORS, SESSION_ACTORS]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Rabat", "on Tuesday", "second"), ("Rabat", "on Tuesday", "third")),
        (("Rabat", "on 10 May 2022", ""), ("Rabat", "on Tuesday", "")),
        (("Nouakchott", "on Tuesday", ""), ("Rabat", "on Tuesday", "")),
    ],
    ids=["ordinal", "date", "place"],
)
def test_sessions_differing_in_one_respect_stay_two_events(a, b):
    first, second = session("wire-a", *a), session("wire-b", *b)
    merged, _ = merge((first, (a[0],)), (second, (b[0],)))
    assert sorted(sources(e)[0][0] for e in merged) == ["wire-a", "wire-b"]
    assert [len(e.drafts) for e in merged] == [1, 1]
    assert [e.actor_ids for e in merged] == [SESSION_ACTORS, SESSION_ACTORS]


def test_sessions_alike_in_every_respect_merge():
    first = session("wire-a", "Rabat", "on Tuesday", "third")
    second = session("wire-b", "Rabat", "on 24 May 2022", "third")
    merged, _ = merge((first, ("Rabat",)), (second, ("Rabat",)))
    assert [sources(e) for e in merged] == [
        [("wire-b", "commission_session"), ("wire-a", "commission_session")]
    ]
    # the stated date leads over the weekday relative to publication
    assert (merged[0].date_basis, merged[0].date_text) == ("stated", "24 May 2022")


# same_happening and merge_drafts on hand-made drafts


def draft(article_id: str, kind: str = "visit", day: str = "2025-06-03", **fields) -> EventDraft:
    values = {
        "article_id": article_id,
        "type": kind,
        "language": "en",
        "trigger": kind,
        "trigger_start": 0,
        "date_start": day,
        "date_end": day,
        "date_precision": "day",
        "date_basis": "stated",
        "own_date": True,
        "place_ids": ["nouakchott"],
        "own_place": True,
        **fields,
    }
    return EventDraft(**values)


def test_same_happening_rules():
    a, b = draft("a"), draft("b")
    assert same_happening(a, b, {"p"}, {"p"}) is True
    assert same_happening(a, b, {"p"}, {"q"}) is False  # no shared actor
    assert same_happening(a, draft("a", trigger_start=9), {"p"}, {"p"}) is False  # one article
    assert same_happening(a, draft("b", "agreement"), {"p"}, {"p"}) is False
    assert same_happening(a, draft("b", "meeting"), {"p"}, {"p"}) is True  # one family
    assert same_happening(draft("a", ordinal=2), draft("b", ordinal=3), {"p"}, {"p"}) is False
    assert same_happening(draft("a", ordinal=2), draft("b"), {"p"}, {"p"}) is True
    assert same_happening(a, draft("b", status="background"), {"p"}, {"p"}) is False
    assert same_happening(a, draft("b", place_ids=["atar"]), {"p"}, {"p"}) is False
    assert same_happening(a, draft("b", day="2025-06-04"), {"p"}, {"p"}) is False
    assert same_happening(a, draft("b", date_start=None, date_end=None), {"p"}, {"p"}) is False


def test_same_happening_compares_publication_guesses_by_their_week_and_restores_them():
    # an undated draft spans the week before its publication (no extra slack)
    a = draft("a")
    guess = draft(
        "b", date_start="2025-06-03", date_end="2025-06-10", date_basis="published", own_date=False
    )
    assert same_happening(a, guess, {"p"}, {"p"}) is True
    assert (a.own_date, guess.own_date) == (True, False)
    late = draft(
        "b", date_start="2025-06-04", date_end="2025-06-11", date_basis="published", own_date=False
    )
    assert same_happening(a, late, {"p"}, {"p"}) is False
    # two stated dates get no slack at all
    assert same_happening(a, draft("b", day="2025-06-04"), {"p"}, {"p"}) is False


def test_merged_events_are_sorted_by_date_and_undated_ones_say_unknown():
    undated = draft(
        "c", "meeting", date_start=None, date_end=None, own_date=False, status="background"
    )
    drafts = [draft("a", day="2025-06-04"), draft("b", "attack", day="2025-06-01"), undated]
    merged = merge_drafts(drafts, lambda article_id, actor: None)
    assert [(e.type, e.date_start) for e in merged] == [
        ("meeting", None),
        ("attack", dt.date(2025, 6, 1)),
        ("visit", dt.date(2025, 6, 4)),
    ]
    assert (merged[0].date_basis, merged[0].date_precision) == ("unknown", "unknown")


def test_a_draft_with_its_own_place_and_date_leads_over_a_better_dated_one():
    who = [{"name": "Driss Had Zine"}]
    vague = draft("a", date_basis="stated", place_ids=[], own_place=False, actors=who)
    precise = draft("b", date_basis="relative", actors=who)
    merged = merge_drafts([vague, precise], lambda article_id, actor: "person:zine")
    assert len(merged) == 1
    assert [d.article_id for d in merged[0].drafts] == ["b", "a"]
    assert (merged[0].date_basis, merged[0].place_ids) == ("relative", ["nouakchott"])


def test_actor_ids_come_from_the_resolver_without_repeats():
    people = [{"name": "Driss Had Zine"}, {"name": "Idriss Hadd Zine"}, {"name": "Nobody"}]
    a = draft("a", actors=people[:1])
    b = draft("b", actors=people[1:])
    ids = {"Driss Had Zine": "person:zine", "Idriss Hadd Zine": "person:zine"}
    merged = merge_drafts([a, b], lambda article_id, actor: ids.get(actor["name"]))
    assert len(merged) == 1
    assert merged[0].actor_ids == ["person:zine"]


# Once known bugs, fixed: each states the behaviour that was wrong.

EN_THIRD_SESSION = (
    "Rabat hosted on Tuesday the third session of the Moroccan-Mauritanian Joint Military "
    "Commission, in the presence of General El Mokhtar Bolle Chaabane."
)
FR_THIRD_SESSION = (
    "La troisième session de la Commission militaire mixte maroco-mauritanienne s'est tenue "
    "mardi à Rabat, en présence du général El Mokhtar Bolle Chaâbane."
)


def test_one_session_reported_twice_is_one_event_without_shared_actors():
    en = make_article(EN_THIRD_SESSION, "atalayar-en", published="2022-05-25")
    fr = make_article(FR_THIRD_SESSION, "atalayar-fr", language="fr", published="2022-05-25")
    merged, _ = merge((en, ("Rabat",)), (fr, ("Rabat",)))
    assert [sources(e) for e in merged] == [
        [("atalayar-en", "commission_session"), ("atalayar-fr", "commission_session")]
    ]


def test_a_meeting_at_an_old_session_does_not_join_a_later_session():
    second = session("nov-2020", "Nouakchott", "in November 2020", "second")
    third = session("may-2022", "Rabat", "on Tuesday", "third")
    merged, _ = merge((second, ("Nouakchott",)), (third, ("Rabat",)))
    rabat = next(e for e in merged if e.place_ids == ["rabat"])
    assert sources(rabat) == [("may-2022", "commission_session")]
