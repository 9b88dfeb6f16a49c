"""Labels of the 자치구 비교 page (districts) and its charts."""

TEXT = {
    "districts.title": ("자치구 비교", "Districts"),
    "districts.intro": ("자치구 목표는 계획서의 서울시 목표를 사이드바의 배분 방식(동 수 비율·균등)으로 나눈 파생 목표입니다. "
                        "계획서가 자치구 목표를 직접 정한 지표만 '계획'으로 표시됩니다.",
                        "District targets are derived from the plan's citywide targets by the sidebar's basis "
                        "(share of dongs or equal); only targets the plan itself sets per district show as 'plan'."),
    "districts.selected": ("사이드바에서 고른 자치구: **{names}** — 순위·작은 그래프에서 강조하고, 프로필·비교의 "
                           "기본값으로 씁니다.",
                           "Districts chosen in the sidebar: **{names}** — highlighted in the ranking and small "
                           "multiples, and used as defaults for the profile and comparison."),
    "districts.tab.ranking": ("지표별 순위", "Ranking"),
    "districts.tab.multiples": ("주요 지표 한눈에", "Key indicators"),
    "districts.tab.profile": ("자치구 프로필", "District profile"),
    "districts.tab.compare": ("두 자치구 비교", "Compare two"),
    "districts.no_indicators": ("자치구별로 비교할 수 있는 지표가 아직 없습니다 (계획 데이터 확인 필요).",
                                "No indicator can be compared by district yet (check the plan data)."),
    "districts.no_actuals": ("실적 없음", "no actuals"),
    "districts.ranking.title": ("지표별 자치구 순위", "Districts ranked on an indicator"),
    "districts.indicator": ("지표", "Indicator"),
    "districts.value": ("보기", "Show"),
    "districts.value.rate": ("달성률", "Rate"),
    "districts.value.actual": ("실적 vs 기대치", "Actual vs expected"),
    "districts.value.target": ("올해 목표(파생)", "Year target (derived)"),
    "districts.ranking.selected": ("**{name}**: {rank}위 / {n} · 달성률 {rate} ({status}) · 실적 {actual} / 현재 기대치 "
                                   "{expected}",
                                   "**{name}**: rank {rank} of {n} · rate {rate} ({status}) · actual {actual} / "
                                   "expected {expected}"),
    "districts.basis_none": ("사이드바에서 '자치구 목표 없음'을 골라 목표와 달성률이 비어 있습니다.",
                             "'No district targets' is selected in the sidebar, so targets and rates are empty."),
    "districts.caption.ranking": ("출처: 목표 = 계획서 {section}; {derived} — 사이드바 배분 방식: {basis}; "
                                  "실적 = {sources}; 기준 분기 {as_of}. 달성률 = 실적 ÷ 현재 기대치.",
                                  "Source: targets = the plan, {section}; {derived} — sidebar basis: {basis}; "
                                  "actuals = {sources}; as of {as_of}. Rate = actual ÷ expected by now."),
    "districts.multiples.title": ("주요 지표 한눈에 (자치구별 달성률)", "Key indicators across districts (rate)"),
    "districts.multiples.pick": ("지표 (최대 6개)", "Indicators (up to 6)"),
    "districts.multiples.none": ("지표를 하나 이상 고르세요.", "Choose at least one indicator."),
    "districts.caption.multiples": ("출처: 목표 = 계획서 ({sections}), 자치구 목표는 {basis} 방식의 파생 목표; "
                                    "실적 = {sources}; 기준 분기 {as_of}. 막대 = 달성률(실적 ÷ 현재 기대치), "
                                    "점선 = 100%.",
                                    "Source: targets = the plan ({sections}), district targets derived by {basis}; "
                                    "actuals = {sources}; as of {as_of}. Bars = rate (actual ÷ expected), "
                                    "dashed line = 100%."),
    "districts.profile.title": ("자치구 프로필", "District profile"),
    "districts.profile.pick": ("자치구", "District"),
    "districts.profile.dongs": ("행정동 목록 (2021년 4월 경계 기준)", "Administrative dongs (April 2021 boundaries)"),
    "districts.profile.tax": ("주민세 개인균등분 (2016)", "Individual resident tax (2016)"),
    "districts.profile.no_tax": ("이 자치구의 주민세 자료가 없습니다.", "No resident-tax figures for this district."),
    "districts.profile.spaces": ("마을공간 ({as_of} 말 운영 중)", "Community spaces (open at the end of {as_of})"),
    "districts.profile.no_spaces": ("이 자치구에 표시할 마을공간이 없습니다. 목록은 데이터 업로드 화면의 '공간(spaces)' "
                                    "템플릿으로 올립니다.",
                                    "No community spaces to show for this district. Upload the list with the "
                                    "'spaces' template on the Data upload page."),
    "districts.profile.sample_spaces": ("예시 데이터: 아래 공간은 코드로 만든 가상 목록이며 실제 공간이 아닙니다.",
                                        "Sample data: the spaces below are generated, not real places."),
    "districts.profile.progress": ("지표별 진도 ({as_of} 기준)", "Progress by indicator (as of {as_of})"),
    "districts.caption.facts": ("인구·세대: {pop}. 동 수: 계획서 2016년 주민세 표. 면적: 경계 파일(EPSG:5179로 계산).",
                                "Population and households: {pop}. Dongs: the plan's 2016 resident-tax table. "
                                "Area: computed from the boundary file (EPSG:5179)."),
    "districts.caption.dongs": ("행정동 {n}개 (경계 파일: 통계청 SGIS, vuski/admdongkor 가공, 2021년 4월 기준; 계획서의 동 수 "
                                "{plan}개). 인구: 서울 열린데이터광장 주민등록인구 2021년 2분기.",
                                "{n} dongs (boundary file: Statistics Korea SGIS via vuski/admdongkor, April 2021; "
                                "the plan counts {plan}). Population: Seoul Open Data Plaza, 2021 Q2."),
    "districts.caption.tax": ("출처: {source}", "Source: {source}"),
    "districts.caption.spaces": ("출처: 업로드된 마을공간 목록 (또는 '예시'로 표시된 예시 목록).",
                                 "Source: the uploaded community-space list (or the sample list, marked as such)."),
    "districts.caption.progress": ("출처: 목표 = 계획서 (지표별 출처는 전략 추적 화면), 자치구 목표는 {basis} 방식의 파생 "
                                   "목표; 실적 = {sources}. 서울시 전체로만 의미가 있는 지표(시 단위 제도·조사)는 뺐습니다.",
                                   "Source: targets = the plan (per-indicator sections on the Strategy page), "
                                   "district targets derived by {basis}; actuals = {sources}. Citywide-only "
                                   "indicators (city systems, citywide surveys) are left out."),
    "districts.compare.title": ("두 자치구 비교", "Two districts side by side"),
    "districts.compare.a": ("자치구 A", "District A"),
    "districts.compare.b": ("자치구 B", "District B"),
    "districts.compare.same": ("같은 자치구를 골랐습니다. 다른 자치구를 고르세요.", "The same district is chosen twice."),
    "districts.caption.compare_facts": ("출처: 인구·세대 = 서울 열린데이터광장 2021년 2분기; 동 수·주민세 = 계획서 2016년 "
                                        "주민세 표; 행정동 수·면적 = 경계 파일; 마을공간 = 업로드(또는 예시) 목록.",
                                        "Source: population/households = Seoul Open Data Plaza 2021 Q2; dongs and "
                                        "resident tax = the plan's 2016 table; 2021 dongs and area = boundary file; "
                                        "spaces = uploaded (or sample) list."),
    "districts.caption.compare": ("출처: 목표 = 계획서, 자치구 목표는 {basis} 방식의 파생 목표; 실적 = {sources}; "
                                  "기준 분기 {as_of}. 두 자치구 중 한 곳이라도 달성률이 있는 지표만 표시.",
                                  "Source: targets = the plan, district targets derived by {basis}; actuals = "
                                  "{sources}; as of {as_of}. Only indicators with a rate for either district."),
    "districts.chart.no_data": ("표시할 자료가 없습니다 (자료 없음)", "Nothing to show (no data)"),
    "districts.chart.derived_target": ("파생 목표({basis})", "Derived target ({basis})"),
    "districts.chart.plan_target": ("계획 목표", "Plan target"),
    "districts.chart.expected_derived": ("현재 기대치 — {basis}", "Expected by now — {basis}"),
    "districts.basis.동 수 비율": ("동 수 비율", "share of dongs"),
    "districts.basis.25개 자치구 균등": ("25개 자치구 균등", "equal, 1/25"),
    "districts.basis.시 목표 수준 동일": ("시 목표 수준 동일", "same level as the city target"),
    "districts.basis.보간": ("보간", "interpolated"),
    "districts.col.item": ("항목", "Item"),
    "districts.col.value": ("값", "Value"),
    "districts.col.diff": ("차이(A−B)", "Difference (A−B)"),
    "districts.col.dong": ("행정동", "Dong"),
    "districts.col.adm_cd2": ("행정동 코드", "Dong code"),
    "districts.col.area": ("면적(km²)", "Area (km²)"),
    "districts.col.pop": ("인구(명, 2021.2분기)", "Population (2021 Q2)"),
    "districts.col.space_type": ("유형", "Type"),
    "districts.col.address": ("주소", "Address"),
    "districts.col.opened": ("개소일", "Opened"),
    "districts.col.childcare": ("열린육아방", "Childcare room"),
    "districts.col.is_sample": ("예시", "Sample"),
    "districts.col.target_basis": ("목표 근거", "Target basis"),
    "districts.fact.population": ("주민등록인구", "Population"),
    "districts.fact.households": ("세대수", "Households"),
    "districts.fact.pop65": ("65세 이상 인구", "Aged 65+"),
    "districts.fact.area": ("면적", "Area"),
    "districts.fact.dong_count": ("동 수 (계획서)", "Dongs (plan)"),
    "districts.fact.dong_count_2021": ("행정동 수 (2021.4)", "Dongs (Apr 2021)"),
    "districts.fact.tax_levied": ("주민세 개인균등분 부과 (2016)", "Resident tax levied (2016)"),
    "districts.fact.tax_collected": ("주민세 개인균등분 징수 (2016)", "Resident tax collected (2016)"),
    "districts.fact.tax_per_dong": ("주민세 동별 배분 (2016, 동당)", "Resident tax per dong (2016)"),
    "districts.fact.spaces": ("마을공간", "Community spaces"),
    "districts.fact.childcare": ("열린육아방", "Open childcare rooms"),
    "districts.unit.people": ("명", "people"),
    "districts.unit.households": ("세대", "households"),
    "districts.unit.count": ("개", ""),
    "districts.unit.places": ("개소", "places"),
    # ---- issue 16 (d3): one view at a time, missing values explained
    "districts.view": ("보기", "View"),
    "districts.missing_note": ("'–' = 자료 없음 (아직 업로드되지 않았거나 목표·통계가 없음).",
                               "'–' = no data (nothing uploaded yet, or no target or statistic)."),
}
