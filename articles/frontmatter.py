"""The YAML front matter of an article, parsed within limits.

A front matter is a handful of ``field: value`` lines, so everything beyond plain scalars, lists
and mappings is refused before anything is built from it:

* more than ``MAX_FRONT_MATTER_BYTES`` of text (checked before parsing);
* anchors and aliases (``&r``/``*r``): they are how YAML "billion laughs" bombs and
  self-containing lists (``seed: &r [*r]``) are written, and no article needs one;
* explicit tags (``!!binary``, ``!!set``, ``!!timestamp``, ``!!python/object``): their values are
  not JSON, which is how extra fields are stored;
* nesting deeper than ``MAX_DEPTH`` (a list nested 5,000 deep ends in RecursionError later).

The checks walk YAML's event stream, which is linear in the text and builds nothing, so a hostile
front matter costs at most the size limit. Messages quote values through ``shown``, clipped.
"""

from __future__ import annotations

import yaml

MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 20
_SHOWN_CHARS = 80
#: Tags that only say what a plain value already is (``!!str 2022`` keeps a year as text).
_PLAIN_TAGS = {"!"} | {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
}


class FrontMatterError(ValueError):
    """The front matter is unusable; the message is the problem, without the file name."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML (libyaml's parser when present) with dates left as text, so a bad date becomes
    our error, not YAML's."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def shown(value: object) -> str:
    """``repr(value)`` clipped to a readable length (a rejected value may be megabytes)."""
    text = repr(value) if not isinstance(value, list | dict) else _short_repr(value)
    if len(text) > _SHOWN_CHARS:
        return f"{text[:_SHOWN_CHARS]}… ({len(text):,} characters)"
    return text


def _short_repr(value: list | dict) -> str:
    # repr of a big container is built in full before it could be clipped: describe it instead.
    kind = "list" if isinstance(value, list) else "mapping"
    return f"<a {kind} of {len(value):,} items>"


def _line(event: yaml.Event) -> str:
    mark = event.start_mark
    return f"front matter line {mark.line + 1}" if mark is not None else "front matter"


def _check_events(front: str) -> None:
    depth = 0
    for event in yaml.parse(front, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise FrontMatterError(
                f"{_line(event)}: alias *{event.anchor} is not allowed (no anchors or aliases)"
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise FrontMatterError(
                f"{_line(event)}: anchor &{anchor} is not allowed (no anchors or aliases)"
            )
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit = tag is not None and not (implicit is True or implicit == (True, True))
        if isinstance(event, yaml.ScalarEvent):
            explicit = tag is not None and not any(event.implicit)
        if explicit and tag not in _PLAIN_TAGS:
            short = tag.replace("tag:yaml.org,2002:", "!!")
            raise FrontMatterError(
                f"{_line(event)}: tag {short} is not allowed (plain text, numbers, lists and "
                "mappings only)"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise FrontMatterError(f"{_line(event)}: nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_front_matter(front: str) -> dict:
    """The front matter as a dict; ``FrontMatterError`` naming the problem (and its line)."""
    size = len(front.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise FrontMatterError(
            f"front matter is {size:,} bytes, over the limit of {MAX_FRONT_MATTER_BYTES:,}"
        )
    try:
        _check_events(front)
        meta = yaml.load(front, Loader=_Loader)  # noqa: S506 - a safe loader, checked above
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (front matter line {where.line + 1})" if where else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(f"front matter is not valid YAML{line}: {problem}") from None
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be a mapping of field: value")
    for key in meta:
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise FrontMatterError(f"front matter key {shown(key)} is not a plain name")
    return meta
