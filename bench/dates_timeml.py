"""Score ``articles.dates.find_dates`` (and dateparser as a peer) on TimeML news (TempEval-3, French
TimeBank) from ``../shared/devdata/dates`` (or ``$NEWSMAP_DEVDATA/dates``).

    python bench/dates_timeml.py [--examples N]

Scoring, as ``devdata/README.md`` states it: every ``TIMEX3`` of type DATE whose value is a day
(YYYY-MM-DD), a month (YYYY-MM), a year (YYYY) or an ISO week (YYYY-Www) is a gold date. It is
*found* when a predicted mention overlaps it (character offsets in the text with its tags
stripped) and *exact* when an overlapping mention starts and ends on the same days as the gold
period. A range, an open bound or a qualified period also counts through the dates it is made
of (``DateMention.parts``, each with its own offsets: "1901" in "since 1901", "1994" and "1997"
in "between 1994 and 1997", "November" in "late November", which TimeML values as the month);
the "strict" column counts whole mentions only. Precision is the share of predicted mentions
that overlap some TIMEX3 of any type. The ``<DCT>`` value is the publication date. dateparser's
``search_dates`` runs on the same texts (RELATIVE_BASE = the DCT, PREFER_DATES_FROM =
current_period) unless ``--no-peer``. Asserts nothing; prints tables, then the commonest
classes of misses (by the gold text's pattern) with a few examples, to guide fixes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from articles import lexicon  # noqa: E402
from articles.dates import find_dates  # noqa: E402
from articles.text import fold  # noqa: E402

LANGUAGES = ("en", "fr")
_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)$")


def devdata_dir() -> Path:
    root = os.environ.get("NEWSMAP_DEVDATA")
    base = Path(root) if root else REPO.parent / "shared" / "devdata"
    return base / "dates"


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Doc:
    name: str
    text: str
    published: dt.date
    timexes: tuple[Timex, ...]


@dataclass(frozen=True)
class Prediction:
    start: int
    end: int
    text: str
    first: dt.date | None
    last: dt.date | None
    open_ended: bool = False
    parts: tuple[Prediction, ...] = ()


def gold_span(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a scored TIMEX3 value covers; ``None`` when it is not scored."""
    try:
        if m := _DAY.match(value):
            day = dt.date(*map(int, m.groups()))
            return day, day
        if m := _MONTH.match(value):
            year, month = map(int, m.groups())
            first = dt.date(year, month, 1)
            nxt = dt.date(year + month // 12, month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        if m := _YEAR.match(value):
            year = int(m.group(1))
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if m := _WEEK.match(value):
            year, week = map(int, m.groups())
            monday = dt.date.fromisocalendar(year, week, 1)
            return monday, monday + dt.timedelta(days=6)
    except ValueError:
        return None
    return None


def parse(path: Path) -> Doc | None:
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    body = root.find("TEXT")
    if dct is None or body is None:
        return None
    parts: list[str] = []
    timexes: list[Timex] = []

    def walk(node: ET.Element) -> None:
        start = sum(map(len, parts))
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if node.tag == "TIMEX3":
            end = sum(map(len, parts))
            text = "".join(parts)[start:end]
            timexes.append(Timex(start, end, text, node.get("type", ""), node.get("value", "")))

    walk(body)
    published = dt.date.fromisoformat(dct.get("value", "")[:10])
    return Doc(path.name, "".join(parts), published, tuple(timexes))


def load(language: str) -> list[Doc]:
    docs = [parse(p) for p in sorted((devdata_dir() / language).glob("*.tml"))]
    return [d for d in docs if d is not None]


def _prediction(m) -> Prediction:
    parts = tuple(_prediction(p) for p in m.parts)
    bound = m.kind in ("since", "until")
    return Prediction(m.start, m.end, m.text, m.date_start, m.date_end, bound, parts)


def ours(doc: Doc, language: str) -> list[Prediction]:
    return [_prediction(m) for m in find_dates(doc.text, doc.published, language)]


def _month_names(language: str) -> re.Pattern:
    names = [n for names in lexicon.load("dates", language)["months"] for n in names]
    return re.compile(r"\b(?:" + "|".join(re.escape(fold(n)) for n in names) + r")\b")


def peer(doc: Doc, language: str) -> list[Prediction]:
    """dateparser's ``search_dates``, its substrings located in text order.

    It returns a datetime, not a period. Kept simple: a substring with a one- or two-digit number
    (a day) or without any month name or year (a weekday, "today") is that day; one with a month
    name but no day number is that month; a bare year (four digits, nothing else numeric) is
    that year.
    """
    from dateparser.search import search_dates

    settings = {
        "RELATIVE_BASE": dt.datetime.combine(doc.published, dt.time()),
        "PREFER_DATES_FROM": "current_period",
    }
    found = search_dates(doc.text, languages=[language], settings=settings) or []
    months = _month_names(language)
    out, cursor = [], 0
    for substring, when in found:
        start = doc.text.find(substring, cursor)
        if start < 0:
            start = doc.text.find(substring)
            if start < 0:
                continue
        end = start + len(substring)
        cursor = end
        day = when.date()
        folded = fold(substring)
        if re.search(r"(?<!\d)\d{1,2}(?!\d)", folded):
            first = last = day
        elif months.search(folded):
            first, last = gold_span(f"{day.year:04d}-{day.month:02d}") or (day, day)
        elif re.search(r"(?<!\d)\d{4}(?!\d)", folded):
            first, last = gold_span(f"{day.year:04d}") or (day, day)
        else:
            first = last = day
        out.append(Prediction(start, end, substring, first, last))
    return out


def error_class(t: Timex, over: list[Prediction]) -> str:
    """A rough pattern of a gold date's text, to group the misses."""
    s = fold(t.text).strip()
    if "-W" in t.value:
        return "week"
    checks = [
        (
            "relative day word",
            r"\b(today|yesterday|tomorrow|tonight|hier|aujourd'hui|demain|"
            r"lendemain|veille|same day|next day|day before|meme jour)\b",
        ),
        ("quarter", r"\b(quarter|trimestre|semester|semestre)\b"),
        ("season", r"\b(spring|summer|autumn|fall|winter|printemps|ete|automne|hiver)\b"),
        ("decade", r"\b(\d0s|'\d0s|annees \d0|decade|decennie)\b"),
        ("two-digit year", r"'\d\d\b|[a-z.]\s+(?:3[2-9]|[4-9]\d|0\d)$|\d\s+[a-z]+\.?\s+\d\d$"),
        ("relative year", r"\b(year|annee|an)\b"),
        ("relative month", r"\b(month|mois)\b"),
        ("compact digits", r"^\d{6,8}$"),
    ]
    if over_bound := [p for p in over if p.open_ended]:
        return f"open bound ({over_bound[0].text.split()[0].lower()} …)"
    for name, pattern in checks:
        if re.search(pattern, s):
            return name
    has_year = re.search(r"\b\d{4}\b", s)
    has_day = re.search(r"(?<!\d)\d{1,2}(?!\d)", s) or "premier" in s
    if (
        re.search(
            r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|"
            r"mercredi|jeudi|vendredi|samedi|dimanche)\b",
            s,
        )
        and not has_day
    ):
        return "weekday"
    if has_day and not has_year:
        return "yearless day"
    if has_year and has_day:
        return "full date"
    if has_year:
        return "month/year" if re.search(r"[a-z]", s) else "year"
    return "other"


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    exact: int = 0
    strict: int = 0
    predicted: int = 0
    overlapping: int = 0

    def row(self) -> str:
        def rate(n: int, d: int) -> str:
            return f"{n / d:6.3f}" if d else "   n/a"

        return (
            f"{self.gold:5d} {self.found:6d} {rate(self.found, self.gold)} {self.exact:6d} "
            f"{rate(self.exact, self.gold)} {rate(self.strict, self.gold)} {self.predicted:6d} "
            f"{rate(self.overlapping, self.predicted)}"
        )


def score(docs: list[Doc], predict, language: str, misses: list | None = None) -> Score:
    s = Score()
    for doc in docs:
        preds = predict(doc, language)
        s.predicted += len(preds)
        s.overlapping += sum(
            any(p.start < t.end and t.start < p.end for t in doc.timexes) for p in preds
        )
        for t in doc.timexes:
            span = gold_span(t.value) if t.type == "DATE" else None
            if span is None:
                continue
            s.gold += 1
            over = [p for p in preds if p.start < t.end and t.start < p.end]
            s.found += bool(over)
            strict = any((p.first, p.last) == span for p in over)
            # the dates a range or an open bound is made of are mentions too ("1901" in
            # "since 1901"): they count when they overlap the gold date themselves
            inner = [q for p in over for q in p.parts if q.start < t.end and t.start < q.end]
            hit = strict or any((q.first, q.last) == span for q in inner)
            s.strict += strict
            s.exact += hit
            if not hit and misses is not None:
                misses.append((doc, t, over))
    return s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=4, help="examples per class of misses")
    parser.add_argument("--no-peer", action="store_true", help="skip dateparser")
    args = parser.parse_args()
    print(f"dates_timeml bench run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    if not devdata_dir().is_dir():
        print(f"no development data at {devdata_dir()}; nothing to score")
        return
    taggers = [("ours", ours)]
    if not args.no_peer:
        try:
            import dateparser  # noqa: F401

            taggers.append(("dateparser", peer))
        except ImportError:
            print("dateparser is not installed; scoring ours only")
    header = f"{'lang':4} {'tagger':10} {'gold':>5} {'found':>6} {'rate':>6} {'exact':>6} "
    header += f"{'rate':>6} {'strict':>6} {'pred':>6} {'prec':>6}"
    misses: dict[str, list] = {}
    rows = []
    for language in LANGUAGES:
        docs = load(language)
        for name, predict in taggers:
            sink = misses.setdefault(language, []) if name == "ours" else None
            rows.append(f"{language:4} {name:10} {score(docs, predict, language, sink).row()}")
    print(header)
    print("\n".join(rows))
    for language, missed in misses.items():
        classes = defaultdict(list)
        for doc, t, over in missed:
            classes[error_class(t, over)].append((doc, t, over))
        print(f"\nmisses by class ({language}): {len(missed)}")
        counts = Counter({k: len(v) for k, v in classes.items()})
        for name, count in counts.most_common():
            unfound = sum(not over for _, _, over in classes[name])
            print(f"  {name:18} {count:4d}  ({unfound} not found, {count - unfound} wrong value)")
            for doc, t, over in classes[name][: args.examples]:
                got = "; ".join(f"{p.text!r} {p.first}..{p.last}" for p in over) or "-"
                print(f"      {t.text!r:28} {t.value:11} dct {doc.published}  got {got}")


if __name__ == "__main__":
    main()
