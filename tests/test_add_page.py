"""The Add articles page: the preview it shows (escaped), and pasted text saved through
streamlit.testing (the browser test is tests/test_browser_add.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from news_site import BORDER_TALKS, COOPERATION_FR
from sqlalchemy import select
from streamlit.testing.v1 import AppTest
from support import REPO

from articles.ingest import IngestError
from articles.ingest.record import Draft
from articles.reader import read_corpus
from dashboard.store import index as ix
from dashboard.ui.preview import preview, preview_html

PAGE = REPO / "dashboard" / "ui" / "pages" / "add_articles.py"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    return corpus


def test_preview_lists_places_events_and_evidence_escaped(mini_matcher):
    draft = Draft(
        source="x",
        body="\n\n".join(BORDER_TALKS) + "\n\nAFP/TEST PHOTO - Trucks at Guerguerat\n",
        title="<img src=x onerror=alert(1)> talks",
        outlet="Wire <b>",
        url='https://example.org/a?q="><script>',
        published=dt.date(2024, 3, 5),
        language="en",
    )
    with pytest.raises(IngestError, match="is not an http"):  # never a javascript: link
        preview(replace(draft, url="javascript:alert(1)//http://x"), mini_matcher)
    found = preview(draft, mini_matcher)
    assert {"Nouakchott", "Rabat", "Guerguerat"} <= set(found.mapped)
    captions = [p for p in found.places if p.caption]
    assert captions and captions[0].name == "Guerguerat"
    meeting = [e for e in found.events if "Nouakchott" in e.where]
    assert meeting and meeting[0].sentence.startswith("Military delegations")
    html = preview_html(draft, found)
    assert "<img" not in html and "&lt;img src=x" in html and "Wire &lt;b&gt;" in html
    assert 'href="https://example.org/a?q=&#34;&gt;&lt;script&gt;"' in html
    assert "photo caption, not mapped" in html
    assert "<mark>Nouakchott</mark>" in html


def test_page_pasted_text_preview_then_save(folder, tmp_path, monkeypatch):
    db = tmp_path / "index.sqlite"
    monkeypatch.setenv("NEWSMAP_DB", str(db))
    monkeypatch.setenv("NEWSMAP_CORPUS", str(folder))
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    assert not at.exception
    at.text_area(key="pasted").set_value("\n\n".join(COOPERATION_FR))
    at.button(key="preview-text").click().run()
    assert any("the Title field" in t.value for t in at.text), [t.value for t in at.text]
    assert not list(folder.glob("*.md"))

    at.text_input(key="t-title").set_value("Délégation <b>à</b> Nouakchott")
    at.text_input(key="t-outlet").set_value("Le Courrier")
    at.text_input(key="t-url").set_value("https://example.org/fr/delegation")
    at.date_input(key="t-published").set_value(dt.date(2024, 4, 10))
    at.button(key="preview-text").click().run()
    assert not at.exception
    html = " ".join(h.value for h in at.html)  # st.html: the preview reads no Markdown
    assert "Délégation &lt;b&gt;à&lt;/b&gt; Nouakchott" in html
    assert "<b>Nouakchott</b>" in html and "<mark>Nouakchott</mark>" in html
    assert any("language detected: fr" in c.value for c in at.caption)

    at.button(key="save").click().run()
    assert not at.exception
    assert any(s.value.startswith("Saved. articles: 1 indexed") for s in at.success)
    (article,) = read_corpus(folder).articles
    assert article.language == "fr" and article.published == dt.date(2024, 4, 10)
    engine = ix.open_index(db)
    with engine.connect() as conn:
        assert [r.title for r in conn.execute(select(ix.articles))] == [article.title]
    engine.dispose()
