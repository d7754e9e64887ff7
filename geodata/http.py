"""geopy's stdlib HTTP adapter with a deadline for the whole request, and a size limit.

geopy's ``timeout`` (like ``urlopen``'s) bounds each socket operation, not the request: a server
that sends one byte every few seconds keeps one request alive forever. Here the request runs in
a helper thread and the caller waits at most ``timeout`` seconds for the complete answer; past
that it gets ``GeocoderTimedOut``. The helper thread is a daemon, and it is left to end on its own
per-read timeout (``timeout`` too): it holds one socket for at most that long and reads at most
``MAX_ANSWER_BYTES``, so an abandoned request cannot grow without bound either.
"""

from __future__ import annotations

import threading
from typing import Any

from geopy.adapters import URLLibAdapter
from geopy.exc import GeocoderParseError, GeocoderServiceError, GeocoderTimedOut

#: Nominatim's answer for one name is a few KB; anything far larger is not an answer.
MAX_ANSWER_BYTES = 1024 * 1024


class DeadlineAdapter(URLLibAdapter):
    """``URLLibAdapter`` (no hidden retries) where ``timeout`` is a deadline per request."""

    def get_text(self, url: str, *, timeout: float, headers: dict) -> str:
        outcome: dict[str, Any] = {}

        def request() -> None:
            try:
                outcome["text"] = URLLibAdapter.get_text(
                    self, url, timeout=timeout, headers=headers
                )
            except BaseException as exc:  # noqa: BLE001 - handed to the caller below
                outcome["error"] = exc

        worker = threading.Thread(target=request, name="geocoder-request", daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            raise GeocoderTimedOut(f"no complete answer within {timeout:g} s (deadline)")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["text"]

    def _decode_page(self, page) -> str:
        try:
            body = page.read(MAX_ANSWER_BYTES + 1)
        except Exception as exc:  # noqa: BLE001 - geopy's own handling of a failed read
            raise GeocoderServiceError(f"unable to read the response: {exc}") from None
        if len(body) > MAX_ANSWER_BYTES:
            raise GeocoderParseError(f"answer over {MAX_ANSWER_BYTES:,} bytes")
        encoding = page.headers.get_content_charset() or "utf-8"
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            raise GeocoderParseError(f"answer is not {encoding} text") from None
