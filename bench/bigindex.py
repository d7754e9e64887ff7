"""A large synthetic index for the dashboard benches, built once and reused from build/.

    python bench/bigindex.py [--articles 10000]   # builds it (or says where it already is)

The articles come from the synthetic corpus generator of ``bench/build_bench.py`` (real corpus
articles reshuffled, dates moved), so the index holds what a real build writes.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from build_bench import write_corpus  # noqa: E402

from dashboard.build.pipeline import build_index  # noqa: E402
from geodata.cache import load_matcher  # noqa: E402

BENCH_DIR = REPO / "build" / "bench"
# The quick ranges that hold articles: build_bench publishes them over ten years from 2015.
PRESETS = ["All", *(str(year) for year in range(2015, 2025))]


def index_path(articles: int, seed: int = 7) -> Path:
    return BENCH_DIR / f"index-{articles}-seed{seed}.sqlite"


def big_index(articles: int = 10_000, seed: int = 7, *, rebuild: bool = False) -> Path:
    """The index of ``articles`` synthetic articles: reused when present, else built (minutes)."""
    target = index_path(articles, seed)
    if target.exists() and not rebuild:
        return target
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(corpus, articles, random.Random(seed))
        start = time.perf_counter()
        db = Path(tmp) / "index.sqlite"
        summary = build_index(corpus, db, matcher=load_matcher())
        print(
            f"built {summary.indexed:,} articles, {summary.events:,} events in "
            f"{time.perf_counter() - start:.0f} s",
            file=sys.stderr,
        )
        # Moved in whole: a half-built file never carries the reused name.
        shutil.move(db, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="build even if it exists")
    args = parser.parse_args(argv)
    path = big_index(args.articles, args.seed, rebuild=args.rebuild)
    print(f"{path} ({path.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
