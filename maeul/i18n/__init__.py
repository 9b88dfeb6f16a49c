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
    ko, en = TEXT[key]
    s = en if lang == "en" else ko
    return s.format(**kw) if kw else s


def pick(row, field: str, lang: str) -> str:
    """A name column in the chosen language: `name` / `name_en` (falls back to Korean when English is empty)."""
    if lang == "en":
        v = row.get(f"{field}_en") if hasattr(row, "get") else None
        if v is not None and v == v and str(v).strip():
            return str(v)
    return str(row.get(field) if hasattr(row, "get") else row[field])
