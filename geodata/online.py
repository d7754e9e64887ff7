"""The opt-in online fallback during a build: Nominatim answers cached in the index.

The answers of earlier builds are read from the old index's ``geocode_cache`` and written into
the new one, so no name is ever asked twice, across builds too.
"""

from __future__ import annotations

from collections.abc import Callable

from articles.reader import Article
from articles.text import Span, sentence_at, sentences
from geodata.budget import DEFAULT_BUDGET_SECONDS
from geodata.geocoding import GeocodeAnswer, MemoryCache, OnlineGeocoder
from geodata.matcher import Mention
from geodata.place import Place
from geodata.unknown import unknown_place_candidates


class OnlineFinder:
    def __init__(self, geocoder: OnlineGeocoder, cache: MemoryCache) -> None:
        self.geocoder = geocoder
        self.cache = cache

    def find_unknown(
        self, article: Article, mentions: list[Mention], lines: list[Span]
    ) -> list[tuple[Mention, Place]]:
        known = [(m.start, m.end) for m in mentions]
        spans = sentences(article.body, lines)
        found = []
        for start, end, name in unknown_place_candidates(article.body, lines, known):
            answer = self.geocoder.lookup(name)
            place = self.geocoder.answer_to_place(answer)
            if place is None:
                continue
            sentence = sentence_at(spans, start)
            reason = f"online geocoder ({self.geocoder.url}): {name!r} is not in the gazetteer"
            found.append(
                (
                    Mention(
                        start=start,
                        end=end,
                        surface=article.body[start:end],
                        place_id=place.id,
                        kind="body",
                        sentence_start=sentence.start,
                        sentence_end=sentence.end,
                        reason=reason,
                    ),
                    place,
                )
            )
        return found

    def cache_rows(self) -> list[dict]:
        return [answer.__dict__.copy() for answer in self.cache.answers.values()]

    def report(self) -> list[str]:
        """How this build's requests went: counts by outcome, the failed names."""
        return self.geocoder.report()


def online_finder(
    url: str,
    *,
    min_delay_seconds: float = 1.0,
    timeout: float = 10.0,
    retry_errors: bool = False,
    budget_seconds: float = DEFAULT_BUDGET_SECONDS,
) -> Callable[[list[dict]], OnlineFinder]:
    """A factory the build calls with the cached rows of the previous index.

    ``timeout`` is the deadline of one request; ``budget_seconds`` bounds all of a build's
    requests together (``geodata.budget``)."""

    def make(rows: list[dict]) -> OnlineFinder:
        cache = MemoryCache()
        for row in rows:
            cache.put(GeocodeAnswer(**row))
        geocoder = OnlineGeocoder(
            url,
            cache=cache,
            min_delay_seconds=min_delay_seconds,
            timeout=timeout,
            retry_errors=retry_errors,
            budget_seconds=budget_seconds,
        )
        return OnlineFinder(geocoder, cache)

    return make
