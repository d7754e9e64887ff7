"""The dashboard's view in the URL: the selected place, the filters and the map view, both ways.

``parse_query`` is forgiving: a hand-edited URL with a bad value drops that value and says why
(the page shows the notices; it never fails on a link). ``checked`` then drops what the index
does not know (a place id, an outlet) and clamps dates to the corpus. ``to_query`` writes only
what differs from the defaults, so URLs stay short. Everything here is pure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from dashboard.store.queries import Filters

LIST_PARAMS = {
    "lang": "languages",
    "outlet": "outlets",
    "type": "event_types",
    "kind": "event_groups",
    "actor": "actors",
    "status": "statuses",
}
WHAT = {"event_groups": "kind of event"}  # how a notice names a list, when not its attribute
KNOWN_PARAMS = {*LIST_PARAMS, "since", "until", "q", "place", "zoom", "lat", "lon"}
STATUSES = ("past", "planned", "background")
MAX_VALUE_CHARS = 200  # longer values in a URL are not something a person typed
SHORT_WINDOW_DAYS = 90  # shorter date windows show only what happened, by default
MARKUP = re.compile(r"[<>\x00-\x1f\x7f]")  # nobody types these into a search box
ALL = "All"
CUSTOM = "Custom"


@dataclass(frozen=True)
class ViewState:
    filters: Filters = field(default_factory=Filters)
    place: str | None = None
    zoom: int | None = None
    centre: tuple[float, float] | None = None  # (lat, lon)


def shown(value: str, limit: int = 40) -> str:
    """A value from the URL, cut short and without characters that end an inline code span."""
    text = " ".join(value.replace("`", "'").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str) -> str:
    """Text for a Markdown message (``st.info``) that Markdown leaves as it is."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~])", r"\\\1", text)


def _date(key: str, values: Sequence[str], notices: list[str]) -> dt.date | None:
    if not values:
        return None
    try:
        return dt.date.fromisoformat(values[-1])
    except ValueError:
        notices.append(f"`{key}` in the link is not a date (`{shown(values[-1])}`): ignored.")
        return None


def _number(key: str, values: Sequence[str], lo: float, hi: float, notices: list[str]):
    if not values:
        return None
    try:
        number = float(values[-1])
    except ValueError:
        number = float("nan")
    if not lo <= number <= hi:  # also false for nan
        notices.append(f"`{key}` in the link is not a number from {lo:g} to {hi:g}: ignored.")
        return None
    return number


def parse_query(params: Mapping[str, Sequence[str]]) -> tuple[ViewState, list[str]]:
    """Parse query parameters given as lists of values (``st.query_params.get_all``).

    Returns the state and one notice per value dropped.
    """
    notices: list[str] = []

    def values(key: str) -> list[str]:
        out = []
        for v in params.get(key, []):
            if len(v) > MAX_VALUE_CHARS:
                notices.append(f"`{key}` in the link is {len(v):,} characters long: ignored.")
            elif v:
                out.append(v)
        return out

    unknown = sorted(k for k in params if k not in KNOWN_PARAMS)
    if unknown:
        names = ", ".join(f"`{shown(k, 20)}`" for k in unknown[:5])
        notices.append(f"Unknown parameter(s) in the link ignored: {names}.")
    lists = {attr: tuple(dict.fromkeys(values(key))) for key, attr in LIST_PARAMS.items()}
    bad = [s for s in lists["statuses"] if s not in STATUSES]
    if bad:
        notices.append(f"Unknown status `{shown(bad[0])}` in the link: ignored.")
        lists["statuses"] = tuple(s for s in lists["statuses"] if s in STATUSES)
    text, place = values("q"), values("place")
    if text and MARKUP.search(text[-1]):
        notices.append(f"The search `{shown(text[-1])}` in the link holds markup: ignored.")
        text = []
    zoom = _number("zoom", values("zoom"), 1, 18, notices)
    lat = _number("lat", values("lat"), -85, 85, notices)
    lon = _number("lon", values("lon"), -180, 180, notices)
    state = ViewState(
        filters=Filters(
            since=_date("since", values("since"), notices),
            until=_date("until", values("until"), notices),
            text=text[-1] if text else "",
            **lists,
        ),
        place=place[-1] if place else None,
        zoom=int(zoom) if zoom is not None else None,
        centre=(lat, lon) if lat is not None and lon is not None else None,
    )
    return state, notices


def from_query(params: Mapping[str, Sequence[str]]) -> ViewState:
    """The state alone, bad values dropped (see ``parse_query`` for the notices)."""
    return parse_query(params)[0]


def checked(
    state: ViewState,
    span: tuple[dt.date, dt.date],
    facets: Mapping[str, Sequence],
    place_ids: Collection[str],
) -> tuple[ViewState, list[str]]:
    """Drop what the index does not know and clamp dates to the corpus, saying what changed."""
    lo, hi = span
    f, notices = state.filters, []
    since, until = f.since, f.until
    if since and until and since > until:
        notices.append(f"The link's dates are reversed ({since} after {until}): swapped.")
        since, until = until, since
    if since and not lo <= since <= hi or until and not lo <= until <= hi:
        notices.append(f"The link's dates reach outside the corpus ({lo} – {hi}): clamped to it.")
        since = min(max(since, lo), hi) if since else None
        until = min(max(until, lo), hi) if until else None
    known = {
        "languages": set(facets.get("languages", ())),
        "outlets": set(facets.get("outlets", ())),
        "event_types": set(facets.get("event_types", ())),
        "event_groups": set(facets.get("event_groups", ())),
        "actors": {a[0] for a in facets.get("actors", ())},
    }
    kept = {}
    for attr, allowed in known.items():
        values = getattr(f, attr)
        kept[attr] = tuple(v for v in values if v in allowed)
        if len(kept[attr]) < len(values):
            missing = next(v for v in values if v not in allowed)
            what = WHAT.get(attr) or attr.replace("_", " ").rstrip("s")
            notices.append(f"Unknown {what} `{shown(missing)}` in the link: ignored.")
    place = state.place
    if place is not None and place not in place_ids:
        notices.append(f"Place `{shown(place)}` of the link is not in the index: ignored.")
        place = None
    filters = replace(f, since=since, until=until, **kept)
    return replace(state, filters=filters, place=place), notices


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
    if state.zoom is not None and state.centre is not None:
        out["zoom"] = [str(state.zoom)]
        out["lat"] = [f"{state.centre[0]:.4f}"]
        out["lon"] = [f"{state.centre[1]:.4f}"]
    return out


def presets(span: tuple[dt.date, dt.date]) -> list[str]:
    """The quick ranges offered for a corpus: all, the last 30 days and 12 months, each year."""
    lo, hi = span
    years = [str(y) for y in range(hi.year, lo.year - 1, -1)]
    return [ALL, "Last 30 days", "Last 12 months", *years]


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


def preset_for(dates: tuple[dt.date, dt.date], span: tuple[dt.date, dt.date]) -> str:
    """The quick range these dates are (so "2023" in a link comes back as "2023"), else Custom."""
    for preset in presets(span):
        if preset_range(preset, span) == tuple(dates):
            return preset
    return CUSTOM


def default_statuses(dates: tuple[dt.date, dt.date]) -> tuple[str, ...]:
    """In a short window an analyst wants what happened there, not plans and background."""
    since, until = dates
    if (until - since).days + 1 < SHORT_WINDOW_DAYS:
        return ("past",)
    return STATUSES
