"""Reading the corpus: Markdown files with YAML front matter and a verbatim body.

``parse_article`` is pure (bytes in, ``Article`` out, ``ArticleError`` on any problem);
``read_corpus`` is the one place that touches the files, and one bad file never stops the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

from articles.errors import ArticleError
from articles.lexicon import supported_languages

REQUIRED = ("title", "outlet", "url", "published", "language")
OPTIONAL = ("id", "published_precision")
PRECISIONS = ("day", "estimated")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_FENCE = "---"


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML (libyaml's parser when present) with dates left as text, so a bad date becomes
    our error, not YAML's."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Article:
    id: str
    path: str
    title: str
    outlet: str
    url: str
    published: dt.date
    published_precision: str  # "day" when the date is certain, "estimated" otherwise
    language: str
    body: str
    content_hash: str
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def published_is_estimate(self) -> bool:
        return self.published_precision == "estimated"


@dataclass
class CorpusReport:
    articles: list[Article]
    errors: list[ArticleError]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _split_front_matter(text: str, path: str) -> tuple[str, str]:
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != _FENCE:
        raise ArticleError(path, "no front matter: the file must start with a '---' line")
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r") == _FENCE:
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :])
    raise ArticleError(path, "front matter is not closed by a '---' line")


def _as_date(value: object, path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ArticleError(path, f"published: {value!r} is not a date (expected YYYY-MM-DD)")


def _as_text(meta: dict, key: str, path: str) -> str:
    value = meta[key]
    if not isinstance(value, str | int | float) or not str(value).strip():
        raise ArticleError(path, f"{key}: {value!r} is not a non-empty text")
    return str(value).strip()


def parse_article(data: bytes, path: str | Path) -> Article:
    """Validate one article file's bytes; raise ``ArticleError`` naming the file and problem."""
    path = str(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise ArticleError(path, f"not UTF-8: byte 0x{bad} at offset {exc.start}") from None
    text = text.removeprefix("\ufeff")
    front, body = _split_front_matter(text, path)
    try:
        meta = yaml.load(front, Loader=_FrontMatterLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (front matter line {where.line + 1})" if where else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ArticleError(path, f"front matter is not valid YAML{line}: {problem}") from None
    if not isinstance(meta, dict):
        raise ArticleError(path, "front matter must be a mapping of field: value")
    missing = [key for key in REQUIRED if meta.get(key) in (None, "")]
    if missing:
        raise ArticleError(path, f"missing field(s): {', '.join(missing)}")

    language = _as_text(meta, "language", path).lower()
    if language not in supported_languages():
        known = ", ".join(sorted(supported_languages()))
        raise ArticleError(path, f"language: {language!r} is not supported (known: {known})")
    url = _as_text(meta, "url", path)
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ArticleError(path, f"url: {url!r} is not an http(s) URL")
    precision = str(meta.get("published_precision") or "day").strip()
    if precision not in PRECISIONS:
        raise ArticleError(
            path, f"published_precision: {precision!r} is not one of {', '.join(PRECISIONS)}"
        )
    article_id = str(meta.get("id") or Path(path).stem).strip()
    if not _ID.match(article_id):
        raise ArticleError(path, f"id: {article_id!r} may hold only letters, digits, '.', '_', '-'")
    if not body.strip():
        raise ArticleError(path, "body is empty")

    extra = {k: v for k, v in meta.items() if k not in REQUIRED + OPTIONAL}
    return Article(
        id=article_id,
        path=path,
        title=_as_text(meta, "title", path),
        outlet=_as_text(meta, "outlet", path),
        url=url,
        published=_as_date(meta["published"], path),
        published_precision=precision,
        language=language,
        body=body,
        content_hash=content_hash(data),
        extra=extra,
    )


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.glob("*.md") if p.is_file())


def read_article(path: Path) -> Article:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(str(path), f"cannot be read: {exc.strerror}") from None
    return parse_article(data, path)


def check_unique_ids(articles: Iterable[Article]) -> CorpusReport:
    """Keep the first article of each id; later ones become errors naming the first file."""
    seen: dict[str, Article] = {}
    kept: list[Article] = []
    errors: list[ArticleError] = []
    for article in articles:
        first = seen.setdefault(article.id, article)
        if first is article:
            kept.append(article)
        else:
            errors.append(
                ArticleError(article.path, f"duplicate id {article.id!r} (also {first.path})")
            )
    return CorpusReport(kept, errors)


def read_corpus(corpus: Path) -> CorpusReport:
    """Read every ``*.md`` file of a folder; each bad file is reported and the others kept."""
    if not corpus.is_dir():
        raise ArticleError(str(corpus), "corpus folder does not exist")
    articles: list[Article] = []
    errors: list[ArticleError] = []
    for path in corpus_files(corpus):
        try:
            articles.append(read_article(path))
        except ArticleError as exc:
            errors.append(exc)
    report = check_unique_ids(articles)
    return CorpusReport(report.articles, errors + report.errors)
