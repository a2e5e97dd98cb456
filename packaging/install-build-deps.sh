#!/usr/bin/env bash
# Debian/Ubuntu packages that make the Linux bundle complete and let `make package-test` run every check:
#   libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libwayland-cursor0   bundled by PyInstaller for Qt's xcb and
#                                                                     Wayland plugins (else users need them)
#   binutils                                                           strip/readelf: debug sections removed
#   xvfb weston desktop-file-utils                                     the X, Wayland and .desktop checks
# Needs root (or sudo) and apt-get; elsewhere it says what to install and exits 0.
set -euo pipefail

PACKAGES=(libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libwayland-cursor0 binutils xvfb xauth weston desktop-file-utils)

missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "packaging build dependencies: all installed"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "not a Debian-like system: install the equivalents of ${missing[*]}" >&2
    exit 0
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "needs root to install: ${missing[*]}" >&2
        exit 0
    fi
    SUDO=(sudo)
fi
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "packaging build dependencies installed: ${missing[*]}"
