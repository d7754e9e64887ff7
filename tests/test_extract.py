"""The Sahel extract: which GeoNames rows are kept, as what, with which aliases."""

import csv

from support import DATA

from geodata.regional import kind_of, load_regional, main


def test_kind_of_feature_codes():
    assert kind_of("P.PPLC", 0) == "city"
    assert kind_of("P.PPL", 250_000) == "city"
    assert kind_of("P.PPL", 12_000) == "town"
    assert kind_of("P.PPL", 0) == "village"
    assert kind_of("P.PPLX", 0) is None  # a section of a town, not a place of its own
    assert kind_of("A.ADM2", 0) == "admin_area"
    assert kind_of("S.AIRP", 0) == "site"
    assert kind_of("H.WLL", 0) == "site"
    assert kind_of("H.WTRH", 0) == "site"  # a water hole: many Sahel villages are only that
    assert kind_of("S.RUIN", 0) == "site"
    assert kind_of("T.HLL", 0) is None
    assert kind_of("T.DUNE", 0) is None


def test_extract_from_a_dump_and_load_it(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "MR.txt").write_bytes((DATA / "geonames_sample.txt").read_bytes())
    (src / "README.md").write_text("not a dump")
    out = tmp_path / "regional.tsv"
    assert main(["--src", str(src), "--out", str(out)]) == 0
    with out.open(encoding="utf-8") as fh:
        rows = {r["name"]: r for r in csv.DictReader(fh, delimiter="\t")}
    assert "Ouolofobougou" not in rows  # a section of a town
    assert rows["Mberag"]["kind"] == "site"  # a water hole
    assert rows["Nouakchott"]["kind"] == "city"
    assert rows["Tichitt"]["kind"] == "admin_area"
    assert rows["Tichitt Airport"]["kind"] == "site"
    aliases = rows["Nouakchott"]["aliases"].split("|")
    assert "Nuakshot" in aliases and "نواكشوط" in aliases
    assert "NKC" not in aliases  # an airport code
    assert not any("Н" in a or "Μ" in a for a in aliases)  # Cyrillic, Greek: not our languages
    assert "GQNC" not in rows["Tichitt Airport"]["aliases"]

    places = {p.name: p for p in load_regional(out)}
    assert places["Ouadâne"].kind == "village" and "Ouadane" in places["Ouadâne"].aliases
    assert places["Bamako"].source == "regional"
    assert (places["Bamako"].lat, places["Bamako"].lon) == (12.65, -8.0)


def test_missing_source_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["--src", str(tmp_path), "--out", str(tmp_path / "x.tsv")]) == 1
    assert "no GeoNames country dumps" in capsys.readouterr().err


def test_the_committed_extract_covers_sahel_villages_and_spots():
    places = load_regional(DATA.parents[1] / "geodata" / "regional.tsv")
    by_name = {}
    for p in places:
        by_name.setdefault(p.name, []).append(p)
    assert len(places) > 50_000
    assert {p.country for p in places} == {"BF", "CI", "GN", "ML", "MR", "NE", "SN"}
    assert any(p.kind == "village" for p in by_name["Ouadâne"])
    assert any(p.kind == "site" for p in by_name["Tichitt Airport"])
