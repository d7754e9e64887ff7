"""Memory and CPU of a process and everything under it, read from /proc (Linux): one owner for
the benches' process trees (the dashboard server in load.py, a build and its workers)."""

from __future__ import annotations

import os
from collections.abc import Collection

HZ = os.sysconf("SC_CLK_TCK")


def children() -> dict[int, list[int]]:
    """Every process's children, by parent pid."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def descendants(root: int, skip: Collection[int] = ()) -> list[int]:
    """``root`` and every process under it, leaving out ``skip`` and what is under them."""
    tree, todo, out = children(), [root], []
    while todo:
        pid = todo.pop()
        if pid in skip:
            continue
        out.append(pid)
        todo += tree.get(pid, [])
    return out


def _field_kib(path: str, name: str) -> int:
    try:
        with open(path, encoding="ascii") as f:
            for line in f:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss(pid: int) -> int:
    """Resident memory of ``pid`` in bytes (pages shared with other processes counted in full)."""
    return _field_kib(f"/proc/{pid}/status", "VmRSS:") * 1024


def pss(pid: int) -> int:
    """Proportional set size in bytes: pages shared with forked workers counted once overall."""
    return _field_kib(f"/proc/{pid}/smaps_rollup", "Pss:") * 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far (its threads included)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / HZ
