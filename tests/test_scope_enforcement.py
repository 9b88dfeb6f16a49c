"""Scope is enforced in maeul, not only in the page: rollback ownership, sample data, and the command line's
--user (a configured user acts with their scope; any other name is the operator)."""

from __future__ import annotations

import pytest

from maeul.auth.users import hash_password
from maeul.cli.main import main as cli_main
from maeul.plan.db import connect
from maeul.upload import store
from maeul.upload.errors import IngestError
from maeul.upload.sample import load_sample
from tests.conftest import figures_of, fingerprint, refused_events

CSV_GANGNAM = "연도,분기,자치구,지표코드,실적,비고\n2019,1,강남구,1-1-1,10,\n".encode("utf-8-sig")
CSV_SONGPA = "연도,분기,자치구,지표코드,실적,비고\n2019,1,송파구,1-1-1,10,\n".encode("utf-8-sig")


def test_staff_cannot_roll_back_someone_elses_upload_in_ingest(con):
    res = store.commit(con, CSV_GANGNAM, "a.csv", "kim", scope={"11680"})
    assert res.ok
    before = fingerprint(con)
    with pytest.raises(IngestError) as e:
        store.rollback(con, res.upload_id, "park", scope={"11680"}, own_only=True)
    assert e.value.code == "rollback_not_owner"
    assert figures_of(fingerprint(con)) == figures_of(before) and refused_events(con) == 1
    store.rollback(con, res.upload_id, "KIM", scope={"11680"}, own_only=True)  # names compare case-insensitively


def test_sample_data_needs_an_unrestricted_scope(con):
    before = fingerprint(con)
    with pytest.raises(IngestError) as e:
        load_sample(con, seed=1, user="kim", scope={"11680"})
    assert e.value.code == "sample_admin_only"
    with pytest.raises(IngestError):
        store.remove_sample(con, "kim", scope={"11680"})
    assert figures_of(fingerprint(con)) == figures_of(before) and refused_events(con) == 2


@pytest.fixture()
def secrets(tmp_path):
    p = tmp_path / "secrets.toml"
    p.write_text(f'[auth.users.kim]\nrole = "staff"\ndistricts = ["강남구"]\n'
                 f'password_hash = "{hash_password("long-enough-pw")}"\n', encoding="utf-8")
    return p


def test_cli_user_scope_applies_to_configured_users_only(tmp_path, secrets, capsys):
    db = tmp_path / "m.duckdb"
    connect(db).close()
    f = tmp_path / "songpa.csv"
    f.write_bytes(CSV_SONGPA)
    # kim is 강남구 staff: a 송파구 row is refused, nothing written
    assert cli_main(["ingest", str(f), "--db", str(db), "--user", "kim", "--secrets", str(secrets)]) == 1
    con = connect(db)
    assert con.execute("SELECT count(*) FROM upload").fetchone()[0] == 0
    con.close()
    # an unconfigured name acts as the operator: accepted, and recorded
    assert cli_main(["ingest", str(f), "--db", str(db), "--user", "operator-lee", "--secrets", str(secrets)]) == 0
    con = connect(db)
    assert con.execute('SELECT "user" FROM upload').fetchall() == [("operator-lee",)]
    con.close()
    # kim may not roll back the operator's upload, nor remove or load sample data
    assert cli_main(["rollback", "1", "--db", str(db), "--user", "kim", "--secrets", str(secrets)]) == 1
    assert cli_main(["remove-sample", "--db", str(db), "--user", "kim", "--secrets", str(secrets)]) == 1
    assert cli_main(["sample", "--load", "--db", str(db), "--user", "kim", "--secrets", str(secrets)]) == 1
    assert cli_main(["rollback", "1", "--db", str(db), "--user", "operator-lee", "--secrets", str(secrets)]) == 0
