"""The Korean fonts documents embed, found offline: NanumGothic from the PyPI package ``koreanize-matplotlib``
(requirements.txt; the TTFs are SIL OFL 1.1, the package MIT), else Debian's ``fonts-nanum``. Nothing is downloaded.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

FAMILY = "NanumGothic"
DEBIAN_DIR = Path("/usr/share/fonts/truetype/nanum")


class FontsMissing(RuntimeError):
    """No NanumGothic on this machine (install requirements.txt, or Debian's fonts-nanum)."""


@functools.lru_cache(maxsize=1)
def font_dir() -> Path:
    """The folder holding NanumGothic.ttf and NanumGothicBold.ttf."""
    spec = importlib.util.find_spec("koreanize_matplotlib")  # located, not imported (it would change matplotlib)
    candidates = [Path(spec.origin).parent / "fonts"] if spec and spec.origin else []
    candidates.append(DEBIAN_DIR)
    for d in candidates:
        if (d / "NanumGothic.ttf").exists() and (d / "NanumGothicBold.ttf").exists():
            return d
    raise FontsMissing("한글 글꼴(NanumGothic)을 찾지 못했습니다: pip install -r requirements.txt 또는 "
                       "apt-get install fonts-nanum (NanumGothic not found)")


def font_files() -> list[Path]:
    """Regular and bold NanumGothic (the faces documents use)."""
    d = font_dir()
    return [d / "NanumGothic.ttf", d / "NanumGothicBold.ttf"]
