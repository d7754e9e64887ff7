"""The dashboard's view in the URL: the selected place and the filters, both ways.

``from_query`` is forgiving (a hand-edited URL with a bad date just drops that filter);
``to_query`` writes only what differs from the defaults, so URLs stay short.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dashboard.queries import Filters

LIST_PARAMS = {"lang": "languages", "outlet": "outlets", "type": "event_types", "actor": "actors"}


@dataclass(frozen=True)
class ViewState:
    filters: Filters = field(default_factory=Filters)
    place: str | None = None


def _date(values: Sequence[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(values[-1]) if values else None
    except ValueError:
        return None


def from_query(params: Mapping[str, Sequence[str]]) -> ViewState:
    """Parse query parameters given as lists of values (``st.query_params.get_all``)."""

    def values(key: str) -> list[str]:
        return [v for v in params.get(key, []) if v]

    lists = {attr: tuple(values(key)) for key, attr in LIST_PARAMS.items()}
    text = values("q")
    place = values("place")
    return ViewState(
        filters=Filters(
            since=_date(values("since")),
            until=_date(values("until")),
            text=text[-1] if text else "",
            **lists,
        ),
        place=place[-1] if place else None,
    )


def to_query(state: ViewState) -> dict[str, list[str]]:
    f = state.filters
    out: dict[str, list[str]] = {}
    if state.place:
        out["place"] = [state.place]
    if f.since:
        out["since"] = [f.since.isoformat()]
    if f.until:
        out["until"] = [f.until.isoformat()]
    for key, attr in LIST_PARAMS.items():
        if getattr(f, attr):
            out[key] = list(getattr(f, attr))
    if f.text:
        out["q"] = [f.text]
    return out


def preset_range(preset: str, span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """Quick date ranges, counted back from the end of the corpus (not from today)."""
    lo, hi = span
    days = {"Last 30 days": 30, "Last 12 months": 365}.get(preset)
    if days:
        return max(lo, hi - dt.timedelta(days=days - 1)), hi
    if preset.isdigit():
        year = int(preset)
        return max(lo, dt.date(year, 1, 1)), min(hi, dt.date(year, 12, 31))
    return lo, hi
