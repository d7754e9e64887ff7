"""Events from one article: triggers, then their dates, places and actors, then re-mentions merged.

Rules (all word lists in ``articles/lexicon/<lang>/events.yaml``):

- A trigger (``met with``, ``séance de travail de la Commission``, ``bombardement``…) in a body
  sentence starts an event. A sentence is cut into segments at its triggers; a date, place or
  marker belongs to the nearest trigger on its left (or the first one when nothing is on its left).
- Date: the segment's first resolved date. No date: the week that ends on the publication date,
  said so (``date_basis = "published"``), unless the segment marks the event as background
  (``articles/ranges.py``: before another event, undated plans, a paragraph's date).
- Conflict events (``articles/roles.py``, ``articles/casualties.py``): one per sentence, the
  parties' roles, fatalities and injured, the place's relation ("near", "between").
- Status: ``planned`` for plans, future markers or a date after publication; ``background`` for
  background markers or a date more than 90 days before publication; else ``past``.
- Within an article, an event with neither its own date nor its own place is a re-mention ("the
  meeting", "cette visite") and merges into the first event of its family that has one; events of
  the same type whose dates and places do not conflict merge too.

Events are JSON-ready dicts so an unchanged article's extraction can be stored and reused.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from articles import lexicon, nonevents, participants, ranges, roles
from articles.actors import ActorMention, find_actors, same_person
from articles.casualties import count_casualties
from articles.dates import DateMention, find_dates
from articles.prefilter import literal_prefixes, may_match
from articles.reader import Article
from articles.text import Span, fold, sentences
from articles.windows import ByStart, SpanSet

BACKGROUND_DAYS = 90


@dataclass(frozen=True)
class PlaceSpan:
    """A place mention as events need it (kept free of the geodata package)."""

    start: int
    end: int
    place_id: str
    is_area: bool


@dataclass(frozen=True)
class Trigger:
    type: str
    pattern: re.Pattern
    actors: bool
    cased: bool = False  # matched against the original text ("Operation Desert Shield")
    prefixes: tuple[str, ...] | None = None  # one starts every match (articles/prefilter.py)


@dataclass(frozen=True)
class EventWords:
    triggers: tuple[Trigger, ...]
    families: dict[str, str]  # type -> family
    planned: re.Pattern | None
    background: re.Pattern | None
    ordinals: dict[str, int]
    labels: dict[str, str]
    title_where: str
    title_who: str
    commentators: frozenset[str]
    anaphora: re.Pattern | None
    sentence_families: tuple[str, ...] = ()
    type_priority: tuple[str, ...] = ()


def _union(patterns: Sequence[str]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@cache
def event_words(language: str) -> EventWords:
    data = lexicon.load("events", language)
    triggers = tuple(
        Trigger(
            kind,
            pattern,
            bool(item.get("actors")),
            bool(item.get("cased")),
            literal_prefixes(pattern),
        )
        for kind, items in data.get("triggers", {}).items()
        for item in items
        for pattern in [re.compile(item["pattern"])]
    )
    families = {t: fam for fam, types in data.get("families", {}).items() for t in types}
    return EventWords(
        triggers=triggers,
        families=families,
        planned=_union(data.get("planned_markers", [])),
        background=_union(data.get("background_markers", [])),
        ordinals={fold(k): v for k, v in data.get("ordinals", {}).items()},
        labels=data.get("labels", {}),
        title_where=data.get("title_where", "{what} in {where}"),
        title_who=data.get("title_who", "{title}: {who}"),
        commentators=frozenset(fold(w) for w in data.get("commentator_titles", [])),
        anaphora=re.compile(r"(?:^|\W)(?:" + "|".join(data["anaphora"]) + r")\s+$")
        if data.get("anaphora")
        else None,
        sentence_families=tuple(data.get("sentence_families", [])),
        type_priority=tuple(data.get("type_priority", [])),
    )


@dataclass
class EventDraft:
    article_id: str
    type: str
    language: str
    trigger: str
    trigger_start: int
    date_start: str | None = None  # ISO dates (JSON-ready)
    date_end: str | None = None
    date_precision: str = "unknown"
    date_basis: str = "published"
    date_estimated: bool = False
    date_text: str | None = None
    status: str = "past"
    place_ids: list[str] = field(default_factory=list)
    area_ids: list[str] = field(default_factory=list)
    actors: list[dict] = field(default_factory=list)  # ActorMention fields
    evidence: list[list[int]] = field(default_factory=list)  # [sentence_start, sentence_end]
    ordinal: int | None = None
    own_date: bool = False
    own_place: bool = False
    anaphoric: bool = False  # "this meeting", "cette visite": a re-mention, not a new event
    distinct: bool = False  # "also met": another happening than the one told before
    family: str | None = None  # "gathering", "conflict"; None for a type of its own
    fatalities: int | None = None  # stated counts (conflict events), None when not stated
    injured: int | None = None
    place_relation: str | None = None  # "near", "between" the first place; None: in it

    @property
    def places(self) -> list[str]:
        return self.place_ids or self.area_ids

    def to_json(self) -> dict:
        """Its fields, JSON-ready (lists copied, not deep-copied like ``asdict``: the values are
        numbers, strings and lists of them or of flat dicts)."""
        out = dict(self.__dict__)
        for key in ("place_ids", "area_ids", "evidence"):
            out[key] = [list(v) if isinstance(v, list) else v for v in out[key]]
        out["actors"] = [dict(a) for a in self.actors]
        return out

    @classmethod
    def from_json(cls, data: dict) -> EventDraft:
        return cls(**data)


@dataclass
class _Found:
    trigger: Trigger
    start: int  # offsets in the article body
    end: int


def _triggers_in(
    folded: str,
    start: int,
    end: int,
    words: EventWords,
    text: str | None = None,
    blocked: Sequence[tuple[int, int]] = (),
    hits: list[tuple[int, int, int]] | None = None,
) -> list[_Found]:
    """Triggers in ``[start, end)``, none inside a longer ``blocked`` span (an organisation's name:
    "French forces of Operation Barkhane"; "protesters" alone is both)."""
    found: list[_Found] = []
    hits = (
        _trigger_hits(folded, words, text)
        if hits is None
        else hits[bisect_left(hits, (start,)) : bisect_left(hits, (end,))]
    )
    for s0, e0, n in hits:
        if not (start <= s0 and e0 <= end):
            continue
        inside = any(s <= s0 and e0 <= e and (s, e) != (s0, e0) for s, e in blocked)
        if e0 > s0 and not inside:
            found.append(_Found(words.triggers[n], s0, e0))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            continue  # overlapping: the earlier, longer one wins
        if any(k.trigger.type == f.trigger.type for k in kept):
            if f.trigger.actors:
                for k in kept:
                    if k.trigger.type == f.trigger.type and not k.trigger.actors:
                        k.trigger = f.trigger  # keep the position, gain the participants
            continue
        kept.append(f)
    return kept


def _trigger_hits(
    folded: str, words: EventWords, text: str | None = None
) -> list[tuple[int, int, int]]:
    """(start, end, trigger index) of every trigger in the whole text, sorted: one regex pass
    per trigger and article instead of one per sentence (triggers never cross a sentence's end)."""
    out = []
    for n, trig in enumerate(words.triggers):
        source = text if trig.cased and text is not None else folded
        if may_match(trig.prefixes, source):
            out += [(m.start(), m.end(), n) for m in trig.pattern.finditer(source)]
    out.sort()
    return out


def _owner(position: int, found: list[_Found]) -> int:
    """Index of the trigger a thing at ``position`` belongs to: nearest on its left, else first."""
    owner = 0
    for i, f in enumerate(found):
        if f.start <= position:
            owner = i
    return owner


def _sentence_groups(body: str, spans: list[Span]) -> list[tuple[Span, list[Span]]]:
    """Body sentences, each with the bullet lines a sentence ending in ':' introduces."""
    body_spans = [s for s in spans if s.kind == "body"]
    groups: list[tuple[Span, list[Span]]] = []
    i = 0
    while i < len(body_spans):
        head = body_spans[i]
        extra: list[Span] = []
        if body[head.start : head.end].rstrip().endswith(":"):
            j = i + 1
            while j < len(body_spans) and _is_bullet(body, body_spans[j]):
                extra.append(body_spans[j])
                j += 1
            i = j - 1 if extra else i
        groups.append((head, extra))
        i += 1
    return groups


def _is_bullet(body: str, span: Span) -> bool:
    line_start = body.rfind("\n", 0, span.start) + 1
    return body[line_start : span.start].strip() in ("•", "-", "*", "·")


def _date_fields(d: DateMention, published: dt.date) -> dict:
    start, end, precision = d.date_start, d.date_end, d.precision
    if d.kind == "until" and start is None:
        # "until 2024": from the article's date to the end of the period, a span of months
        start, precision = published, "months"
    return {
        "date_start": start.isoformat() if start else None,
        "date_end": (end or start).isoformat() if (end or start) else None,
        "date_precision": precision,
        "date_basis": d.basis,
        "date_text": d.text,
    }


def _status(draft: EventDraft, segment: str, words: EventWords, published: dt.date) -> str:
    if draft.type == "plan" or (words.planned and words.planned.search(segment)):
        return "planned"
    if words.background and words.background.search(segment):
        return "background"
    if draft.date_start and dt.date.fromisoformat(draft.date_start) > published:
        return "planned"
    if draft.date_end and dt.date.fromisoformat(draft.date_end) < published - dt.timedelta(
        days=BACKGROUND_DAYS
    ):
        return "background"
    return "past"


def _ordinal(trigger_text: str, words: EventWords) -> int | None:
    for token in re.findall(r"\w+", trigger_text):
        if token in words.ordinals:
            return words.ordinals[token]
        if m := re.fullmatch(r"(\d+)(?:st|nd|rd|th|e|eme)", token):
            return int(m.group(1))
    return None


def _actor_dict(a: ActorMention) -> dict:
    return {
        "name": a.name,
        "kind": a.kind,
        "title": a.title,
        "role": a.role,
        "org_id": a.org_id,
        "start": a.start,
        "end": a.end,
    }


def extract_drafts(
    article: Article,
    places: Sequence[PlaceSpan],
    lines: list[Span],
    dates: Sequence[DateMention] | None = None,
    actors: Sequence[ActorMention] | None = None,
) -> list[EventDraft]:
    """Every trigger in the article's body sentences, with its own date, places and actors."""
    words = event_words(article.language)
    body = article.body
    folded = fold(body)
    spans = sentences(body, lines)
    dates = dates if dates is not None else find_dates(body, article.published, article.language)
    actors = actors if actors is not None else find_actors(body, article.language)
    drafts: list[EventDraft] = []
    # "Operation Barkhane" names a force, not an operation
    orgs = [(a.start, a.end) for a in actors if a.kind == "organisation"]
    by_date, by_place, by_actor = ByStart(dates), ByStart(places), ByStart(actors)
    org_starts = sorted(orgs)
    commenting = participants.commentators(actors, words.commentators)
    ordered: list[EventDraft] = []  # undated events told as before another ("after the attack")
    hits = _trigger_hits(folded, words, body)
    for head, bullets in _sentence_groups(body, spans):
        blocked = org_starts[
            bisect_left(org_starts, (head.start,)) : bisect_left(org_starts, (head.end,))
        ]
        found = _triggers_in(folded, head.start, head.end, words, body, blocked, hits)
        armed = roles.conflict_words(article.language).armed
        found = [
            f
            for f in found
            if not nonevents.is_nonevent(
                body,
                folded,
                (f.start, f.end),
                (head.start, head.end),
                article.language,
                conflict=words.families.get(f.trigger.type) in words.sentence_families,
                cased=f.trigger.cased,
                armed=armed,
            )  # fmt: skip
        ]
        found = roles.collapse_triggers(
            found, words.families, words.sentence_families, words.type_priority
        )
        if not found:
            continue
        own = [_new_draft(article, f, words, head, folded) for f in found]
        in_head = by_date.within(head.start, head.end)
        for d in in_head:
            i = _owner(d.start, found)
            resolved = d.date_start is not None or (d.kind == "until" and d.date_end)
            if not own[i].own_date and resolved and d.precision != "unknown":
                own[i].__dict__.update(_date_fields(d, article.published), own_date=True)
        for p in by_place.within(head.start, head.end):
            i = _owner(p.start, found)
            if own[i].type == "appointment":
                continue
            if (
                own[i].type == "agreement"
                and p.is_area
                and not participants.is_locative(folded, p.start, head.start, article.language)
            ):
                continue  # "Morocco and Mauritania concluded agreements": parties, not a place
            target = own[i].area_ids if p.is_area else own[i].place_ids
            if not p.is_area and not own[i].place_ids:
                own[i].place_relation = roles.place_relation(
                    folded, p.start, head.start, article.language
                )
            if p.place_id not in target:
                target.append(p.place_id)
            own[i].own_place = own[i].own_place or not p.is_area
        people = by_actor.within(head.start, head.end)
        for b in bullets:
            people += by_actor.within(b.start, b.end)
        # "at the United Nations", "according to MINUSMA": a mere mention, not a participant
        people = [
            a
            for a in people
            if a.kind == "person"
            or not roles.is_mention_only(folded, a.start, head.start, article.language)
        ]
        spans_of = [(g.start, g.end) for g in found]
        for i, f in enumerate(found):
            draft = own[i]
            draft.family = words.families.get(draft.type)
            conflict = draft.family in words.sentence_families
            # seg_end: halfway to the next trigger; a marker belongs to the nearer of the two
            seg_start = (found[i - 1].end + f.start) // 2 if i else head.start
            seg_end = (f.end + found[i + 1].start) // 2 if i + 1 < len(found) else head.end
            draft.distinct = participants.is_distinct(
                folded, (f.start, f.end), head.start, article.language
            )
            # "the session of the Joint Military Commission": that session's, not its neighbour's
            # of another family (a meeting at that session is the session: the name stays)
            others = [
                span if words.families.get(found[j].trigger.type) != draft.family else (0, 0)
                for j, span in enumerate(spans_of)
            ]
            mine = [a for a in people if not participants.inside_other(a.start, i, others)]
            named_after = None
            if not f.trigger.actors and draft.family == "gathering":
                # "the meeting in Marrakech between A and B"; a relative clause's appointment
                # ("who assumed the post in 2021, and General X") does not end the list
                later = [g.start for g in found[i + 1 :] if g.trigger.type not in CLAUSE_TYPES]
                named_after = participants.after_marker(
                    folded, f.end, later[0] if later else head.end,
                    [a for a in mine if a.name not in commenting], article.language,
                )  # fmt: skip
            if named_after:
                draft.actors = [_actor_dict(a) for a in named_after]
            elif f.trigger.actors or conflict or draft.type in ("agreement", "military_operation"):
                chosen = mine
                if conflict or draft.type == "military_operation":
                    chosen = [a for a in mine if a.kind == "organisation"]
                if draft.type == "appointment":
                    before = [a for a in mine if a.start < f.start and a.kind == "person"]
                    chosen = before[-1:]
                draft.actors = [
                    _actor_dict(a)
                    for a in chosen
                    if not (a.title and fold(a.title) in words.commentators)
                ]
            if conflict:
                draft.type, draft.actors = roles.conflict_parties(
                    draft.type, draft.actors, body, folded, (f.start, f.end),
                    (head.start, head.end), article.language,
                )  # fmt: skip
            # a marker ("will", "depuis des années") belongs to the nearer of two triggers
            segment = folded[seg_start:seg_end]
            earlier = roles.ordered_after_marker(folded, f.start, head.start, article.language)
            context = (
                ranges.paragraph_date(body, by_date, head.start)
                if conflict and not earlier
                else None
            )
            if not draft.own_date and context is not None:
                # "On 4 May, ... . Gunmen then attacked ...": the paragraph's date carries on
                draft.__dict__.update(_date_fields(context, article.published))
            elif not draft.own_date and not (words.background and words.background.search(segment)):
                ranges.week_before(draft, article.published)
                if earlier:
                    others = [o for o in own if o is not draft and o.own_date]
                    if others:
                        ranges.end_before(draft, others[0])
                    else:
                        ordered.append(draft)
            draft.date_estimated = article.published_is_estimate and draft.date_basis != "stated"
            draft.status = _status(draft, segment, words, article.published)
            if draft.status == "planned" and not draft.own_date and draft.date_start:
                ranges.week_after(draft, article.published)
        # "The visit concluded with a closing session, during which a report was signed": the
        # signing is part of the gathering the sentence re-mentions, not an event of its own
        frame = next((d for d in own if d.family == "gathering" and not _own(d)), None)
        if frame is not None:
            for d in [d for d in own if d.type == "agreement" and not _own(d)]:
                frame.actors += [a for a in d.actors if a not in frame.actors]
                own.remove(d)
        # a plan sentence with no place of its own happens where its sentence's event is
        for draft in own:
            if draft.type == "plan" and not draft.places:
                for other in own:
                    if other is not draft and other.places:
                        draft.place_ids = list(other.place_ids)
                        draft.area_ids = list(other.area_ids)
                        break
        drafts.extend(own)
    kept = merge_within_article(drafts, words)
    before_another = {id(d) for d in ordered}  # by identity: two drafts may be equal
    main = next((d for d in kept if d.own_date and id(d) not in before_another), None)
    date_spans = SpanSet((d.start, d.end) for d in dates)
    for draft in kept:
        if id(draft) in before_another and main is not None:
            ranges.end_before(draft, main)
        if draft.family in words.sentence_families:
            counts = count_casualties(folded, article.language, draft.evidence, date_spans)
            draft.fatalities, draft.injured = counts["fatalities"], counts["injured"]
    return kept


def _new_draft(
    article: Article, f: _Found, words: EventWords, head: Span, folded: str
) -> EventDraft:
    text = article.body[f.start : f.end]
    return EventDraft(
        article_id=article.id,
        type=f.trigger.type,
        language=article.language,
        trigger=text,
        trigger_start=f.start,
        evidence=[[head.start, head.end]],
        ordinal=_ordinal(folded[f.start : f.end], words),
        anaphoric=bool(
            words.anaphora
            and words.anaphora.search(folded[max(head.start, f.start - 30) : f.start])
        ),
    )


#: Events of one article a draft is compared with (see ``merge_within_article``).
MAX_COMPARED = 200
#: Types told in a clause about a participant ("who assumed the post in 2021"), not a new event's.
CLAUSE_TYPES = ("appointment", "plan")


def _own(d: EventDraft) -> bool:
    return d.own_date or d.own_place


def _range(d: EventDraft) -> tuple[dt.date, dt.date] | None:
    if not d.date_start:
        return None
    return dt.date.fromisoformat(d.date_start), dt.date.fromisoformat(d.date_end or d.date_start)


def dates_compatible(a: EventDraft, b: EventDraft, slack_days: int = 0) -> bool:
    ra, rb = _range(a), _range(b)
    if ra is None or rb is None or not (a.own_date and b.own_date):
        return True
    slack = dt.timedelta(days=slack_days)
    return ra[0] - slack <= rb[1] and rb[0] - slack <= ra[1]


def places_compatible(a: EventDraft, b: EventDraft) -> bool:
    if not (a.own_place and b.own_place):
        return True
    return bool(set(a.place_ids) & set(b.place_ids))


class _Evidence:
    """The sentences each kept event holds, as sets: an event of a long article may gather
    thousands, and a list's ``in`` would make merging quadratic."""

    def __init__(self) -> None:
        self.sets: dict[int, set[tuple[int, ...]]] = {}

    def add(self, into: EventDraft, other: EventDraft) -> None:
        known = self.sets.get(id(into))
        if known is None:
            known = self.sets[id(into)] = {tuple(span) for span in into.evidence}
        for span in other.evidence:
            if tuple(span) not in known:
                known.add(tuple(span))
                into.evidence.append(span)


def _absorb(into: EventDraft, other: EventDraft, keep_actors: bool, evidence: _Evidence) -> None:
    evidence.add(into, other)
    for pid in other.place_ids:
        if pid not in into.place_ids:
            into.place_ids.append(pid)
    for pid in other.area_ids:
        if pid not in into.area_ids:
            into.area_ids.append(pid)
    into.own_place = into.own_place or other.own_place
    if other.own_date and not into.own_date:
        for key in ("date_start", "date_end", "date_precision", "date_basis", "date_text"):
            setattr(into, key, getattr(other, key))
        into.date_estimated = other.date_estimated
        into.own_date = True
        if other.status == "planned":
            into.status = "planned"
    if into.ordinal is None:
        into.ordinal = other.ordinal
    if keep_actors:
        known = {a["name"] for a in into.actors}
        into.actors += [a for a in other.actors if a["name"] not in known]


def _shares_evidence(a: EventDraft, b: EventDraft) -> bool:
    """Positive evidence of one happening: the same own place, or overlapping own dates."""
    if a.own_place and b.own_place and set(a.place_ids) & set(b.place_ids):
        return True
    return a.own_date and b.own_date and dates_compatible(a, b)


def merge_within_article(drafts: list[EventDraft], words: EventWords) -> list[EventDraft]:
    """Fold re-mentions and same-happening drafts into the first event they match.

    A re-mention (no date or place of its own, or "this meeting") joins the first compatible
    event of its family and brings only its sentence. A draft is compared with the article's
    first ``MAX_COMPARED`` events only, which keeps a huge article linear (news has far fewer).
    Two gatherings merge on positive evidence (a shared place or overlapping dates); other types
    merge when nothing conflicts.
    """
    kept: list[EventDraft] = []
    evidence = _Evidence()
    for draft in drafts:
        family = words.families.get(draft.type, draft.type)
        remention = not draft.distinct and (draft.anaphoric or not _own(draft))
        target = None
        for event in kept[:MAX_COMPARED]:
            if words.families.get(event.type, event.type) != family:
                continue
            if draft.distinct and not _same_people(event, draft):
                continue  # "also met": another meeting, unless it names the same pair again
            if draft.ordinal and event.ordinal and draft.ordinal != event.ordinal:
                continue
            # "met with ... at the second session ... in 2020": the vague verb is that session
            same_sentence = event.evidence[:1] == draft.evidence[:1]
            vague_neighbour = same_sentence and not (event.own_date or event.own_place)
            if (
                draft.status == "background"
                and event.status != "background"
                and not vague_neighbour
            ):
                continue
            if remention:
                if draft.anaphoric or (
                    dates_compatible(event, draft) and places_compatible(event, draft)
                ):
                    target = event
                    break
                continue
            if not (dates_compatible(event, draft) and places_compatible(event, draft)):
                continue
            vague = not (event.own_date or event.own_place)
            if (
                vague
                or draft.distinct  # the same pair met "also" again: that meeting
                or _shares_evidence(event, draft)
                or (family not in words.families.values() and event.type == draft.type)
            ):
                target = event
                break
        if target is None:
            kept.append(draft)
        elif remention:
            _absorb_remention(target, draft, evidence)
        elif not (target.own_date or target.own_place):
            # the earlier mention was vague; the precise one leads, keeping the earlier evidence
            kept[kept.index(target)] = draft
            _absorb(draft, target, keep_actors=True, evidence=evidence)
            draft.evidence.sort()
        else:
            _absorb(target, draft, keep_actors=True, evidence=evidence)
    return kept


def _same_people(a: EventDraft, b: EventDraft) -> bool:
    """Whether two drafts name the same two people or more (spellings allowed)."""
    people_a = [x["name"] for x in a.actors if x["kind"] == "person"]
    people_b = [x["name"] for x in b.actors if x["kind"] == "person"]
    shared = [n for n in people_b if any(n == m or same_person(n, m) for m in people_a)]
    return len(shared) >= 2


def _absorb_remention(into: EventDraft, other: EventDraft, evidence: _Evidence) -> None:
    evidence.add(into, other)
    known = {a["name"] for a in into.actors}
    into.actors += [a for a in other.actors if a["name"] not in known]
    if into.ordinal is None:
        into.ordinal = other.ordinal


def extract(
    article: Article,
    places: Sequence[PlaceSpan],
    lines: list[Span],
    actors: list[ActorMention] | None = None,
) -> dict:
    """The JSON payload stored per article: its event drafts and every actor it names."""
    if actors is None:
        actors = find_actors(article.body, article.language)
    drafts = extract_drafts(article, places, lines, actors=actors)
    named = [_actor_dict(a) for a in actors]
    known = {(a["start"], a["name"]) for a in named}
    for d in drafts:  # victims named by a word ("two herders") are actors of the article too
        for a in d.actors:
            if (a["start"], a["name"]) not in known:
                known.add((a["start"], a["name"]))
                named.append({k: v for k, v in a.items() if k != "party"})
    return {"events": [d.to_json() for d in drafts], "actors": named}
