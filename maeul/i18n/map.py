"""Labels of the map page (지도) and the map builders (legend, tooltips, space types)."""

TEXT = {
    "map.title": ("지도", "Map"),
    "map.intro": ("25개 자치구를 고른 측정값으로 색칠하고, 마을공간과 열린육아방을 점으로 보여 줍니다. "
                  "지도 배경은 자치구·행정동 경계 파일만으로 그려 인터넷 연결 없이 동작합니다.",
                  "The 25 districts coloured by a chosen measure, with community spaces and open childcare rooms "
                  "as points. The map is drawn from local boundary files only and needs no internet."),
    "map.measure": ("측정값", "Measure"),
    "map.measure_help": ("자치구를 색칠할 값. 지표 달성률·실적·목표는 사이드바의 기준 분기와 자치구 목표 배분 방식을 따릅니다.",
                         "The value that colours the districts. Indicator rate/actual/target follow the sidebar's "
                         "quarter and target basis."),
    "map.indicator": ("지표", "Indicator"),
    "map.no_indicators": ("자치구별로 비교할 수 있는 지표가 아직 없습니다 (계획 데이터 확인 필요). 동 수를 보여 줍니다.",
                          "No indicator can be compared by district yet (check the plan data); showing dong counts."),
    "map.measure.ind_rate": ("지표 달성률", "Indicator rate"),
    "map.measure.ind_actual": ("지표 실적", "Indicator actual"),
    "map.measure.ind_target": ("지표 현재 기대치 (파생 목표)", "Indicator expected by now (derived target)"),
    "map.measure.dong_count": ("동 수", "Number of dongs"),
    "map.measure.population": ("주민등록인구 (2021년 2분기)", "Registered population (2021 Q2)"),
    "map.measure.households": ("세대수 (2021년 2분기)", "Households (2021 Q2)"),
    "map.measure.tax_levied": ("주민세 개인균등분 부과액 (2016)", "Individual resident tax levied (2016)"),
    "map.measure.tax_collected": ("주민세 개인균등분 징수액 (2016)", "Individual resident tax collected (2016)"),
    "map.measure.tax_per_dong": ("주민세 동별 배분액 (2016, 동당)", "Resident tax allotted per dong (2016)"),
    "map.measure.spaces_total": ("마을공간 수", "Community spaces"),
    "map.measure.spaces_per_10k": ("인구 1만 명당 마을공간", "Community spaces per 10,000 residents"),
    "map.measure.childcare_rooms": ("열린육아방 수", "Open childcare rooms"),
    "map.measure.childcare_per_dong": ("동당 열린육아방", "Open childcare rooms per dong"),
    "map.layer.choropleth": ("자치구 색칠", "District colours"),
    "map.layer.dongs": ("행정동 경계", "Dong boundaries"),
    "map.layer.labels": ("자치구 이름", "District names"),
    "map.layer.spaces": ("마을공간 (유형별)", "Community spaces (by type)"),
    "map.layer.childcare": ("열린육아방", "Open childcare rooms"),
    "map.space_types": ("표시할 공간 유형", "Space types shown"),
    "map.alt": ("서울시 25개 자치구 지도: {measure}", "Map of Seoul's 25 districts: {measure}"),
    "map.legend.below": ("미만", "below"),
    "map.legend.or_more": ("이상", "or more"),
    "map.legend.n_districts": ("개 구", " districts"),
    "map.legend.no_data": ("자료 없음", "No data"),
    "map.legend.points": ("점", "Points"),
    "map.legend.no_choropleth": ("자치구 색칠 꺼짐", "District colours off"),
    "map.zoomed": ("사이드바에서 고른 자치구 {n}곳을 확대하고 굵은 테두리로 표시했습니다.",
                   "Zoomed to the {n} district(s) chosen in the sidebar, outlined in bold."),
    "map.childcare": ("열린육아방", "Open childcare room"),
    "map.sample_tag": ("예시", "Sample"),
    "map.tt.population": ("인구(2021.2분기)", "Population (2021 Q2)"),
    "map.tt.dong_boundary": ("행정동 경계: 2021년 4월 기준", "Dong boundary as of April 2021"),
    "map.tt.sample_note": ("예시 데이터 — 실제 위치가 아닙니다", "Sample data — not a real location"),
    "map.tt.opened": ("개소", "Opened"),
    "map.unit.people": ("명", ""),
    "map.type.우리마을공간": ("우리마을공간", "Our Village Space"),
    "map.type.마을기업": ("마을기업", "Village enterprise"),
    "map.type.마을예술창작소": ("마을예술창작소", "Village art studio"),
    "map.type.마을활력소": ("마을활력소", "Village vitality centre"),
    "map.type.신축 동주민센터": ("신축 동주민센터", "New dong community centre"),
    "map.type.기타": ("기타", "Other"),
    "map.source.indicator": ("출처: 목표 = 계획서 {section} (자치구 목표는 {basis} 방식의 파생 목표: {bases}); "
                             "실적 = {sources}; 기준 분기 {as_of}.",
                             "Source: targets = the plan, {section} (district targets derived by {basis}: {bases}); "
                             "actuals = {sources}; as of {as_of}."),
    "map.source.no_actuals": ("실적 없음", "no actuals"),
    "map.source.plan_table": ("출처: {source}", "Source: {source}"),
    "map.source.dong_count": ("출처: 동 수 = {source}에 적힌 자치구별 동 수 (계획 수립 당시 424개 동; 2021년 4월 행정동은 "
                              "425개).",
                              "Source: dongs = the district dong counts printed in {source} (424 dongs when the plan "
                              "was made; 425 administrative dongs in April 2021)."),
    "map.source.population": ("출처: {source}", "Source: {source}"),
    "map.source.spaces": ("출처: 업로드된 마을공간 목록 ({as_of} 말 운영 중인 공간).",
                          "Source: the uploaded community-space list (spaces open at the end of {as_of})."),
    "map.source.spaces_sample": ("출처: 예시 마을공간 (코드로 생성한 가상 위치, 실제 목록 아님; {as_of} 말 기준).",
                                 "Source: sample community spaces (generated locations, not the real list; "
                                 "end of {as_of})."),
    "map.source.boundaries": ("경계: 통계청 SGIS 행정동 경계 (vuski/admdongkor 가공, 2021년 4월 기준 425개 동); "
                              "자치구 경계는 행정동을 합쳐 만들었습니다. 인구: 서울 열린데이터광장 주민등록인구 2021년 2분기.",
                              "Boundaries: Statistics Korea SGIS dong boundaries (processed by vuski/admdongkor, "
                              "425 dongs as of April 2021); districts dissolved from dongs. Population: Seoul Open "
                              "Data Plaza registered population, 2021 Q2."),
    "map.attribution_title": ("**경계 데이터 저작권 표시**", "**Boundary data attribution**"),
    "map.basis_none": ("사이드바에서 '자치구 목표 없음'을 골라 자치구 달성률이 계산되지 않습니다. "
                       "동 수 비율이나 균등 배분을 고르면 파생 목표로 달성률을 봅니다.",
                       "'No district targets' is selected in the sidebar, so district rates are not computed. "
                       "Choose share of dongs or equal to see rates against derived targets."),
    "map.no_spaces": ("아직 업로드된 마을공간 목록이 없어 점을 표시하지 않습니다. 데이터 업로드 화면에서 "
                      "'공간(spaces)' 템플릿을 내려받아 이름·유형(우리마을공간, 마을기업, 마을예술창작소, 마을활력소 …)·"
                      "자치구·위도·경도·개소일·폐소일·열린육아방(예/아니오)을 채워 올리면 이 지도에 유형별 점으로 나타납니다.",
                      "No community-space list has been uploaded yet, so no points are shown. On the Data upload "
                      "page, download the 'spaces' template, fill in name, type (Our Village Space, village "
                      "enterprise, village art studio, vitality centre …), district, latitude, longitude, opened, "
                      "closed and open childcare room (yes/no), and upload it: the spaces then appear here by type."),
    "map.sample_spaces": ("지도의 마을공간 {n}곳은 예시입니다: 공개된 목록이 없어 행정동 안에 코드로 만든 가상 위치이며 "
                          "실제 공간이 아닙니다. 실제 목록을 올리면 바뀝니다.",
                          "The {n} community spaces on the map are samples: generated locations inside the dongs "
                          "(no public list exists), not real places. Uploading the real list replaces them."),
    "map.table_title": ("자치구별 값: {measure}", "By district: {measure}"),
    "map.col.rank": ("순위", "Rank"),
    "map.col.actual": ("실적", "Actual"),
    "map.col.expected": ("현재 기대치(파생)", "Expected by now (derived)"),
    "map.col.status": ("상태", "Status"),
    "map.col.target_basis": ("목표 근거", "Target basis"),
    "map.col.spaces_total": ("마을공간(개소)", "Spaces"),
    "map.col.childcare_rooms": ("열린육아방(개소)", "Childcare rooms"),
    "map.col.source": ("출처", "Source"),
    # ---- issue 16 (d3): the measure table read as written
    "map.table_note": ("순위 1 = 가장 큰 값. 자치구 목표에서 나눈 기대치는 단위에 맞게 반올림했습니다(내려받기 파일에는 소수까지). "
                       "'–' = 자료 없음 (실적이 아직 없거나 목표가 없음).",
                       "Rank 1 = the highest value. Expected values derived from citywide targets are rounded for "
                       "their unit (the download keeps the decimals). '–' = no data (no result yet, or no target)."),
}
