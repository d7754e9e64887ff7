"""How much one build may ask an online geocoder, and what came back.

``RequestBudget`` bounds the time: each request has its own deadline (``geodata.http``), and
before each one the budget checks that waiting (the spacing the server asked for with
``Retry-After``, honoured up to a cap) plus one more deadline still fits in the build's total;
when it does not, or the server keeps failing, no more requests are made and the remaining names
are recorded as "not asked". So the online part of a build never takes longer than
``seconds``, whatever the server does (hang, drip bytes, answer 429 with an hour's Retry-After).

``Tally`` counts every outcome by kind (found, not found, HTTP 500, rate limited, garbage,
timeout, not asked) and keeps the failed names, for the build's summary.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from geopy.adapters import AdapterHTTPError
from geopy.exc import (
    GeocoderParseError,
    GeocoderRateLimited,
    GeocoderTimedOut,
    GeocoderUnavailable,
)

DEFAULT_BUDGET_SECONDS = 300.0
RETRY_AFTER_CAP_SECONDS = 60.0
#: A 429 without Retry-After: wait this long before the next request.
DEFAULT_RETRY_AFTER_SECONDS = 5.0
MAX_FAILURES_IN_A_ROW = 5
_SHOWN_NAMES = 20


def failure_kind(exc: BaseException) -> str:
    """A short name for what went wrong with one request."""
    cause = exc.__cause__
    status = cause.status_code if isinstance(cause, AdapterHTTPError) else None
    if isinstance(exc, GeocoderRateLimited):
        return "rate limited (HTTP 429)"
    if status is not None:
        return f"HTTP {status}"
    if isinstance(exc, GeocoderTimedOut | TimeoutError):
        return "timeout"
    if isinstance(exc, GeocoderParseError | ValueError | KeyError | TypeError | IndexError):
        return "garbage answer"
    if isinstance(exc, GeocoderUnavailable | OSError):
        return "unreachable"
    return "error"


@dataclass
class RequestBudget:
    seconds: float = DEFAULT_BUDGET_SECONDS  # for all of a build's requests
    deadline: float = 10.0  # for one request
    retry_after_cap: float = RETRY_AFTER_CAP_SECONDS
    max_failures_in_a_row: int = MAX_FAILURES_IN_A_ROW
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    started: float | None = None
    not_before: float = 0.0
    failures_in_a_row: int = 0
    stopped: str | None = None  # why no more requests are made, once decided

    def before_request(self) -> str | None:
        """Wait as the server asked; None when a request may go out, else why it may not."""
        now = self.clock()
        if self.started is None:
            self.started = now
        if self.stopped:
            return self.stopped
        wait = max(0.0, self.not_before - now)
        if now - self.started + wait + self.deadline > self.seconds:
            self.stopped = f"the online budget of {self.seconds:g} s for this build is spent"
            return self.stopped
        if wait:
            self.sleep(wait)
        return None

    def after_request(self, exc: BaseException | None) -> None:
        if exc is None:
            self.failures_in_a_row = 0
            return
        self.failures_in_a_row += 1
        if isinstance(exc, GeocoderRateLimited):
            wait = exc.retry_after if exc.retry_after is not None else DEFAULT_RETRY_AFTER_SECONDS
            if wait > self.retry_after_cap:
                self.stopped = (
                    f"the server asked to wait {wait:g} s (Retry-After), over the cap of "
                    f"{self.retry_after_cap:g} s"
                )
            self.not_before = self.clock() + min(wait, self.retry_after_cap)
        if self.failures_in_a_row >= self.max_failures_in_a_row and not self.stopped:
            self.stopped = f"{self.failures_in_a_row} failed requests in a row"

    @property
    def spent(self) -> float:
        return 0.0 if self.started is None else self.clock() - self.started


@dataclass
class Tally:
    counts: Counter = field(default_factory=Counter)
    failed: dict[str, list[str]] = field(default_factory=dict)  # kind -> names

    def add(self, kind: str, name: str) -> None:
        self.counts[kind] += 1
        if kind not in ("found", "not found"):
            self.failed.setdefault(kind, []).append(name)

    def lines(self, url: str, budget: RequestBudget) -> list[str]:
        """The summary of a build's online lookups (nothing when none was made)."""
        if not self.counts:
            return []
        asked = sum(n for kind, n in self.counts.items() if kind != "not asked")
        parts = [f"{self.counts['found']} found", f"{self.counts['not found']} not found"]
        failures = {k: n for k, n in self.counts.items() if k not in ("found", "not found")}
        failures.pop("not asked", None)
        if failures:
            detail = ", ".join(f"{k}: {n}" for k, n in sorted(failures.items()))
            parts.append(f"{sum(failures.values())} failed ({detail})")
        line = f"online geocoder {url}: {asked} asked in {budget.spent:.1f} s: " + ", ".join(parts)
        if self.counts["not asked"]:
            line += f"; {self.counts['not asked']} not asked ({budget.stopped})"
        out = [line]
        names = [name for names in self.failed.values() for name in names]
        if names:
            shown = ", ".join(names[:_SHOWN_NAMES])
            more = f" and {len(names) - _SHOWN_NAMES} more" if len(names) > _SHOWN_NAMES else ""
            out.append(
                f"online geocoder: failed names: {shown}{more} (cached answers are kept; "
                "`build --online --retry-errors` asks these again)"
            )
        return out
