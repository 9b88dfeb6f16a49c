"""Labels of the 데이터 업로드 page."""

TEXT = {
    "upload.title": ("데이터 업로드", "Data upload"),
    "upload.intro": ("분기 실적·예산 집행·공동체 공간 목록을 CSV(엑셀에서 저장한 CP949 또는 UTF-8) 또는 XLSX로 올립니다. "
                     "오류가 하나라도 있으면 아무것도 저장되지 않습니다.",
                     "Upload quarterly results, budget execution or the community-space list as CSV (saved from "
                     "Excel, CP949 or UTF-8) or XLSX. If any row has an error, nothing is saved."),
    "upload.templates": ("1. 양식 내려받기", "1. Download a template"),
    "upload.templates_help": ("양식에는 사용할 수 있는 지표·예산·자치구 코드 목록이 함께 들어 있습니다.",
                              "Templates include the list of valid indicator, budget and district codes."),
    "upload.kind.actuals": ("실적 (지표)", "Results (indicators)"),
    "upload.kind.budget": ("예산 집행", "Budget execution"),
    "upload.kind.spaces": ("공동체 공간 목록", "Community spaces"),
    "upload.csv": ("CSV 양식", "CSV template"),
    "upload.xlsx": ("XLSX 양식", "XLSX template"),
    "upload.file": ("2. 파일 올리기", "2. Upload a file"),
    "upload.login_needed": ("업로드하려면 담당자로 로그인하세요. 조회는 로그인 없이 할 수 있습니다.",
                            "Log in as staff to upload. Reading needs no login."),
    "upload.no_users": ("업로드 담당자 계정이 설정되어 있지 않습니다. 관리자가 `python -m maeul user add` 로 계정을 만든 뒤 "
                        "`.streamlit/secrets.toml` 에 넣어야 합니다 (README 참고).",
                        "No upload accounts are configured. An administrator creates them with "
                        "`python -m maeul user add` and puts them in `.streamlit/secrets.toml` (see README)."),
    "upload.scope": ("업로드 가능 범위: {scope}", "You may upload for: {scope}"),
    "upload.scope_all": ("전체 (관리자)", "everything (admin)"),
    "upload.choose": ("CSV 또는 XLSX 파일", "CSV or XLSX file"),
    "upload.reading": ("파일을 읽고 검사하는 중…", "Reading and checking the file…"),
    "upload.read_info": ("파일 종류: {kind} · 인코딩: {encoding} · 데이터 행: {rows}행",
                         "File kind: {kind} · encoding: {encoding} · data rows: {rows}"),
    "upload.errors": ("오류 {n}건이 있어 저장하지 않았습니다. 아래 표의 행 번호(엑셀 기준, 머리글 = 1행)를 고쳐 다시 올려 주세요.",
                      "{n} errors: nothing was saved. Fix the rows below (Excel row numbers, header = row 1) and "
                      "upload again."),
    "upload.errors_download": ("오류 목록 내려받기 (CSV)", "Download the error list (CSV)"),
    "upload.preview": ("3. 미리보기: 저장하면 바뀌는 내용", "3. Preview: what a commit changes"),
    "upload.new": ("새 값", "New"),
    "upload.superseding": ("기존 값 대체", "Replaces a value"),
    "upload.unchanged": ("변경 없음", "Unchanged"),
    "upload.effect": ("영향받는 지표의 진도 ({as_of} 기준, 저장 전 → 저장 후)",
                      "Progress of the affected indicators (as of {as_of}, before → after)"),
    "upload.commit": ("저장하기", "Commit"),
    "upload.committing": ("저장하는 중…", "Saving…"),
    "upload.committed": ("저장했습니다: 업로드 #{id}, {rows}행 (새 값 {new}, 대체 {sup}, 변경 없음 {same}).",
                         "Saved: upload #{id}, {rows} rows (new {new}, replaced {sup}, unchanged {same})."),
    "upload.duplicate": ("같은 파일이 이미 업로드 #{id}로 저장되어 있어 아무것도 바꾸지 않았습니다.",
                         "The same file is already stored as upload #{id}; nothing changed."),
    "upload.history": ("4. 업로드 이력", "4. Upload history"),
    "upload.history_empty": ("아직 업로드가 없습니다.", "No uploads yet."),
    "upload.rollback_pick": ("되돌릴 업로드", "Upload to roll back"),
    "upload.rollback": ("이 업로드 되돌리기", "Roll back this upload"),
    "upload.rollback_done": ("업로드 #{id}를 되돌렸습니다. 그 전의 값이 다시 현재 값입니다.",
                             "Upload #{id} rolled back; the values before it are current again."),
    "upload.rollback_none": ("되돌릴 수 있는 업로드가 없습니다.", "No upload you may roll back."),
    "upload.raw": ("원본 파일 내려받기", "Download the original file"),
    "upload.sample": ("예시 데이터", "Sample data"),
    "upload.sample_offer": ("실적이 아직 없습니다. 화면을 살펴보기 위해 코드로 만든 예시 데이터(2018Q1~2022Q4)를 업로드 경로로 "
                            "불러올 수 있습니다. 예시 데이터는 모든 화면에 '예시 데이터'로 표시되며 한 번에 지울 수 있습니다.",
                            "There are no results yet. You can load generated sample data (2018Q1–2022Q4) through the "
                            "upload path to explore the pages. It is labelled as sample on every page and can be "
                            "removed at once."),
    "upload.sample_load": ("예시 데이터 불러오기", "Load sample data"),
    "upload.sample_loaded": ("예시 데이터를 불러왔습니다 (업로드 {n}건).", "Sample data loaded ({n} uploads)."),
    "upload.sample_remove": ("예시 데이터 모두 지우기", "Remove all sample data"),
    "upload.sample_removed": ("예시 데이터 업로드 {n}건을 모두 되돌렸습니다.", "Rolled back all {n} sample uploads."),
    "upload.sample_admin": ("예시 데이터는 모든 자치구에 걸쳐 있어 관리자만 불러오거나 지울 수 있습니다 (서버에서는 "
                            "`python -m maeul sample --seed 7 --load` / `python -m maeul remove-sample`).",
                            "Sample data spans every district: only an administrator can load or remove it (on the "
                            "server: `python -m maeul sample --seed 7 --load` / `python -m maeul remove-sample`)."),
    "upload.col.change": ("변경", "Change"),
    "upload.col.before": ("저장 전", "Before"),
    "upload.col.after": ("저장 후", "After"),
    "upload.backup": ("5. 백업", "5. Backup"),
    "upload.backup_help": ("데이터베이스 전체(계획·업로드·원본 파일)를 일관된 사본으로 저장합니다. 복원은 서버에서 "
                           "`python -m maeul restore 파일` (앱을 멈춘 뒤).",
                           "Saves a consistent copy of the whole database (plan, uploads, original files). Restore on "
                           "the server with `python -m maeul restore FILE` (app stopped)."),
    "upload.backup_make": ("백업 만들기", "Make a backup"),
    "upload.backup_done": ("백업을 저장했습니다: {path}", "Backup saved: {path}"),
    "upload.caption": ("출처: 업로드한 파일 (원본은 그대로 보관됩니다).", "Source: uploaded files (kept as sent)."),
}
