"""The Streamlit page through streamlit.testing (fast, no browser)."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest
from support import REPO, write_article

from dashboard.build import build_index

APP = str(REPO / "dashboard" / "app.py")


@pytest.fixture
def small_index(corpus, tmp_path, mini_matcher, monkeypatch):
    db = tmp_path / "index.sqlite"
    build_index(corpus, db, matcher=mini_matcher)
    monkeypatch.setenv("NEWSMAP_DB", str(db))
    return db


def run(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_missing_index_says_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSMAP_DB", str(tmp_path / "none.sqlite"))
    at = run()
    assert not at.exception
    assert "No index" in at.error[0].value
    assert any("python -m dashboard build" in m.value for m in at.markdown)


def test_page_renders_and_url_selects_a_place(small_index):
    at = run(place="2461874")
    assert not at.exception
    html = " ".join(h.value for h in at.html)  # st.html: the panel reads no Markdown
    assert "<h3>Smara</h3>" in html
    assert not any("<h3>Smara</h3>" in m.value for m in at.markdown)
    assert "Le Front Polisario a bombardé la ville de <mark>Smara</mark>" in html


def test_filters_come_from_the_url_and_go_back_to_it(small_index):
    at = run(since="2023-01-01", lang="fr")
    assert not at.exception
    assert at.session_state["languages"] == ["fr"]
    params = {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}
    assert params["since"] == ["2023-01-01"] and params["lang"] == ["fr"]
    assert "until" not in params  # the end of the corpus is no filter
    # the Smara shelling, at Smara and Nouakchott (the 2022 Rabat article is filtered out)
    assert at.caption[0].value.startswith("1 event(s) at 2 place(s)")


def test_an_empty_index_says_so(tmp_path, mini_matcher, monkeypatch):
    (tmp_path / "corpus").mkdir()
    db = tmp_path / "index.sqlite"
    build_index(tmp_path / "corpus", db, matcher=mini_matcher)
    monkeypatch.setenv("NEWSMAP_DB", str(db))
    at = run()
    assert not at.exception
    assert "The index is empty" in at.info[0].value


def test_an_index_of_a_single_day_has_no_date_slider(tmp_path, mini_matcher, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "one.md", "Nothing happened in Rabat.\n", published="2023-01-05")
    db = tmp_path / "index.sqlite"
    build_index(corpus, db, matcher=mini_matcher)
    monkeypatch.setenv("NEWSMAP_DB", str(db))
    at = run(place="2538475")
    assert not at.exception
    assert not at.slider
    assert any("Every date in the index is 05 Jan 2023" in c.value for c in at.caption)


def test_quick_range_and_slider(small_index):
    at = run(since="2023-01-01")
    assert at.selectbox(key="preset").value.startswith("Custom")
    at.selectbox(key="preset").select("All").run()
    assert not at.exception
    # the whole span: the Tuesday session (2022-05-24) to the last publication (2023-11-06)
    assert at.slider(key="dates").value == (dt.date(2022, 5, 24), dt.date(2023, 11, 6))
    assert "since" not in at.query_params
