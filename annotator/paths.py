"""Files that ship with the app (seeds, resources), found both from the source tree and a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_root() -> Path:
    """The folder holding seeds/ and resources/: PyInstaller's unpack folder, the copy an installed wheel
    carries inside the package (annotator/shipped/, see pyproject.toml), else the repository."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    package = Path(__file__).resolve().parent
    if (package / "shipped").is_dir():
        return package / "shipped"
    return package.parent


def bundled_path(*parts: str) -> Path:
    return bundle_root().joinpath(*parts)


def seeds_dir() -> Path:
    return bundled_path("seeds")
