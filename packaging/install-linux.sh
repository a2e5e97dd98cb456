#!/usr/bin/env bash
# Install Quote Annotator for the current user, no root needed: the app folder in ~/.local/lib/quote-annotator,
# `annotator-app` and `annotator` in ~/.local/bin, the menu entry and the icon set. PREFIX=/opt/... to change.
# Runs from an unpacked bundle (annotator-app/install.sh) or from the repository after `make package`
# (packaging/install-linux.sh). `--uninstall` removes all of it again.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
if [ -x "$here/annotator-app" ]; then
    bundle="$here"
else
    bundle="$(cd "$here/.." && pwd)/dist/annotator-app"
fi
PREFIX="${PREFIX:-$HOME/.local}"
target="$PREFIX/lib/quote-annotator"
# Wayland shells match windows to this name (ui.app sets it with QGuiApplication.setDesktopFileName).
entry="$PREFIX/share/applications/quote-annotator.desktop"
icons="$PREFIX/share/icons/hicolor"

refresh_menus() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$PREFIX/share/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t "$icons" || true; fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$target" "$entry" "$PREFIX/bin/annotator-app" "$PREFIX/bin/annotator"
    rm -f "$icons"/*/apps/quote-annotator.png "$icons"/scalable/apps/quote-annotator.svg
    refresh_menus
    echo "Quote Annotator removed from $PREFIX"
    exit 0
fi

if [ ! -x "$bundle/annotator-app" ] || [ ! -d "$bundle/share" ]; then
    echo "no built app in $bundle: run 'make package' first" >&2
    exit 1
fi
if [ "$bundle" != "$target" ]; then
    rm -rf "$target"
    mkdir -p "$target"
    cp -a "$bundle/." "$target/"
fi
mkdir -p "$PREFIX/bin" "$(dirname "$entry")" "$icons"
ln -sfn "$target/annotator-app" "$PREFIX/bin/annotator-app"
if [ -x "$target/annotator" ]; then ln -sfn "$target/annotator" "$PREFIX/bin/annotator"; fi
cp -R "$target/share/icons/hicolor/." "$icons/"
# An absolute Exec: ~/.local/bin is not on every desktop session's PATH.
sed -e "s|^Exec=annotator-app|Exec=$target/annotator-app|" -e "s|^TryExec=annotator-app|TryExec=$target/annotator-app|" \
    "$target/share/applications/annotator-app.desktop" >"$entry"
refresh_menus
echo "Quote Annotator installed in $target; menu entry $entry"
