"""The side panel of a place: its header, its events as compact cards, the other articles.

Pure: records in, ``Markup`` out. Every piece of article text reaches the page through an
autoescaping template (``dashboard/ui/templates/``, rendered by ``dashboard.ui.templating``) or
through ``Markup.format``, which escapes its arguments; nothing here escapes by hand. The app
shows the result with ``st.html``, which reads no Markdown, so a title with blank lines and ``## …``
or ``[x](http://…)`` in it stays text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from markupsafe import Markup

from articles import lexicon
from articles.text import fold
from dashboard.store.queries import PlaceArticle, PlaceSummary
from dashboard.store.records import EventRecord, Source
from dashboard.ui.mapview import KIND_LABELS
from dashboard.ui.templating import render, safe_url, stylesheet

UI_LANGUAGE = "en"  # the interface speaks one language; titles keep theirs, tagged
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic"}
STATUS_LABELS = {"past": "happened", "planned": "planned", "background": "background"}
ROLE_LABELS = {"actor1": "by", "actor2": "against", "associated": "with"}
SHOWN_ACTORS = 4  # more participants than this: the rest behind "and N more"
GLOBALS = {"ui_language": UI_LANGUAGE, "language_names": LANGUAGE_NAMES, "safe_url": safe_url}


def format_date(
    start: dt.date | None, end: dt.date | None, precision: str, estimated: bool = False
) -> str:
    """A date as precise as it is known, never more: 'May 2022', '2022–2023', '30–31 Oct 2023'."""
    if start is None and end is None or precision == "unknown":
        return "date unknown"
    start = start or end
    end = end or start
    if precision == "day" or start == end:
        text = f"{start.day} {start:%b %Y}"
    elif precision == "month":
        text = f"{start:%B %Y}"
    elif precision == "months":
        text = f"{start:%b %Y}–{end:%b %Y}"
    elif precision == "year":
        text = f"{start.year}"
    elif precision == "years":
        text = f"{start.year}–{end.year}"
    elif start.year == end.year and start.month == end.month:
        text = f"{start.day}–{end.day} {start:%b %Y}"
    else:
        text = f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    return f"{text} (est.)" if estimated else text


@cache
def type_labels(language: str = UI_LANGUAGE) -> dict[str, str]:
    """Event type -> label, from ``articles/lexicon/<language>/events.yaml``."""
    labels = lexicon.load("events", language).get("labels") or {}
    return {str(k): str(v) for k, v in labels.items()}


def type_label(kind: str) -> str:
    """The interface's label for an event type: ``commission_session`` -> the lexicon's label,
    or the code made readable ("Commission session") when the lexicon has none."""
    return type_labels().get(kind) or kind.replace("_", " ").strip().capitalize() or "Event"


def _name_spans(folded: str, names: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for name in sorted({fold(n) for n in names if n}, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", folded):
            if not any(s < m.end() and m.start() < e for s, e in spans):
                spans.append((m.start(), m.end()))
    return sorted(spans)


def _marked(text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    out, pos = Markup(""), 0
    for s, e in spans:
        out += Markup("{}<mark>{}</mark>").format(text[pos:s], text[s:e])
        pos = e
    return out + text[pos:]  # Markup + str escapes the str


def highlight(sentence: str, names: Iterable[str]) -> Markup:
    """The sentence, escaped, with every occurrence of the names (accents ignored) marked."""
    return _marked(sentence, _name_spans(fold(sentence), names))  # fold() keeps offsets


def best_source(event: EventRecord, names: Iterable[str]) -> Source | None:
    """The evidence an analyst reads first: a sentence naming the place, then one with the
    event's own date words ("la semaine dernière"), then the one naming most of its actors;
    ties go to the earliest (sources come oldest article first, in text order)."""
    keys = sorted({fold(n) for n in names if n}, key=len, reverse=True)
    place = (
        re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)") if keys else None
    )
    when = fold(event.date_text or "")
    actor_words = [max(fold(name).split(), key=len, default="") for _, name in event.actors]
    actor_words = [w for w in actor_words if len(w) >= 4]
    seen: dict[str, tuple] = {}  # an event of a thousand reports repeats its sentences

    def rank(sentence: str) -> tuple:
        if sentence not in seen:
            text = fold(sentence)
            words = set(re.findall(r"\w+", text))
            seen[sentence] = (
                not (place is not None and place.search(text)),
                not (when and when in text),
                -sum(w in words for w in actor_words),
            )
        return seen[sentence]

    best = min(
        enumerate(event.sources), key=lambda item: (rank(item[1].sentence), item[0]), default=None
    )
    return best[1] if best is not None else None


@dataclass
class ArticleView:
    """One source article as a card lists it: title (in its language), outlet, date, sentences."""

    title: str
    url: str
    language: str
    outlet: str
    published_text: str
    sentences: list[Markup] = field(default_factory=list)


def _published(day: dt.date, precision: str) -> str:
    text = format_date(day, day, "day")
    return f"{text} (est.)" if precision == "estimated" else text


def _article_view(source: Source | PlaceArticle, sentences: list[Markup]) -> ArticleView:
    return ArticleView(
        title=source.title,
        url=source.url,
        language=source.language,
        outlet=source.outlet,
        published_text=_published(source.published, source.published_precision),
        sentences=sentences,
    )


@dataclass
class EventCard:
    status: str
    status_label: str
    when: str
    basis: str
    label: str
    title: str
    language: str
    relation: str
    places: list[str]
    actors: list[str]
    toll: str
    outlets: list[str]
    articles: list[ArticleView]
    n_sentences: int
    n_articles: int  # the event's source articles; ``articles`` holds the first SOURCES_SHOWN
    best: Source | None = None
    best_article: ArticleView | None = None


# Source articles whose sentences a card lists behind "Show all": an event merged from hundreds
# of reports lists the first ones, and says where the others are (the table and the exports).
SOURCES_SHOWN = 10
OUTLETS_SHOWN = 6


def event_card(event: EventRecord, names: Iterable[str]) -> EventCard:
    """What a card shows of an event (text still unescaped; the template escapes it)."""
    names = list(names)
    basis = {"relative": "resolved from the publication date"}.get(event.date_basis, "")
    if event.date_basis == "published" and event.sources:
        # the text gives no date: say when it was reported, not a day it happened
        basis = f"reported on {min(s.published for s in event.sources):%d %b %Y}"
    by_article: dict[str, list[Source]] = {}
    for source in event.sources:
        by_article.setdefault(source.article_id, []).append(source)
    # Only the listed articles' sentences are highlighted: an event can have thousands.
    articles = {
        key: _article_view(group[0], [highlight(s.sentence, names) for s in group])
        for key, group in list(by_article.items())[:SOURCES_SHOWN]
    }
    best = best_source(event, names)
    if best is not None:
        best = replace(best, sentence=highlight(best.sentence, names))
    toll = " · ".join(
        f"{label}: {n}"
        for label, n in (("Fatalities", event.fatalities), ("Injured", event.injured))
        if n is not None
    )
    return EventCard(
        status=event.status,
        status_label=STATUS_LABELS.get(event.status, event.status),
        when=format_date(
            event.date_start, event.date_end, event.date_precision, event.date_estimated
        ),
        basis=basis,
        label=type_label(event.type),
        title=event.title,
        language=event.language,
        relation=(event.place_relation or "") if event.places else "",
        places=[name for _, name in event.places],
        actors=[
            name + (f" ({ROLE_LABELS.get(r, r)})" if (r := event.roles.get(i)) else "")
            for i, name in event.actors
        ],
        toll=toll,
        outlets=list(dict.fromkeys(group[0].outlet for group in by_article.values())),
        articles=list(articles.values()),
        n_sentences=len(event.sources),
        n_articles=len(by_article),
        best=best,
        best_article=_best_article(articles, by_article, best),
    )


def _best_article(
    listed: dict[str, ArticleView], by_article: dict[str, list[Source]], best: Source | None
) -> ArticleView | None:
    """The source line under the best sentence: its article, listed or not."""
    if best is None:
        return None
    if best.article_id in listed:
        return listed[best.article_id]
    return _article_view(by_article[best.article_id][0], [])


def event_html(event: EventRecord, names: Iterable[str]) -> Markup:
    return card_html(event_card(event, names))


def card_html(card: EventCard) -> Markup:
    return render(
        "event_card.html",
        card=card,
        shown_actors=SHOWN_ACTORS,
        shown_outlets=OUTLETS_SHOWN,
        **GLOBALS,
    )


def _sentence(text: str, start: int, end: int, kind: str) -> Markup:
    note = {"caption": " [photo caption]", "demonym": " [demonym]"}.get(kind, "")
    marked = _marked(text, [(start, end)] if 0 <= start < end <= len(text) else [])
    return marked + (Markup(" <small>{}</small>").format(note.strip()) if note else "")


def article_html(article: PlaceArticle) -> Markup:
    """An article naming the place outside any event, with the sentences that name it."""
    view = _article_view(article, [_sentence(*s) for s in article.sentences])
    return render("place_article.html", article=view, **GLOBALS)


def spellings(surfaces: Iterable[str]) -> list[str]:
    return sorted(set(surfaces))


def place_header_html(place: PlaceSummary, surfaces: Iterable[str]) -> Markup:
    return render(
        "place_header.html",
        place=place,
        kind=KIND_LABELS.get(place.kind, place.kind),
        spellings=spellings(surfaces),
        n_events=len(place.events),
        n_articles=len(place.articles),
    )


PANEL_SHOWN = 20  # events drawn in the panel at first; "Show more" adds as many again
ARTICLES_SHOWN = 20  # other articles naming the place


def place_body_html(
    place: PlaceSummary,
    surfaces: Iterable[str],
    events: Sequence[EventRecord],
    articles: Sequence[PlaceArticle],
    outside: int = 0,
    shown: int = PANEL_SHOWN,
    *,
    n_events: int | None = None,
    n_others: int | None = None,
) -> Markup:
    """The events of the place (cards, newest first as given; the first ``shown``), then the
    articles that name it without being a source of one of them (the first ARTICLES_SHOWN).

    ``outside``: how many of the place's events the date range leaves out. With no event in
    range the panel says so ("No events of Smara in this range (2 outside it)").
    A busy place's page: ``events`` the newest only and ``n_events`` how many there are;
    ``articles`` already the other articles (no source of any of its events) and ``n_others``
    how many.
    """
    names = [place.name, *place.aliases, *surfaces]
    if n_others is None:
        cited = {s.article_id for e in events for s in e.sources}
        others = [a for a in articles if a.article_id not in cited]
    else:
        others = list(articles)
    return render(
        "place_body.html",
        name=place.name,
        outside=outside,
        n_events=len(events) if n_events is None else n_events,
        events=[event_html(e, names) for e in events[:shown]],
        n_articles=len(others) if n_others is None else n_others,
        articles=[article_html(a) for a in others[:ARTICLES_SHOWN]],
    )


UNPLACED_SHOWN = 50  # under the map; the rest are in the events table and the downloads


def unplaced_html(
    events: Sequence[EventRecord], shown: int = UNPLACED_SHOWN, total: int | None = None
) -> Markup:
    """The events without a place, listed under the map (the first ``shown``, newest first as
    given): a line each, its card behind it, then how many more there are (of ``total``, when
    ``events`` holds the first ones only)."""
    cards = [event_card(e, []) for e in events[:shown]]
    total = len(events) if total is None else total
    return render(
        "unplaced.html",
        items=[(card, card_html(card)) for card in cards],
        more=max(0, total - min(shown, len(events))),
    )


def panel_css() -> Markup:
    """The panel's stylesheet (``st.html`` puts a style-only block out of the layout)."""
    return stylesheet("panel.css")
