"""Benchmark ``articles.dates.find_dates`` (and ``dateparser`` when installed) on real articles.

    python bench/dates_bench.py [DIRECTORY] [--repeat N]

DIRECTORY holds Markdown articles with YAML front matter (default ``articles/corpus``) or plain
``.txt`` seed texts. A seed's publication date and language come from the corpus article that
names it (``seed:``); failing that, today and a stop-word guess. Prints what each finds and its
throughput; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from articles.dates import find_dates  # noqa: E402

CORPUS = REPO / "articles" / "corpus"


@dataclass(frozen=True)
class Doc:
    name: str
    text: str
    published: dt.date
    language: str


def split_front_matter(raw: str) -> tuple[dict, str]:
    if raw.startswith("---\n"):
        end = raw.find("\n---\n", 4)
        if end != -1:
            return yaml.safe_load(raw[4:end]) or {}, raw[end + 5 :]
    return {}, raw


def as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def guess_language(text: str) -> str:
    words = text.lower().split()
    french = sum(w in {"le", "la", "les", "des", "et", "du", "une"} for w in words)
    english = sum(w in {"the", "and", "of", "to", "a", "in", "with"} for w in words)
    return "fr" if french > english else "en"


def seed_metadata() -> dict[str, dict]:
    meta = {}
    for path in sorted(CORPUS.glob("*.md")):
        front, _ = split_front_matter(path.read_text(encoding="utf-8"))
        if front.get("seed"):
            meta[front["seed"]] = front
    return meta


def load(directory: Path) -> list[Doc]:
    docs = []
    txt = sorted(directory.glob("*.txt"))
    if txt:
        seeds = seed_metadata()
        for path in txt:
            text = path.read_text(encoding="utf-8")
            front = seeds.get(path.name, {})
            published = as_date(front["published"]) if "published" in front else dt.date.today()
            language = front.get("language") or guess_language(text)
            docs.append(Doc(path.name, text, published, language))
        return docs
    for path in sorted(directory.glob("*.md")):
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        published = as_date(front.get("published", dt.date.today()))
        docs.append(Doc(path.name, body, published, front.get("language") or guess_language(body)))
    return docs


def timed(run, docs: list[Doc], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for doc in docs:
            run(doc)
    return time.perf_counter() - start


def report(label: str, elapsed: float, docs: list[Doc], repeat: int) -> None:
    chars = sum(len(d.text) for d in docs) * repeat
    per_article = elapsed / (len(docs) * repeat) * 1000
    print(f"{label}: {chars / elapsed:,.0f} chars/s, {per_article:.2f} ms per article")


def ours(doc: Doc) -> list:
    return find_dates(doc.text, doc.published, doc.language)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--dateparser-repeat", type=int, default=3)
    args = parser.parse_args()
    docs = load(args.directory)
    if not docs:
        sys.exit(f"no .md or .txt files in {args.directory}")
    total = sum(len(d.text) for d in docs)
    print(f"{len(docs)} articles, {total:,} chars, from {args.directory}\n")

    print("== articles.dates.find_dates")
    cold = timed(ours, docs, 1)
    found = 0
    for doc in docs:
        mentions = ours(doc)
        found += len(mentions)
        print(f"-- {doc.name} ({doc.language}, published {doc.published}): {len(mentions)}")
        for m in mentions:
            span = f"{m.date_start or '…'} .. {m.date_end or '…'}"
            print(f"   {m.text!r:32} {span:26} {m.precision:8} {m.basis:8} {m.kind}")
    print(f"mentions: {found}; first pass incl. loading the lexicon: {cold * 1000:.1f} ms")
    report(f"find_dates x{args.repeat}", timed(ours, docs, args.repeat), docs, args.repeat)

    try:
        from dateparser.search import search_dates
    except ImportError:
        print("\ndateparser is not installed; skipping the comparison")
        return

    def theirs(doc: Doc) -> list:
        base = dt.datetime.combine(doc.published, dt.time())
        settings = {"RELATIVE_BASE": base}
        return search_dates(doc.text, languages=[doc.language], settings=settings) or []

    print("\n== dateparser.search.search_dates")
    cold = timed(theirs, docs, 1)
    found = 0
    for doc in docs:
        hits = theirs(doc)
        found += len(hits)
        print(f"-- {doc.name}: {len(hits)}")
        for text, when in hits:
            print(f"   {text!r:32} {when:%Y-%m-%d %H:%M}")
    print(f"matches: {found}; first pass incl. loading its data: {cold * 1000:.1f} ms")
    label = f"search_dates x{args.dateparser_repeat}"
    report(label, timed(theirs, docs, args.dateparser_repeat), docs, args.dateparser_repeat)


if __name__ == "__main__":
    main()
