"""What an upload file may hold, per kind (actuals, budget, spaces): its columns and their header names, the fixed
vocabularies cells are checked against, and the plan table each kind is stored in.

Adding a column to a kind means editing this module only: COLUMNS (+ HEADERS_KO, OPTIONAL, HEADER_ALIASES) for the
file, ROW_COLUMNS and TABLES for where it goes.
"""

from __future__ import annotations

KINDS = ("actuals", "budget", "spaces")

# --- limits shared by reading and storing -----------------------------------------------------------------------

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # 20 MB (= server.maxUploadSize in .streamlit/config.toml)
MAX_TEXT = {"note": 2000, "name": 200, "address": 500, "measure_owner": 200, "indicator_name": 500,
            "previous": 500}  # characters per text cell; other columns as note
# Bounds on what reading a file may hold in memory, whatever its size on disk (an XLSX can point many cells at one
# shared string): a longer cell is kept truncated (its length is remembered for the message), and a file whose cells
# together exceed either total is refused before anything else is done with it.
MAX_CELL_CHARS = max(MAX_TEXT.values()) + 1
MAX_TOTAL_CHARS = 30_000_000  # characters of all cells (a 20 MB CSV holds at most 20 million)
MAX_CELLS = 3_000_000  # non-empty cells (200,000 rows × 11 columns of a full spaces file = 2.2 million)
MAX_VALUE_CHARS = 100  # characters of a cell quoted in an error message (the rest is shown as …)

# --- fixed vocabularies -----------------------------------------------------------------------------------------

SEOUL_LAT = (37.41, 37.72)
SEOUL_LON = (126.76, 127.19)
SPACE_TYPES = ("우리마을공간", "마을기업", "마을예술창작소", "마을활력소", "신축 동주민센터", "기타")
COUNT_UNITS = {"건", "개", "개소", "명", "회", "동"}
CITYWIDE_NAMES = {"", "서울시", "서울특별시", "서울", "서울시전체", "시전체", "citywide", "seoul", "seoulcity"}
CITYWIDE_LABEL = "서울시"
SAMPLE_NOTE = "예시 데이터"

# --- the columns of a file ---------------------------------------------------------------------------------------

# Canonical column names (the DataFrame of a ReadResult) and the Korean template headers, in template order.
COLUMNS: dict[str, list[str]] = {
    "actuals": ["year", "quarter", "district", "indicator", "value", "note", "cause", "measure", "measure_owner",
                "measure_due", "indicator_name", "previous"],
    "budget": ["year", "quarter", "district", "line", "amount", "note"],
    "spaces": ["name", "type", "district", "dong", "address", "lat", "lon", "opened", "closed", "childcare", "note"],
}
HEADERS_KO: dict[str, list[str]] = {
    "actuals": ["연도", "분기", "자치구", "지표코드", "실적", "비고", "원인", "대책", "대책 담당", "대책 기한", "지표명(참고)",
                "전분기 실적(참고)"],
    "budget": ["연도", "분기", "자치구", "예산코드", "집행액(백만원)", "비고"],
    "spaces": ["이름", "유형", "자치구", "행정동코드", "주소", "위도", "경도", "개소일", "폐소일", "열린육아방", "비고"],
}
OPTIONAL: dict[str, set[str]] = {
    "actuals": {"note", "cause", "measure", "measure_owner", "measure_due", "indicator_name", "previous"},
    "budget": {"note"},
    "spaces": {"dong", "address", "opened", "closed", "childcare", "note"},
}
# Columns that only one kind has: they decide the kind of a file.
KIND_MARKERS: dict[str, set[str]] = {
    "actuals": {"indicator", "value"},
    "budget": {"line", "amount"},
    "spaces": {"name", "type", "dong", "address", "lat", "lon", "opened", "closed", "childcare"},
}
# Header text (normalised by maeul.upload.reader.norm_header) → canonical column.
HEADER_ALIASES: dict[str, list[str]] = {
    "year": ["연도", "년도", "year", "yr"],
    "quarter": ["분기", "quarter", "qtr", "q"],
    "district": ["자치구", "구", "자치구명", "자치구코드", "district", "district_code", "gu"],
    "indicator": ["지표코드", "지표", "indicator", "indicator_code"],
    "value": ["실적", "실적값", "value"],
    "line": ["예산코드", "예산", "line", "line_code", "budget_code", "budget_line"],
    "amount": ["집행액(백만원)", "집행액", "집행액(백만)", "amount", "amount_mn", "amount(mn)", "execution"],
    "note": ["비고", "메모", "note", "notes", "remark", "remarks"],
    "name": ["이름", "명칭", "공간명", "name"],
    "type": ["유형", "공간유형", "type", "space_type"],
    "dong": ["행정동코드", "행정동", "동코드", "dong", "dong_code"],
    "address": ["주소", "address"],
    "lat": ["위도", "lat", "latitude"],
    "lon": ["경도", "lon", "lng", "long", "longitude"],
    "opened": ["개소일", "개소", "opened", "open_date", "opened_on"],
    "closed": ["폐소일", "폐소", "closed", "close_date", "closed_on"],
    "childcare": ["열린육아방", "childcare", "has_childcare_room", "open_childcare_room"],
    # the reporting cycle: an explanation of the figure (원인, 대책), and reference columns that are read and ignored
    "cause": ["원인", "원인(사유)", "cause"],
    "measure": ["대책", "개선대책", "measure"],
    "measure_owner": ["대책 담당", "대책담당", "measure_owner"],
    "measure_due": ["대책 기한", "대책기한", "measure_due"],
    "indicator_name": ["지표명(참고)", "지표명", "indicator_name"],
    "previous": ["전분기 실적(참고)", "전분기실적", "전분기 실적", "previous", "previous_value"],
}

# Columns of the reporting cycle (maeul.upload.review): an explanation given with a figure, stored in the
# explanation table; reference columns of the pre-filled template (maeul.upload.prefill), read and ignored.
EXPLANATION_COLUMNS = ("cause", "measure", "measure_owner", "measure_due")
REFERENCE_COLUMNS = {"actuals": ("indicator_name", "previous")}
# Kinds whose rows belong to a (quarter, district) that an approval locks.
LOCKED_KINDS = ("actuals", "budget")

# --- where each kind is stored ----------------------------------------------------------------------------------

# Table, key columns and value columns per kind (history, preview, commit and rollback use them).
TABLES: dict[str, tuple[str, list[str], list[str]]] = {
    "actuals": ("actual", ["indicator_code", "district_code", "year", "quarter"], ["value", "stage", "note"]),
    "budget": ("budget_execution", ["line_code", "district_code", "year", "quarter"], ["amount_mn", "note"]),
    "spaces": ("space", ["district_code", "name"],
               ["space_type", "dong_code", "address", "lat", "lon", "opened", "closed", "has_childcare_room", "note"]),
}
# The view holding the current row of each key (maeul/plan/schema.py).
CURRENT_VIEW = {"actuals": "actual_current", "budget": "budget_execution_current", "spaces": "space_current"}
# Columns of Validated.rows per kind: the table's columns without upload_id (actuals: and the explanation columns).
ROW_COLUMNS: dict[str, list[str]] = {
    "actuals": ["indicator_code", "district_code", "year", "quarter", "value", "stage", "note", *EXPLANATION_COLUMNS],
    "budget": ["line_code", "district_code", "year", "quarter", "amount_mn", "note"],
    "spaces": ["name", "space_type", "district_code", "dong_code", "address", "lat", "lon", "opened", "closed",
               "has_childcare_room", "note"],
}
