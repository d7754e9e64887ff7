"""Date ranges for events whose text gives no date of their own (used by ``articles.events``).

- An undated event is not a day at the publication date: it happened by then, so it is the week
  that ends on the publication date (``UNDATED_DAYS`` before it to the day itself), precision
  ``days``, basis ``published``. An undated plan is the week that starts on it.
- Told as before another event ("after the shelling of Smara", "après le bombardement"), its
  week ends the day before that event starts.
- In a conflict narrative, a day stated earlier in the paragraph carries on to its later
  sentences ("On 4 May, … . Gunmen then attacked …").
"""

from __future__ import annotations

import datetime as dt

from articles.dates import DateMention
from articles.windows import ByStart

UNDATED_DAYS = 7


def paragraph_date(body: str, dates: ByStart[DateMention], before: int) -> DateMention | None:
    """The last day-precise date stated earlier in the paragraph of ``before``."""
    paragraph = body.rfind("\n", 0, before) + 1
    earlier = [
        d
        for d in dates.within(paragraph, before)
        if d.date_start is not None and d.precision == "day" and "\n" not in body[d.start : before]
    ]
    return earlier[-1] if earlier else None


def week_before(draft, end: dt.date) -> None:
    """No date in the text: the week that ends on ``end`` (the publication date)."""
    draft.date_start = (end - dt.timedelta(days=UNDATED_DAYS)).isoformat()
    draft.date_end = end.isoformat()
    draft.date_precision = "days"
    draft.date_basis = "published"


def week_after(draft, start: dt.date) -> None:
    """An undated plan: the week that starts on ``start`` (the publication date)."""
    draft.date_start = start.isoformat()
    draft.date_end = (start + dt.timedelta(days=UNDATED_DAYS)).isoformat()


def end_before(draft, other) -> None:
    """``draft`` (undated) came before ``other``: its week ends the day before ``other`` starts."""
    if other.date_start and not draft.own_date and draft.date_start:
        week_before(draft, dt.date.fromisoformat(other.date_start) - dt.timedelta(days=1))
