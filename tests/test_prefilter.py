"""The literal prefilter of event triggers (articles/prefilter.py) never skips a match."""

from __future__ import annotations

import re

import pytest
from support import REPO

from articles import events as ev
from articles.prefilter import literal_prefixes, may_match
from articles.reader import corpus_files, read_article
from articles.text import fold


def test_prefixes_of_word_lists_and_of_patterns_without_a_literal_start():
    assert literal_prefixes(re.compile(r"\b(?:attack|ambush)ed\b")) == ("attack", "ambush")
    assert literal_prefixes(re.compile(r"\bco-?chaired")) == ("co",)
    assert literal_prefixes(re.compile(r"(?:first\s+)?session")) is None
    assert literal_prefixes(re.compile(r"(?<=after\s)the")) is None
    assert literal_prefixes(re.compile(r"[a-z]+")) is None


def test_may_match_is_false_only_without_any_prefix():
    assert may_match(("attack", "raid"), "a raid on the camp")
    assert not may_match(("attack", "raid"), "a meeting in rabat")
    assert may_match(None, "anything")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_trigger_finds_the_same_hits_with_and_without_the_prefilter(language):
    words = ev.event_words(language)
    texts = [fold(read_article(p).body) for p in corpus_files(REPO / "articles" / "corpus")]
    texts += [
        "gunmen attacked the village and ambushed a patrol; two were kidnapped near the well",
        "des hommes armes ont attaque le village ; une seance de travail s'est tenue a atar",
    ]
    for trigger in words.triggers:
        for text in texts:
            if trigger.cased:
                continue
            hits = [m.span() for m in trigger.pattern.finditer(text)]
            if hits:
                assert may_match(trigger.prefixes, text), trigger.pattern.pattern
