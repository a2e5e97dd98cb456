"""Settings and the database: saving the editor's choices, switching to another database.

A database an earlier version wrote is upgraded first, behind a dialog (ui/database_opening.py). A new
database closes the old store only after the background work that holds it has stopped, drops the
review view (it belongs to the old one; each database keeps its own undo history), and starts the first-run
work there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.config import Settings, save_settings
from annotator.db.opening import DatabaseProblem
from annotator.store import Store
from ui.database_opening import open_store_upgrading

if TYPE_CHECKING:
    from ui.main_window import MainWindow

WORKERS_TIMEOUT_MS = 10_000


class DatabaseController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def apply_settings(self, settings: Settings) -> bool:
        """Save the settings and reopen the database if it changed. False if the new database failed."""
        window = self.window
        previous = window.settings
        if settings.database_url != previous.database_url or window.store is None:
            try:
                store = open_store_upgrading(settings.database_url, window, window.thread_pool)
            except DatabaseProblem as exc:
                window.show_database_problem(str(exc))
                return False
            window.jobs.stop(WORKERS_TIMEOUT_MS)  # workers hold the old store
            self.replace_store(store)
        window.settings = settings
        try:
            save_settings(settings)
        except OSError as exc:
            window.show_problem(f"The settings could not be saved: {exc.strerror}")
        if previous.user_name != settings.user_name:
            window.review.drop_view()  # it reviews as one user
            window.people.drop_view()  # it decides as one user
        window.query(lambda s: s.audit.ensure_user(settings.user_name), None)
        window.show_store_details()
        window.update_actions()
        return True

    def replace_store(self, store: Store) -> None:
        window = self.window
        old = window.store
        window.review.drop_view()  # it holds the old store
        window.people.drop_view()
        window.store = store
        window.article_model.set_store(store)
        window.close_article()
        window.notice.hide()
        window.refresh()
        if old is not None:
            old.close()
        window.jobs.start_first_run_work()
