"""Geocoding through geopy.

Two geocoders share geopy's vocabulary:

* ``GazetteerGeocoder`` wraps the gazetteer's name index as a real geopy ``Geocoder`` that never
  touches the network; it is the default.
* ``OnlineGeocoder`` asks a Nominatim server for names the gazetteer lacks. Every answer, failures
  included, goes through a ``GeocodeCache`` so that no name is ever asked twice, and requests are
  spaced by geopy's ``RateLimiter`` to respect Nominatim's usage policy (at most 1 request/second).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderTimedOut
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from articles.errors import GeocodingError
from geodata.budget import DEFAULT_BUDGET_SECONDS, RequestBudget, Tally, failure_kind
from geodata.http import DeadlineAdapter
from geodata.place import Place

DEFAULT_NOMINATIM_URL = "https://nominatim.openstreetmap.org"
CONTACT_ENV = "NEWSMAP_CONTACT"
_USER_AGENT_BASE = "newsmap/0.1"

STATUSES = ("ok", "not_found", "error", "timeout")
#: Cached answers with these statuses are final; the others are re-asked only on request.
FINAL_STATUSES = frozenset({"ok", "not_found"})


# --- offline: the gazetteer as a geopy geocoder ---------------------------------------------


class _OfflineAdapter(BaseSyncAdapter):
    """An adapter that refuses every request, so the offline geocoder cannot reach a network.

    geopy's ``Geocoder.__init__`` always builds an adapter; this one opens no session or socket.
    """

    def get_json(self, url: str, *, timeout: float, headers: dict) -> Any:
        raise GeocodingError(f"the gazetteer geocoder is offline and cannot fetch {url}")

    def get_text(self, url: str, *, timeout: float, headers: dict) -> str:
        raise GeocodingError(f"the gazetteer geocoder is offline and cannot fetch {url}")


def place_address(place: Place) -> str:
    return f"{place.name}, {place.country}" if place.country else place.name


def place_to_location(place: Place) -> Location:
    """A geopy ``Location`` whose ``raw`` is a dict of the Place's fields."""
    return Location(place_address(place), Point(place.lat, place.lon), dataclasses.asdict(place))


class GazetteerGeocoder(Geocoder):
    """The offline, default geocoder: geopy's interface over the gazetteer's name index.

    ``lookup`` returns the candidate Places for a name, best first.
    """

    def __init__(
        self, lookup: Callable[[str], Sequence[Place]], *, user_agent: str | None = None
    ) -> None:
        super().__init__(user_agent=user_agent, adapter_factory=_OfflineAdapter)
        self.lookup = lookup

    def geocode(
        self, query: str, *, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL
    ) -> Location | list[Location] | None:
        """Like every geopy geocoder: one Location, a list of them, or None when nothing matches.

        ``timeout`` is accepted for interface compatibility and ignored.
        """
        query = " ".join(str(query).split())
        places = list(self.lookup(query)) if query else []
        if not places:
            return None
        if exactly_one:
            return place_to_location(places[0])
        return [place_to_location(p) for p in places]


# --- online: a cached, rate-limited Nominatim -------------------------------------------------


@dataclass(frozen=True)
class GeocodeAnswer:
    """One online answer, as cached. ``query`` is the cache key (see ``cache_key``)."""

    query: str
    provider: str
    status: str  # one of STATUSES
    lat: float | None
    lon: float | None
    display_name: str | None
    kind: str | None  # Nominatim's "class/type[/addresstype]", e.g. "place/village/village"
    country: str | None  # ISO 3166-1 alpha-2, upper case
    raw: str | None  # JSON text of Nominatim's record
    error: str | None
    fetched_at: str  # ISO 8601, UTC


class GeocodeCache(Protocol):
    def get(self, provider: str, query: str) -> GeocodeAnswer | None: ...

    def put(self, answer: GeocodeAnswer) -> None: ...


class MemoryCache:
    """A dict-backed ``GeocodeCache``; a later ``put`` for the same key replaces the answer."""

    def __init__(self) -> None:
        self.answers: dict[tuple[str, str], GeocodeAnswer] = {}

    def get(self, provider: str, query: str) -> GeocodeAnswer | None:
        return self.answers.get((provider, query))

    def put(self, answer: GeocodeAnswer) -> None:
        self.answers[(answer.provider, answer.query)] = answer


def default_user_agent(environ: Mapping[str, str] = os.environ) -> str:
    """Nominatim's policy asks for an identifying User-Agent; the contact comes from the env."""
    contact = environ.get(CONTACT_ENV, "").strip()
    return f"{_USER_AGENT_BASE} (+{contact})" if contact else _USER_AGENT_BASE


def split_base_url(url: str) -> tuple[str, str]:
    """``"http://127.0.0.1:8080/nominatim/"`` -> ``("http", "127.0.0.1:8080/nominatim")``.

    geopy wants the scheme and the "domain" (host, port and any path prefix) apart.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise GeocodingError(f"not an http(s) base URL for Nominatim: {url!r}")
    return parts.scheme, (parts.netloc + parts.path).rstrip("/")


def normalise_query(query: str) -> str:
    return " ".join(query.casefold().split())


def cache_key(query: str, country_codes: Sequence[str] = ()) -> str:
    """The cache key: the normalised query, then ``|`` and the sorted country filter if any.

    ``cache_key(" Tichitt ", ["MR"]) == "tichitt|mr"``; ``cache_key("Tichitt") == "tichitt"``.
    """
    key = normalise_query(query)
    codes = _normalise_codes(country_codes)
    return f"{key}|{','.join(codes)}" if codes else key


def _normalise_codes(country_codes: Sequence[str]) -> list[str]:
    if isinstance(country_codes, str):
        country_codes = [country_codes]
    return sorted({c.strip().lower() for c in country_codes if c.strip()})


def nominatim_kind(record: Mapping[str, Any]) -> str | None:
    """``class/type`` (``category`` in jsonv2), then ``/addresstype`` when Nominatim sends it."""
    parts = [record.get("class") or record.get("category"), record.get("type")]
    if record.get("addresstype"):
        parts.append(record["addresstype"])
    parts = [str(p) for p in parts if p]
    return "/".join(parts) or None


def _country_code(record: Mapping[str, Any]) -> str | None:
    address = record.get("address")
    code = address.get("country_code") if isinstance(address, Mapping) else None
    return code.upper() if isinstance(code, str) and code else None


def answer_from_location(
    key: str, provider: str, location: Location | None, fetched_at: str
) -> GeocodeAnswer:
    """Turn geopy's result (a Location, or None for an empty list) into a cacheable answer."""
    if location is None:
        return GeocodeAnswer(
            key, provider, "not_found", None, None, None, None, None, None, None, fetched_at
        )
    record = location.raw if isinstance(location.raw, Mapping) else {}
    return GeocodeAnswer(
        query=key,
        provider=provider,
        status="ok",
        lat=location.latitude,
        lon=location.longitude,
        display_name=location.address,
        kind=nominatim_kind(record),
        country=_country_code(record),
        raw=json.dumps(location.raw, ensure_ascii=False, sort_keys=True),
        error=None,
        fetched_at=fetched_at,
    )


def answer_from_error(
    key: str, provider: str, exc: BaseException, fetched_at: str
) -> GeocodeAnswer:
    status = "timeout" if isinstance(exc, GeocoderTimedOut | TimeoutError) else "error"
    message = f"{type(exc).__name__}: {exc}"
    return GeocodeAnswer(
        key, provider, status, None, None, None, None, None, None, message, fetched_at
    )


#: Nominatim addresstype/type -> Place.kind; checked from the most specific part of ``kind``.
_KIND_MAP = {
    "continent": "continent_region",
    "country": "country",
    "state": "admin_area",
    "region": "admin_area",
    "province": "admin_area",
    "state_district": "admin_area",
    "county": "admin_area",
    "district": "admin_area",
    "municipality": "admin_area",
    "administrative": "admin_area",
    "city": "city",
    "town": "town",
    "village": "village",
    "hamlet": "village",
    "isolated_dwelling": "village",
    "locality": "village",
    "border_control": "border_crossing",
}


def place_kind(kind: str | None) -> str:
    """Map an answer's ``kind`` onto ``geodata.place.KINDS``; anything unknown is a "site"."""
    for part in reversed((kind or "").split("/")):
        if part in _KIND_MAP:
            return _KIND_MAP[part]
    return "site"


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-") or "unnamed"


def _place_id(record: Mapping[str, Any], key: str) -> str:
    """``nominatim:R123`` (OSM's N/W/R convention, as in Nominatim's /lookup), else a slug."""
    osm_type, osm_id = record.get("osm_type"), record.get("osm_id")
    if osm_type and osm_id is not None:
        return f"nominatim:{str(osm_type)[0].upper()}{osm_id}"
    return f"nominatim:{_slug(key)}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class OnlineGeocoder:
    """Nominatim behind a cache and a rate limiter; ``lookup`` never raises.

    The rate limiter makes one request per call (``max_retries=0``): a retry inside a lookup would
    double the load on a volunteer-run service exactly when it is failing (429/5xx). Retrying is
    instead a decision of a later run, through ``retry_errors``. The HTTP client is geopy's
    stdlib ``URLLibAdapter``, which, unlike its ``RequestsAdapter``, adds no hidden retries,
    with ``timeout`` made a deadline per request (``geodata.http``). A ``RequestBudget`` bounds
    the total time of all requests, honours ``Retry-After`` up to a cap and stops after repeated
    failures; ``report()`` counts the outcomes and names the failures.
    The limiter spaces calls of one instance; share the instance to share the budget.
    """

    def __init__(
        self,
        url: str = DEFAULT_NOMINATIM_URL,
        *,
        cache: GeocodeCache,
        min_delay_seconds: float = 1.0,
        timeout: float = 10.0,
        user_agent: str | None = None,
        retry_errors: bool = False,
        budget_seconds: float = DEFAULT_BUDGET_SECONDS,
    ) -> None:
        scheme, domain = split_base_url(url)
        self.url = f"{scheme}://{domain}"
        self.provider = f"nominatim:{self.url}"
        self.cache = cache
        self.retry_errors = retry_errors
        self.budget = RequestBudget(seconds=budget_seconds, deadline=timeout)
        self.tally = Tally()
        self.nominatim = Nominatim(
            scheme=scheme,
            domain=domain,
            timeout=timeout,  # a deadline for each whole request (geodata.http)
            user_agent=user_agent or default_user_agent(),
            adapter_factory=DeadlineAdapter,
        )
        self._geocode = RateLimiter(
            self.nominatim.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=0,
            error_wait_seconds=max(min_delay_seconds, 5.0),
            swallow_exceptions=False,
        )

    def lookup(self, query: str, *, country_codes: Sequence[str] = ()) -> GeocodeAnswer:
        """The cached answer for ``query`` if final, else ask Nominatim once and cache the answer.

        An empty query is answered "not_found" without asking or caching.
        """
        key = cache_key(query, country_codes)
        if not key:
            return answer_from_location(key, self.provider, None, _now())
        cached = self.cache.get(self.provider, key)
        if cached is not None and (cached.status in FINAL_STATUSES or not self.retry_errors):
            return cached
        answer = self._ask(key, " ".join(query.split()), _normalise_codes(country_codes))
        self.cache.put(answer)
        return answer

    def _ask(self, key: str, text: str, codes: list[str]) -> GeocodeAnswer:
        refused = self.budget.before_request()
        if refused is not None:
            self.tally.add("not asked", text)
            return GeocodeAnswer(
                key, self.provider, "error", None, None, None, None, None, None,
                f"not asked: {refused}", _now(),
            )  # fmt: skip
        try:
            location = self._geocode(
                text,
                exactly_one=True,
                addressdetails=True,
                language="en",
                country_codes=codes or None,
            )
            answer = answer_from_location(key, self.provider, location, _now())
        except Exception as exc:  # the contract: any failure is an answer, never fatal
            self.budget.after_request(exc)
            self.tally.add(failure_kind(exc), text)
            return answer_from_error(key, self.provider, exc, _now())
        self.budget.after_request(None)
        self.tally.add("found" if answer.status == "ok" else "not found", text)
        return answer

    def report(self) -> list[str]:
        """What this geocoder's requests gave, for the build's summary."""
        return self.tally.lines(self.url, self.budget)

    def answer_to_place(self, answer: GeocodeAnswer) -> Place | None:
        """A Place (source "online") for an "ok" answer with coordinates, else None."""
        if answer.status != "ok" or answer.lat is None or answer.lon is None:
            return None
        record = _load_record(answer.raw)
        display = answer.display_name or ""
        name = str(record.get("name") or display.split(",")[0].strip() or answer.query)
        extra = {"display_name": display, "nominatim_kind": answer.kind}
        extra.update({k: record[k] for k in ("osm_type", "osm_id", "place_id") if k in record})
        return Place(
            id=_place_id(record, answer.query),
            name=name,
            kind=place_kind(answer.kind),
            country=answer.country or "",
            lat=answer.lat,
            lon=answer.lon,
            source="online",
            coord_source=answer.provider,
            extra=extra,
        )


def _load_record(raw: str | None) -> Mapping[str, Any]:
    try:
        record = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return record if isinstance(record, Mapping) else {}
