"""A scripted Nominatim on 127.0.0.1 for the geocoding tests (never the internet)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

TIMEOUT = 0.5
SLOW_SECONDS = 0.8  # longer than TIMEOUT, short enough to keep the suite fast
DRIP_BYTES = 25  # "...drip": one byte every DRIP_EVERY s, each gap shorter than TIMEOUT
DRIP_EVERY = 0.2

TICHITT = {
    "place_id": 4242,
    "osm_type": "node",
    "osm_id": 123456,
    "lat": "18.4480",
    "lon": "-9.5170",
    "class": "place",
    "type": "village",
    "addresstype": "village",
    "name": "Tichitt",
    "display_name": "Tichitt, Tidjikja, Tagant, Mauritania",
    "address": {"village": "Tichitt", "country": "Mauritania", "country_code": "mr"},
}


@dataclass
class Received:
    path: str
    params: dict[str, str]
    user_agent: str | None
    at: float


@dataclass
class NominatimLog:
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, query: str) -> int:
        return Counter(r.params.get("q") for r in self.requests)[query]


class FakeNominatim(BaseHTTPRequestHandler):
    """Answers /search by the query text: a hit, nothing, 500, 429 (with a Retry-After of 30 s,
    1 s for "...brief", 3600 s for "...hold"), slow, dripping bytes ("...drip"), malformed JSON,
    or an HTML page ("...junk")."""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        log: NominatimLog = self.server.log  # type: ignore[attr-defined]
        with log.lock:
            log.requests.append(
                Received(parts.path, params, self.headers.get("User-Agent"), time.perf_counter())
            )
        query = params.get("q", "").casefold()
        if parts.path != "/search":
            self._send(404, "text/plain", b"not found")
        elif query == "tichitt":
            self._send(200, "application/json", json.dumps([TICHITT]).encode())
        elif query.endswith("boom"):  # "Boom", or a place-like "Aghboom"
            self._send(500, "text/plain", b"internal error")
        elif query == "busy":
            self._send(429, "text/plain", b"too many requests", {"Retry-After": "30"})
        elif query.endswith("slow"):
            time.sleep(SLOW_SECONDS)
            self._send(200, "application/json", b"[]")
        elif query == "garbled":
            self._send(200, "application/json", b'[{"lat": "18.4", "lon": ')
        elif query.endswith("brief"):
            self._send(429, "text/plain", b"slow down", {"Retry-After": "1"})
        elif query.endswith("hold"):
            self._send(429, "text/plain", b"come back later", {"Retry-After": "3600"})
        elif query.endswith("junk"):
            self._send(200, "text/html", b"<html><body>Service maintenance</body></html>")
        elif query.endswith("drip"):
            self._drip()
        else:
            self._send(200, "application/json", b"[]")

    def _send(self, status: int, ctype: str, body: bytes, headers: dict | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", f"{ctype}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (the timeout case)

    def _drip(self) -> None:
        """A valid answer, one byte at a time: every read succeeds, the request never ends in
        time (DRIP_BYTES * DRIP_EVERY s, far past TIMEOUT)."""
        body = b"[" + b" " * (DRIP_BYTES - 2) + b"]"
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(DRIP_EVERY)
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Server:
    url: str
    log: NominatimLog


@pytest.fixture
def nominatim() -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    httpd.daemon_threads = True
    httpd.log = NominatimLog()  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield Server(f"http://{host}:{port}", httpd.log)  # type: ignore[attr-defined]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=2)
