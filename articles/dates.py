"""Date expressions in article text, resolved to calendar spans.

``find_dates`` finds absolute dates ("21 July 2006", "mid-November 2020", "2022-2023"), dates
relative to the publication date ("on Tuesday", "la semaine dernière", "Thanksgiving"), dates
relative to another date in the same sentence ("a few weeks after … mid-November 2020") and
dates relative to the last date before them in the text ("le lendemain", "the same day", "the
following year"; the publication date when there is none). Every word comes from
``articles/lexicon/<lang>/dates.yaml``; a new language is a new YAML file.

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
* A bare four-digit number is a year only from 1900 to 2100 (from 1500 right after "in",
  "since"…: ``old_year_after``), and not when it reads as a count or a label ("Resolution
  2703", "2000 soldiers", "5+5", URLs, clock times).
* Matching is longest-first and mentions never overlap. A range, an open bound or a qualified
  period keeps the dates it is made of as ``parts`` ("1901" in "since 1901", "November" in
  "late November").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from articles.date_grammar import Lexicon, norm, spelled_year
from articles.date_grammar import compiled as _lexicon
from articles.date_rules import Period as _Period
from articles.date_rules import (
    Shift,
    base_of,
    nearest_holiday,
    nearest_year,
    relative_period,
    sentence_tense,
    shifted,
    two_digit_year,
)
from articles.date_rules import month_period as _month_period
from articles.date_rules import year_period as _year_period
from articles.text import fold
from articles.windows import DisjointSpans, SpanSet

PRECISIONS = ("day", "days", "month", "months", "year", "years", "unknown")
BASES = ("stated", "relative")
KINDS = ("point", "range", "until", "since")
MAX_YEAR = 2100

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
class _Candidate:
    start: int
    end: int
    kind: str = "point"
    period: _Period | None = None
    shift: Shift | None = None
    yields_to_shift: bool = False
    parts: tuple[tuple[int, int, _Period], ...] = ()


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


# Reading matches


def _fields(m: re.Match, lex: Lexicon, text: str, folded: str, standalone: bool) -> _Fields | None:
    """The parts of an atom match, or ``None`` when the match is not a plausible date."""
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    month_key = next((k for k in ("m1", "m2", "m3") if k in groups), None)
    weekday_key = next((k for k in ("wd1", "wd2", "wd5") if k in groups), None)
    if lex.capitalized and any(
        k and not text[m.start(k)].isupper() for k in (month_key, weekday_key)
    ):
        return None
    month = lex.months.get(norm(groups[month_key]).rstrip(".")) if month_key else None
    weekday = lex.weekdays.get(norm(groups[weekday_key])) if weekday_key else None
    day_text = groups.get("d1") or groups.get("d2")
    day = None
    if day_text:
        day = lex.day_words.get(norm(day_text)) or int(re.match(r"\d+", day_text).group())
    year_text = next((groups[k] for k in ("y1", "y2", "y3", "y4") if k in groups), None)
    short_text = next((groups[k] for k in ("sy1", "sy2", "sy3", "sy4") if k in groups), None)
    relyear = groups.get("ry1") or groups.get("ry3") or groups.get("ry4")
    year_offset = lex.relative[norm(relyear)]["year"] if relyear else None
    if month and "pre" in groups and norm(groups["pre"]) in lex.this and not year_text:
        year_offset = 0  # "this September": this year's
    qualifier = groups.get("q3") or groups.get("q4")
    tense = next((lex.tenses[norm(groups[k])] for k in ("pre", "post") if k in groups), 0)
    if (
        standalone
        and "m3" in groups
        and not (year_text or short_text or qualifier or tense or year_offset is not None)
        and not lex.alone_context.search(folded, max(0, m.start() - 40), m.start())
    ):
        return None
    if (
        "y4" in groups
        and year_text.isdigit()
        and int(year_text) < 1900
        and standalone
        and not lex.old_year_context.search(folded, max(0, m.start() - 40), m.start())
    ):
        return None  # "1850 soldiers"; but "in 1898"
    loose = 0
    if not (year_text or short_text or tense or year_offset is not None) and (
        month or weekday is not None
    ):
        loose = sentence_tense(folded, m.start(), m.end(), lex.tense, _sentence(text, m.start()))
    return _Fields(
        year=_year_value(year_text, lex) if year_text else None,
        short_year=int(short_text.lstrip("'")) if short_text else None,
        year_offset=year_offset,
        month=month,
        day=day,
        weekday=weekday,
        qualifier=lex.qualifiers.get(norm(qualifier)) if qualifier else None,
        tense=tense,
        loose=loose,
    )


def _year_value(year_text: str, lex: Lexicon) -> int:
    return int(year_text) if year_text.isdigit() else spelled_year(year_text, lex.spelled_years)


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


def _parse_atom(text: str, folded: str, start: int, end: int, lex: Lexicon) -> _Fields | None:
    m = lex.atom.fullmatch(folded, start, end)
    return _fields(m, lex, text, folded, standalone=False) if m else None


def _plausible(folded: str, start: int, end: int, lex: Lexicon) -> bool:
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


def _atoms(text: str, folded: str, published: date, lex: Lexicon) -> Iterable[_Candidate]:
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


def _relatives(folded: str, published: date, lex: Lexicon) -> Iterable[_Candidate]:
    for m in lex.relative_re.finditer(folded):
        period = relative_period(lex.relative[norm(m.group())], published)
        yield _Candidate(m.start(), m.end(), period=period)


def _holidays(text: str, folded: str, published: date, lex: Lexicon) -> Iterable[_Candidate]:
    """ "Thanksgiving Day", "last Christmas", "Pâques": the nearest one, like a yearless day."""
    for m in lex.holiday_re.finditer(folded):
        if lex.capitalized and not text[m.start("name")].isupper():
            continue
        modifier = m.group("pre") or m.group("post")
        strict = lex.tenses[norm(modifier)] if modifier else 0
        loose = 0
        if not strict:
            bounds = _sentence(text, m.start())
            loose = sentence_tense(folded, m.start(), m.end(), lex.tense, bounds)
        day = nearest_holiday(lex.holidays[norm(m.group("name"))], published, strict, loose)
        if day:
            yield _Candidate(m.start(), m.end(), period=_Period(day, day, "day", False))


def _weeks_of(text: str, folded: str, published: date, lex: Lexicon) -> Iterable[_Candidate]:
    """ "the week of March 6", "la semaine du 6 mars": the Monday-Sunday week holding that day."""
    for m in lex.week_of.finditer(folded):
        fields = _parse_atom(text, folded, m.start("a"), m.end("a"), lex)
        day = _resolve(fields, published) if fields and fields.day else None
        if day is None:
            continue
        monday = day.start - timedelta(days=day.start.weekday())
        week = _Period(monday, monday + timedelta(days=6), "days", day.stated)
        parts = ((m.start("a"), m.end("a"), day),)
        yield _Candidate(m.start(), m.end(), period=week, parts=parts)


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
    m: re.Match, text: str, folded: str, published: date, lex: Lexicon
) -> tuple[_Period, _Period] | None:
    """The first and last period of a range match, or ``None`` when they do not make a range."""
    if "yy" in m.groupdict():
        first = int(m.group("a"))
        yy = m.group("yy")
        last = int(yy) if len(yy) == 4 else first // 100 * 100 + int(yy)
        if not first < last <= MAX_YEAR:
            return None
        return _year_period(first, None, True), _year_period(last, None, True)
    if "bd" in m.groupdict():
        first = _parse_atom(text, folded, m.start("a"), m.end("a"), lex)
        if first is None or not (first.month and first.day):
            return None
        second = replace(first, day=int(re.match(r"\d+", m.group("bd")).group()), weekday=None)
        a, b = _resolve(first, published), _resolve(second, published)
        return (a, b) if a and b and a.start < b.start else None
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


def _ranges(text: str, folded: str, published: date, lex: Lexicon) -> Iterable[_Candidate]:
    for pattern, literals, gate in lex.ranges:
        if not all(w in folded for w in literals) or (gate and not gate.search(folded)):
            continue
        for m in pattern.finditer(folded):
            ends = _range_ends(m, text, folded, published, lex)
            if ends is None:
                continue
            a, b = ends
            base = min(
                base_of(a.precision), base_of(b.precision), key=["day", "month", "year"].index
            )
            period = _Period(a.start, b.end, base + "s", a.stated and b.stated)
            second = next(k for k in ("yy", "bd", "b") if k in m.groupdict())
            parts = ((m.start("a"), m.end("a"), a), (m.start(second), m.end(second), b))
            yield _Candidate(m.start(), m.end(), kind="range", period=period, parts=parts)


def _bounded(text: str, folded: str, published: date, lex: Lexicon) -> Iterable[_Candidate]:
    for m in lex.bounded.finditer(folded):
        start, end = m.start("a"), m.end("a")
        whole: tuple = ()
        if lex.relative_re.fullmatch(folded, start, end):
            period = relative_period(lex.relative[norm(m.group("a"))], published)
        else:
            fields = _parse_atom(text, folded, start, end, lex)
            period = _resolve(fields, published) if fields else None
            if period is not None and fields.qualifier:
                # "since early December" is also made of "December"
                whole = _qualified_part(lex.atom.fullmatch(folded, start, end), fields, published)
        if period is None:
            continue
        parts = ((start, end, period), *whole)
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


def _shifts(folded: str, lex: Lexicon) -> Iterable[_Candidate]:
    for pattern, spec, literals in lex.shifts:
        if not all(w in folded for w in literals):
            continue
        for m in pattern.finditer(folded):
            if "n" in pattern.groupindex:
                count = m.group("n")
                low, high = (int(count),) * 2 if count.isdigit() else lex.numbers[norm(count)]
                unit = lex.units[norm(m.group("unit"))]
            else:
                low = high = int(spec.get("n", 1))
                unit = spec["unit"]
            calendar = bool(spec.get("calendar"))
            sign, anchor = int(spec["sign"]), spec["anchor"]
            shift = Shift(low, high, low == high, unit, sign, anchor, calendar)
            yield _Candidate(m.start(), m.end(), shift=shift)


def _select(candidates: Iterable[_Candidate], folded: str, lex: Lexicon) -> list[_Candidate]:
    """Longest first (ties: earliest), never overlapping, numbers that only look like dates out.

    "after"/"before" opening a date give way to a shift using the same word: in "a week after
    21 July 2006" the mention is "a week after", anchored on "21 July 2006".
    """
    candidates = list(candidates)
    shifts = [c for c in candidates if c.shift is not None]
    shift_spans = SpanSet((o.start, o.end) for o in shifts)
    chosen: list[_Candidate] = []
    taken = DisjointSpans()
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if c.yields_to_shift and shift_spans.overlaps(c.start, c.end):
            continue
        if taken.overlaps(c.start, c.end):
            continue
        if c.shift is None and not _plausible(folded, c.start, c.end, lex):
            continue
        taken.add(c.start, c.end)
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
        *_holidays(text, folded, published, lex),
        *_weeks_of(text, folded, published, lex),
        *_ranges(text, folded, published, lex),
        *_bounded(text, folded, published, lex),
        *_shifts(folded, lex),
    ]
    chosen = _select(candidates, folded, lex)
    mentions: list[DateMention] = []
    stated: list[DateMention] = []
    for c in chosen:
        period = c.period
        if c.shift is not None:
            anchor = _anchor(c, chosen, folded, published)
            if c.shift.anchor in ("previous_day", "previous_date"):
                anchor = _earlier(mentions, c.shift.anchor == "previous_day", published)
            elif anchor is None and c.shift.anchor == "previous":
                # "three days later" with no date before it in its sentence: the last date the
                # text states (not one found by a shift), else the publication date
                anchor = _earlier(stated, False, published)
            period = shifted(anchor, c.shift) if anchor else None
        mentions.append(_mention(text, c, period))
        if c.shift is None and period is not None and period.stated:
            stated.append(mentions[-1])
    return mentions


def _earlier(mentions: list[DateMention], day_only: bool, published: date) -> _Period:
    """The last date resolved before in the text ("le lendemain", "the same day", "the following
    year"), of day precision for ``day_only``; the publication date when there is none."""
    for m in reversed(mentions):
        if m.kind == "point" and m.date_start and (m.precision == "day" or not day_only):
            return _Period(m.date_start, m.date_end, m.precision, m.basis == "stated")
    return _Period(published, published, "day", False)
