"""Hypothesis fuzzes the reader and the validator: no input raises an unhandled exception."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import copy_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maeul.upload.messages import MESSAGES
from maeul.upload.parse import parse_date, parse_number, parse_yes_no, resolve_district
from maeul.upload.reader import ReadResult, read_upload
from maeul.upload.spec import COLUMNS, HEADERS_KO
from maeul.upload.store import commit, preview
from maeul.upload.validate import Validated, validate

pytestmark = pytest.mark.slow  # hypothesis: hundreds of generated files through read, validate, preview and commit
SETTINGS = settings(max_examples=120, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def fcon(built_db_file):
    c = copy_of(built_db_file)
    yield c
    c.close()


def _check(r: ReadResult) -> None:
    assert isinstance(r, ReadResult)
    assert r.kind in (None, "actuals", "budget", "spaces")
    for e in r.errors:
        assert e.code in MESSAGES and e.message_ko and e.message_en
    if r.kind is not None:
        assert list(r.df.columns) == COLUMNS[r.kind]
        assert all(isinstance(v, str) for v in r.df.to_numpy().ravel())


@SETTINGS
@given(st.binary(max_size=3000))
def test_reader_on_arbitrary_bytes(data):
    _check(read_upload(data, "x.csv"))


@SETTINGS
@given(st.sampled_from([b"", b"\xef\xbb\xbf", b"PK\x03\x04", b"\xff\xfe", b"\xfe\xff", b"\xd0\xcf\x11\xe0",
                        "연도,분기,자치구,지표코드,실적,비고\n".encode(),
                        "이름,유형,자치구,위도,경도\r\n".encode("cp949")]),
       st.binary(max_size=2000))
def test_reader_on_bytes_after_a_plausible_start(start, rest):
    _check(read_upload(start + rest, "x"))


# cells that exercise the parsers: valid codes and forms mixed with traps
CELLS = st.one_of(
    st.sampled_from(["", " ", "2019", "2018", "2023", "1", "4", "5", "0", "-1", "1,000", "35%", "120%", "3.5",
                     "강남구", "강남", "11680", "서울시", "Gangnam-gu", "없는구", "1-1-1", "1-1-1-G1", "K1", "1-2-2",
                     "2-2-2-1", "3-1-4", "1-1-1-B1", "1-2-2-B1", "개발", "운영", "조사·기획", "우리마을공간",
                     "신축 동주민센터", "1168064000", "37.5", "127.03", "127.5", "2019-03-01", "2019-02-30", "Y", "N",
                     "=1+1", "@x", "#주석", '"', '""', "a,b", "줄\n바꿈", "똠뷁", "\t", "１２", "１,０００％", "nan",
                     "inf", "1e5", "0x10", "９".ljust(30, "9"), "\u200b", "\ufeff연도"]),
    st.text(max_size=12),
)
HEADER_CELLS = st.one_of(
    st.sampled_from([h for hs in HEADERS_KO.values() for h in hs] + [c for cs in COLUMNS.values() for c in cs]),
    st.text(max_size=8),
)


@st.composite
def tables(draw):
    kind = draw(st.sampled_from(list(HEADERS_KO)))
    if draw(st.booleans()):
        header = list(HEADERS_KO[kind])
        if draw(st.booleans()):
            header = draw(st.permutations(header))
    else:
        header = draw(st.lists(HEADER_CELLS, min_size=0, max_size=12))
    width = max(1, len(header))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=width + 2), max_size=8))
    comments = draw(st.booleans())
    return header, rows, comments


def _render(header, rows, comments, fmt) -> bytes:
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        wb = Workbook()
        ws = wb.active
        for r in [header, *rows]:
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in r])
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if fmt != "utf-8" else "\n", delimiter="\t" if fmt == "utf-16" else ",")
    if comments:
        buf.write("# 주석 줄, 무시됨\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
        if comments:
            buf.write("# 중간 주석\n")
    return buf.getvalue().encode(fmt, errors="replace")


@SETTINGS
@given(tables(), st.sampled_from(["utf-8", "utf-8-sig", "cp949", "utf-16", "xlsx"]),
       st.sampled_from([None, {"11680", None}, {"11110"}]))
def test_reader_validator_preview_and_commit_never_raise(fcon, table, fmt, scope):
    header, rows, comments = table
    data = _render(header, rows, comments, fmt)
    r = read_upload(data, f"fuzz.{'xlsx' if fmt == 'xlsx' else 'csv'}")
    _check(r)
    v = validate(fcon, r, scope=scope)
    assert isinstance(v, Validated)
    for e in v.errors:
        assert e.code in MESSAGES and (e.row is None or e.row >= 1)
    pv = preview(fcon, v)
    if v.errors:
        assert v.rows.empty and pv.rows.empty
        return
    assert len(v.rows) == len(r.df)
    assert sum(pv.counts.values()) == len(v.rows)
    res = commit(fcon, data, "fuzz.csv", "fuzzer", scope=scope)
    assert res.errors == [] and (res.duplicate or res.rows == len(v.rows))


_FILE_LEVEL = {"binary_file", "too_many_errors", "csv_parse", "undecodable", "empty_file", "no_data_rows"}


@st.composite
def mostly_valid_actuals(draw):
    """Valid keys, fuzzed values and notes: reaches preview and commit often."""
    n = draw(st.integers(1, 6))
    rows = []
    for _ in range(n):
        rows.append([
            draw(st.sampled_from(["2018", "2019", "2022", " 2020 ", "２０２１"])),
            draw(st.sampled_from(["1", "2", "3", "4", "4분기", "Q2"])),
            draw(st.sampled_from(["", "강남구", "종로", "11140", "서울시", "gangnam"])),
            draw(st.sampled_from(["1-1-1", "1-1-1-G1", "1-2-2"])),
            draw(st.one_of(st.sampled_from(["0", "1", "1,000", "99.5%", "개발", "운영", "12건"]),
                           st.integers(0, 10**6).map(str), st.text(max_size=5))),
            draw(st.text(max_size=30)),
        ])
    return rows


@settings(SETTINGS, max_examples=60)
@given(mostly_valid_actuals(), st.sampled_from(["utf-8", "utf-8-sig", "cp949", "xlsx"]))
def test_mostly_valid_files_commit_or_explain(fcon, rows, fmt):
    data = _render(HEADERS_KO["actuals"], rows, False, fmt)
    res = commit(fcon, data, "fuzz.csv", "fuzzer")
    for e in res.errors:  # cell errors name their row; file-level ones (a NUL in a note → binary_file) do not
        assert e.code in MESSAGES and (e.row is not None or e.code in _FILE_LEVEL), e
    if not res.errors and not res.duplicate:
        stored = fcon.execute("SELECT count(*) FROM actual WHERE upload_id = ?", [res.upload_id]).fetchone()[0]
        assert stored == res.rows == len(read_upload(data, "x").df)


@SETTINGS
@given(st.text(max_size=30))
def test_cell_parsers_never_raise(text):
    v, pct = parse_number(text, "건")
    assert v is None or (v == v and abs(v) != float("inf"))
    assert isinstance(pct, bool)
    parse_date(text)
    parse_yes_no(text)
    ok, code = resolve_district(text, {"11680": "11680", "강남구": "11680"})
    assert ok or code is None
