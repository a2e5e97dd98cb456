"""The archive commands on SQLite: `import --bulk`, then `annotate --worker` (which runs locally there) and
`annotate --status`."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from tests.conftest import SEEDS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_bulk_import_then_local_worker_then_status(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    code, _, err = run(capsys, "--db", db, "import", "--bulk", str(SEEDS))
    assert code == 0 and "3 imported, 0 already there, 0 failed" in err
    code, _, err = run(capsys, "--db", db, "import", "--bulk", str(SEEDS))
    assert code == 0 and "0 imported, 3 already there" in err  # a re-run resumes: nothing twice

    code, out, _ = run(capsys, "--db", db, "annotate", "--status")
    assert code == 0 and "done 0  claimed 0  left 3" in out
    assert " 0/0" in run(capsys, "--db", db, "list")[1]

    code, _, err = run(capsys, "--db", db, "annotate", "--worker", "--processes", "1")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", db, "annotate", "--status")
    assert "done 3  claimed 0  left 0" in out
    code, out, _ = run(capsys, "--db", db, "list")
    assert " 0/0" not in out  # every seed article now has suggestions to check (0/0 before)
