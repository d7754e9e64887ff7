"""Whether analysing one article stays linear in its size (issue 12: 0.25 / 0.5 / 1 MB took
9.8 / 48 / 135 s before extraction looked sentences' dates, places and actors up by bisection).

    python bench/size_bench.py [--sizes 0.25 0.5 1]

Each article is the bundled corpus's paragraphs repeated (shuffled) up to the size, analysed
the way the build does (places with the full matcher, dates, actors, events). Prints CPU seconds
per size and per MB, and the ratio of the largest to the smallest per-MB cost (1.0 is linear).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from articles.reader import corpus_files, read_article  # noqa: E402
from articles.text import segment_lines  # noqa: E402
from dashboard.build.analysis import analyse_article  # noqa: E402
from geodata.cache import load_matcher  # noqa: E402


def big_article(size_mb: float, seed: int = 7):
    articles = [read_article(p) for p in corpus_files(REPO / "articles" / "corpus")]
    english = [a for a in articles if a.language == "en"]
    paragraphs = [p for a in english for p in a.body.split("\n\n") if p.strip()]
    rng = random.Random(seed)
    out, total = [], 0
    while total < size_mb * 1e6:
        p = rng.choice(paragraphs)
        out.append(p)
        total += len(p) + 2
    return english[0].__class__(**{**english[0].__dict__, "body": "\n\n".join(out)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    args = parser.parse_args(argv)
    matcher = load_matcher()
    analyse_article(big_article(0.01), matcher, segment_lines(big_article(0.01).body))  # warm
    per_mb = []
    print(f"{'size':>8} {'events':>7} {'cpu s':>7} {'s/MB':>6}")
    for size in args.sizes:
        article = big_article(size)
        start = time.process_time()
        analysis = analyse_article(article, matcher, segment_lines(article.body))
        cpu = time.process_time() - start
        per_mb.append(cpu / size)
        print(f"{size:>6} MB {len(analysis.payload['events']):>7} {cpu:>7.2f} {cpu / size:>6.2f}")
    print(f"per-MB cost, largest / smallest size: {per_mb[-1] / per_mb[0]:.2f} (1.00 is linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
