"""File > Export: choose a format, statuses and filters, a file, and export on a worker thread.

The dialog only gathers choices and shows the outcome; the work is annotator.export.export(), run on the
dialog's own thread pool with a progress callback that reports by signal and cancels when asked. Before and
after exporting it says how many quotes match and what each choice leaves out
(annotator.export.export_counts), so an export of 0 quotes is never a mystery.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.config import Settings
from annotator.db.opening import DatabaseProblem
from annotator.export import (
    PEOPLE_FORMATS,
    ExportCancelled,
    ExportCounts,
    ExportFilter,
    export,
    export_counts,
    has_reviews,
)
from annotator.records import QUOTE_STATUSES, VERIFIED_STATUSES
from annotator.store import Store, StoreError
from ui.plain import plain_label

# (format key, label in the combo box, file suffix, file dialog filter)
FORMAT_CHOICES: tuple[tuple[str, str, str, str], ...] = (
    ("csv", "Verified quotes – CSV (spreadsheets)", ".csv", "CSV files (*.csv)"),
    ("jsonl", "Quotes with provenance – JSON Lines", ".jsonl", "JSON Lines (*.jsonl)"),
    ("spacy", "spaCy training data – DocBin", ".spacy", "spaCy DocBin (*.spacy)"),
    ("people-csv", "People – CSV", ".csv", "CSV files (*.csv)"),
    ("people-jsonl", "People – JSON Lines", ".jsonl", "JSON Lines (*.jsonl)"),
)
_SUFFIXES = {suffix for _, _, suffix, _ in FORMAT_CHOICES}
_CSV_FORMATS = frozenset({"csv", "people-csv"})  # a BOM helps Excel; JSON must not start with one


class _JobSignals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(int)
    failed = Signal(str)
    cancelled = Signal()


class _ExportJob(QRunnable):
    """Runs one export off the GUI thread. Touches no widget: it only emits signals."""

    def __init__(
        self,
        store: Store,
        path: Path,
        format: str,
        filters: ExportFilter,
        bom: bool,
        cancel: threading.Event,
        signals: _JobSignals,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._store = store
        self._path = path
        self._format = format
        self._filters = filters
        self._bom = bom
        self._cancel = cancel
        self._signals = signals

    def _progress(self, done: int, total: int, label: str) -> bool:
        self._signals.progressed.emit(done, total, label)
        return not self._cancel.is_set()

    def run(self) -> None:
        try:
            count = export(
                self._store,
                self._path,
                format=self._format,
                filters=self._filters,
                bom=self._bom,
                progress=self._progress,
            )
        except ExportCancelled:
            self._signals.cancelled.emit()
        except (StoreError, DatabaseProblem) as exc:
            self._signals.failed.emit(str(exc))
        except Exception as exc:  # a bug must not kill the thread silently: say what happened
            self._signals.failed.emit(f"the export failed: {type(exc).__name__}: {exc}")
        else:
            self._signals.finished.emit(count)


class ExportDialog(QDialog):
    export_finished = Signal(int)  # rows written
    export_failed = Signal(str)  # a message for the user
    export_cancelled = Signal()

    def __init__(self, store: Store, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setObjectName("ExportDialog")
        self._store = store
        self._settings = settings
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._cancel = threading.Event()
        self._running = False
        self._signals = _JobSignals(self)
        self._signals.progressed.connect(self._on_job_progressed)
        self._signals.finished.connect(self._on_job_finished)
        self._signals.failed.connect(self._on_job_failed)
        self._signals.cancelled.connect(self._on_job_cancelled)

        self.format_box = QComboBox()
        for key, label, _, _ in FORMAT_CHOICES:
            self.format_box.addItem(label, key)
        self.format_box.currentIndexChanged.connect(self._on_format_box_changed)

        self.status_boxes: dict[str, QCheckBox] = {}
        statuses = QHBoxLayout()
        for status in QUOTE_STATUSES:
            box = QCheckBox(status)
            box.setChecked(status in VERIFIED_STATUSES)
            self.status_boxes[status] = box
            statuses.addWidget(box)
        statuses.addStretch(1)

        self.outlet_box = QComboBox()
        self.outlet_box.setEditable(True)
        self.outlet_box.addItem("")
        self.outlet_box.addItems(store.articles.outlets())
        self.outlet_box.setToolTip("Only quotes from this outlet (empty: every outlet)")
        self.from_edit = QLineEdit()
        self.from_edit.setPlaceholderText("YYYY-MM-DD")
        self.to_edit = QLineEdit()
        self.to_edit.setPlaceholderText("YYYY-MM-DD")
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addWidget(plain_label("to"))
        dates.addWidget(self.to_edit)
        self.speaker_edit = QLineEdit()
        self.speaker_edit.setPlaceholderText("name, alias or person id")
        self.articles_edit = QLineEdit()
        self.articles_edit.setPlaceholderText("article ids, e.g. 3, 7, 12 (empty: all)")
        self.reviewed_box = QCheckBox("Only quotes a colleague accepted in review")
        self.sent_back_box = QCheckBox("Leave out quotes a reviewer sent back")
        # Preselect what "verified" means here (annotator/decision_rules.py): accepted by a second person, or,
        # where the newsroom does not require one, confirmed and not sent back. Only a database where someone
        # reviews gets the first by default: elsewhere it would export nothing, and an editor expects the
        # confirmed quotes out of the box (the counts below say how many await a second reviewer)
        self.reviewed_box.setChecked(
            settings.require_second_reviewer and self._query(lambda: has_reviews(store), False)
        )
        self.sent_back_box.setChecked(True)

        self.filters_group = QGroupBox("Quotes")
        filters = QFormLayout(self.filters_group)
        filters.addRow("Status", statuses)
        filters.addRow("Outlet", self.outlet_box)
        filters.addRow("Published", dates)
        filters.addRow("Speaker", self.speaker_edit)
        filters.addRow("Articles", self.articles_edit)
        filters.addRow("", self.reviewed_box)
        filters.addRow("", self.sent_back_box)

        self.bom_box = QCheckBox("Start with a byte order mark (Excel then reads UTF-8 correctly)")
        self.bom_box.setChecked(True)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("where to save the export")
        self.choose_button = QPushButton("Choose…")
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.choose_button)

        self.progress_bar = QProgressBar()
        self.progress_bar.setVisible(False)
        self.message_label = plain_label()
        self.message_label.setWordWrap(True)
        self.message_label.setObjectName("exportMessage")
        self.counts_label = plain_label()
        self.counts_label.setWordWrap(True)
        self.counts_label.setObjectName("exportCounts")
        self.counts: ExportCounts | None = None
        self._counts_timer = QTimer(self)  # counted once typing pauses, not at every key
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(250)
        self._counts_timer.timeout.connect(self.update_counts)

        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("File", path_row)
        form.addRow("", self.bom_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.filters_group)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self._on_format_box_changed()
        for box in (*self.status_boxes.values(), self.reviewed_box, self.sent_back_box):
            box.toggled.connect(self._counts_timer.start)
        for edit in (self.from_edit, self.to_edit, self.speaker_edit, self.articles_edit):
            edit.textChanged.connect(self._counts_timer.start)
        self.outlet_box.currentTextChanged.connect(self._counts_timer.start)
        self.format_box.currentIndexChanged.connect(self._counts_timer.start)
        self.update_counts()

    # ---- what the user chose -------------------------------------------------------------------------------

    @property
    def format(self) -> str:
        return str(self.format_box.currentData())

    def set_format(self, format: str) -> None:
        index = self.format_box.findData(format)
        if index < 0:
            raise ValueError(f"unknown export format {format!r}")
        self.format_box.setCurrentIndex(index)

    def set_path(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))

    def filters(self) -> ExportFilter:
        """The filters as chosen; StoreError says what is wrong with them."""
        statuses = tuple(s for s, box in self.status_boxes.items() if box.isChecked())
        articles: list[int] = []
        for word in self.articles_edit.text().replace(",", " ").split():
            if not word.isdigit():
                raise StoreError(f"{word!r} is not an article id")
            articles.append(int(word))
        outlet = self.outlet_box.currentText().strip()
        return ExportFilter(
            statuses=statuses,
            outlets=(outlet,) if outlet else (),
            published_from=self.from_edit.text().strip() or None,
            published_to=self.to_edit.text().strip() or None,
            speaker=self.speaker_edit.text().strip() or None,
            reviewed_only=self.reviewed_box.isChecked(),
            skip_sent_back=self.sent_back_box.isChecked(),
            article_ids=tuple(articles),
        )

    def update_counts(self) -> None:
        """Say how many quotes the chosen filters export, and what each of them leaves out."""
        self._counts_timer.stop()
        if self.format in PEOPLE_FORMATS:
            self.counts = None
            self.counts_label.setText("Every person of the database is exported.")
            return
        try:
            filters = self.filters()
            self.counts = export_counts(self._store, filters)
        except (StoreError, DatabaseProblem) as exc:
            self.counts = None
            self.counts_label.setText(f"Cannot count the quotes: {exc}")
            return
        self.counts_label.setText(self.counts.summary())

    @staticmethod
    def _query(read: Callable[[], bool], fallback: bool) -> bool:
        try:
            return read()
        except (StoreError, DatabaseProblem):
            return fallback

    @property
    def is_running(self) -> bool:
        return self._running

    # ---- running -------------------------------------------------------------------------------------------

    def start_export(self) -> bool:
        """Check the choices and start the export; False (with a message shown) if it cannot start."""
        if self._running:
            return False
        text = self.path_edit.text().strip()
        if not text:
            self._show_error("choose a file to export to")
            return False
        try:
            filters = ExportFilter() if self.format in PEOPLE_FORMATS else self.filters()
        except StoreError as exc:
            self._show_error(str(exc))
            return False
        self._cancel.clear()
        self._set_running(True)
        self.message_label.setText("Exporting…")
        job = _ExportJob(
            self._store,
            Path(text).expanduser(),
            self.format,
            filters,
            self.bom_box.isChecked() and self.format in _CSV_FORMATS,
            self._cancel,
            self._signals,
        )
        self._pool.start(job)
        return True

    @Slot()
    def cancel_export(self) -> None:
        if self._running:
            self._cancel.set()
            self.message_label.setText("Cancelling…")

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.export_button.setEnabled(not running)
        self.close_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.progress_bar.setVisible(running)
        self.progress_bar.setRange(0, 0)  # busy until the first report gives a total
        for widget in (self.format_box, self.filters_group, self.path_edit, self.choose_button, self.bom_box):
            widget.setEnabled(not running)
        if not running:
            self._on_format_box_changed()

    def _show_error(self, message: str) -> None:
        self.message_label.setText(f"Export failed: {message}")
        self.message_label.setStyleSheet("color: #b00020;")

    # ---- slots ---------------------------------------------------------------------------------------------

    @Slot()
    def _on_format_box_changed(self) -> None:
        format = self.format
        self.filters_group.setEnabled(format not in PEOPLE_FORMATS and not self._running)
        self.bom_box.setEnabled(format in _CSV_FORMATS and not self._running)
        suffix = next(s for key, _, s, _ in FORMAT_CHOICES if key == format)
        text = self.path_edit.text().strip()
        if text and Path(text).suffix in _SUFFIXES and Path(text).suffix != suffix:
            self.path_edit.setText(str(Path(text).with_suffix(suffix)))

    @Slot()
    def _on_choose_button_clicked(self) -> None:
        file_filter = next(f for key, _, _, f in FORMAT_CHOICES if key == self.format)
        suffix = next(s for key, _, s, _ in FORMAT_CHOICES if key == self.format)
        start = self.path_edit.text().strip() or str(Path.home() / f"quotes{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, "Export to", start, file_filter)
        if path:
            if not Path(path).suffix:
                path += suffix
            self.set_path(path)

    @Slot()
    def _on_export_button_clicked(self) -> None:
        self.message_label.setStyleSheet("")
        self.start_export()

    @Slot(int, int, str)
    def _on_job_progressed(self, done: int, total: int, label: str) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))
            self.progress_bar.setFormat(f"%v / %m {label}")
        if not self._cancel.is_set():
            self.message_label.setText(f"Exporting… {done:,} {label}")

    @Slot(int)
    def _on_job_finished(self, count: int) -> None:
        self._set_running(False)
        what = "people" if self.format in PEOPLE_FORMATS else "quotes"
        self.message_label.setStyleSheet("")
        done = f"Exported {count:,} {what} to {self.path_edit.text().strip()}"
        self.update_counts()
        if what == "quotes" and self.counts is not None and self.counts.left_out:
            done += ". Left out:\n" + "\n".join(item.sentence for item in self.counts.left_out)
        self.message_label.setText(done)
        self.export_finished.emit(count)

    @Slot(str)
    def _on_job_failed(self, message: str) -> None:
        self._set_running(False)
        self._show_error(message)
        self.export_failed.emit(message)

    @Slot()
    def _on_job_cancelled(self) -> None:
        self._set_running(False)
        self.message_label.setStyleSheet("")
        self.message_label.setText("Export cancelled; no file was written")
        self.export_cancelled.emit()

    # ---- closing -------------------------------------------------------------------------------------------

    def reject(self) -> None:
        if self._running:
            self.cancel_export()
            self._pool.waitForDone()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._running:
            self.cancel_export()
            self._pool.waitForDone()
        super().closeEvent(event)
