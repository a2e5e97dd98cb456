"""A fresh machine: `make run` first checks the system libraries Qt's xcb plugin needs, with the real `ldd`
on the real plugin in this virtualenv, and says the one command that installs what is missing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHECK = REPO / "packaging" / "check-qt-libs.sh"
QT_PACKAGES = ("libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux only")


def xcb_plugin() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def missing_sonames() -> set[str]:
    """What the dynamic linker cannot find for the plugin, asked of ldd directly."""
    found = subprocess.run(["ldd", str(xcb_plugin())], capture_output=True, text=True, check=True).stdout
    missing = set(re.findall(r"^\s*(\S+) => not found", found, re.MULTILINE))
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    if "libxcb-cursor.so.0 " not in cache:
        missing.add("libxcb-cursor.so.0")  # loaded at run time by Qt, invisible to ldd
    return missing


@pytest.mark.skipif(shutil.which("ldd") is None, reason="needs ldd")
def test_the_check_names_exactly_what_ldd_finds_missing_and_the_command_to_install_it() -> None:
    done = subprocess.run(
        ["bash", str(CHECK), "--no-install", "--python", sys.executable], capture_output=True, text=True, cwd=REPO
    )
    missing = missing_sonames()
    if not missing:
        assert done.returncode == 0, done.stderr
        assert "all present" in done.stdout
        return
    assert done.returncode == 1
    command = [line for line in done.stderr.splitlines() if "apt-get install" in line]
    assert len(command) == 1, done.stderr
    for soname in missing:
        # the Debian package for an xcb soname: libxcb-icccm.so.4 -> libxcb-icccm4
        stem, version = soname.split(".so.")
        assert f"{stem.lower()}{version}" in command[0] or f"{stem.lower()}-{version}" in command[0], command


@pytest.mark.skipif(shutil.which("ldconfig") is None, reason="needs ldconfig")
def test_a_long_library_cache_does_not_make_a_present_library_look_missing(tmp_path: Path) -> None:
    """A machine with many libraries has a long `ldconfig -p`; the check once stopped reading it early and,
    under pipefail, took ldconfig's SIGPIPE for "libxcb-cursor0 missing" (a CI run failed on it)."""
    real_cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    if "libxcb-cursor.so.0 " not in real_cache:
        pytest.skip("libxcb-cursor0 is not installed here")
    bigger_machine = tmp_path / "ldconfig"
    bigger_machine.write_text(
        "#!/bin/sh\n"
        f"{shutil.which('ldconfig')} -p\n"
        'yes "\tlibother.so.1 (libc6,x86-64) => /usr/lib/libother.so.1" | head -n 300000\n',
        encoding="utf-8",
    )
    bigger_machine.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", str(CHECK), "--no-install", "--python", sys.executable],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert "libxcb-cursor0" not in done.stderr


def test_make_run_checks_the_libraries_before_it_starts_the_app() -> None:
    plan = subprocess.run(["make", "-n", "run"], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert "check-qt-libs.sh" in plan
    assert plan.index("check-qt-libs.sh") < plan.index("annotator-app")


def test_the_readme_lists_the_libraries_a_fresh_machine_needs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for package in QT_PACKAGES:
        assert package in readme


def test_ci_proves_it_on_a_fresh_virtualenv_and_still_runs_make_test() -> None:
    steps = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in steps
    assert "check-qt-libs.sh --fresh-venv" in steps
