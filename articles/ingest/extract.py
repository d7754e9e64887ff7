"""A web page's HTML to the text and metadata of an article, with trafilatura (pure).

Nothing is invented: a publication date is taken from the page's metadata or its URL only
(trafilatura's and htmldate's *extensive* search would take any date written in the text — the
date of a treaty the story recalls — so it is off); a site name that is only the host name is no
outlet. A field that is not found stays ``None`` and the caller says which flag supplies it.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from urllib.parse import urlsplit

import htmldate
import lxml.html
import trafilatura
from trafilatura.utils import detect_encoding

from articles.ingest import IngestError

#: A line of running text has at least this many words; a page needs this many characters of
#: such lines to be an article (a list of links or an index page has none).
PROSE_WORDS = 8
MIN_PROSE_CHARS = 150
#: Above this share of the page's text inside links, the page is an index, not an article.
MAX_LINK_SHARE = 0.6
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class Extracted:
    """What a page says about itself; ``None`` where it says nothing."""

    title: str | None
    outlet: str | None
    published: dt.date | None
    date_source: str | None  # "metadata" (trafilatura) or "htmldate" (the URL or markup)
    canonical_url: str | None
    author: str | None
    body: str


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """The site name, unless it is only the host (trafilatura's fallback): that is no outlet."""
    if not sitename:
        return None
    host = (urlsplit(url or "").netloc or "").lower()
    bare = sitename.lower().removeprefix("www.")
    return None if bare in (host, host.removeprefix("www."), host.split(":")[0]) else sitename


def link_share(tree) -> float:
    """The share of the page's visible text that sits inside links."""
    body = tree.find("body") if tree is not None else None
    if body is None:
        return 0.0
    for bad in body.xpath(".//script|.//style"):
        bad.drop_tree()
    total = len("".join(body.text_content().split()))
    if not total:
        return 0.0
    linked = sum(len("".join(a.text_content().split())) for a in body.iter("a"))
    return linked / total


def decode_html(data: bytes, declared: str | None = None) -> str:
    """A page's bytes as text: the charset the server declared, else UTF-8, else the page's own
    ``<meta charset>`` or a guess (trafilatura's), else UTF-8 with replacement characters."""
    for encoding in [declared] if declared else []:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for guess in detect_encoding(data):
        try:
            return data.decode(guess)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def body_paragraphs(text: str) -> str:
    """trafilatura's lines as Markdown paragraphs (a blank line between), each line verbatim."""
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip()) + "\n"


def extract_html(html: str | bytes, url: str | None, source: str | None = None) -> Extracted:
    """The article in ``html`` (fetched from ``url``); ``IngestError`` when it holds none."""
    where = source or url or "page"
    if isinstance(html, bytes):
        html = decode_html(html)
    try:
        tree = lxml.html.document_fromstring(html) if html.strip() else None
    except (ValueError, lxml.etree.ParserError):
        tree = None
    if tree is None:
        raise IngestError(where, "not an article: the page is empty or not HTML")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # lxml truth-testing inside trafilatura
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    text = (doc.text if doc is not None else None) or ""
    prose = sum(len(line) for line in text.split("\n") if len(line.split()) >= PROSE_WORDS)
    share = link_share(tree)
    if prose < MIN_PROSE_CHARS:
        raise IngestError(
            where, "not an article: no paragraph of running text found (an index or list page?)"
        )
    if share > MAX_LINK_SHARE:
        raise IngestError(where, f"not an article: {share:.0%} of its text is links")
    published, date_source = _date(doc.date), "metadata"
    if published is None:
        found = htmldate.find_date(html, url=url, **_DATE_PARAMS)
        published, date_source = _date(found), "htmldate"
    canonical = _text(doc.url)
    if canonical and urlsplit(canonical).scheme not in ("http", "https"):
        canonical = None
    return Extracted(
        title=_text(doc.title),
        outlet=_outlet(_text(doc.sitename), url),
        published=published,
        date_source=date_source if published else None,
        canonical_url=canonical,
        author=_text(doc.author),
        body=body_paragraphs(text),
    )
