"""The one way to reach files in resources/ (icons, style sheet), from a checkout or a PyInstaller bundle."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from annotator.paths import bundled_path


def resources_dir() -> Path:
    return bundled_path("resources")  # the repository's resources/, or the frozen bundle's


def resource_path(name: str) -> Path:
    """The path of a file under resources/, e.g. "style.qss" or "icons/app.svg"."""
    return resources_dir() / name


@cache
def icon(name: str) -> QIcon:
    """An icon from resources/icons/<name>.svg; a missing icon is an empty QIcon, never an error."""
    path = resource_path(f"icons/{name}.svg")
    return QIcon(str(path)) if path.exists() else QIcon()


def style_sheet() -> str:
    path = resource_path("style.qss")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""  # a missing style sheet leaves Qt's default look, not a broken app
