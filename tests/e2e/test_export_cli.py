"""`annotator export` through the real entry point (annotator/cli.py main), on a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store import Store
from tests.unit.export_data import VERIFIED, build


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "export.db"
    store = Store.open(f"sqlite:///{path}")
    try:
        build(store)
    finally:
        store.close()
    return str(path)


def test_export_csv_to_stdout(capsysbinary: pytest.CaptureFixture[bytes], db: str) -> None:
    assert main(["--db", db, "export"]) == 0
    captured = capsysbinary.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out.decode("utf-8"), newline="")))
    assert len(rows) == len(VERIFIED)
    assert captured.out.split(b"\r\n", 1)[0].startswith(b"quote_id,article_id,article_title,")
    assert f"exported {len(VERIFIED)} quotes to stdout (csv)".encode() in captured.err


def test_export_jsonl_file_with_filters(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    out = tmp_path / "clegg.jsonl"
    code = main(
        ["--db", db, "export", "--format", "jsonl", "--speaker", "clegg", "--outlet", "BBC News", "-o", str(out)]
    )
    assert code == 0
    speakers = {json.loads(line)["speaker"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert speakers == {"Nick Clegg"}


def test_export_error_is_one_line(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    code = main(["--db", db, "export", "--status", "approved"])
    _, err = capsys.readouterr()
    assert code != 0
    assert len(err.strip().splitlines()) == 1
    assert "unknown quote status approved" in err
