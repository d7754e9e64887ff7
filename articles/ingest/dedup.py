"""Has the corpus this story already? By canonical URL, then by content (MinHash, pure).

A page fetched twice with another tracking query string has the same canonical URL. The same
story from two outlets (syndication) shares most of its word 3-grams: MinHash (datasketch)
estimates their Jaccard similarity. Only articles of the same language are compared, so a
translation stays a separate source, as the event merge expects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from datasketch import MinHash, MinHashLSH

from articles.text import fold

#: Query parameters that only track who clicked, never choose the page.
TRACKING = ("utm_", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ocid", "cmpid")
TRACKING_EXACT = frozenset({"ref", "ref_src", "ref_url", "xtor", "at_medium", "at_campaign"})
#: Estimated Jaccard similarity of word 3-grams from which two bodies are one story.
SAME_STORY = 0.7
SHINGLE = 3
PERMUTATIONS = 128
_SEED = 42


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters, the
    other parameters sorted: two spellings of one page give one string."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING) and k.lower() not in TRACKING_EXACT
    )
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    words = [w for w in "".join(c if c.isalnum() else " " for c in fold(text)).split() if w]
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    sig = MinHash(num_perm=PERMUTATIONS, seed=_SEED)
    sig.update_batch([s.encode("utf-8") for s in shingles(text)])
    return sig


@dataclass(frozen=True)
class Match:
    article_id: str
    similarity: float


class StoryIndex:
    """The corpus's bodies by language, asked whether a new body is a story it holds."""

    def __init__(self, threshold: float = SAME_STORY) -> None:
        self.threshold = threshold
        self._lsh: dict[str, MinHashLSH] = {}
        self._signatures: dict[str, MinHash] = {}

    def add(self, article_id: str, language: str, body: str) -> None:
        sig = signature(body)
        lsh = self._lsh.get(language)
        if lsh is None:  # its parameters cost a numerical optimisation: once per language
            lsh = self._lsh[language] = MinHashLSH(threshold=self.threshold, num_perm=PERMUTATIONS)
        if article_id not in self._signatures:
            lsh.insert(article_id, sig)
            self._signatures[article_id] = sig

    def add_all(self, items: Iterable[tuple[str, str, str]]) -> None:
        for article_id, language, body in items:
            self.add(article_id, language, body)

    def same_story(self, language: str, body: str) -> Match | None:
        """The most similar article of ``language`` at or above the threshold, if any."""
        lsh = self._lsh.get(language)
        if lsh is None:
            return None
        sig = signature(body)
        scored = [(sig.jaccard(self._signatures[key]), key) for key in lsh.query(sig)]
        scored = [(s, key) for s, key in scored if s >= self.threshold]
        if not scored:
            return None
        score, key = max(scored)
        return Match(key, round(score, 3))
