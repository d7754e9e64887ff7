"""Which language detector for `add`: py3langid or lingua, on EN/FR news paragraphs.

    python bench/language_bench.py

The paragraphs are the body lines (captions and boilerplate left out, 40 characters or more) of
the bundled corpus in articles/corpus, each labelled with its article's language, plus short
headline-length cuts of them (the first 8 words), which are harder. Prints accuracy and speed of
each detector, both over every language it knows (what `add` needs: a language without word lists
must be refused, not forced into EN or FR). Asserts nothing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from articles.reader import corpus_files, read_article  # noqa: E402
from articles.text import segment_lines  # noqa: E402


def samples() -> list[tuple[str, str]]:
    out = []
    for path in corpus_files(REPO / "articles" / "corpus"):
        article = read_article(path)
        for span in segment_lines(article.body):
            line = span.text(article.body).strip()
            if span.kind == "body" and len(line) >= 40:
                out.append((line, article.language))
    return out


def headlines(paragraphs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(" ".join(text.split()[:8]), lang) for text, lang in paragraphs]


def py3langid_detector():
    import py3langid

    return lambda text: py3langid.classify(text)[0]


def lingua_detector():
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def detect(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "?"

    return detect


def measure(name: str, make, sets: dict[str, list[tuple[str, str]]]) -> None:
    started = time.perf_counter()
    detect = make()
    detect("warm up")
    load = time.perf_counter() - started
    for label, items in sets.items():
        started = time.perf_counter()
        right = sum(detect(text) == lang for text, lang in items)
        seconds = time.perf_counter() - started
        print(
            f"{name:10s} {label:10s} accuracy {right}/{len(items)} = {right / len(items):.3f}  "
            f"{1000 * seconds / len(items):.2f} ms/text"
        )
    print(f"{name:10s} load {load:.2f} s")


def main() -> None:
    paragraphs = samples()
    sets = {"paragraphs": paragraphs, "headlines": headlines(paragraphs)}
    langs = sorted({lang for _, lang in paragraphs})
    print(f"{len(paragraphs)} paragraphs from articles/corpus ({', '.join(langs)})")
    measure("py3langid", py3langid_detector, sets)
    measure("lingua", lingua_detector, sets)


if __name__ == "__main__":
    main()
