"""Briefings (maeul.briefing): the content model with exact values, and the PDF / HWPX / XLSX documents for the plan
and for one district, read back (pdftotext, pdffonts, python-hwpx, openpyxl) and compared with
`python -m maeul progress --format json` for the same scope."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import time

import duckdb
import openpyxl
import pandas as pd
import pytest

from maeul.briefing import content
from maeul.briefing.render import buttons, render
from maeul.cli.main import main as cli_main
from maeul.present import format as fmt
from maeul.present.filters import Filters
from maeul.read import progress as progress_mod
from maeul.read.registry import Reader

MADE = dt.date(2022, 1, 10)
GANGNAM = "11680"


# ------------------------------------------------------------------ the content model (fast)


def test_direction_since_baseline():
    assert content.direction(59.5, 62.0, "higher") == "improving"
    assert content.direction(59.5, 59.0, "higher") == "worsening"
    assert content.direction(10, 8, "lower") == "improving"
    assert content.direction(10, 10, "higher") == "unchanged"
    assert content.direction(None, 10, "higher") == "not_comparable"


def test_kpis_take_progress_trend_when_it_has_one():
    prog = pd.DataFrame([{"code": "K1", "trend": "worsening"}, {"code": "K2", "trend": None}])
    recs = prog.to_dict("records")
    assert content._trend(recs[0]) == "worsening" and content._trend(recs[1]) is None


@pytest.mark.slow  # builds the briefing more than once (~1 s each)
def test_review_decides_provisional_or_verified_and_brings_explanations(con):
    from fixtures.make_fixtures import ACTUALS, csv_bytes

    from maeul.upload.store import commit

    # an uploaded figure nobody has approved yet (published figures alone would already read 확정: issue 14)
    assert commit(con, csv_bytes(ACTUALS, [["2021", "4", "서울시", "1-2-1", "30", ""]]), "a.csv", "kim").ok
    data = Reader(con)
    f = Filters((), "2021Q4", "dong", "ko")
    b = content.build(data, f, made=MADE)
    assert not b.verified and b.state_note.startswith("잠정")
    rated = [r["code"] for r in b.appendix.rows if r["status"] not in content.UNRATED]
    assert rated  # published figures rate a few indicators even without uploads
    review = pd.DataFrame({"code": rated, "verified": True, "explanation": "=1+1 설명"})
    v = content.build(data, f, review=review, made=MADE)
    assert v.verified and v.state_note.startswith("확정")
    explained = {r["code"]: r["explanation"] for r in v.appendix.rows}
    assert explained[rated[0]] == "=1+1 설명"  # user text kept as text (PDF/HWPX print it, exports neutralise it)
    half = review.assign(verified=[None] + [True] * (len(rated) - 1))  # one rated figure not yet verified
    assert not content.build(data, f, review=half, made=MADE).verified


@pytest.mark.slow  # builds the briefing more than once (~1 s each)
def test_plan_briefing_figures_equal_progress(con):
    data = Reader(con)
    f = Filters((), "2021Q4", "dong", "ko")
    b = content.build(data, f, made=MADE)
    prog = data("progress", "2021Q4", None, "dong")
    roll = progress_mod.rollup(prog, "plan").iloc[0]
    assert b.headline["rate_text"] == fmt.rate(roll["rate"]) and b.headline["status"] == roll["status"]
    assert [r["code"] for r in b.appendix.rows] == list(prog["code"])
    for row, cells in zip(b.appendix.rows, b.appendix.cells("ko")):
        p = prog[prog["code"] == row["code"]].iloc[0]
        assert cells[6] == ("–" if fmt.missing(p["rate"]) else fmt.rate(p["rate"]).rstrip("%"))
        assert cells[7] == fmt.status_label(p["status"], "ko")
    assert b.scope == "서울시 전체" and b.as_of == "2021Q4" and b.made == "2022-01-10"
    assert b.file_stem == "maeul_서울시전체_2021Q4_브리핑"
    assert [r["code"] for r in b.values.rows] == ["1", "2", "3", "4"]
    assert [r["code"] for r in b.kpis.rows] == ["K1", "K2", "K3", "K4", "K5", "K6"]
    assert len(b.districts.rows) == 25 and not any(r["selected"] for r in b.districts.rows)
    assert b.district is None and b.sources[0].startswith("서울특별시, 「2기")


@pytest.mark.slow  # builds the briefing more than once (~1 s each)
def test_district_and_strategy_scopes(con):
    data = Reader(con)
    b = content.build(data, Filters((GANGNAM,), "2021Q4", "dong", "ko"), made=MADE)
    assert b.scope == "강남구" and b.scope_kind == "districts"
    assert all(r["scope"] != "citywide" for r in data("progress", "2021Q4", GANGNAM, "dong").to_dict("records")
               if r["code"] in {x["code"] for x in b.appendix.rows})
    assert [r["district_code"] for r in b.districts.rows if r["selected"]] == [GANGNAM]
    assert b.district is not None and all(r["rank"] is None or r["rank"].endswith("/25") or "/" in r["rank"]
                                          for r in b.district["table"].rows)
    s = content.build(data, Filters((), "2021Q4", "dong", "en"), strategy="2", made=MADE)
    assert s.scope == "2. Resident self-governance" and s.scope_kind == "strategy"
    assert {r["code"] for r in s.values.rows} == {"2-1", "2-2"}
    assert all(str(r["code"]).startswith("2") for r in s.appendix.rows)
    assert s.budget.rows[-1]["name"] == "Total"
    with pytest.raises(ValueError, match="핵심가치"):
        content.build(data, Filters((), "2021Q4", "dong", "ko"), strategy="9")


def test_budget_total_row_adds_the_rows(con):
    b = content.build(Reader(con), Filters((), "2021Q4", "dong", "ko"), made=MADE)
    rows, total = b.budget.rows[:-1], b.budget.rows[-1]
    assert total["planned_to_date"] == pytest.approx(sum(r["planned_to_date"] for r in rows))
    assert total["executed_to_date"] is None  # nothing executed is uploaded: '–', not 0
    assert b.budget_note.startswith("아직 업로드된 예산 집행")


def test_buttons_name_files_by_scope_and_quarter(con):
    spec = buttons(Reader(con), Filters((GANGNAM,), "2021Q4", "dong", "ko"))
    assert [b["file_name"] for b in spec] == ["maeul_강남구_2021Q4_브리핑.pdf", "maeul_강남구_2021Q4_브리핑.hwpx",
                                            "maeul_강남구_2021Q4_브리핑.xlsx"]
    assert [b["label"] for b in spec] == ["브리핑 PDF", "HWPX", "XLSX 통합문서"]


@pytest.mark.slow  # builds and writes the whole workbook (~1.3 s)
def test_xlsx_workbook_sheets_and_numbers(con):
    data = render(Reader(con), Filters((), "2021Q4", "dong", "ko"), "xlsx", made=MADE)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["요약", "지표", "예산", "자치구", "데이터 품질", "출처"]
    ws = wb["지표"]
    assert ws["A2"].value.startswith("범위: 서울시 전체 · 기준 분기: 2021Q4")
    assert ws.freeze_panes == "A5"
    head = [c.value for c in ws[4]]
    assert head[:7] == ["코드", "지표", "단위", "목표", "현재 기대치", "실적", "달성률(%)"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    prog = Reader(con)("progress", "2021Q4", None, "dong").set_index("code")
    for code, r in rows.items():
        if fmt.missing(prog.loc[code, "rate"]):
            continue
        assert r[6] == fmt.rate_number(prog.loc[code, "rate"]) and isinstance(r[6], int)
        assert r[5] == fmt.number_value(prog.loc[code, "actual"]) and isinstance(r[5], (int, float))
    budget = wb["예산"]
    assert isinstance(budget.cell(row=5, column=6).value, (int, float))  # 누적 계획(백만원) as a number


# ------------------------------------------------------------------ the documents (slow: real rendering)


def _sample(sample_db) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(sample_db), read_only=True)


def _progress_json(sample_db, capsys, district: str | None) -> list[dict]:
    capsys.readouterr()
    args = ["progress", "--db", str(sample_db), "--as-of", "2021Q4", "--format", "json"]
    assert cli_main(args + (["--district", district] if district else [])) == 0
    return json.loads(capsys.readouterr().out)


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _row_is_printed(text_lines: list[str], rec: dict, lang: str = "ko") -> bool:
    """The indicator's code, rate and status on one line (or the line's neighbours when its name wraps)."""
    rate = "–" if rec["rate"] is None else fmt.rate(rec["rate"]).rstrip("%")
    status = fmt.status_label(rec["status"], lang)
    for i, line in enumerate(text_lines):
        if f" {rec['code']} " in f" {line} ":
            window = " ".join(text_lines[max(i - 1, 0):i + 2])
            if f" {rate} " in f" {window} " and status in window:
                return True
    return False


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@needs_poppler
@pytest.mark.slow
@pytest.mark.parametrize("district", [None, "강남구"])
def test_pdf_holds_scope_quarter_and_progress_figures(sample_db, capsys, tmp_path, district):
    out = tmp_path / "b.pdf"
    args = ["briefing", "--db", str(sample_db), "--as-of", "2021Q4", "--format", "pdf", "--out", str(out)]
    assert cli_main(args + (["--district", district] if district else [])) == 0
    assert out.read_bytes().startswith(b"%PDF")
    text = _pdf_text(out)
    assert ("강남구" if district else "서울시 전체") in text and "2021Q4" in text and "잠정" in text
    lines = text.splitlines()
    recs = _progress_json(sample_db, capsys, GANGNAM if district else None)
    con = _sample(sample_db)
    citywide = set(Reader(con)("hierarchy").query("scope == 'citywide'")["code"])
    con.close()
    shown = [r for r in recs if not (district and r["code"] in citywide)]  # a district's own indicators
    missing = [r["code"] for r in shown if r["status"] != "목표 없음" and not _row_is_printed(lines, r)]
    assert not missing, missing
    names = [r["name"] for r in shown]
    assert sum(n[:6] in text for n in names) >= 0.95 * len(names)  # names (long ones wrap inside their cell)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line.split("Identity-H")[-1] or line.split()[-5] == "yes" for line in fonts)
    assert any("NanumGothic" in line for line in fonts)
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "A4" in pages or "595.276 x 841.89" in pages or "595.28 x 841.89" in pages


@pytest.mark.slow
@pytest.mark.parametrize("district", [(), (GANGNAM,)])
def test_hwpx_opens_with_python_hwpx_and_holds_the_figures(sample_db, district):
    from hwpx import HwpxDocument

    con = _sample(sample_db)
    f = Filters(district, "2021Q4", "dong", "ko")
    data = render(Reader(con), f, "hwpx", made=MADE)
    assert data[30:38] == b"mimetype" and b"application/hwp+zip" in data[:100]
    doc = HwpxDocument.open(data)
    assert not doc.validate().issues
    text = doc.text.plain()
    prog = Reader(con)("progress", "2021Q4", f.district_arg, "dong")
    if district:
        prog = prog[prog["scope"] != "citywide"]
        assert "범위: 강남구" in text
    else:
        assert "범위: 서울시 전체" in text
    lines = text[text.index("부록: 범위 안의 모든 지표"):].splitlines()  # the appendix (every indicator in scope)
    for r in prog.to_dict("records"):
        cells = next((ln.split("\t") for ln in lines if ln.startswith(r["code"] + "\t")), None)
        assert cells is not None, r["code"]
        assert cells[6] == ("–" if fmt.missing(r["rate"]) else fmt.rate(r["rate"]).rstrip("%")), r["code"]
        assert cells[7] == fmt.status_label(r["status"], "ko")
    assert len(doc.tables) == (6 if district else 5)  # values, 성과지표, behind, budget, (profile,) appendix
    con.close()


@pytest.mark.slow
def test_plan_briefing_renders_in_under_20_seconds(sample_db):
    con = _sample(sample_db)
    start = time.perf_counter()
    pdf = render(Reader(con), Filters((), "2021Q4", "dong", "ko"), "pdf")
    assert pdf.startswith(b"%PDF") and time.perf_counter() - start < 20
    con.close()


@pytest.mark.slow
def test_cli_bad_scope_exits_1_with_a_message(sample_db, tmp_path, capsys):
    base = ["briefing", "--db", str(sample_db), "--as-of", "2021Q4", "--format", "pdf", "--out", str(tmp_path / "x")]
    assert cli_main(base + ["--district", "없는구"]) == 1
    assert "알 수 없는 자치구" in capsys.readouterr().err
    assert cli_main(base + ["--strategy", "5"]) == 1
    assert "핵심가치" in capsys.readouterr().err
    assert cli_main([*base[:4], "2031Q1", *base[5:]]) == 1
    assert not (tmp_path / "x").exists()
    assert cli_main(base[:5] + ["--format", "xlsx", "--out", str(tmp_path / "b.xlsx"), "--district", "강남구",
                                "송파구", "--lang", "en"]) == 0
    wb = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert wb.sheetnames[0] == "Summary" and "Gangnam-gu, Songpa-gu" in wb["Summary"]["A2"].value


def test_print_chart_labels_wrap_to_two_lines_instead_of_cutting_names():
    from maeul.briefing.charts import _label

    assert _label("2. Resident self-governance", 22) == "2. Resident\nself-governance"
    assert _label("4. Decentralisation and collaborative governance", 22) == \
        "4. Decentralisation\nand collaborative gov…"
    assert _label("1. 사회적 우정", 22) == "1. 사회적 우정"
