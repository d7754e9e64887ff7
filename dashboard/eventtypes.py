"""Event types as an analyst names them: the labels of every language in the lexicon.

A search for "shelling" or "bombardement" should find the same attack whatever language its
article is in, so free text is also matched against the type ids and their labels in every
language (``articles/lexicon/<lang>/events.yaml``), accents and case ignored.
"""

from __future__ import annotations

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
