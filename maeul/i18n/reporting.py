"""Labels of the reporting cycle: 보고 현황 page, 감사 기록 page, review marks (잠정/확정), explanations."""

TEXT = {
    # upload preview: the explanation columns of an actuals file
    "upload.field.cause": ("원인", "Cause"),
    "upload.field.measure": ("대책", "Measure"),
    "upload.field.measure_owner": ("대책 담당", "Measure by"),
    "upload.field.measure_due": ("대책 기한", "Measure due"),
    # sidebar: verified figures only
    "sidebar.verified": ("확정 수치만", "Verified figures only"),
    "sidebar.verified_help": ("검토자가 승인한(확정) 분기의 수치만 보여 줍니다. 승인 전(잠정) 수치는 '자료 없음'으로 "
                              "보입니다.",
                              "Show only figures of quarters a reviewer approved (verified). Provisional figures read "
                              "as 'no data'."),
    # banners and marks on every page
    "review.provisional": ("잠정", "provisional"),
    "review.verified": ("확정", "verified"),
    "review.banner_verified_only": ("확정 수치만 보는 중: 승인 전(잠정) 수치는 '자료 없음'으로 보입니다.",
                                    "Showing verified figures only: provisional figures read as 'no data'."),
    "review.banner_provisional": ("업로드된 실적 {total}행 중 {provisional}행은 아직 승인 전(잠정)입니다. 표의 '잠정' "
                                  "표시를 보세요 (사이드바 '확정 수치만'으로 숨길 수 있습니다).",
                                  "{provisional} of {total} uploaded rows are not approved yet (provisional), marked "
                                  "'provisional' in tables (hide them with 'Verified figures only' in the sidebar)."),
    "review.provisional_legend": ("잠정 (승인 전)", "Provisional (not approved)"),
    "review.chart_caption": ("속이 빈 회색 점은 아직 승인되지 않은(잠정) 분기입니다.",
                             "Open grey points mark quarters not approved yet (provisional)."),
    "review.written_by": ("{user} · {at}", "{user} · {at}"),
    "review.col.verified": ("확정 여부", "Verified"),
    "review.col.explanation": ("원인·대책", "Cause · measure"),
    # explanations on the strategy page
    "explain.title": ("원인과 대책 ({as_of})", "Cause and measure ({as_of})"),
    "explain.none": ("{as_of}의 원인·대책 설명이 아직 없습니다.", "No explanation for {as_of} yet."),
    "explain.missing_behind": ("이 지표는 '지연'인데 원인·대책이 없습니다. 담당: {owner}",
                               "This indicator is behind plan and has no explanation. Owner: {owner}"),
    "explain.item": ("**{district}** — 원인: {cause} · 대책: {measure} (담당: {owner}, 기한: {due}) · {by}",
                     "**{district}** — cause: {cause} · measure: {measure} (by: {owner}, due: {due}) · {by}"),
    "explain.item_short": ("**{district}** — 원인: {cause} · 대책: {measure} · {by}",
                           "**{district}** — cause: {cause} · measure: {measure} · {by}"),
    "explain.form": ("원인·대책 쓰기", "Write a cause and measure"),
    "explain.login": ("설명을 쓰려면 데이터 업로드 화면에서 담당자로 로그인하세요.",
                      "Log in as staff on the Data upload page to write an explanation."),
    "explain.none_allowed": ("이 지표에 설명을 쓸 수 있는 자치구가 계정 범위에 없습니다.",
                             "Your account may not write explanations for this indicator's scopes."),
    "explain.district": ("대상", "For"),
    "explain.cause": ("원인 (왜 앞서거나 뒤처졌나)", "Cause (why ahead or behind)"),
    "explain.measure": ("대책 (무엇을 하나)", "Measure (what will be done)"),
    "explain.owner": ("대책 담당", "By whom"),
    "explain.due": ("대책 기한", "By when"),
    "explain.save": ("저장", "Save"),
    "explain.saved": ("설명을 저장했습니다.", "The explanation was saved."),
    # the upload page: what is due
    "upload.due_title": ("{quarter} 보고 — 마감 {due}", "{quarter} report — due {due}"),
    "upload.due_quarter": ("보고할 분기", "Quarter to report"),
    "upload.due_quarter_help": ("기본값은 지금 보고하는 분기(가장 최근에 끝난 분기)입니다.",
                                "By default the quarter being reported now (the latest that has ended)."),
    "upload.prefill_help": ("미리 채운 양식: 담당 자치구, 이 분기, 보고할 지표와 전분기 실적(참고)이 들어 있습니다. 실적을 "
                            "채워 아래에서 올리세요. 원인·대책 칸은 선택입니다.",
                            "Pre-filled template: your districts, this quarter, the indicators you owe and last "
                            "quarter's values (for reference). Fill in the values and upload it below; the "
                            "cause/measure columns are optional."),
    "upload.prefill_csv": ("{quarter} 미리 채운 양식 (CSV)", "{quarter} pre-filled template (CSV)"),
    "upload.prefill_xlsx": ("{quarter} 미리 채운 양식 (XLSX)", "{quarter} pre-filled template (XLSX)"),
    "upload.due_unexplained": ("담당 자치구의 {quarter} '지연' 지표 {n}개에 원인·대책이 없습니다. 양식의 원인·대책 칸이나 "
                               "전략 추적 화면에서 적어 주세요.",
                               "{n} of your {quarter} figures are behind plan without a cause or measure: add them "
                               "in the template's columns or on the strategy page."),
    "overview.no_explanation": ("**{code}** 지연인데 원인·대책 설명이 없습니다.",
                                "**{code}** is behind plan and has no explanation."),
    # roles
    "auth.role.reviewer": ("검토자", "Reviewer"),
    "auth.logged_in_reviewer": ("{name} 님 로그인 중 · {role} · 승인 범위: {scope}",
                                "Logged in as {name} · {role} · may approve: {scope}"),
    # navigation
    "nav.reporting": ("보고 현황", "Reporting"),
    "nav.audit": ("감사 기록", "Audit trail"),
    # states of a (district, quarter) — maeul.read.reporting — and the verified mark
    "reporting.state.on_time": ("기한 내 보고", "On time"),
    "reporting.state.late_grace": ("지연 보고 (유예 내)", "Late (in grace)"),
    "reporting.state.late": ("지연 보고", "Late"),
    "reporting.state.missing": ("미보고", "Missing"),
    "reporting.state.open": ("보고 기간", "Open"),
    "reporting.state.not_required": ("해당 없음", "Not required"),
    "reporting.state.verified": ("확정", "Verified"),
    "reporting.city": ("서울시", "Seoul (city)"),
    # the 보고 현황 page
    "reporting.title": ("보고 현황", "Reporting"),
    "reporting.subtitle": ("분기 보고의 마감, 누가 보고했고 누가 아직인지, 설명이 필요한 지연 지표, 검토·승인",
                           "Quarterly reporting: deadlines, who has reported and who has not, behind indicators "
                           "without an explanation, review and approval"),
    "reporting.scope": ("**범위:** {scope} · **분기:** {quarter} · **기준일:** {today}",
                        "**Scope:** {scope} · **Quarter:** {quarter} · **As of:** {today}"),
    "reporting.scope_all": ("서울시와 25개 자치구", "the city and all 25 districts"),
    "reporting.rule": ("{quarter} 보고 마감은 {due}, 유예 기간은 {grace}까지입니다. 마감 뒤 첫 업로드는 지연 보고(유예 기간 "
                       "안이면 '유예 내')이고, 마감이 지나도록 업로드가 없으면 미보고입니다. 예시 데이터는 보고로 세지 "
                       "않습니다. 마감과 유예 기간은 data/reporting_calendar.csv에서 정합니다.",
                       "{quarter} is due on {due}, with grace until {grace}. A first upload after the due date is "
                       "late ('in grace' within the grace period); none by the due date is missing. Sample data never "
                       "counts as a report. Due dates and grace live in data/reporting_calendar.csv."),
    "reporting.today": ("기준일", "As of date"),
    "reporting.today_help": ("이 날짜까지 올라온 업로드로 상태를 판정합니다.",
                             "States are judged from the uploads made up to this date."),
    "reporting.quarter_title": ("{quarter} 보고 상태", "{quarter}: who has reported"),
    "reporting.m.approved": ("승인(확정)", "Approved"),
    "reporting.col.due": ("마감", "Due"),
    "reporting.col.first_upload": ("첫 업로드", "First upload"),
    "reporting.col.state": ("상태", "State"),
    "reporting.col.rows": ("보고한 지표 / 보고할 지표", "Reported / owed"),
    "reporting.col.approved": ("승인", "Approved"),
    "reporting.rows_of": ("{rows} / {required}", "{rows} / {required}"),
    "reporting.rows_n": ("{n}개 지표", "{n} indicators"),
    "reporting.approved_by": ("{by} · {at}", "{by} · {at}"),
    "reporting.grid_title": ("자치구 × 분기 보고 상태 ({quarter}까지)", "District × quarter ({quarter} and before)"),
    "reporting.grid_caption": ("최근 분기부터 보입니다. 칸마다 그 분기의 보고 상태이며, 승인된 분기에는 '확정'이 붙습니다.",
                               "Newest quarter first. Each cell is the quarter's reporting state; approved quarters "
                               "also read 'verified'."),
    "reporting.timeliness_title": ("기한 내 보고 횟수 (계획 기간, {quarter}까지)",
                                   "On-time reports over the plan period (to {quarter})"),
    "reporting.col.on_time": ("기한 내", "On time"),
    "reporting.col.late": ("지연", "Late"),
    "reporting.col.missing": ("미보고", "Missing"),
    "reporting.col.due_quarters": ("마감 지난 분기", "Quarters due"),
    "reporting.col.share": ("기한 내 비율", "On-time share"),
    "reporting.timeliness_caption": ("마감이 지난 분기 가운데 기한 안에 첫 업로드가 있었던 비율입니다.",
                                     "Of the quarters past their due date, the share with a first upload by the due "
                                     "date."),
    "reporting.unexplained_title": ("설명이 없는 지연 지표 ({as_of})", "Behind indicators without an explanation "
                                                                    "({as_of})"),
    "reporting.unexplained_caption": ("{as_of} 기준 '지연'인데 원인·대책이 없는 수치 {n}건입니다. 담당(추진부서)에 "
                                      "설명을 요청하세요 — 전략 추적 화면의 양식이나 업로드 양식의 원인·대책 칸으로 "
                                      "적을 수 있습니다.",
                                      "{n} figures behind plan as of {as_of} with no cause or measure. Ask the owner "
                                      "(the responsible department) for one — on the strategy page's form or in the upload "
                                      "template's cause/measure columns."),
    "reporting.unexplained_none": ("설명이 필요한 지연 지표가 없습니다.", "No behind indicator lacks an explanation."),
    "reporting.col.owner": ("담당 (추진부서)", "Owner (department)"),
    "reporting.review_title": ("검토와 승인", "Review and approval"),
    "reporting.review_help": ("승인하면 그 분기·자치구의 수치가 '확정'이 되고 기간이 잠깁니다. 잠긴 기간을 고치는 업로드는 "
                              "관리자가 사유를 적고 잠금을 풀 때까지 거부됩니다.",
                              "Approving makes the quarter's figures of that district 'verified' and locks the "
                              "period: uploads changing it are refused until an administrator unlocks it with a "
                              "reason."),
    "reporting.review_login": ("승인하려면 검토자 또는 관리자로 로그인하세요.",
                               "Log in as a reviewer or administrator to approve."),
    "reporting.review_none": ("{quarter}에 승인할 수 있는 기간이 없습니다 (모두 승인되었거나 승인 범위 밖).",
                              "Nothing left to approve for {quarter} (all approved, or outside your scope)."),
    "reporting.approve_pick": ("승인할 자치구 ({quarter})", "Approve for ({quarter})"),
    "reporting.approve": ("승인하고 잠그기", "Approve and lock"),
    "reporting.approved": ("승인했습니다: {district}. 이 기간은 이제 잠겨 있습니다.",
                           "Approved: {district}. The period is now locked."),
    "reporting.unlocked": ("잠금을 풀었습니다: {period}. 수치는 다시 잠정입니다.",
                           "Unlocked: {period}. Its figures are provisional again."),
    "reporting.unlock_pick": ("잠금을 풀 기간", "Period to unlock"),
    "reporting.unlock_reason": ("잠금 해제 사유", "Reason for unlocking"),
    "reporting.unlock": ("잠금 해제", "Unlock"),
    "reporting.approvals_title": ("승인 기록", "Approvals"),
    "reporting.approvals_none": ("아직 승인된 기간이 없습니다.", "No period has been approved yet."),
    "reporting.col.period": ("분기", "Quarter"),
    "reporting.col.unlocked": ("잠금 해제 (누가 · 언제 · 사유)", "Unlocked (by · when · reason)"),
    # the 감사 기록 page
    "audit.title": ("감사 기록", "Audit trail"),
    "audit.subtitle": ("모든 변경(업로드, 되돌리기, 승인, 잠금 해제, 설명, 예시 데이터)과 권한 밖이라 거부된 요청. 기록은 "
                       "지워지지 않습니다.",
                       "Every change (upload, rollback, approval, unlock, explanation, sample data) and every request "
                       "refused for scope. Nothing is ever deleted."),
    "audit.filter.action": ("종류", "Action"),
    "audit.filter.quarter": ("분기", "Quarter"),
    "audit.filter.district": ("자치구", "District"),
    "audit.filter.user": ("사용자", "User"),
    "audit.filter.all": ("전체", "All"),
    "audit.count": ("{n}건 (최근 것부터)", "{n} events (newest first)"),
    "audit.none": ("조건에 맞는 기록이 없습니다.", "No event matches."),
    "audit.action.upload": ("업로드", "Upload"),
    "audit.action.rollback": ("되돌리기", "Rollback"),
    "audit.action.approve": ("승인", "Approve"),
    "audit.action.unlock": ("잠금 해제", "Unlock"),
    "audit.action.explanation": ("설명", "Explanation"),
    "audit.action.sample_load": ("예시 불러오기", "Sample loaded"),
    "audit.action.sample_remove": ("예시 지우기", "Sample removed"),
    "audit.action.refused": ("거부됨", "Refused"),
    "audit.col.at": ("시각 (KST)", "When (KST)"),
    "audit.col.user": ("사용자", "User"),
    "audit.col.action": ("종류", "Action"),
    "audit.col.quarter": ("분기", "Quarter"),
    "audit.col.district": ("자치구", "District"),
    "audit.col.indicator": ("지표", "Indicator"),
    "audit.col.change": ("이전 → 이후", "Before → after"),
    "audit.col.detail": ("내용", "Detail"),
}
