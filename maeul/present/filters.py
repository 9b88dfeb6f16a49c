"""The filters every page reads (district scope, as-of quarter, district-target basis, language, verified figures
only) as one value.

The sidebar (maeul.web.sidebar) makes it from the widgets and the URL; page models (maeul.present.models) take it
as an argument, so they are plain functions of (filters, data).
"""

from __future__ import annotations

from dataclasses import dataclass

from maeul.i18n import t


@dataclass(frozen=True)
class Filters:
    districts: tuple[str, ...]  # MOIS codes; empty = citywide
    as_of: str                  # '2021Q4'
    basis: str                  # 'dong' | 'equal' | 'none' (how citywide targets are shared out to districts)
    lang: str                   # 'ko' | 'en'
    verified_only: bool = False  # show only verified (approved) figures; provisional ones read as 자료 없음

    @property
    def district_arg(self):
        """What progress()/queries take: None (citywide), one code, or a tuple of codes."""
        if not self.districts:
            return None
        return self.districts[0] if len(self.districts) == 1 else tuple(self.districts)

    @property
    def key(self) -> tuple:
        """The filters as a memo key."""
        return (self.districts, self.as_of, self.basis, self.lang, self.verified_only)

    @property
    def year(self) -> int:
        """The as-of year."""
        return int(self.as_of[:4])

    def scope_label(self, names: dict[str, str]) -> str:
        """'서울시 전체' or the selected districts' names (names: code → name in the filters' language)."""
        if not self.districts:
            return t("sidebar.all", self.lang)
        return ", ".join(names.get(d, d) for d in self.districts)
