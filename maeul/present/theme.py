"""Colours and fonts, one definition each: every chart, badge, table cell and map draws a status in the colour
STATUS_COLORS gives it, and every figure uses FONT_STACK (local fonts only: nothing is downloaded)."""

from __future__ import annotations

from maeul.read.rules import ACHIEVED, BEHIND, NO_DATA, NO_TARGET, NOT_RATED, ON_TRACK, WATCH

STATUS_COLORS: dict[str, str] = {
    ACHIEVED: "#1f5fbf",   # blue
    ON_TRACK: "#2e8b57",   # green
    WATCH: "#e3a008",      # amber
    BEHIND: "#d1383d",     # red
    NO_DATA: "#9aa3ad",    # grey
    NO_TARGET: "#d5dae0",  # light grey
    NOT_RATED: "#b8a9c9",  # muted violet: a figure is there, but no status is honest
}
# Table cells: a light tint of the status colour behind dark text of the same hue (readable, still colour-coded);
# st.badge / markdown colour names for the same statuses. No emoji: the intranet PCs' fonts may lack them.
STATUS_TINTS: dict[str, str] = {
    ACHIEVED: "#dce8fa", ON_TRACK: "#daf0e3", WATCH: "#fdf0c8", BEHIND: "#fadcdd", NO_DATA: "#eef0f2",
    NO_TARGET: "#f6f7f8", NOT_RATED: "#efeaf5",
}
STATUS_TEXT_COLORS: dict[str, str] = {
    ACHIEVED: "#174a96", ON_TRACK: "#1f6e42", WATCH: "#8a5a00", BEHIND: "#a8232a", NO_DATA: "#5b636d",
    NO_TARGET: "#7d858f", NOT_RATED: "#5d4a73",
}
STATUS_BADGE: dict[str, str] = {
    ACHIEVED: "blue", ON_TRACK: "green", WATCH: "orange", BEHIND: "red", NO_DATA: "gray", NO_TARGET: "gray",
    NOT_RATED: "violet",
}
STATUS_MARK = "●"

# The reporting cycle (maeul.read.reporting states, and a verified mark): tints behind table labels.
REPORTING_TINTS: dict[str, str] = {
    "on_time": "#daf0e3", "late_grace": "#fdf0c8", "late": "#fde2c4", "missing": "#fadcdd", "open": "#e3ecf7",
    "not_required": "#f6f7f8", "verified": "#dce8fa", "provisional": "#eef0f2",
}
# Provisional (not yet approved) figures in charts: an open marker on a dotted line, at part opacity.
PROVISIONAL_MARKER = {"symbol": "circle-open", "size": 11, "line": {"width": 2}}
PROVISIONAL_OPACITY = 0.55

# Core values (전략 1–4) in budget charts; totals in grey.
STRATEGY_COLORS = {"1": "#2a9d8f", "2": "#1f5aa6", "3": "#e9a23b", "4": "#8e5ea2"}
TOTAL_COLOR = "#6b7280"

# System fonts only (no @font-face, no web-font request); NanumGothic comes with Debian's fonts-nanum.
FONT_STACK = '"Noto Sans CJK KR", "Noto Sans KR", NanumGothic, "Malgun Gothic", "Apple SD Gothic Neo", sans-serif'

# Plotly's mode bar on every chart: no logo, no lasso/box select (nothing on these pages reacts to a selection).
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def hex_rgb(hex_color: str) -> tuple[int, int, int]:
    """'#1f5fbf' → (31, 95, 191)."""
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


# Text on a coloured tile (treemaps): whichever of near-black and white reads better on it (WCAG contrast ratio).
DARK_TEXT = "#111827"
LIGHT_TEXT = "#ffffff"


def _luminance(hex_color: str) -> float:
    def lin(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in hex_rgb(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two '#rrggbb' colours (1–21; 4.5 reads as body text)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_color_on(background: str) -> str:
    """DARK_TEXT or LIGHT_TEXT, whichever contrasts more with ``background``."""
    return max((DARK_TEXT, LIGHT_TEXT), key=lambda c: contrast_ratio(c, background))


def tint(hex_color: str, amount: float) -> str:
    """``hex_color`` mixed with white (amount 0 = as is, 1 = white): deeper levels of a hierarchy in lighter shades
    of their parent's colour."""
    r, g, b = (round(c + (255 - c) * amount) for c in hex_rgb(hex_color))
    return f"#{r:02x}{g:02x}{b:02x}"


# st.metric truncates its label and value to one line ("2022…" in a narrow column, at 800 px or in English): let
# both wrap at word boundaries instead (breaking inside a word only when it does not fit at all), and size the
# value to its column (16 % of the metric's width, between 1.15rem and Streamlit's 2.25rem), so a date or
# "1,234백만원" fits a quarter of an 800 px page. Metrics in a row of widgets.metrics (a container keyed "metrics_…")
# share it but keep 8.5rem each, moving to the next line rather than breaking a label mid-word ("inconsistenci/es").
# Injected on every page with the print stylesheet (maeul.web.documents).
METRIC_CSS = """<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: break-word; word-break: keep-all; hyphens: auto; height: auto !important; min-height: 0;
}
[data-testid="stMetric"] { container-type: inline-size; }
[data-testid="stMetricValue"] { font-size: clamp(1.15rem, 16cqi, 2.25rem); line-height: 1.2; }
[class*="st-key-metrics_"] > [data-testid="stElementContainer"] { min-width: 8.5rem; }
</style>"""

