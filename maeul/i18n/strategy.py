"""Labels of the strategy-tracking page (pages/strategy.py) and its model (maeul/present/models/strategy.py)."""

TEXT = {
    "strategy.title": ("전략 추적", "Strategy tracking"),
    "strategy.subtitle": ("핵심가치 → 추진과제 → 단위사업 → 지표 순으로 진도를 봅니다. 아래에서 지표를 고르면 분기별 추이와 "
                          "자치구별 현황이 나옵니다.",
                          "Progress by core value → task → unit project → indicator. Choose an indicator below for "
                          "its quarterly trend and district breakdown."),
    "strategy.scope": ("**범위:** {scope} · **기준 분기:** {as_of} 말", "**Scope:** {scope} · **As of:** end of {as_of}"),
    "strategy.district_note": (
        "선택한 자치구의 실적을 **파생 목표**(시 목표를 나눈 값, 배분 방식: {basis})와 비교합니다. 파생 목표는 계획서에 "
        "자치구별로 적힌 목표가 아닙니다.",
        "Selected districts' results are compared with **derived targets** (citywide targets shared out, basis: "
        "{basis}); the plan itself does not set these per district."),
    "strategy.tasks": ("추진과제별 진도", "Progress by task"),
    "strategy.tree": ("지표별 진도", "Progress by indicator"),
    "strategy.tree_caption": (
        "{total}개 지표 중 {n}개 표시. 달성률 = 실적 ÷ 현재 기대치(막대는 100%에서 가득 참). 목표·기대치·실적은 "
        "기준 연도 값이며 계획서 Ⅶ·Ⅵ의 연차별 목표에서 옵니다.",
        "Showing {n} of {total} indicators. Rate = result ÷ expected by now (bars full at 100%). Target, expected "
        "and result are for the as-of year; targets from the Plan's Ⅶ and Ⅵ annual tables."),
    "strategy.filter.strategy": ("핵심가치", "Core value"),
    "strategy.filter.role": ("지표 구분", "Indicator type"),
    "strategy.filter.status": ("상태", "Status"),
    "strategy.filter.all": ("전체", "All"),
    "strategy.headline_group": ("성과지표(계획 전체)", "Headline (whole plan)"),
    "strategy.col.strategy": ("핵심가치", "Core value"),
    "strategy.col.task": ("추진과제", "Task"),
    "strategy.col.project": ("단위사업", "Unit project"),
    "strategy.col.indicator": ("지표", "Indicator"),
    "strategy.col.role": ("구분", "Type"),
    "strategy.col.target_year": ("{year}년 목표", "{year} target"),
    "strategy.col.period": ("실적 시점", "Result period"),
    "strategy.col.department": ("추진부서", "Department"),
    "strategy.col.basis": ("목표 근거", "Target basis"),
    "strategy.col.task_rate": ("진도(평균 달성률)", "Progress (mean rate)"),
    "strategy.col.rated": ("평가/전체 대표지표", "Rated / primary indicators"),
    "strategy.col.counts": ("상태별 지표 수", "Indicators by status"),
    "strategy.col.printed": ("계획서 표기", "As printed in the plan"),
    "strategy.col.used": ("진도 계산에 쓴 목표", "Target used"),
    "strategy.col.quarter": ("분기", "Quarter"),
    "strategy.col.citation": ("출처(공표 자료)", "Citation (published)"),
    "strategy.col.derived_target": ("목표(파생)", "Target (derived)"),
    "strategy.select": ("지표 선택", "Choose an indicator"),
    "strategy.select_help": ("선택한 지표는 주소(URL)에 남아, 링크를 공유하면 같은 지표가 열립니다.",
                             "The choice is kept in the link (URL), so a shared link opens the same indicator."),
    "strategy.m.target": ("{year}년 목표", "{year} target"),
    "strategy.m.actual_help": ("실적 시점: {period}", "Result period: {period}"),
    "strategy.m.plan_total": ("계획 전체 목표", "Whole-plan target"),
    "strategy.m.plan_total_help": (
        "연간 지표는 2018~2022 합계, 누계·수준 지표는 2022년 목표, 단계 지표는 마지막 단계.",
        "Annual indicators: 2018–2022 sum; cumulative and level: the 2022 target; milestones: the final stage."),
    "strategy.section": ("계획서 위치", "Plan section"),
    "strategy.baseline": ("기준값", "Baseline"),
    "strategy.printed_total": ("계(계획서 표기)", "Total as printed"),
    "strategy.projection": ("추세 전망(2022년 4분기)", "Trend projection (2022Q4)"),
    "strategy.reach.yes": ("목표 도달 예상", "on course to reach the target"),
    "strategy.reach.no": ("목표 미달 예상", "not on course to reach the target"),
    "strategy.note": ("지표 설명(자료 정리 메모: 영어로 적고 계획 원문을 그대로 인용)",
                      "Indicator notes (transcription notes, quoting the Korean plan word for word)"),
    "strategy.chart_title": ("**분기별 목표 대비 실적**", "**Target vs result by quarter**"),
    "strategy.chart_source": ("출처: 목표 — 「2기 마을공동체 기본계획」 {section}; 실적 — {sources}.",
                              "Source: targets — the Plan, {section}; results — {sources}."),
    "strategy.no_actuals": ("아직 없음", "none yet"),
    "strategy.no_actuals_long": ("기준 분기까지 이 범위의 실적이 없습니다 ('자료 없음').",
                                 "No results for this scope up to the as-of quarter ('no data')."),
    "strategy.derived_caption": ("자치구 목표는 시 목표를 나눈 파생 목표입니다 ({basis}).",
                                 "District targets are derived from the citywide target ({basis})."),
    "strategy.kind_help.annual": (
        "연간 지표: 막대는 분기 실적, 선은 그해 누적 실적, 계단선은 그해 목표. ★는 기준 분기까지의 기대치(연 목표 × 경과 분기 ÷ 4), "
        "빈 원은 지금까지의 속도로 본 연도별 예상 실적.",
        "Annual indicator: bars are quarterly results, the line the year-to-date total, the step line the year's "
        "target. ★ is expected by the as-of quarter (target × quarters elapsed ÷ 4); open circles project each "
        "year's total at the pace so far."),
    "strategy.kind_help.cumulative": (
        "누계 지표: 막대는 분기별 신규 실적, 선은 누계(기준값 포함), 계단선은 연말 누계 목표. ★는 기준 분기 기대치, 점선은 "
        "지금까지의 속도로 본 2022년 4분기 전망.",
        "Cumulative indicator: bars are new results per quarter, the line the running total (from the baseline), "
        "the step line the year-end running target. ★ is expected by the as-of quarter; the dashed line projects "
        "to 2022Q4 at the pace so far."),
    "strategy.kind_help.level": (
        "수준 지표: 선은 분기말 값, 계단선은 연말 목표 수준, 빈 원은 기준값. ★는 기준 분기 기대치(그해 목표), 점선은 추세 전망.",
        "Level indicator: the line is the value at quarter end, the step line the year-end target level, the open "
        "circle the baseline. ★ is expected now (the year's target); the dashed line is the trend projection."),
    "strategy.kind_help.milestone": (
        "단계 지표: 세로축은 계획 단계 순서. 계단선은 연도별 계획 단계, 선은 도달한 단계, ★는 지금 도달했어야 할 단계.",
        "Milestone indicator: the vertical axis is the plan's stage order. The step line is the planned stage per "
        "year, the line the stage reached, ★ the stage expected now."),
    "strategy.printed_targets": ("**계획서의 연차별 목표**", "**Annual targets in the plan**"),
    "strategy.actuals": ("**실적과 자료 출처**", "**Results and their sources**"),
    "strategy.by_district": ("**자치구별 현황**", "**By district**"),
    "strategy.citywide_only": ("이 지표는 서울시 전체 단위로만 관리되어 자치구별 목표·실적이 없습니다.",
                               "This indicator is managed citywide only: no district targets or results."),
    "strategy.citywide_scope_note": (
        "이 지표는 서울시 전체 단위로만 관리되어 선택한 자치구의 목표·실적이 없습니다. 사이드바에서 자치구 선택을 비우면 "
        "서울시 전체 추이를 볼 수 있습니다.",
        "This indicator is managed citywide only, so the selected districts have no targets or results. Clear the "
        "district selection in the sidebar to see the citywide trend."),
    "strategy.milestone_no_district": ("단계 지표는 자치구별로 나누지 않습니다.",
                                       "Milestone indicators are not broken down by district."),
    "strategy.district_source": (
        "출처: 실적 — 자치구 업로드; 목표 — 「2기 마을공동체 기본계획」 {section}의 시 목표를 나눈 값.",
        "Source: results — district uploads; targets — the Plan's citywide target ({section}) shared out."),
    "strategy.no_district_target": ("자치구 목표 배분을 '없음'으로 골라 목표를 표시하지 않습니다.",
                                    "District target basis is 'none', so no targets are shown."),
    "strategy.district_table": ("자치구별 표 보기", "Show the district table"),
    "strategy.basis.dong": ("파생(동 수 비율)", "derived (share of dongs)"),
    "strategy.basis.equal": ("파생(25개 자치구 균등)", "derived (equal 1/25)"),
    "strategy.basis.same_level": ("파생(시 목표 수준 동일)", "derived (same level as citywide)"),
    "strategy.basis.plan": ("계획", "plan"),
    "strategy.basis.interp": ("보간", "interpolated"),
    "strategy.m.not_rated_help": ("판정 안 함: 이 자치구의 지금까지 목표가 1단위(개소·명·건 …) 미만이거나, 실적이 계획의 기준치와 비교할 "
                                  "수 없는 조사에서 나왔습니다. 달성률 대신 실적을 연간·계획 기간 목표와 비교해 보세요.",
                                  "Not rated: this district's target to date is under one unit (site, person, case …), "
                                  "or the figure comes from a survey not comparable with the plan's baseline. Compare "
                                  "the actual with the year's and the plan's target instead of a rate."),
    "strategy.m.anchor": ("공표 누계 {value}({period})에서 시작", "starts from the published total {value} ({period})"),
    "strategy.m.added": ("그 뒤 업로드 {value} 더함", "plus {value} uploaded since"),
    "strategy.m.reporting": ("보고한 자치구 {n}곳", "districts reported: {n}"),
    "strategy.m.not_comparable": ("기준치와 비교 불가(조사 대상이 다름)", "not comparable with the baseline (a different survey)"),
    "strategy.citywide_suffix": (" (서울시 전체)", " (Seoul as a whole)"),
    # ---- issue 16 display (d2)
    "strategy.ytd.actual": ("{year}년 실적 (Q{q}까지)", "{year} actual (to Q{q})"),
    "strategy.detail_tables": ("계획서의 연차별 목표와 분기별 실적·출처 보기", "Annual targets in the plan, and results with sources"),
    "strategy.district_view": ("자치구별 그림과 표 보기 (막대 색 = 상태)", "District chart and table (bar colour = status)"),
}
