"""HTML for the side panel. Every piece of article text is escaped here, nowhere else.

Functions return HTML strings the app renders with ``unsafe_allow_html``; that is safe only
because each value taken from an article (titles, outlets, sentences, names, URLs) goes through
``html.escape`` first — the tests feed them ``<img src=x onerror=alert(1)>``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable

from articles.text import fold
from dashboard.mapview import KIND_LABELS
from dashboard.queries import EventRecord, PlaceArticle, PlaceSummary

STATUS_LABELS = {"past": "happened", "planned": "planned", "background": "background"}
PRECISION_NOTE = {"published": "date of publication (the text gives none)"}
ROLE_LABELS = {"actor1": "by", "actor2": "against", "associated": "with"}


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def safe_href(url: object) -> str:
    """An escaped http(s) URL, or "#": no ``javascript:`` or ``data:`` link from an index."""
    text = str(url or "").strip()
    return esc(text) if re.match(r"(?i)https?://", text) else "#"


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


def highlight(sentence: str, names: Iterable[str]) -> str:
    """The sentence, escaped, with every occurrence of the names (accents ignored) marked."""
    folded = fold(sentence)
    spans: list[tuple[int, int]] = []
    for name in sorted({fold(n) for n in names if n}, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", folded):
            if not any(s < m.end() and m.start() < e for s, e in spans):
                spans.append((m.start(), m.end()))
    out, pos = [], 0
    for s, e in sorted(spans):
        out += [esc(sentence[pos:s]), f"<mark>{esc(sentence[s:e])}</mark>"]
        pos = e
    out.append(esc(sentence[pos:]))
    return "".join(out)


def place_header_html(place: PlaceSummary, surfaces: Iterable[str]) -> str:
    seen = sorted(set(surfaces))
    aliases = ", ".join(esc(s) for s in seen) or "—"
    return (
        f'<div class="place-header"><h3>{esc(place.name)}</h3>'
        f"<p>{esc(KIND_LABELS.get(place.kind, place.kind))}"
        f"{' · ' + esc(place.territory) if place.territory else ''} · "
        f"{place.lat:.4f}, {place.lon:.4f}</p>"
        f"<p><small>As written in the articles: {aliases}</small></p>"
        f"<p><small>{len(place.events)} event(s) · {place.mentions} mention(s) in "
        f"{len(place.articles)} article(s)</small></p></div>"
    )


def _article_sources_html(sources: list, names: Iterable[str]) -> str:
    """One article (link, outlet, language, date) with every evidence sentence it gives."""
    first = sources[0]
    published = format_date(first.published, first.published, "day")
    if first.published_precision == "estimated":
        published += " (est.)"
    quotes = "".join(
        f'<blockquote class="evidence">{highlight(s.sentence, names)}</blockquote>' for s in sources
    )
    return (
        '<div class="source">'
        f'<a href="{safe_href(first.url)}" target="_blank" rel="noopener noreferrer">'
        f"{esc(first.title)}</a><br><small>{esc(first.outlet)} · {esc(first.language)} · "
        f"published {esc(published)}</small>{quotes}</div>"
    )


def event_html(event: EventRecord, names: Iterable[str]) -> str:
    names = list(names)
    when = format_date(event.date_start, event.date_end, event.date_precision, event.date_estimated)
    basis = {"relative": "resolved from the publication date"}.get(event.date_basis, "")
    if event.date_basis == "published" and event.sources:
        # the text gives no date: say when it was reported, not a day it happened
        first = min(s.published for s in event.sources)
        basis = f"reported on {first:%d %b %Y}"
    actors = (
        ", ".join(
            esc(name) + (f" ({esc(ROLE_LABELS.get(r, r))})" if (r := event.roles.get(i)) else "")
            for i, name in event.actors
        )
        or "—"
    )
    toll = " · ".join(
        f"{label}: {esc(n)}"
        for label, n in (("Fatalities", event.fatalities), ("Injured", event.injured))
        if n is not None
    )
    relation = f"{esc(event.place_relation)} " if event.place_relation and event.places else ""
    places = ", ".join(esc(name) for _, name in event.places)
    status = STATUS_LABELS.get(event.status, event.status)
    by_article: dict[str, list] = {}
    for source in event.sources:
        by_article.setdefault(source.article_id, []).append(source)
    sources = "".join(_article_sources_html(group, names) for group in by_article.values())
    n_sentences = len(event.sources)
    summary = (
        f"{len(by_article)} source article(s) · {n_sentences} evidence sentence(s)"
        if n_sentences != len(by_article)
        else f"{len(by_article)} source article(s)"
    )
    return (
        f'<div class="event status-{esc(event.status)}">'
        f'<div class="event-when">{esc(when)}'
        f"{f' <small>({esc(basis)})</small>' if basis else ''}</div>"
        f'<div class="event-title"><span class="event-type">{esc(event.type)}</span> '
        f"{esc(event.title)} <small>[{esc(status)}]</small></div>"
        f"<div><small>Where: {relation}{places} · Who: {actors}</small></div>"
        f"{f'<div><small>{toll}</small></div>' if toll else ''}"
        f"<details open><summary>{summary}</summary>{sources}</details>"
        "</div>"
    )


def article_html(article: PlaceArticle) -> str:
    published = f"{article.published:%d %b %Y}"
    if article.published_precision == "estimated":
        published += " (est.)"
    items = "".join(
        f"<li>{esc(s[:start])}<mark>{esc(s[start:end])}</mark>{esc(s[end:])}"
        f"{' <small>[photo caption]</small>' if kind == 'caption' else ''}"
        f"{' <small>[demonym]</small>' if kind == 'demonym' else ''}</li>"
        for s, start, end, kind in article.sentences
    )
    return (
        '<div class="article">'
        f'<a href="{safe_href(article.url)}" target="_blank" rel="noopener noreferrer">'
        f"{esc(article.title)}</a><br><small>{esc(article.outlet)} · {esc(article.language)} · "
        f"published {esc(published)}</small><ul>{items}</ul></div>"
    )


PANEL_CSS = """
<style>
.place-header h3 { margin-bottom: 0.2rem; }
.event { border-left: 4px solid #c0392b; padding: 0.3rem 0.6rem; margin: 0.6rem 0; }
.event.status-planned { border-left-color: #2471a3; border-left-style: dashed; }
.event.status-background { border-left-color: #95a5a6; opacity: 0.85; }
.event-when { font-weight: 600; }
.event-type { background: #eee; border-radius: 3px; padding: 0 4px; font-size: 0.8em; }
blockquote.evidence { margin: 0.2rem 0 0.5rem 0; padding-left: 0.6rem;
  border-left: 2px solid #ccc; font-size: 0.9em; }
.article { margin: 0.5rem 0; }
mark { background: #ffe08a; padding: 0 1px; }
</style>
"""
