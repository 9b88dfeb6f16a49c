"""Labels of the 데이터 업로드 page added for issue 16: numbered steps, the uploader's own texts, the preview's
effect per district, the rollback confirmation, the full error list and the remembered login."""

TEXT = {
    # steps, numbered in the order the page shows them (maeul.present.models.upload.Steps)
    "upload.step": ("{n}. {title}", "{n}. {title}"),
    "upload.step.templates": ("양식 내려받기", "Download a template"),
    "upload.step.file": ("파일 올리기", "Upload a file"),
    "upload.step.preview": ("미리보기: 저장하면 바뀌는 내용", "Preview: what a commit changes"),
    "upload.step.history": ("업로드 이력", "Upload history"),
    "upload.step.backup": ("백업", "Backup"),
    # Streamlit's file uploader draws its own texts in English; these replace them (maeul.web.widgets.file_uploader)
    "upload.dropzone.button": ("파일 선택", "Browse files"),
    "upload.dropzone.limit": ("파일당 {mb}MB 이하 · {types}", "Up to {mb} MB per file · {types}"),
    "upload.dropzone.drop": ("여기에 파일을 놓으세요", "Drop the file here"),
    # the preview's effect, for the districts of the file's rows
    "upload.effect_scope": ("영향받는 지표의 진도 — {scope} ({as_of} 기준, 저장 전 → 저장 후)",
                            "Progress of the indicators affected — {scope} (as of {as_of}, before → after)"),
    "upload.effect_more": (" 외 {n}곳", " and {n} more"),
    "upload.more": (" 외 {n}개", " and {n} more"),
    "upload.effect_note": ("자치구 행은 그 자치구의 진도, 자치구가 비어 있는 행은 서울시 전체의 진도입니다. 자치구 목표는 "
                           "사이드바의 목표 배분 기준으로 나눈 값(반올림)입니다.",
                           "District rows show that district's progress; rows without a district show the city's. "
                           "A district's target is its share under the sidebar's target basis (rounded)."),
    # errors in full
    "upload.errors_full": ("오류 설명 전체 보기 ({n}건)", "All error messages in full ({n})"),
    "upload.warnings_full": ("확인할 값 설명 전체 보기 ({n}건)", "All messages in full ({n})"),
    "upload.err_line.row": ("{row}행", "Row {row}"),
    "upload.err_line.file": ("파일 전체", "Whole file"),
    # rollback with a confirmation step
    "upload.rollback_ask": ("되돌리기…", "Roll back…"),
    "upload.rollback_confirm_text": (
        "**업로드 #{id}를 되돌립니다.** 파일: {file} · 종류: {kind} · {rows}행 · 자치구: {districts} · 기간: {periods}\n\n"
        "이 업로드가 바꾼 값은 그 전의 값으로 돌아가고, 이력에는 '되돌림'으로 남습니다 (원본 파일은 보관됩니다).",
        "**Roll back upload #{id}.** File: {file} · kind: {kind} · {rows} rows · districts: {districts} · "
        "periods: {periods}\n\nThe values it changed return to what they were before; the history keeps it as "
        "'rolled back' (the original file is kept)."),
    "upload.rollback_confirm": ("되돌리기 확인", "Confirm roll back"),
    "upload.rollback_cancel": ("취소", "Cancel"),
    "upload.no_period": ("기간 없음 (공간 목록)", "no period (spaces list)"),
    # remembered login (maeul.auth.session)
    "auth.remembered": ("이 브라우저에서는 {hours}시간 동안 로그인이 유지됩니다 (로그아웃하면 바로 끝납니다).",
                        "This browser stays logged in for {hours} hours (logging out ends it at once)."),
}
