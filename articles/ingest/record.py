"""An article on its way into the corpus: fields found, fields missing, the file it becomes.

Pure: ``render`` returns the Markdown text, and checks it with the corpus reader itself, so a
file written from it is one ``articles.reader`` accepts unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace

import yaml

from articles.frontmatter import FrontMatterError, load_front_matter
from articles.ingest import IngestError
from articles.reader import REQUIRED, parse_article

#: The option of ``python -m dashboard add`` that supplies each field.
FLAGS = {
    "title": "--title TEXT",
    "outlet": "--outlet NAME",
    "url": "--url URL",
    "published": "--published YYYY-MM-DD",
    "language": "--language CODE",
}
LABELS = {"published": "publication date"}
_FENCE = "---"


@dataclass(frozen=True)
class Draft:
    """What is known of an article; ``None`` for a field nobody found or gave."""

    source: str  # the URL or file it comes from, for messages
    body: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_precision: str = "day"
    language: str | None = None
    extra: dict = field(default_factory=dict)  # canonical_url, fetched_url, redirects, author…

    def missing(self) -> list[str]:
        return [name for name in REQUIRED if getattr(self, name) in (None, "")]

    def with_values(self, **values: object) -> Draft:
        """The draft with every given (not ``None``) value put in, overriding what was found."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def require_complete(draft: Draft) -> None:
    """Raise naming every missing field and the flag that supplies it."""
    missing = draft.missing()
    if missing:
        hints = "; ".join(
            f"no {LABELS.get(name, name)} found (give {FLAGS[name]})" for name in missing
        )
        raise IngestError(draft.source, f"not added: {hints}")


def front_matter(draft: Draft) -> dict:
    meta = {
        "title": draft.title,
        "outlet": draft.outlet,
        "url": draft.url,
        "published": draft.published.isoformat() if draft.published else None,
        "published_precision": draft.published_precision,
        "language": draft.language,
    }
    meta.update({k: v for k, v in draft.extra.items() if v not in (None, "", [], {})})
    return meta


def render(draft: Draft, path: str = "new.md") -> str:
    """The article file's text; ``IngestError`` if a field is missing or the reader refuses it."""
    require_complete(draft)
    meta = yaml.safe_dump(front_matter(draft), allow_unicode=True, sort_keys=False, width=1000)
    body = draft.body if draft.body.endswith("\n") else draft.body + "\n"
    text = f"{_FENCE}\n{meta}{_FENCE}\n{body}"
    try:
        parse_article(text.encode("utf-8"), path)
    except ValueError as exc:
        raise IngestError(draft.source, f"not added: {getattr(exc, 'problem', exc)}") from None
    return text


def slug(text: str, limit: int = 60) -> str:
    """ASCII words joined by '-': 'Le Maroc et la Mauritanie…' -> 'le-maroc-et-la-mauritanie'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out


def file_stem(draft: Draft) -> str:
    """``2024-03-05-outlet-title-words``: the corpus's naming, and a valid article id."""
    require_complete(draft)
    assert draft.published is not None and draft.title and draft.outlet
    parts = [draft.published.isoformat(), slug(draft.outlet, 20), slug(draft.title)]
    return "-".join(p for p in parts if p)


def _split(text: str) -> tuple[str | None, str]:
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != _FENCE:
        return None, text
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r") == _FENCE:
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :])
    return None, text


def _date(value: object, source: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise IngestError(source, f"published: {value!r} is not a date (YYYY-MM-DD)") from None


def draft_from_text(text: str, source: str) -> Draft:
    """Plain text, or Markdown with front matter: the body verbatim, fields from the front
    matter (nothing guessed from a plain text's first line: give ``--title``)."""
    front, body = _split(text.removeprefix("\ufeff"))
    if not body.strip():
        raise IngestError(source, "not added: the text is empty")
    if front is None:
        return Draft(source=source, body=body)
    try:  # the corpus reader's loader: size, alias, tag and nesting limits
        meta = load_front_matter(front)
    except FrontMatterError as exc:
        raise IngestError(source, f"not added: {exc}") from None
    known = {"title", "outlet", "url", "language", "published_precision"}
    values = {k: str(meta[k]).strip() for k in known if meta.get(k) not in (None, "")}
    extra = {k: v for k, v in meta.items() if k not in known | {"published", "id"}}
    return Draft(
        source=source, body=body, published=_date(meta.get("published"), source), extra=extra
    ).with_values(**values)
