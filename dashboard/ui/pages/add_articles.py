"""The "Add articles" page: URLs, uploaded files or pasted text, previewed, then saved and indexed.

Layout only: drafts come from ``dashboard.ingest``, the preview from ``dashboard.ui.preview``, the
rebuild from ``dashboard.build.pipeline``. Fetching is off when ``$NEWSMAP_OFFLINE`` is set,
and the page says so. The corpus is ``$NEWSMAP_CORPUS`` (default ``articles/corpus``).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from functools import partial
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from articles.errors import NewsMapError  # noqa: E402
from articles.lexicon import supported_languages  # noqa: E402
from dashboard.fetch import fetch  # noqa: E402
from dashboard.ingest import (  # noqa: E402
    Given,
    Known,
    SameStory,
    add_draft,
    check_new,
    complete,
    draft_from_bytes,
    draft_from_page,
    load_known,
)
from dashboard.store import index as ix  # noqa: E402
from dashboard.ui import panel  # noqa: E402
from dashboard.ui.preview import preview, preview_html  # noqa: E402

st.set_page_config(page_title="Add articles", page_icon="➕", layout="wide")

CORPUS = Path(os.environ.get("NEWSMAP_CORPUS") or ix.REPO_ROOT / "articles" / "corpus")
OFFLINE = bool(os.environ.get("NEWSMAP_OFFLINE"))
AUTO = "detect"
#: The CLI's options named in messages, as this page's fields.
FIELDS = {
    "--title TEXT": "the Title field",
    "--outlet NAME": "the Outlet field",
    "--url URL": "the URL field",
    "--published YYYY-MM-DD": "the Published field",
    "give --language if": "choose the Language if",
}


def for_page(message: str) -> str:
    for flag, field in FIELDS.items():
        message = message.replace(flag, field)
    return message


@st.cache_resource(show_spinner="Loading the gazetteer…")
def matcher():
    from geodata.cache import load_matcher

    return load_matcher()


if "pending" not in st.session_state:
    st.session_state.update(pending=[], saved=None)

st.title("Add articles")
st.caption(f"New articles are written to `{CORPUS}` and indexed into the map's index.")


def prepare(make, source: str, given: Given, known: Known) -> dict:
    """One source as a pending item: the completed draft and its preview, or what went wrong."""
    try:
        draft, notes = complete(make(), given)
        check_new(draft, known)
        return {
            "source": source,
            "draft": draft,
            "notes": notes,
            "preview": preview(draft, matcher()),
        }
    except SameStory as exc:
        return {"source": source, "error": f"not saved: same story as {exc.article_id} ({exc.why})"}
    except NewsMapError as exc:
        return {
            "source": source,
            "error": for_page(
                getattr(exc, "reason", None) or getattr(exc, "problem", None) or str(exc)
            ),
        }


def given_fields(key: str) -> Given:
    cols = st.columns(5)
    title = cols[0].text_input("Title", key=f"{key}-title")
    outlet = cols[1].text_input("Outlet", key=f"{key}-outlet")
    url = cols[2].text_input("URL", key=f"{key}-url")
    published = cols[3].date_input("Published", value=None, key=f"{key}-published")
    language = cols[4].selectbox(
        "Language", [AUTO, *sorted(supported_languages())], key=f"{key}-language"
    )
    return Given(
        title=title.strip() or None,
        outlet=outlet.strip() or None,
        url=url.strip() or None,
        published=published if isinstance(published, dt.date) else None,
        language=None if language == AUTO else language,
    )


tab_urls, tab_files, tab_text = st.tabs(["URLs", "Files", "Pasted text"])
with tab_urls:
    if OFFLINE:
        st.info(
            "Fetching from the web is off: the app runs offline ($NEWSMAP_OFFLINE is set). "
            "Upload saved pages or paste the text instead."
        )
    urls = st.text_area("URLs, one per line", key="urls", disabled=OFFLINE)
    st.caption("Fields the pages lack (applied to every URL; each wins over the page's):")
    url_given = given_fields("u")
    if st.button("Fetch and preview", disabled=OFFLINE, key="fetch"):
        lines = [u.strip() for u in urls.splitlines() if u.strip()]
        bar = st.progress(0.0, text="Fetching…")
        items, known = [], load_known(CORPUS)
        for i, url in enumerate(lines, start=1):
            make = partial(lambda u: draft_from_page(fetch(u)), url)
            items.append(prepare(make, url, url_given, known))
            bar.progress(i / len(lines), text=f"{i}/{len(lines)} fetched")
        st.session_state.update(pending=items, saved=None)

with tab_files:
    uploads = st.file_uploader(
        "HTML, TXT or MD files", type=["html", "htm", "txt", "md"], accept_multiple_files=True
    )
    st.caption("Fields the files lack (applied to every file):")
    file_given = given_fields("f")
    if st.button("Read and preview", key="read"):
        known = load_known(CORPUS)
        st.session_state.update(
            pending=[
                prepare(partial(draft_from_bytes, f.getvalue(), f.name), f.name, file_given, known)
                for f in uploads or []
            ],
            saved=None,
        )

with tab_text:
    text_given = given_fields("t")
    pasted = st.text_area("The article's text", height=220, key="pasted")
    if st.button("Preview", key="preview-text"):
        make = partial(draft_from_bytes, pasted.encode("utf-8"), "pasted.txt", "pasted text")
        st.session_state.update(
            pending=[prepare(make, "pasted text", text_given, load_known(CORPUS))],
            saved=None,
        )

st.html(panel.panel_css())
pending = st.session_state.pending
ready = [item for item in pending if "draft" in item]
if pending:
    st.header(f"Found ({len(ready)} to save)")
for item in pending:
    with st.container(border=True):
        if "error" in item:
            # st.text, not st.error: the source and message are shown as text, never Markdown.
            st.markdown("**:red[Not added]**")
            st.text(f"{item['source']}: {item['error']}")
            continue
        st.html(preview_html(item["draft"], item["preview"]))
        if item["notes"]:
            st.caption("; ".join(item["notes"]))

if ready and st.button(f"Save {len(ready)} article(s)", type="primary", key="save"):
    from dashboard.build.pipeline import build_index

    known = load_known(CORPUS)
    outcomes = [add_draft(item["draft"], Given(), known) for item in ready]
    summary = None
    if any(o.status == "added" for o in outcomes):
        with st.spinner("Indexing…"):
            summary = build_index(CORPUS, None, matcher=matcher())
    st.session_state.update(
        pending=[],
        saved=([o.line() for o in outcomes], summary.lines() if summary else []),
    )
    st.rerun()

if st.session_state.saved:
    lines, summary = st.session_state.saved
    st.success("Saved. " + " ".join(summary))
    for line in lines:
        st.text(line)
    try:
        st.page_link("app.py", label="Open the map", icon="🗺️")
    except StreamlitPageNotFoundError:  # this page run on its own, without the map
        st.caption("The map is the main page: `streamlit run dashboard/ui/app.py`.")
