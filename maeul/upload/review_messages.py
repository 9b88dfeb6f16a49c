"""Messages of the reporting cycle (period lock, approval, unlock, explanations), (Korean, English) pairs keyed by a
stable code; maeul.upload.messages.MESSAGES includes them."""

from __future__ import annotations

REVIEW_MESSAGES: dict[str, tuple[str, str]] = {
    "period_locked": (
        "{period} {district} 실적은 승인되어 잠겨 있습니다 (승인: {by}, {at}). 이 파일의 {count:,}행이 이 기간을 "
        "고치려 하므로 파일 전체를 저장하지 않았습니다. 고쳐야 한다면 관리자에게 잠금 해제를 요청하세요.",
        "The figures of {district} for {period} are approved and locked (approved by {by}, {at}). {count:,} rows of "
        "this file would change that period, so nothing in the file was stored. Ask an administrator to unlock it "
        "if it must be corrected.",
    ),
    "rollback_period_locked": (
        "업로드 {upload_id}에는 승인되어 잠긴 기간({period} {district})의 자료가 있어 되돌릴 수 없습니다. 관리자에게 "
        "잠금 해제를 요청하세요.",
        "Upload {upload_id} holds rows of a locked (approved) period ({district} {period}), so it cannot be rolled "
        "back. Ask an administrator to unlock it.",
    ),
    "approve_not_allowed": (
        "{district} {period} 승인은 검토자(reviewer) 또는 관리자만 할 수 있습니다 (이 계정의 승인 범위: {scope}).",
        "Only a reviewer or an administrator may approve {district} {period} (this account may approve: {scope}).",
    ),
    "already_approved": (
        "{district} {period}은(는) 이미 승인되어 있습니다 (승인: {by}, {at}).",
        "{district} {period} is already approved (by {by}, {at}).",
    ),
    "unlock_admin_only": (
        "잠금 해제는 관리자만 할 수 있습니다.",
        "Only an administrator may unlock a period.",
    ),
    "not_approved": (
        "{district} {period}은(는) 승인(잠금)되어 있지 않습니다.",
        "{district} {period} is not approved (not locked).",
    ),
    "unlock_reason_needed": (
        "잠금 해제 사유를 적어 주세요.",
        "Give a reason for unlocking.",
    ),
    "explanation_outside_scope": (
        "{district}의 설명은 이 계정이 쓸 수 없습니다 (쓸 수 있는 범위: {scope}).",
        "This account may not write explanations for {district} (it may write for: {scope}).",
    ),
    "explanation_empty": (
        "원인 또는 대책 중 하나는 적어 주세요.",
        "Write a cause or a measure (or both).",
    ),
    "explanation_unknown_indicator": (
        "알 수 없는 지표 코드입니다: '{value}'",
        "Unknown indicator code: '{value}'",
    ),
    "explanation_citywide_only": (
        "지표 {indicator}은(는) 서울시 전체로만 보고하므로 자치구 설명을 쓸 수 없습니다.",
        "Indicator {indicator} is reported citywide only: it takes no district explanation.",
    ),
    "explanation_too_long": (
        "'{column}'이(가) 너무 깁니다 ({length:,}자, 최대 {max:,}자).",
        "'{column}' is too long ({length:,} characters, at most {max:,}).",
    ),
    "bad_due_date": (
        "대책 기한이 날짜 형식이 아닙니다 (예: 2022-03-31): '{value}'",
        "The measure's deadline is not a date (e.g. 2022-03-31): '{value}'",
    ),
    "unknown_district_name": (
        "알 수 없는 자치구입니다: '{value}'",
        "Unknown district: '{value}'",
    ),
    "approved": (
        "{district} {period}을(를) 승인했습니다 ({by}). 이 기간은 이제 잠겨 있습니다.",
        "Approved {district} {period} ({by}). The period is now locked.",
    ),
    "unlocked": (
        "{district} {period}의 잠금을 풀었습니다 ({by}, 사유: {reason}). 수치는 다시 잠정입니다.",
        "Unlocked {district} {period} ({by}, reason: {reason}). Its figures are provisional again.",
    ),
}
