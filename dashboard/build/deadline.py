"""A time limit for one article's analysis, so no single text can stall a build.

``SIGALRM`` (an interval timer) interrupts Python code between bytecodes, in the main thread of
the process, which is where the build and each of its worker processes analyse. Elsewhere (a
thread) the limit is not applied. A long call inside C code (one regular expression) is
interrupted only when it returns: the limit bounds pure-Python work, which is most of it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class TooSlow(BaseException):  # noqa: N818 - read as "analysis too slow"
    """Raised inside the limited block when its time is up; a BaseException, like
    KeyboardInterrupt, so that no ``except Exception`` in the code it interrupts swallows it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``TooSlow`` in the block after ``seconds`` (no limit when 0 or off the main thread)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
