"""Labels of the overview page (pages/overview.py) and its model (maeul/present/models/overview.py)."""

TEXT = {
    "overview.title": ("개요: 계획은 제대로 가고 있는가", "Overview: is the plan on track?"),
    "overview.scope": ("**범위:** {scope} · **기준 분기:** {as_of} 말", "**Scope:** {scope} · **As of:** end of {as_of}"),
    "overview.district_note": (
        "선택한 자치구 {n}곳의 실적과 **파생 목표**(시 목표를 나눈 값, 배분 방식: {basis})로 계산했습니다. "
        "시 단위로만 관리하는 지표는 '목표 없음'으로 표시됩니다.",
        "Computed from the {n} selected district(s)' results against **derived targets** (citywide targets shared "
        "out, basis: {basis}). Indicators managed only citywide show as 'no target'."),
    "overview.plan_progress": ("계획 전체 진도", "Plan-wide progress"),
    "overview.weighted": ("예산 가중 집계", "Budget-weighted roll-up"),
    "overview.weighted_help": (
        "켜면 각 대표지표를 소속 단위사업의 계획 예산(2018~2022, Ⅷ 기준)으로 가중합니다. 예산이 없는 사업의 지표는 "
        "가중치 0입니다.",
        "When on, each primary indicator is weighted by its unit project's planned budget (2018–2022, as section Ⅷ "
        "counts it); indicators of projects without budget weigh 0."),
    "overview.weighted_rule": ("(예산 가중: 단위사업별 계획 예산 2018~2022, Ⅷ 기준. 예산 없는 사업 가중치 0)",
                               "(Budget-weighted: unit project's planned budget 2018–2022 per section Ⅷ; "
                               "projects without budget weigh 0.)"),
    "overview.plan_status": ("**전체 상태:**", "**Overall status:**"),
    "overview.status_mix": ("대표지표 상태 분포", "Primary indicators by status"),
    "overview.rated": ("평가 가능한 대표지표: **{rated}개** / 전체 {n}개", "Primary indicators rated: **{rated}** of {n}"),
    "overview.nothing_rated": (
        "실적이 아직 없어 진도를 계산할 수 없습니다 (0%가 아니라 '자료 없음'입니다).",
        "No results yet, so progress cannot be computed (this is 'no data', not 0%)."),
    "overview.as_of": ("기준 분기", "As of"),
    "overview.latest_upload": ("최근 업로드", "Latest upload"),
    "overview.upload.none": ("업로드 없음", "No upload yet"),
    "overview.plan_source": (
        "출처: 목표 — 「2기 마을공동체 기본계획」 Ⅶ 연차별 추진계획·Ⅵ 단위사업별 연차별 추진계획; 실적 — 데이터 업로드.",
        "Source: targets — the Plan, Ⅶ annual plan and Ⅵ unit-project tables; results — data uploads."),
    "overview.values": ("4대 핵심가치", "The four core values"),
    "overview.card.progress": ("진도 (기대치 대비)", "Progress (vs expected)"),
    "overview.card.indicators": ("평가 지표 {rated}/{n}개", "{rated}/{n} indicators rated"),
    "overview.card.exec_rate": ("{year}년 예산 집행률", "{year} budget executed"),
    "overview.card.exec_amount": ("{year}년 자치구 집행액", "{year} district spending"),
    "overview.budget.not_uploaded": ("미업로드", "Not uploaded"),
    "overview.budget.planned_only": ("계획 {planned} {unit} · 집행 실적이 아직 업로드되지 않았습니다",
                                     "Planned KRW {planned} mn · no execution uploaded yet"),
    "overview.budget.planned_to_date": ("2018년~ 계획 누계 {planned} {unit}", "Planned since 2018: KRW {planned} mn"),
    "overview.budget.year": ("집행 {executed} / 계획 {planned} {unit}", "Executed KRW {executed} mn of KRW {planned} mn"),
    "overview.budget.to_date": ("2018년~ 누계: 집행 {executed} / 계획 {planned} {unit} ({rate})",
                                "Since 2018: executed KRW {executed} mn of KRW {planned} mn ({rate})"),
    "overview.budget.to_date_district": ("2018년~ 자치구 집행 누계 {executed}", "District spending since 2018: {executed}"),
    "overview.budget.district_note": (
        "계획 예산은 서울시 전체 기준으로만 편성되어 있어, 자치구를 고르면 집행액만 표시합니다.",
        "The plan budgets citywide only, so for districts only executed amounts are shown."),
    "overview.budget_chart": ("예산 계획 대비 집행 ({first}년~{as_of} 누계, 백만원)",
                              "Budget planned vs executed ({first}–{as_of}, KRW mn)"),
    "overview.budget_source": (
        "출처: 계획 — 기본계획 Ⅷ 연차별 투자계획(Ⅷ이 합산하는 항목만); 집행 — 데이터 업로드(예산 집행).",
        "Source: planned — the Plan, section Ⅷ investment plan (lines Ⅷ counts); executed — budget uploads."),
    "overview.headline": ("성과지표 (2017 기준값 → 2022 목표)", "Headline indicators (2017 baseline → 2022 target)"),
    "overview.headline_citywide": ("성과지표는 서울시 전체 설문 지표이므로 자치구 선택과 관계없이 서울시 전체 값입니다.",
                                   "Headline indicators are citywide surveys: shown citywide whatever districts "
                                   "are selected."),
    "overview.headline_source": (
        "출처: 기본계획 Ⅴ 성과지표(목표)·Ⅰ 설문조사 결과(2017 기준값); 최근 실적 — 업로드 또는 공표 자료(출처 열). "
        "공표 수치는 조사 방법이 기준값과 다를 수 있습니다.",
        "Source: the Plan, Ⅴ headline indicators (targets) and Ⅰ survey results (2017 baselines); latest result — "
        "uploads or published figures (source column). Published surveys may differ in method from the baseline."),
    "overview.col.indicator": ("지표", "Indicator"),
    "overview.col.project": ("단위사업", "Unit project"),
    "overview.col.baseline": ("기준값 (연도)", "Baseline (year)"),
    "overview.col.target_2022": ("2022 목표", "2022 target"),
    "overview.col.latest": ("최근 실적 (시점)", "Latest result (period)"),
    "overview.col.source": ("최근 실적 출처", "Source of latest result"),
    "overview.col.published": ("공표 수치 (출처)", "Published figure (source)"),
    "overview.col.link": ("출처 링크", "Source link"),
    "overview.open": ("열기", "open"),
    "overview.behind": ("가장 뒤처진 지표", "Most behind"),
    "overview.ahead": ("가장 앞선 지표", "Most ahead"),
    "overview.no_ranked": ("실적과 목표가 모두 있는 지표가 아직 없습니다.",
                           "No indicator has both a target and results yet."),
    "overview.rank_rule": (
        "순위: 대표지표·세부지표 중 달성률(실적 ÷ 현재 기대치)이 있는 지표를 달성률 순으로. 달성률 막대는 100%에서 가득 찹니다.",
        "Ranking: primary and sub-indicators with a rate (result ÷ expected by now), ordered by rate. "
        "Rate bars are full at 100%."),
    "overview.col.direction": ("기준 대비", "Since baseline"),
    "overview.col.direction_help": ("기준연도 값과 비교한 방향(개선·변화 없음·악화). 목표 궤도에 있는지는 상태 열이 말합니다. 비교 불가: 기준치와 "
                                    "다른 조사에서 나온 수치.",
                                    "Direction compared with the baseline year (improving, unchanged, worsening); the "
                                    "status column says whether it is on track. Not comparable: a figure from a survey "
                                    "other than the baseline's."),
    "overview.changes.title": ("지난 분기 대비 변화", "Change since the previous quarter"),
    "overview.changes.summary": ("계획 전체: {then} {rate_then} → {now} {rate_now} · 나아진 지표 {better}개, 나빠진 지표 {worse}개",
                                 "Whole plan: {then} {rate_then} → {now} {rate_now} · {better} indicators better, "
                                 "{worse} worse"),
    "overview.changes.none_before": ("첫 분기(2018년 1분기)에는 비교할 지난 분기가 없습니다.",
                                     "The first quarter (2018 Q1) has no previous quarter to compare with."),
    "overview.changes.better": ("나아진 지표", "Better"),
    "overview.changes.worse": ("나빠진 지표", "Worse"),
    "overview.changes.then": ("지난 분기", "Previous quarter"),
    "overview.changes.now": ("이번 분기", "This quarter"),
    "overview.changes.rate": ("달성률 변화", "Rate then → now"),
    "overview.changes.empty": ("없음", "No indicator"),
    # ---- issue 16 display (d2): year-to-date figures say up to which quarter; missing budget data, small
    "overview.ytd.exec_rate": ("{year}년 예산 집행률 (Q{q}까지)", "{year} budget executed (to Q{q})"),
    "overview.ytd.exec_amount": ("{year}년 자치구 집행액 (Q{q}까지)", "{year} district spending (to Q{q})"),
    "overview.ytd.missing_short": ("집행 실적 미업로드", "No execution uploaded"),
    "overview.ytd.planned_year": ("올해 계획 {planned} {unit}", "Planned this year: {planned} {unit}"),
    "overview.ytd.missing_long": (
        "'–' 표시 카드: {scope}의 {year}년 예산 집행 실적이 Q{q}까지 업로드되지 않았습니다(0이 아님). "
        "담당자가 데이터 업로드 화면에서 예산 집행 양식으로 올리면 표시됩니다.",
        "Cards showing '–': no {year} budget execution has been uploaded for {scope} up to Q{q} (not zero). "
        "Staff can add it with the budget-execution template on the Data upload page."),
    "overview.ranks.view": ("보기", "Show"),
    "overview.headline_chart": ("성과지표 그림 (기준값 → 2022 목표, 최근 실적)",
                                "Headline indicators chart (baseline → 2022 target, latest result)"),
    "overview.changes.tables": ("나아진 지표·나빠진 지표 표", "Indicators that got better or worse"),
    "overview.dash_note": ("'–' = 값 없음(0이 아님).", "'–' = no value (not zero)."),
}
