"""`annotator-app`: the Quote Annotator window.

Start-up order keeps the window quick to appear: settings, the database (a problem there becomes a message,
not a crash), the editor's name on first start, the window; then, in the background, the sample articles
into an empty database and pre-annotation with spaCy (loaded off the GUI thread).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget

import annotator
from annotator.config import Settings, load_settings, normalise_database_url, save_settings, system_user
from annotator.db.opening import DatabaseProblem
from annotator.store import Store, StoreError
from ui.database_opening import open_store_upgrading
from ui.main_window import MainWindow
from ui.resources import icon, style_sheet

ORGANISATION = "Quote Annotator"
BACKGROUND_DELAY_MS = 300
APPLICATION = "Quote Annotator"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="annotator-app", description="Verify who said what in news articles.")
    parser.add_argument("--db", metavar="URL", help="database: a SQLite file path or a SQLAlchemy URL")
    parser.add_argument("--user", metavar="NAME", help="the editor's name, stored with every decision")
    parser.add_argument("--self-test", action="store_true", help="check the installed app and exit")
    # Qt's own options (-platform, -style...) pass through to QApplication
    args, _unknown = parser.parse_known_args(list(argv))
    return args


def create_application(argv: Sequence[str] = ()) -> QApplication:
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(annotator.__version__)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("quote-annotator")
    app.setWindowIcon(icon("app"))
    app.setStyleSheet(style_sheet())
    return app


def settings_from_args(settings: Settings, args: argparse.Namespace) -> Settings:
    if args.db:
        settings = settings.with_changes(database_url=normalise_database_url(args.db))
    if args.user:
        settings = settings.with_changes(user_name=" ".join(args.user.split()), user_chosen=True)
    return settings


def open_store(url: str) -> tuple[Store | None, str | None]:
    """The store, or None and a message for the editor."""
    try:
        return open_store_upgrading(url), None  # an earlier version's database: a dialog shows the upgrade
    except DatabaseProblem as exc:
        return None, str(exc)


def ask_editor_name(settings: Settings, parent: QWidget | None = None) -> Settings:
    """First start: who is editing (the name goes with every decision). Defaults to the login name."""
    name, accepted = QInputDialog.getText(
        parent,
        "Welcome to Quote Annotator",
        "Your name, as colleagues will see it next to your decisions:",
        text=settings.user_name or system_user(),
    )
    name = " ".join(name.split()) if accepted else ""
    chosen = settings.with_changes(user_name=name or settings.user_name or system_user(), user_chosen=True)
    with contextlib.suppress(OSError):  # unsaved, the name still serves this session; next start asks again
        save_settings(chosen)
    return chosen


def build_window(settings: Settings, *, ask_name: bool = True, background: bool = True) -> MainWindow:
    store, problem = open_store(settings.database_url)
    if not settings.user_chosen and ask_name:
        settings = ask_editor_name(settings)
    if store is not None:
        try:
            store.audit.ensure_user(settings.user_name)
        except StoreError as exc:
            problem = str(exc)
    window = MainWindow(store, settings, problem=problem)
    window.open_first_article_with_work()
    if store is not None and background:
        # after the first paint: importing spaCy in a worker still competes for the GIL
        QTimer.singleShot(BACKGROUND_DELAY_MS, window.jobs.start_background_work)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if "--self-test" in arguments:
        from ui.self_test import run_self_test  # written separately; imported only when asked for

        return int(run_self_test())
    args = parse_args(arguments)
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = create_application(arguments)
    settings = settings_from_args(load_settings(), args)
    window = build_window(settings)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
