"""Korean-first labels with English alongside: one table, assembled from the modules of this package.

`t("overview.title", lang)` returns the text; `{name}` placeholders are filled from keyword arguments.
Each module here defines TEXT = {key: (ko, en)}; keys are namespaced by page ("budget.", "map.", …).
A missing key raises KeyError in tests (tests/test_i18n.py checks every key used in pages exists).
"""

from __future__ import annotations

import importlib
import pkgutil

LANGS = ("ko", "en")
DEFAULT_LANG = "ko"

TEXT: dict[str, tuple[str, str]] = {}
for _m in pkgutil.iter_modules(__path__):
    _mod = importlib.import_module(f"{__name__}.{_m.name}")
    _dup = set(TEXT) & set(_mod.TEXT)
    if _dup:
        raise RuntimeError(f"duplicate i18n keys in {_m.name}: {sorted(_dup)}")
    TEXT.update(_mod.TEXT)


def t(key: str, lang: str = DEFAULT_LANG, **kw) -> str:
    s = pick_pair(TEXT[key], lang)
    return s.format(**kw) if kw else s


def pick_pair(pair: tuple[str, str], lang: str = DEFAULT_LANG) -> str:
    """The text of a (Korean, English) pair in the chosen language (Korean for anything but "en")."""
    ko, en = pair
    return en if lang == "en" else ko


def _present(v) -> bool:
    return v is not None and v == v and str(v).strip() != ""


def pick(row, field: str = "name", lang: str = DEFAULT_LANG) -> str:
    """A bilingual name of a row (dict, Series) in the chosen language: English from ``<field>_en``, Korean from
    ``<field>`` or ``<field>_ko`` ("name" → name_en / name or name_ko; "strategy_name" → strategy_name_en /
    strategy_name). English falls back to Korean when empty; '' when neither is there."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: d)
    base = field[:-3] if field.endswith("_ko") else field
    if lang == "en":
        v = get(f"{base}_en")
        if _present(v):
            return str(v)
    for k in (field, base, f"{base}_ko"):
        v = get(k)
        if _present(v):
            return str(v)
    return ""
