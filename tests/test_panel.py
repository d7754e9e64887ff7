"""The place panel's HTML: escaped by construction, compact cards, labels from the lexicon."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from markupsafe import Markup

from articles import lexicon
from dashboard.store.queries import PlaceArticle, PlaceSummary
from dashboard.store.records import EventRecord, Source
from dashboard.ui import mapview, panel, templating

EVIL = "<img src=x onerror=alert(1)>"
BREAKOUT = (
    "Title\n\n## Official correction [x](http://evil.example) ![p](http://evil.example/p.png)"
)


def place(name: str = "Smara", **kw) -> PlaceSummary:
    fields = dict(
        id="2461874",
        name=name,
        kind="city",
        country="MA",
        lat=26.73841,
        lon=-11.67194,
        aliases=["Es-Semara"],
        mentions=2,
        caption_mentions=0,
        articles=["a1"],
        events=["e1"],
    )
    fields.update(kw)
    return PlaceSummary(**fields)


def source(sentence: str, start: int, article: str = "a1", **kw) -> Source:
    fields = dict(
        article_id=article,
        title="Le Maroc et la Mauritanie",
        outlet="Wire",
        url="https://example.org/a",
        language="fr",
        published=dt.date(2023, 11, 6),
        published_precision="day",
        sentence=sentence,
        sentence_start=start,
    )
    fields.update(kw)
    return Source(**fields)


def event(**kw) -> EventRecord:
    fields = dict(
        id="e1",
        type="shelling_artillery",
        title="Bombardement à Smara",
        language="fr",
        date_start=dt.date(2023, 10, 22),
        date_end=dt.date(2023, 10, 29),
        date_precision="days",
        date_basis="relative",
        date_estimated=False,
        date_text="la semaine dernière",
        status="past",
        places=[("2461874", "Smara")],
        actors=[("org:polisario", "Polisario Front")],
        sources=[
            source("Les deux pays coopèrent.", 10),
            source("Le Front Polisario a tiré sur la ville.", 200),
            source("Smara a été bombardée par le Front Polisario.", 300),
            source("La semaine dernière, Smara a été bombardée.", 400),
        ],
    )
    fields.update(kw)
    return EventRecord(**fields)


def test_type_labels_are_the_lexicons_and_unknown_codes_read_as_words():
    labels = lexicon.load("events", "en")["labels"]
    assert panel.type_label("commission_session") == labels["commission_session"]
    assert panel.type_label("shelling_artillery") == labels["shelling_artillery"]
    assert panel.type_label("naval_blockade") == "Naval blockade"  # not in any lexicon
    html = panel.event_html(event(), ["Smara"])
    assert labels["shelling_artillery"] in html and "shelling_artillery</" not in html


def test_the_best_sentence_names_the_place_then_the_date_words_then_the_actors():
    e = event()
    assert panel.best_source(e, ["Smara"]).sentence_start == 400  # place + "la semaine dernière"
    e = event(date_text=None)
    assert panel.best_source(e, ["Smara"]).sentence_start == 300  # place + Polisario
    e = event(date_text=None, actors=[])
    assert panel.best_source(e, ["Smara"]).sentence_start == 300  # place; the earliest such
    assert panel.best_source(event(sources=[]), ["Smara"]) is None


def test_a_card_shows_the_best_sentence_and_collapses_the_rest():
    html = panel.event_html(event(), ["Smara"])
    best = html.index("La semaine dernière, <mark>Smara</mark>")
    details = html.index("<details")
    assert best < details and "<details open" not in html
    assert "Show all 4 sentences (1 article)" in html
    assert html.count("Les deux pays coopèrent.") == 1  # only behind "Show all"
    assert html.index("Les deux pays coopèrent.") > details
    assert "1 source: Wire" in html
    single = panel.event_html(event(sources=event().sources[:1]), ["Smara"])
    assert "<details" not in single and "Les deux pays coopèrent." in single


def test_titles_in_another_language_are_tagged_and_the_interface_is_english():
    html = panel.event_html(event(), ["Smara"])
    assert '<span lang="fr">Bombardement à Smara</span> <span class="lang-tag"' in html
    assert ">FR</span>" in html and "Where: Smara" in html and "Who: Polisario Front" in html
    english = panel.event_html(
        event(language="en", sources=[source("x", 0, language="en")]), ["Smara"]
    )
    assert "lang-tag" not in english


def test_blank_lines_in_article_text_cannot_leave_the_html():
    e = event(
        title=BREAKOUT,
        actors=[("p:1", BREAKOUT)],
        sources=[source(BREAKOUT + " Smara", 0, title=BREAKOUT, outlet=BREAKOUT, url=BREAKOUT)],
    )
    article = PlaceArticle(
        "a2", BREAKOUT, BREAKOUT, "https://example.org/b", "en", dt.date(2024, 1, 1), "day", []
    )
    header = panel.place_header_html(place(name=BREAKOUT), [BREAKOUT])
    body = panel.place_body_html(place(name=BREAKOUT), [BREAKOUT], [e], [article])
    tooltip = mapview.tooltip_html(place(name=BREAKOUT))
    for html in (header, body, tooltip):
        assert isinstance(html, Markup)
        assert "\n" not in html and "\r" not in html  # one line: no blank line for Markdown
        assert "## Official correction [x](http://evil.example)" in html  # as text
        assert 'href="http://evil.example' not in html and "<h2" not in html
        assert not re.search(r"<img|<a [^>]*evil", html)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "//evil.example/a"]
)
def test_links_other_than_http_are_text(url):
    assert templating.safe_url(url) is None
    html = panel.event_html(event(sources=[source("Smara.", 0, url=url, title=EVIL)]), ["Smara"])
    assert "<a " not in html and "javascript" not in html.lower()
    assert '<span class="no-link" lang="fr">&lt;img src=x onerror=alert(1)&gt;</span>' in html


def test_http_links_keep_their_query_escaped_once():
    assert templating.safe_url(" https://example.org/a?b=1&c=2 ") == "https://example.org/a?b=1&c=2"
    assert templating.safe_url("https://") is None and templating.safe_url(None) is None
    html = panel.event_html(
        event(sources=[source("Smara.", 0, url='https://example.org/?a=1&b="x"')]), ["Smara"]
    )
    assert 'href="https://example.org/?a=1&amp;b=&#34;x&#34;"' in html


def test_other_articles_keep_their_markers_and_collapse_after_the_first_sentence():
    art = PlaceArticle(
        "a9",
        EVIL,
        "Out<b>let",
        "https://example.org/?a=1&b=2",
        "fr",
        dt.date(2022, 5, 25),
        "estimated",
        [
            ("Smara <script>x</script> a été visitée.", 0, 5, "body"),
            ("PHOTO/FILE - Smara", 13, 18, "caption"),
            ("Les Sahraouis de Smara", 17, 22, "demonym"),
        ],
    )
    html = panel.article_html(art)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.index("<mark>Smara</mark> &lt;script&gt;") < html.index("<details")
    assert "Show all 3 sentences" in html and ">FR</span>" in html
    assert "[photo caption]" in html and "[demonym]" in html and "(est.)" in html
    assert "Out&lt;b&gt;let" in html and "a=1&amp;b=2" in html


def test_a_place_with_no_event_in_range_says_how_many_are_outside():
    smara = place(events=[])
    body = panel.place_body_html(smara, ["Smara"], [], [], outside=2)
    assert "Events (0)" in body and "No events of Smara in this range (2 outside it)" in body
    assert "No events of Smara match the filters" in panel.place_body_html(smara, [], [], [])
    some = panel.place_body_html(place(), ["Smara"], [event()], [], outside=3)
    assert "Events (1)" in some and "3 more outside this range" in some
    assert "No events" not in some
    evil = panel.place_body_html(place(name=EVIL, events=[]), [], [], [], outside=1)
    assert EVIL not in evil and "No events of &lt;img" in evil


def test_a_busy_place_shows_its_newest_cards_and_says_how_many_more():
    many = [event(id=f"e{i}", title=f"Event number {i}") for i in range(25)]
    others = [
        PlaceArticle(
            f"o{i}", f"Other {i}", "Wire", "https://e.org/o", "en", dt.date(2023, 1, 1), "day", []
        )
        for i in range(23)
    ]
    body = panel.place_body_html(place(), ["Smara"], many, others, shown=20)
    assert "Events (25)" in body and "The newest 20 of 25" in body
    assert body.count('class="event ') == 20 and "Event number 19" in body
    assert "Event number 20" not in body
    assert "Other articles naming it (23)" in body and "… and 3 more" in body
    assert panel.place_body_html(place(), [], many, [], shown=40).count('class="event ') == 25


def test_articles_cited_by_an_event_are_not_listed_again():
    cited = PlaceArticle(
        "a1", "Cited", "Wire", "https://e.org/1", "fr", dt.date(2023, 11, 6), "day", []
    )
    other = PlaceArticle(
        "a2", "Other", "Wire", "https://e.org/2", "fr", dt.date(2023, 11, 7), "day", []
    )
    body = panel.place_body_html(place(), ["Smara"], [event()], [cited, other])
    assert "Other articles naming it (1)" in body
    assert ">Other</a>" in body and ">Cited</a>" not in body


def test_the_header_keeps_spellings_kind_country_and_counts():
    header = panel.place_header_html(place(), ["Smara", "Es-Semara", "Smara"])
    assert "<h3>Smara</h3>" in header
    assert "City · Western Sahara (disputed; administered by Morocco) · 26.7384, -11.6719" in header
    assert "As written in the articles: Es-Semara, Smara" in header
    assert "1 event(s) · 2 mention(s) in 1 article(s)" in header


def test_the_stylesheet_is_ours_and_a_style_element():
    css = panel.panel_css()
    assert css.startswith("<style>") and css.endswith("</style>") and ".event" in css


def test_many_participants_show_the_first_and_the_rest_behind_a_summary():
    actors = [(f"p:{i}", f"Officer {i}") for i in range(panel.SHOWN_ACTORS + 3)]
    html = panel.event_html(event(actors=actors, roles={"p:0": "actor1"}), ["Smara"])
    shown, rest = html.split('<details class="who">')
    assert "Who: Officer 0 (by), Officer 1" in shown and "Officer 6" not in shown
    assert "<summary>and 3 more</summary>" in rest and "Officer 6" in rest
    few = panel.event_html(event(), ["Smara"])
    assert 'class="who"' not in few and "Who: Polisario Front" in few


def test_an_event_of_hundreds_of_reports_lists_the_first_sources_and_says_where_the_rest_are():
    reports = [
        source(f"Rapport {i} sur Smara.", 0, article=f"a{i}", outlet=f"Outlet {i}")
        for i in range(30)
    ]
    html = panel.event_html(event(sources=reports), ["Smara"])
    assert "30 sources" in html
    assert "Show the sentences of the first 10 of 30 articles" in html
    assert "Rapport 9 sur" in html and "Rapport 10 sur" not in html  # the best is the first
    assert "20 more article(s) are in the downloads (events JSON and CSV)" in html
    [line] = re.findall(r'<div class="event-sources">(.*?)</div>', html, re.S)
    assert "Outlet 5" in line and "Outlet 6" not in line and "and 24 more outlet(s)" in line
    few = panel.event_html(event(sources=reports[:3]), ["Smara"])
    assert "Show all 3 sentences (3 articles)" in few and "more article(s)" not in few


def test_the_best_sentence_of_a_large_event_may_come_from_an_article_not_listed():
    reports = [source(f"Rapport {i} sans lieu.", 0, article=f"a{i}") for i in range(30)]
    reports[24] = source("Le bombardement a touché Smara.", 0, article="a24", outlet="Late Wire")
    html = panel.event_html(event(sources=reports), ["Smara"])
    best = re.search(r'<blockquote class="evidence best">(.*?)</blockquote>', html, re.S).group(1)
    assert "<mark>Smara</mark>" in best and "Late Wire" in best
    assert "Rapport 9 sans lieu" in html and "Rapport 25 sans lieu" not in html
