"""Opening a database from the window, at start-up or when switching: one written by an earlier version is
upgraded on a worker thread behind a modal dialog that names each step, so the app never looks frozen."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from annotator.db.opening import DatabaseProblem, upgrade_plan_for
from annotator.store import Store
from ui.widgets.upgrade_dialog import UpgradeDialog
from ui.workers import OpenDatabaseWorker


def open_store_upgrading(url: str, parent: QWidget | None = None, thread_pool: QThreadPool | None = None) -> Store:
    """The store at `url`, upgraded first (with the dialog) if an earlier version wrote it.
    DatabaseProblem says what is wrong, the copy as it was named when an upgrade failed."""
    plan = upgrade_plan_for(url)
    if not plan.upgrades_existing:
        return Store.open(url)  # at this version, or new: quick
    dialog = UpgradeDialog(len(plan.steps), plan.backup, parent)
    worker = OpenDatabaseWorker(url)
    worker.signals.progressed.connect(dialog.show_step)
    # slots of the dialog: queued to the GUI thread, so they arrive inside exec() below, never before it
    worker.signals.finished.connect(dialog.succeed)
    worker.signals.failed.connect(dialog.fail)
    (thread_pool or QThreadPool.globalInstance()).start(worker)
    dialog.exec()  # its own event loop: the window stays painted while the worker upgrades
    if isinstance(dialog.opened, Store):
        return dialog.opened
    raise DatabaseProblem(dialog.problem or "the database could not be opened")
