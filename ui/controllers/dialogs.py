"""The window's dialogs: export, settings, about, keyboard shortcuts, a database that cannot be used.

Each opens window-modal but not blocking (`open()`), so background work and the status bar go on; the
dialog is kept as an attribute so it lives while shown (and tests can reach it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

import annotator
from annotator.store import StoreError
from ui.plain import plain_message_box
from ui.resources import icon

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.widgets.export_dialog import ExportDialog
    from ui.widgets.keys_dialog import KeysDialog
    from ui.widgets.settings_dialog import SettingsDialog


class DialogsController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.export_dialog: ExportDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.keys_dialog: KeysDialog | None = None
        self.about_box: QMessageBox | None = None
        self.database_problem_box: QMessageBox | None = None

    def open_export(self) -> None:
        store = self.window.store
        if store is None:
            return
        from ui.widgets.export_dialog import ExportDialog  # imported when first asked for: start-up stays quick

        self.export_dialog = ExportDialog(store, self.window.settings, self.window)
        self.export_dialog.open()

    def open_settings(self) -> None:
        from ui.widgets.settings_dialog import SettingsDialog

        store = self.window.store
        name = self.window.settings.user_name
        editor_id = None
        if store is not None and name.strip():
            try:
                editor_id = store.audit.ensure_user(name)  # the editor exists from their first look at Settings
            except StoreError:
                editor_id = None  # a locked or read-only database: the dialog says the id comes later
        dialog = SettingsDialog(self.window.settings, self.window, editor_id=editor_id)
        dialog.accepted.connect(lambda: self.window.database.apply_settings(dialog.chosen_settings()))
        dialog.open()
        self.settings_dialog = dialog

    def show_database_problem(self, text: str) -> None:
        message = f"The database cannot be used: {text}"
        self.window.notice.show_message(
            message, level="error", action_text="Choose another database…", action=self.open_settings
        )
        box = plain_message_box(
            QMessageBox.Icon.Warning, "Cannot open the database", message, QMessageBox.StandardButton.Close, self.window
        )
        box.setObjectName("databaseProblemBox")
        choose = box.addButton("Choose another database…", QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(choose)
        box.buttonClicked.connect(lambda button: self.open_settings() if button is choose else None)
        box.open()  # window-modal but not blocking: the app keeps running behind it
        self.database_problem_box = box

    def show_about(self) -> None:
        box = plain_message_box(QMessageBox.Icon.NoIcon, "About Quote Annotator", self.about_text(), parent=self.window)
        box.setIconPixmap(icon("app").pixmap(64, 64))
        box.open()
        self.about_box = box

    def about_text(self) -> str:
        import PySide6
        from PySide6.QtCore import qVersion

        pipeline = self.window.jobs.pipeline
        if pipeline is None:
            described = "spaCy pipeline: still loading…"
        elif pipeline[0]:
            described = f"spaCy pipeline: {pipeline[1]}"
        else:
            described = f"spaCy pipeline: none ({pipeline[1]})"
        store = self.window.store
        return "\n".join(
            [
                f"Quote Annotator {annotator.__version__}",
                "Verify who said what in news articles.",
                "",
                f"Qt {qVersion()}, PySide6 {PySide6.__version__}",
                described,
                f"Database: {store.display_url if store else 'none'}",
            ]
        )

    def keys_text(self) -> str:
        from ui.widgets.keys_dialog import shortcut_rows

        return "\n".join(f"{keys}: {text}" for keys, text, _where in shortcut_rows())

    def show_keys(self) -> None:
        from ui.widgets.keys_dialog import KeysDialog

        self.keys_dialog = KeysDialog(self.window)
        self.keys_dialog.open()
