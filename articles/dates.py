"""Date expressions in article text, resolved to calendar spans.

``find_dates`` finds absolute dates ("21 July 2006", "mid-November 2020", "2022-2023"), dates
relative to the publication date ("on Tuesday", "la semaine dernière") and dates relative to
another date in the same sentence ("a few weeks after … mid-November 2020"). Every word comes
from ``articles/lexicon/<lang>/dates.yaml``; a new language is a new YAML file.

Conventions:

* ``date_end`` is inclusive. Open ends are ``None``: "until 2024" has ``date_start=None`` and
  ``date_end=2024-12-31`` (kind "until"); "since 2020" has ``date_end=None`` (kind "since").
  "before X" ends the day before X starts; "after X" starts the day after X ends.
* A weekday alone ("on Tuesday") is the latest one on or before the publication date, or the
  next one on or after it in a future sentence ("will meet on Monday"); "last"/"dernier" makes
  it strictly before, "next"/"prochain" strictly after. A day or month without a year ("le 3
  mai", "in March") is the nearest one, in the direction of the tense when the sentence shows
  one; a stated weekday can settle the year (``articles/date_rules.py``). Such dates have basis
  "relative". Two-digit years ("octobre 98", "'05") are stated.
* early/mid/late split a month into days 1-10, 11-20 and 21-end ("days"), and a year into
  January-April, May-August and September-December ("months").
* A shift by an exact count ("two weeks after") is widened by a fifth of its length from a week
  up (±3 days for two weeks); a vague count ("a few weeks") is a range (2 to 6 weeks). A shift
  marked ``calendar`` ("two years ago", "il y a six semaines") names the calendar unit it lands
  in: that year, month, Monday-Sunday week or day.
* A bare four-digit number is a year only from 1900 to 2100, and not when it reads as a count or
  a label ("Resolution 2703", "2000 soldiers", "5+5", URLs, clock times).
* Matching is longest-first and mentions never overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from articles import lexicon
from articles.date_rules import Period as _Period
from articles.date_rules import TenseCues, nearest_year, sentence_tense, tense_cues, two_digit_year
from articles.date_rules import add_months as _add_months
from articles.date_rules import month_end as _month_end
from articles.date_rules import month_period as _month_period
from articles.date_rules import year_period as _year_period
from articles.text import fold

PRECISIONS = ("day", "days", "month", "months", "year", "years", "unknown")
BASES = ("stated", "relative")
KINDS = ("point", "range", "until", "since")
MAX_YEAR = 2100

_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_NUMBERISH_BEFORE = re.compile(r"(?:[\d+/:#]|\d[.,\-]|\d\s+)$")
_NUMBERISH_AFTER = re.compile(r"^(?:[\d+%]|[.,:/\-]\d)")
_NUMBER_RUN_AFTER = re.compile(r"^\s+\d")
_TENSE_SENTENCE_END = re.compile(r"[.!?;][\"'»”)]?(?=\s+[A-Z«\"“])|\n")
_ADDRESSY = re.compile(r"[/@_=\\]|www\.|\.html?\b")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date_start: date | None
    date_end: date | None
    precision: str
    basis: str
    kind: str
    # The dates a range, an open bound or a part of a period is made of: "1994" and "1997" in
    # "between 1994 and 1997", "1901" in "since 1901", "November" in "late November" (each a
    # point mention with its own offsets)
    parts: tuple[DateMention, ...] = ()


@dataclass(frozen=True)
class _Fields:
    """What one date expression says, before it is placed on the calendar."""

    year: int | None = None
    year_offset: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    qualifier: str | None = None
    tense: int = 0
    short_year: int | None = None
    loose: int = 0


@dataclass(frozen=True)
class _Shift:
    low: int
    high: int
    exact: bool
    unit: str
    sign: int
    anchor: str
    calendar: bool = False


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    kind: str = "point"
    period: _Period | None = None
    shift: _Shift | None = None
    yields_to_shift: bool = False
    parts: tuple[tuple[int, int, _Period], ...] = ()


@dataclass(frozen=True)
class _Lexicon:
    capitalized: bool
    months: dict[str, int]
    weekdays: dict[str, int]
    day_words: dict[str, int]
    qualifiers: dict[str, str]
    relative: dict[str, dict]
    numbers: dict[str, tuple[int, int]]
    units: dict[str, str]
    tenses: dict[str, int]
    tense: TenseCues
    atom: re.Pattern
    relative_re: re.Pattern
    ranges: tuple[tuple[re.Pattern, tuple[str, ...]], ...]
    bounded: re.Pattern
    shifts: tuple[tuple[re.Pattern, dict, tuple[str, ...]], ...]
    alone_context: re.Pattern
    not_year_after: re.Pattern
    not_year_before: re.Pattern
    not_year_before_long: re.Pattern


def _norm(phrase: str) -> str:
    return " ".join(fold(str(phrase)).split())


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in _norm(phrase).split(" "))


def _alt(phrases: Iterable[str]) -> str:
    """Alternation of whole phrases, longest first; never matches when empty."""
    unique = sorted({_norm(p) for p in phrases if _norm(p)}, key=len, reverse=True)
    return "(?:" + "|".join(_words(p) for p in unique) + ")" if unique else "(?!)"


def _lead(phrases: Iterable[str]) -> str:
    """Alternation of phrases that lead into what follows: "mid-" may be glued, "mid" may not."""
    unique = sorted({_norm(p) for p in phrases if _norm(p)}, key=len, reverse=True)
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
    weekday = _alt(w for names in data["weekdays"] for w in names) + r"(?!\w)"
    suffixes = _alt(data.get("day_suffixes") or [])
    day_words = _alt(data.get("day_words") or {})
    day = rf"(?:(?:3[01]|[12]\d|0?[1-9])(?:{suffixes})?|{day_words})(?!\w)"
    year = r"(?:19\d\d|20\d\d|2100)(?!\w)"
    dm = _lead(data.get("day_month_joiners") or [])
    my = _lead(data.get("month_year_joiners") or [])
    qual = _lead(p for ps in (data.get("qualifiers") or {}).values() for p in ps)
    pre = _lead([*data.get("past_before", []), *data.get("future_before", [])])
    post = _alt([*data.get("past_after", []), *data.get("future_after", [])])

    # "'98" anywhere; "octobre 98" only where the lexicon allows bare two-digit years
    apos = r"'\d\d(?!\w)"
    short = apos
    if data.get("bare_two_digit_years"):
        not_after = _alt(data.get("not_year_before") or [])
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


def _literals(template: str) -> tuple[str, ...]:
    """Words a pattern cannot match without; a text lacking one skips the pattern."""
    return tuple(w for w in re.split(r"\{n\}|\{unit\}|\s+", _norm(template)) if w)


def _shift_pattern(template: str, numbers: str, units: str, alone: bool = False) -> re.Pattern:
    parts = []
    for token in re.split(r"(\{n\}|\{unit\})", _norm(template)):
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
def _lexicon(language: str) -> _Lexicon:
    data = lexicon.load("dates", language)
    if not data:
        raise ValueError(f"no date lexicon for language {language!r} (lexicon/<lang>/dates.yaml)")
    relative = {_norm(k): v for k, v in (data.get("relative") or {}).items()}
    relyear = _alt(k for k, v in relative.items() if set(v) == {"year"})
    atom = _atom_pattern(data, relyear, named=True)
    atom_nc = _atom_pattern(data, relyear, named=False)
    day = rf"(?:3[01]|[12]\d|0?[1-9])(?:{_alt(data.get('day_suffixes') or [])})?(?!\w)"
    partial = rf"(?:{atom_nc}|(?<!\w){day})"
    ranges = [
        (
            re.compile(rf"(?<!\w){_lead([a])}(?P<a>{partial})\s+{_lead([b])}(?P<b>{atom_nc})"),
            _literals(f"{a} {b}"),
        )
        for a, b in data.get("ranges") or []
    ]
    ranges.append((re.compile(rf"(?P<a>{partial})\s*-\s*(?P<b>{atom_nc})"), ("-",)))
    year_pair = r"(?<![\w.,/+-])(?P<a>(?:19|20)\d\d)\s*[-/]\s*(?P<yy>\d\d)(?![\w%])"
    ranges.append((re.compile(year_pair), ()))
    relative_alt = _alt(relative)
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
        numbers[_norm(word)] = (int(low), int(high))
    units = {_norm(w): unit for unit, ws in (data.get("units") or {}).items() for w in ws}
    shifts = tuple(
        (
            _shift_pattern(s["pattern"], _alt(numbers), _alt(units), bool(s.get("alone"))),
            s,
            _literals(s["pattern"]),
        )
        for s in data.get("shifts") or []
    )
    tenses = {_norm(w): -1 for w in [*data.get("past_before", []), *data.get("past_after", [])]}
    tenses |= {_norm(w): 1 for w in [*data.get("future_before", []), *data.get("future_after", [])]}
    return _Lexicon(
        capitalized=bool(data.get("capitalized")),
        months={_norm(w): i + 1 for i, ws in enumerate(data["months"]) for w in ws},
        weekdays={_norm(w): i for i, ws in enumerate(data["weekdays"]) for w in ws},
        day_words={_norm(k): int(v) for k, v in (data.get("day_words") or {}).items()},
        qualifiers={_norm(p): q for q, ps in (data.get("qualifiers") or {}).items() for p in ps},
        relative=relative,
        numbers=numbers,
        units=units,
        tenses=tenses,
        tense=tense_cues(data, _norm),
        atom=re.compile(atom),
        relative_re=re.compile(rf"(?<!\w){relative_alt}(?!\w)"),
        ranges=tuple(ranges),
        bounded=bounded,
        shifts=shifts,
        alone_context=re.compile(rf"(?<!\w){_alt(data.get('month_alone_after') or [])}\s+$"),
        not_year_after=re.compile(rf"(?<!\w){_alt(data.get('not_year_after') or [])}\s*$"),
        not_year_before=re.compile(rf"^\s*{_alt(data.get('not_year_before') or [])}(?!\w)"),
        not_year_before_long=re.compile(
            rf"^\s*{_alt(data.get('not_year_before_four_digits') or [])}(?!\w)"
        ),
    )


def _resolve(fields: _Fields, published: date) -> _Period | None:
    """Place a date expression on the calendar; ``None`` when it names no real date."""
    year = fields.year
    if fields.short_year is not None:
        year = two_digit_year(fields.short_year, published)
    if fields.year_offset is not None:
        year = published.year + fields.year_offset
    stated = year is not None and fields.year_offset is None
    try:
        if fields.month:
            if year is None:
                weekday = fields.weekday if fields.day else None
                year = nearest_year(
                    fields.month, fields.day, published, fields.tense, fields.loose, weekday
                )
                if year is None:
                    return None
            if fields.day:
                day = date(year, fields.month, fields.day)
                return _Period(day, day, "day", stated)
            return _month_period(year, fields.month, fields.qualifier, stated)
    except ValueError:
        return None
    if year is not None:
        return _year_period(year, fields.qualifier, stated)
    if fields.weekday is not None:
        back = (published.weekday() - fields.weekday) % 7
        if fields.tense < 0:
            back = back or 7
        elif fields.tense > 0:
            back = -((fields.weekday - published.weekday()) % 7 or 7)
        elif fields.loose > 0:
            back = -((fields.weekday - published.weekday()) % 7)
        day = published - timedelta(days=back)
        return _Period(day, day, "day", False)
    return None


def _relative_period(spec: dict, published: date) -> _Period:
    """``{"week": -1}`` is last Monday-Sunday week; ``{"days": [1, 7]}`` the coming week;
    ``{"year": 0, "part": "late"}`` the end of this year."""
    if "part" in spec:
        ((key, value),) = ((k, v) for k, v in spec.items() if k != "part")
        if key == "year":
            return _year_period(published.year + value, spec["part"], False)
        first = _add_months(published, value)
        return _month_period(first.year, first.month, spec["part"], False)
    ((key, value),) = spec.items()
    low, high = (value, value) if isinstance(value, int) else value
    unit = key.rstrip("s")
    if unit == "day":
        start, end = published + timedelta(days=low), published + timedelta(days=high)
    elif unit == "week":
        monday = published - timedelta(days=published.weekday())
        start, end = monday + timedelta(weeks=low), monday + timedelta(weeks=high, days=6)
    elif unit == "month":
        start = _add_months(published, low)
        end = _add_months(published, high + 1) - timedelta(days=1)
    else:
        start, end = date(published.year + low, 1, 1), date(published.year + high, 12, 31)
    return _Period(start, end, _precision(start, end, "day" if unit == "week" else unit), False)


def _precision(start: date, end: date, base: str) -> str:
    same = {
        "day": start == end,
        "month": (start.year, start.month) == (end.year, end.month),
        "year": start.year == end.year,
    }[base]
    return base if same else base + "s"


def _base(precision: str) -> str:
    return precision.rstrip("s") if precision != "unknown" else "day"


def _calendar_unit(anchor: date, shift: _Shift) -> _Period:
    """ "two years ago" is the calendar year two years back, "six weeks ago" that Monday-Sunday
    week, "five months ago" that month, "ten days ago" that day."""
    n = shift.low * shift.sign
    if shift.unit == "year":
        return _year_period(anchor.year + n, None, False)
    if shift.unit == "month":
        first = _add_months(anchor, n)
        return _month_period(first.year, first.month, None, False)
    if shift.unit == "week":
        day = anchor + timedelta(weeks=n)
        monday = day - timedelta(days=day.weekday())
        return _Period(monday, monday + timedelta(days=6), "days", False)
    day = anchor + timedelta(days=n)
    return _Period(day, day, "day", False)


_FINENESS = {"day": 0, "week": 0, "month": 1, "year": 2}


def _shifted(anchor: _Period, shift: _Shift) -> _Period:
    fine_enough = _FINENESS[_base(anchor.precision)] <= _FINENESS[shift.unit]
    if shift.calendar and shift.exact and (anchor.start == anchor.end or fine_enough):
        return replace(_calendar_unit(anchor.start, shift), stated=anchor.stated)
    if shift.unit in ("month", "year") and _base(anchor.precision) in ("month", "year"):
        step = 12 if shift.unit == "year" else 1
        if shift.sign > 0:
            start = _add_months(anchor.start, shift.low * step)
            last = _add_months(anchor.end, shift.high * step)
        else:
            start = _add_months(anchor.start, -shift.high * step)
            last = _add_months(anchor.end, -shift.low * step)
        end = _month_end(last.year, last.month)
        base = "year" if shift.unit == "year" and _base(anchor.precision) == "year" else "month"
        return _Period(start, end, _precision(start, end, base), anchor.stated)
    low, high = shift.low * _UNIT_DAYS[shift.unit], shift.high * _UNIT_DAYS[shift.unit]
    slack = round(low / 5) if shift.exact and low >= 7 else 0
    if shift.sign > 0:
        start, end = anchor.start + timedelta(low - slack), anchor.end + timedelta(high + slack)
    else:
        start, end = anchor.start - timedelta(high + slack), anchor.end - timedelta(low - slack)
    return _Period(start, end, _precision(start, end, "day"), anchor.stated)


# Reading matches


def _fields(m: re.Match, lex: _Lexicon, text: str, folded: str, standalone: bool) -> _Fields | None:
    """The parts of an atom match, or ``None`` when the match is not a plausible date."""
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    month_key = next((k for k in ("m1", "m2", "m3") if k in groups), None)
    weekday_key = next((k for k in ("wd1", "wd2", "wd5") if k in groups), None)
    if lex.capitalized and any(
        k and not text[m.start(k)].isupper() for k in (month_key, weekday_key)
    ):
        return None
    month = lex.months.get(_norm(groups[month_key]).rstrip(".")) if month_key else None
    weekday = lex.weekdays.get(_norm(groups[weekday_key])) if weekday_key else None
    day_text = groups.get("d1") or groups.get("d2")
    day = None
    if day_text:
        day = lex.day_words.get(_norm(day_text)) or int(re.match(r"\d+", day_text).group())
    year_text = next((groups[k] for k in ("y1", "y2", "y3", "y4") if k in groups), None)
    short_text = next((groups[k] for k in ("sy1", "sy2", "sy3", "sy4") if k in groups), None)
    relyear = groups.get("ry1") or groups.get("ry3") or groups.get("ry4")
    year_offset = lex.relative[_norm(relyear)]["year"] if relyear else None
    qualifier = groups.get("q3") or groups.get("q4")
    tense = next((lex.tenses[_norm(groups[k])] for k in ("pre", "post") if k in groups), 0)
    if (
        standalone
        and "m3" in groups
        and not (year_text or short_text or relyear or qualifier or tense)
        and not lex.alone_context.search(folded, max(0, m.start() - 40), m.start())
    ):
        return None
    loose = 0
    if not (year_text or short_text or relyear or tense) and (month or weekday is not None):
        loose = sentence_tense(folded, m.start(), m.end(), lex.tense, _sentence(text, m.start()))
    return _Fields(
        year=int(year_text) if year_text else None,
        short_year=int(short_text.lstrip("'")) if short_text else None,
        year_offset=year_offset,
        month=month,
        day=day,
        weekday=weekday,
        qualifier=lex.qualifiers.get(_norm(qualifier)) if qualifier else None,
        tense=tense,
        loose=loose,
    )


def _sentence(text: str, at: int) -> tuple[int, int]:
    """The bounds of the sentence around ``at``; "Jan. 13" does not end one."""
    ends = [m.end() for m in _TENSE_SENTENCE_END.finditer(text, max(0, at - 400), at)]
    stop = _TENSE_SENTENCE_END.search(text, at, at + 400)
    return (ends[-1] if ends else max(0, at - 400)), (
        stop.start() if stop else min(len(text), at + 400)
    )


def _span(m: re.Match, fields: _Fields) -> tuple[int, int]:
    """A modifier ("last", "dernier") belongs to the mention only when there is no year."""
    if fields.year is None and fields.year_offset is None and fields.short_year is None:
        return m.start(), m.end()
    return m.start("core"), m.end("core")


def _parse_atom(text: str, folded: str, start: int, end: int, lex: _Lexicon) -> _Fields | None:
    m = lex.atom.fullmatch(folded, start, end)
    return _fields(m, lex, text, folded, standalone=False) if m else None


def _plausible(folded: str, start: int, end: int, lex: _Lexicon) -> bool:
    """Reject numbers that only look like dates: "Resolution 2020", "2020 soldiers", "5+2021"."""
    token_start = max(folded.rfind(" ", 0, start), folded.rfind("\n", 0, start)) + 1
    token_end = min(
        i for i in (folded.find(" ", end), folded.find("\n", end), len(folded)) if i >= 0
    )
    if _ADDRESSY.search(folded[token_start:start] + " " + folded[end:token_end]):
        return False
    if folded[start].isdigit():
        before = folded[max(0, start - 40) : start]
        if _NUMBERISH_BEFORE.search(before) or lex.not_year_after.search(before):
            return False
    if folded[end - 1].isdigit():
        after = folded[end : end + 40]
        if _NUMBERISH_AFTER.match(after) or lex.not_year_before.match(after):
            return False
        # "2000 killed" is a count, "on Aug. 7 killed 258 people" a day
        if re.search(r"\d{4}$", folded[start:end]) and lex.not_year_before_long.match(after):
            return False
        if folded[start:end].isdigit() and _NUMBER_RUN_AFTER.match(after):
            return False
    return True


def _atoms(text: str, folded: str, published: date, lex: _Lexicon) -> Iterable[_Candidate]:
    for m in lex.atom.finditer(folded):
        fields = _fields(m, lex, text, folded, standalone=True)
        period = _resolve(fields, published) if fields else None
        if period:
            start, end = _span(m, fields)
            yield _Candidate(start, end, period=period, parts=_qualified_part(m, fields, published))


def _qualified_part(m: re.Match, fields: _Fields, published: date) -> tuple:
    """ "late November" is made of "November": the whole month (or year) it qualifies."""
    if fields.qualifier is None:
        return ()
    whole = _resolve(replace(fields, qualifier=None), published)
    key = next((k for k in ("m3", "y4", "sy4", "ry4") if m.group(k) is not None), None)
    if whole is None or key is None:
        return ()
    return ((m.start(key), m.end("core"), whole),)


def _relatives(folded: str, published: date, lex: _Lexicon) -> Iterable[_Candidate]:
    for m in lex.relative_re.finditer(folded):
        period = _relative_period(lex.relative[_norm(m.group())], published)
        yield _Candidate(m.start(), m.end(), period=period)


def _fill(partial: _Fields, full: _Fields) -> _Fields:
    """Complete a range's first half from its second: "du 3 au 5 mai 2023", "March to May 2023"."""
    if partial.month is None and partial.year is None and partial.weekday is None:
        return replace(full, day=partial.day, qualifier=None, weekday=None)
    if partial.year is None and partial.year_offset is None and partial.short_year is None:
        return replace(
            partial, year=full.year, year_offset=full.year_offset, short_year=full.short_year
        )
    return partial


def _range_ends(
    m: re.Match, text: str, folded: str, published: date, lex: _Lexicon
) -> tuple[_Period, _Period] | None:
    """The first and last period of a range match, or ``None`` when they do not make a range."""
    if "yy" in m.groupdict():
        first = int(m.group("a"))
        last = first // 100 * 100 + int(m.group("yy"))
        if not first < last <= MAX_YEAR:
            return None
        return _year_period(first, None, True), _year_period(last, None, True)
    full = _parse_atom(text, folded, m.start("b"), m.end("b"), lex)
    if m.group("a")[0].isdigit() and not lex.atom.fullmatch(folded, m.start("a"), m.end("a")):
        partial = _Fields(day=int(re.match(r"\d+", m.group("a")).group()))
    else:
        partial = _parse_atom(text, folded, m.start("a"), m.end("a"), lex)
    if full is None or partial is None or (partial.day and not full.day):
        return None
    b = _resolve(full, published)
    a = _resolve(_fill(partial, full), published)
    if a and b and a.start > b.start and partial.month and partial.year is None:
        a = _resolve(replace(_fill(partial, full), year=b.start.year - 1), published)
    if not (a and b) or a.start > b.start or a.end >= b.end:
        return None
    return a, b


def _ranges(text: str, folded: str, published: date, lex: _Lexicon) -> Iterable[_Candidate]:
    for pattern, literals in lex.ranges:
        if not all(w in folded for w in literals):
            continue
        for m in pattern.finditer(folded):
            ends = _range_ends(m, text, folded, published, lex)
            if ends is None:
                continue
            a, b = ends
            base = min(_base(a.precision), _base(b.precision), key=["day", "month", "year"].index)
            period = _Period(a.start, b.end, base + "s", a.stated and b.stated)
            second = "yy" if "yy" in m.groupdict() else "b"
            parts = ((m.start("a"), m.end("a"), a), (m.start(second), m.end(second), b))
            yield _Candidate(m.start(), m.end(), kind="range", period=period, parts=parts)


def _bounded(text: str, folded: str, published: date, lex: _Lexicon) -> Iterable[_Candidate]:
    for m in lex.bounded.finditer(folded):
        start, end = m.start("a"), m.end("a")
        if lex.relative_re.fullmatch(folded, start, end):
            period = _relative_period(lex.relative[_norm(m.group("a"))], published)
        else:
            fields = _parse_atom(text, folded, start, end, lex)
            period = _resolve(fields, published) if fields else None
        if period is None:
            continue
        parts = ((start, end, period),)
        one_day = timedelta(days=1)
        if m.group("until"):
            period, kind = replace(period, start=None), "until"
        elif m.group("before"):
            period, kind = replace(period, start=None, end=period.start - one_day), "until"
        elif m.group("since"):
            period, kind = replace(period, end=None), "since"
        else:
            period, kind = replace(period, start=period.end + one_day, end=None), "since"
        yields = bool(m.group("before") or m.group("after"))
        yield _Candidate(
            m.start(), m.end(), kind=kind, period=period, yields_to_shift=yields, parts=parts
        )


def _shifts(folded: str, lex: _Lexicon) -> Iterable[_Candidate]:
    for pattern, spec, literals in lex.shifts:
        if not all(w in folded for w in literals):
            continue
        for m in pattern.finditer(folded):
            if "n" in pattern.groupindex:
                count = m.group("n")
                low, high = (int(count),) * 2 if count.isdigit() else lex.numbers[_norm(count)]
                unit = lex.units[_norm(m.group("unit"))]
            else:
                low = high = int(spec.get("n", 1))
                unit = spec["unit"]
            calendar = bool(spec.get("calendar"))
            sign, anchor = int(spec["sign"]), spec["anchor"]
            shift = _Shift(low, high, low == high, unit, sign, anchor, calendar)
            yield _Candidate(m.start(), m.end(), shift=shift)


def _select(candidates: Iterable[_Candidate], folded: str, lex: _Lexicon) -> list[_Candidate]:
    """Longest first (ties: earliest), never overlapping, numbers that only look like dates out.

    "after"/"before" opening a date give way to a shift using the same word: in "a week after
    21 July 2006" the mention is "a week after", anchored on "21 July 2006".
    """
    candidates = list(candidates)
    shifts = [c for c in candidates if c.shift is not None]
    chosen: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if c.yields_to_shift and any(c.start < o.end and o.start < c.end for o in shifts):
            continue
        if any(c.start < o.end and o.start < c.end for o in chosen):
            continue
        if c.shift is None and not _plausible(folded, c.start, c.end, lex):
            continue
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _anchor(
    c: _Candidate, chosen: list[_Candidate], folded: str, published: date
) -> _Period | None:
    if c.shift.anchor == "published":
        return _Period(published, published, "day", False)
    if c.shift.anchor.startswith("previous_"):
        return None
    dated = [o for o in chosen if o.shift is None and o.kind in ("point", "range")]
    if c.shift.anchor == "next":
        stop = _SENTENCE_END.search(folded, c.end)
        limit = stop.start() if stop else len(folded)
        return next((o.period for o in dated if c.end <= o.start < limit), None)
    ends = [m.end() for m in _SENTENCE_END.finditer(folded, 0, c.start)]
    floor = ends[-1] if ends else 0
    return next((o.period for o in reversed(dated) if floor <= o.start and o.end <= c.start), None)


def _mention(text: str, c: _Candidate, period: _Period | None) -> DateMention:
    parts = tuple(_mention(text, _Candidate(s, e), p) for s, e, p in c.parts)
    return DateMention(
        start=c.start,
        end=c.end,
        text=text[c.start : c.end],
        date_start=period.start if period else None,
        date_end=period.end if period else None,
        precision=period.precision if period else "unknown",
        # "a few weeks after mid-November 2020" rests on the text only: stated, like its anchor
        basis="stated" if period and period.stated else "relative",
        kind=c.kind,
        parts=parts,
    )


def find_dates(text: str, published: date, language: str) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``published``, in text order.

    Raises ``ValueError`` for a language without ``lexicon/<language>/dates.yaml``.
    """
    lex = _lexicon(language)
    folded = fold(text)
    candidates = [
        *_atoms(text, folded, published, lex),
        *_relatives(folded, published, lex),
        *_ranges(text, folded, published, lex),
        *_bounded(text, folded, published, lex),
        *_shifts(folded, lex),
    ]
    chosen = _select(candidates, folded, lex)
    mentions: list[DateMention] = []
    for c in chosen:
        period = c.period
        if c.shift is not None:
            anchor = _anchor(c, chosen, folded, published)
            if c.shift.anchor in ("previous_day", "previous_date") or (
                anchor is None and c.shift.anchor == "previous"
            ):
                # "three days later" with no date before it in its sentence: the date before
                anchor = _earlier(mentions, c.shift.anchor == "previous_day", published)
            period = _shifted(anchor, c.shift) if anchor else None
        mentions.append(_mention(text, c, period))
    return mentions


def _earlier(mentions: list[DateMention], day_only: bool, published: date) -> _Period:
    """The last date resolved before in the text ("le lendemain", "the same day", "the following
    year"), of day precision for ``day_only``; the publication date when there is none."""
    for m in reversed(mentions):
        if m.kind == "point" and m.date_start and (m.precision == "day" or not day_only):
            return _Period(m.date_start, m.date_end, m.precision, m.basis == "stated")
    return _Period(published, published, "day", False)
