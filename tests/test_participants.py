"""Who took part in an event, and where an agreement was signed (articles/participants.py).

Sentences written for these tests, in English and French.
"""

from __future__ import annotations

from functools import partial

from support import parsed_article
from test_events import place_spans

from articles.actors import ActorMention, actor_lookup, resolve_actors
from articles.events import EventDraft, extract
from articles.merge import merge_drafts
from articles.text import segment_lines

make_article = partial(parsed_article, published="2024-03-14")


def drafts(body: str, *names: str, language: str = "en", article_id: str = "a1") -> list[dict]:
    article = make_article(body, article_id, language=language)
    return extract(article, place_spans(body, *names), segment_lines(body))["events"]


def people(event: dict) -> list[str]:
    return [a["name"] for a in event["actors"] if a["kind"] == "person"]


def test_a_meeting_noun_takes_the_people_named_after_between():
    body = (
        "The summit followed the first meeting in Atar between the Minister of Defence, "
        "Karim Benali, and his Malian counterpart, Oumar Traoré."
    )
    [meeting] = [e for e in drafts(body, "Atar") if e["type"] == "meeting"]
    assert people(meeting) == ["Karim Benali", "Oumar Traoré"]


def test_a_french_meeting_noun_takes_the_people_after_entre():
    body = "La réunion à Atar entre le général Karim Benali et le colonel Oumar Traoré a duré."
    [meeting] = drafts(body, "Atar", language="fr")
    assert people(meeting) == ["Karim Benali", "Oumar Traoré"]


def test_a_session_in_the_presence_of_people_lists_them_past_a_relative_clause():
    body = (
        "Atar hosted on Tuesday the fourth session of the Joint Border Commission, in the presence "
        "of General Karim Benali, who took office in 2021, and of General Oumar Traoré."
    )
    [session] = [e for e in drafts(body, "Atar") if e["type"] == "commission_session"]
    assert people(session) == ["Karim Benali", "Oumar Traoré"]


def test_a_commentator_quoted_about_the_meeting_is_not_a_participant():
    body = (
        "Samir Haddad, professeur à l'université de Rabat, suit le dossier. "
        "Cette rencontre entre les deux chefs « confirme la stratégie commune », explique Samir "
        "Haddad."
    )
    assert all(people(e) == [] for e in drafts(body, language="fr"))


def test_also_met_is_another_meeting_and_the_same_pair_again_is_that_one():
    body = (
        "General Karim Benali met with General Oumar Traoré in Atar on Monday. "
        "General Benali also met with the Minister of Defence, Idrissa Diallo. "
        "Idrissa Diallo also met with General Karim Benali and the ambassador."
    )
    meetings = [e for e in drafts(body, "Atar") if e["type"] == "meeting"]
    assert [sorted(people(e)) for e in meetings] == [
        ["Karim Benali", "Oumar Traoré"],
        ["Idrissa Diallo", "Karim Benali"],
    ]
    assert len(meetings[1]["evidence"]) == 2


def test_people_who_also_took_part_join_the_same_discussions():
    body = (
        "The talks in Atar were co-chaired by Colonel Karim Benali and Colonel Oumar Traoré. "
        "Colonel Idrissa Diallo also took part in the discussions."
    )
    [talks] = drafts(body, "Atar")
    assert set(people(talks)) == {"Karim Benali", "Oumar Traoré", "Idrissa Diallo"}


def test_a_report_signed_at_the_end_of_the_visit_is_part_of_the_visit():
    body = (
        "Colonel Karim Benali visited Atar on Monday. "
        "The visit concluded with a closing session, during which a final report was signed."
    )
    [visit] = drafts(body, "Atar")
    assert visit["type"] == "visit" and len(visit["evidence"]) == 2


def test_an_agreement_signed_in_a_country_is_placed_there_but_its_parties_are_not_places():
    placed = drafts("The memorandum was signed in Morocco on 3 March 2010.", "Morocco")
    assert [e["area_ids"] for e in placed] == [["morocco"]]
    parties = drafts(
        "Depuis des années, le Maroc et la Mauritanie ont conclu plusieurs accords.",
        "Maroc", "Mauritanie", language="fr",
    )  # fmt: skip
    assert [e["area_ids"] + e["place_ids"] for e in parties] == [[]]


def test_an_organisation_inside_another_event_s_words_is_not_a_party_of_the_operation():
    body = (
        "The second session of the Joint Military Commission took place in Atar, a few weeks "
        "after the FAR's military operation in mid-November 2020."
    )
    [operation] = [e for e in drafts(body, "Atar") if e["type"] == "military_operation"]
    assert [a["org_id"] for a in operation["actors"]] == ["far"]


def test_an_undated_background_agreement_joins_the_dated_one_it_shares_a_party_with():
    en = make_article(
        "Their cooperation rests on the memorandum on the creation of the Joint Military "
        "Commission signed in Morocco on 21 July 2006.",
        "en1",
    )
    fr = make_article(
        "Depuis des années, la coopération s'appuie sur le mémorandum d'entente par lequel la "
        "Commission militaire "
        "mixte a été créée.",
        "fr1",
        language="fr",
    )
    payloads = {
        en.id: extract(en, place_spans(en.body, "Morocco"), segment_lines(en.body)),
        fr.id: extract(fr, [], segment_lines(fr.body)),
    }
    mentions = [(aid, ActorMention(**m)) for aid, p in payloads.items() for m in p["actors"]]
    found = [EventDraft.from_json(d) for p in payloads.values() for d in p["events"]]
    assert [d.status for d in found] == ["background", "background"]
    [event] = merge_drafts(found, actor_lookup(resolve_actors(mentions)))
    assert {d.article_id for d in event.drafts} == {"en1", "fr1"}
    assert str(event.date_start) == "2006-07-21"
