"""The export dialog: choose, click Export, and the file (or a clear error) appears."""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.store import Store
from tests.unit.export_data import VERIFIED, Sample, build
from ui.widgets.export_dialog import ExportDialog


@pytest.fixture
def sample(sqlite_store: Store) -> Sample:
    return build(sqlite_store)


@pytest.fixture
def dialog(qtbot: QtBot, sqlite_store: Store, sqlite_url: str) -> ExportDialog:
    settings = Settings(database_url=sqlite_url, user_name="ana", require_second_reviewer=False)
    widget = ExportDialog(sqlite_store, settings)
    qtbot.addWidget(widget)
    return widget


def test_export_button_writes_the_csv(qtbot: QtBot, dialog: ExportDialog, sample: Sample, tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    dialog.set_path(path)
    assert dialog.bom_box.isChecked()
    with qtbot.waitSignal(dialog.export_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    # one-person newsroom: confirmed quotes count, except the one a reviewer sent back
    expected = {sample.quotes[name].uid for name in VERIFIED if name != "commas"}
    assert blocker.args == [len(expected)]
    assert path.read_bytes().startswith(b"\xef\xbb\xbfquote_id,")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["quote_id"] for row in rows} == expected
    assert str(len(expected)) in dialog.message_label.text()
    assert dialog.export_button.isEnabled()


def test_filters_and_format_reach_the_export(
    qtbot: QtBot, dialog: ExportDialog, sample: Sample, tmp_path: Path
) -> None:
    dialog.set_format("jsonl")
    dialog.set_path(tmp_path / "quotes.jsonl")
    dialog.status_boxes["suggested"].setChecked(True)
    dialog.outlet_box.setCurrentText("bbc news")
    dialog.from_edit.setText("2024-03-01")
    dialog.speaker_edit.setText("Someone")
    with qtbot.waitSignal(dialog.export_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [1]
    lines = (tmp_path / "quotes.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["quote_id"] for line in lines] == [sample.quotes["suggested"].uid]


def test_suffix_follows_the_format(dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.set_path(tmp_path / "quotes.csv")
    dialog.set_format("spacy")
    assert dialog.path_edit.text().endswith("quotes.spacy")
    assert not dialog.bom_box.isEnabled()
    dialog.set_format("people-jsonl")
    assert dialog.path_edit.text().endswith("quotes.jsonl")
    assert not dialog.filters_group.isEnabled()


def test_errors_are_shown_in_one_line(qtbot: QtBot, dialog: ExportDialog, sample: Sample, tmp_path: Path) -> None:
    assert not dialog.start_export()  # no file chosen yet
    assert "choose a file" in dialog.message_label.text()
    dialog.set_path(tmp_path / "quotes.csv")
    dialog.from_edit.setText("last week")
    assert not dialog.start_export()
    assert "not a date" in dialog.message_label.text()
    dialog.from_edit.setText("")
    dialog.set_path(tmp_path / "missing" / "quotes.csv")
    with qtbot.waitSignal(dialog.export_failed, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "folder does not exist" in blocker.args[0]
    assert "folder does not exist" in dialog.message_label.text()


def test_cancel_leaves_no_file(
    qtbot: QtBot, dialog: ExportDialog, sample: Sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Hold the worker at its first progress report until the test has pressed Cancel: no race, no sleep
    from ui.widgets import export_dialog

    pressed = threading.Event()
    original = export_dialog._ExportJob._progress

    def held(self: export_dialog._ExportJob, done: int, total: int, label: str) -> bool:
        pressed.wait(timeout=10)
        return original(self, done, total, label)

    monkeypatch.setattr(export_dialog._ExportJob, "_progress", held)
    path = tmp_path / "quotes.csv"
    dialog.set_path(path)
    with qtbot.waitSignal(dialog.export_cancelled, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.is_running
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        pressed.set()
    assert not path.exists()
    assert "cancelled" in dialog.message_label.text()
    assert not dialog.is_running


def test_second_reviewer_setting_preselects_reviewed_only_where_someone_reviews(
    qtbot: QtBot, sqlite_store: Store, sqlite_url: str
) -> None:
    strict_settings = Settings(database_url=sqlite_url, user_name="ana")
    nobody_reviews = ExportDialog(sqlite_store, strict_settings)
    qtbot.addWidget(nobody_reviews)
    assert not nobody_reviews.reviewed_box.isChecked()  # it would export nothing: confirmed quotes go out
    build(sqlite_store)  # Erin accepted a quote
    strict = ExportDialog(sqlite_store, strict_settings)
    qtbot.addWidget(strict)
    assert strict.reviewed_box.isChecked()
    assert strict.filters().reviewed_only
    assert "5 confirmed quotes await a second reviewer" in strict.counts_label.text()


def test_exporting_over_the_open_database_is_refused_in_the_dialog(
    qtbot: QtBot, dialog: ExportDialog, sample: Sample, sqlite_store: Store, sqlite_url: str
) -> None:
    # The dialog goes through the same target checks as `annotator export -o`
    database = Path(sqlite_url.removeprefix("sqlite:///"))
    articles = sqlite_store.articles.count_articles()
    dialog.set_path(database)
    with qtbot.waitSignal(dialog.export_failed, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "database you are working in" in blocker.args[0]
    assert "database you are working in" in dialog.message_label.text()
    assert sqlite_store.articles.count_articles() == articles
    assert database.read_bytes().startswith(b"SQLite format 3\x00")
