"""The upload preview's progress effect: rows that replace current values show their new value 'after'."""

from __future__ import annotations

from maeul.upload.effect import progress_effect
from maeul.upload.reader import read_upload
from maeul.upload.store import commit
from maeul.upload.validate import validate


def _csv(v):
    return f"연도,분기,자치구,지표코드,실적,비고\n2019,1,,1-1-1,{v},\n".encode("utf-8-sig")


def test_effect_shows_superseding_value_and_writes_nothing(con):
    assert commit(con, _csv(100), "a.csv", "kim").ok
    validated = validate(con, read_upload(_csv(500), "b.csv"))
    n_before = con.execute("SELECT count(*) FROM actual").fetchone()[0]
    eff = progress_effect(con, validated, "2019Q1").set_index("code")
    assert eff.loc["1-1-1", "actual"] == 100
    assert eff.loc["1-1-1", "actual_after"] == 500
    assert con.execute("SELECT count(*) FROM actual").fetchone()[0] == n_before
    assert list(con.execute("SELECT value FROM actual_current").fetchall()) == [(100.0,)]


def _rows(body):
    return ("연도,분기,자치구,지표코드,실적,비고\n" + body).encode("utf-8-sig")


def test_a_district_file_shows_that_districts_progress_not_the_citys(con):
    assert commit(con, _rows("2019,1,강남구,1-1-1,5,\n2019,1,종로구,1-1-1,9,\n"), "a.csv", "kim").ok
    validated = validate(con, read_upload(_rows("2019,1,강남구,1-1-1,20,\n"), "b.csv"))
    eff = progress_effect(con, validated)  # as of the file's own latest quarter
    assert eff[["district", "code", "actual", "actual_after"]].to_dict("list") == {
        "district": ["11680"], "code": ["1-1-1"], "actual": [5.0], "actual_after": [20.0]}  # not 14 → 29 (city)
    assert 51 < eff.loc[0, "target"] < 52  # 강남구's share of the city's 1,000건 (동 수 비율)
    assert progress_effect(con, validated, basis="equal").loc[0, "target"] == 40  # 1/25


def test_a_file_with_several_districts_shows_each_pair_it_carries(con):
    validated = validate(con, read_upload(_rows("2019,2,종로구,2-2-2,3,\n2019,1,,1-1-1,7,\n2019,2,강남구,1-1-1,5,\n"),
                                          "c.csv"))
    eff = progress_effect(con, validated)
    assert eff[["district", "code", "actual_after"]].to_dict("list") == {  # the city first, then by code
        "district": [None, "11110", "11680"], "code": ["1-1-1", "2-2-2", "1-1-1"], "actual_after": [12.0, 3.0, 5.0]}
    assert eff["status"].tolist() == ["자료 없음"] * 3
