"""Every page's downloads (CSV and XLSX) through the export vocabulary: Korean headers (English in English mode),
no snake_case, numbers as numbers, rates as whole percents, statuses as words, file names with scope and quarter.
Runs each page (AppTest) and catches the frames it hands to widgets.download. Slow lane (tests/test_page_*)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from maeul.present import export
from maeul.web import widgets
from tests.apptest_util import run_page

PAGES = ("overview", "strategy", "budget", "map", "districts", "quality", "upload")
SNAKE = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")


@pytest.fixture()
def caught(monkeypatch):
    got: dict[str, tuple] = {}
    real = widgets.download

    def spy(df, file_name, f, key):
        got[key] = (df, file_name, f)
        return real(df, file_name, f, key)

    monkeypatch.setattr(widgets, "download", spy)
    return got


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_page_download_reads_right_in_excel(sample_db, caught, lang):
    for page in PAGES:
        at = run_page(page, sample_db, gu=("11680",), q="2021Q4", lang=lang)
        assert not at.exception, (page, at.exception)
    assert len(caught) >= 20, sorted(caught)
    for key, (df, file_name, f) in caught.items():
        out = export.page_frame(df, lang)
        bad = [c for c in out.columns if SNAKE.match(str(c))]
        assert not bad, (key, bad)
        if lang == "ko":
            assert all(re.search(r"[가-힣]", str(c)) or c in ("SHA-256",) for c in out.columns
                       if c not in ("강남구", "종로구")), (key, list(out.columns))
        for c in out.columns:
            vals = [v for v in out[c].tolist() if v is not None and not (isinstance(v, float) and pd.isna(v))]
            assert not any(isinstance(v, str) and v.startswith("●") for v in vals), (key, c)
            if str(c).endswith("(%)"):
                assert all(isinstance(v, (int, float)) and -1000 < v < 100000 for v in vals), (key, c, vals[:5])
        name = export.page_file_name(file_name, f.as_of, "강남구", lang, "csv")
        assert name.startswith("maeul_") and re.fullmatch(r"[^/\\:*?\"<>| ]+\.csv", name), name
        raw = export.csv_bytes(out).decode("utf-8-sig")
        assert not re.search(r"\d\.\d*0000000\d", raw), (key, "float noise")


def test_sidebar_offers_the_briefing_on_every_page(sample_db):
    for page in ("overview", "budget"):
        at = run_page(page, sample_db, gu=("11680",), q="2021Q4")
        labels = [b.proto.label for b in at.sidebar.get("download_button")]
        assert labels == ["브리핑 PDF", "HWPX", "XLSX 통합문서"], (page, labels)
    en = run_page("overview", sample_db, lang="en")
    assert [b.proto.label for b in en.sidebar.get("download_button")] == ["Briefing PDF", "HWPX", "XLSX workbook"]


def test_strategy_page_offers_the_briefing_of_the_chosen_core_value(sample_db):
    at = run_page("strategy", sample_db, q="2021Q4", state={"st_strategy": "2"})
    assert not at.exception
    labels = [b.proto.label for b in at.main.get("download_button")]
    assert "이 핵심가치 브리핑 PDF" in labels
    plain = run_page("strategy", sample_db, q="2021Q4")
    assert "이 핵심가치 브리핑 PDF" not in [b.proto.label for b in plain.main.get("download_button")]


def test_buttons_name_a_core_value_briefing(con):
    from maeul.briefing.render import buttons
    from maeul.present.filters import Filters
    from maeul.read.registry import Reader

    spec = buttons(Reader(con), Filters((), "2021Q4", "dong", "ko"), "2")
    assert spec[0]["file_name"] == "maeul_2.주민자치_2021Q4_브리핑.pdf" and spec[0]["label"] == "이 핵심가치 브리핑 PDF"
