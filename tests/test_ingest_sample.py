"""Sample data (plausible, deterministic, loaded through ingest, removable) and the upload templates."""

from __future__ import annotations

import io
import json
from collections import Counter

import pytest
from conftest import copy_of, fingerprint

from maeul.read.uploads import has_sample_rows as has_sample
from maeul.read.uploads import list_uploads
from maeul.upload import sample
from maeul.upload.reader import read_upload
from maeul.upload.spec import SAMPLE_NOTE, SEOUL_LAT, SEOUL_LON
from maeul.upload.store import remove_sample
from maeul.upload.templates import code_tables, template_csv, template_filename, template_xlsx
from maeul.upload.validate import validate


@pytest.fixture(scope="module")
def sample_db(built_db_file, tmp_path_factory):
    """Seed 11 loaded once (a few seconds) into a file; tests get copies. Returns (path, commit results)."""
    c = copy_of(built_db_file)
    results = sample.load_sample(c, 11, "sampler")  # raises if any sample file is refused
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    c.execute(f"ATTACH '{path}' AS out")
    c.execute("COPY FROM DATABASE memory TO out")
    c.execute("DETACH out")
    c.close()
    return str(path), results


@pytest.fixture
def loaded(sample_db):
    c = copy_of(sample_db[0])
    yield c, sample_db[1]
    c.close()


def test_generate_is_deterministic_per_seed(con):
    a = sample.generate(con, 5)
    assert a == sample.generate(con, 5)
    assert sample.generate_budget(con, 5) != sample.generate_budget(con, 6)
    assert sample.generate_actuals(con, 5) != sample.generate_actuals(con, 6)
    assert len([n for n in a if n.startswith("sample_actuals_")]) == 20
    assert len([n for n in a if n.startswith("sample_budget_")]) == 20
    assert list(a)[-1] == "sample_spaces.csv"
    for name, data in a.items():
        r = read_upload(data, name)
        assert r.encoding == "utf-8-sig" and r.errors == [] and set(r.df["note"]) == {SAMPLE_NOTE}


@pytest.mark.slow  # loads the sample data set
def test_load_sample_commits_sample_uploads(loaded):
    c, results = loaded
    assert len(results) == 41 and not any(r.duplicate or r.errors for r in results)
    for table in ("actual", "budget_execution", "space"):
        assert c.execute(f"SELECT DISTINCT note FROM {table}").fetchall() == [(SAMPLE_NOTE,)]
    up = list_uploads(c)
    assert up["is_sample"].all() and (up["status"] == "committed").all() and (up["user"] == "sampler").all()
    assert has_sample(c)
    assert c.execute("SELECT bool_and(is_sample), count(*) > 1000 FROM actual_current").fetchone() == (True, True)
    # loading the same seed again changes nothing: every file is a duplicate
    before = fingerprint(c)
    again = sample.load_sample(c, 11, "sampler")
    assert all(r.duplicate for r in again)
    assert fingerprint(c) == before


@pytest.mark.slow  # loads the sample data set
def test_annual_counts_follow_targets_with_per_indicator_factors(loaded):
    c, _ = loaded
    ratios = c.execute("""
        WITH a AS (SELECT indicator_code, year, sum(value) AS v FROM actual_current GROUP BY ALL)
        SELECT i.code, avg(a.v / t.value) AS r
        FROM a JOIN indicator i ON i.code = a.indicator_code JOIN target t ON t.indicator_code = i.code
             AND t.year = a.year
        WHERE i.target_kind = 'annual' AND i.unit <> '%' AND t.value >= 20
        GROUP BY ALL
    """).fetchall()
    assert len(ratios) >= 5
    values = [r for _, r in ratios]
    assert all(0.3 < r < 1.45 for r in values), ratios
    assert max(values) - min(values) > 0.15  # indicators differ: some ahead, some behind


@pytest.mark.slow  # loads the sample data set
def test_district_rows_share_by_dong_count_and_some_quarters_missing(loaded):
    c, _ = loaded
    code = c.execute("SELECT code FROM indicator WHERE scope = 'both' AND district_basis = 'dong' "
                     "AND target_kind = 'annual' ORDER BY seq LIMIT 1").fetchone()[0]
    per_district = dict(c.execute("""
        SELECT a.district_code, sum(a.value) FROM actual_current a WHERE indicator_code = ? GROUP BY ALL
    """, [code]).fetchall())
    assert None not in per_district and len(per_district) == 25
    dongs = dict(c.execute("SELECT code, dong_count FROM district").fetchall())
    big = max(dongs, key=dongs.get)
    small = min(dongs, key=dongs.get)
    assert per_district[big] > per_district[small]
    n_rows = c.execute("SELECT count(*) FROM actual_current WHERE district_code IS NOT NULL AND indicator_code = ?",
                       [code]).fetchone()[0]
    assert n_rows < 25 * 20  # some districts missed some quarters


@pytest.mark.slow  # loads the sample data set
def test_surveys_only_in_q4_and_levels_citywide(loaded):
    c, _ = loaded
    quarters = {r[0] for r in c.execute(
        "SELECT DISTINCT quarter FROM actual_current WHERE indicator_code LIKE 'K%'").fetchall()}
    assert quarters == {4}
    assert c.execute("""SELECT count(*) FROM actual_current a JOIN indicator i ON i.code = a.indicator_code
                        WHERE i.scope = 'citywide' AND a.district_code IS NOT NULL""").fetchone()[0] == 0
    assert c.execute("""SELECT max(value) FROM actual_current a JOIN indicator i ON i.code = a.indicator_code
                        WHERE i.unit = '%'""").fetchone()[0] <= 100


@pytest.mark.slow  # loads the sample data set
def test_milestones_use_known_stages_and_never_go_back(loaded):
    c, _ = loaded
    rows = c.execute("""
        SELECT a.indicator_code, a.year, a.quarter, s.ord FROM actual_current a
        LEFT JOIN stage s ON s.indicator_code = a.indicator_code AND s.stage = a.stage
        JOIN indicator i ON i.code = a.indicator_code WHERE i.target_kind = 'milestone'
        ORDER BY 1, 2, 3
    """).fetchall()
    assert rows and all(r[3] is not None for r in rows)
    last: dict[str, int] = {}
    for code, _, _, ord_ in rows:
        assert ord_ >= last.get(code, 0)
        last[code] = ord_


@pytest.mark.slow  # loads the sample data set
def test_budget_execution_is_60_to_105_percent_of_plan(loaded):
    c, _ = loaded
    ratios = c.execute("""
        SELECT e.line_code, e.year, sum(e.amount_mn) / p.amount_mn FROM budget_execution_current e
        JOIN budget_plan p ON p.line_code = e.line_code AND p.year = e.year
        WHERE e.district_code IS NULL GROUP BY e.line_code, e.year, p.amount_mn
    """).fetchall()
    assert len(ratios) > 20
    assert all(0.59 <= r <= 1.06 for _, _, r in ratios)
    assert c.execute("SELECT count(DISTINCT quarter) FROM budget_execution_current").fetchone()[0] == 4


@pytest.mark.slow  # loads the sample data set
def test_spaces_inside_their_dong_polygons(loaded):
    c, _ = loaded
    rows = c.execute("SELECT name, space_type, district_code, dong_code, lat, lon, has_childcare_room "
                     "FROM space_current").fetchall()
    types = Counter(r[1] for r in rows)
    assert types["우리마을공간"] == 122 and types["마을기업"] == 155 and types["마을예술창작소"] == 54
    assert types["마을활력소"] >= 36 and types["신축 동주민센터"] == 6
    dongs = {d["code"]: d for d in sample.load_dongs()}
    for name, _, district, dong, lat, lon, _ in rows:
        assert name.startswith("예시 ")
        assert dong.startswith(district)
        assert SEOUL_LAT[0] <= lat <= SEOUL_LAT[1] and SEOUL_LON[0] <= lon <= SEOUL_LON[1]
        assert sample.point_in_polygon(lon, lat, dongs[dong]["geometry"]), (name, dong, lat, lon)
    share = sum(1 for r in rows if r[6]) / len(rows)
    assert 0.25 < share < 0.42


def test_point_in_polygon_with_a_hole():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
                                                 [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]}
    assert sample.point_in_polygon(1, 1, square)
    assert not sample.point_in_polygon(5, 5, square)
    assert not sample.point_in_polygon(11, 5, square)
    multi = {"type": "MultiPolygon", "coordinates": [square["coordinates"], [[[20, 20], [21, 20], [21, 21],
                                                                              [20, 20]]]]}
    assert sample.point_in_polygon(20.7, 20.2, multi)


@pytest.mark.slow  # loads the sample data set
def test_remove_sample_rolls_back_everything(loaded):
    c, _ = loaded
    v = c.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0]
    assert remove_sample(c, "관리자") == 41
    assert not has_sample(c)
    assert c.execute("SELECT count(*) FROM actual_current").fetchone()[0] == 0
    assert c.execute("SELECT count(*) FROM space_current").fetchone()[0] == 0
    assert c.execute("SELECT count(*) FROM budget_execution_current").fetchone()[0] == 0
    assert int(c.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0]) == int(v) + 1
    assert set(c.execute("SELECT DISTINCT rolled_back_by FROM upload").fetchall()) == {("관리자",)}


def test_missing_geo_file_is_reported(con, tmp_path):
    from maeul.upload.errors import IngestError

    with pytest.raises(IngestError) as e:
        sample.generate(con, 1, geo_path=tmp_path / "none.geojson")
    assert e.value.code == "missing_geo"


def test_sample_uses_the_data_geo_file():
    assert sample.GEO_PATH.parts[-2:] == ("geo", "seoul_dong_2021.geojson")
    gj = json.loads(sample.GEO_PATH.read_text(encoding="utf-8"))
    assert len(gj["features"]) >= 424


# --- templates -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["actuals", "budget", "spaces"])
def test_templates_list_codes_and_read_back_empty(con, kind):
    csv_data = template_csv(con, kind)
    assert csv_data.startswith(b"\xef\xbb\xbf")
    text = csv_data.decode("utf-8-sig")
    first = text.splitlines()[0]
    r = read_upload(csv_data, template_filename(kind, "csv"))
    assert r.kind == kind and [e.code for e in r.errors] == ["no_data_rows"]
    assert first.split(",")[0] in ("연도", "이름")
    for code in con.execute("SELECT code FROM district").fetchall():
        assert code[0] in text
    xl = template_xlsx(con, kind)
    r = read_upload(xl, template_filename(kind, "xlsx"))
    assert r.kind == kind and [e.code for e in r.errors] == ["no_data_rows"]
    assert template_filename(kind, "xlsx").endswith(".xlsx")


def test_actuals_template_lists_every_indicator_and_stage(con):
    text = template_csv(con, "actuals").decode("utf-8-sig")
    for (code,) in con.execute("SELECT code FROM indicator").fetchall():
        assert f"# {code} |" in text
    for (stage,) in con.execute("SELECT DISTINCT stage FROM stage").fetchall():
        assert stage in text


def test_budget_template_lists_only_executable_lines(con):
    tables = code_tables(con, "budget")
    listed = set(tables["예산코드"]["예산코드"])
    assert listed == {r[0] for r in con.execute("SELECT code FROM budget_line WHERE funding = '예산'").fetchall()}


def test_filled_xlsx_template_is_accepted(con):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(template_xlsx(con, "actuals")))
    assert wb.sheetnames[0] == "입력" and "지표코드" in wb.sheetnames and "자치구" in wb.sheetnames
    ws = wb["입력"]
    assert ws.column_dimensions["D"].number_format == "@"  # 지표코드 kept as text
    ws.append([2020, 3, "강남구", "1-1-1", 12, "템플릿으로 입력"])
    buf = io.BytesIO()
    wb.save(buf)
    v = validate(con, read_upload(buf.getvalue(), "filled.xlsx"))
    assert v.errors == [] and len(v.rows) == 1


def test_filled_csv_template_is_accepted(con):
    data = template_csv(con, "actuals").decode("utf-8-sig")
    lines = data.split("\r\n")
    lines.insert(1, "2020,3,강남,1-1-1,12,")
    v = validate(con, read_upload("\r\n".join(lines).encode("utf-8-sig"), "filled.csv"))
    assert v.errors == [] and v.rows.index.tolist() == [2]
