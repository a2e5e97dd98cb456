"""An `annotator` command on a database an earlier version wrote says, step by step, that it is upgrading."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from tests.unit.test_database_upgrade import LATER_STEPS, make_database_at_0010


def test_a_command_on_an_older_database_prints_each_upgrade_step(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "archive.db"
    make_database_at_0010(f"sqlite:///{db}")
    assert main(["--db", str(db), "list"]) == 0
    out, err = capsys.readouterr()
    assert "Flood" in out
    assert err.splitlines() == [
        f"upgrading the database: a copy as it was goes to {tmp_path / 'archive.db.before-0010.bak'}",
        *(f"upgrading the database: {n}/3 {description} …" for n, (_rev, description) in enumerate(LATER_STEPS, 1)),
    ]

    assert main(["--db", str(db), "list"]) == 0  # upgraded once: quiet from then on
    assert capsys.readouterr().err == ""


def test_a_new_database_is_created_quietly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "new.db"), "list"]) == 0
    assert "upgrading" not in capsys.readouterr().err
