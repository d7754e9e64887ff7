"""Text primitives: offset-preserving folding, caption/boilerplate lines, sentences.

Everything here keeps character offsets into the original article body, because every mention,
actor and event points back at the exact sentence it comes from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from articles import lexicon

_PUNCT_MAP = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u0623": "\u0627",  # Arabic alef variants fold to bare alef
        "\u0625": "\u0627",
        "\u0622": "\u0627",
        "\u0671": "\u0627",
    }
)


@cache
def _fold_char(ch: str) -> str:
    ch = ch.translate(_PUNCT_MAP)
    base = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in base if not unicodedata.combining(c)) or ch
    low = kept.lower()
    return low[0] if low else ch


class _FoldTable(dict):
    """``str.translate`` table filled on first use of each character."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip accents and unify quotes/dashes, one output char per input char.

    Keeping the length lets a match found in the folded text be sliced out of the original.
    """
    if text.isascii() and "`" not in text:
        return text.lower()
    return text.translate(_FOLD_TABLE)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "body", "caption" or "boilerplate"

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@cache
def _furniture() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, int]:
    data = lexicon.load("furniture")
    first = re.compile("|".join(data["credit_first"]))
    last = re.compile("|".join(data["credit_last"]))
    boiler = re.compile("|".join(data["boilerplate_lines"]), re.IGNORECASE)
    footer = re.compile("|".join(data["footer_starts"]), re.IGNORECASE)
    return first, last, boiler, footer, int(data.get("caption_max_chars", 140))


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _looks_like_caption(line: str, max_chars: int) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= max_chars and not stripped.endswith((".", ":", "?", "!", '"'))


def segment_lines(text: str) -> list[Span]:
    """Classify each non-blank line as body, photo caption or site boilerplate.

    A caption is a line carrying a photo credit (``AFP/FADEL SENNA - …``, ``PHOTO/FILE - …``) or a
    short headline-like line directly before one (the original-language caption). Everything
    from a footer start ("Related Articles", "Envíanos tus noticias") on is boilerplate.
    """
    first, last, boiler, footer, max_chars = _furniture()
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    kinds = ["body"] * len(lines)
    in_footer = False
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        if in_footer or footer.search(line):
            in_footer = True
            kinds[i] = "boilerplate"
        elif boiler.search(line):
            kinds[i] = "boilerplate"
        elif last.search(line):
            kinds[i] = "caption"
        elif first.search(line):
            kinds[i] = "caption"
            if i > 1 and kinds[i - 1] == "body":
                ps, pe = lines[i - 1]
                if _looks_like_caption(text[ps:pe], max_chars):
                    kinds[i - 1] = "caption"
    return [Span(s, e, k) for (s, e), k in zip(lines, kinds, strict=True)]


_ABBREV = re.compile(
    r"(?:\b(?:Gen|Col|Cmdr|Lt|Maj|Capt|Mr|Mrs|Ms|Dr|Prof|St|No|Mgr|Mme|Me|M|vs|etc|U\.S|U\.N)|\b[A-Z])\.$"
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'»”)]*\s+(?=[\"'«“(]?[A-Z0-9À-ÖØ-Þ•])")
_BULLET = re.compile(r"^\s*[•\-*·]\s+", re.MULTILINE)


def sentences(text: str, spans: list[Span] | None = None) -> list[Span]:
    """Split lines into sentences, keeping offsets and each line's kind."""
    out: list[Span] = []
    for line in spans if spans is not None else segment_lines(text):
        start = line.start
        bullet = _BULLET.match(text, line.start, line.end)
        if bullet:
            start = bullet.end()
        for m in _BOUNDARY.finditer(text, start, line.end):
            if _ABBREV.search(text, start, m.start() + 1):
                continue
            end = m.start() + len(m.group().rstrip())
            out.append(Span(start, end, line.kind))
            start = m.end()
        end = line.end
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            out.append(Span(start, end, line.kind))
    return out


def sentence_at(spans: list[Span], offset: int) -> Span | None:
    """The sentence containing ``offset`` (spans sorted by start)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(spans) and spans[lo].start <= offset < spans[lo].end:
        return spans[lo]
    return None
