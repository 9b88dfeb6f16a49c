"""The 데이터 품질 page's model (maeul.present.models.quality) and format.md_escape, on the plan alone and after a
small actuals upload through the real ingest path. Exact values throughout.

The plan has 68 indicators, 2 of them with a published figure up to 2021Q4 (2-1-1 and K1), 55 inconsistency notes
and 7 published figures; 1-1-1 (건) is reported by district every quarter of 2018–2022.
"""

from __future__ import annotations

import pytest
from fixtures.make_fixtures import ACTUALS, csv_bytes

from maeul.present import format as fmt
from maeul.present.filters import Filters
from maeul.present.models import quality as model
from maeul.read.registry import Reader
from maeul.upload.store import commit

CITY = Filters((), "2021Q4", "dong", "ko")
GANGNAM = Filters(("11680",), "2021Q4", "dong", "ko")
TWO = Filters(("11680", "11110"), "2021Q4", "dong", "ko")

# 연도, 분기, 자치구, 지표코드, 실적, 비고: 강남구 once in 2019Q1, 종로구 in 2021Q3, 중구 in the as-of quarter 2021Q4
ROWS = [
    [2019, 1, "강남구", "1-1-1", 3, ""],
    [2021, 3, "종로구", "1-1-1", 5, ""],
    [2021, 4, "중구", "1-1-1", 2, ""],
]


@pytest.fixture
def data(con):
    return Reader(con)


@pytest.fixture
def reported(con):
    """The plan plus the three actual rows above, committed like an upload."""
    res = commit(con, csv_bytes(ACTUALS, ROWS), "actuals.csv", "test")
    assert not res.errors, res.errors
    return Reader(con)


# ------------------------------------------------------------------ helpers

def test_md_escape():
    assert fmt.md_escape("~a~ $b$ [x](y) *z* 1.5") == "\\~a\\~ \\$b\\$ \\[x\\]\\(y\\) \\*z\\* 1\\.5"
    assert fmt.md_escape("http://x.kr a@b.kr &lt;") == "http\\://x\\.kr a\\@b\\.kr \\&lt;"  # no autolink, entity
    assert fmt.md_escape("주민세 Ⅷ") == "주민세 Ⅷ"
    assert fmt.md_escape("") == "–" and fmt.md_escape(None) == "–" and fmt.md_escape(float("nan")) == "–"


def test_is_late():
    assert model.is_late(None, None)
    assert model.is_late(float("nan"), float("nan"))
    assert model.is_late("2021Q3", 1)
    assert not model.is_late("2021Q4", 0)
    assert model.filters_key(Filters(("11680",), "2020Q2", "none", "en")) == (("11680",), "2020Q2", "en")


# ------------------------------------------------------------------ on the plan alone

def test_metrics_plan_only(data):
    assert model.metrics(data, CITY) == {"no_data": "66 / 68", "late": "25 / 25", "notes": "55건",
                                         "published": "7건"}
    assert model.metrics(data, Filters((), "2021Q4", "dong", "en")) == {"no_data": "66 of 68", "late": "25 of 25",
                                                                        "notes": "55", "published": "7"}
    assert model.metrics(data, TWO)["late"] == "2 / 2"


def test_heatmap_plan_only(data):
    m = model.heatmap(data, CITY)
    assert m["empty"] is None
    assert m["nothing"] == "아직 업로드된 자치구 실적이 없어 모든 칸이 '누락'입니다."
    # 20 quarterly indicators × 25 districts × 16 quarters less the quarters without a target (4-1-3-2 and
    # 4-2-2-7 are headcount/village levels since issue 12, not counts per quarter: 9900 − 2 × 25 × 16)
    assert m["fig"].layout.meta == {"expected": 16, "missing_total": 9100}
    assert len(m["data"]) == 25 * 24  # 24 quarterly counts reported by district (4-1-3-2, 4-2-2-7 are levels)
    two = model.heatmap(data, TWO)
    assert list(two["fig"].data[0].y) == ["종로구", "강남구"]
    assert two["fig"].layout.meta["missing_total"] == 9100 * 2 // 25
    # the expander's label says how many cells miss quarters without opening it
    assert m["label"] == "누락 지도 보기 — 분기가 빠진 칸 600 / 600 (자치구 25곳 × 지표)"
    assert two["label"] == "누락 지도 보기 — 분기가 빠진 칸 48 / 48 (자치구 2곳 × 지표)"


def test_heatmap_height_follows_the_rows(data):
    """A fixed height per district row, with a floor and a ceiling: one district is a strip, not one giant row."""
    from maeul.present import budget_charts as bc

    one, two, city = (model.heatmap(data, f)["fig"].layout.height for f in (GANGNAM, TWO, CITY))
    head = bc.HEAT_HEAD_PX + bc.HEAT_FOOT_PX
    assert city == head + 25 * bc.HEAT_ROW_PX == 650
    assert one == two == head + bc.HEAT_PLOT_PX[0] == 144  # the floor: 44 px of rows
    assert bc.heatmap_height(3) == head + 3 * bc.HEAT_ROW_PX
    assert bc.heatmap_height(400) == head + bc.HEAT_PLOT_PX[1]  # the ceiling
    # the colour bar beside the rows (vertical, plotly's own placement), only where there are rows enough to hold it
    city_map, one_map = (model.heatmap(data, f)["fig"].data[0] for f in (CITY, GANGNAM))
    assert city_map.showscale is True and city_map.colorbar.orientation in (None, "v")
    assert city_map.colorbar.yref in (None, "paper") and city_map.colorbar.title.text == "누락 분기"
    assert one_map.showscale is False


def test_stale_plan_only(data):
    m = model.stale(data, GANGNAM)
    assert m["show"].to_dict("records") == [{"district": "강남구", "last_quarter": "보고 없음", "quarters_behind": None,
                                             "rows": 0, "state": "아직 보고 없음"}]
    assert len(model.stale(data, CITY)["show"]) == 25


def test_no_data_plan_only(data):
    m = model.no_data(data, CITY)
    assert m["summary"] == "추진목표 14/14개 자료 없음 · 성과지표 5/6개 자료 없음 · 대표지표 25/26개 자료 없음 · 세부지표 22/22개 자료 없음"
    assert (m["n_missing"], m["n_ind"]) == (66, 68)
    assert "2-1-1" not in set(m["show"]["code"]) and "K1" not in set(m["show"]["code"])
    first = m["show"].iloc[0]
    assert (first["code"], first["role"]) == ("1-1-1", "대표지표")
    # where it is reported, in words (it showed the stored code 'citywide' in Korean)
    assert first["scope"] == "서울시·자치구"
    assert set(m["show"]["scope"]) <= {"서울시·자치구", "서울시만", "자치구만"}
    en = model.no_data(data, Filters((), "2021Q4", "dong", "en"))["show"]
    assert set(en["scope"]) <= {"Citywide and districts", "Citywide only", "Districts only"} and "Citywide only" in set(en["scope"])


def test_notes_search_and_markdown(data):
    all_ = model.notes(data, "ko", "")
    assert len(all_["shown"]) == 55 and all_["ids"][:3] == ("DQ01", "DQ02", "DQ03")  # DQ34–42 since issue 12
    assert all_["labels"]["DQ01"] == "DQ01 — Ⅵ 전략별 추진 과제 / Ⅶ; unit_project"
    assert all_["detail"]["DQ01"].startswith("**DQ01** — Ⅵ 전략별 추진 과제 / Ⅶ; unit\\_project\n\n- 수치 A: 26 단위사업")
    assert "\\(1\\: 5, 2\\: 3, 3\\: 11, 4\\: 7\\)" in all_["detail"]["DQ01"]
    assert all_["all_md"].count("\n\n---\n\n") == 54
    assert all_["read_all"] == "전체 55건 이어서 읽기"
    one = model.notes(data, "en", "dq02")
    assert one["ids"] == ("DQ02",) and one["read_all"] == "Read all 1 in full"
    assert one["detail"]["DQ02"].startswith("**DQ02** — Ⅲ 단계별 주민자치회 도입\\(안\\) vs 2\\-1\\-1\n\n- Figure A:")
    assert model.notes(data, "ko", "zzz-no-such-note")["ids"] == ()
    assert model.notes_count(data) == 55


def test_published_values_and_citations(data):
    m = model.published(data, CITY)
    show = m["show"]
    assert list(show.columns) == ["indicator", "value", "period", "district", "publisher", "date", "url",
                                  "description", "confidence"]
    assert show["value"].tolist() == ["26개", "5개", "4개", "236개", "6개", "59.5%", "38.9%"]
    assert show["district"].tolist() == ["서울시 전체", "서대문구", "구로구", "서울시 전체", "관악구", "서울시 전체",
                                         "서울시 전체"]
    assert show["indicator"].iloc[5] == "K1 이웃신뢰도" and show["period"].iloc[0] == "2017 (pilot)"
    en = model.published(data, Filters((), "2021Q4", "dong", "en"))["show"]
    assert en["value"].iloc[0] == "26 units" and en["district"].iloc[1] == "Seodaemun-gu"
    assert en["indicator"].iloc[5] == "K1 Trust in neighbours"


# ------------------------------------------------------------------ after an actuals upload

def test_metrics_after_upload(reported):
    # 1-1-1 now has data; 중구 reported in the as-of quarter, every other district is late or never reported
    assert model.metrics(reported, CITY) == {"no_data": "65 / 68", "late": "24 / 25", "notes": "55건",
                                             "published": "7건"}
    assert model.metrics(reported, GANGNAM)["late"] == "1 / 1"
    assert model.metrics(reported, Filters(("11140",), "2021Q4", "dong", "ko"))["late"] == "0 / 1"
    # a district scope counts only that district's rows (uploaded and published; no published figure is for 종로구
    # or 중구): 종로구 has 1-1-1 in 2021Q3, 중구's only row is after 2021Q3
    # a district is counted only against the 34 indicators a district can report (not the citywide-only ones)
    assert model.metrics(reported, Filters(("11110",), "2021Q3", "dong", "ko"))["no_data"] == "33 / 34"
    assert model.metrics(reported, Filters(("11140",), "2021Q3", "dong", "ko"))["no_data"] == "34 / 34"


def test_stale_after_upload(reported):
    show = model.stale(reported, CITY)["show"].set_index("district")
    assert show.loc["중구"].to_dict() == {"last_quarter": "2021Q4", "quarters_behind": 0, "rows": 1, "state": "최신"}
    assert show.loc["종로구"].to_dict() == {"last_quarter": "2021Q3", "quarters_behind": 1, "rows": 1,
                                          "state": "1분기 늦음"}
    assert show.loc["강남구"].to_dict() == {"last_quarter": "2019Q1", "quarters_behind": 11, "rows": 1,
                                          "state": "11분기 늦음"}
    assert show.loc["용산구", "state"] == "아직 보고 없음"
    en = model.stale(reported, Filters(("11110",), "2021Q4", "dong", "en"))["show"]
    assert en.to_dict("records") == [{"district": "Jongno-gu", "last_quarter": "2021Q3", "quarters_behind": 1,
                                      "rows": 1, "state": "1 quarter(s) behind"}]


def test_heatmap_after_upload(reported):
    m = model.heatmap(reported, CITY)
    assert m["nothing"] is None
    assert m["fig"].layout.meta == {"expected": 16, "missing_total": 9100 - 3}
    cov = m["data"].set_index(["district_code", "indicator_code"])
    assert cov.loc[("11680", "1-1-1"), "quarters_reported"] == 1
    assert model.heatmap(reported, GANGNAM)["fig"].layout.meta["missing_total"] == 9100 // 25 - 1
    assert m["label"] == "누락 지도 보기 — 분기가 빠진 칸 600 / 600 (자치구 25곳 × 지표)"  # 1 of 16 is still a gap


def test_no_data_after_upload(reported):
    m = model.no_data(reported, CITY)
    assert m["summary"].split(" · ")[2] == "대표지표 24/26개 자료 없음"
    assert "1-1-1" not in set(m["show"]["code"]) and m["n_missing"] == 65
