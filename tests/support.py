"""Test data and helpers shared by the test modules (imported as ``support``)."""

from __future__ import annotations

from pathlib import Path

from articles.reader import Article, parse_article
from geodata.place import Place

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parents[1]

#: World-tier places that exercise the traps: Samara (RU) carries the alias "Smara", Nice is a
#: common word, Tichitt is a small regional village.
WORLD = [
    Place("499099", "Samara", "city", "RU", 53.20007, 50.15, 1134730, ("Smara",), "world"),
    Place("2990440", "Nice", "city", "FR", 43.70313, 7.26608, 338620, (), "world"),
    Place("3017382", "France", "country", "FR", 46.0, 2.0, 64768389, ("Francia",), "world"),
    Place("2267057", "Lisbon", "city", "PT", 38.71667, -9.13333, 517802, ("Lisboa",), "world"),
    Place("2440485", "Niamey", "city", "NE", 13.51366, 2.1098, 774235, (), "world"),
    Place("2374600", "Tichitt", "village", "MR", 18.45, -9.5167, 0, ("Tichit",), "regional"),
]


def article_text(body: str, **meta: str) -> str:
    fields = {
        "title": "Test article",
        "outlet": "Test Wire",
        "url": "https://example.org/test",
        "published": "2023-11-06",
        "language": "en",
        **meta,
    }
    front = "".join(f"{k}: {v!r}\n" if k == "title" else f"{k}: {v}\n" for k, v in fields.items())
    return f"---\n{front}---\n{body}"


def write_article(folder: Path, name: str, body: str, **meta: str) -> Path:
    path = folder / name
    path.write_text(article_text(body, **meta), encoding="utf-8")
    return path


def parsed_article(
    body: str,
    article_id: str = "a1",
    *,
    published: str,
    language: str = "en",
    precision: str = "day",
) -> Article:
    """An ``Article`` through the real reader, without a file."""
    text = article_text(
        body, language=language, published=published, published_precision=precision, id=article_id
    )
    return parse_article(text.encode("utf-8"), f"{article_id}.md")
