"""Bringing articles in: extraction, language, front matter, near-duplicates, fetching limits,
and ``python -m dashboard add`` against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from news_site import BORDER_TALKS, COOPERATION_FR, serve
from sqlalchemy import select
from support import REPO, write_article

from articles.ingest import IngestError
from articles.ingest.dedup import StoryIndex, canonical_url
from articles.ingest.extract import decode_html, extract_html
from articles.ingest.language import article_language
from articles.ingest.record import Draft, draft_from_text, render
from articles.reader import MAX_ARTICLE_BYTES, parse_article, read_corpus
from articles.text import segment_lines
from dashboard import cli
from dashboard.build.pipeline import build_index
from dashboard.fetch import FetchError, fetch
from dashboard.ingest import Given, _new_draft, add_draft, add_sources, load_known
from dashboard.store import index as ix

LIMIT = 5 * 1024 * 1024
PAGE = REPO / "dashboard" / "ui" / "pages" / "add_articles.py"


@pytest.fixture(scope="module")
def site() -> str:
    with serve() as base:
        yield base


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    return corpus


def quick(url: str):
    return fetch(url, timeout=1.0, max_bytes=LIMIT)


def html_of(url: str) -> str:
    page = quick(url)
    return decode_html(page.body, page.charset)


def add(sources, corpus: Path, given: Given | None = None):
    return list(add_sources(sources, corpus, given or Given(), fetcher=quick))


def md_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.md"))


# --- extraction (pure) -------------------------------------------------------------------------


def test_article_metadata_title_date_site_and_canonical(site):
    found = extract_html(html_of(f"{site}/news/border-talks"), f"{site}/news/border-talks")
    assert found.title == "Morocco and Mauritania hold border talks in Nouakchott"
    assert found.outlet == "Sahel Test Wire"
    assert found.published == dt.date(2024, 3, 5)
    assert found.date_source == "metadata"
    assert found.canonical_url == f"{site}/news/border-talks"
    for paragraph in BORDER_TALKS:
        assert paragraph in found.body


def test_captions_and_boilerplate_never_become_the_story(site):
    html = html_of(f"{site}/news/border-talks")
    body = extract_html(html, f"{site}/news/border-talks").body
    kinds = {span.text(body).strip(): span.kind for span in segment_lines(body)}
    story = [line for line, kind in kinds.items() if kind == "body"]
    assert not any("AFP/TEST PHOTO" in line or "Leave a Reply" in line for line in story)
    # A credit line written into the text itself lands as a caption line the reader knows.
    inline = html.replace("<p>Both sides", "<p>AFP/TEST PHOTO - Trucks at the crossing</p><p>Both")
    body = extract_html(inline, f"{site}/news/border-talks").body
    kinds = {span.text(body).strip(): span.kind for span in segment_lines(body)}
    assert kinds["AFP/TEST PHOTO - Trucks at the crossing"] == "caption"


def test_a_date_written_in_the_text_is_not_the_publication_date(site):
    found = extract_html(html_of(f"{site}/news/patrols"), f"{site}/news/patrols")
    assert "21 July 2006" in found.body
    assert found.published is None
    assert found.outlet == "Notes"


def test_a_date_in_the_url_is_found_by_htmldate_and_marked(site):
    html = html_of(f"{site}/news/patrols")
    found = extract_html(html, "https://example.org/2024/03/05/patrols-resume")
    assert found.published == dt.date(2024, 3, 5)


def test_host_name_is_no_outlet():
    html = "<html><body><article>" + "<p>" + " ".join(BORDER_TALKS) + "</p></article></body></html>"
    assert extract_html(html, "http://127.0.0.1:8000/x").outlet is None


def test_a_page_in_latin_1_declared_only_in_its_html(site, folder):
    outcome = add([f"{site}/fr/latin1"], folder)[0]
    assert outcome.status == "added", outcome.line()
    article = read_corpus(folder).articles[0]
    assert article.title == "Le Maroc et la Mauritanie renforcent leur coopération"
    assert "état-major" in article.body and "\ufffd" not in article.body


def test_a_list_of_links_is_not_an_article(site):
    with pytest.raises(IngestError, match="not an article"):
        extract_html(html_of(f"{site}/index"), f"{site}/index")


# --- language, front matter, duplicates (pure) ---------------------------------------------------


def test_language_detected_given_or_refused():
    assert article_language(" ".join(COOPERATION_FR), None, "x").language == "fr"
    assert article_language(" ".join(BORDER_TALKS), None, "x").language == "en"
    assert article_language(" ".join(BORDER_TALKS), "FR", "x").detected is False
    with pytest.raises(IngestError, match="'de'.*no word lists.*--language"):
        article_language("Die Gespräche betrafen gemeinsame Patrouillen an der Grenze.", None, "x")
    with pytest.raises(IngestError, match="'es' has no word lists"):
        article_language("texto", "es", "x")


def test_rendered_file_is_read_back_unchanged_even_with_hostile_text():
    title = "---\ntitle: injected\n<script>alert(1)</script> 'quotes' \"and\" : colons #"
    draft = Draft(
        source="x",
        body="Body line one.\n\n---\nnot front matter\n",
        title=title,
        outlet='=HYPERLINK("http://evil")',
        url="https://example.org/a?b=1",
        published=dt.date(2024, 3, 5),
        language="en",
        extra={"redirects": ["https://example.org/old"], "author": None},
    )
    text = render(draft, "a.md")
    article = parse_article(text.encode("utf-8"), "a.md")
    assert article.title == title
    assert article.body == "Body line one.\n\n---\nnot front matter\n"
    assert article.outlet == draft.outlet
    assert article.extra["redirects"] == ["https://example.org/old"]
    assert "author" not in article.extra


def test_missing_fields_are_named_with_the_flag_that_supplies_them():
    draft = Draft(source="notes.txt", body="Some text.\n", language="en")
    with pytest.raises(IngestError) as err:
        render(draft)
    message = str(err.value)
    assert message.startswith("notes.txt: not added:")
    for hint in ("--title", "--outlet", "--url", "publication date found (give --published"):
        assert hint in message


def test_markdown_with_front_matter_keeps_fields_and_body():
    text = "---\ntitle: Talks\noutlet: Wire\npublished: 2024-03-05\nseed: s1\n---\nBody.\n"
    draft = draft_from_text(text, "a.md")
    assert (draft.title, draft.outlet, draft.published) == ("Talks", "Wire", dt.date(2024, 3, 5))
    assert draft.body == "Body.\n" and draft.extra == {"seed": "s1"}
    with pytest.raises(IngestError, match="published: '5 March' is not a date"):
        draft_from_text("---\ntitle: T\npublished: 5 March\n---\nBody.\n", "b.md")


def test_canonical_url_drops_tracking_and_fragment():
    a = canonical_url("HTTPS://Example.org:443/news/a?utm_source=rss&id=7&fbclid=x#top")
    assert a == canonical_url("https://example.org/news/a?id=7")
    assert a != canonical_url("https://example.org/news/a?id=8")


def test_same_story_found_in_its_language_only():
    stories = StoryIndex()
    stories.add("talks", "en", "\n".join(BORDER_TALKS))
    syndicated = "Border talks\n" + "\n".join(BORDER_TALKS) + "\nFirst published elsewhere."
    match = stories.same_story("en", syndicated)
    assert match and match.article_id == "talks" and match.similarity >= 0.7
    assert stories.same_story("fr", syndicated) is None  # a translation stays a source
    assert stories.same_story("en", "\n".join(COOPERATION_FR)) is None


# --- fetching within limits (real server) ---------------------------------------------------------


def test_redirects_are_followed_and_recorded(site):
    page = quick(f"{site}/old/border-talks")
    assert page.final_url == f"{site}/news/border-talks"
    assert page.redirects == (f"{site}/old/border-talks",)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404"),
        ("/hang", "timed out after 1 s"),
        ("/huge", "too large: more than 5,242,880 bytes"),
        ("/huge-declared", "too large: 20,971,527 bytes"),
        ("/to-ftp", "only http"),
    ],
)
def test_fetch_refuses_with_the_reason(site, path, reason):
    with pytest.raises(FetchError, match=reason) as err:
        quick(f"{site}{path}")
    assert err.value.url == f"{site}{path}"


def test_only_http_urls():
    with pytest.raises(FetchError, match="only http"):
        fetch("file:///etc/passwd")


# --- adding to a corpus ---------------------------------------------------------------------------


def test_add_writes_files_the_reader_accepts(site, folder):
    outcomes = add([f"{site}/old/border-talks", f"{site}/fr/cooperation"], folder)
    assert [o.status for o in outcomes] == ["added", "added"], [o.line() for o in outcomes]
    report = read_corpus(folder)
    assert not report.errors
    by_lang = {a.language: a for a in report.articles}
    en, fr = by_lang["en"], by_lang["fr"]
    assert en.url == f"{site}/news/border-talks"
    assert en.extra["redirects"] == [f"{site}/old/border-talks"]
    assert en.extra["fetched_url"] == f"{site}/old/border-talks"
    assert (en.outlet, en.published, en.published_precision) == (
        "Sahel Test Wire",
        dt.date(2024, 3, 5),
        "day",
    )
    assert fr.title == "Le Maroc et la Mauritanie renforcent leur coopération"
    assert "language detected: fr" in outcomes[1].notes
    assert not list(folder.glob(".adding-*"))


def test_add_reports_every_failure_and_writes_nothing_for_it(site, folder):
    sources = [f"{site}/news/patrols", f"{site}/index", f"{site}/missing", f"{site}/de/grenze"]
    outcomes = add(sources, folder)
    assert [o.status for o in outcomes] == ["failed"] * 4
    assert "give --published YYYY-MM-DD" in outcomes[0].detail
    assert "not an article" in outcomes[1].detail
    assert "HTTP 404" in outcomes[2].detail
    assert "'de'" in outcomes[3].detail
    assert not list(folder.iterdir())
    again = add([f"{site}/news/patrols"], folder, Given(published=dt.date(2024, 3, 7)))
    assert again[0].status == "added"
    assert read_corpus(folder).articles[0].published == dt.date(2024, 3, 7)


def test_same_page_or_same_story_is_linked_not_added(site, folder):
    first = add([f"{site}/news/border-talks"], folder)[0]
    assert first.status == "added"
    repeat = [f"{site}/news/border-talks?utm_source=x", f"{site}/syndicated/border-talks"]
    outcomes = add(repeat, folder)
    assert [o.status for o in outcomes] == ["skipped", "skipped"]
    assert outcomes[0].detail == f"already in the corpus as {first.path.stem}"
    assert outcomes[1].detail.startswith(f"same story as {first.path.stem} (similarity")
    assert len(md_files(folder)) == 1
    ledger = (folder / "same_story.jsonl").read_text()
    assert "Atlantic Syndicate" in ledger and first.path.stem in ledger
    # Known by the ledger now: not fetched again.
    assert add([f"{site}/syndicated/border-talks"], folder)[0].detail.startswith(
        "already in the corpus"
    )


def test_files_html_text_and_markdown(tmp_path, folder):
    html = tmp_path / "saved.html"
    html.write_text(
        "<html><head><meta property='og:site_name' content='Saved Wire'></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in BORDER_TALKS)
        + "</article></body></html>",
        encoding="utf-8",
    )
    text = tmp_path / "notes.txt"
    text.write_text("Une délégation est arrivée à Nouakchott mardi pour des entretiens.\n")
    md = tmp_path / "ready.md"
    md.write_text(
        "---\ntitle: Prêt\noutlet: Wire\nurl: https://example.org/r\npublished: 2024-01-02\n"
        "language: fr\n---\nLe texte est déjà prêt, avec Rabat et Nouakchott.\n",
        encoding="utf-8",
    )
    bad = tmp_path / "photo.png"
    bad.write_bytes(b"\x89PNG")
    outcomes = add([str(html), str(text), str(md), str(bad)], folder)
    assert outcomes[0].status == "failed" and "--title" in outcomes[0].detail
    assert "--url" in outcomes[0].detail and "--outlet" not in outcomes[0].detail
    assert outcomes[1].status == "failed" and "--title" in outcomes[1].detail
    assert outcomes[2].status == "added"
    assert outcomes[3].status == "failed" and "unknown file type" in outcomes[3].detail
    given = Given("Notes", "Field", "https://example.org/n", dt.date(2024, 3, 1))
    done = add([str(text)], folder, given)[0]
    assert done.status == "added", done.line()
    article = parse_article(done.path.read_bytes(), done.path)
    assert article.body == text.read_text() and article.language == "fr"


# --- the command line ------------------------------------------------------------------------


def test_cli_add_then_index(site, folder, tmp_path, capsys):
    db = tmp_path / "index.sqlite"
    argv = ["add", f"{site}/news/border-talks", f"{site}/news/patrols", f"{site}/hang"]
    argv += ["--corpus", str(folder), "--db", str(db), "--timeout", "1", "--quiet"]
    assert cli.main(argv) == 1  # two failures
    out, err = capsys.readouterr()
    assert f"failed: {site}/news/patrols: not added: no publication date found" in err
    assert "give --published YYYY-MM-DD" in err
    assert f"failed: {site}/hang: timed out after 1 s" in err
    assert "sources: 1 added, 0 skipped, 2 failed" in out
    assert "articles: 1 indexed" in out
    engine = ix.open_index(db)
    with engine.connect() as conn:
        titles = [r.title for r in conn.execute(select(ix.articles))]
        places = {r.name for r in conn.execute(select(ix.places))}
    engine.dispose()
    assert titles == ["Morocco and Mauritania hold border talks in Nouakchott"]
    assert {"Nouakchott", "Rabat"} <= places

    argv = ["add", f"{site}/news/patrols", "--published", "2024-03-07", "--outlet", "Desert"]
    assert cli.main([*argv, "--corpus", str(folder), "--db", str(db), "--quiet"]) == 0
    out, _ = capsys.readouterr()
    assert "articles: 1 indexed, 1 unchanged (skipped)" in out
    patrols = [a for a in read_corpus(folder).articles if a.outlet == "Desert"]
    assert patrols and patrols[0].extra["published_from"] == "given"


def test_cli_add_nothing_new_leaves_the_index(site, folder, tmp_path, capsys):
    add([f"{site}/news/border-talks"], folder)
    argv = ["add", f"{site}/news/border-talks?utm_campaign=z", "--corpus", str(folder)]
    assert cli.main([*argv, "--db", str(tmp_path / "none.sqlite"), "--quiet"]) == 0
    out, _ = capsys.readouterr()
    assert "skipped:" in out and "articles:" not in out
    assert not (tmp_path / "none.sqlite").exists()


def test_a_page_mostly_of_links_is_not_an_article():
    story = "<p>" + " ".join(BORDER_TALKS[:1]) + "</p>"
    links = "".join(
        f'<li><a href="/n/{i}">Read the full story about the border talks number {i} here</a></li>'
        for i in range(40)
    )
    html = f"<html><body><article>{story}</article><ul>{links}</ul></body></html>"
    with pytest.raises(IngestError, match=r"not an article: \d+% of its text is links"):
        extract_html(html, "https://example.org/hub")


def test_a_new_file_never_replaces_another(site, folder):
    first = add([f"{site}/news/border-talks"], folder)[0]
    original = first.path.read_bytes()
    given = Given(url="https://example.org/other-copy")
    # Same title, outlet and date, other text: the same file name is taken, so "-2" is used.
    draft = draft_from_text(
        "---\ntitle: Morocco and Mauritania hold border talks in Nouakchott\n"
        "outlet: Sahel Test Wire\npublished: 2024-03-05\n---\n" + "\n\n".join(COOPERATION_FR),
        "copy.md",
    )
    outcome = add_draft(draft, given, load_known(folder))
    assert outcome.status == "added", outcome.line()
    assert outcome.path.name == first.path.stem + "-2.md"
    assert first.path.read_bytes() == original
    assert {a.id for a in read_corpus(folder).articles} == {first.path.stem, outcome.path.stem}


def test_add_and_feed_help_have_examples(capsys):
    for command in ("add", "feed"):
        with pytest.raises(SystemExit):
            cli.main([command, "--help"])
        assert "python -m dashboard " + command in capsys.readouterr().out


def test_add_refuses_a_yaml_bomb_in_given_markdown_like_the_reader():
    bomb = "---\ntitle: [&a [lol, lol, lol], [*a, *a, *a]]\n---\nA meeting in Rabat.\n"
    with pytest.raises(IngestError, match="alias"):
        draft_from_text(bomb, "bomb.md")


def test_add_refuses_a_non_http_scheme_and_an_oversized_file(tmp_path):
    with pytest.raises(IngestError, match="only http"):
        _new_draft("javascript:alert(1)", fetcher=None)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (MAX_ARTICLE_BYTES + 1))
    with pytest.raises(IngestError, match="over the limit"):
        _new_draft(str(big), fetcher=None)


def test_the_provenance_fields_add_writes_are_kept_without_a_warning(tmp_path, mini_matcher):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(
        corpus,
        "a.md",
        "A meeting was held in Rabat on 4 March 2023.\n",
        fetched_url="https://example.org/b",
        author="A. Writer",
        seed="x",
    )
    summary = build_index(corpus, tmp_path / "i.sqlite", matcher=mini_matcher)
    assert [w for w in summary.warnings if "unknown front-matter" in w] == [
        f"{corpus / 'a.md'}: unknown front-matter field 'seed' kept as extra data"
    ]
