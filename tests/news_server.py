"""A real HTTP server on 127.0.0.1 serving news pages and feeds written for the tests.

``news_server(routes)`` runs ``http.server`` in a thread and yields its base URL. A route is a
path mapped to ``(status, headers, body)``; the special bodies ``HANG`` (never answers until the
server stops) and ``Stream(n)`` (n bytes sent in chunks without a Content-Length) test limits.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANG = object()
HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml; charset=utf-8"}


@dataclass(frozen=True)
class Stream:
    size: int  # bytes of HTML sent without a Content-Length


Route = tuple[int, dict[str, str], object]


@contextmanager
def news_server(routes: dict[str, Route]) -> Iterator[str]:
    release = threading.Event()
    hits: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = self.path.split("?", 1)[0]
            hits[path] = hits.get(path, 0) + 1
            status, headers, body = routes.get(path, (404, HTML, b"<h1>Not found</h1>"))
            if body is HANG:
                release.wait(30)
                return
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if isinstance(body, Stream):
                self.end_headers()
                chunk = b"<p>" + b"filler text " * 5000 + b"</p>\n"
                sent = 0
                try:
                    while sent < body.size:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        server.hits = hits  # type: ignore[attr-defined]
        yield base
    finally:
        release.set()
        server.shutdown()
        server.server_close()


def page(
    title: str,
    paragraphs: list[str],
    *,
    site: str | None = None,
    published: str | None = None,
    canonical: str | None = None,
    lang: str = "en",
    extra_body: str = "",
) -> str:
    """An article page: metadata in <head> as news sites write it, the story in <article>."""
    head = [f"<title>{title}</title>", f'<meta property="og:title" content="{title}">']
    if site:
        head.append(f'<meta property="og:site_name" content="{site}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}T08:00:00Z">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    nav = '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{"".join(head)}</head>'
        f"<body>{nav}<article><h1>{title}</h1>{extra_body}{body}</article>"
        "<footer><p>© Test Wire. All rights reserved.</p></footer></body></html>"
    )
