#!/usr/bin/env bash
# Build the one-folder desktop bundle dist/annotator-app/ with PyInstaller (the `package` dependency group).
# Run from anywhere inside the uv environment: `make package`, or `uv run bash packaging/build.sh`.
# Needs no network: everything comes from the environment uv installed from uv.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v pyinstaller >/dev/null 2>&1; then
    PYINSTALLER=(pyinstaller)
elif python -c "import PyInstaller" >/dev/null 2>&1; then
    PYINSTALLER=(python -m PyInstaller)
else
    echo "PyInstaller is not installed: run 'uv sync --all-groups' (it is in the 'package' group)" >&2
    exit 1
fi

# Same inputs, same bundle: fixed timestamps and hash seed, no user site-packages.
SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || echo 1700000000)"
export SOURCE_DATE_EPOCH PYTHONHASHSEED=0 PYTHONNOUSERSITE=1
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

started=$(date +%s)
"${PYINSTALLER[@]}" --noconfirm --clean --log-level "${PYINSTALLER_LOG_LEVEL:-WARN}" \
    --distpath dist --workpath build packaging/annotator.spec

# Linux: what a desktop needs to list the app travels inside the folder, with the script that installs it, so
# the folder (or its archive) is all a user gets: `annotator-app/install.sh`.
if [ "$(uname -s)" = "Linux" ]; then
    mkdir -p dist/annotator-app/share/applications dist/annotator-app/share/icons
    cp packaging/annotator-app.desktop dist/annotator-app/share/applications/
    cp -R packaging/icons/hicolor dist/annotator-app/share/icons/
    cp packaging/install-linux.sh dist/annotator-app/install.sh
fi
elapsed=$(( $(date +%s) - started ))

echo "built dist/annotator-app in ${elapsed}s"
du -sh dist/annotator-app

# `build.sh --archive`: also dist/quote-annotator-VERSION-linux-ARCH.tar.gz (about half the folder's size).
if [ "${1:-}" = "--archive" ]; then
    version="$(python -c 'import annotator; print(annotator.__version__)')"
    os="$(uname -s | tr '[:upper:]' '[:lower:]')"
    archive="dist/quote-annotator-${version}-${os}-$(uname -m).tar.gz"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${SOURCE_DATE_EPOCH}" \
        -C dist -cf - annotator-app | gzip -n >"$archive"
    du -sh "$archive"
fi
