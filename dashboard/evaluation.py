"""Scoring the index against what a careful reader expects (``tests/expected_events.yaml``).

Shared by the end-to-end test (which asserts) and ``bench/accuracy.py`` (which prints figures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from articles.actors import same_person
from articles.text import fold
from dashboard.store.records import EventRecord


@dataclass(frozen=True)
class Expected:
    key: str
    articles: tuple[str, ...]
    types: tuple[str, ...]
    places: tuple[str, ...]
    date: tuple[dt.date, dt.date] | None
    status: str
    actors: tuple[str, ...]  # participants a careful reader names (recall)
    also: tuple[str, ...]  # also right if listed (their organisations, a delegation's members)
    required: bool


@dataclass
class Report:
    matched: dict[str, EventRecord] = field(default_factory=dict)  # expected key -> event
    missed: list[Expected] = field(default_factory=list)  # required, not found
    extra: list[EventRecord] = field(default_factory=list)  # found, matches nothing expected
    wrong_places: list[str] = field(default_factory=list)
    wrong_dates: list[str] = field(default_factory=list)
    wrong_status: list[str] = field(default_factory=list)
    missed_actors: list[str] = field(default_factory=list)  # "event key: name"
    wrong_actors: list[str] = field(default_factory=list)  # listed, not a participant
    required: int = 0
    found: int = 0
    actors_expected: int = 0  # participants of matched events
    actors_listed: int = 0  # actors the matched events list

    @property
    def actor_recall(self) -> float:
        hits = self.actors_expected - len(self.missed_actors)
        return hits / self.actors_expected if self.actors_expected else 1.0

    @property
    def actor_precision(self) -> float:
        right = self.actors_listed - len(self.wrong_actors)
        return right / self.actors_listed if self.actors_listed else 1.0

    @property
    def recall(self) -> float:
        hits = self.required - len(self.missed)
        return hits / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return (self.found - len(self.extra)) / self.found if self.found else 1.0


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def load_expected(path: Path) -> tuple[list[Expected], dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for item in data["events"]:
        date = item.get("date")
        out.append(
            Expected(
                key=item["key"],
                articles=tuple(item["articles"]),
                types=tuple(item["types"]),
                places=tuple(item.get("places") or ()),
                date=(_day(date[0]), _day(date[1])) if date else None,
                status=item["status"],
                actors=tuple(item.get("actors") or ()),
                also=tuple(item.get("also") or ()),
                required=item.get("required", True),
            )
        )
    return out, data


def _sources(event: EventRecord) -> set[str]:
    return {s.article_id for s in event.sources}


def _fits(expected: Expected, event: EventRecord) -> bool:
    """Same happening: its articles, a listed type, and its place (or, without one, its date)."""
    if event.type not in expected.types or not set(expected.articles) <= _sources(event):
        return False
    if expected.places:
        return bool({name for _, name in event.places} & set(expected.places))
    return expected.date is None or (
        event.date_start is not None
        and expected.date[0] <= event.date_start
        and (event.date_end or event.date_start) <= expected.date[1]
    )


def same_actor(a: str, b: str) -> bool:
    """One participant: the same name folded, or two spellings of one person."""
    return fold(a) == fold(b) or same_person(a, b)


def _score_actors(report: Report, exp: Expected, hit: EventRecord) -> None:
    listed = [name for _, name in hit.actors]
    report.actors_expected += len(exp.actors)
    report.actors_listed += len(listed)
    for want in exp.actors:
        if not any(same_actor(want, name) for name in listed):
            report.missed_actors.append(f"{exp.key}: {want}")
    for name in listed:
        if not any(same_actor(name, ok) for ok in exp.actors + exp.also):
            report.wrong_actors.append(f"{exp.key}: {name}")


def score(events: list[EventRecord], expected: list[Expected]) -> Report:
    report = Report(required=sum(e.required for e in expected), found=len(events))
    free = list(events)
    for exp in expected:
        hit = next((e for e in free if _fits(exp, e)), None)
        if hit is None:
            if exp.required:
                report.missed.append(exp)
            continue
        free.remove(hit)
        report.matched[exp.key] = hit
        names = {name for _, name in hit.places}
        if exp.places and not set(exp.places) <= names:
            report.wrong_places.append(f"{exp.key}: {sorted(names)} lacks {list(exp.places)}")
        if exp.date and not (
            hit.date_start
            and exp.date[0] <= hit.date_start
            and (hit.date_end or hit.date_start) <= exp.date[1]
        ):
            report.wrong_dates.append(f"{exp.key}: {hit.date_start}..{hit.date_end}")
        if hit.status != exp.status:
            report.wrong_status.append(f"{exp.key}: {hit.status} (expected {exp.status})")
        _score_actors(report, exp, hit)
    report.extra = free
    return report
