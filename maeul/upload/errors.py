"""What goes wrong with an upload, in words for the user: one UploadError per problem in a file (row, column, value,
Korean and English message) and IngestError for a refused request (rollback of an unknown upload, …).

The texts live in maeul.upload.messages, keyed by a stable code.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from maeul.i18n import pick_pair
from maeul.upload.messages import pair
from maeul.upload.spec import MAX_VALUE_CHARS


@dataclass
class UploadError:
    """One problem in an uploaded file. `row` is the row number Excel shows (header = row 1); None = whole file."""

    row: int | None
    column: str | None
    value: str | None
    code: str
    message_ko: str
    message_en: str

    def message(self, lang: str = "ko") -> str:
        return pick_pair((self.message_ko, self.message_en), lang)


def clip(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    """`text` cut to `limit` characters ('…' marks the cut): what an error quotes of a cell."""
    return text if len(text) <= limit else text[:limit] + "…"


def make_error(code: str, row: int | None = None, column: str | None = None, value: object = None,
               **params) -> UploadError:
    """An UploadError with its messages filled from MESSAGES[code]. The value and every text parameter are clipped
    (MAX_VALUE_CHARS; 3× for the other parameters), so no error holds more than a few hundred characters of a cell
    however long the cell is."""
    text = None if value is None else clip(str(value))
    column = None if column is None else clip(str(column))
    params = {k: clip(v, 3 * MAX_VALUE_CHARS) if isinstance(v, str) else v for k, v in params.items()}
    params.setdefault("value", text if text is not None else "")
    if row is not None:
        params.setdefault("row", row)
    if column is not None:
        params.setdefault("column", column)
    ko, en = pair(code, **params)
    return UploadError(row, column, text, code, ko, en)


class IngestError(Exception):
    """A refused rollback/commit request; `str(e)` holds the Korean and the English message."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        self.message_ko, self.message_en = pair(code, **params)
        super().__init__(f"{self.message_ko} / {self.message_en}")

    def message(self, lang: str = "ko") -> str:
        return pick_pair((self.message_ko, self.message_en), lang)


def error_frame(errors: list[UploadError], lang: str = "ko") -> pd.DataFrame:
    """Errors as a table (row, column, value, code, message) for the page and the CLI."""
    return pd.DataFrame(
        [{"row": e.row, "column": e.column, "value": e.value, "code": e.code, "message": e.message(lang)}
         for e in errors],
        columns=["row", "column", "value", "code", "message"],
    )

