"""Fetching a page or a feed over HTTP, within limits: http(s) only, a timeout, a size limit.

The one module of the ingest path that touches the network. Redirects are followed (at most
``MAX_REDIRECTS``), each checked to stay http(s), and recorded. The size limit holds whatever the
server claims: a ``Content-Length`` above it is refused before reading, and the body is read in
chunks and dropped as soon as it passes the limit. The timeout bounds each wait for the server
*and* the whole transfer, so a server that trickles bytes cannot hold a run forever.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests

from articles.errors import NewsMapError

TIMEOUT = 20.0  # seconds
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "newsmap-ingest/0.1"
_CHUNK = 64 * 1024


class FetchError(NewsMapError, OSError):
    """A URL could not be fetched; the message names the URL and the reason."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    redirects: tuple[str, ...]  # every URL passed through before final_url
    content_type: str
    body: bytes

    @property
    def charset(self) -> str | None:
        """The charset the server declared in Content-Type, if any."""
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"'")
        return None


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(url, "only http(s) URLs are fetched")


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
    session: requests.Session | None = None,
) -> Fetched:
    """GET ``url``; ``FetchError`` for a bad scheme, HTTP error, timeout or oversized body."""
    check_url(url)
    own = session is None
    http = session or requests.Session()
    deadline = time.monotonic() + timeout
    redirects: list[str] = []
    current = url
    try:
        while True:
            response = _get(http, current, url, timeout)
            if response.is_redirect:
                target = urljoin(current, response.headers.get("Location", ""))
                response.close()
                if len(redirects) >= MAX_REDIRECTS:
                    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")
                if urlsplit(target).scheme not in ("http", "https"):
                    raise FetchError(url, f"redirected to {target}: only http(s) URLs are fetched")
                redirects.append(current)
                current = target
                continue
            with response:
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code} {response.reason}")
                body = _read(response, url, max_bytes, deadline)
            return Fetched(
                url=url,
                final_url=current,
                redirects=tuple(redirects),
                content_type=response.headers.get("Content-Type", ""),
                body=body,
            )
    finally:
        if own:
            http.close()


def _get(http: requests.Session, current: str, url: str, timeout: float) -> requests.Response:
    try:
        return http.get(
            current,
            timeout=timeout,
            stream=True,
            allow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )
    except requests.Timeout:
        raise FetchError(url, f"timed out after {timeout:g} s") from None
    except requests.RequestException as exc:
        raise FetchError(url, f"cannot connect: {type(exc).__name__}") from None


def _read(response: requests.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"too large: {int(declared):,} bytes (limit {max_bytes:,})")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(url, f"too large: more than {max_bytes:,} bytes")
            if time.monotonic() > deadline:
                raise FetchError(url, "timed out while reading the body")
            chunks.append(chunk)
    except requests.RequestException as exc:
        reason = "timed out" if "timed out" in str(exc).lower() else type(exc).__name__
        raise FetchError(url, f"reading the body failed: {reason}") from None
    return b"".join(chunks)
