"""The desktop bundle as a user gets it: built with packaging/build.sh, moved away from the source tree, run
with a bare environment. `make package-test` runs these (they are `slow`: the build takes a minute or two)."""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
STEP_LINE = re.compile(r"^(OK|FAIL|SKIP)\s+([a-z ]+): (.*)$", re.MULTILINE)
ALWAYS_REQUIRED = ("database", "seeds", "spacy pipeline")
BUILD_TIMEOUT = 20 * 60


def minimal_env(home: Path) -> dict[str, str]:
    """What a desktop session gives a program: no PYTHONPATH, no virtualenv, no project variables."""
    env = {"HOME": str(home), "PATH": os.pathsep.join(("/usr/bin", "/bin")), "LANG": "C.UTF-8"}
    for name in ("SYSTEMROOT", "TMPDIR", "TEMP", "TMP"):  # Windows cannot start a process without SYSTEMROOT
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def step_statuses(output: str) -> dict[str, str]:
    return {name: status for status, name, _ in STEP_LINE.findall(output)}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/annotator-app built from this tree, then copied to a temporary folder (so no path leads back)."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed: `uv sync --all-groups` installs the 'package' group")
    if shutil.which("bash") is None:
        pytest.skip("packaging/build.sh needs bash")
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join((str(Path(sys.executable).parent), env.get("PATH", "")))
    started = time.monotonic()
    build = subprocess.run(
        ["bash", "packaging/build.sh"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    seconds = time.monotonic() - started
    assert build.returncode == 0, f"build failed after {seconds:.0f} s:\n{build.stdout[-3000:]}\n{build.stderr[-5000:]}"
    print(f"\nbundle built in {seconds:.0f} s: {build.stdout.strip().splitlines()[-1]}")
    moved = tmp_path_factory.mktemp("elsewhere") / "annotator-app"
    shutil.copytree(REPO / "dist" / "annotator-app", moved, symlinks=True)
    return moved


def test_bundled_app_passes_its_self_test_away_from_the_source_tree(
    bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANNOTATOR_HOME", raising=False)
    result = subprocess.run(
        [str(bundle / f"annotator-app{EXE_SUFFIX}"), "--self-test"],
        cwd=tmp_path.anchor,  # the file system root: nothing relative to the working folder may be used
        env=minimal_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "self-test passed" in output
    assert "(frozen bundle" in output
    bundled = step_statuses(output)
    for step in ALWAYS_REQUIRED:
        assert bundled.get(step) == "OK", output

    # Everything that works from source must work in the bundle: a SKIP here where the source says OK is a
    # module PyInstaller left out.
    source = subprocess.run(
        [sys.executable, "-m", "ui.self_test"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    for step, status in step_statuses(source.stdout).items():
        if status == "OK":
            assert bundled.get(step) == "OK", f"{step!r} works from source but not in the bundle:\n{output}"


def unresolved_libraries(library: Path, bundle: Path) -> list[str]:
    """Shared libraries `library` needs that neither the bundle nor this system provides."""
    internal = bundle / "_internal"
    env = {"LD_LIBRARY_PATH": os.pathsep.join((str(internal), str(internal / "PySide6" / "Qt" / "lib")))}
    listing = subprocess.run(["ldd", str(library)], env=env, capture_output=True, text=True, check=False).stdout
    return [line.split()[0] for line in listing.splitlines() if "not found" in line]


def test_bundled_app_runs_on_a_real_x_display(bundle: Path, tmp_path: Path) -> None:
    xvfb_run = shutil.which("xvfb-run")
    if not sys.platform.startswith("linux") or xvfb_run is None or shutil.which("ldd") is None:
        pytest.skip("needs Linux with xvfb-run (Debian package xvfb) to open an X display")
    plugin = bundle / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    missing = unresolved_libraries(plugin, bundle)
    if missing:
        pytest.skip(
            f"the xcb platform plugin needs {', '.join(missing)}, missing on this build machine, so not bundled: "
            "apt-get install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 before building"
        )
    result = subprocess.run(
        [xvfb_run, "-a", str(bundle / "annotator-app"), "--self-test"],
        cwd=tmp_path.anchor,
        env=minimal_env(tmp_path) | {"QT_QPA_PLATFORM": "xcb"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "on the xcb platform" in output


def test_bundled_app_runs_on_wayland(bundle: Path, tmp_path: Path) -> None:
    weston = shutil.which("weston")
    if not sys.platform.startswith("linux") or weston is None:
        pytest.skip("needs Linux with weston (Debian package weston) for a headless Wayland compositor")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    socket = runtime / "wayland-test"
    compositor = subprocess.Popen(
        [weston, "--backend=headless-backend.so", f"--socket={socket.name}", "--idle-time=0"],
        env=minimal_env(tmp_path) | {"XDG_RUNTIME_DIR": str(runtime)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not socket.exists() and compositor.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)  # waiting for the compositor's socket: there is no signal to wait on
        if not socket.exists():
            pytest.skip("weston did not start a headless compositor here")
        result = subprocess.run(
            [str(bundle / "annotator-app"), "--self-test"],
            cwd=tmp_path.anchor,
            env=minimal_env(tmp_path)
            | {"XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": socket.name, "QT_QPA_PLATFORM": "wayland"},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        compositor.terminate()
        compositor.wait(timeout=30)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "on the wayland platform" in output


def test_bundled_command_line_imports_the_seeds(bundle: Path, tmp_path: Path) -> None:
    cli = bundle / f"annotator{EXE_SUFFIX}"
    if not cli.exists():
        pytest.skip("this build has no command-line executable (annotator/cli.py is missing)")
    seeds = shutil.copytree(REPO / "seeds", tmp_path / "articles")
    database = tmp_path / "cli.db"
    env = minimal_env(tmp_path) | {"ANNOTATOR_HOME": str(tmp_path / "home")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(cli), "--db", str(database), *args],
            cwd=tmp_path.anchor,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    version = subprocess.run([str(cli), "--version"], env=env, capture_output=True, text=True, check=False)
    assert version.returncode == 0 and version.stdout.startswith("annotator ")
    imported = run("import", str(seeds))
    assert imported.returncode == 0, imported.stderr
    assert "3 imported" in imported.stderr
    listed = run("list")
    assert listed.returncode == 0 and "Zuckerberg" in listed.stdout

    # Every importer in its frozen form: trafilatura/jusText data for HTML, python-docx's templates, YAML.
    other_formats = write_one_article_per_format(tmp_path / "formats")
    imported = run("import", str(other_formats))
    assert imported.returncode == 0, imported.stderr
    assert "4 imported, 0 already there, 0 failed" in imported.stderr
    listed = run("list")
    for title in ("Minister quits over budget row", "Mayor speaks", "Front matter story", "JSONL story"):
        assert title in listed.stdout
    assert "The Daily" in listed.stdout and "2024-03-05" in listed.stdout  # HTML metadata read by trafilatura


@pytest.mark.postgres
def test_bundled_command_line_works_with_postgresql(bundle: Path, tmp_path: Path, pg_url: str) -> None:
    """The bundled psycopg driver (binary build) and the migrations on a fresh PostgreSQL database."""
    cli = bundle / f"annotator{EXE_SUFFIX}"
    if not cli.exists():
        pytest.skip("this build has no command-line executable (annotator/cli.py is missing)")
    env = minimal_env(tmp_path) | {"ANNOTATOR_HOME": str(tmp_path / "home")}
    imported = subprocess.run(
        [str(cli), "--db", pg_url, "import", str(REPO / "seeds")],
        cwd=tmp_path.anchor,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    assert "3 imported" in imported.stderr


def write_one_article_per_format(folder: Path) -> Path:
    import docx

    folder.mkdir()
    (folder / "a.html").write_text(
        "<html><head><title>Minister quits</title><meta property='og:site_name' content='The Daily'>"
        "<meta name='date' content='2024-03-05'></head><body><article><h1>Minister quits over budget row</h1>"
        '<p>"I have had enough of this," the minister told reporters on Tuesday, according to aides who were '
        'present at the press conference in the capital.</p><p>The prime minister said she was "deeply '
        'disappointed" by the decision and would appoint a successor within days, officials said.</p>'
        "</article></body></html>",
        encoding="utf-8",
    )
    document = docx.Document()
    document.add_heading("Mayor speaks", 0)
    document.add_paragraph('"We will rebuild," the mayor said on Monday after the storm damaged dozens of homes.')
    document.save(str(folder / "b.docx"))
    (folder / "c.md").write_text(
        '---\ntitle: Front matter story\noutlet: Example News\n---\n"It works," she said.\n', encoding="utf-8"
    )
    (folder / "d.jsonl").write_text(
        '{"id": "x1", "title": "JSONL story", "text": "\\"Fine,\\" he said."}\n', encoding="utf-8"
    )
    return folder


def test_bundle_installs_itself_for_one_user_and_uninstalls(bundle: Path, tmp_path: Path) -> None:
    installer = bundle / "install.sh"
    if not sys.platform.startswith("linux"):
        pytest.skip("the menu entry and icon installer is for Linux desktops")
    assert installer.is_file(), "build.sh puts install.sh, share/applications and share/icons in the bundle"
    prefix = tmp_path / "prefix"
    env = minimal_env(tmp_path) | {"PREFIX": str(prefix)}
    installed = subprocess.run(["bash", str(installer)], env=env, capture_output=True, text=True, check=False)
    assert installed.returncode == 0, installed.stderr

    entry = prefix / "share" / "applications" / "quote-annotator.desktop"
    assert f"Exec={prefix}/lib/quote-annotator/annotator-app" in entry.read_text(encoding="utf-8")
    for size in (16, 32, 48, 256, 512):
        assert (prefix / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "quote-annotator.png").is_file()
    validator = shutil.which("desktop-file-validate")
    if validator:
        validation = subprocess.run([validator, str(entry)], capture_output=True, text=True, check=False)
        assert validation.returncode == 0, validation.stdout
    launcher = prefix / "bin" / "annotator"
    if launcher.exists():  # a symbolic link into the installed folder: the bundle finds itself through it
        version = subprocess.run([str(launcher), "--version"], env=env, capture_output=True, text=True, check=False)
        assert version.returncode == 0 and version.stdout.startswith("annotator "), version.stderr
    assert (prefix / "bin" / "annotator-app").resolve() == prefix / "lib" / "quote-annotator" / "annotator-app"

    removed = subprocess.run(
        ["bash", str(prefix / "lib" / "quote-annotator" / "install.sh"), "--uninstall"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert removed.returncode == 0, removed.stderr
    assert not (prefix / "lib" / "quote-annotator").exists() and not entry.exists()
    assert not list((prefix / "share" / "icons").rglob("quote-annotator.*"))


def test_desktop_entry_validates() -> None:
    desktop = REPO / "packaging" / "annotator-app.desktop"
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(desktop)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "error:" not in result.stdout
    else:  # the validator is in Debian's desktop-file-utils; without it, the format and the required keys
        parser = configparser.ConfigParser(interpolation=None, strict=True)
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read(desktop, encoding="utf-8")
        entry = parser["Desktop Entry"]
        assert parser.sections() == ["Desktop Entry"]
        for key in ("Type", "Name", "Exec", "Icon", "Categories"):
            assert entry.get(key), key
        assert entry["Categories"].endswith(";")
