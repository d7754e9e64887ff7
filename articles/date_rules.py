"""Calendar rules for ``articles.dates``: periods, periods relative to the publication date or
to another date (shifts), years left unsaid, two-digit years, the tense around a date.

Pure functions on dates and folded text; the words come from ``lexicon/<lang>/dates.yaml``.

* A day and month without a year ("30 June", "samedi 5 juin") take the year, among the
  publication year and the one on either side, that puts them nearest the publication date. A
  direction narrows the choice: "last"/"dernier" makes it strictly before, "next"/"prochain"
  strictly after, and the tense of the sentence ("will meet", "se réunira" / "met", "s'est
  réuni") on or after / on or before, unless the nearest is within two weeks of publication
  ("extended to Oct. 31" four days ahead). A stated weekday that only one candidate year agrees
  with wins over the tense. A month without a year is placed the same way, by its distance to the
  publication date (nil when the publication falls in it).
* A two-digit year ("octobre 98", "in '05") is in the century that puts it nearest the
  publication year, but never more than ten years after it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

FUTURE_SLACK_YEARS = 10
# A date this close to the publication date keeps its year whatever the tense ("extended to
# Oct. 31" in an article of 27 October is four days ahead, not a year back)
TENSE_IGNORED_WITHIN_DAYS = 14
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None
    precision: str
    stated: bool


# Calendar arithmetic


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """First day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def year_period(year: int, qualifier: str | None, stated: bool) -> Period:
    if qualifier is None:
        return Period(date(year, 1, 1), date(year, 12, 31), "year", stated)
    first = {"early": 1, "mid": 5, "late": 9}[qualifier]
    return Period(date(year, first, 1), month_end(year, first + 3), "months", stated)


def month_period(year: int, month: int, qualifier: str | None, stated: bool) -> Period:
    end = month_end(year, month)
    if qualifier is None:
        return Period(date(year, month, 1), end, "month", stated)
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, end.day)}[qualifier]
    return Period(date(year, month, first), date(year, month, last), "days", stated)


# Shifts and spans relative to a date


@dataclass(frozen=True)
class Shift:
    low: int
    high: int
    exact: bool
    unit: str
    sign: int
    anchor: str
    calendar: bool = False


def relative_period(spec: dict, published: date) -> Period:
    """``{"week": -1}`` is last Monday-Sunday week; ``{"days": [1, 7]}`` the coming week;
    ``{"year": 0, "part": "late"}`` the end of this year."""
    if "part" in spec:
        ((key, value),) = ((k, v) for k, v in spec.items() if k != "part")
        if key == "year":
            return year_period(published.year + value, spec["part"], False)
        first = add_months(published, value)
        return month_period(first.year, first.month, spec["part"], False)
    ((key, value),) = spec.items()
    low, high = (value, value) if isinstance(value, int) else value
    unit = key.rstrip("s")
    if unit == "day":
        start, end = published + timedelta(days=low), published + timedelta(days=high)
    elif unit == "week":
        monday = published - timedelta(days=published.weekday())
        start, end = monday + timedelta(weeks=low), monday + timedelta(weeks=high, days=6)
    elif unit == "month":
        start = add_months(published, low)
        end = add_months(published, high + 1) - timedelta(days=1)
    else:
        start, end = date(published.year + low, 1, 1), date(published.year + high, 12, 31)
    return Period(start, end, precision_of(start, end, "day" if unit == "week" else unit), False)


def precision_of(start: date, end: date, base: str) -> str:
    same = {
        "day": start == end,
        "month": (start.year, start.month) == (end.year, end.month),
        "year": start.year == end.year,
    }[base]
    return base if same else base + "s"


def base_of(precision: str) -> str:
    return precision.rstrip("s") if precision != "unknown" else "day"


def _calendar_unit(anchor: date, shift: Shift) -> Period:
    """ "two years ago" is the calendar year two years back, "six weeks ago" that Monday-Sunday
    week, "five months ago" that month, "ten days ago" that day."""
    n = shift.low * shift.sign
    if shift.unit == "year":
        return year_period(anchor.year + n, None, False)
    if shift.unit == "month":
        first = add_months(anchor, n)
        return month_period(first.year, first.month, None, False)
    if shift.unit == "week":
        day = anchor + timedelta(weeks=n)
        monday = day - timedelta(days=day.weekday())
        return Period(monday, monday + timedelta(days=6), "days", False)
    day = anchor + timedelta(days=n)
    return Period(day, day, "day", False)


_FINENESS = {"day": 0, "week": 0, "month": 1, "year": 2}


def shifted(anchor: Period, shift: Shift) -> Period:
    fine_enough = _FINENESS[base_of(anchor.precision)] <= _FINENESS[shift.unit]
    if shift.calendar and shift.exact and (anchor.start == anchor.end or fine_enough):
        return replace(_calendar_unit(anchor.start, shift), stated=anchor.stated)
    if shift.unit in ("month", "year") and base_of(anchor.precision) in ("month", "year"):
        step = 12 if shift.unit == "year" else 1
        if shift.sign > 0:
            start = add_months(anchor.start, shift.low * step)
            last = add_months(anchor.end, shift.high * step)
        else:
            start = add_months(anchor.start, -shift.high * step)
            last = add_months(anchor.end, -shift.low * step)
        end = month_end(last.year, last.month)
        base = "year" if shift.unit == "year" and base_of(anchor.precision) == "year" else "month"
        return Period(start, end, precision_of(start, end, base), anchor.stated)
    low, high = shift.low * _UNIT_DAYS[shift.unit], shift.high * _UNIT_DAYS[shift.unit]
    slack = round(low / 5) if shift.exact and low >= 7 else 0
    if shift.sign > 0:
        start, end = anchor.start + timedelta(low - slack), anchor.end + timedelta(high + slack)
    else:
        start, end = anchor.start - timedelta(high + slack), anchor.end - timedelta(low - slack)
    return Period(start, end, precision_of(start, end, "day"), anchor.stated)


# Years left unsaid


def _distance(start: date, end: date, published: date) -> int:
    if start <= published <= end:
        return 0
    return (start - published).days if start > published else (published - end).days


def _allowed(start: date, end: date, published: date, strict: int, loose: int) -> bool:
    if strict > 0:
        return start > published
    if strict < 0:
        return end < published
    if loose > 0:
        return end >= published
    if loose < 0:
        return start <= published
    return True


def nearest_year(
    month: int,
    day: int | None,
    published: date,
    strict: int = 0,
    loose: int = 0,
    weekday: int | None = None,
) -> int | None:
    """The year for a day (or a month, ``day=None``) stated without one.

    ``strict`` is a direction the words give ("last", "prochain"), ``loose`` the sentence's
    tense; ``weekday`` is a stated weekday (0 = Monday). ``None`` when no year fits.
    """
    spans = {}
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            spans[year] = (
                (date(year, month, day),) * 2
                if day
                else (date(year, month, 1), month_end(year, month))
            )
        except ValueError:
            continue
    if weekday is not None and day:
        agreeing = [y for y, (s, _) in spans.items() if s.weekday() == weekday]
        if len(agreeing) == 1:
            return agreeing[0]
    return _nearest_of(spans, published, strict, loose)


def _nearest_of(spans: dict, published: date, strict: int, loose: int) -> int | None:
    def nearest(years: list[int]) -> int:
        # a tie goes to the past, the news' usual direction
        return min(years, key=lambda y: (_distance(*spans[y], published), y))

    if not strict and spans:
        closest = nearest(list(spans))
        if _distance(*spans[closest], published) <= TENSE_IGNORED_WITHIN_DAYS:
            return closest
    options = [y for y, (s, e) in spans.items() if _allowed(s, e, published, strict, loose)]
    if not options and not strict:
        options = list(spans)
    return nearest(options) if options else None


def easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday(spec: dict, year: int) -> date | None:
    """A holiday's day in ``year``: ``{month, day}`` fixed; ``{month, weekday, nth}`` the nth
    weekday of the month (-1 the last); ``{easter: offset}`` days from Easter Sunday."""
    if "easter" in spec:
        return easter(year) + timedelta(days=int(spec["easter"]))
    month = int(spec["month"])
    if "day" in spec:
        return date(year, month, int(spec["day"]))
    nth, weekday = int(spec["nth"]), int(spec["weekday"])
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = month_end(year, month)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def nearest_holiday(spec: dict, published: date, strict: int = 0, loose: int = 0) -> date | None:
    """The holiday's day nearest the publication date, in the direction given (see
    ``nearest_year``)."""
    spans = {}
    for year in (published.year - 1, published.year, published.year + 1):
        day = holiday(spec, year)
        if day:
            spans[year] = (day, day)
    year = _nearest_of(spans, published, strict, loose)
    return spans[year][0] if year is not None else None


def two_digit_year(digits: int, published: date) -> int:
    """``98`` → 1998 and ``05`` → 2005 for an article of 1999: nearest, at most ten years ahead."""
    century = published.year // 100 * 100
    candidates = [c + digits for c in (century - 100, century, century + 100)]
    fitting = [y for y in candidates if y <= published.year + FUTURE_SLACK_YEARS]
    return min(fitting, key=lambda y: (abs(y - published.year), -y))


# Tense of the sentence around a date


@dataclass(frozen=True)
class TenseCues:
    future: re.Pattern
    past: re.Pattern
    forward: re.Pattern
    window: int


def _phrases(words: Iterable[str], norm) -> str:
    unique = sorted({norm(w) for w in words if norm(w)}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split(" ")) for w in unique) or "(?!)"


def tense_cues(data: dict, norm) -> TenseCues:
    """Compile the ``tense`` section of a date lexicon.

    ``future``/``past`` are words or phrases; ``future_endings``/``past_endings`` are word
    endings that make a future ("-eront") or past form ("-ed") except for the words in
    ``not_future``/``not_past``; ``past_auxiliaries`` followed by a word
    ending in one of ``participle_endings`` (perhaps after one of ``adverbs``) make a compound
    past ("s'est réuni", "n'a pas signé"); ``forward`` words (perhaps with one of ``articles``)
    lead to a target date; a past
    cue right after one of ``not_after`` ("be held") does not count.
    """
    spec = data.get("tense") or {}
    future = rf"(?<!\w)(?:{_phrases(spec.get('future') or [], norm)})(?!\w)"
    if spec.get("future_endings"):
        stop = _phrases(spec.get("not_future") or [], norm)
        ends = _phrases(spec["future_endings"], norm)
        future += rf"|(?<!\w)(?!(?:{stop})(?!\w))[a-z]{{2,}}(?:{ends})(?!\w)"
    past = [rf"(?<!\w)(?:{_phrases(spec.get('past') or [], norm)})(?!\w)"]
    endings = _phrases(spec.get("past_endings") or [], norm)
    if spec.get("past_endings"):
        stop = _phrases(spec.get("not_past") or [], norm)
        past.append(rf"(?<!\w)(?!(?:{stop})(?!\w))[a-z]{{2,}}(?:{endings})(?!\w)")
    if spec.get("past_auxiliaries"):
        aux = _phrases(spec["past_auxiliaries"], norm)
        pp = _phrases(spec.get("participle_endings") or [], norm)
        not_pp = _phrases(spec.get("future") or [], norm)
        past.append(
            rf"(?<!\w)(?:{aux})\s+(?:(?:{_phrases(spec.get('adverbs') or [], norm)})\s+)?"
            rf"(?!(?:{not_pp})(?!\w))[a-z]+(?:{pp})(?!\w)"
        )
    articles = _phrases(spec.get("articles") or [], norm)
    forward = rf"(?<!\w)(?:{_phrases(spec.get('forward') or [], norm)})\s+(?:(?:{articles})\s+)?$"
    # "would be held", "to be completed": a participle after these is no past tense
    passive = "".join(rf"(?<!\b{re.escape(norm(w))}\s)" for w in spec.get("not_after") or [])
    return TenseCues(
        re.compile(future),
        re.compile(passive + "(?:" + "|".join(f"(?:{p})" for p in past) + ")"),
        re.compile(forward),
        int(spec.get("window", 40)),
    )


def sentence_tense(
    folded: str, start: int, end: int, cues: TenseCues, bounds: tuple[int, int]
) -> int:
    """+1 / -1 when the tense cue nearest the date, within ``cues.window`` characters and the
    sentence (``bounds``), is future / past; else 0.

    A past cue does not count for a date a "forward" word leads to ("extended to Nov. 16",
    "must be returned by Jan. 14"): the deadline is ahead whatever the verb's tense.
    """
    low, high = max(bounds[0], start - cues.window), min(bounds[1], end + cues.window)
    forward = bool(cues.forward.search(folded, max(low, start - 25), start))
    best: tuple[int, int] | None = None
    for sign, pattern in ((1, cues.future), (-1, cues.past)):
        if sign < 0 and forward:
            continue
        for m in pattern.finditer(folded, low, high):
            if m.start() < end and start < m.end():
                continue
            gap = start - m.end() if m.end() <= start else m.start() - end
            if best is None or gap < best[0]:
                best = (gap, sign)
    return best[1] if best else 0
