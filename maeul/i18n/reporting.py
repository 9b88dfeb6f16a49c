"""Labels of the reporting cycle: 보고 현황 page, 감사 기록 page, review marks (잠정/확정), explanations."""

TEXT = {
    # upload preview: the explanation columns of an actuals file
    "upload.field.cause": ("원인", "Cause"),
    "upload.field.measure": ("대책", "Measure"),
    "upload.field.measure_owner": ("대책 담당", "Measure by"),
    "upload.field.measure_due": ("대책 기한", "Measure due"),
    # roles
    "auth.role.reviewer": ("검토자", "Reviewer"),
    "auth.logged_in_reviewer": ("{name} 님 로그인 중 · {role} · 승인 범위: {scope}",
                                "Logged in as {name} · {role} · may approve: {scope}"),
}
