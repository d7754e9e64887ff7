"""What an article would add before it is saved: its places and events, with the evidence.

``preview`` runs the build's own per-article analysis (``dashboard.build.analysis``) on the draft,
so what the page shows is what the index will hold; ``preview_html`` escapes every piece of it
(the draft is untrusted text) through an autoescaping template (``templates/preview.html``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from articles.events import event_words
from articles.ingest.record import Draft, render
from articles.reader import parse_article
from articles.text import segment_lines
from dashboard.build.analysis import analyse_article
from dashboard.ui import panel, templating
from dashboard.ui.mapview import KIND_LABELS
from dashboard.ui.panel import format_date, highlight
from geodata.matcher import PlaceMatcher


@dataclass(frozen=True)
class FoundPlace:
    name: str
    kind: str
    surface: str
    sentence: str
    caption: bool  # a photo caption: listed, never on the map


@dataclass(frozen=True)
class FoundEvent:
    label: str
    when: str
    where: tuple[str, ...]
    sentence: str


@dataclass(frozen=True)
class Preview:
    places: tuple[FoundPlace, ...]
    events: tuple[FoundEvent, ...]

    @property
    def mapped(self) -> list[str]:
        """The place names that will get a marker (body mentions, not demonyms or captions)."""
        return sorted({p.name for p in self.places if not p.caption})


def preview(draft: Draft, matcher: PlaceMatcher) -> Preview:
    """The places and events the index would hold for ``draft`` (which must be complete)."""
    article = parse_article(render(draft).encode("utf-8"), "preview.md")
    lines = segment_lines(article.body)
    analysis = analyse_article(article, matcher, lines)
    places = matcher.gazetteer.places
    found = tuple(
        FoundPlace(
            name=places[m.place_id].name,
            kind=places[m.place_id].kind,
            surface=m.surface,
            sentence=article.body[m.sentence_start : m.sentence_end],
            caption=m.kind == "caption",
        )
        for m in analysis.mentions
        if m.role == "place"
    )
    labels = event_words(article.language).labels
    events = []
    for e in analysis.payload["events"]:
        start, end = (
            dt.date.fromisoformat(d) if d else None for d in (e["date_start"], e["date_end"])
        )
        sentence = " ".join(article.body[s:t] for s, t in e["evidence"][:1])
        events.append(
            FoundEvent(
                label=labels.get(e["type"], e["type"]),
                when=format_date(start, end, e["date_precision"], e["date_estimated"]),
                where=tuple(places[p].name for p in e["place_ids"] + e["area_ids"] if p in places),
                sentence=sentence,
            )
        )
    return Preview(found, tuple(events))


def preview_html(draft: Draft, result: Preview) -> Markup:
    """The draft's fields, places and events as HTML (an autoescaping template)."""
    published = draft.published.isoformat() if draft.published else "—"
    if draft.published and draft.published_precision == "estimated":
        published += " (est.)"
    names = [p.surface for p in result.places]
    grouped: dict[tuple[str, str, bool], list[FoundPlace]] = {}
    for p in result.places:
        grouped.setdefault((p.name, p.kind, p.caption), []).append(p)
    places = [
        {
            "name": name,
            "kind": KIND_LABELS.get(kind, kind),
            "caption": caption,
            "sentences": [
                highlight(s, {p.surface for p in found})
                for s in dict.fromkeys(p.sentence for p in found)
            ],
        }
        for (name, kind, caption), found in grouped.items()
    ]
    events = [
        {
            "label": e.label,
            "when": e.when,
            "where": e.where,
            "sentence": highlight(e.sentence, names),
        }
        for e in result.events
    ]
    return templating.render(
        "preview.html",
        draft=draft,
        published=published,
        places=places,
        events=events,
        **panel.GLOBALS,
    )
