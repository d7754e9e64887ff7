"""What an article would add before it is saved: its places and events, with the evidence.

``preview`` runs the build's own per-article analysis (``dashboard.analysis``) on the draft, so
what the page shows is what the index will hold; ``preview_html`` escapes every piece of it
(the draft is untrusted text) through ``dashboard.panel``'s helpers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from articles.events import event_words
from articles.ingest.record import Draft, render
from articles.reader import parse_article
from articles.text import segment_lines
from dashboard.analysis import analyse_article
from dashboard.mapview import KIND_LABELS
from dashboard.panel import esc, format_date, highlight, safe_href
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


def preview_html(draft: Draft, result: Preview) -> str:
    """The draft's fields, places and events as HTML, every value escaped."""
    published = draft.published.isoformat() if draft.published else "—"
    if draft.published and draft.published_precision == "estimated":
        published += " (est.)"
    names = [p.surface for p in result.places]
    head = (
        f'<div class="source"><a href="{safe_href(draft.url)}" target="_blank" '
        f'rel="noopener noreferrer">{esc(draft.title)}</a><br><small>{esc(draft.outlet)} · '
        f"{esc(draft.language)} · published {esc(published)}</small></div>"
    )
    grouped: dict[tuple[str, str, bool], list[FoundPlace]] = {}
    for p in result.places:
        grouped.setdefault((p.name, p.kind, p.caption), []).append(p)
    rows = "".join(
        f"<li><b>{esc(name)}</b> ({esc(KIND_LABELS.get(kind, kind))})"
        f"{' — photo caption, not mapped' if caption else ''}"
        + "".join(
            f'<blockquote class="evidence">{highlight(s, {p.surface for p in found})}</blockquote>'
            for s in dict.fromkeys(p.sentence for p in found)
        )
        + "</li>"
        for (name, kind, caption), found in grouped.items()
    )
    events = "".join(
        f"<li><b>{esc(e.label)}</b> · {esc(e.when)}"
        f"{' · ' + esc(', '.join(e.where)) if e.where else ''}"
        f'<blockquote class="evidence">{highlight(e.sentence, names)}</blockquote></li>'
        for e in result.events
    )
    return (
        f"{head}<h4>Places ({len(grouped)})</h4><ul>{rows or '<li>none found</li>'}</ul>"
        f"<h4>Events ({len(result.events)})</h4><ul>{events or '<li>none found</li>'}</ul>"
    )
