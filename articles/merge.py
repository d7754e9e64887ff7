"""One event, many sources: merging event drafts across articles and languages.

Two drafts are the same happening when they are of one family (a visit and the meeting it held),
their dates overlap (an undated draft spans the week before its publication), their places do
not conflict, they share an actor, and they do not carry two different ordinals ("second" and
"third session").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from articles.events import EventDraft, dates_compatible, event_words, places_compatible

#: When families merge, the more specific type names the event.
TYPE_RANK = {"commission_session": 0, "visit": 1, "meeting": 2}
# an undated draft already spans the week before its publication (articles/events.py): no slack
PUBLISHED_SLACK_DAYS = 0
GROUP_MEMBERS_IN_WINDOW = 4
BASIS_RANK = {"stated": 0, "relative": 1, "published": 2}


@dataclass
class MergedEvent:
    id: str
    type: str
    language: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    date_basis: str
    date_estimated: bool
    date_text: str | None
    status: str
    place_ids: list[str]
    actor_ids: list[str]
    drafts: list[EventDraft] = field(default_factory=list)
    title: str = ""
    family: str | None = None
    fatalities: int | None = None  # the largest count a source states (tolls rise)
    injured: int | None = None
    place_relation: str | None = None
    roles: dict[str, str] = field(default_factory=dict)  # actor id -> "actor1", "actor2", …


def _actor_ids(draft: EventDraft, actor_of: Callable[[str, dict], str | None]) -> list[str]:
    ids = [actor_of(draft.article_id, a) for a in draft.actors]
    return list(dict.fromkeys(i for i in ids if i))


def _family(draft: EventDraft) -> str:
    return event_words(draft.language).families.get(draft.type, draft.type)


def _type_rank(kind: str, language: str) -> tuple[int, int]:
    priority = event_words(language).type_priority
    return TYPE_RANK.get(kind, 5), priority.index(kind) if kind in priority else len(priority)


def _max(values: Iterable[int | None]) -> int | None:
    stated = [v for v in values if v is not None]
    return max(stated) if stated else None


def _roles(drafts: list[EventDraft], actor_of: Callable[[str, dict], str | None]) -> dict:
    roles: dict[str, str] = {}
    for d in drafts:
        for a in d.actors:
            actor_id = actor_of(d.article_id, a)
            if actor_id and a.get("party"):
                roles.setdefault(actor_id, a["party"])
    return roles


def same_happening(a: EventDraft, b: EventDraft, actors_a: set[str], actors_b: set[str]) -> bool:
    if a.article_id == b.article_id or _family(a) != _family(b):
        return False
    if a.ordinal and b.ordinal and a.ordinal != b.ordinal:
        return False
    if a.status != b.status and "background" in (a.status, b.status):
        return False
    slack = PUBLISHED_SLACK_DAYS if "published" in (a.date_basis, b.date_basis) else 0
    if not a.date_start or not b.date_start:
        # "the memorandum that created the commission", told undated as background by one
        # article and dated by another: one agreement when they share a party
        return _undated_background(a, b) and places_compatible(a, b) and bool(actors_a & actors_b)
    a_own, b_own = a.own_date, b.own_date
    a.own_date = b.own_date = True  # compare the dates they carry, guesses included
    try:
        if not dates_compatible(a, b, slack):
            return False
    finally:
        a.own_date, b.own_date = a_own, b_own
    if not places_compatible(a, b):
        return False
    if a.ordinal and a.ordinal == b.ordinal and a.own_place and b.own_place:
        return True  # "the third session" at the same place and time: one session
    return bool(actors_a & actors_b)


def _undated_background(a: EventDraft, b: EventDraft) -> bool:
    """Two background drafts of one type of its own (an agreement, not a family's), one undated."""
    return (
        a.type == b.type
        and a.family is None
        and a.status == b.status == "background"
        and (a.date_start is None) != (b.date_start is None)
    )


def _undated_pairs(drafts: list[EventDraft], ids: list[set[str]]) -> Iterator[tuple[int, int]]:
    """Each undated background draft with a few dated ones of its type sharing an actor."""
    dated: dict[tuple[str, str], list[int]] = {}
    for i, d in enumerate(drafts):
        if d.date_start and d.status == "background" and d.family is None:
            for key in sorted(ids[i]):
                dated.setdefault((d.type, key), []).append(i)
    for i, d in enumerate(drafts):
        if d.date_start or d.status != "background" or d.family is not None:
            continue
        seen: set[int] = set()
        for key in sorted(ids[i]):
            for j in dated.get((d.type, key), [])[:GROUP_MEMBERS_IN_WINDOW]:
                if j not in seen:
                    seen.add(j)
                    yield (j, i)


def _lead(drafts: list[EventDraft]) -> EventDraft:
    """The draft that names the merged event: own place and date first, then the best date."""
    return min(
        drafts,
        key=lambda d: (
            not (d.own_place and d.own_date),
            BASIS_RANK.get(d.date_basis, 3),
            TYPE_RANK.get(d.type, 5),
            d.article_id,
            d.trigger_start,
        ),
    )


def _event_id(lead: EventDraft) -> str:
    key = f"{lead.article_id}#{lead.trigger_start}#{lead.type}"
    return "ev-" + hashlib.sha1(key.encode()).hexdigest()[:12]


def _blocking_keys(draft: EventDraft, actor_ids: set[str]) -> set[str]:
    """What two drafts must share to be the same happening (see ``same_happening``)."""
    keys = set(actor_ids)
    if draft.ordinal and draft.own_place:
        keys |= {f"#{draft.ordinal}@{p}" for p in draft.place_ids}
    return keys


def _candidate_pairs(
    drafts: list[EventDraft], ids: list[set[str]], root: Callable[[int], int]
) -> Iterator[tuple[int, int]]:
    """Pairs worth comparing: same family, a shared actor (or numbered session at one place),
    and dates that overlap with the guess slack. A sweep over start dates per blocking key,
    keeping a few members of each merged group in the window, keeps this near-linear where
    comparing all pairs would be quadratic."""
    slack = dt.timedelta(days=PUBLISHED_SLACK_DAYS)
    blocks: dict[tuple[str, str], list[tuple[dt.date, dt.date, int]]] = {}
    for i, d in enumerate(drafts):
        if not d.date_start:
            continue
        start = dt.date.fromisoformat(d.date_start)
        end = dt.date.fromisoformat(d.date_end) if d.date_end else start
        for key in sorted(_blocking_keys(d, ids[i])):  # sorted: the same result on every run
            blocks.setdefault((_family(d), key), []).append((start, end, i))
    for items in blocks.values():
        items.sort()
        active: list[tuple[dt.date, int]] = []
        for start, end, i in items:
            kept: list[tuple[dt.date, int]] = []
            per_group: dict[int, int] = {}
            for e, j in active:
                if e + slack < start:
                    continue
                group = root(j)
                if per_group.get(group, 0) >= GROUP_MEMBERS_IN_WINDOW:
                    continue  # the group has representatives enough in the window
                per_group[group] = per_group.get(group, 0) + 1
                kept.append((e, j))
                yield (j, i)
            active = [*kept, (end, i)]


def merge_drafts(
    drafts: Iterable[EventDraft], actor_of: Callable[[str, dict], str | None]
) -> list[MergedEvent]:
    """Group drafts of the same happening; ``actor_of(article_id, actor)`` resolves spellings."""
    drafts = list(drafts)
    ids = [set(_actor_ids(d, actor_of)) for d in drafts]
    parent = list(range(len(drafts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sources = [{d.article_id} for d in drafts]  # per root: the articles in its group
    pairs = itertools.chain(_candidate_pairs(drafts, ids, root), _undated_pairs(drafts, ids))
    for i, j in pairs:
        ri, rj = root(i), root(j)
        # two drafts from one article never end up in one event by transitivity
        if ri == rj or sources[ri] & sources[rj]:
            continue
        if same_happening(drafts[i], drafts[j], ids[i], ids[j]):
            parent[rj] = ri
            sources[ri] |= sources[rj]
    groups: dict[int, list[int]] = {}
    for i in range(len(drafts)):
        groups.setdefault(root(i), []).append(i)
    merged = []
    for members in groups.values():
        group = [drafts[i] for i in members]
        lead = _lead(group)
        types = sorted({d.type for d in group}, key=lambda t: _type_rank(t, lead.language))
        places = list(dict.fromkeys(p for d in group for p in d.places))
        actor_ids = list(dict.fromkeys(a for i in members for a in sorted(ids[i])))
        merged.append(
            MergedEvent(
                id=_event_id(lead),
                type=types[0] if _family(lead) != lead.type else lead.type,
                language=lead.language,
                date_start=dt.date.fromisoformat(lead.date_start) if lead.date_start else None,
                date_end=dt.date.fromisoformat(lead.date_end) if lead.date_end else None,
                date_precision=lead.date_precision if lead.date_start else "unknown",
                date_basis=lead.date_basis if lead.date_start else "unknown",
                date_estimated=lead.date_estimated,
                date_text=lead.date_text,
                status=lead.status,
                place_ids=places,
                actor_ids=actor_ids,
                drafts=sorted(group, key=lambda d: (d is not lead, d.article_id)),
                family=lead.family,
                fatalities=_max(d.fatalities for d in group),
                injured=_max(d.injured for d in group),
                place_relation=lead.place_relation,
                roles=_roles(group, actor_of),
            )
        )
    merged.sort(key=lambda e: (e.date_start or dt.date.min, e.id))
    return merged


def event_title(
    event: MergedEvent, place_names: dict[str, str], actor_names: dict[str, str]
) -> str:
    """A one-line title in the lead article's language: what, where, and up to two who."""
    words = event_words(event.language)
    lead = event.drafts[0]
    what = words.labels.get(event.type, event.type)
    if event.type == "commission_session" and lead.type == event.type:
        what = lead.trigger[:1].upper() + lead.trigger[1:]
    where = ", ".join(place_names[p] for p in event.place_ids[:2] if p in place_names)
    title = words.title_where.format(what=what, where=where) if where else what
    ids = sorted(event.actor_ids, key=lambda a: not a.startswith("person:"))  # people first
    people = [actor_names[a] for a in ids if a in actor_names][:2]
    if people:
        title = words.title_who.format(title=title, who=", ".join(people))
    return title
