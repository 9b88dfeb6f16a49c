"""User text — file names, user names, space names and addresses, notes — is shown as text everywhere (issue 13):
markdown through format.md_escape, plain places (tables, select boxes, the terminal) through format.plain, map
tooltips HTML-escaped. The browser test (tests/test_browser.py) checks the served pages."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures.make_fixtures import ACTUALS, SPACES, _space, codes, csv_bytes

from maeul.present import format as fmt
from maeul.present import maps
from maeul.present.models import upload as upload_model
from maeul.read.registry import Reader
from maeul.upload.errors import IngestError
from maeul.upload.reader import read_upload
from maeul.upload.store import commit, preview, rollback
from maeul.upload.validate import validate

HOSTILE = "![a](https://evil.example/x.png) <img src=https://evil.example/y> [다시 로그인](https://evil.example)"
TERMINAL = "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07\x1b[2J\x9b31m\u202egpj.exe"


@pytest.mark.parametrize("text", [HOSTILE, TERMINAL, "a@evil.example", "www.evil.example", "# 제목\n- 목록"])
def test_md_escape_leaves_nothing_markdown_could_act_on(text):
    out = fmt.md_escape(text)
    assert "\n" not in out and "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    unescaped = [ch for i, ch in enumerate(out) if ch in "[]()!<>:@.#-" and (i == 0 or out[i - 1] != "\\")]
    assert unescaped == []


def test_plain_removes_control_characters_and_keeps_text():
    assert fmt.plain(TERMINAL) == "]8;;https://evil.examplelink]8;;[2J31mgpj.exe"
    assert fmt.plain("두 줄\n비고\t탭") == "두 줄\n비고\t탭"
    assert fmt.plain(None) == "" and fmt.plain(float("nan")) == ""
    df = pd.DataFrame({"a": pd.Series(["x\x1by", None], dtype=object), "n": [1, 2]})
    out = fmt.plain_frame(df)
    assert out["a"].tolist() == ["xy", None] and out["n"].tolist() == [1, 2] and df["a"][0] == "x\x1by"


def test_map_tooltips_are_html_escaped():
    sp = pd.DataFrame([{"name": HOSTILE, "space_type": "기타", "district_code": "11680", "district_name": "강남구",
                        "district_name_en": "Gangnam-gu", "address": "<script>alert(1)</script>", "lat": 37.5,
                        "lon": 127.0, "opened": None, "has_childcare_room": False, "is_sample": False}])
    (p,) = maps.space_points(sp)
    assert "<img" not in p["tt_title"] and "&lt;img src=https://evil.example/y&gt;" in p["tt_title"]
    assert p["tt_line2"] == "&lt;script&gt;alert(1)&lt;/script&gt;"


def _hostile_upload(con):
    c = codes(con)
    data = csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "3", HOSTILE + "\x1b[2J\u202egpj.exe"]])
    return data, commit(con, data, HOSTILE + "\x1b[31m.csv", "kim\x1b[2J")


def test_upload_tables_show_user_text_without_control_characters(con):
    data, res = _hostile_upload(con)
    assert res.ok
    uploads, table = upload_model.history(Reader(con), "en")
    assert "\x1b" not in "".join(map(str, table.to_numpy().ravel()))
    assert "evil.example)[31m.csv" in table.to_numpy().ravel().tolist()  # the name after its last "/"
    c = codes(con)
    again = csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "4", HOSTILE + "\x1b[2J\u202egpj.exe"]])
    pv = preview(con, validate(con, read_upload(again, "b.csv")))
    shown = upload_model.preview_table(pv.rows, Reader(con), "ko")
    notes = [v for v in shown.to_numpy().ravel() if isinstance(v, str) and "evil" in v]
    assert notes and all("\x1b" not in v and "\u202e" not in v for v in notes)


def test_rollback_choices_and_refusals_are_text(con):
    from maeul.auth.users import User

    _, res = _hostile_upload(con)
    uploads = Reader(con)("list_uploads")
    admin = User("admin", "admin")
    (choice,) = upload_model.rollback_choices(uploads, admin).values()
    assert "\x1b" not in choice.label and "\x1b" not in choice.file_name and choice.file_name.endswith(".csv")
    with pytest.raises(IngestError) as e:
        rollback(con, res.upload_id, "lee", own_only=True)
    md = upload_model.refusal_md(e.value, "ko")
    assert "kim" in md and "\x1b" not in md and "\\[" not in e.value.message_ko


def test_error_table_values_are_text(con):
    c = codes(con)
    data = csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "\x1b[2J3", ""]])
    v = validate(con, read_upload(data, "a.csv"))
    table = upload_model.error_table(v.errors, "ko")
    assert "\x1b" not in "".join(map(str, table.to_numpy().ravel()))


def test_space_names_in_the_district_profile_are_text(con):
    from maeul.present.filters import Filters
    from maeul.present.models import districts as dm

    data = csv_bytes(SPACES, [_space(이름="공간\x1b[2J" + HOSTILE[:40], 주소="주소\x9b1m")])
    assert commit(con, data, "s.csv", "t").ok
    m = dm.profile(Reader(con), Filters(("11680",), "2022Q4", "dong", "ko"), "11680")
    view = m["spaces_view"]
    assert "\x1b" not in "".join(map(str, view.to_numpy().ravel())) and "\x9b" not in str(view.to_numpy())
