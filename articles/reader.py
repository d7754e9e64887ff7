"""Reading the corpus: Markdown files with YAML front matter and a verbatim body.

``parse_article`` is pure (bytes in, ``Article`` out, ``ArticleError`` on any problem; the
bytes are decoded by ``articles.decoding`` and the front matter parsed within limits by
``articles.frontmatter``). ``list_corpus`` and ``read_bytes`` are the only code that touches the
files: what is listed, what is not followed and why, at most ``MAX_ARTICLE_BYTES`` read once.
One bad file never stops the rest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from articles.decoding import decode_article
from articles.errors import ArticleError
from articles.frontmatter import FrontMatterError, load_front_matter, shown
from articles.lexicon import supported_languages

REQUIRED = ("title", "outlet", "url", "published", "language")
OPTIONAL = ("id", "published_precision")
#: Fields ``python -m dashboard add``/``feed`` write about where an article came from: kept as
#: extra data like any other field, but known, so a build does not warn about them.
PROVENANCE = ("canonical_url", "fetched_url", "redirects", "author", "published_from")
PRECISIONS = ("day", "estimated")
#: The largest article file read (a long news story is ~100 KB; a 50 MB "article" is a mistake).
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
#: Publication dates outside these years are refused (far dates overflow date arithmetic).
YEARS = (1800, 2199)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_FENCE = "---"


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
    #: What the reader accepted but wants said (a legacy encoding, a date in the future).
    warnings: tuple[str, ...] = field(default=(), compare=False, hash=False)

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
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != _FENCE:
        raise ArticleError(path, "no front matter: the file must start with a '---' line")
    pos = first_end + 1
    while pos:
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.rstrip() == _FENCE:
            return text[first_end + 1 : max(first_end + 1, pos - 1)], (
                "" if end < 0 else text[end + 1 :]
            )
        pos = end + 1
    raise ArticleError(path, "front matter is not closed by a '---' line")


def safe_id(stem: str) -> str:
    """An id from a file name: accents dropped, anything but ``A-Z a-z 0-9 . _ -`` made ``-``.

    ``"Réunion à Nouakchott"`` -> ``"Reunion-a-Nouakchott"``; a name with no usable letter
    (``"تقرير"``) becomes ``article-`` and a short hash of the name, stable across builds.
    """
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip("-._")
    slug = re.sub(r"-{2,}", "-", slug)[:150]
    if not slug or not _ID.match(slug):
        return "article-" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:12]
    return slug


def _as_date(value: object, path: str) -> dt.date:
    date = None
    if isinstance(value, str) and len(value) <= 40:
        with contextlib.suppress(ValueError):
            date = dt.date.fromisoformat(value.strip())
    if date is None:
        raise ArticleError(path, f"published: {shown(value)} is not a date (expected YYYY-MM-DD)")
    if not YEARS[0] <= date.year <= YEARS[1]:
        raise ArticleError(
            path, f"published: {date.isoformat()} is outside the years {YEARS[0]}-{YEARS[1]}"
        )
    return date


def _as_text(meta: dict, key: str, path: str) -> str:
    value = meta[key]
    plain = isinstance(value, str | int | float) and not isinstance(value, bool)
    if not plain or not str(value).strip():
        raise ArticleError(path, f"{key}: {shown(value)} is not a non-empty text")
    return str(value).strip()


def parse_article(data: bytes, path: str | Path, *, today: dt.date | None = None) -> Article:
    """Validate one article file's bytes; raise ``ArticleError`` naming the file and problem.

    ``today`` (default: the local date) is what "in the future" is measured against.
    """
    path = str(path)
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(path, _too_big(len(data)))
    try:
        decoded = decode_article(data)
    except ValueError as exc:
        raise ArticleError(path, str(exc)) from None
    warnings = [decoded.note] if decoded.note else []
    front, body = _split_front_matter(decoded.text, path)
    try:
        meta = load_front_matter(front)
    except FrontMatterError as exc:
        raise ArticleError(path, str(exc)) from None
    missing = [key for key in REQUIRED if meta.get(key) in (None, "")]
    if missing:
        raise ArticleError(path, f"missing field(s): {', '.join(missing)}")

    language = _as_text(meta, "language", path).lower()
    if language not in supported_languages():
        known = ", ".join(sorted(supported_languages()))
        raise ArticleError(path, f"language: {shown(language)} is not supported (known: {known})")
    url = _as_text(meta, "url", path)
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ArticleError(path, f"url: {shown(url)} is not an http(s) URL")
    precision = str(meta.get("published_precision") or "day").strip()
    if precision not in PRECISIONS:
        raise ArticleError(
            path, f"published_precision: {shown(precision)} is not one of {', '.join(PRECISIONS)}"
        )
    given_id = meta.get("id")
    article_id = str(given_id).strip() if given_id not in (None, "") else safe_id(Path(path).stem)
    if not _ID.match(article_id) or len(article_id) > 200:
        raise ArticleError(
            path, f"id: {shown(article_id)} may hold only letters, digits, '.', '_', '-'"
        )
    if not body.strip():
        raise ArticleError(path, "body is empty")
    published = _as_date(meta["published"], path)
    if published > (today or dt.date.today()):
        warnings.append(f"published: {published.isoformat()} is in the future")

    extra = {str(k): v for k, v in meta.items() if k not in REQUIRED + OPTIONAL}
    return Article(
        id=article_id,
        path=path,
        title=_as_text(meta, "title", path),
        outlet=_as_text(meta, "outlet", path),
        url=url,
        published=published,
        published_precision=precision,
        language=language,
        body=body,
        content_hash=content_hash(data),
        extra=extra,
        warnings=tuple(warnings),
    )


def _too_big(size: int) -> str:
    return f"file is {size:,} bytes, over the limit of {MAX_ARTICLE_BYTES:,} bytes per article"


def list_corpus(corpus: Path) -> tuple[list[Path], list[ArticleError]]:
    """The ``*.md`` files directly in ``corpus``, and a problem for each ``*.md`` entry that is not
    a readable file of its own: a directory, a FIFO, a symlink loop, or a symlink leading out of
    the folder (not followed: a corpus is what the folder holds, not what it points at)."""
    root = corpus.resolve()
    files: list[Path] = []
    problems: list[ArticleError] = []
    try:
        names = sorted(entry.name for entry in os.scandir(corpus) if entry.name.endswith(".md"))
    except OSError as exc:
        raise ArticleError(str(corpus), f"cannot list the corpus folder: {exc.strerror}") from None
    for name in names:
        path = corpus / name
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                problems.append(ArticleError(str(path), "broken symlink or symlink loop: skipped"))
                continue
            if target.parent != root:
                problems.append(
                    ArticleError(
                        str(path), f"symlink to {target}, outside the corpus folder: not followed"
                    )
                )
                continue
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            problems.append(ArticleError(str(path), f"cannot be read: {exc.strerror}"))
            continue
        if stat.S_ISDIR(mode):
            problems.append(ArticleError(str(path), "is a directory, not an article file"))
        elif not stat.S_ISREG(mode):
            problems.append(ArticleError(str(path), "is not a regular file (a FIFO or device)"))
        else:
            files.append(path)
    return files, problems


def corpus_files(corpus: Path) -> list[Path]:
    return list_corpus(corpus)[0]


def read_bytes(path: Path) -> bytes:
    """An article file's bytes, at most ``MAX_ARTICLE_BYTES`` of them; ``ArticleError`` else.

    The file is read once: what is parsed and hashed is one snapshot, even if it changes later.
    """
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_ARTICLE_BYTES:
                raise ArticleError(str(path), _too_big(size))
            data = fh.read(MAX_ARTICLE_BYTES + 1)
    except FileNotFoundError:
        raise ArticleError(
            str(path), "disappeared before it could be read (removed or renamed meanwhile)"
        ) from None
    except OSError as exc:
        raise ArticleError(str(path), f"cannot be read: {exc.strerror}") from None
    if len(data) > MAX_ARTICLE_BYTES:  # it grew while being read
        raise ArticleError(str(path), _too_big(len(data)))
    return data


def read_article(path: Path) -> Article:
    return parse_article(read_bytes(path), path)


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
    paths, errors = list_corpus(corpus)
    for path in paths:
        try:
            articles.append(read_article(path))
        except ArticleError as exc:
            errors.append(exc)
    report = check_unique_ids(articles)
    return CorpusReport(report.articles, errors + report.errors)
