"""Labels of the 데이터 품질 (data quality) page and its heat map."""

TEXT = {
    "quality.title": ("데이터 품질", "Data quality"),
    "quality.intro": (
        "실적 보고가 빠진 분기, 보고가 늦은 자치구, 자료가 전혀 없는 지표, 계획서 자체의 불일치, 그리고 대시보드가 쓰는 "
        "공표 수치(출처 포함)를 한곳에 모았습니다.",
        "Quarters not reported, districts behind, indicators with no data at all, the plan's own inconsistencies, "
        "and the published figures the dashboard uses (with their sources)."),
    "quality.chart_empty": ("표시할 자료가 없습니다.", "Nothing to show."),
    "quality.n_of": ("{n} / {total}", "{n} of {total}"),
    "quality.n_items": ("{n}건", "{n}"),
    "quality.m_no_data": ("자료 없는 지표", "Indicators without data"),
    "quality.m_no_data_help": ("{as_of}까지 업로드(또는 예시) 실적도, 공표 수치도 없는 지표 수",
                               "Indicators with neither uploaded (or sample) results nor a published figure up to "
                               "{as_of}"),
    "quality.m_stale": ("보고가 늦은 자치구", "Districts behind"),
    "quality.m_stale_help": ("마지막 보고 분기가 {as_of}보다 앞서거나 아직 보고가 없는 자치구",
                             "Districts whose latest report is before {as_of}, or who have not reported yet"),
    "quality.m_notes": ("계획서 불일치 기록", "Plan inconsistencies"),
    "quality.m_notes_help": ("계획서 안에서 서로 맞지 않는 수치와, 모델이 어느 쪽을 쓰는지 기록한 건수",
                             "Places where the plan contradicts itself, with the figure the model uses"),
    "quality.m_published": ("공표 수치", "Published figures"),
    "quality.m_published_help": ("시·의회·언론이 공표한 실적 중 계획 지표와 맞는 것 (출처·날짜 포함)",
                                 "Results published by the city, council or press that match a plan indicator"),
    # heat map
    "quality.heat_title": ("분기별 보고 누락 — 자치구 × 지표 (2018Q1–{as_of})",
                           "Missing quarters — district × indicator (2018Q1–{as_of})"),
    "quality.heat_empty": ("자치구별로 보고하는 지표가 아직 없습니다.", "No indicator is reported by district yet."),
    "quality.heat_nothing": ("아직 업로드된 자치구 실적이 없어 모든 칸이 '누락'입니다.",
                             "No district results uploaded yet, so every cell reads 'missing'."),
    "quality.heat_howto": ("색 = 2018Q1–{as_of} 가운데 보고되지 않은 분기 수 (연두 = 빠짐 없음, 빨강 = 전부 빠짐). "
                           "자치구 단위로 보고하는 연간·누계 지표만 대상입니다. 칸에 마우스를 올리면 지표 이름이 보입니다.",
                           "Colour = quarters in 2018Q1–{as_of} not reported (green = none missing, red = all missing). "
                           "Only annual and cumulative indicators reported by district. Hover a cell for the "
                           "indicator's name."),
    "quality.hover_cell": ("<b>{district}</b> · {code} {name}<br>누락 {missing} / {expected}분기 (보고 {reported}분기)",
                           "<b>{district}</b> · {code} {name}<br>missing {missing} of {expected} quarters "
                           "(reported {reported})"),
    "quality.colorbar": ("누락 분기", "Missing<br>quarters"),
    "quality.src_upload": ("출처: 업로드된 실적(예시 데이터 포함).", "Source: uploaded results (sample data included)."),
    "quality.src_upload_pub": ("출처: 업로드된 실적(예시 포함)과 공표 수치.",
                               "Source: uploaded results (sample included) and published figures."),
    # stale
    "quality.stale_title": ("자치구별 마지막 보고 ({as_of} 기준)", "Latest report per district (as of {as_of})"),
    "quality.never": ("보고 없음", "never"),
    "quality.state_never": ("아직 보고 없음", "No report yet"),
    "quality.state_ok": ("최신", "Up to date"),
    "quality.state_late": ("{n}분기 늦음", "{n} quarter(s) behind"),
    "quality.col_last": ("마지막 보고 분기", "Latest quarter reported"),
    "quality.col_behind": ("늦은 분기 수", "Quarters behind"),
    "quality.col_rows": ("보고 행 수", "Rows reported"),
    "quality.col_state": ("상태", "State"),
    "quality.stale_howto": ("늦은 분기 수 = {as_of} − 마지막으로 무엇이든 보고한 분기.",
                            "Quarters behind = {as_of} − the latest quarter with any report."),
    # no data
    "quality.nodata_title": ("자료가 없는 지표 ({as_of}까지)", "Indicators with no data (to {as_of})"),
    "quality.role_count": ("{role} {n}/{total}개 자료 없음", "{role}: {n} of {total} without data"),
    "quality.no_indicators": ("지표가 아직 없습니다.", "No indicators yet."),
    "quality.nodata_none": ("모든 지표에 자료가 있습니다.", "Every indicator has some data."),
    "quality.nodata_expander": ("자료 없는 지표 {n}개 보기", "Show the {n} indicators without data"),
    "quality.nodata_howto": ("업로드(예시 포함) 실적도 공표 수치도 없는 지표입니다. 이 지표들의 상태는 '자료 없음'으로 표시되며 "
                             "0%로 계산하지 않습니다.",
                             "Indicators with neither uploaded (incl. sample) results nor a published figure. Their "
                             "status reads 'No data' and is never counted as 0%."),
    "quality.col_role": ("구분", "Role"),
    "quality.col_scope": ("보고 단위", "Scope"),
    "quality.scope.both": ("서울시·자치구", "Citywide and districts"),
    "quality.scope.citywide": ("서울시만", "Citywide only"),
    "quality.scope.district": ("자치구만", "Districts only"),
    # notes
    "quality.notes_title": ("계획서 자체의 불일치", "The plan's own inconsistencies"),
    "quality.notes_intro": ("계획서 안의 두 수치가 서로 맞지 않는 곳입니다. 각 줄은 어디서, 어떤 두 수치가 다르고, "
                            "대시보드(모델)가 어느 쪽을 쓰며 왜 그런지를 적었습니다. 기록은 감사용으로 영어로 적었고, 계획서의 "
                            "수치·문구는 원문(한국어) 그대로 인용했습니다.",
                            "Places where two figures in the plan disagree: where, the two figures, which one the "
                            "dashboard (model) uses, and why. The records are written in English for auditors and "
                            "quote the plan's figures and words in the original Korean."),
    "quality.notes_empty": ("기록된 불일치가 없습니다.", "No inconsistencies recorded."),
    "quality.notes_search": ("찾기", "Search"),
    "quality.notes_search_ph": ("예: 3-1-5, 주민세, Ⅷ", "e.g. 3-1-5, resident tax, Ⅷ"),
    "quality.notes_read": ("전체 {n}건 이어서 읽기", "Read all {n} in full"),
    "quality.notes_detail": ("자세히 볼 항목", "Read one in full"),
    "quality.note_md": ("**{id}** — {where}\n\n- 수치 A: {figure_a}\n- 수치 B: {figure_b}\n- 모델이 쓰는 값: {model_uses}\n"
                        "- 이유: {why}",
                        "**{id}** — {where}\n\n- Figure A: {figure_a}\n- Figure B: {figure_b}\n"
                        "- The model uses: {model_uses}\n- Why: {why}"),
    "quality.col_id": ("번호", "ID"),
    "quality.col_where": ("위치", "Where"),
    "quality.col_a": ("수치 A", "Figure A"),
    "quality.col_b": ("수치 B", "Figure B"),
    "quality.col_uses": ("모델이 쓰는 값", "The model uses"),
    "quality.col_why": ("이유", "Why"),
    "quality.src_notes": ("출처: data/plan/data_quality_notes.csv — 「2기 마을공동체 기본계획」 전사(轉寫) 중 확인한 불일치.",
                          "Source: data/plan/data_quality_notes.csv — inconsistencies found while transcribing the plan."),
    # published
    "quality.pub_title": ("사용 중인 공표 수치", "Published figures in use"),
    "quality.pub_empty": ("사용 중인 공표 수치가 없습니다.", "No published figures in use."),
    "quality.col_indicator": ("지표", "Indicator"),
    "quality.col_period": ("기준 시점", "Period"),
    "quality.col_value": ("값", "Value"),
    "quality.col_publisher": ("공표 기관·매체", "Publisher"),
    "quality.col_date": ("공표일", "Date"),
    "quality.col_url": ("출처 링크", "Link"),
    "quality.link": ("원문", "source"),
    "quality.col_confidence": ("신뢰도", "Confidence"),
    "quality.col_description": ("설명", "Description"),
    "quality.pub_howto": ("시·의회·언론이 공표한 실적으로, 지표 차트에 '공표' 점으로 표시됩니다. 업로드 실적과 섞지 않습니다. "
                          "링크는 인터넷이 되는 PC에서 열립니다.",
                          "Results published by the city, council or press, shown as 'published' points on indicator "
                          "charts and never mixed with uploads. Links open on a computer with internet access."),
    # ---- issue 16 (d3): the heat map opens on demand
    "quality.heat_open": ("누락 지도 보기 — 분기가 빠진 칸 {n} / {total} (자치구 {rows}곳 × 지표)",
                          "Show the map of gaps — cells missing quarters: {n} of {total} ({rows} districts × "
                          "indicators)"),
}
