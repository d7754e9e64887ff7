"""Geocoding through geopy, against a scripted Nominatim on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
import socket
import time

import pytest
from fake_nominatim import TICHITT, TIMEOUT, Server
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from articles.errors import GeocodingError
from geodata.geocoding import (
    GazetteerGeocoder,
    GeocodeAnswer,
    MemoryCache,
    OnlineGeocoder,
    cache_key,
    default_user_agent,
    place_kind,
    split_base_url,
)
from geodata.place import Place

TEST_AGENT = "newsmap-test/0.1 (+tests@example.org)"


def online(server: Server, **kwargs) -> OnlineGeocoder:
    options = {"cache": MemoryCache(), "min_delay_seconds": 0.0, "timeout": TIMEOUT}
    options.update(kwargs)
    return OnlineGeocoder(server.url, user_agent=TEST_AGENT, **options)


def stored_answer(query: str, provider: str, status: str, **fields: object) -> GeocodeAnswer:
    empty = dict.fromkeys(("lat", "lon", "display_name", "kind", "country", "raw", "error"))
    return GeocodeAnswer(
        query, provider, status, fetched_at="2025-01-01T00:00:00+00:00", **(empty | fields)
    )


# --- what geopy sends, and how each behaviour is recorded ------------------------------------


def test_a_hit_sends_nominatim_parameters_and_is_ok(nominatim: Server) -> None:
    answer = online(nominatim).lookup(" Tichitt ", country_codes=["MR"])

    assert answer.status == "ok"
    assert (answer.lat, answer.lon) == (pytest.approx(18.448), pytest.approx(-9.517))
    assert answer.display_name == "Tichitt, Tidjikja, Tagant, Mauritania"
    assert answer.kind == "place/village/village"
    assert answer.country == "MR"
    assert json.loads(answer.raw) == TICHITT
    assert answer.query == "tichitt|mr"
    assert answer.provider == f"nominatim:{nominatim.url}"
    assert answer.error is None

    [request] = nominatim.log.requests
    assert request.path == "/search"
    assert request.params == {
        "q": "Tichitt",
        "format": "json",
        "limit": "1",
        "countrycodes": "mr",
        "addressdetails": "1",
        "accept-language": "en",
    }
    assert request.user_agent == TEST_AGENT


def test_no_country_filter_sends_no_countrycodes(nominatim: Server) -> None:
    online(nominatim).lookup("Tichitt")
    assert "countrycodes" not in nominatim.log.requests[0].params


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("Nowhere", "not_found", None),
        ("Boom", "error", "500"),
        ("Busy", "error", "429"),
        ("Garbled", "error", "GeocoderParseError"),
        ("Slow", "timeout", "GeocoderTimedOut"),
    ],
)
def test_each_behaviour_maps_to_a_status(
    nominatim: Server, query: str, status: str, message: str | None
) -> None:
    answer = online(nominatim).lookup(query)

    assert answer.status == status
    assert (answer.lat, answer.lon, answer.raw) == (None, None, None)
    if message is None:
        assert answer.error is None
    else:
        assert message in answer.error
    assert nominatim.log.count(query) == 1


def test_an_unreachable_server_is_an_error_answer_not_an_exception() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    geocoder = OnlineGeocoder(
        f"http://127.0.0.1:{port}", cache=MemoryCache(), min_delay_seconds=0, timeout=TIMEOUT
    )
    assert geocoder.lookup("Tichitt").status == "error"


# --- the cache ----------------------------------------------------------------------------------


def test_a_second_lookup_is_served_from_the_cache(nominatim: Server) -> None:
    geocoder = online(nominatim)
    first = geocoder.lookup("Tichitt")
    assert geocoder.lookup("  TICHITT") is first
    geocoder.lookup("Nowhere")
    geocoder.lookup("nowhere")

    assert nominatim.log.count("Tichitt") == 1
    assert nominatim.log.count("Nowhere") == 1
    assert len(nominatim.log.requests) == 2


def test_the_country_filter_is_part_of_the_cache_key(nominatim: Server) -> None:
    geocoder = online(nominatim)
    geocoder.lookup("Tichitt")
    geocoder.lookup("Tichitt", country_codes=["mr"])
    geocoder.lookup("Tichitt", country_codes=["MR"])
    assert nominatim.log.count("Tichitt") == 2


def test_errors_are_asked_again_only_with_retry_errors(nominatim: Server) -> None:
    cache = MemoryCache()
    online(nominatim, cache=cache).lookup("Boom")
    online(nominatim, cache=cache).lookup("Boom")
    online(nominatim, cache=cache).lookup("Tichitt")
    assert nominatim.log.count("Boom") == 1

    retrying = online(nominatim, cache=cache, retry_errors=True)
    assert retrying.lookup("Boom").status == "error"
    assert retrying.lookup("Tichitt").status == "ok"
    assert nominatim.log.count("Boom") == 2
    assert nominatim.log.count("Tichitt") == 1


def test_retried_timeouts_replace_the_cached_answer(nominatim: Server) -> None:
    cache = MemoryCache()
    old = stored_answer(
        "tichitt", f"nominatim:{nominatim.url}", "timeout", error="GeocoderTimedOut: timed out"
    )
    cache.put(old)
    assert online(nominatim, cache=cache).lookup("Tichitt") is old
    assert online(nominatim, cache=cache, retry_errors=True).lookup("Tichitt").status == "ok"
    assert cache.get(old.provider, "tichitt").status == "ok"


# --- the rate limiter ---------------------------------------------------------------------------


def test_the_rate_limiter_spaces_requests(nominatim: Server) -> None:
    geocoder = online(nominatim, min_delay_seconds=0.3)
    started = time.monotonic()
    geocoder.lookup("Tichitt")
    geocoder.lookup("Nowhere")
    # Timed on the client, where the limiter works: the second request cannot have started
    # before 0.3 s (the server's arrival times can bunch up on a loaded machine).
    assert time.monotonic() - started >= 0.3
    assert len(nominatim.log.requests) == 2


# --- answers to places --------------------------------------------------------------------------


def test_an_ok_answer_becomes_an_online_place(nominatim: Server) -> None:
    geocoder = online(nominatim)
    place = geocoder.answer_to_place(geocoder.lookup("Tichitt"))

    assert place is not None
    assert place.id == "nominatim:N123456"
    assert (place.name, place.kind, place.country) == ("Tichitt", "village", "MR")
    assert (place.lat, place.lon) == (pytest.approx(18.448), pytest.approx(-9.517))
    assert place.source == "online"
    assert place.coord_source == f"nominatim:{nominatim.url}"
    assert geocoder.answer_to_place(geocoder.lookup("Nowhere")) is None


def test_an_answer_without_osm_ids_gets_a_slug_id() -> None:
    geocoder = OnlineGeocoder("http://127.0.0.1:9", cache=MemoryCache())
    answer = stored_answer(
        "bir moghrein",
        geocoder.provider,
        "ok",
        lat=25.2,
        lon=-11.6,
        country="MR",
        display_name="Bir Moghrein, Mauritania",
    )
    place = geocoder.answer_to_place(answer)
    assert (place.id, place.name, place.kind) == ("nominatim:bir-moghrein", "Bir Moghrein", "site")


# --- pure helpers -------------------------------------------------------------------------------


def test_base_urls_split_into_scheme_and_domain() -> None:
    assert split_base_url("https://nominatim.openstreetmap.org") == (
        "https",
        "nominatim.openstreetmap.org",
    )
    assert split_base_url("http://127.0.0.1:8080/nominatim/") == (
        "http",
        "127.0.0.1:8080/nominatim",
    )
    with pytest.raises(GeocodingError):
        split_base_url("127.0.0.1:8080")


def test_cache_keys_normalise_case_space_and_filter() -> None:
    assert cache_key("  Tichitt   Oasis ") == "tichitt oasis"
    assert cache_key("Tichitt", ["MR", "ml", "mr"]) == "tichitt|ml,mr"


def test_the_user_agent_names_the_contact_when_set() -> None:
    assert default_user_agent({}) == "newsmap/0.1"
    assert default_user_agent({"NEWSMAP_CONTACT": "ops@example.org"}) == (
        "newsmap/0.1 (+ops@example.org)"
    )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("place/village/village", "village"),
        ("boundary/administrative/state", "admin_area"),
        ("boundary/administrative/country", "country"),
        ("place/city/city", "city"),
        ("natural/water/water", "site"),
        (None, "site"),
    ],
)
def test_nominatim_kinds_map_onto_place_kinds(kind: str | None, expected: str) -> None:
    assert place_kind(kind) == expected


# --- the offline gazetteer geocoder -------------------------------------------------------------

PLACES = (
    Place("2378538", "Tichitt", "village", "MR", 18.45, -9.52, aliases=("Tichit",)),
    Place("local:tichitt-well", "Tichitt", "site", "MR", 18.44, -9.50, source="curated"),
    Place("local:sahel", "Sahel", "continent_region", "", 15.0, 0.0),
)


def index(name: str) -> list[Place]:
    return [p for p in PLACES if name.casefold() in (n.casefold() for n in p.names())]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the offline geocoder opened a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("no_network")
def test_the_gazetteer_geocoder_is_an_offline_geopy_geocoder() -> None:
    geocoder = GazetteerGeocoder(index)
    assert isinstance(geocoder, Geocoder)

    location = geocoder.geocode("Tichit")
    assert isinstance(location, Location)
    assert location.address == "Tichitt, MR"
    assert (location.latitude, location.longitude) == (18.45, -9.52)
    assert location.raw["id"] == "2378538"
    assert location.raw["aliases"] == ("Tichit",)

    locations = geocoder.geocode("tichitt", exactly_one=False)
    assert [loc.raw["id"] for loc in locations] == ["2378538", "local:tichitt-well"]
    assert geocoder.geocode("Sahel").address == "Sahel"
    assert geocoder.geocode("Atlantis") is None
    assert geocoder.geocode("   ") is None

    with pytest.raises(GeocodingError):
        geocoder.adapter.get_json("https://example.org/search", timeout=1, headers={})
