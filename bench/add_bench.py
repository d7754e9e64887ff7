"""How fast `add` brings pages in: 100 local pages, fetched, extracted, checked, written, indexed.

    python bench/add_bench.py [--pages 100]

A local HTTP server (127.0.0.1, started here) serves the pages: each is eight sentences drawn at
random (seeded) from the bundled corpus's body text plus one of its own, in a news page's HTML
with a title, a site name and a date, so no two are near-duplicates. Prints the throughput of
adding them (fetch, trafilatura, language, duplicate check, write), of the incremental index
build that follows, and of a second `add` of the same URLs (all skipped as seen). Asserts
nothing; the corpus is written to a temp dir.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from articles.reader import corpus_files, read_article  # noqa: E402
from articles.text import segment_lines, sentences  # noqa: E402
from dashboard.build.pipeline import build_index  # noqa: E402
from dashboard.ingest import add_sources  # noqa: E402
from geodata.cache import load_matcher  # noqa: E402


def pool() -> dict[str, list[str]]:
    """Body sentences of the bundled corpus, by language."""
    out: dict[str, list[str]] = {}
    for path in corpus_files(REPO / "articles" / "corpus"):
        a = read_article(path)
        spans = [s for s in sentences(a.body, segment_lines(a.body)) if s.kind == "body"]
        out.setdefault(a.language, []).extend(
            s.text(a.body) for s in spans if len(s.text(a.body)) > 60
        )
    return out


def pages(n: int) -> dict[str, bytes]:
    rng = random.Random(42)
    by_lang = pool()
    out = {}
    for i in range(n):
        lang = "en" if i % 3 else "fr"
        body = rng.sample(by_lang[lang], 8) + [f"Report number {i} was filed on day {i % 28 + 1}."]
        title = f"Security report {i}: {body[0][:50]}"
        day = f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
        paragraphs = "".join(f"<p>{s}</p>" for s in body)
        out[f"/news/{i}"] = (
            f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:site_name" content="Bench Wire">'
            f'<meta property="article:published_time" content="{day}T09:00:00Z"></head>'
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}"
            "</article><footer>© Bench Wire</footer></body></html>"
        ).encode()
    return out


def serve(routes: dict[str, bytes]) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = routes.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--pages", type=int, default=100)
    n = args.parse_args().pages
    routes = pages(n)
    server, base = serve(routes)
    urls = [f"{base}{path}" for path in routes]
    matcher = load_matcher()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        started = time.perf_counter()
        outcomes = list(add_sources(urls, corpus))
        add_s = time.perf_counter() - started
        counts = {s: sum(o.status == s for o in outcomes) for s in ("added", "skipped", "failed")}
        print(f"add {n} local pages: {counts} in {add_s:.2f} s = {n / add_s:.1f} pages/s")
        for o in outcomes:
            if o.status != "added":
                print(f"  {o.line()}")
        started = time.perf_counter()
        summary = build_index(corpus, Path(tmp) / "index.sqlite", matcher=matcher)
        index_s = time.perf_counter() - started
        print(f"index them: {summary.lines()[0]} in {index_s:.2f} s = {n / index_s:.1f} articles/s")
        print(f"add + index: {n / (add_s + index_s):.1f} pages/s")
        started = time.perf_counter()
        again = list(add_sources(urls, corpus))
        again_s = time.perf_counter() - started
        skipped = sum(o.status == "skipped" for o in again)
        print(f"add the same {n} again: {skipped} skipped in {again_s:.2f} s")
    server.shutdown()


if __name__ == "__main__":
    main()
