"""maeul.present.models.districts: the 자치구 비교 page's model on the plan alone and after small uploads through
ingest.commit — exact values of the options, ranking, small multiples, profile and comparison."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures.seeds import gangnam_actuals, one_space

from maeul.present.filters import Filters
from maeul.present.models import districts as model
from maeul.read.registry import Reader


def _f(districts=(), as_of="2019Q4", basis="dong", lang="ko") -> Filters:
    return Filters(tuple(districts), as_of, basis, lang)


# ------------------------------------------------------------------ labels and options

def test_indicator_label_picks_the_language():
    row = {"code": "1-1-1", "name": "이웃만들기 사업", "name_en": "Neighbours", "unit": "건"}
    assert model.indicator_label(row, "ko") == "1-1-1 이웃만들기 사업 (건)"
    assert model.indicator_label(row, "en") == "1-1-1 Neighbours (cases)"
    assert model.indicator_label({**row, "name_en": float("nan")}, "en") == "1-1-1 이웃만들기 사업 (cases)"


def test_options_on_the_plan_alone(con):
    om = model.options(Reader(con), _f())
    assert len(om["codes"]) == 34 and om["codes"][:3] == ("1-1-1", "1-1-1-G2", "1-2-1")
    assert om["default"] == "1-1-1" and om["multi_default"] == ("1-1-1", "1-2-1", "2-1-1", "2-2-1")
    assert om["labels"]["1-2-1"] == "1-2-1 자치구 마을아카데미 운영 (회)"
    assert len(om["districts"]) == 25 and om["districts"][0] == "11110" and om["names"]["11680"] == "강남구"
    assert om["profile_default"] == "11110" and om["compare_default"] == ("11110", "11140")
    assert om["selected"] == "" and om["max_multiples"] == 6


def test_options_follow_the_sidebar_districts(con):
    om = model.options(Reader(con), _f(("11680", "11440")))
    assert om["profile_default"] == "11680" and om["compare_default"] == ("11680", "11440")
    assert om["selected"] == ("사이드바에서 고른 자치구: **강남구, 마포구** — 순위·작은 그래프에서 강조하고, "
                              "프로필·비교의 기본값으로 씁니다.")
    one = model.options(Reader(con), _f(("11680",), lang="en"))
    assert one["compare_default"] == ("11680", "11110") and one["names"]["11680"] == "Gangnam-gu"


# ------------------------------------------------------------------ ranking

def test_ranking_of_one_districts_actuals(con):
    gangnam_actuals(con)
    m = model.ranking(Reader(con), _f(("11680",)), "1-1-1", "rate")
    assert m["selected"] == ["**강남구**: 1위 / 25 · 달성률 28% (지연) · 실적 15건 / 현재 기대치 52건"]  # a derived target rounded for its unit (issue 12)
    assert m["caption"] == ("출처: 목표 = 계획서 Ⅶ 연차별 추진계획; Ⅵ 단위사업 1-1-1 연차별 추진계획; 파생 목표(동 수 비율) — "
                            "사이드바 배분 방식: 동 수 비율 (기본); 실적 = 업로드; 기준 분기 2019Q4. 달성률 = 실적 ÷ 현재 기대치.")
    assert m["basis_note"] == "" and m["csv_name"] == "districts_ranking_1-1-1_2019Q4.csv"
    top = m["data"].iloc[0]
    assert (top["district"], top["actual"], top["status"], top["rank"]) == ("11680", 15, "지연", 1)
    assert len(m["data"]) == 25 and list(m["data"].columns) == model.RANKING_COLUMNS
    bar = m["chart"].data[0]
    assert list(bar.y)[-1] == "<b>강남구</b>" and list(bar.x)[-1] == 28 and list(bar.text)[-1] == "28%"
    en = model.ranking(Reader(con), _f(("11680",), lang="en"), "1-1-1", "rate")
    assert en["selected"] == ["**Gangnam-gu**: rank 1 of 25 · rate 28% (Behind) · actual 15 cases / expected 52 cases"]


def test_ranking_without_district_targets(con):
    m = model.ranking(Reader(con), _f(basis="none"), "1-1-1", "target")
    assert m["basis_note"] == "사이드바에서 '자치구 목표 없음'을 골라 목표와 달성률이 비어 있습니다."
    assert m["selected"] == []


# ------------------------------------------------------------------ small multiples

def test_multiples(con):
    gangnam_actuals(con)
    m = model.multiples(Reader(con), _f(), ("1-1-1", "1-2-1"))
    assert [a.text for a in m["chart"].layout.annotations[:2]] == ["이웃만들기 사업", "자치구 마을아카데미 운영"]
    assert m["caption"] == ("출처: 목표 = 계획서 (1-1-1: Ⅶ 연차별 추진계획; Ⅵ 단위사업 1-1-1 연차별 추진계획; "
                            "1-2-1: Ⅶ 연차별 추진계획; Ⅵ 단위사업 1-2-1 연차별 추진계획), 자치구 목표는 동 수 비율 (기본) 방식의 "
                            "파생 목표; 실적 = 업로드; 기준 분기 2019Q4. 막대 = 달성률(실적 ÷ 현재 기대치), 점선 = 100%.")
    assert len(m["data"]) == 50 and list(m["data"].columns) == model.MULTIPLES_COLUMNS
    assert m["csv_name"] == "districts_multiples_2019Q4.csv"
    en = model.multiples(Reader(con), _f(lang="en"), ("1-1-1",))
    # the English name, shortened to 40 characters for the panel title
    assert en["chart"].layout.annotations[0].text == "Neighbour-making projects (resident gro…"


# ------------------------------------------------------------------ facts and profile

def test_facts_show_no_spaces_as_missing_until_a_list_is_uploaded(con):
    facts = model.facts(Reader(con), "2019Q4").set_index("district_code")
    assert facts[["spaces_total", "childcare_rooms"]].isna().all().all()
    one_space(con)
    facts = model.facts(Reader(con), "2019Q4").set_index("district_code")
    assert facts.loc["11680", ["spaces_total", "childcare_rooms"]].tolist() == [1, 1]
    assert facts.loc["11110", ["spaces_total", "childcare_rooms"]].tolist() == [0, 0]


def test_profile_on_the_plan_alone(con):
    m = model.profile(Reader(con), _f(), "11680")
    assert m["name"] == "강남구"
    assert m["metrics"] == [("주민등록인구", "536,107명"), ("세대수", "232,707세대"), ("동 수 (계획서)", "22개"),
                            ("면적", "38.4 km²"), ("마을공간", "–"), ("열린육아방", "–")]
    assert m["facts_caption"].startswith("인구·세대: 서울 열린데이터광장 「서울시 주민등록인구 (동별) 통계」 2021.2/4")
    assert len(m["dongs"]) == 22 and len(m["dongs_view"]) == 22
    assert list(m["dongs_view"].columns) == ["행정동", "행정동 코드", "면적(km²)", "인구(명, 2021.2분기)"]
    assert m["dongs_caption"].startswith("행정동 22개 (경계 파일: 통계청 SGIS") and "계획서의 동 수 22개" in m["dongs_caption"]
    assert m["tax_view"].to_dict("list") == {
        "항목": ["주민세 개인균등분 부과액", "주민세 개인균등분 징수액", "주민세 개인균등 징수분 동별 배분(동 배분)"],
        "연도": [2016, 2016, 2016], "값": [1076.0, 887.0, 40.0], "단위": ["백만원", "백만원", "백만원"]}
    assert m["tax_caption"].startswith("출처: 2기 마을공동체 기본계획(서울특별시장 방침 제41호, 2018-03-13)")
    assert m["spaces"].empty and m["spaces_view"] is None and m["spaces_counts"] == ""
    # since issue 12 the "2018~2022 누계" goals have a target every year (목표 없음 7 → 2)
    assert m["progress_counts"] == "달성 0 · 정상 0 · 주의 0 · 지연 0 · 자료 없음 32 · 목표 없음 2 · 판정 안 함 0"
    first = m["progress_view"].iloc[0]
    assert (first["코드"], first["이름"], first["목표 유형"], first["상태"]) == ("1-1-1", "이웃만들기 사업", "연간 실적",
                                                                     "자료 없음")
    assert m["progress_caption"].endswith("실적 = 실적 없음. 서울시 전체로만 의미가 있는 지표(시 단위 제도·조사)는 뺐습니다. "
                                          "'–' = 자료 없음 (아직 업로드되지 않았거나 목표·통계가 없음).")
    # every cell as a person writes it: derived targets rounded for their unit, '–' for missing, never None/nan
    # and never three decimals of a count
    view = m["progress_view"]
    assert (first["목표"], first["현재 기대치"], first["실적"], first["출처"]) == ("52건", "52건", "–", "–")
    text_cols = [c for c in view.columns if c != "달성률"]
    cells = [str(v) for c in text_cols for v in view[c]]
    assert not [c for c in cells if c in ("None", "nan", "inf", "") or c.startswith("0.")]
    assert not [c for c in cells if __import__("re").search(r"\d\.\d{3}", c)]
    assert view["달성률"].isna().all()  # no rate yet: an empty cell the table shows as '–'
    # dongs: areas to two decimals, population as whole people
    dv = m["dongs_view"]
    assert str(dv["인구(명, 2021.2분기)"].dtype) == "Int64" and str(dv["면적(km²)"].dtype) == "Float64"
    assert all(round(x, 2) == x for x in dv["면적(km²)"])
    assert m["csv_names"] == {"dongs": "dongs_11680.csv", "tax": "resident_tax_2016_11680.csv",
                              "spaces": "spaces_11680_2019Q4.csv", "progress": "progress_11680_2019Q4.csv"}


def test_profile_after_actuals_and_a_space(con):
    gangnam_actuals(con)
    one_space(con)
    m = model.profile(Reader(con), _f(), "11680")
    assert m["metrics"][4:] == [("마을공간", "1개소"), ("열린육아방", "1개소")]
    assert m["progress_counts"] == "달성 0 · 정상 0 · 주의 0 · 지연 1 · 자료 없음 31 · 목표 없음 2 · 판정 안 함 0"
    row = m["progress_view"].set_index("코드").loc["1-1-1"]
    assert (row["실적"], row["달성률"], row["상태"], row["출처"]) == ("15건", 28, "지연", "업로드")
    assert m["spaces_counts"] == "우리마을공간 1개소" and m["spaces_sample"] is False
    assert m["spaces_view"][["이름", "유형", "행정동 코드", "열린육아방"]].to_dict("records") == [
        {"이름": "마을공간 온", "유형": "우리마을공간", "행정동 코드": "1168064000", "열린육아방": True}]
    assert m["spaces_view"]["개소일"].tolist() == ["2018-05-01"]  # the date, without 00:00:00


def test_profile_in_english(con):
    m = model.profile(Reader(con), _f(lang="en"), "11680")
    assert m["name"] == "Gangnam-gu"
    assert m["metrics"][:3] == [("Population", "536,107 people"), ("Households", "232,707 households"),
                                ("Dongs (plan)", "22")]


# ------------------------------------------------------------------ two districts

def test_compare_two_districts(con):
    gangnam_actuals(con)
    m = model.compare(Reader(con), _f(), "11680", "11110")
    assert list(m["table"].columns) == ["항목", "단위", "강남구", "종로구", "차이(A−B)"]
    assert m["table"].iloc[0].tolist() == ["주민등록인구", "명", 536107, 155106, 381001]
    # numbers as shown (fmt.number_value: no float noise, 38.41 − 23.91 = 14.5 not 14.4999…); spaces not uploaded yet:
    # missing (the table shows '–'), explained in the caption
    area = m["table"].set_index("항목").loc["면적"]
    assert area.tolist()[1:] == [38.4, 23.9, 14.5]  # as fmt.number shows them (the profile: "38.4 km²")
    assert all(str(m["table"][c].dtype) == "Float64" for c in m["num_cols"])
    assert m["table"].set_index("항목").loc["마을공간", ["강남구", "종로구", "차이(A−B)"]].isna().all()
    assert m["facts_caption"].endswith("'–' = 자료 없음 (아직 업로드되지 않았거나 목표·통계가 없음).")
    assert m["num_cols"] == ["강남구", "종로구", "차이(A−B)"] and m["same"] == ""
    assert [tr.name for tr in m["chart"].data] == ["강남구", "종로구"]
    assert m["caption"] == ("출처: 목표 = 계획서, 자치구 목표는 동 수 비율 (기본) 방식의 파생 목표; 실적 = 업로드; 기준 분기 2019Q4. "
                            "두 자치구 중 한 곳이라도 달성률이 있는 지표만 표시.")
    row = m["data"].set_index("code").loc["1-1-1"]
    assert (row["actual_11680"], row["status_11680"], row["status_11110"]) == (15, "지연", "자료 없음")
    assert pd.isna(row["actual_11110"])
    assert m["csv_names"] == {"facts": "districts_facts_11680_11110.csv",
                              "data": "districts_compare_11680_11110_2019Q4.csv"}


@pytest.mark.parametrize("lang,text", [("ko", "같은 자치구를 골랐습니다. 다른 자치구를 고르세요."),
                                       ("en", "The same district is chosen twice.")])
def test_compare_the_same_district_says_so(con, lang, text):
    assert model.compare(Reader(con), _f(lang=lang), "11680", "11680")["same"] == text
