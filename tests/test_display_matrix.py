"""The display matrix: every page × (ko, en) × (citywide, 강남구, 강남구+송파구) with the sample data (loaded through the
upload path: maeul.upload.sample → store.commit), read as a user reads it (tests/display_scan.py: every text element,
metric, widget label and option, table header and cell, plotly figure text and hover, map tooltip).

Fails on a visible None/nan/inf, float noise, Korean left in English mode (outside the documented allow-list),
English interface words in Korean mode, and status/label columns narrower than their labels. The failure message
lists every fault of the combination, grouped, so one run shows all of them.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests import display_scan as scan
from tests.apptest_util import assert_no_exception, run_page

PAGES = ["overview", "strategy", "budget", "map", "districts", "upload", "quality", "reporting", "audit"]
SCOPES = {"citywide": (), "gangnam": ("11680",), "two": ("11680", "11710")}


def report(faults: list[str]) -> str:
    counts = Counter(faults)
    return "\n".join(f"[{n}×] {f[:300]}" for f, n in counts.most_common())


@pytest.mark.slow
@pytest.mark.parametrize("scope", list(SCOPES))
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_reads_clean(sample_db, page, lang, scope):
    at = run_page(page, sample_db, gu=SCOPES[scope], lang=lang)
    assert_no_exception(at)
    faults = scan.faults(scan.collect(at), lang) + scan.clipped(at)
    assert not faults, f"{page} · {lang} · {scope}: {len(faults)} display faults\n" + report(faults)


# ------------------------------------------------------------------ the scanner itself: each check can fail

def test_scan_flags_broken_values_and_float_noise():
    items = [scan.Item("caption", t) for t in ("None", "nan건", "rate inf", "40.0943", "1,000.0", "12.50%", "33.0 cases")]
    found = scan.faults(items, "ko")
    assert len(found) == len(items), found


def test_scan_passes_formatter_output():
    from maeul.present import format as fmt

    texts = [fmt.num(1234, "건", "en"), fmt.num(38.9, "%"), fmt.num(2.25, "점", "en"), fmt.amount_both(35505, "en"),
             fmt.percent(0.37, 1), fmt.rate(0.905), fmt.amount_eok(95000, "en"), "CC BY 4.0", "2022-01-20",
             "https://example.org/a.b.c?x=1.2345"]
    assert scan.faults([scan.Item("caption", t) for t in texts], "en") == []


def test_scan_flags_korean_in_english_but_not_allowed_or_user_text():
    items = [scan.Item("caption", "Unit: 건"), scan.Item("radio.options", "한국어"),
             scan.Item("dataframe[0] cell File", "강남_1분기.csv", user=True)]
    found = scan.faults(items, "en")
    assert len(found) == 1 and "Unit: 건" in found[0]


def test_scan_flags_english_interface_words_in_korean():
    items = [scan.Item("caption", "상태: Behind"), scan.Item("caption", "figure_a"), scan.Item("caption", "지연 3")]
    assert len(scan.faults(items, "ko")) == 2


def test_needed_width_estimate():
    # 'Behind' = 9 + 5 × 7 = 44 px of text, + cell and pill padding
    assert scan.needed_width(["Behind"]) == 44 + scan.PAD_CELL + scan.PAD_PILL
    assert scan.needed_width(["지연"]) == 2 * scan.PX_WIDE + scan.PAD_CELL + scan.PAD_PILL
    assert scan.needed_width(["달성"], pill=False) == 2 * scan.PX_WIDE + scan.PAD_CELL


# ------------------------------------------------------------------ links store codes (issue 16 item 2)

@pytest.mark.slow
@pytest.mark.parametrize("lang", [None, "en"])
def test_ind_link_opens_the_same_indicator_in_either_language(sample_db, lang):
    """?ind=4-3-1 and ?ind=4-3-1&lang=en open 4-3-1. d2's branch (pages/strategy.py: ind= stores codes) makes this
    pass; before that merge an English link falls back to the first indicator."""
    from streamlit.testing.v1 import AppTest

    from tests.apptest_util import APP, use_db

    use_db(sample_db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["ind"] = "4-3-1"
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/strategy.py").run()
    assert_no_exception(at)
    sel = [s for s in at.selectbox if s.key == "ind"]
    assert sel and sel[0].value == "4-3-1", [s.value for s in sel]
