"""Event words that report no happening (articles/nonevents.py); sentences written for the tests."""

from __future__ import annotations

from functools import partial

import pytest
from support import parsed_article

from articles.events import extract
from articles.text import segment_lines

make_article = partial(parsed_article, published="2024-03-14")


def types(body: str, language: str = "en") -> list[str]:
    article = make_article(body, language=language)
    return [e["type"] for e in extract(article, [], segment_lines(body))["events"]]


@pytest.mark.parametrize(
    "body",
    [
        "No arrest was made in the case of the missing teacher.",
        "The minister did not travel to Gao this week.",
        "Such a virus could kill thousands of people in the region.",
        "The cholera outbreak has killed 30 people in Mopti since January.",
        "Floods killed twelve people in the north of the country last month.",
        "The Met Office warned of heavy rain on Saturday.",
        "Both teams fought hard in the second match of the league.",
        "Officials urged residents to get a flu shot before the winter.",
        "Firefighters were busy fighting two house fires overnight.",
        "The projects have been executed by army engineers.",
        "Nobody was injured when the bus left the road.",
    ],
)
def test_english_sentences_that_report_no_happening_give_no_event(body):
    assert types(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "Aucune arrestation n'a eu lieu dans cette affaire.",
        "L'épidémie de choléra a tué 30 personnes à Mopti depuis janvier.",
        "Les inondations ont fait douze morts dans le nord du pays.",
        "Une telle maladie pourrait tuer des milliers de personnes.",
        "Les deux équipes se sont affrontées lors du match du championnat.",
    ],
)
def test_french_sentences_that_report_no_happening_give_no_event(body):
    assert types(body, "fr") == []


@pytest.mark.parametrize(
    ("body", "language", "expected"),
    [
        ("Gunmen killed twelve people in the north of the country last month.", "en", "attack"),
        ("He denied any role in the attacks on the village of Boni.", "en", "attack"),
        ("On May 12 unknown gunmen abducted a trader near Gao.", "en", "abduction"),
        ("Police dismantled a smuggling network in Gao on Monday.", "en", "arrest"),
        ("Des hommes armés ont tué douze personnes dans le nord du pays.", "fr", "attack"),
        ("La police a démantelé un réseau de passeurs à Gao lundi.", "fr", "arrest"),
        ("Soldiers were killed when floods hit their camp after an ambush.", "en", "attack"),
    ],
)
def test_real_happenings_next_to_those_words_stay_events(body, language, expected):
    found = types(body, language)
    kinds = {"attack": {"attack", "armed_clash", "attack_on_civilians"}}.get(expected, {expected})
    assert len(found) == 1 and found[0] in kinds, found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Les pompiers ont maîtrisé un incendie dans un immeuble de Gao.", []),
        ("Des hommes armés ont incendié des maisons à Boni.", ["looting"]),
        ("Plusieurs coureurs se sont rendus à Gao pour la course.", []),
        ("Les travaux qui vont être exécutés rue du Marché modifient le trajet.", []),
        ("Une manifestation culturelle aura lieu samedi à Mopti.", []),
    ],
)
def test_french_words_with_an_everyday_sense(body, expected):
    assert types(body, "fr") == expected


@pytest.mark.parametrize(
    "body",
    [
        "Shares of the carmaker closed down $1.50 at $40 in New York.",
        "The new army must be capable of meeting a variety of contingencies.",
        "Investors have been burned repeatedly on the stock this year.",
    ],
)
def test_market_and_figurative_senses_are_no_event(body):
    assert types(body) == []
