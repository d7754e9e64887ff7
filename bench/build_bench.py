"""How fast the index builds: matcher load, cold build, unchanged rebuild, small change.

    python bench/build_bench.py [--articles 10000] [--db URL | --db temp-postgres]

``--db`` builds into that index instead of a temporary SQLite file (a server database is
changed in place: give one that holds nothing else); ``temp-postgres`` starts a throw-away
PostgreSQL server through the tests' helper (tests/postgres_server.py) and stops it afterwards.

A synthetic corpus is written to a temp dir: each article is a real corpus article with its
paragraphs shuffled and its dates moved, so place finding, dates, actors and events all do real
work. Prints figures (time, and the peak memory of the build's processes: proportional set size,
so pages that forked workers share count once); asserts nothing. The in-process builds' memory
includes the bench's own heap; the last two builds run ``python -m dashboard build`` in a fresh
process each, as an analyst does: their peak is what a build needs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import proctree  # noqa: E402

from articles.reader import corpus_files, read_article  # noqa: E402
from dashboard.build.pipeline import build_index  # noqa: E402
from dashboard.store import index as ix  # noqa: E402
from dashboard.store import queries  # noqa: E402
from geodata import cache as matcher_cache  # noqa: E402
from geodata.gazetteer import cache_dir  # noqa: E402


def seeds() -> list[tuple[dict, list[str]]]:
    out = []
    for path in corpus_files(REPO / "articles" / "corpus"):
        a = read_article(path)
        meta = {"title": a.title, "outlet": a.outlet, "url": a.url, "language": a.language}
        out.append((meta, [p for p in a.body.split("\n\n") if p.strip()]))
    return out


def write_corpus(folder: Path, count: int, rng: random.Random) -> int:
    base = seeds()
    chars = 0
    for n in range(count):
        meta, paragraphs = base[n % len(base)]
        body = paragraphs[:1] + rng.sample(paragraphs[1:], len(paragraphs) - 1)
        published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        front = {**meta, "id": f"synthetic-{n:05d}", "published": published.isoformat()}
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + "\n\n".join(body)
        chars += len(text)
        (folder / f"synthetic-{n:05d}.md").write_text(text + "\n", encoding="utf-8")
    return chars


NOT_THE_BUILD: set[int] = set()  # processes under this one that are not the build's


def tree_pss(root: int | None = None) -> int:
    """The memory of a process (this one by default) and its workers (not the bench's reader)."""
    return sum(proctree.pss(p) for p in proctree.descendants(root or os.getpid(), NOT_THE_BUILD))


def peak_memory(fn):
    """``fn()`` and the peak of ``tree_pss`` while it ran, sampled every 0.5 s (a sample reads
    the page tables of a process of gigabytes: more often, and it slows what it measures)."""
    peak, stop = [tree_pss()], threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            peak[0] = max(peak[0], tree_pss())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = fn()
    finally:
        stop.set()
        sampler.join()
    return result, max(peak[0], tree_pss())


def cli_build(label: str, corpus: Path, db: Path) -> None:
    """``python -m dashboard build`` in a fresh process, as an analyst runs it: its wall time and
    the peak memory of its process tree (what a build needs, free of the bench's own heap)."""
    command = [sys.executable, "-m", "dashboard", "build", "--corpus", str(corpus)]
    command += ["--db", str(db), "--quiet"]
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_pss(proc.pid))
        time.sleep(0.5)
    seconds = time.perf_counter() - start
    status = "" if proc.returncode == 0 else f"   exit status {proc.returncode}"
    print(f"{label:46} {seconds:8.2f} s   peak memory {peak / 2**20:7.0f} MiB{status}")


def timed(label: str, fn):
    start = time.perf_counter()
    result, peak = peak_memory(fn)
    seconds = time.perf_counter() - start
    print(f"{label:46} {seconds:8.2f} s   peak memory {peak / 2**20:7.0f} MiB")
    return result, seconds


def stages(summary) -> None:
    """Where the build's time went: each stage's seconds and share."""
    total = sum(seconds for _, seconds in summary.stages) or 1.0
    for stage, seconds in summary.stages:
        print(f"    {stage:44} {seconds:7.2f} s {seconds / total:5.0%}")


def _read_until(url: str, stop, out) -> None:
    """In another process (no shared GIL): time the map's query until told to stop."""
    engine = ix.open_index(url)
    times = []
    while not stop.is_set():
        start = time.perf_counter()
        with engine.connect() as conn:
            queries.place_summaries(conn)
        times.append(time.perf_counter() - start)
    engine.dispose()
    out.put(times)


def while_reading(url: str, fn):
    """``fn()`` while a dashboard-like reader runs the map query in a loop; its latencies."""
    context = multiprocessing.get_context("spawn")
    stop, out = context.Event(), context.Queue()
    reader = context.Process(target=_read_until, args=(url, stop, out))
    reader.start()
    NOT_THE_BUILD.add(reader.pid)
    try:
        result = fn()
    finally:
        stop.set()
        times = out.get(timeout=120)
        reader.join()
    if times:
        print(
            f"  meanwhile a reader: {len(times)} map queries, median "
            f"{statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms"
        )
    return result


def index_size(url) -> int:
    path = ix.sqlite_path(url)
    if path is not None:
        return path.stat().st_size
    engine = ix.make_engine(url)
    with engine.connect() as conn:
        size = conn.exec_driver_sql("select pg_database_size(current_database())").scalar()
    engine.dispose()
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", help="an index URL or path, or temp-postgres (default: temp file)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        tmp = Path(tmp)
        db = args.db or tmp / "index.sqlite"
        if args.db == "temp-postgres":
            sys.path.insert(0, str(REPO / "tests"))
            from postgres_server import postgres_server

            db = stack.enter_context(postgres_server()).database()
        print(f"index: {db}")
        os.environ["NEWSMAP_CACHE"] = str(tmp / "cache")
        matcher, _ = timed(
            "matcher: build from sources (cold cache)", matcher_cache.load_matcher.__wrapped__
        )
        matcher, _ = timed(
            "matcher: load from disk cache (warm)", matcher_cache.load_matcher.__wrapped__
        )
        print(f"  {len(matcher.gazetteer.places):,} places, cache in {cache_dir()}")

        corpus = tmp / "corpus"
        corpus.mkdir()
        chars, _ = timed(
            f"write {args.articles:,} synthetic articles",
            lambda: write_corpus(corpus, args.articles, rng),
        )
        summary, cold = timed(
            "build: cold (every article parsed)", lambda: build_index(corpus, db, matcher=matcher)
        )
        print(
            f"  {summary.indexed:,} articles, {chars / 1e6:.1f} M chars, {summary.mentions:,} "
            f"mentions, {summary.events:,} events, {summary.indexed / cold:,.0f} articles/s"
        )
        stages(summary)
        # As the CLI does: the matcher's fingerprint, the matcher loaded only if needed (and
        # none held by the bench meanwhile, or its memory would count).
        matcher = None
        gc.collect()
        lazy = matcher_cache.lazy_matcher()
        summary, _ = timed("build: nothing changed", lambda: build_index(corpus, db, matcher=lazy))
        print(f"  {summary.skipped:,} unchanged, {summary.indexed} parsed")
        stages(summary)
        for path in sorted(corpus.glob("*.md"))[:10]:
            path.write_text(path.read_text(encoding="utf-8") + "\nUpdated.\n", encoding="utf-8")
        url = ix.resolve_db(db).render_as_string(hide_password=False)
        engine = ix.open_index(url)
        alone = []
        for _ in range(5):
            start = time.perf_counter()
            with engine.connect() as conn:
                queries.place_summaries(conn)
            alone.append(time.perf_counter() - start)
        engine.dispose()
        print(f"map query with no build running: median {statistics.median(alone) * 1000:.0f} ms")
        # As the CLI does again: the matcher loaded from the disk cache by the build.
        summary, _ = timed(
            "build: 10 articles changed (matcher loaded)",
            lambda: while_reading(url, lambda: build_index(corpus, db, matcher=lazy)),
        )
        print(f"  {summary.indexed} parsed, {summary.skipped:,} unchanged")
        stages(summary)
        print(f"index size {index_size(ix.resolve_db(db)) / 1e6:.1f} MB")
        if args.db is None:  # the CLI, each build a fresh process (SQLite only)
            cli = tmp / "cli.sqlite"
            cli_build("CLI build: cold", corpus, cli)
            for path in sorted(corpus.glob("*.md"))[10:20]:
                path.write_text(path.read_text(encoding="utf-8") + "\nAgain.\n", encoding="utf-8")
            cli_build("CLI build: 10 articles changed", corpus, cli)
    return 0


if __name__ == "__main__":
    sys.exit(main())
