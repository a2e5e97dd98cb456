"""The wheel as pip installs it: built from this tree with the project's build backend, it carries the seed
articles and the icons inside the package, and the installed package finds them there, with no checkout
beside it. `slow`: the build backend (hatchling) may have to come from the package index first."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("uv") is None, reason="needs uv (make setup installs it)")
def test_an_installed_wheel_finds_its_seed_articles_and_icons(tmp_path: Path) -> None:
    built = subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(tmp_path / "dist")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = (tmp_path / "dist").glob("*.whl")
    installed = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)  # what pip puts in site-packages: the wheel's files as they are
    seeds = sorted(p.name for p in (REPO / "seeds").iterdir() if p.is_file())

    # A bare interpreter (-I: no user site, no PYTHONPATH, no current folder) with only the wheel on its path
    found = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); from annotator.paths import bundled_path, seeds_dir; "
            "print(seeds_dir()); print(bundled_path('resources', 'icons', 'app.svg').is_file())",
            str(installed),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert found.returncode == 0, found.stderr
    seeds_dir, icon_found = found.stdout.split()
    assert Path(seeds_dir).is_relative_to(installed)
    assert sorted(p.name for p in Path(seeds_dir).iterdir()) == seeds
    assert icon_found == "True"
