"""Literal words a regular expression's matches must start with, to skip patterns cheaply.

Event triggers are ~40 regular expressions per language, each run over the whole article. Most
start with a word from a list ('\\b(?:attack|attacked|ambush…)'); when none of those words occurs
in the text (a substring test, far faster than a regex scan), the pattern cannot match and is
not run. A pattern whose start is not a literal (an optional group, a class, a lookbehind) has
no prefixes and is always run.
"""

from __future__ import annotations

import re

try:  # Python 3.11 keeps the parser private
    from re import _constants as _sc
    from re import _parser as _sp
except ImportError:  # pragma: no cover
    import sre_constants as _sc
    import sre_parse as _sp

MAX_PREFIXES = 200


def _prefixes(items: list) -> list[str] | None:
    out = [""]
    for op, av in items:
        if op == _sc.AT:  # \b, ^: no character
            continue
        if op == _sc.LITERAL:
            out = [p + chr(av) for p in out]
            continue
        if op == _sc.SUBPATTERN:
            inner = _prefixes(list(av[-1]))
            if inner is None:
                break
            out = [p + s for p in out for s in inner]
        elif op == _sc.BRANCH:
            inner = []
            for branch in av[1]:
                found = _prefixes(list(branch))
                if found is None:
                    inner = None
                    break
                inner += found
            if inner is None:
                break
            out = [p + s for p in out for s in inner]
        break  # after a group or anything else, what follows may vary
    if len(out) > MAX_PREFIXES or not all(out):
        return None
    return out


def literal_prefixes(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Strings one of which starts every match of ``pattern``; None when there are none.

    Only patterns without flags that change what a literal matches (IGNORECASE) are read."""
    if pattern.flags & re.IGNORECASE:
        return None
    found = _prefixes(list(_sp.parse(pattern.pattern)))
    return tuple(dict.fromkeys(found)) if found else None


def may_match(prefixes: tuple[str, ...] | None, text: str) -> bool:
    """False only when no prefix occurs in ``text``: the pattern cannot match there."""
    return prefixes is None or any(p in text for p in prefixes)
