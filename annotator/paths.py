"""Files that ship with the app (resources/, seeds/), found the same way from source and from a frozen bundle.

From source they sit at the top of the repository, beside the `annotator` package. In a PyInstaller bundle
they sit in the bundle's data folder, `sys._MEIPASS` (`_internal/` next to the executable in a one-folder
build), where packaging/annotator.spec puts them under the same names. Use `bundled_path("seeds")` or
`bundled_path("resources", "icons", "app.svg")`, never a path built from `__file__` or the working folder.
"""

from __future__ import annotations

import sys
from pathlib import Path


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def bundle_root() -> Path:
    """The folder holding resources/ and seeds/: the bundle's data folder, or the repository root."""
    if is_frozen():
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]  # set by PyInstaller's bootloader
    return Path(__file__).resolve().parent.parent


def bundled_path(*parts: str) -> Path:
    """A file or folder shipped with the app, e.g. `bundled_path("seeds")`; it may not exist."""
    return bundle_root().joinpath(*parts)
