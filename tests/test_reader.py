from pathlib import Path

import pytest

from articles.errors import ArticleError
from articles.reader import parse_article, read_corpus

GOOD = """---
title: Rabat hosts the joint commission
outlet: Test Wire
url: https://example.org/a
published: 2022-05-25
language: en
---
Rabat hosted on Tuesday the third session.
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_parses_front_matter_and_keeps_body_verbatim():
    article = parse_article(GOOD.encode(), "corpus/rabat.md")
    assert article.id == "rabat"
    assert article.published.isoformat() == "2022-05-25"
    assert article.published_precision == "day"
    assert article.body == "Rabat hosted on Tuesday the third session.\n"
    assert len(article.content_hash) == 64


def test_optional_id_and_estimated_precision():
    text = GOOD.replace("language: en", "language: fr\nid: my-id\npublished_precision: estimated")
    article = parse_article(text.encode(), "x.md")
    assert (article.id, article.language, article.published_is_estimate) == ("my-id", "fr", True)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Rabat hosted.\n", "no front matter"),
        ("---\ntitle: x\nRabat\n", "not closed"),
        ("---\ntitle: [unclosed\n---\nbody\n", "not valid YAML"),
        ("---\n- a list\n---\nbody\n", "must be a mapping"),
        (GOOD.replace("outlet: Test Wire\n", ""), "missing field(s): outlet"),
        (GOOD.replace("2022-05-25", "2023-13-01"), "published: '2023-13-01' is not a date"),
        (GOOD.replace("language: en", "language: xx"), "language: 'xx' is not supported"),
        (GOOD.replace("https://example.org/a", "javascript:alert(1)"), "is not an http(s) URL"),
        (GOOD.replace("Rabat hosted on Tuesday the third session.\n", "  \n"), "body is empty"),
        (GOOD.replace("language: en", "language: en\nid: 'bad id!'"), "id: 'bad id!'"),
        (
            GOOD.replace("language: en", "language: en\npublished_precision: roughly"),
            "published_precision: 'roughly'",
        ),
    ],
)
def test_each_bad_input_names_file_and_problem(text, problem):
    with pytest.raises(ArticleError) as err:
        parse_article(text.encode(), "corpus/bad.md")
    assert str(err.value).startswith("corpus/bad.md: ")
    assert problem in str(err.value)


def test_undecodable_bytes():
    with pytest.raises(ArticleError, match=r"bad\.md: not UTF-8: byte 0xff at offset"):
        parse_article(GOOD.encode() + b"\xff\xfe", "bad.md")


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "b.md", GOOD.replace("2022-05-25", "someday"))
    write(tmp_path, "c.md", GOOD.replace("Rabat hosted", "Nouakchott hosted"))
    write(tmp_path, "d.md", GOOD.replace("language: en", "language: en\nid: a"))
    report = read_corpus(tmp_path)
    assert [a.id for a in report.articles] == ["a", "c"]
    messages = sorted(str(e) for e in report.errors)
    assert messages[0].startswith(str(tmp_path / "b.md") + ": published: 'someday'")
    assert "duplicate id 'a'" in messages[1] and messages[1].startswith(str(tmp_path / "d.md"))


def test_bundled_corpus_is_valid():
    report = read_corpus(Path(__file__).parents[1] / "articles" / "corpus")
    assert report.errors == []
    assert len(report.articles) == 5
    assert {a.language for a in report.articles} == {"en", "fr"}
