"""Faults: builds killed or interrupted, two builds at once, disks that refuse, files that are not
an index. Real `python -m dashboard` subprocesses, real signals, real files; nothing mocked."""

from __future__ import annotations

import fcntl
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import REPO, write_article

from dashboard import cli
from dashboard.store.index import SCHEMA_VERSION

PLACES = ["Rabat", "Nouakchott", "Smara", "Dakhla", "Bamako", "Niamey", "Tindouf", "Atar"]


def heavy_corpus(folder: Path, n: int = 120) -> Path:
    """Articles whose index takes a second or more to write: time to be killed mid-write."""
    rng = random.Random(42)
    folder.mkdir(exist_ok=True)
    for i in range(n):
        sentences = []
        for s in range(25):
            a, b = rng.sample(PLACES, 2)
            sentences.append(
                f"Officials from {a} met delegates in {b} on Tuesday {s % 28 + 1} March 2023."
            )
        write_article(folder, f"heavy-{i:04d}.md", " ".join(sentences) + "\n")
    return folder


def small_corpus(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    write_article(folder, "rabat.md", "Rabat hosted the commission with Mauritania.\n")
    write_article(folder, "smara.md", "Smara was shelled on Tuesday.\n")
    return folder


def start_build(corpus: Path, db: Path, **kw) -> subprocess.Popen:
    args = [sys.executable, "-m", "dashboard", "build", "--corpus", str(corpus), "--db", str(db)]
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([*args, "--quiet"], cwd=REPO, stdout=subprocess.PIPE, text=True, **kw)


def run_build(corpus: Path, db: Path, **kw) -> subprocess.CompletedProcess:
    proc = start_build(corpus, db, **kw)
    out, err = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if ".building-" in p.name)


def poll(condition, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    """Wait until ``condition()`` holds, polling; fail if the build ends first."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"the build ended first: {proc.communicate()}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


def workers_busy(proc: subprocess.Popen) -> list[int]:
    """The build's analysis workers (one per CPU), once each has used 0.2 s of CPU: they are
    analysing, and the build itself is waiting for their results."""
    try:
        pids = [
            int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        ]
        ticks = [
            sum(
                int(v) for v in Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[11:13]
            )
            for p in pids
        ]
    except (OSError, ValueError):
        return []
    ready = len(pids) >= (os.cpu_count() or 1) and all(
        t >= 0.2 * os.sysconf("SC_CLK_TCK") for t in ticks
    )
    return pids if ready else []


def articles(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("select id from articles order by id")]


def export_ids(db: Path) -> set[str]:
    """What `export` reads from the index (a real subprocess, as an analyst would run it)."""
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "places", "--format", "geojson"]
        + ["--db", str(db)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    features = json.loads(done.stdout)["features"]
    return {a for f in features for a in f["properties"]["articles"]}


@pytest.fixture
def old_index(tmp_path: Path) -> Path:
    """A built index of two small articles; then the corpus gets 120 heavy ones."""
    corpus = small_corpus(tmp_path / "corpus")
    db = tmp_path / "index.sqlite"
    done = run_build(corpus, db)
    assert done.returncode == 0, done.stderr
    assert articles(db) == ["rabat", "smara"]
    heavy_corpus(corpus)
    return db


def test_sigkill_mid_write_keeps_the_old_index_and_the_next_build_cleans_up(old_index):
    corpus = old_index.parent / "corpus"
    proc = start_build(corpus, old_index)
    poll(lambda: leftovers(old_index), proc)
    time.sleep(0.2)  # let the temporary file grow: a real leftover, not an empty one
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    stale = leftovers(old_index)
    assert stale and all(str(proc.pid) in name for name in stale)
    # the previous index is intact and readable
    assert articles(old_index) == ["rabat", "smara"]
    assert export_ids(old_index) == {"rabat", "smara"}
    with sqlite3.connect(old_index) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    # the next build completes (no stale lock) and removes what the killed one left
    done = run_build(corpus, old_index)
    assert done.returncode == 0, done.stderr
    assert len(articles(old_index)) == 122
    assert leftovers(old_index) == []


@pytest.mark.parametrize("moment", ["analysing", "writing", "terminal"])
def test_ctrl_c_leaves_the_old_index_intact(old_index, moment):
    corpus = old_index.parent / "corpus"
    lock = old_index.with_name(f".{old_index.name}.lock")
    proc = start_build(corpus, old_index, start_new_session=True)
    if moment == "analysing":  # the lock holds this build's PID: it is past start-up
        poll(lambda: lock.read_text().strip() == str(proc.pid), proc)
    elif moment == "terminal":
        poll(lambda: workers_busy(proc), proc)
    else:
        poll(lambda: leftovers(old_index), proc)
    if moment == "terminal":  # Ctrl-C in a terminal reaches every process of the group
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert err.strip().endswith("error: interrupted; the index was left as it was")
    assert "Traceback" not in err
    assert articles(old_index) == ["rabat", "smara"]
    assert export_ids(old_index) == {"rabat", "smara"}
    assert leftovers(old_index) == []


def test_an_analysis_worker_killed_mid_build_loses_no_article(old_index):
    """The out-of-memory killer (or anyone) ends a worker: the build still indexes everything."""
    corpus = old_index.parent / "corpus"
    proc = start_build(corpus, old_index)
    poll(lambda: workers_busy(proc), proc)
    os.kill(workers_busy(proc)[0], signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, (out, err)
    assert len(articles(old_index)) == 122
    assert leftovers(old_index) == []


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    db = tmp_path / "index.sqlite"
    lock = db.with_name(f".{db.name}.lock")
    # Hold the build lock as a running build does (flock, with the PID in the file).
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, f"{os.getpid()}\n".encode())
        log = (tmp_path / "stderr.txt").open("w")
        proc = start_build(corpus, db, stderr=log)
        message = f"{db}: another build (PID {os.getpid()}) is writing this index; waiting"

        def told() -> bool:
            return message in (tmp_path / "stderr.txt").read_text()

        poll(told, proc)
        assert not db.exists()  # it waits: nothing written meanwhile
    finally:
        os.close(fd)  # the "first build" ends
    out, _ = proc.communicate(timeout=120)
    log.close()
    assert proc.returncode == 0
    assert "2 indexed" in out
    assert articles(db) == ["rabat", "smara"]


def test_two_real_builds_at_once_never_corrupt_the_index(tmp_path):
    one = small_corpus(tmp_path / "one")
    two = tmp_path / "two"
    two.mkdir()
    write_article(two, "dakhla.md", "Dakhla hosted a forum.\n")
    db = tmp_path / "index.sqlite"
    procs = [start_build(one, db), start_build(two, db)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    # one build ran after the other: the index is one whole corpus, not a mix
    assert articles(db) in (["rabat", "smara"], ["dakhla"])
    assert leftovers(db) == []


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_disk_full_gives_a_clear_error_and_keeps_the_old_index(old_index):
    corpus = old_index.parent / "corpus"
    before = old_index.read_bytes()
    done = run_build(corpus, old_index, preexec_fn=_limit_file_size(256 * 1024))
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert f"error: {old_index}: cannot write the new index (" in done.stderr
    assert "the previous index is unchanged" in done.stderr
    assert "Traceback" not in done.stderr
    assert old_index.read_bytes() == before
    assert leftovers(old_index) == []


def test_a_sqlite_file_that_is_not_an_index_is_never_replaced(tmp_path, capsys):
    corpus = small_corpus(tmp_path / "corpus")
    db = tmp_path / "shop.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("create table customers (name text)")
        conn.execute("insert into customers values ('Aminata')")
    code = cli.main(["build", "--corpus", str(corpus), "--db", str(db), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err
    assert err == (
        f"error: {db}: is a SQLite database but not a news-map index (its tables: customers); "
        "refusing to replace it (choose another --db, or move it away)\n"
    )
    with sqlite3.connect(db) as conn:
        assert conn.execute("select name from customers").fetchall() == [("Aminata",)]


def test_a_file_that_is_not_sqlite_is_never_replaced(tmp_path, capsys):
    corpus = small_corpus(tmp_path / "corpus")
    db = tmp_path / "notes.txt"
    db.write_text("my notes\n", encoding="utf-8")
    assert cli.main(["build", "--corpus", str(corpus), "--db", str(db), "--quiet"]) == 2
    assert f"error: {db}: is not a SQLite file; refusing to replace it" in capsys.readouterr().err
    assert db.read_text(encoding="utf-8") == "my notes\n"


def test_a_read_only_index_is_refused_with_a_clear_message(tmp_path, capsys):
    corpus = small_corpus(tmp_path / "corpus")
    db = tmp_path / "index.sqlite"
    args = ["build", "--corpus", str(corpus), "--db", str(db), "--quiet"]
    assert cli.main(args) == 0
    before = db.read_bytes()
    db.chmod(0o444)
    write_article(corpus, "new.md", "Dakhla hosted a forum.\n")
    capsys.readouterr()
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert f"error: {db}: the index file is read-only (mode -r--r--r--); refusing" in err
    assert db.read_bytes() == before


def test_an_index_location_that_cannot_hold_a_file(tmp_path, capsys):
    corpus = small_corpus(tmp_path / "corpus")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    db = tmp_path / "afile" / "index.sqlite"
    assert cli.main(["build", "--corpus", str(corpus), "--db", str(db), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {tmp_path / 'afile'}: is not a folder, so it cannot hold the index\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder whatever its mode")
def test_an_unwritable_folder(tmp_path, capsys):
    corpus = small_corpus(tmp_path / "corpus")
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    db = folder / "index.sqlite"
    assert cli.main(["build", "--corpus", str(corpus), "--db", str(db), "--quiet"]) == 2
    assert "cannot create the build lock (Permission denied)" in capsys.readouterr().err


def test_export_of_an_older_schema_says_so_and_how_to_rebuild(tmp_path, capsys):
    corpus = small_corpus(tmp_path / "corpus")
    db = tmp_path / "index.sqlite"
    assert cli.main(["build", "--corpus", str(corpus), "--db", str(db), "--quiet"]) == 0
    with sqlite3.connect(db) as conn:
        conn.execute(
            "update meta set value = ? where key = 'schema_version'", (str(SCHEMA_VERSION - 1),)
        )
    capsys.readouterr()
    assert cli.main(["export", "events", "--format", "json", "--db", str(db)]) == 2
    assert capsys.readouterr().err == (
        f"error: {db}: index schema version {SCHEMA_VERSION - 1} (an older version of this "
        f"tool), this code needs {SCHEMA_VERSION}; rebuild it with "
        f"`python -m dashboard build --db {db}`\n"
    )
    # and the build does rebuild it
    assert cli.main(["build", "--corpus", str(corpus), "--db", str(db), "--quiet"]) == 0
    assert cli.main(["export", "events", "--format", "json", "--db", str(db)]) == 0


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        ("garbage", "is not a SQLite file"),
        ("truncated", "is a damaged SQLite file"),
        ("customers", "a SQLite database with no news-map schema version, not an index"),
    ],
)
def test_export_of_a_corrupt_file_says_which_and_how_to_rebuild(tmp_path, capsys, damage, problem):
    corpus = small_corpus(tmp_path / "corpus")
    db = tmp_path / "index.sqlite"
    assert cli.main(["build", "--corpus", str(corpus), "--db", str(db), "--quiet"]) == 0
    if damage == "garbage":
        db.write_bytes(b"\x00garbage" * 1000)
    elif damage == "truncated":
        data = db.read_bytes()
        db.write_bytes(data[:100] + b"\xff" * (len(data) - 100))
    else:
        db.unlink()
        with sqlite3.connect(db) as conn:
            conn.execute("create table customers (name text)")
    capsys.readouterr()
    assert cli.main(["export", "places", "--format", "csv", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {db}: ") and problem in err, err
    assert f"`python -m dashboard build --db {db}`" in err and err.count("\n") == 1


# --- the online geocoder ---------------------------------------------------------------------


def _online_matcher():
    from support import DATA

    from geodata.gazetteer import build_gazetteer, load_curated
    from geodata.matcher import PlaceMatcher

    matcher = PlaceMatcher(build_gazetteer([load_curated(DATA / "mini_gazetteer.csv")]))
    matcher.fingerprint = "no-tichitt"
    return matcher


def test_a_dripping_server_is_cut_at_the_request_deadline(nominatim):
    from fake_nominatim import DRIP_BYTES, DRIP_EVERY, TIMEOUT

    from geodata.geocoding import MemoryCache, OnlineGeocoder

    geocoder = OnlineGeocoder(
        nominatim.url, cache=MemoryCache(), min_delay_seconds=0, timeout=TIMEOUT
    )
    started = time.perf_counter()
    answer = geocoder.lookup("Kadrip")
    took = time.perf_counter() - started
    assert DRIP_EVERY < TIMEOUT < DRIP_BYTES * DRIP_EVERY  # each read is in time, the whole is not
    assert answer.status == "timeout"
    assert "no complete answer within 0.5 s (deadline)" in answer.error
    assert took < TIMEOUT + 0.5
    assert geocoder.report()[0].endswith("1 failed (timeout: 1)")


def test_retry_after_is_honoured_up_to_a_cap(nominatim):
    from geodata.geocoding import MemoryCache, OnlineGeocoder

    geocoder = OnlineGeocoder(nominatim.url, cache=MemoryCache(), min_delay_seconds=0, timeout=2)
    assert geocoder.lookup("Elbrief").status == "error"  # 429, Retry-After: 1
    assert geocoder.lookup("Tichitt").status == "ok"
    [brief, tichitt] = nominatim.log.requests
    assert tichitt.at - brief.at >= 1.0  # waited as asked
    assert geocoder.lookup("Oumhold").status == "error"  # 429, Retry-After: 3600: over the cap
    started = time.perf_counter()
    later = geocoder.lookup("Zemmour")
    assert time.perf_counter() - started < 0.5  # neither waits an hour nor asks
    assert later.error == (
        "not asked: the server asked to wait 3600 s (Retry-After), over the cap of 60 s"
    )
    assert nominatim.log.count("Zemmour") == 0
    report = geocoder.report()
    assert "3 asked" in report[0] and "2 failed (rate limited (HTTP 429): 2)" in report[0]
    assert report[0].endswith(
        "; 1 not asked (the server asked to wait 3600 s (Retry-After), over the cap of 60 s)"
    )


def test_an_online_build_against_a_failing_server_is_bounded_reported_and_retried(
    tmp_path, nominatim
):
    from dashboard.build.pipeline import build_index
    from geodata.online import online_finder

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "a.md", "Gunmen attacked a convoy near Tichitt in Mauritania.\n")
    write_article(corpus, "b.md", "Shots were heard in Aghboom, then in Dajunk, in Mauritania.\n")
    write_article(corpus, "c.md", "Troops moved near Kadrip and then near Garbled, in Mali.\n")
    db = tmp_path / "index.sqlite"
    budget = 6.0
    online = online_finder(nominatim.url, min_delay_seconds=0, timeout=0.5, budget_seconds=budget)
    started = time.perf_counter()
    summary = build_index(corpus, db, matcher=_online_matcher(), online=online)
    assert time.perf_counter() - started < budget + 5  # the bound, with start-up to spare
    assert (summary.indexed, summary.rejected) == (3, 0)
    line, names = summary.online
    assert "5 asked" in line and "1 found, 0 not found, 4 failed (" in line
    assert "HTTP 500: 1" in line and "garbage answer: 2" in line and "timeout: 1" in line
    for name in ("Aghboom", "Dajunk", "Kadrip", "Garbled"):
        assert name in names
    assert "--retry-errors" in names
    with sqlite3.connect(db) as conn:
        cache = dict(conn.execute("select query, status from geocode_cache"))
    assert cache["tichitt"] == "ok"

    # the next --retry-errors build asks only the failed names; the found one stays cached
    asked_before = {n: nominatim.log.count(n) for n in ("Tichitt", "Aghboom", "Kadrip")}
    retry = online_finder(nominatim.url, min_delay_seconds=0, timeout=0.5, retry_errors=True)
    write_article(corpus, "d.md", "Patrols were seen near Tichitt, in Aghboom and near Kadrip.\n")
    build_index(corpus, db, matcher=_online_matcher(), online=retry)
    assert nominatim.log.count("Tichitt") == asked_before["Tichitt"]
    assert nominatim.log.count("Aghboom") == asked_before["Aghboom"] + 1
    assert nominatim.log.count("Kadrip") == asked_before["Kadrip"] + 1


def test_the_online_budget_bounds_a_build_against_a_hanging_server(tmp_path, nominatim, capsys):
    from dashboard.build.pipeline import build_index
    from geodata.online import online_finder

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = [f"Tin{c}drip" for c in "abcdefghij"]  # ten names, each request cut at 0.5 s
    body = " ".join(f"Troops were seen near {name.capitalize()}." for name in names)
    write_article(corpus, "many.md", body + "\n")
    online = online_finder(nominatim.url, min_delay_seconds=0, timeout=0.5, budget_seconds=1.6)
    started = time.perf_counter()
    summary = build_index(
        corpus, tmp_path / "index.sqlite", matcher=_online_matcher(), online=online
    )
    assert time.perf_counter() - started < 1.6 + 3
    asked = len(nominatim.log.requests)
    assert 1 <= asked <= 3  # 0.5 s each within 1.6 s, then nothing more
    assert (
        f"{10 - asked} not asked (the online budget of 1.6 s for this build is spent)"
        in (summary.online[0])
    )


def test_export_to_a_file_that_cannot_be_written_names_it(tmp_path, capsys):
    corpus = small_corpus(tmp_path / "corpus")
    db = tmp_path / "index.sqlite"
    assert cli.main(["build", "--corpus", str(corpus), "--db", str(db), "--quiet"]) == 0
    target = tmp_path / "no-such-folder" / "places.csv"
    capsys.readouterr()
    args = ["export", "places", "--format", "csv", "--db", str(db), "-o", str(target)]
    assert cli.main(args) == 2
    assert capsys.readouterr().err == f"error: {target}: No such file or directory\n"
