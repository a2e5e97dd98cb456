"""Opening a database an earlier version wrote, at start-up or by switching: a modal dialog names each upgrade
step while a worker upgrades it, cannot be dismissed, and then the window shows the database's articles."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from tests.unit.test_database_upgrade import LATER_STEPS, make_database_at_0010
from ui.main_window import MainWindow
from ui.widgets.upgrade_dialog import UpgradeDialog


class UpgradeDialogWatcher(QObject):
    """Sees each upgrade dialog as it is shown, notes the steps its bar moves through, and presses Escape in
    it (which must not close it: the upgrade goes on)."""

    def __init__(self) -> None:
        super().__init__()
        self.dialogs: list[UpgradeDialog] = []
        self.steps: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, UpgradeDialog) and event.type() == QEvent.Type.Show and watched not in self.dialogs:
            self.dialogs.append(watched)
            self.steps.append(watched.step_label.text())
            watched.bar.valueChanged.connect(lambda _value: self.steps.append(watched.step_label.text()))
            QTimer.singleShot(0, lambda: QTest.keyClick(watched, Qt.Key.Key_Escape))
        return False


def step_text(number: int) -> str:
    return f"Upgrading the database to this version (once): step {number} of 3 — {LATER_STEPS[number - 1][1]}"


def watching(qtbot: QtBot) -> UpgradeDialogWatcher:
    from ui.app import create_application

    app = create_application()
    watcher = UpgradeDialogWatcher()
    app.installEventFilter(watcher)
    return watcher


def stop_watching(watcher: UpgradeDialogWatcher) -> None:
    app = QApplication.instance()
    assert app is not None
    app.removeEventFilter(watcher)


def assert_upgrade_shown(watcher: UpgradeDialogWatcher, backup: Path) -> None:
    assert len(watcher.dialogs) == 1
    dialog = watcher.dialogs[0]
    assert dialog.isModal() and not dialog.findChildren(QPushButton)  # no Cancel: a migration is never cut short
    assert not dialog.isVisible()  # gone once the upgrade finished
    # each step as it started (the first once shown, the next ones as the bar moved), the last one last
    assert watcher.steps[-2:] == [step_text(2), step_text(3)]
    assert dialog.step_label.text() == step_text(3)
    texts = [label.text() for label in dialog.findChildren(type(dialog.step_label))]
    assert f"The database as it was is copied first to {backup}" in texts


def test_starting_on_an_older_database_shows_the_upgrade_then_its_articles(qtbot: QtBot, tmp_path: Path) -> None:
    from ui.app import build_window

    path = tmp_path / "archive.db"
    make_database_at_0010(f"sqlite:///{path}")
    settings = Settings(database_url=f"sqlite:///{path}", user_name="Ana", user_chosen=True)
    watcher = watching(qtbot)
    try:
        window = build_window(settings, ask_name=False, background=False)
    finally:
        stop_watching(watcher)
    qtbot.addWidget(window)
    window.show()
    assert window.store is not None, window.notice.text()
    assert_upgrade_shown(watcher, tmp_path / "archive.db.before-0010.bak")
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 1)
    assert window.article_model.summary_at(0) is not None
    assert window.article_model.summary_at(0).title == "Flood"  # type: ignore[union-attr]
    window.close()
    window.store.close()


def test_switching_to_an_older_database_shows_the_upgrade_then_its_articles(
    qtbot: QtBot, window: MainWindow, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "colleague-archive.db"
    make_database_at_0010(f"sqlite:///{path}")
    watcher = watching(qtbot)
    try:
        assert window.database.apply_settings(settings.with_changes(database_url=f"sqlite:///{path}"))
    finally:
        stop_watching(watcher)
    assert window.store is not None and window.store.url.endswith("colleague-archive.db")
    assert_upgrade_shown(watcher, tmp_path / "colleague-archive.db.before-0010.bak")
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 1)
    assert window.article_model.summary_at(0).title == "Flood"  # type: ignore[union-attr]


def test_a_new_database_opens_without_the_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    from ui.app import build_window

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'new.db'}", user_name="Ana", user_chosen=True)
    watcher = watching(qtbot)
    try:
        window = build_window(settings, ask_name=False, background=False)
    finally:
        stop_watching(watcher)
    qtbot.addWidget(window)
    assert window.store is not None and watcher.dialogs == []
    window.store.close()
