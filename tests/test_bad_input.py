"""Bad input, as a hostile or careless analyst would feed it: every case is named `path: problem`
(or indexed with a warning), and every other article of the corpus is still indexed."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from support import DATA, WORLD, article_text, write_article

from articles.errors import ArticleError
from articles.reader import MAX_ARTICLE_BYTES, list_corpus, parse_article, read_bytes, safe_id
from articles.text import segment_lines, sentences
from dashboard.build.pipeline import build_index
from geodata.gazetteer import build_gazetteer, load_curated, load_overrides
from geodata.matcher import PlaceMatcher

GOOD_BODY = "Nouakchott hosted the talks on Tuesday.\n"
FIELDS = "title: A test\noutlet: Test Wire\nurl: https://example.org/t\nlanguage: en\n"


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def ids(db: Path) -> list[str]:
    return [r[0] for r in rows(db, "select id from articles order by id")]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A corpus with one good article, `good.md`, that every case must leave indexed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "good.md", GOOD_BODY)
    return corpus


def raw(folder: Path, name: str, front: str, body: str = GOOD_BODY) -> Path:
    """An article whose front matter is the required fields plus ``front`` (YAML text)."""
    path = folder / name
    path.write_text(f"---\n{FIELDS}{front}---\n{body}", encoding="utf-8")
    return path


def build(folder: Path, matcher: PlaceMatcher):
    db = folder.parent / "index.sqlite"
    summary = build_index(folder, db, matcher=matcher)
    assert "good" in ids(db), "the good article must always be indexed"
    return summary, db


def rejected(folder: Path, matcher: PlaceMatcher, name: str, problem: str) -> str:
    """Build; assert ``name`` is rejected with ``problem`` and the good article indexed."""
    summary, db = build(folder, matcher)
    prefix = f"{folder / name}: "
    mine = [e for e in summary.errors if e.startswith(prefix)]
    assert len(mine) == 1, summary.errors
    assert problem in mine[0], mine[0]
    assert (str(folder / name), mine[0][len(prefix) :]) in rows(db, "select * from rejected")
    return mine[0]


# --- front matter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Nouakchott hosted.\n", "no front matter: the file must start with a '---' line"),
        (f"---\n{FIELDS}published: 2023-01-01\nNouakchott\n", "not closed by a '---' line"),
        ("---\ntitle: [unclosed\n---\nbody\n", "front matter is not valid YAML (front matter line"),
        ("---\n- a\n- list\n---\nbody\n", "front matter must be a mapping of field: value"),
        ("---\njust text\n---\nbody\n", "front matter must be a mapping of field: value"),
    ],
    ids=["missing", "unclosed", "not-yaml", "a-list", "a-scalar"],
)
def test_front_matter_missing_unclosed_or_not_a_mapping(folder, mini_matcher, text, problem):
    (folder / "bad.md").write_text(text, encoding="utf-8")
    rejected(folder, mini_matcher, "bad.md", problem)


@pytest.mark.parametrize(
    ("front", "problem"),
    [
        ("x: !!python/object/apply:os.system [echo owned]\n", "tag !!python/object/apply:os"),
        ("x: !!python/name:os.system\n", "tag !!python/name:os.system is not allowed"),
        ("x: !!timestamp 2020-01-01\n", "tag !!timestamp is not allowed"),
        ("x: !!binary aGVsbG8=\n", "tag !!binary is not allowed"),
        ("x: !!set {a: null}\n", "tag !!set is not allowed"),
        ("x: !custom thing\n", "tag !custom is not allowed"),
    ],
    ids=["python-object", "python-name", "timestamp", "binary", "set", "local-tag"],
)
def test_tagged_values_are_refused_before_anything_is_built(folder, mini_matcher, front, problem):
    raw(folder, "bad.md", "published: 2023-01-01\n" + front)
    rejected(folder, mini_matcher, "bad.md", problem)


def test_a_plain_tag_that_only_says_text_is_accepted(folder, mini_matcher):
    raw(folder, "year.md", "published: 2023-01-01\nedition: !!str 2023\n")
    _, db = build(folder, mini_matcher)
    [(extra,)] = rows(db, "select extra from articles where id = 'year'")
    assert json.loads(extra) == {"edition": "2023"}


def test_a_recursive_alias_is_refused(folder, mini_matcher):
    raw(folder, "bad.md", "published: 2023-01-01\nseed: &r [*r]\n")
    rejected(folder, mini_matcher, "bad.md", "front matter line 6: anchor &r is not allowed")


def test_a_list_nested_5000_deep_is_refused(folder, mini_matcher):
    raw(folder, "bad.md", "published: 2023-01-01\nseed: " + "[" * 5000 + "]" * 5000 + "\n")
    rejected(folder, mini_matcher, "bad.md", "nested more than 20 levels deep")


def _alias_bomb(field: str, levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    for n in range(1, levels):
        refs = ", ".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{refs}]\n")
    lines.append(f"{field}: *a{levels - 1}\n")  # 9**9 = 387 M strings once expanded
    return "".join(lines)


@pytest.mark.parametrize("field", ["extra_field", "title"])
def test_an_alias_bomb_is_refused_fast_and_the_message_stays_short(folder, mini_matcher, field):
    front = _alias_bomb(field)
    text = "---\n" + FIELDS.replace("title: A test\n", "") + "published: 2023-01-01\n" + front
    (folder / "bomb.md").write_text(text + "---\n" + GOOD_BODY, encoding="utf-8")
    started = time.perf_counter()
    message = rejected(folder, mini_matcher, "bomb.md", "anchor &a0 is not allowed")
    assert time.perf_counter() - started < 10
    assert len(message) < 300


def test_front_matter_over_the_size_limit_is_refused_with_the_limit(folder, mini_matcher):
    raw(folder, "bad.md", "published: 2023-01-01\nnotes: '" + "x" * 70_000 + "'\n")
    rejected(folder, mini_matcher, "bad.md", "over the limit of 65,536")


@pytest.mark.parametrize(
    ("front", "problem"),
    [
        ("published: [2023, 1, 1]\n", "published: <a list of 3 items> is not a date"),
        ("published: 20230101\n", "published: 20230101 is not a date"),
        ("published: 2023-01-01T10:00:00\n", "published: '2023-01-01T10:00:00' is not a date"),
        ("published: 9999-12-31\n", "published: 9999-12-31 is outside the years 1800-2199"),
        ("published: 0001-01-01\n", "published: 0001-01-01 is outside the years 1800-2199"),
        ("published: 2023-02-30\n", "published: '2023-02-30' is not a date"),
    ],
    ids=["list", "number", "date-time", "year-9999", "year-1", "feb-30"],
)
def test_a_date_that_is_not_a_usable_date(folder, mini_matcher, front, problem):
    raw(folder, "bad.md", front)
    rejected(folder, mini_matcher, "bad.md", problem)


@pytest.mark.parametrize(
    ("title", "problem"),
    [
        ("[a, b]", "title: <a list of 2 items> is not a non-empty text"),
        ("{a: b}", "title: <a mapping of 1 items> is not a non-empty text"),
        ("true", "title: True is not a non-empty text"),
        ("''", "missing field(s): title"),
        ("'" + "y" * 5000 + "'", None),  # a long title is fine
    ],
    ids=["list", "mapping", "bool", "empty", "long"],
)
def test_wrong_types(folder, mini_matcher, title, problem):
    path = folder / "typed.md"
    front = FIELDS.replace("title: A test", f"title: {title}")
    path.write_text(f"---\n{front}published: 2023-01-01\n---\n{GOOD_BODY}", encoding="utf-8")
    if problem is None:
        summary, db = build(folder, mini_matcher)
        assert summary.rejected == 0 and "typed" in ids(db)
    else:
        rejected(folder, mini_matcher, "typed.md", problem)


def test_a_huge_wrong_value_is_clipped_in_the_message(folder, mini_matcher):
    raw(folder, "bad.md", "published: '" + "9" * 60_000 + "'\n")
    message = rejected(folder, mini_matcher, "bad.md", "is not a date")
    assert len(message) < 300 and "characters)" in message


def test_unknown_fields_are_kept_and_warned_once(folder, mini_matcher):
    for n in range(3):
        raw(folder, f"s{n}.md", f"published: 2023-01-01\nseed: s-{n}\nnotes: [a, b]\n")
    summary, db = build(folder, mini_matcher)
    assert summary.rejected == 0
    seed = [w for w in summary.warnings if "'seed'" in w]
    assert seed == [
        f"{folder / 's0.md'} and 2 other file(s): unknown front-matter field 'seed' kept as "
        "extra data"
    ]
    extras = dict(rows(db, "select id, extra from articles where id like 's%'"))
    assert json.loads(extras["s2"]) == {"seed": "s-2", "notes": ["a", "b"]}


def test_a_date_in_the_future_is_warned_and_kept(folder, mini_matcher):
    raw(folder, "later.md", "published: 2150-01-01\n")
    summary, db = build(folder, mini_matcher)
    assert f"{folder / 'later.md'}: published: 2150-01-01 is in the future" in summary.warnings
    assert "later" in ids(db)


def test_an_unknown_language(folder, mini_matcher):
    path = folder / "xx.md"
    front = FIELDS.replace("language: en", "language: klingon")
    path.write_text(f"---\n{front}published: 2023-01-01\n---\n{GOOD_BODY}", encoding="utf-8")
    rejected(folder, mini_matcher, "xx.md", "language: 'klingon' is not supported (known: en, fr)")


# --- body and bytes -------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   \n\t\n", "\n\n\n"], ids=["empty", "spaces", "newlines"])
def test_an_empty_or_blank_body(folder, mini_matcher, body):
    raw(folder, "blank.md", "published: 2023-01-01\n", body=body)
    rejected(folder, mini_matcher, "blank.md", "body is empty")


def test_nul_bytes(folder, mini_matcher):
    path = raw(folder, "nul.md", "published: 2023-01-01\n")
    path.write_bytes(path.read_bytes() + b"Rabat\x00\x00\x01 binary")
    rejected(folder, mini_matcher, "nul.md", "NUL character at offset")


def test_utf16_with_a_bom_is_decoded_and_said(folder, mini_matcher):
    text = article_text("Rabat hosted the talks.\n", published="2023-01-01")
    (folder / "u16.md").write_bytes(text.encode("utf-16"))  # with its byte-order mark
    (folder / "u16be.md").write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    summary, db = build(folder, mini_matcher)
    assert summary.rejected == 0
    for name in ("u16.md", "u16be.md"):
        assert (
            f"{folder / name}: decoded as utf-16 (not UTF-8); save it as UTF-8 to silence this"
            in summary.warnings
        )
    assert rows(db, "select body from articles where id = 'u16'") == [
        ("Rabat hosted the talks.\n",)
    ]


def test_a_utf8_bom_is_dropped_silently(folder, mini_matcher):
    text = article_text("Rabat hosted the talks.\n", published="2023-01-01")
    (folder / "bom.md").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    summary, db = build(folder, mini_matcher)
    assert (summary.rejected, summary.warnings) == (0, ())
    assert "bom" in ids(db)


def test_windows_1252_is_decoded_when_it_can_be_told_apart(folder, mini_matcher):
    body = "Le président a reçu à Rabat l’envoyé « spécial » — 5 € de plus.\n"
    text = article_text(body, published="2023-01-01", language="fr")
    (folder / "cp1252.md").write_bytes(text.encode("cp1252"))
    summary, db = build(folder, mini_matcher)
    assert f"{folder / 'cp1252.md'}: decoded as windows-1252 (not UTF-8)" in "\n".join(
        summary.warnings
    )
    assert rows(db, "select body from articles where id = 'cp1252'") == [(body,)]


@pytest.mark.parametrize(
    "tail",
    [b"\xff\xfe", b"\x81\x8d\x8f", bytes(range(0x80, 0xA0)) + b"\xc3"],
    ids=["bom-like", "undefined-in-1252", "c1-controls"],
)
def test_bytes_that_are_not_recognisable_text_are_refused(folder, mini_matcher, tail):
    path = raw(folder, "bin.md", "published: 2023-01-01\n")
    path.write_bytes(path.read_bytes() + tail)
    rejected(folder, mini_matcher, "bin.md", "not UTF-8: byte 0x")


def test_crlf_and_mixed_line_ends(folder, mini_matcher):
    text = article_text("Rabat hosted the talks.\r\nSmara was shelled.\rNouakchott reacted.\n")
    (folder / "crlf.md").write_bytes(text.replace("\n", "\r\n", 3).encode())
    summary, db = build(folder, mini_matcher)
    assert summary.rejected == 0
    sentences_of = dict(
        rows(db, "select surface, sentence from mentions where article_id = 'crlf'")
    )
    assert sentences_of["Rabat"] == "Rabat hosted the talks."
    assert sentences_of["Smara"] == "Smara was shelled."
    assert sentences_of["Nouakchott"] == "Nouakchott reacted."
    [(body,)] = rows(db, "select body from articles where id = 'crlf'")
    assert "\r" not in body


def test_a_50_mb_file_is_refused_with_the_limit_named(folder, mini_matcher):
    path = folder / "huge.md"
    with path.open("wb") as fh:
        fh.write(article_text("Rabat.\n").encode())
        fh.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to the disk
    message = rejected(folder, mini_matcher, "huge.md", "over the limit of 2,097,152 bytes")
    assert "52,428,800 bytes" in message
    with pytest.raises(ArticleError, match="over the limit"):
        parse_article(b"x" * (MAX_ARTICLE_BYTES + 1), "bytes.md")


def test_one_1_mb_line_is_read_and_split(folder, mini_matcher):
    line = "Rabat " + "palabra " * 131_072  # one line of 1 MB, no sentence end
    raw(folder, "long.md", "published: 2023-01-01\n", body=line + "\n")
    started = time.perf_counter()
    summary, db = build(folder, mini_matcher)
    assert summary.rejected == 0
    assert time.perf_counter() - started < 60
    [(n,)] = rows(db, "select length(body) from articles where id = 'long'")
    assert n == len(line) + 1
    spans = sentences(line, segment_lines(line))
    assert [(s.start, s.end) for s in spans] == [(0, len(line.rstrip()))]


def test_5000_tiny_files(tmp_path, mini_matcher):
    corpus = tmp_path / "many"
    corpus.mkdir()
    for n in range(5000):
        raw(corpus, f"t{n:04d}.md", "published: 2023-01-01\n", body=f"Note {n} from Rabat.\n")
    summary = build_index(corpus, tmp_path / "index.sqlite", matcher=mini_matcher)
    assert (summary.indexed, summary.rejected) == (5000, 0)
    assert rows(tmp_path / "index.sqlite", "select count(*) from mentions") == [(5000,)]


# --- the corpus folder ----------------------------------------------------------------------


def test_a_symlink_out_of_the_folder_is_not_followed(folder, mini_matcher, tmp_path):
    secret = tmp_path / "secret.md"
    write_article(tmp_path, "secret.md", "Rabat secret.\n")
    (folder / "link.md").symlink_to(secret)
    inside = folder / "alias.md"
    inside.symlink_to(folder / "good.md")  # inside the folder: read (and a duplicate id)
    message = rejected(folder, mini_matcher, "link.md", "outside the corpus folder: not followed")
    assert str(secret) in message
    assert "secret" not in ids(folder.parent / "index.sqlite")


def test_a_symlink_loop(folder, mini_matcher):
    (folder / "loop.md").symlink_to(folder / "loop.md")
    (folder / "a.md").symlink_to(folder / "b.md")
    (folder / "b.md").symlink_to(folder / "a.md")
    summary, _ = build(folder, mini_matcher)
    for name in ("loop.md", "a.md", "b.md"):
        assert f"{folder / name}: broken symlink or symlink loop: skipped" in summary.errors


def test_a_directory_named_like_an_article(folder, mini_matcher):
    (folder / "x.md").mkdir()
    write_article(folder / "x.md", "inner.md", "Rabat.\n")  # subfolders are not read
    rejected(folder, mini_matcher, "x.md", "is a directory, not an article file")


def test_a_fifo_named_like_an_article_is_not_opened(folder, mini_matcher):
    os.mkfifo(folder / "pipe.md")  # opening it would block the build forever
    rejected(folder, mini_matcher, "pipe.md", "is not a regular file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_an_unreadable_file(folder, mini_matcher):
    path = write_article(folder, "secret.md", "Rabat.\n")
    path.chmod(0)
    rejected(folder, mini_matcher, "secret.md", "cannot be read: Permission denied")


def test_a_file_that_disappears_after_listing(folder):
    write_article(folder, "gone.md", "Rabat.\n")
    paths, problems = list_corpus(folder)
    assert problems == [] and folder / "gone.md" in paths
    (folder / "gone.md").unlink()
    with pytest.raises(ArticleError, match=r"gone\.md: disappeared before it could be read"):
        read_bytes(folder / "gone.md")


def test_a_file_changed_while_the_build_runs(folder, mini_matcher):
    """The file is read once: the index holds one consistent snapshot, and the next build sees
    the change."""
    path = write_article(folder, "live.md", "Rabat hosted the talks.\n")
    first = path.read_bytes()

    def change_during_analysis(items):
        path.write_text(article_text("Smara was shelled.\n"), encoding="utf-8")
        yield from items

    db = folder.parent / "index.sqlite"
    build_index(folder, db, matcher=mini_matcher, progress=change_during_analysis)
    [(body, digest)] = rows(db, "select body, content_hash from articles where id = 'live'")
    assert body == "Rabat hosted the talks.\n"
    assert digest == parse_article(first, path).content_hash
    assert build_index(folder, db, matcher=mini_matcher).indexed == 1
    assert rows(db, "select body from articles where id = 'live'") == [("Smara was shelled.\n",)]


def test_file_names_with_spaces_and_other_letters_get_a_safe_id(folder, mini_matcher):
    write_article(folder, "Réunion à Nouakchott.md", "Rabat hosted the talks.\n")
    write_article(folder, "تقرير.md", "Smara was shelled.\n")
    write_article(folder, "a  b (copy).md", "Rabat again.\n")
    summary, db = build(folder, mini_matcher)
    assert summary.rejected == 0
    expected = {"Reunion-a-Nouakchott", safe_id("تقرير"), "a-b-copy", "good"}
    assert set(ids(db)) == expected
    assert safe_id("تقرير").startswith("article-") and safe_id("تقرير") == safe_id("تقرير")
    assert safe_id("../../etc/passwd") == "etc-passwd"


def test_an_explicit_bad_id_is_still_refused(folder, mini_matcher):
    raw(folder, "bad.md", "published: 2023-01-01\nid: ../../etc/passwd\n")
    rejected(folder, mini_matcher, "bad.md", "id: '../../etc/passwd' may hold only letters")


def test_two_files_with_the_same_id(folder, mini_matcher):
    raw(folder, "other.md", "published: 2023-01-01\nid: good\n")
    rejected(folder, mini_matcher, "other.md", f"duplicate id 'good' (also {folder / 'good.md'})")


def test_a_file_renamed_between_builds_is_the_same_article_not_analysed_again(folder, mini_matcher):
    body = "Rabat hosted on Tuesday the third session of the commission with Mauritania.\n"
    write_article(folder, "draft.md", body)
    db = folder.parent / "index.sqlite"
    first = build_index(folder, db, matcher=mini_matcher)
    assert first.indexed == 2
    before = rows(db, "select surface, sentence from mentions where article_id = 'draft'")
    events_before = rows(db, "select count(*) from event_sources where article_id = 'draft'")
    (folder / "draft.md").rename(folder / "final.md")
    again = build_index(folder, db, matcher=mini_matcher)
    assert (again.indexed, again.skipped, again.removed) == (0, 2, 1)
    assert ids(db) == ["final", "good"]
    assert rows(db, "select surface, sentence from mentions where article_id = 'final'") == before
    assert rows(db, "select count(*) from event_sources where article_id = 'final'") == (
        events_before
    )
    assert events_before != [(0,)]
    assert rows(db, "select path from articles where id = 'final'") == [(str(folder / "final.md"),)]


# --- geodata sources ------------------------------------------------------------------------

HEADER = (DATA / "mini_gazetteer.csv").read_text(encoding="utf-8").splitlines()[0]


def test_bad_gazetteer_rows_are_named_and_skipped(tmp_path, folder):
    good = (DATA / "mini_gazetteer.csv").read_text(encoding="utf-8")
    bad_rows = [
        "local:x,Xville,city,MR,18.0,-15.0,0,,,,,,,,extra cell",  # wrong column count
        "local:y,Yville,city,MR,200,-15.0,0,,,,,,,",  # latitude 200
        "2538475,Rabat again,city,MA,34.0,-6.8,0,,,,,,,",  # duplicate id
        "local:z,Zville,city,MR,18.1,-15.1,0,Nuakchott,,,,,,",  # alias of Nouakchott
        "local:w,Wville,town,MR,not-a-number,-15.1,0,,,,,,,",
    ]
    csv_path = tmp_path / "gazetteer.csv"
    csv_path.write_text(good + "\n".join(bad_rows) + "\n", encoding="utf-8")
    problems: list[str] = []
    places = {p.id: p for p in load_curated(csv_path, problems)}
    n = len(good.splitlines())
    assert problems == [
        f"gazetteer.csv line {n + 1}: 15 columns where the header has 14: row skipped",
        f"gazetteer.csv line {n + 2}: (200.0, -15.0) is not a valid lat, lon: row skipped",
        f"gazetteer.csv line {n + 3}: id '2538475' already used (gazetteer.csv line 2)",
        f"gazetteer.csv line {n + 4}: alias 'Nuakchott' of 'Zville' also names place "
        "'2377450' (gazetteer.csv line 3): dropped here",
        f"gazetteer.csv line {n + 5}: lat: 'not-a-number' is not a number: row skipped",
    ]
    assert "local:x" not in places and "local:y" not in places
    assert places["2538475"].name == "Rabat" and places["local:z"].aliases == ()

    overrides = tmp_path / "overrides.csv"
    overrides.write_text(
        "name,place_id,canonical,kind,country,lat,lon,note\n"
        "Atlantis,local:nowhere,,,,,,points at nothing\n"
        ",local:new,New place,city,MR,,,a new place without coordinates\n"
        "Bir Lahlou,local:bir-lahlou,Bir Lahlou,town,EH,26.35,-9.57,added\n"
        "Oops,local:o,Oops,city,MR,95,0,latitude 95\n",
        encoding="utf-8",
    )
    gazetteer = build_gazetteer(
        [places.values(), WORLD], load_overrides(overrides, problems), "overrides.csv", problems
    )
    assert gazetteer.problems[5:] == (
        f"{overrides}: overrides.csv line 5: (95.0, 0.0) is not a valid lat, lon: row skipped",
        "overrides.csv: overrides.csv line 2: unknown place_id 'local:nowhere' (not in the "
        "gazetteer; a new place needs canonical, kind, lat, lon): row skipped",
        "overrides.csv: overrides.csv line 3: new place 'local:new' needs lat, lon: row skipped",
    )
    matcher = PlaceMatcher(gazetteer)
    matcher.fingerprint = "bad-rows"
    write_article(folder, "bir.md", "Delegates met in Bir Lahlou and in Xville.\n")
    summary, db = build(folder, matcher)
    assert summary.rejected == 0
    assert set(gazetteer.problems) <= set(summary.warnings)  # the build says what was skipped
    assert ("Bir Lahlou",) in rows(db, "select name from places")


def test_an_article_the_merge_fails_on_is_rejected_and_the_rest_indexed(
    folder, mini_matcher, monkeypatch
):
    """Defence in depth: the reader refuses the dates known to overflow the merge; should some
    other text still break it, that article is rejected, not the build."""
    from dashboard.build import analysis

    real = analysis.merge_drafts

    def overflowing(drafts, *args, **kw):
        if any(d.article_id == "poison" for d in drafts):
            raise OverflowError("date value out of range")
        return real(drafts, *args, **kw)

    monkeypatch.setattr(analysis, "merge_drafts", overflowing)
    body = "Rabat hosted on Tuesday the third session of the commission with Mauritania.\n"
    write_article(folder, "poison.md", body)
    write_article(folder, "other.md", body)
    message = rejected(
        folder, mini_matcher, "poison.md", "merge failed: OverflowError: date value out of range"
    )
    assert message
    db = folder.parent / "index.sqlite"
    assert ids(db) == ["good", "other"]
    assert rows(db, "select count(*) from event_sources where article_id = 'other'") != [(0,)]


def test_bad_rows_of_the_world_and_regional_tables_are_named_and_skipped(tmp_path):
    from geodata.regional import COLUMNS, load_regional
    from geodata.world import load_world_areas

    world = tmp_path / "world_areas.tsv"
    world.write_text(
        "id\tname\tkind\tcountry\tlat\tlon\tpopulation\taliases\tsource\n"
        "3017382\tFrance\tcountry\tFR\t46.0\t2.0\t64768389\t\ttest\n"
        "x1\tNowhere\tcountry\tZZ\t200\t2.0\t0\t\ttest\n",
        encoding="utf-8",
    )
    problems: list[str] = []
    assert [p.name for p in load_world_areas(world, problems)] == ["France"]
    assert problems == ["world_areas.tsv line 3: (200.0, 2.0) is not a valid lat, lon: row skipped"]

    regional = tmp_path / "regional.tsv"
    good = dict.fromkeys(COLUMNS, "")
    good.update(id="1", name="Tichitt", kind="village", country="MR", lat="18.45", lon="-9.5")
    line = "\t".join(good[c] for c in COLUMNS)
    regional.write_text(
        "\t".join(COLUMNS) + "\n" + line + "\n" + line.replace("18.45", "200") + "\n2\tShort\n",
        encoding="utf-8",
    )
    problems = []
    assert [p.name for p in load_regional(regional, problems)] == ["Tichitt"]
    assert problems == [
        "regional.tsv line 3: (200.0, -9.5) is not a valid lat, lon: row skipped",
        "regional.tsv line 4: wrong number of columns: row skipped",
    ]


def test_an_article_the_analysis_takes_too_long_on_is_skipped(folder, mini_matcher, monkeypatch):
    from dashboard.build import pipeline as build_module

    build(folder, mini_matcher)  # the good article, analysed without a limit
    monkeypatch.setattr(build_module, "ANALYSIS_SECONDS", 0.02)
    sentence = "Officials from Rabat met delegates in Nouakchott on Tuesday 3 March 2023. "
    write_article(folder, "slow.md", sentence * 20000 + "\n")  # 1.5 MB, under the size cap
    started = time.perf_counter()
    rejected(
        folder, mini_matcher, "slow.md", "analysis took longer than 0.02 s (the limit per article)"
    )
    assert time.perf_counter() - started < 10
