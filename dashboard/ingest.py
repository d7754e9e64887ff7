"""Adding articles to the corpus: from a URL, a file or pasted text, one new Markdown file each.

The edges of the pure ``articles.ingest`` code: fetch (``dashboard.fetch``), read the corpus to
know what it holds, write the new file. A file is written to a temporary name in the corpus
folder and linked to its final name, which fails rather than overwrite: a reader of the folder
sees the whole file or none, and two runs never clobber each other. A near-duplicate is not
written: it is linked to the article it repeats in ``same_story.jsonl`` (read back as "seen").
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from articles.errors import NewsMapError
from articles.ingest import IngestError
from articles.ingest.dedup import StoryIndex, canonical_url
from articles.ingest.extract import Extracted, decode_html, extract_html
from articles.ingest.language import article_language
from articles.ingest.record import Draft, draft_from_text, file_stem, render
from articles.reader import MAX_ARTICLE_BYTES, read_corpus
from dashboard.fetch import Fetched, fetch

LEDGER = "same_story.jsonl"
FILE_TYPES = {".html": "html", ".htm": "html", ".txt": "text", ".md": "text", ".markdown": "text"}


@dataclass(frozen=True)
class Given:
    """Fields the user gives; each wins over what the page says."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str | None = None


@dataclass(frozen=True)
class Outcome:
    source: str
    status: str  # "added", "skipped" or "failed"
    detail: str  # the new file, why it was skipped, or why it failed
    notes: tuple[str, ...] = ()
    path: Path | None = None
    draft: Draft | None = None

    def line(self) -> str:
        notes = f" ({'; '.join(self.notes)})" if self.notes else ""
        return f"{self.status}: {self.source}: {self.detail}{notes}"


class SameStory(NewsMapError):
    """The draft repeats an article the corpus holds (same URL or near-identical text)."""

    def __init__(self, source: str, article_id: str, why: str) -> None:
        self.article_id = article_id
        super().__init__(f"{source}: same story as {article_id} ({why})")
        self.why = why


@dataclass
class Known:
    """What the corpus holds: ids, canonical URLs (to ids) and bodies (for near-duplicates)."""

    corpus: Path
    ids: set[str] = field(default_factory=set)
    urls: dict[str, str] = field(default_factory=dict)
    _bodies: list[tuple[str, str, str]] = field(default_factory=list)
    _stories: StoryIndex | None = None

    def remember(self, article_id: str, urls: Iterable[str], language: str, body: str) -> None:
        self.ids.add(article_id)
        for url in urls:
            if url:
                self.urls.setdefault(canonical_url(url), article_id)
        if self._stories is None:
            self._bodies.append((article_id, language, body))
        else:
            self._stories.add(article_id, language, body)

    @property
    def stories(self) -> StoryIndex:
        """The bodies' signatures, computed when first needed: a run whose every URL was seen
        before (a cron run over unchanged feeds) hashes no article."""
        if self._stories is None:
            self._stories = StoryIndex()
            self._stories.add_all(self._bodies)
            self._bodies = []
        return self._stories

    def seen(self, url: str) -> str | None:
        return self.urls.get(canonical_url(url))


def _draft_urls(extra: dict, url: str | None) -> list[str]:
    """Every URL the article was known by: its own, the canonical, the asked, the redirects."""
    urls = [url or "", str(extra.get("canonical_url") or ""), str(extra.get("fetched_url") or "")]
    urls += [str(u) for u in extra.get("redirects") or ()]
    return [u for u in dict.fromkeys(urls) if u]


def load_known(corpus: Path) -> Known:
    """The corpus's articles (bad files are the build's business: skipped here) and ledger."""
    known = Known(corpus)
    for article in read_corpus(corpus).articles:
        known.remember(
            article.id, _draft_urls(article.extra, article.url), article.language, article.body
        )
    ledger = corpus / LEDGER
    if ledger.exists():
        for line in ledger.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
                for url in row.get("urls", ()):
                    known.urls.setdefault(canonical_url(url), row["same_story_as"])
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a damaged ledger line costs a re-fetch, nothing else
    return known


def _draft(found: Extracted, source: str, url: str | None, fetched: Fetched | None) -> Draft:
    url = found.canonical_url or url
    extra = {
        "canonical_url": found.canonical_url if found.canonical_url != url else None,
        "fetched_url": fetched.url if fetched and fetched.url != url else None,
        "redirects": list(fetched.redirects) if fetched else [],
        "author": found.author,
        "published_from": found.date_source,
    }
    return Draft(
        source=source,
        body=found.body,
        title=found.title,
        outlet=found.outlet,
        url=url,
        published=found.published,
        published_precision="estimated" if found.date_source == "htmldate" else "day",
        extra=extra,
    )


def draft_from_page(fetched: Fetched, source: str | None = None) -> Draft:
    """A fetched HTML page as a draft: what trafilatura found, and where it was fetched."""
    source = source or fetched.url
    found = extract_html(decode_html(fetched.body, fetched.charset), fetched.final_url, source)
    return _draft(found, source, fetched.final_url, fetched)


def draft_from_bytes(data: bytes, name: str, source: str | None = None) -> Draft:
    """An uploaded or local file: HTML through trafilatura, text or Markdown verbatim."""
    source = source or name
    kind = FILE_TYPES.get(Path(name).suffix.lower())
    if kind is None:
        known = ", ".join(sorted(FILE_TYPES))
        raise IngestError(source, f"not added: unknown file type (known: {known})")
    if kind == "html":
        # A file has no URL of its own: only the page's canonical URL, or --url.
        return _draft(extract_html(decode_html(data), None, source), source, None, None)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"not UTF-8: byte at offset {exc.start}") from None
    return draft_from_text(text, source)


def complete(draft: Draft, given: Given) -> tuple[Draft, list[str]]:
    """Put in what the user gave and the detected language; say what was taken from where."""
    notes: list[str] = []
    for name in ("title", "outlet", "url", "language"):
        if getattr(given, name):
            notes.append(f"{name} given")
    draft = draft.with_values(
        title=given.title, outlet=given.outlet, url=given.url, language=given.language
    )
    if given.published:
        extra = {**draft.extra, "published_from": "given"}
        draft = draft.with_values(published=given.published, published_precision="day", extra=extra)
    language = article_language(draft.body, draft.language, draft.source)
    if language.detected:
        notes.append(f"language detected: {language.language}")
    draft = draft.with_values(language=language.language)
    if draft.extra.get("published_from") == "htmldate":
        notes.append("date from the URL or markup (htmldate), marked estimated")
    return draft, notes


def check_new(draft: Draft, known: Known) -> None:
    """``SameStory`` when the corpus already holds the draft's URL or its text."""
    for url in _draft_urls(draft.extra, draft.url):
        if known.seen(url):
            raise SameStory(draft.source, known.seen(url) or "", f"URL already seen: {url}")
    match = known.stories.same_story(draft.language or "", draft.body)
    if match:
        raise SameStory(draft.source, match.article_id, f"similarity {match.similarity:.2f}")


def link_same_story(corpus: Path, draft: Draft, exc: SameStory) -> None:
    """Record the repeat (its URLs, title, outlet) against the article it repeats."""
    row = {
        "same_story_as": exc.article_id,
        "why": exc.why,
        "urls": _draft_urls(draft.extra, draft.url) or [draft.source],
        "title": draft.title,
        "outlet": draft.outlet,
        "seen": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    try:
        with (corpus / LEDGER).open("a", encoding="utf-8") as out:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise IngestError(draft.source, f"cannot record it in {LEDGER}: {exc.strerror}") from None


def save(draft: Draft, corpus: Path) -> Path:
    """Write the draft as a new file (never over another); return its path."""
    stem = file_stem(draft)
    text = render(draft, f"{corpus / stem}.md")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".adding-", suffix=".tmp", dir=corpus)
    except OSError as exc:
        raise IngestError(
            draft.source, f"not added: cannot write in {corpus}: {exc.strerror}"
        ) from None
    try:
        os.fchmod(fd, 0o644)  # as the hand-written files, not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        for n in range(1, 1000):
            path = corpus / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
            try:
                os.link(tmp, path)  # fails if the name exists: no file is ever replaced
                return path
            except FileExistsError:
                continue
        raise IngestError(draft.source, f"not added: too many files named {stem}*.md")
    except OSError as exc:
        raise IngestError(
            draft.source, f"not added: cannot write {stem}.md: {exc.strerror}"
        ) from None
    finally:
        os.unlink(tmp)


def _new_draft(source: str, fetcher: Callable[[str], Fetched]) -> Draft:
    path = Path(source)
    if "://" in source:
        return draft_from_page(fetcher(source))
    if re.match(r"(?i)[a-z][a-z0-9+.-]*:(?![\\/])", source) and not path.exists():
        raise IngestError(source, "not added: only http(s) URLs or files can be added")
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise IngestError(
                source, f"not added: the file is over the limit of {MAX_ARTICLE_BYTES:,} bytes"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(source, f"cannot be read: {exc.strerror}") from None
    return draft_from_bytes(data, path.name, source)


def add_draft(draft: Draft, given: Given, known: Known) -> Outcome:
    """Complete, check and write one draft; the outcome says what happened, never raises ours."""
    try:
        draft, notes = complete(draft, given)
        try:
            check_new(draft, known)
        except SameStory as exc:
            link_same_story(known.corpus, draft, exc)
            return Outcome(draft.source, "skipped", f"same story as {exc.article_id} ({exc.why})")
        path = save(draft, known.corpus)
    except NewsMapError as exc:
        return Outcome(draft.source, "failed", getattr(exc, "problem", None) or str(exc))
    known.remember(path.stem, _draft_urls(draft.extra, draft.url), draft.language or "", draft.body)
    return Outcome(draft.source, "added", str(path), tuple(notes), path, draft)


def add_sources(
    sources: Iterable[str],
    corpus: Path,
    given: Given = Given(),
    *,
    fetcher: Callable[[str], Fetched] = fetch,
    known: Known | None = None,
) -> Iterator[Outcome]:
    """Each URL or file as a new article of ``corpus``; one outcome per source, in order."""
    if not corpus.is_dir():
        raise IngestError(str(corpus), "corpus folder does not exist")
    known = known or load_known(corpus)
    for source in sources:
        if "://" in source and known.seen(source):
            detail = f"already in the corpus as {known.seen(source)}"
            yield Outcome(source, "skipped", detail)
            continue
        try:
            draft = _new_draft(source, fetcher)
        except NewsMapError as exc:
            yield Outcome(source, "failed", getattr(exc, "reason", None) or _problem(exc))
            continue
        yield add_draft(draft, given, known)


def _problem(exc: NewsMapError) -> str:
    return getattr(exc, "problem", None) or str(exc)
