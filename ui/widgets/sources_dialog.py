"""View › Sources: who is quoted how often, by outlet or by month, verified quotes only or all, and the
share of quotes by gender where editors recorded it; drawn with matplotlib's Qt backend and saved as PNG
or SVG. The rows and the drawing are the core's (annotator/sources.py), as `annotator people stats`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from matplotlib.figure import Figure
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.db.opening import DatabaseProblem
from annotator.sources import (
    SourceCount,
    draw_chart,
    gender_shares,
    source_counts,
)
from annotator.store import Store, StoreError
from ui.plain import plain_label

# Ask where to save the chart: the suggested path in, the chosen one out (None: cancelled). Tests pass their own.
ChoosePath = Callable[[Path], Path | None]

BREAKDOWN_CHOICES = (("none", "all quotes"), ("outlet", "by outlet"), ("month", "by month"))
CHART_CHOICES = (
    ("speakers", "Most quoted people"),
    ("buckets", "Quotes per outlet or month"),
    ("gender", "Gender share"),
)


def _qt_canvas(figure: Figure) -> QWidget:
    """A Qt widget drawing `figure`. matplotlib's Qt backend is told to use PySide6, the app's binding (it
    would otherwise take the first Qt binding it finds installed)."""
    os.environ.setdefault("QT_API", "pyside6")
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    return FigureCanvasQTAgg(figure)


class SourcesDialog(QDialog):
    def __init__(self, store: Store, *, choose_path: ChoosePath | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.choose_path = choose_path or self._choose_with_dialog
        self.counts: list[SourceCount] = []
        self.setWindowTitle("Sources")
        self.resize(900, 620)

        self.breakdown_combo = QComboBox()
        for value, label in BREAKDOWN_CHOICES:
            self.breakdown_combo.addItem(label, value)
        self.breakdown_combo.setAccessibleName("Break down")
        self.chart_combo = QComboBox()
        for value, label in CHART_CHOICES:
            self.chart_combo.addItem(label, value)
        self.chart_combo.setAccessibleName("Chart")
        self.verified_check = QCheckBox("Verified quotes only")
        self.verified_check.setChecked(True)
        self.summary_label = plain_label()
        self.summary_label.setWordWrap(True)
        self.figure = Figure(figsize=(8, 5), layout="constrained")
        self.canvas = _qt_canvas(self.figure)
        self.save_button = QPushButton("Save chart…")
        self.save_button.setToolTip("Save the chart as PNG or SVG")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        options = QHBoxLayout()
        options.addWidget(QLabel("Chart:"))
        options.addWidget(self.chart_combo)
        options.addWidget(QLabel("Quotes:"))
        options.addWidget(self.breakdown_combo)
        options.addWidget(self.verified_check)
        options.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(buttons)

        self.breakdown_combo.currentIndexChanged.connect(lambda _i: self.redraw())
        self.chart_combo.currentIndexChanged.connect(self._on_chart_changed)
        self.verified_check.toggled.connect(lambda _on: self.redraw())
        self.save_button.clicked.connect(self.ask_save)
        self.redraw()

    @property
    def chart(self) -> str:
        return str(self.chart_combo.currentData())

    @property
    def breakdown(self) -> str:
        return str(self.breakdown_combo.currentData())

    def redraw(self) -> None:
        """Count again with the options shown and draw the chart."""
        try:
            self.counts = source_counts(self.store, by=self.breakdown, verified_only=self.verified_check.isChecked())
        except (StoreError, DatabaseProblem) as exc:
            self.counts = []
            self.summary_label.setText(f"The sources could not be counted: {exc}")
        else:
            self.summary_label.setText(self._summary())
        self.figure.clear()
        axes = self.figure.add_subplot()
        if self.counts:
            draw_chart(axes, self.counts, chart=self.chart)
        else:
            axes.set_axis_off()
            axes.text(0.5, 0.5, "No quotes to count yet", ha="center", va="center")
        self.canvas.draw_idle()  # type: ignore[attr-defined]

    def _summary(self) -> str:
        total = sum(r.quotes for r in self.counts)
        speakers = len({(r.speaker, r.person_id) for r in self.counts})
        kind = "verified quotes" if self.verified_check.isChecked() else "quotes (verified and suggested)"
        text = f"{total} {kind} from {speakers} speakers."
        overall = [
            s
            for s in gender_shares(
                [SourceCount("all", r.speaker, r.person_id, r.gender, r.quotes) for r in self.counts]
            )
        ]
        recorded = [s for s in overall if s.share > 0]
        if recorded:
            text += (
                " Where the speaker's gender is recorded: "
                + ", ".join(f"{s.gender} {s.share:.0%}" for s in recorded)
                + "."
            )
        return text

    def save_chart(self, path: Path) -> Path:
        """Write the chart as shown to a PNG or SVG file (by the suffix; PNG when it has none)."""
        if path.suffix.lower() not in {".png", ".svg"}:
            path = path.with_suffix(".png")
        self.figure.savefig(path)
        return path

    def ask_save(self) -> None:
        chosen = self.choose_path(Path.home() / f"sources-{self.chart}.png")
        if chosen is None:
            return
        try:
            saved = self.save_chart(chosen)
        except OSError as exc:
            self.summary_label.setText(f"The chart could not be saved: {exc.strerror or exc}")
            return
        self.summary_label.setText(f"Chart saved to {saved}")

    def _on_chart_changed(self, _index: int) -> None:
        if self.chart == "buckets" and self.breakdown == "none":
            self.breakdown_combo.setCurrentIndex(1)  # per outlet: "all" is one bar (this redraws)
        else:
            self.redraw()

    def _choose_with_dialog(self, suggested: Path) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save chart", str(suggested), "PNG image (*.png);;SVG image (*.svg)"
        )
        return Path(path) if path else None
