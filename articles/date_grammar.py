"""The grammar of date expressions, compiled from ``lexicon/<lang>/dates.yaml``.

``compiled(language)`` turns one language's word lists into the regular expressions and lookup
tables ``articles.dates`` reads text with; nothing here looks at an article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from articles import lexicon
from articles.date_rules import TenseCues, tense_cues
from articles.text import fold


@dataclass(frozen=True)
class Lexicon:
    capitalized: bool
    spelled_years: dict
    months: dict[str, int]
    weekdays: dict[str, int]
    day_words: dict[str, int]
    qualifiers: dict[str, str]
    relative: dict[str, dict]
    holidays: dict[str, dict]
    week_of: re.Pattern
    holiday_re: re.Pattern
    numbers: dict[str, tuple[int, int]]
    units: dict[str, str]
    tenses: dict[str, int]
    this: frozenset[str]
    tense: TenseCues
    atom: re.Pattern
    relative_re: re.Pattern
    # (pattern, words it needs, a cheap pattern it needs or None)
    ranges: tuple[tuple[re.Pattern, tuple[str, ...], re.Pattern | None], ...]
    bounded: re.Pattern
    shifts: tuple[tuple[re.Pattern, dict, tuple[str, ...]], ...]
    alone_context: re.Pattern
    old_year_context: re.Pattern
    not_year_after: re.Pattern
    not_year_before: re.Pattern
    not_year_before_long: re.Pattern


def norm(phrase: str) -> str:
    return " ".join(fold(str(phrase)).split())


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in norm(phrase).split(" "))


def alt(phrases: Iterable[str]) -> str:
    """Alternation of whole phrases, longest first; never matches when empty."""
    unique = sorted({norm(p) for p in phrases if norm(p)}, key=len, reverse=True)
    return "(?:" + "|".join(_words(p) for p in unique) + ")" if unique else "(?!)"


def _lead(phrases: Iterable[str]) -> str:
    """Alternation of phrases that lead into what follows: "mid-" may be glued, "mid" may not."""
    unique = sorted({norm(p) for p in phrases if norm(p)}, key=len, reverse=True)
    parts = [_words(p) + (r"\s*" if p.endswith(("'", "-")) else r"\s+") for p in unique]
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def _group(name: str | None, body: str) -> str:
    return f"(?P<{name}>{body})" if name else f"(?:{body})"


def _atom_pattern(data: dict, relyear: str, named: bool) -> str:
    """One date expression: day-month-year in either order, (qualified) month or year, weekday."""

    def g(name: str, body: str) -> str:
        return _group(name if named else None, body)

    month_parts = []
    for names in data["months"]:
        full, *abbrevs = names
        month_parts.append(_words(full))
        month_parts.extend(_words(a) + r"\.?" for a in abbrevs)
    month = "(?:" + "|".join(sorted(month_parts, key=len, reverse=True)) + r")(?!\w)"
    weekday = alt(w for names in data["weekdays"] for w in names) + r"(?!\w)"
    suffixes = alt(data.get("day_suffixes") or [])
    day_words = alt(data.get("day_words") or {})
    day = rf"(?:(?:3[01]|[12]\d|0?[1-9])(?:{suffixes})?|{day_words})(?!\w)"
    # before 1900 only where ``old_year_after`` allows it alone ("in 1898"; see dates._fields)
    year = r"(?:19\d\d|20\d\d|2100|1[5-8]\d\d)(?!\w)"
    if data.get("spelled_years"):
        year = rf"(?:{year}|{_spelled_year_pattern(data['spelled_years'])}(?!\w))"
    dm = _lead(data.get("day_month_joiners") or [])
    my = _lead(data.get("month_year_joiners") or [])
    qual = _lead(p for ps in (data.get("qualifiers") or {}).values() for p in ps)
    pre = _lead(
        [*data.get("past_before", []), *data.get("future_before", []), *data.get("this", [])]
    )
    post = alt([*data.get("past_after", []), *data.get("future_after", [])])

    # "'98" anywhere; "octobre 98" only where the lexicon allows bare two-digit years
    apos = r"(?<![\w'])'\d\d(?!\w)"
    short = apos
    if data.get("bare_two_digit_years"):
        not_after = alt(data.get("not_year_before") or [])
        short += rf"|\d\d(?![\w%])(?!\s*[\d%])(?!\s+{not_after}(?!\w))"

    def year_slot(n: str) -> str:
        return rf"(?:{my})?(?:{g('y' + n, year)}|{g('ry' + n, relyear)}|{g('sy' + n, short)})"

    forms = [
        rf"(?:{g('wd1', weekday)},?\s+)?{g('d1', day)}\s+(?:{dm})?{g('m1', month)}"
        rf"(?:,?\s+{year_slot('1')})?",
        rf"(?:{g('wd2', weekday)},?\s+)?{g('m2', month)}\s+{g('d2', day)}"
        rf"(?:,?\s+(?:{g('y2', year)}|{g('sy2', apos)}))?",
        rf"{g('q3', qual)}?{g('m3', month)}(?:,?\s+{year_slot('3')})?",
        rf"{g('q4', qual)}?(?:{g('y4', year)}|{g('sy4', apos)}|{g('ry4', relyear)})",
        g("wd5", weekday),
    ]
    core = g("core", "|".join(f"(?:{f})" for f in forms))
    return rf"(?<!\w){g('pre', pre)}?{core}(?:\s+{g('post', post)})?(?!\w)"


def _spelled_year_pattern(spec: dict) -> str:
    """ "nineteen ninety-six", "nineteen oh five", "two thousand and one", "the year two
    thousand"; the words come from ``spelled_years`` in the lexicon."""
    century, tens, units = (alt(spec.get(k) or {}) for k in ("centuries", "tens", "units"))
    thousands = alt(spec.get("thousands") or {})
    zero, hundred, joiner = (alt(spec.get(k) or []) for k in ("zero", "hundred", "joiners"))
    two = rf"{tens}(?:[\s-]+{units})?"
    return (
        rf"(?:{century}\s+(?:{two}|{zero}\s+{units}|{hundred})"
        rf"|{thousands}(?:\s+{joiner})?\s+(?:{two}|{units})"
        rf"|{alt(spec.get('lead') or [])}\s+{thousands})"
    )


def spelled_year(text: str, spec: dict) -> int:
    """The value of a year ``_spelled_year_pattern`` matched: "nineteen ninety-six" is 1996."""
    words = norm(text.replace("-", " "))
    for lead in sorted(map(norm, spec.get("lead") or []), key=len, reverse=True):
        words = words.removeprefix(lead + " ")
    values = {norm(k): int(v) for k in ("tens", "units") for k, v in (spec.get(k) or {}).items()}
    for phrase, value in sorted((spec.get("thousands") or {}).items(), key=lambda kv: -len(kv[0])):
        if words.startswith(norm(phrase)):
            rest = words[len(norm(phrase)) :].split()
            return int(value) + sum(values.get(w, 0) for w in rest)
    first, *rest = words.split()
    centuries = {norm(k): int(v) for k, v in spec["centuries"].items()}
    return centuries[first] * 100 + sum(values.get(w, 0) for w in rest)


def _literals(template: str) -> tuple[str, ...]:
    """Words a pattern cannot match without; a text lacking one skips the pattern."""
    return tuple(w for w in re.split(r"\{n\}|\{unit\}|\s+", norm(template)) if w)


def _shift_pattern(template: str, numbers: str, units: str, alone: bool = False) -> re.Pattern:
    parts = []
    for token in re.split(r"(\{n\}|\{unit\})", norm(template)):
        if token == "{n}":
            parts.append(rf"(?P<n>{numbers}|\d{{1,3}})")
        elif token == "{unit}":
            parts.append(f"(?P<unit>{units})")
        elif token:
            parts.append(r"\s+".join(re.escape(w) for w in token.split(" ")))
    # alone: nothing but punctuation follows ("the day before." and not "the day before X")
    tail = r"(?=\s*(?:[.,;:!?)\"'»”]|$))" if alone else r"(?!\w)"
    return re.compile(r"(?<!\w)" + "".join(parts) + tail)


@cache
def compiled(language: str) -> Lexicon:
    data = lexicon.load("dates", language)
    if not data:
        raise ValueError(f"no date lexicon for language {language!r} (lexicon/<lang>/dates.yaml)")
    relative = {norm(k): v for k, v in (data.get("relative") or {}).items()}
    relyear = alt(k for k, v in relative.items() if set(v) == {"year"})
    atom = _atom_pattern(data, relyear, named=True)
    atom_nc = _atom_pattern(data, relyear, named=False)
    day = rf"(?:3[01]|[12]\d|0?[1-9])(?:{alt(data.get('day_suffixes') or [])})?(?!\w)"
    partial = rf"(?:{atom_nc}|(?<!\w){day})"
    ranges = [
        (
            re.compile(rf"(?<!\w){_lead([a])}(?P<a>{partial})\s+{_lead([b])}(?P<b>{atom_nc})"),
            _literals(f"{a} {b}"),
            None,
        )
        for a, b in data.get("ranges") or []
    ]
    ranges.append((re.compile(rf"(?P<a>{partial})\s*-\s*(?P<b>{atom_nc})"), ("-",), None))
    if data.get("day_range_joiners"):
        # "April 24-25", "May 3 to 5": the second day borrows the first one's month
        joiner = alt(data["day_range_joiners"])
        counted = alt(data.get("not_year_before") or [])
        tail = rf"(?!\w)(?!\s*[\d%])(?!\s+{counted}(?!\w))"
        gate = re.compile(rf"\d(?:\s*-\s*|\s+{joiner}\s+)\d")
        pattern = re.compile(rf"(?P<a>{atom_nc})(?:\s*-\s*|\s+{joiner}\s+)(?P<bd>{day}){tail}")
        ranges.append((pattern, (), gate))
    year_pair = r"(?<![\w.,/+-])(?P<a>(?:19|20)\d\d)\s*[-/]\s*(?P<yy>\d\d|(?:19|20)\d\d)(?![\w%/])"
    ranges.append((re.compile(year_pair), (), None))
    relative_alt = alt(relative)
    bounded = re.compile(
        r"(?<!\w)(?:"
        + "|".join(
            f"(?P<{k}>{_lead(data.get(k) or [])})" for k in ("until", "since", "before", "after")
        )
        + rf")(?P<a>{atom_nc}|{relative_alt}(?!\w))"
    )
    numbers = {}
    for word, value in (data.get("numbers") or {}).items():
        low, high = (value, value) if isinstance(value, int) else value
        numbers[norm(word)] = (int(low), int(high))
    units = {norm(w): unit for unit, ws in (data.get("units") or {}).items() for w in ws}
    shifts = tuple(
        (
            _shift_pattern(s["pattern"], alt(numbers), alt(units), bool(s.get("alone"))),
            s,
            _literals(s["pattern"]),
        )
        for s in data.get("shifts") or []
    )
    tenses = {norm(w): -1 for w in [*data.get("past_before", []), *data.get("past_after", [])]}
    tenses |= {norm(w): 1 for w in [*data.get("future_before", []), *data.get("future_after", [])]}
    tenses |= {norm(w): 0 for w in data.get("this") or []}
    before = [*data.get("past_before", []), *data.get("future_before", [])]
    after = [*data.get("past_after", []), *data.get("future_after", [])]
    return Lexicon(
        capitalized=bool(data.get("capitalized")),
        spelled_years=data.get("spelled_years") or {},
        months={norm(w): i + 1 for i, ws in enumerate(data["months"]) for w in ws},
        weekdays={norm(w): i for i, ws in enumerate(data["weekdays"]) for w in ws},
        day_words={norm(k): int(v) for k, v in (data.get("day_words") or {}).items()},
        qualifiers={norm(p): q for q, ps in (data.get("qualifiers") or {}).items() for p in ps},
        relative=relative,
        numbers=numbers,
        units=units,
        tenses=tenses,
        this=frozenset(norm(w) for w in data.get("this") or []),
        tense=tense_cues(data, norm),
        atom=re.compile(atom),
        relative_re=re.compile(rf"(?<!\w){relative_alt}(?!\w)"),
        holidays={norm(k): v for k, v in (data.get("holidays") or {}).items()},
        week_of=re.compile(rf"(?<!\w){_lead(data.get('week_of') or [])}(?P<a>{atom_nc})"),
        holiday_re=re.compile(
            rf"(?<!\w)(?P<pre>{_lead(before)})?(?P<name>{alt(data.get('holidays') or {})})"
            rf"(?:\s+(?P<post>{alt(after)}))?(?!\w)"
        ),
        ranges=tuple(ranges),
        bounded=bounded,
        shifts=shifts,
        old_year_context=re.compile(rf"(?<!\w){alt(data.get('old_year_after') or [])}\s+$"),
        alone_context=re.compile(rf"(?<!\w){alt(data.get('month_alone_after') or [])}\s+$"),
        not_year_after=re.compile(rf"(?<!\w){alt(data.get('not_year_after') or [])}\s*$"),
        not_year_before=re.compile(rf"^\s*{alt(data.get('not_year_before') or [])}(?!\w)"),
        not_year_before_long=re.compile(
            rf"^\s*{alt(data.get('not_year_before_four_digits') or [])}(?!\w)"
        ),
    )
