"""Labels of the chart builders (maeul/charts.py): trace names, axes, units."""

TEXT = {
    "charts.target": ("계획 목표", "Plan target"),
    "charts.target_derived": ("파생 목표(자치구 몫)", "Derived target (district share)"),
    "charts.target_interp": ("목표(보간: 계획서에 연도별 값 없음)", "Target (interpolated: no yearly figure in the plan)"),
    "charts.target_2022": ("2022년 목표", "2022 target"),
    "charts.baseline": ("기준값", "Baseline"),
    "charts.actual_q": ("분기 실적", "Quarterly result"),
    "charts.actual_ytd": ("연내 누적 실적", "Year-to-date result"),
    "charts.actual_total": ("누계 실적", "Running total"),
    "charts.actual_level": ("실적", "Result"),
    "charts.latest_actual": ("최근 실적", "Latest result"),
    "charts.published": ("공표 수치", "Published figure"),
    "charts.expected": ("현재 기대치", "Expected by now"),
    "charts.projection": ("추세 전망(~2022년 4분기)", "Trend projection (to 2022Q4)"),
    "charts.planned": ("계획", "Planned"),
    "charts.executed": ("집행", "Executed"),
    "charts.x_quarter": ("분기", "Quarter"),
    "charts.y_unit": ("단위: {unit}", "Unit: {unit}"),
    "charts.value_axis": ("값 (% 또는 점)", "Value (% or points)"),
    "charts.stage_axis": ("단계", "Stage"),
    "charts.no_rated": ("자료 없음", "No data"),
    # ---- issue 16 display (d2)
    "charts.district_legend": ("실적 막대 색 = 상태", "Bar colour = status"),
}
