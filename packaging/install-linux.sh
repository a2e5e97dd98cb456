#!/usr/bin/env bash
# Install the built bundle for the current user, no root needed: the folder in ~/.local/lib/quote-annotator,
# `annotator-app` and `annotator` in ~/.local/bin, the menu entry and the icon set. PREFIX=/opt/... to change.
# `packaging/install-linux.sh --uninstall` removes all of it again.
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="${PREFIX:-$HOME/.local}"
target="$PREFIX/lib/quote-annotator"
# Wayland shells match windows to this name (ui.app sets it with QGuiApplication.setDesktopFileName).
entry="$PREFIX/share/applications/quote-annotator.desktop"
icons="$PREFIX/share/icons/hicolor"

refresh_menus() {
    if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$PREFIX/share/applications" || true; fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t "$icons" || true; fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$target" "$entry" "$PREFIX/bin/annotator-app" "$PREFIX/bin/annotator"
    rm -f "$icons"/*/apps/quote-annotator.png "$icons"/scalable/apps/quote-annotator.svg
    refresh_menus
    echo "Quote Annotator removed from $PREFIX"
    exit 0
fi

if [ ! -x dist/annotator-app/annotator-app ]; then
    echo "no bundle in dist/annotator-app: run 'make package' first" >&2
    exit 1
fi

rm -rf "$target"
mkdir -p "$target" "$PREFIX/bin" "$(dirname "$entry")"
cp -a dist/annotator-app/. "$target/"
ln -sfn "$target/annotator-app" "$PREFIX/bin/annotator-app"
if [ -x "$target/annotator" ]; then ln -sfn "$target/annotator" "$PREFIX/bin/annotator"; fi
for folder in packaging/icons/hicolor/*/apps; do
    size="$(basename "$(dirname "$folder")")"
    mkdir -p "$icons/$size/apps"
    cp "$folder"/quote-annotator.* "$icons/$size/apps/"
done
# An absolute Exec: ~/.local/bin is not on every desktop session's PATH.
sed -e "s|^Exec=annotator-app|Exec=$target/annotator-app|" -e "s|^TryExec=annotator-app|TryExec=$target/annotator-app|" \
    packaging/annotator-app.desktop >"$entry"
refresh_menus
echo "Quote Annotator installed in $target; menu entry $entry"
