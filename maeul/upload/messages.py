"""Every user-facing message of the upload path, as (Korean, English) pairs keyed by a stable code.

Codes are what tests and pages match on; the text may be reworded freely. Placeholders use str.format.
"""

from __future__ import annotations

from maeul.i18n import pick_pair
from maeul.upload.review_messages import REVIEW_MESSAGES

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the file as a whole -------------------------------------------------------------------------
    "file_too_large": (
        "파일이 너무 큽니다: {size:,} 바이트 (최대 {max:,} 바이트). 파일을 나누어 올려 주세요.",
        "The file is too large: {size:,} bytes (at most {max:,} bytes). Split it into smaller files.",
    ),
    "too_many_rows": (
        "데이터 행이 너무 많습니다 (최대 {max:,}행). 파일을 나누어 올려 주세요.",
        "Too many data rows (at most {max:,}). Split the file.",
    ),
    "empty_file": (
        "빈 파일입니다.",
        "The file is empty.",
    ),
    "binary_file": (
        "CSV나 XLSX 파일이 아닙니다 (이진 파일). 엑셀에서 'CSV UTF-8' 또는 'Excel 통합 문서(.xlsx)'로 저장해 주세요.",
        "This is not a CSV or XLSX file (binary content). Save it from Excel as 'CSV UTF-8' or '.xlsx'.",
    ),
    "xls_not_supported": (
        "예전 엑셀 형식(.xls)은 읽을 수 없습니다. 'Excel 통합 문서(.xlsx)' 또는 'CSV UTF-8'로 다시 저장해 주세요.",
        "The old Excel format (.xls) cannot be read. Save it again as '.xlsx' or 'CSV UTF-8'.",
    ),
    "bad_xlsx": (
        "XLSX 파일을 열 수 없습니다: {detail}",
        "The XLSX file cannot be opened: {detail}",
    ),
    "undecodable": (
        "파일의 문자 인코딩을 읽을 수 없습니다: {cause_ko}. 엑셀에서 'CSV UTF-8(쉼표로 분리)'로 다시 저장해 주세요.",
        "The file's text encoding cannot be read: {cause_en}. Save it again from Excel as 'CSV UTF-8'.",
    ),
    "mixed_encoding": (
        "한 파일에 UTF-8과 CP949(ANSI) 글자가 섞여 있습니다 ({line}번째 줄부터 다름). 여러 파일을 이어 붙였다면 엑셀에서 "
        "열어 'CSV UTF-8'로 한 번에 다시 저장해 주세요.",
        "The file mixes UTF-8 and CP949 (ANSI) text (differs from line {line}). If files were pasted together, open "
        "it in Excel and save it once as 'CSV UTF-8'.",
    ),
    "csv_parse": (
        "CSV 형식 오류: {detail}",
        "Malformed CSV: {detail}",
    ),
    "unclosed_quote": (
        "{row}행에서 연 따옴표(\")가 파일 끝까지 닫히지 않았습니다. 그 행의 따옴표를 확인해 주세요.",
        "A quote (\") opened in row {row} is never closed. Check the quotes in that row.",
    ),
    "bad_quote": (
        "{row}행: 닫는 따옴표(\") 뒤에 쉼표 없이 글자가 이어집니다. 칸 안의 따옴표는 두 번(\"\") 써야 합니다.",
        "Row {row}: text follows a closing quote (\") without a separator. A quote inside a cell is written twice "
        "(\"\").",
    ),
    "quote_glued_rows": (
        "{row}행의 따옴표(\")가 닫히지 않아 다음 줄(파일의 {line}번째 줄 아래)의 행들이 한 칸으로 합쳐졌습니다. "
        "엑셀에서 보이는 행과 읽은 행이 달라 저장하지 않습니다.",
        "A quote (\") in row {row} is not closed, so the following lines (after line {line} of the file) were joined "
        "into one cell. The rows read differ from the rows Excel shows, so nothing is stored.",
    ),
    "content_too_large": (
        "파일에 든 글자가 너무 많습니다 (셀 글자 수 합계 최대 {chars:,}자, 값이 있는 셀 최대 {cells:,}개). 같은 긴 글이 "
        "여러 셀에 반복되어 있지 않은지 확인하고, 파일을 나누어 올려 주세요.",
        "The file holds too much text (at most {chars:,} characters in all cells and {cells:,} non-empty cells). "
        "Check for one long text repeated in many cells, and split the file.",
    ),
    "xlsx_too_many_cells": (
        "XLSX 파일의 셀이 너무 많습니다 ({n:,}개, 최대 {max:,}개). 'CSV UTF-8'로 저장해 올리거나 파일을 나누어 주세요.",
        "The XLSX file has too many cells ({n:,}, at most {max:,}). Upload it as 'CSV UTF-8' or split it.",
    ),
    "macro_workbook": (
        "매크로가 든 통합 문서(.xlsm)는 받지 않습니다. 엑셀에서 'Excel 통합 문서(.xlsx)'로 다시 저장해 주세요.",
        "Macro-enabled workbooks (.xlsm) are not accepted. Save it again from Excel as 'Excel Workbook (.xlsx)'.",
    ),
    "no_visible_sheet": (
        "보이는 시트가 없습니다 (시트: {sheets}). 입력 시트를 '숨기기 취소'한 뒤 다시 저장해 주세요.",
        "The workbook has no visible sheet (sheets: {sheets}). Unhide the input sheet and save again.",
    ),
    "encrypted_file": (
        "암호가 걸린 파일은 읽을 수 없습니다. 엑셀에서 암호를 해제(파일 > 정보 > 통합 문서 보호)한 뒤 다시 올려 주세요.",
        "Password-protected files cannot be read. Remove the password in Excel (File > Info > Protect Workbook) "
        "and upload it again.",
    ),
    "unknown_kind": (
        "파일 종류를 알 수 없습니다. 머리글이 실적({actuals}), 예산({budget}), 공간({spaces}) 양식 중 하나와 같아야 합니다.",
        "Unknown file kind. The header must match the actuals ({actuals}), budget ({budget}) or spaces ({spaces}) "
        "template.",
    ),
    "missing_column": (
        "필수 열 '{column}'이(가) 없습니다.",
        "Required column '{column}' is missing.",
    ),
    "unknown_column": (
        "알 수 없는 열 '{column}'입니다. 양식의 열만 사용해 주세요 ({expected}).",
        "Unknown column '{column}'. Use only the template's columns ({expected}).",
    ),
    "blank_column_name": (
        "{position}번째 열에 값이 있지만 열 이름이 비어 있습니다.",
        "Column {position} has values but no column name.",
    ),
    "duplicate_column": (
        "열 '{column}'이(가) 두 번 이상 있습니다.",
        "Column '{column}' appears more than once.",
    ),
    "extra_cells": (
        "머리글보다 칸이 많습니다: '{value}'",
        "The row has more cells than the header: '{value}'",
    ),
    "no_data_rows": (
        "데이터 행이 없습니다.",
        "The file has no data rows.",
    ),
    "too_many_errors": (
        "오류가 너무 많아 처음 {shown:,}개만 보여 줍니다 (나머지 {more:,}개 생략).",
        "Too many errors: showing the first {shown:,} ({more:,} more not shown).",
    ),
    # --- cells ---------------------------------------------------------------------------------------
    "missing_value": (
        "'{column}' 값이 비어 있습니다.",
        "'{column}' is empty.",
    ),
    "bad_year": (
        "연도는 {first}~{last} 사이의 정수여야 합니다: '{value}'",
        "The year must be a whole number from {first} to {last}: '{value}'",
    ),
    "year_out_of_range": (
        "연도가 계획 기간({first}~{last}) 밖입니다: {value}",
        "The year is outside the plan period ({first}–{last}): {value}",
    ),
    "bad_quarter": (
        "분기는 1~4 사이의 정수여야 합니다: '{value}'",
        "The quarter must be a whole number from 1 to 4: '{value}'",
    ),
    "quarter_out_of_range": (
        "분기는 1~4여야 합니다: {value}",
        "The quarter must be 1 to 4: {value}",
    ),
    "unknown_district": (
        "알 수 없는 자치구입니다: '{value}'. 자치구 이름(강남구, 강남)이나 행정표준코드(11680)를 쓰고, 서울시 전체는 비워 두세요.",
        "Unknown district: '{value}'. Use the district name (강남구, 강남) or its MOIS code (11680); leave it empty "
        "for citywide.",
    ),
    "unknown_indicator": (
        "알 수 없는 지표코드입니다: '{value}'",
        "Unknown indicator code: '{value}'",
    ),
    "unknown_budget_line": (
        "알 수 없는 예산코드입니다: '{value}'",
        "Unknown budget code: '{value}'",
    ),
    "budget_not_executable": (
        "예산코드 '{value}'은(는) {funding} 항목이라 집행액을 입력할 수 없습니다 (예산 항목만 가능).",
        "Budget line '{value}' is funded as '{funding}', so no execution can be entered (only 예산 lines).",
    ),
    "not_a_number": (
        "숫자가 아닙니다: '{value}'",
        "Not a number: '{value}'",
    ),
    "negative_value": (
        "음수는 입력할 수 없습니다: '{value}'",
        "Negative values are not allowed: '{value}'",
    ),
    "value_too_large": (
        "값이 너무 큽니다: '{value}' ({max} 미만이어야 합니다).",
        "The value is too large: '{value}' (must be below {max}).",
    ),
    "implausible_value": (
        "지표 '{indicator}'의 값 '{value}'은(는) 계획의 가장 큰 연간 목표(또는 기준값)의 {factor}배({bound})를 넘습니다. "
        "값이 맞는지 확인해 주세요 (맞으면 확인 후 저장할 수 있습니다).",
        "The value '{value}' of indicator '{indicator}' exceeds {factor}× the plan's largest yearly target (or "
        "baseline), {bound}. Check it (if it is right, confirm to store it).",
    ),
    "not_integer": (
        "단위가 '{unit}'인 지표는 정수로 입력해야 합니다: '{value}'",
        "An indicator counted in '{unit}' needs a whole number: '{value}'",
    ),
    "percent_over_100": (
        "백분율은 100을 넘을 수 없습니다: '{value}'",
        "A percentage cannot exceed 100: '{value}'",
    ),
    "percent_not_allowed": (
        "지표 '{indicator}'의 단위는 '{unit}'이므로 %를 붙일 수 없습니다: '{value}'",
        "Indicator '{indicator}' is counted in '{unit}', not %: '{value}'",
    ),
    "unknown_stage": (
        "지표 '{indicator}'에 없는 단계입니다: '{value}'. 가능한 단계: {stages}",
        "Indicator '{indicator}' has no such stage: '{value}'. Valid stages: {stages}",
    ),
    "stage_for_numeric": (
        "지표 '{indicator}'은(는) 숫자 지표인데 단계('{value}')가 입력되었습니다.",
        "Indicator '{indicator}' is numeric but a stage ('{value}') was entered.",
    ),
    "number_for_milestone": (
        "지표 '{indicator}'은(는) 단계 지표입니다. 숫자 대신 단계를 입력해 주세요: {stages}",
        "Indicator '{indicator}' is a milestone: enter a stage instead of a number: {stages}",
    ),
    "duplicate_key": (
        "같은 항목이 파일 안에 두 번 있습니다 ({first_row}행과 같음): {key}",
        "The same entry appears twice in the file (same as row {first_row}): {key}",
    ),
    "scope_citywide_only": (
        "지표 '{indicator}'은(는) 서울시 전체 값만 입력합니다. 자치구를 비워 두세요.",
        "Indicator '{indicator}' takes citywide values only: leave the district empty.",
    ),
    "scope_district_only": (
        "지표 '{indicator}'은(는) 자치구별 값만 입력합니다. 자치구를 적어 주세요.",
        "Indicator '{indicator}' takes district values only: fill in the district.",
    ),
    "outside_user_scope": (
        "이 계정은 '{value}' 자료를 올릴 권한이 없습니다.",
        "This account may not upload data for '{value}'.",
    ),
    "text_too_long": (
        "'{column}' 글자 수가 너무 많습니다 ({length:,}자, 최대 {max:,}자).",
        "'{column}' is too long ({length:,} characters, at most {max:,}).",
    ),
    "unknown_space_type": (
        "알 수 없는 공간 유형입니다: '{value}'. 가능한 유형: {types}",
        "Unknown space type: '{value}'. Valid types: {types}",
    ),
    "space_needs_district": (
        "공간은 자치구를 반드시 적어야 합니다.",
        "A space needs a district.",
    ),
    "bad_dong_code": (
        "행정동코드는 10자리 숫자여야 합니다 (예: 1168064000): '{value}'",
        "The 행정동 code must be 10 digits (e.g. 1168064000): '{value}'",
    ),
    "dong_not_in_district": (
        "행정동코드 '{value}'은(는) {district}에 속하지 않습니다.",
        "행정동 code '{value}' is not in {district}.",
    ),
    "bad_coordinate": (
        "좌표가 숫자가 아닙니다: '{value}'",
        "The coordinate is not a number: '{value}'",
    ),
    "outside_seoul": (
        "좌표가 서울 밖입니다 ({column} {value}; 위도 {lat_min}~{lat_max}, 경도 {lon_min}~{lon_max}).",
        "The coordinate is outside Seoul ({column} {value}; latitude {lat_min}–{lat_max}, longitude "
        "{lon_min}–{lon_max}).",
    ),
    "latlon_swapped": (
        "위도와 경도가 바뀐 것 같습니다 (위도 {lat}, 경도 {lon}).",
        "Latitude and longitude look swapped (latitude {lat}, longitude {lon}).",
    ),
    "bad_date": (
        "날짜 형식이 아닙니다 (예: 2019-03-01): '{value}'",
        "Not a date (e.g. 2019-03-01): '{value}'",
    ),
    "closed_before_opened": (
        "폐소일({value})이 개소일({opened})보다 앞섭니다.",
        "The closing date ({value}) is before the opening date ({opened}).",
    ),
    "bad_yes_no": (
        "Y 또는 N으로 입력해 주세요: '{value}'",
        "Enter Y or N: '{value}'",
    ),
    # --- commit, rollback, listing -------------------------------------------------------------------
    "upload_not_found": (
        "업로드 번호 {upload_id}을(를) 찾을 수 없습니다.",
        "Upload {upload_id} does not exist.",
    ),
    "already_rolled_back": (
        "업로드 {upload_id}은(는) 이미 되돌렸습니다.",
        "Upload {upload_id} has already been rolled back.",
    ),
    "rollback_outside_scope": (
        "업로드 {upload_id}에는 이 계정이 다룰 수 없는 자치구 자료가 있어 되돌릴 수 없습니다.",
        "Upload {upload_id} holds rows for districts this account may not change, so it cannot be rolled back.",
    ),
    "rollback_not_owner": (
        "업로드 {upload_id}은(는) {owner} 님이 올린 것이라 되돌릴 수 없습니다. 관리자에게 요청하세요.",
        "Upload {upload_id} was made by {owner}; only they or an administrator can roll it back.",
    ),
    "sample_admin_only": (
        "예시 데이터는 모든 자치구에 걸쳐 있어 관리자만 불러오거나 지울 수 있습니다.",
        "Sample data spans every district: only an administrator can load or remove it.",
    ),
    "unknown_kind_name": (
        "알 수 없는 자료 종류입니다: '{value}' (actuals, budget, spaces 중 하나).",
        "Unknown data kind: '{value}' (one of actuals, budget, spaces).",
    ),
    "bad_history_key": (
        "이력 조회 조건에 알 수 없는 항목이 있습니다: {value}",
        "Unknown field in the history key: {value}",
    ),
    "duplicate_file": (
        "같은 파일이 이미 업로드되어 있습니다 (업로드 {upload_id}). 바뀐 것이 없습니다.",
        "This file has already been uploaded (upload {upload_id}). Nothing changed.",
    ),
    "committed": (
        "업로드 {upload_id}: {kind} {rows:,}행을 저장했습니다 (새 값 {new:,}, 바뀐 값 {superseding:,}, 같은 값 {unchanged:,}).",
        "Upload {upload_id}: stored {rows:,} {kind} rows ({new:,} new, {superseding:,} superseding, "
        "{unchanged:,} unchanged).",
    ),
    "dry_run": (
        "시험 실행: {kind} {rows:,}행에 오류가 없습니다 (새 값 {new:,}, 바뀐 값 {superseding:,}, 같은 값 {unchanged:,}). "
        "저장하지 않았습니다.",
        "Dry run: {rows:,} {kind} rows without errors ({new:,} new, {superseding:,} superseding, "
        "{unchanged:,} unchanged). Nothing was stored.",
    ),
    "rejected": (
        "오류 {count:,}개가 있어 아무것도 저장하지 않았습니다.",
        "{count:,} errors: nothing was stored.",
    ),
    "force_hint": (
        "값이 맞다면 --force 를 붙여 다시 실행하면 저장합니다.",
        "If the values are right, run it again with --force to store them.",
    ),
    "rolled_back": (
        "업로드 {upload_id}을(를) 되돌렸습니다. 그 전의 값이 다시 현재 값입니다.",
        "Upload {upload_id} was rolled back; the values before it are current again.",
    ),
    "sample_loaded": (
        "예시 데이터 업로드 {count}건을 저장했습니다 (모두 '예시'로 표시됨).",
        "Stored {count} sample uploads (all labelled as sample).",
    ),
    "sample_removed": (
        "예시 데이터 업로드 {count}건을 되돌렸습니다.",
        "Rolled back {count} sample uploads.",
    ),
    "sample_written": (
        "예시 파일 {count}개를 {out}에 썼습니다.",
        "Wrote {count} sample files to {out}.",
    ),
    "no_uploads": (
        "업로드 기록이 없습니다.",
        "There are no uploads.",
    ),
    "file_not_found": (
        "파일이 없습니다: {path}",
        "No such file: {path}",
    ),
    "missing_geo": (
        "행정동 경계 파일이 없습니다: {path}",
        "The 행정동 boundary file is missing: {path}",
    ),
}

MESSAGES.update(REVIEW_MESSAGES)  # the reporting cycle's (period lock, approval, explanations)

# Names of the data kinds as shown to users.
KIND_LABELS: dict[str, tuple[str, str]] = {
    "actuals": ("실적", "actuals"),
    "budget": ("예산 집행", "budget execution"),
    "spaces": ("공동체 공간", "community spaces"),
}

# Labels of the preview's `change` values.
CHANGE_LABELS: dict[str, tuple[str, str]] = {
    "new": ("새 값", "new"),
    "superseding": ("바뀐 값", "superseding"),
    "unchanged": ("같은 값", "unchanged"),
}


def message(code: str, lang: str = "ko", **params) -> str:
    """The message for `code` in `lang` ('ko' or 'en'), placeholders filled from `params`."""
    ko, en = MESSAGES[code]
    text = pick_pair((ko, en), lang)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):  # a missing placeholder must never hide the message
        return text


def pair(code: str, **params) -> tuple[str, str]:
    """(Korean, English) for `code` with placeholders filled."""
    return message(code, "ko", **params), message(code, "en", **params)
