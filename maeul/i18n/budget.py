"""Labels of the 예산 흐름 (budget flows) page and of maeul.present.budget_charts."""

TEXT = {
    "budget.title": ("예산 흐름", "Budget flows"),
    "budget.intro": (
        "계획 예산이 4대 전략 → 10개 추진과제 → 단위사업 → 예산 항목으로 어떻게 나뉘는지, 그리고 업로드된 집행 실적이 "
        "있으면 얼마나 집행되었는지 보여 줍니다. 금액 단위는 백만원이며, 1억원 = 100백만원입니다.",
        "How the planned budget divides into the 4 strategies → 10 tasks → unit projects → budget lines, and — where "
        "execution has been uploaded — how much was spent. Amounts in KRW million (KRW 100 mn = 1 eok)."),
    "budget.year": ("연도", "Year"),
    "budget.year_help": ("계획 연도 하나, 또는 2018–2022 5년 합계. 이 선택은 주소(URL)에 남습니다.",
                         "One plan year, or the 2018–2022 five-year total. The choice is kept in the URL."),
    "budget.period_all": ("{first}–{last}년 합계", "{first}–{last} total"),
    "budget.period_year": ("{year}년", "{year}"),
    "budget.total_node": ("총예산", "Total budget"),
    "budget.unit_suffix": ("백만원", " KRW mn"),
    "budget.axis_mn": ("백만원", "KRW million"),
    "budget.chart_empty": ("표시할 금액이 없습니다.", "No amounts to show."),
    # metrics
    "budget.m_planned": ("계획 예산", "Planned budget"),
    "budget.m_planned_help": ("Ⅷ 연차별 투자계획이 집계하는 예산 항목의 합계 (백만원)",
                              "Sum of the budget lines that section Ⅷ (annual investment plan) counts (KRW mn)"),
    "budget.m_executed": ("집행액 (~{as_of})", "Executed (to {as_of})"),
    "budget.m_executed_help": ("업로드된 집행 실적의 합계 (선택한 연도, 기준 분기까지, 선택한 자치구)",
                               "Sum of uploaded execution (selected year, up to the as-of quarter, selected districts)"),
    "budget.m_rate": ("집행률", "Execution rate"),
    "budget.m_rate_help": ("집행액 ÷ 계획 예산. 연도의 중간 분기를 기준으로 하면 그 연도 계획의 일부만 집행된 것이 정상입니다.",
                           "Executed ÷ planned. Mid-year, only part of the year's plan is expected to be spent."),
    "budget.m_rate_district_help": ("계획 예산은 서울시 전체 기준이라 자치구별 집행률은 계산하지 않습니다.",
                                    "The plan's budget is citywide, so no execution rate is computed for districts."),
    "budget.m_viii": ("Ⅷ 인쇄 합계 대조", "Check against Ⅷ as printed"),
    "budget.m_viii_help": ("예산 항목을 더한 값이 계획서 Ⅷ 연차별 투자계획에 인쇄된 전략별 합계와 같은지 확인합니다.",
                           "Checks that the budget lines add up to the strategy totals printed in section Ⅷ."),
    "budget.recon_ok_short": ("일치", "Matches"),
    "budget.recon_diff_short": ("차이 있음", "Differs"),
    "budget.recon_caption": ("Ⅷ 인쇄 {printed} · 항목 합계 {computed}", "Ⅷ printed {printed} · lines {computed}"),
    "budget.recon_ok": ("Ⅷ 인쇄 합계와 일치: {period} 예산 항목을 더한 값이 계획서 Ⅷ 연차별 투자계획에 인쇄된 네 전략의 "
                        "합계 {total} 그대로입니다 (전략별·단위사업별로도 모두 일치).",
                        "Matches section Ⅷ as printed: the {period} budget lines add up to the four strategy totals "
                        "of section Ⅷ, {total} (every strategy and unit project matches too)."),
    "budget.recon_diff": ("Ⅷ 인쇄 합계와 {n}곳이 다릅니다. 아래 대조표를 확인하세요.",
                          "{n} figures differ from section Ⅷ as printed; see the table below."),
    "budget.recon_expander": ("Ⅷ 대조표 (인쇄값 vs 예산 항목 합계)", "Reconciliation with section Ⅷ (printed vs lines)"),
    "budget.level.total": ("총계", "Total"),
    "budget.level.strategy": ("전략", "Strategy"),
    "budget.level.unit_project": ("단위사업", "Unit project"),
    "budget.match_yes": ("일치", "match"),
    "budget.match_no": ("차이", "differs"),
    "budget.col_level": ("수준", "Level"),
    "budget.col_printed": ("Ⅷ 인쇄", "Ⅷ as printed"),
    "budget.col_viii": ("Ⅷ 금액(백만원)", "Ⅷ amount (KRW mn)"),
    "budget.col_computed": ("항목 합계(백만원)", "Sum of lines (KRW mn)"),
    "budget.col_diff": ("차이(백만원)", "Difference (KRW mn)"),
    "budget.col_match": ("대조", "Check"),
    "budget.src_recon": ("출처: 「2기 마을공동체 기본계획」 Ⅷ 연차별 투자계획(인쇄값)과 Ⅵ 단위사업별 연차별 소요예산(항목). "
                         "총계 = Ⅷ 네 전략의 합. '…에 포함'·'비예산'으로 인쇄된 칸은 금액 없이 대조합니다.",
                         "Source: the plan's section Ⅷ annual investment plan (as printed) and section Ⅵ per-project "
                         "annual budget (lines). Total = Ⅷ's four strategies. Cells printed as 'included in …' or "
                         "'non-budget' have no amount."),
    # notes
    "budget.district_note": (
        "계획 예산은 서울시 전체 기준입니다(자치구별 계획액은 계획서에 없음). 흐름도와 표의 계획 금액은 서울시 전체이고, "
        "집행액만 선택한 자치구({scope})의 업로드 실적입니다.",
        "The plan's budget is citywide (the plan sets no per-district amounts). Planned amounts below are citywide; "
        "only executed amounts are those uploaded for the selected districts ({scope})."),
    "budget.exec_district_caption": ("선택한 자치구: {scope} — 계획 열은 비어 있습니다(계획은 서울시 전체 기준).",
                                     "Selected districts: {scope} — planned columns are empty (the plan is citywide)."),
    "budget.future_year": ("{year}년은 기준 분기({as_of}) 이후라 아직 집행 실적이 없습니다.",
                           "{year} lies after the as-of quarter ({as_of}): no execution yet."),
    "budget.no_execution": ("집행 실적 없음", "No execution reported"),
    "budget.no_execution_short": ("집행 실적 없음", "None reported"),
    "budget.no_execution_long": ("집행 실적 없음 — {as_of}까지 {scope}의 집행 실적이 업로드되지 않았습니다. "
                                 "데이터 업로드 화면에서 예산 집행 양식으로 올릴 수 있습니다.",
                                 "No execution reported — nothing uploaded for {scope} up to {as_of}. Staff can upload "
                                 "it with the budget-execution template on the Data upload page."),
    # sankey
    "budget.sankey_title": ("계획 예산의 흐름 — {period}", "Where the planned budget goes — {period}"),
    "budget.sankey_fig_title": ("{period} 계획 예산 {total}: 총예산 → 전략 → 추진과제 → 단위사업",
                                "{period} planned budget {total}: total → strategies → tasks → unit projects"),
    "budget.show_lines": ("예산 항목까지 펼치기", "Expand to budget lines"),
    "budget.show_lines_help": ("단위사업 오른쪽에 계획서의 예산 항목(소요예산 줄)을 한 단계 더 보여 줍니다.",
                               "Adds the plan's budget lines as one more level after the unit projects."),
    "budget.sankey_howto": ("띠의 굵기 = 금액. 마우스를 올리면 금액(백만원·억원), 총예산 대비 비중과 집행액을 볼 수 있습니다. "
                            "노드 옆 숫자의 단위는 백만원입니다.",
                            "Band width = amount. Hover for the amount, its share of the total and what was executed. "
                            "Numbers next to nodes are KRW million."),
    "budget.sankey_exec_title": ("집행액의 흐름 — {period}, {as_of}까지", "Where the money went — {period}, to {as_of}"),
    "budget.sankey_exec_fig_title": ("집행액 {total} ({scope})", "Executed {total} ({scope})"),
    "budget.hover_planned": ("계획", "Planned"),
    "budget.hover_executed": ("집행", "Executed"),
    "budget.hover_share": ("총예산의 {share}", "{share} of the total"),
    "budget.hover_rate": ("집행률 {rate}", "rate {rate}"),
    "budget.src_plan": ("출처: 「2기 마을공동체 기본계획」 Ⅷ 연차별 투자계획 / Ⅵ 단위사업별 연차별 소요예산 (Ⅷ이 집계하는 항목, 백만원).",
                        "Source: the plan's section Ⅷ annual investment plan / section Ⅵ per-project annual budget "
                        "(lines Ⅷ counts; KRW mn)."),
    "budget.src_viii": ("출처: 「2기 마을공동체 기본계획」 Ⅷ 연차별 투자계획 (전략별 합계, 백만원). 막대 위 숫자 = 연도 합계.",
                        "Source: the plan's section Ⅷ annual investment plan (per strategy, KRW mn). Numbers above "
                        "bars = year totals."),
    "budget.src_exec": ("집행: 업로드된 예산 집행 실적 (2018Q1–{as_of}, {scope}).",
                        "Execution: uploaded budget execution (2018Q1–{as_of}, {scope})."),
    "budget.src_lines": ("출처: 「2기 마을공동체 기본계획」 Ⅵ 단위사업별 연차별 소요예산 (백만원; 계 = 인쇄값).",
                         "Source: the plan's section Ⅵ per-project annual budget (KRW mn; total as printed)."),
    # treemap and bar
    "budget.treemap_title": ("예산 비중 — {period}", "Budget shares — {period}"),
    "budget.treemap_howto": ("사각형 넓이 = 금액(백만원). 사각형을 누르면 그 아래 단계로 들어가고, 맨 위 띠를 누르면 돌아옵니다.",
                             "Area = amount (KRW mn). Click a box to zoom in; click the top bar to go back."),
    "budget.bar_title": ("연도별·전략별 계획 예산", "Planned budget by year and strategy"),
    "budget.legend_planned": ("계획", "Planned"),
    "budget.legend_executed": ("집행", "Executed"),
    # execution
    "budget.exec_title": ("계획 대비 집행 ({as_of} 기준, 백만원)", "Planned vs executed (as of {as_of}, KRW mn)"),
    "budget.exec_by": ("단위", "Level"),
    "budget.by.strategy": ("전략", "Strategy"),
    "budget.by.task": ("추진과제", "Task"),
    "budget.by.project": ("단위사업", "Unit project"),
    "budget.by.line": ("예산 항목", "Budget line"),
    "budget.exec_fig_title": ("{year}년 계획 대비 {as_of}까지 집행 (백만원)", "{year} plan vs executed to {as_of} (KRW mn)"),
    "budget.col_planned_year": ("{year} 계획", "{year} planned"),
    "budget.col_executed_year": ("{year} 집행", "{year} executed"),
    "budget.col_rate_year": ("{year} 집행률", "{year} rate"),
    "budget.col_planned_to_date": ("누계 계획 {first}–{year}", "Planned {first}–{year}"),
    "budget.col_executed_to_date": ("누계 집행 ~{as_of}", "Executed to {as_of}"),
    "budget.col_rate_to_date": ("누계 집행률", "Cumulative rate"),
    "budget.exec_rule": ("집행률 = 집행 ÷ 계획. 올해 집행률은 기준 분기까지의 집행이므로 연중에는 낮게 나오는 것이 정상입니다. "
                         "집행 자료가 없는 곳은 0%가 아니라 '집행 실적 없음'으로 표시합니다.",
                         "Rate = executed ÷ planned. This year's rate counts execution up to the as-of quarter, so it "
                         "is naturally low mid-year. Where nothing was uploaded it reads 'No execution reported', "
                         "not 0%."),
    # lines
    "budget.lines_title": ("예산 항목 전체 (표로 보기)", "Every budget line (the table behind the charts)"),
    "budget.col_project": ("단위사업", "Unit project"),
    "budget.col_line": ("예산 항목", "Budget line"),
    "budget.col_funding": ("재원 구분", "Funding"),
    "budget.col_counted": ("Ⅷ 집계", "Counted by Ⅷ"),
    "budget.col_counted_help": ("계획서 Ⅷ 연차별 투자계획의 합계에 들어가는 항목인지",
                                "Whether section Ⅷ's annual investment plan counts this line in its totals"),
    "budget.col_printed_total": ("계(인쇄)", "Total (as printed)"),
    "budget.funding_budget": ("예산", "Budget"),
    "budget.funding_none": ("비예산", "Non-budget"),
    "budget.funding_included": ("{where}에 포함", "Included in {where}"),
    "budget.funding_included_short": ("타 예산에 포함", "In another line"),
    "budget.col_funding_help": ("예산 = 이 항목의 금액이 있음 · 비예산 = 예산 없이 추진 · 타 예산에 포함 = 다른 항목의 예산으로 "
                                "집행(아래 'Ⅷ 합계에 들어가지 않는 항목'에서 어느 예산인지 설명)",
                                "Budget = has its own amount · Non-budget = no budget · In another line = paid from "
                                "another line (see 'Lines outside section Ⅷ's totals' below)"),
    "budget.lines_sum": ("Ⅷ 집계 항목의 연도별 합계(백만원): {sums} · 5년 합계 {total}",
                         "Lines counted by Ⅷ, per year (KRW mn): {sums} · five-year total {total}"),
    "budget.outside_title": ("Ⅷ 합계에 들어가지 않는 항목", "Lines outside section Ⅷ's totals"),
    "budget.outside_intro": (
        "아래 항목은 금액이 0이라서가 아니라 계획서가 다르게 적었기 때문에 합계에서 빠집니다. "
        "**비예산** = 예산 없이 추진하는 사업, **…에 포함** = 다른 항목의 예산(예: 종합지원센터 운영비)으로 집행해 따로 세지 않음, "
        "**Ⅷ에서 빠짐** = Ⅵ에는 금액이 있지만 Ⅷ 연차별 투자계획의 합계에는 들어가지 않은 항목입니다.",
        "These lines are left out of the totals not because they are zero but because the plan records them "
        "differently. **Non-budget** = carried out without a budget; **included in …** = paid from another line "
        "(e.g. the support center's running costs), so not counted twice; **left out by Ⅷ** = section Ⅵ gives "
        "an amount but section Ⅷ's totals do not include it."),
    "budget.outside_none": ("모든 항목이 Ⅷ 합계에 들어갑니다.", "Every line is counted by section Ⅷ."),
    "budget.outside_none_budget": ("비예산 사업 (금액 없음)", "Non-budget (no amount)"),
    "budget.outside_included": ("{where}에 포함 (따로 세지 않음)", "Included in {where} (not counted separately)"),
    "budget.outside_left_out": ("Ⅵ에는 금액이 있으나 Ⅷ 합계에서 빠짐", "Amount in Ⅵ, left out of Ⅷ's totals"),
    "budget.col_why_outside": ("합계에서 빠지는 이유", "Why it is outside the totals"),
    "budget.col_amount_5y": ("Ⅵ 5년 금액(백만원)", "Ⅵ five-year amount (KRW mn)"),
    "budget.outside_dq": ("계획서의 불일치는 '데이터 품질' 화면에 기록되어 있습니다.",
                          "The plan's inconsistencies are listed on the Data quality page."),
    # ---- issue 16 display (d2): missing execution said small; year-to-date columns say the quarter; views
    "budget.ytd.missing": ("{scope}: {period} 집행 실적이 {as_of}까지 업로드되지 않았습니다(0이 아님). 데이터 업로드 "
                           "화면의 예산 집행 양식으로 올릴 수 있습니다.",
                           "{scope}: no {period} execution uploaded up to {as_of} (not zero). Staff can add it with "
                           "the budget-execution template on the Data upload page."),
    "budget.ytd.no_rate_help": ("집행 실적이 업로드되지 않아 집행률을 계산하지 않습니다 (0%가 아님).",
                                "No execution uploaded, so no rate is computed (not 0%)."),
    "budget.ytd.col_executed_year": ("{year} 집행 (Q{q}까지)", "{year} executed (to Q{q})"),
    "budget.ytd.col_rate_year": ("{year} 집행률 (Q{q}까지)", "{year} rate (to Q{q})"),
    "budget.view": ("다른 그림으로 보기", "More views"),
    "budget.view_help": ("고른 그림만 그립니다. 다시 누르면 닫힙니다.", "Only the chosen view is drawn; click it again to close."),
    "budget.view.exec": ("집행액의 흐름", "Where the money went"),
    "budget.view.treemap": ("예산 비중(사각형)", "Budget shares (treemap)"),
    "budget.view.by_year": ("연도별·전략별 계획", "Plan by year and strategy"),
    "budget.lines_expander": ("예산 항목 전체 {n}개와 Ⅷ 합계 밖 항목 보기", "All {n} budget lines and the lines outside Ⅷ"),
    "budget.treemap_hidden": ("작은 사각형의 이름은 마우스를 올리면 보입니다.", "Hover small boxes for their names."),
}
