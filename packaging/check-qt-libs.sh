#!/usr/bin/env bash
# Before the window opens: does Qt's xcb platform plugin (inside the virtualenv's PySide6) find every shared
# library it needs? `ldd` on the plugin names what the system lacks; libxcb-cursor0 is added by hand because
# Qt loads it at run time, where ldd cannot see it. Missing ones are installed where we can (root or
# passwordless sudo, and apt-get, as install-build-deps.sh does); otherwise the one command to run is printed.
#
#   packaging/check-qt-libs.sh                   check .venv/bin/python's PySide6, install what is missing
#   packaging/check-qt-libs.sh --no-install      only say what is missing (exit 1 if anything is)
#   packaging/check-qt-libs.sh --python PATH     another interpreter's PySide6
#   packaging/check-qt-libs.sh --fresh-venv      a brand-new virtualenv from uv.lock, as on a fresh machine (CI)
#
# Exit 0 when every library is there (possibly after installing), 1 when some are still missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=.venv/bin/python
INSTALL=1
FRESH=0
while [ $# -gt 0 ]; do
    case "$1" in
        --no-install) INSTALL=0 ;;
        --python) PYTHON="$2"; shift ;;
        --fresh-venv) FRESH=1 ;;
        *) echo "check-qt-libs: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

if [ "$(uname -s)" != "Linux" ]; then
    exit 0  # the xcb plugin and its libraries are a Linux matter
fi

if [ "$FRESH" = 1 ]; then
    # uv links packages from its cache, so a fresh environment costs seconds, not a download
    FRESH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/qa-fresh-venv.XXXXXX")
    trap 'rm -rf "$FRESH_DIR"' EXIT
    UV=$(command -v uv || echo "python3 -m uv")
    UV_PROJECT_ENVIRONMENT="$FRESH_DIR/venv" $UV sync --frozen --no-dev --quiet
    PYTHON="$FRESH_DIR/venv/bin/python"
    echo "fresh virtualenv from uv.lock: $FRESH_DIR/venv"
fi

PLUGIN=$("$PYTHON" -c 'import pathlib, PySide6; print(pathlib.Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqxcb.so")')
if [ ! -f "$PLUGIN" ]; then
    echo "check-qt-libs: no xcb platform plugin at $PLUGIN (is PySide6 installed in $PYTHON's environment?)" >&2
    exit 1
fi

# A Debian package name for a library soname: the known ones, else Debian's own rule (libfoo.so.4 -> libfoo4).
package_for() {
    case "$1" in
        libGL.so.1) echo libgl1 ;;
        libEGL.so.1) echo libegl1 ;;
        libOpenGL.so.0) echo libopengl0 ;;
        libglib-2.0.so.0 | libgthread-2.0.so.0) echo libglib2.0-0 ;;
        libdbus-1.so.3) echo libdbus-1-3 ;;
        libxkbcommon-x11.so.0) echo libxkbcommon-x11-0 ;;
        libxkbcommon.so.0) echo libxkbcommon0 ;;
        libX11-xcb.so.1) echo libx11-xcb1 ;;
        libxcb-util.so.1) echo libxcb-util1 ;;
        *)
            local base=${1%%.so.*} version=${1##*.so.}
            base=$(echo "$base" | tr 'A-Z' 'a-z')
            case "$base" in *[0-9]) echo "$base-$version" ;; *) echo "$base$version" ;; esac ;;
    esac
}

missing_libraries() {
    ldd "$PLUGIN" | awk '/=> not found/ {print $1}' | sort -u
    # The cache is read whole before grep looks: `ldconfig -p | grep -q` under pipefail fails whenever grep
    # stops early and ldconfig dies of SIGPIPE, which reported a present library as missing now and then.
    local cache
    cache=$(ldconfig -p 2>/dev/null || true)
    if ! grep -q 'libxcb-cursor\.so\.0 ' <<<"$cache"; then
        echo libxcb-cursor.so.0
    fi
}

missing_packages() {
    local library
    for library in $(missing_libraries); do package_for "$library"; done | sort -u
}

mapfile -t MISSING < <(missing_packages)
if [ ${#MISSING[@]} -eq 0 ]; then
    echo "Qt's libraries for the window (xcb): all present"
    exit 0
fi

echo "Qt's window (xcb platform plugin) needs system libraries that are missing: ${MISSING[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
    echo "not a Debian-like system: install your distribution's packages for: $(missing_libraries | tr '\n' ' ')" >&2
    exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if [ "$INSTALL" = 1 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo)
    else
        INSTALL=0
    fi
fi
if [ "$INSTALL" = 0 ]; then
    echo "run: sudo apt-get install -y ${MISSING[*]}" >&2
    exit 1
fi
echo "installing: ${MISSING[*]}" >&2
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >&2
mapfile -t STILL < <(missing_packages)
if [ ${#STILL[@]} -ne 0 ]; then
    echo "still missing after installing: ${STILL[*]}; run: sudo apt-get install -y ${STILL[*]}" >&2
    exit 1
fi
echo "Qt's libraries for the window (xcb): installed ${MISSING[*]}"
