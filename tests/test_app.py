"""The Streamlit page through streamlit.testing (fast, no browser)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest
from support import REPO, write_article

from dashboard.build.pipeline import build_index

APP = str(REPO / "dashboard" / "ui" / "app.py")


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
    assert at.subheader[0].value == "1 event, all on the map"
    assert at.caption[0].value.startswith("2 place(s) on the map")


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
    at = run(since="2023-01-01", until="2023-03-01")
    assert at.selectbox(key="preset").value == "Custom"
    at.selectbox(key="preset").select("All").run()
    assert not at.exception
    # the whole span: the Tuesday session (2022-05-24) to the last publication (2023-11-06)
    assert at.slider(key="dates").value == (dt.date(2022, 5, 24), dt.date(2023, 11, 6))
    assert "since" not in at.query_params


def test_a_year_in_the_link_comes_back_as_that_quick_range(small_index):
    at = run(since="2023-01-01")  # the corpus ends on 6 Nov 2023: that is all of "2023"
    assert not at.exception
    assert at.selectbox(key="preset").value == "2023"
    at.selectbox(key="preset").select("2022").run()
    assert at.slider(key="dates").value == (dt.date(2022, 5, 24), dt.date(2022, 12, 31))
    assert (at.date_input(key="date_from").value, at.date_input(key="date_to").value) == (
        dt.date(2022, 5, 24),
        dt.date(2022, 12, 31),
    )
    assert at.query_params["until"] == "2022-12-31"


def test_typed_dates_move_the_slider_and_a_reversed_pair_is_put_in_order(small_index):
    at = run()
    at.date_input(key="date_from").set_value(dt.date(2023, 11, 6)).run()
    at.date_input(key="date_to").set_value(dt.date(2023, 1, 1)).run()
    assert not at.exception
    assert at.slider(key="dates").value == (dt.date(2023, 1, 1), dt.date(2023, 11, 6))
    assert at.selectbox(key="preset").value == "2023"


def test_a_short_window_hides_plans_and_says_the_rule(small_index):
    at = run(since="2023-10-01", until="2023-11-06")
    assert at.multiselect(key="statuses").value == ["past"]
    assert any("fewer than 90 days" in c.value for c in at.sidebar.caption)
    assert "status" not in at.query_params  # the default for those dates
    at.multiselect(key="statuses").select("planned").run()
    assert at.query_params["status"] == ["past", "planned"]
    at.selectbox(key="preset").select("All").run()  # chosen by hand: kept when dates change
    assert at.multiselect(key="statuses").value == ["past", "planned"]


def test_a_selected_place_outside_the_dates_stays_selected_and_says_why(small_index):
    at = run(place="2461874", since="2022-05-24", until="2022-12-31")
    assert not at.exception
    html = " ".join(h.value for h in at.html)
    assert "<h3>Smara</h3>" in html
    assert "No events of Smara in this range (1 outside it)" in html
    assert at.query_params["place"] == "2461874"


def test_counts_add_up_and_events_without_a_place_are_listed(tmp_path, mini_matcher, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "a.md", "The minister met with the ambassador on 3 March 2023.\n")
    write_article(corpus, "b.md", "A meeting was held in Rabat on 4 March 2023.\n", id="b")
    db = tmp_path / "index.sqlite"
    build_index(corpus, db, matcher=mini_matcher)
    monkeypatch.setenv("NEWSMAP_DB", str(db))
    at = run()
    assert not at.exception
    header = at.subheader[0].value
    total, on_map, unplaced = (int(n) for n in re.findall(r"\d+", header)[:3])
    assert header.endswith("without a place — listed below the map)")
    assert total == on_map + unplaced and unplaced >= 1 and on_map >= 1
    listed = next(h.value for h in at.html if "unplaced-events" in h.value)
    assert listed.count("<li>") == unplaced


def test_a_hand_made_link_is_ignored_with_notices_never_an_error(small_index):
    at = run(
        place="<script>alert(1)</script>", since="2023-12-31", until="2022-01-01", q="x" * 10_000
    )
    assert not at.exception
    said = " ".join(w.value for w in at.warning)
    assert "not in the index" in said and "reversed" in said and "10,000 characters" in said
    assert "place" not in at.query_params and at.session_state["text"] == ""


def test_the_app_reads_a_postgresql_index_and_sees_a_rebuild(
    corpus, pg_url, mini_matcher, monkeypatch
):
    build_index(corpus, pg_url, matcher=mini_matcher)
    monkeypatch.setenv("NEWSMAP_DB", pg_url)
    at = run(place="2461874", lang="fr")
    assert not at.exception
    html = " ".join(h.value for h in at.html)
    assert "<h3>Smara</h3>" in html
    assert "Le Front Polisario a bombardé la ville de <mark>Smara</mark>" in html
    assert at.subheader[0].value == "1 event, all on the map"

    write_article(
        corpus, "atar.fr.md", "Le Front Polisario a bombardé Smara hier.\n", language="fr"
    )
    write_article(
        corpus, "rabat2.fr.md", "Des tirs ont visé la ville de Nouakchott.\n", language="fr"
    )
    build_index(corpus, pg_url, matcher=mini_matcher)
    at = run(place="2461874", lang="fr")  # the same process: its caches are keyed on the version
    assert not at.exception
    assert at.subheader[0].value == "2 events, all on the map"


def test_downloads_are_made_only_when_asked_for(small_index):
    at = run()
    assert not at.exception and not at.get("download_button")
    at.toggle(key="downloads").set_value(True).run()
    assert not at.exception
    assert len(at.get("download_button")) == 4


def test_show_more_and_clear_selection_work_in_a_whole_page_run(
    corpus, tmp_path, mini_matcher, monkeypatch
):
    """The panel's buttons are callbacks: in a run of the whole page they change what is
    shown and never raise."""
    from dashboard.ui import panel

    write_article(
        corpus,
        "two-in-rabat.md",
        "Ministers met in Rabat on 3 March 2024.\n\nStudents marched in Rabat on 9 April 2024.\n",
        published="2024-04-10",
    )
    db = tmp_path / "index.sqlite"
    build_index(corpus, db, matcher=mini_matcher)
    monkeypatch.setenv("NEWSMAP_DB", str(db))
    monkeypatch.setattr(panel, "PANEL_SHOWN", 1)
    at = run(place="2538475")
    assert not at.exception
    more = [b for b in at.button if b.label.startswith("Show 1 more")]
    assert more, [b.label for b in at.button]
    more[0].click().run()
    assert not at.exception and at.session_state["panel_shown"] == 2
    [clear] = [b for b in at.button if b.label == "Clear selection"]
    clear.click().run()
    assert not at.exception and at.session_state["place"] is None
    assert any("Click a place on the map" in i.value for i in at.info)
    assert "place" not in dict(at.query_params)
