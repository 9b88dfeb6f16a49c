"""maeul.present.models.map: the map page's model on the plan alone and after small uploads through ingest.commit —
exact values of the measure table, captions, legend, Deck layers and tooltips."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from fixtures.seeds import gangnam_actuals, one_space

from maeul.present.filters import Filters
from maeul.present.models import map as model
from maeul.read.registry import Reader

ALL_LAYERS = ("gu", "labels", "spaces", "childcare")  # the layers shown by default
def _f(districts=(), as_of="2019Q4", basis="dong", lang="ko") -> Filters:
    return Filters(tuple(districts), as_of, basis, lang)


def _deck(m: dict) -> dict:
    return json.loads(m["deck"].to_json())


def _layer(obj: dict, layer_id: str):
    return next((x for x in obj["layers"] if x["id"] == layer_id), None)


def _feature(obj: dict, code: str) -> dict:
    return next(x["properties"] for x in _layer(obj, "gu-choropleth")["data"]["features"]
                if x["properties"]["district_code"] == code)


# ------------------------------------------------------------------ options

def test_options_on_the_plan_alone(con):
    om = model.options(Reader(con), _f())
    assert om["first_measure"] == "dong_count" and om["fallback_measure"] == "dong_count"
    assert om["measures"][:4] == ("ind_rate", "ind_actual", "ind_target", "dong_count") and len(om["measures"]) == 13
    assert om["needs_indicator"] == ("ind_rate", "ind_actual", "ind_target")
    assert om["measure_labels"]["dong_count"] == "동 수"
    assert len(om["codes"]) == 34 and om["codes"][:3] == ("1-1-1", "1-1-1-G2", "1-2-1")
    assert om["default_indicator"] == "1-1-1"
    assert om["labels"]["1-1-1"] == "1-1-1 이웃만들기 사업 (건)"
    assert om["layers"] == (("gu", "자치구 색칠", True), ("dong", "행정동 경계", False), ("labels", "자치구 이름", True),
                            ("spaces", "마을공간 (유형별)", True), ("childcare", "열린육아방", True))
    assert om["attribution"].startswith("**경계 데이터 저작권 표시**  \n본 데이터는 통계청 통계지리정보서비스(SGIS")
    assert "CC BY 4.0" in om["attribution"]
    assert om["boundaries"].startswith("경계: 통계청 SGIS 행정동 경계 (vuski/admdongkor 가공, 2021년 4월 기준 425개 동)")


def test_options_after_actuals_and_in_english(con):
    gangnam_actuals(con)
    om = model.options(Reader(con), _f(lang="en"))
    assert om["first_measure"] == "ind_rate"
    assert om["measure_labels"]["dong_count"] == "Number of dongs"
    assert om["layers"][0] == ("gu", "District colours", True)
    assert om["attribution"].startswith("**Boundary data attribution**  \n")


# ------------------------------------------------------------------ measure values and table

def test_dong_count_measure_on_the_plan(con):
    m = model.measure(Reader(con), _f(), "dong_count", None)
    show = m["show"].set_index("코드")
    assert list(m["show"].columns) == ["코드", "자치구", "동 수 (개)", "순위", "출처"]
    assert show.loc["11680", "자치구"] == "강남구" and show.loc["11680", "동 수 (개)"] == 22  # the plan's 22 동
    assert show.loc["11680", "순위"] == 2 and show.loc["11110", "동 수 (개)"] == 17
    assert m["show"]["동 수 (개)"].sum() == 424
    assert m["value_head"] == "동 수 (개)" and m["rank_head"] == "순위" and m["kind"] == "count"
    assert m["table_title"] == "자치구별 값: 동 수"
    assert m["caption"].startswith("출처: 동 수 = 2기 마을공동체 기본계획(서울특별시장 방침 제41호, 2018-03-13)")
    assert m["caption"].endswith("에 적힌 자치구별 동 수 (계획 수립 당시 424개 동; 2021년 4월 행정동은 425개).")
    assert m["basis_note"] == ""
    assert list(m["csv"].columns[:6]) == ["district_code", "district_name", "district_name_en", "measure", "indicator",
                                          "as_of"]
    assert set(m["csv"]["measure"]) == {"dong_count"} and set(m["csv"]["as_of"]) == {"2019Q4"}
    assert m["csv_name"] == "map_dong_count_2019Q4.csv"


def test_measure_table_in_english(con):
    m = model.measure(Reader(con), _f(lang="en"), "population", None)
    row = m["show"].set_index("Code").loc["11680"]
    assert m["value_head"] == "Registered population (2021 Q2) (people)"
    assert row["District"] == "Gangnam-gu" and row[m["value_head"]] == 536107


def test_indicator_without_actuals_is_no_data_everywhere(con):
    data = Reader(con)
    v = model.values(data, _f(), "ind_rate", "1-1-1")
    assert v["n_missing"] == 25 and v["bins"] == [] and v["unit"] == "%" and v["kind"] == "rate"
    assert v["measure_label"] == "지표 달성률 · 1-1-1"
    assert v["values"].set_index("district_code").loc["11680", "detail"] == "– / 52건 · 자료 없음"
    # an indicator no district has a row for: every district missing, counted from the district list
    assert model.values(data, _f(), "ind_rate", "9-9-9")["n_missing"] == 25
    m = model.measure(data, _f(), "ind_rate", "1-1-1")
    assert m["caption"] == ("출처: 목표 = 계획서 Ⅶ 연차별 추진계획; Ⅵ 단위사업 1-1-1 연차별 추진계획 (자치구 목표는 동 수 비율 (기본) "
                            "방식의 파생 목표: 파생(동 수 비율)); 실적 = 실적 없음; 기준 분기 2019Q4.")


def test_one_districts_actuals_in_the_map_table(con):
    gangnam_actuals(con)
    data = Reader(con)
    v = model.values(data, _f(), "ind_rate", "1-1-1")
    assert v["n_missing"] == 24
    assert [(b.label, b.count) for b in v["bins"]] == [("70% 미만 (지연)", 1), ("70–90% (주의)", 0),
                                                        ("90–100% (정상)", 0), ("100% 이상 (달성)", 0)]
    assert v["values"].set_index("district_code").loc["11680", "detail"] == "15 / 52건 · 지연"
    m = model.measure(data, _f(), "ind_rate", "1-1-1")
    assert m["value_head"] == "지표 달성률 (%)" and m["kind"] == "rate"
    show = m["show"].set_index("코드")
    gangnam = show.loc["11680"]
    assert gangnam[m["value_head"]] == 28  # 15 ÷ 51.89 = 28.9 %, shown truncated: 28%
    assert gangnam["순위"] == 1 and gangnam["실적"] == "15건" and gangnam["상태"] == "지연"
    # a derived expected value rounded for its unit (51.89 건 → 52건), never 51.8867
    assert gangnam["현재 기대치(파생)"] == "52건"
    assert gangnam["목표 근거"] == "파생(동 수 비율)" and gangnam["출처"] == "업로드"
    # a district without actuals: '–' in text cells, an empty (placeholder '–') value and rank, never None/nan
    jongno = show.loc["11110"]
    assert jongno["상태"] == "자료 없음" and jongno["실적"] == "–" and jongno["출처"] == "–"
    assert jongno["현재 기대치(파생)"] == "40건"  # 40.094 건 shown whole
    assert pd.isna(jongno[m["value_head"]]) and pd.isna(jongno["순위"])
    assert str(show[m["value_head"]].dtype) == "Float64" and str(show["순위"].dtype) == "Int64"
    assert m["table_caption"].startswith("순위 1 = 가장 큰 값.") and "'–' = 자료 없음" in m["table_caption"]
    # the target measure: derived targets as whole counts in the sortable value column
    tm = model.measure(data, _f(), "ind_target", "1-1-1")["show"].set_index("코드")
    assert tm.loc["11680", "지표 현재 기대치 (파생 목표) (건)"] == 52
    assert m["table_title"] == "자치구별 값: 지표 달성률 · 1-1-1"
    assert m["caption"].endswith("실적 = 업로드; 기준 분기 2019Q4.")
    assert m["csv_name"] == "map_ind_rate_1-1-1_2019Q4.csv"
    en = model.values(data, _f(lang="en"), "ind_rate", "1-1-1")
    assert en["values"].set_index("district_code").loc["11680", "detail"] == "15 / 52 cases · Behind"


def test_rate_without_district_targets_says_so(con):
    m = model.measure(Reader(con), _f(basis="none"), "ind_rate", "1-1-1")
    assert m["basis_note"].startswith("사이드바에서 '자치구 목표 없음'을 골라 자치구 달성률이 계산되지 않습니다.")
    assert model.measure(Reader(con), _f(basis="none"), "ind_actual", "1-1-1")["basis_note"] == ""


# ------------------------------------------------------------------ spaces

def test_spaces_before_and_after_a_list_is_uploaded(con):
    data = Reader(con)
    sm = model.spaces(data, _f())
    assert sm["types"] == () and sm["type_labels"] == {}
    assert sm["notice"][0] == "info" and sm["notice"][1].startswith("아직 업로드된 마을공간 목록이 없어")
    one_space(con)
    assert model.spaces(data, _f()) == {"types": ("우리마을공간",), "type_labels": {"우리마을공간": "우리마을공간"},
                                        "notice": None}
    assert model.spaces(data, _f(lang="en"))["type_labels"] == {"우리마을공간": "Our Village Space"}
    assert model.spaces(data, _f(as_of="2018Q1"))["types"] == ()  # opened 2018-05-01


def test_space_measure_caption(con):
    one_space(con)
    m = model.measure(Reader(con), _f(), "spaces_total", None)
    assert m["show"].set_index("코드").loc["11680", "마을공간 수 (개소)"] == 1
    assert m["caption"] == "출처: 업로드된 마을공간 목록 (2019Q4 말 운영 중인 공간)."


# ------------------------------------------------------------------ deck and legend

def test_deck_of_the_plans_dong_counts(con):
    dm = model.deck(Reader(con), _f(), "dong_count", None, ALL_LAYERS, ())
    obj = _deck(dm)
    assert [x["id"] for x in obj["layers"]] == ["gu-choropleth", "gu-labels"]
    assert obj["mapStyle"] == "__MAP_STYLE__" and not obj.get("mapProvider")
    gangnam = _feature(obj, "11680")
    assert gangnam["value"] == 22 and gangnam["tt_line1"] == "동 수: 22개" and gangnam["name"] == "강남구"
    assert {"position": [127.05672, 37.49861], "text": "강남구\n22"} in _layer(obj, "gu-labels")["data"]
    assert dm["alt"] == "서울시 25개 자치구 지도: 동 수" and dm["zoomed"] == ""
    assert "동 수 <span" in dm["legend"] and "(개)" in dm["legend"]
    assert [c for c in ("10–15", "15–20", "20–25", "25–30") if c in dm["legend"]] == ["10–15", "15–20", "20–25", "25–30"]
    assert "· 5개 구" in dm["legend"] and "· 15개 구" in dm["legend"] and "· 4개 구" in dm["legend"]
    assert "자료 없음" not in dm["legend"]


def test_deck_with_actuals_spaces_and_a_chosen_district(con):
    gangnam_actuals(con)
    one_space(con)
    dm = model.deck(Reader(con), _f(("11680",)), "ind_rate", "1-1-1", ALL_LAYERS, ("우리마을공간",))
    obj = _deck(dm)
    assert [x["id"] for x in obj["layers"]] == ["gu-choropleth", "gu-highlight", "spaces", "childcare-rooms",
                                                "gu-labels"]
    gangnam = _feature(obj, "11680")
    assert gangnam["tt_line1"] == "지표 달성률 · 1-1-1: 28%" and gangnam["tt_line2"] == "15 / 52건 · 지연"
    point = _layer(obj, "spaces")["data"][0]
    assert point["tt_title"] == "마을공간 온" and point["tt_line1"] == "우리마을공간 · 강남구 · 열린육아방"
    assert _layer(obj, "gu-labels")["data"] == [{"position": [127.05672, 37.49861], "text": "강남구\n28%"}]
    assert dm["zoomed"] == "사이드바에서 고른 자치구 1곳을 확대하고 굵은 테두리로 표시했습니다."
    assert dm["alt"] == "서울시 25개 자치구 지도: 지표 달성률 · 1-1-1"
    for text in ("70% 미만 (지연)", "· 1개 구", "자료 없음", "· 24개 구", "우리마을공간</div>", "열린육아방</div>"):
        assert text in dm["legend"], text


@pytest.mark.parametrize("chosen,ids", [((), ["gu-outline", "gu-labels"]),
                                        (("우리마을공간",), ["gu-outline", "spaces", "childcare-rooms", "gu-labels"])])
def test_deck_layers_off_and_space_types(con, chosen, ids):
    one_space(con)
    dm = model.deck(Reader(con), _f(), "dong_count", None, ("labels", "spaces", "childcare"), chosen)
    assert [x["id"] for x in _deck(dm)["layers"]] == ids
    assert "자치구 색칠 꺼짐" in dm["legend"] and ("우리마을공간</div>" in dm["legend"]) == bool(chosen)
    assert "동 수 <span" not in dm["legend"]
