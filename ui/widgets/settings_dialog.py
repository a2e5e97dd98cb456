"""Settings: the database (a SQLite file or a PostgreSQL URL), the spaCy pipeline, the editor's name and the
second-reviewer rule. The window saves them with annotator.config.save_settings and reopens the store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.config import Settings, normalise_database_url
from ui.plain import plain_label


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, *, editor_id: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self._settings = settings

        self.database_edit = QLineEdit(settings.database_url)
        self.database_edit.setToolTip(
            "A SQLite file (a path or sqlite:///path) or a PostgreSQL URL (postgresql://user:password@host/database)"
        )
        browse = QPushButton("SQLite file…")
        browse.clicked.connect(self._on_browse_clicked)
        database_row = QHBoxLayout()
        database_row.addWidget(self.database_edit, 1)
        database_row.addWidget(browse)

        self.model_edit = QLineEdit(settings.spacy_model or "")
        self.model_edit.setPlaceholderText("blank: the best installed English pipeline")
        self.user_edit = QLineEdit(settings.user_name)
        # who you are across databases: a colleague with the same name has another id (see docs/REVIEW.md)
        self.editor_id_label = plain_label(editor_id or "created when the database is opened")
        self.editor_id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editor_id_label.setToolTip(
            "Your stable editor id in this database: your name plus a random part. Decisions are "
            "matched to editors by this id when a colleague's database is imported."
        )
        self.second_reviewer_check = QCheckBox("A second reviewer must accept each confirmed quote")
        self.second_reviewer_check.setChecked(settings.require_second_reviewer)
        self.problem_label = plain_label()
        self.problem_label.setStyleSheet("color: #b3261e;")
        self.problem_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Database", database_row)
        form.addRow("spaCy pipeline", self.model_edit)
        form.addRow("Editor name", self.user_edit)
        form.addRow("Editor id", self.editor_id_label)
        form.addRow("", self.second_reviewer_check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)

    def chosen_settings(self) -> Settings:
        return self._settings.with_changes(
            database_url=normalise_database_url(self.database_edit.text()),
            spacy_model=self.model_edit.text().strip() or None,
            user_name=" ".join(self.user_edit.text().split()),
            require_second_reviewer=self.second_reviewer_check.isChecked(),
            user_chosen=True,
        )

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Database file",
            "",
            "SQLite database (*.db *.sqlite);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,  # picking an existing database is the usual case
        )
        if path:
            self.database_edit.setText(path)

    def _on_buttons_accepted(self) -> None:
        if not self.database_edit.text().strip():
            self.problem_label.setText("Choose a database file or URL.")
            return
        if not self.user_edit.text().strip():
            self.problem_label.setText("The editor needs a name: it is stored with every decision.")
            return
        self.accept()
