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
