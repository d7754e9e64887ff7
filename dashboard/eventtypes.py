"""Event types as an analyst names them: the labels of every language in the lexicon.

A search for "shelling" or "bombardement" should find the same attack whatever language its
article is in, so free text is also matched against the type ids and their labels in every
language (``articles/lexicon/<lang>/events.yaml``), accents and case ignored.

Types fall into kinds (``articles/lexicon/event_groups.yaml``): ACLED's event types — battles,
explosions and remote violence, violence against civilians, protests and riots, strategic
developments — and cooperation. The sidebar filters by kind, a link carries it as ``?kind=``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from articles import lexicon
from articles.text import fold


@cache
def type_labels() -> dict[str, dict[str, str]]:
    """``{type: {language: label}}`` for every language with event word lists."""
    out: dict[str, dict[str, str]] = {}
    for language in sorted(lexicon.supported_languages()):
        for kind, label in (lexicon.load("events", language).get("labels") or {}).items():
            out.setdefault(kind, {})[language] = str(label)
    return out


def label(kind: str, language: str = "en") -> str:
    """The type's label in ``language`` (English, then the id, when it has none)."""
    labels = type_labels().get(kind, {})
    return labels.get(language) or labels.get("en") or kind.replace("_", " ")


def types_matching(text: str) -> tuple[str, ...]:
    """Types whose id or label in any language contains ``text`` (folded); none for blank text."""
    needle = " ".join(fold(text).split())
    if len(needle) < 3:  # "a" or "de" would match half the types
        return ()
    hits = []
    for kind, labels in type_labels().items():
        names = [kind.replace("_", " "), *labels.values()]
        if any(needle in fold(name) for name in names):
            hits.append(kind)
    return tuple(sorted(hits))


@cache
def groups() -> dict[str, dict]:
    """``{group: {"labels": {language: label}, "types": [type, ...]}}``, in the file's order."""
    return {
        str(g): {
            "labels": {str(k): str(v) for k, v in (spec.get("labels") or {}).items()},
            "types": [str(t) for t in spec.get("types") or ()],
        }
        for g, spec in (lexicon.load("event_groups") or {}).items()
    }


def group_of(kind: str) -> str | None:
    """The group an event type belongs to (None for a type no group lists)."""
    return next((g for g, spec in groups().items() if kind in spec["types"]), None)


def group_label(group: str, language: str = "en") -> str:
    labels = groups().get(group, {}).get("labels", {})
    return labels.get(language) or labels.get("en") or group.replace("_", " ").capitalize()


def types_in(chosen: Iterable[str]) -> tuple[str, ...]:
    """The event types of the chosen groups (unknown groups add nothing)."""
    spec = groups()
    return tuple(sorted({t for g in chosen for t in spec.get(g, {}).get("types", ())}))


def groups_present(types: Iterable[str]) -> list[str]:
    """The groups that hold at least one of ``types``, in the file's order."""
    present = {group_of(t) for t in types}
    return [g for g in groups() if g in present]
