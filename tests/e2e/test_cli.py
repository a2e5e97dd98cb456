"""The `annotator` command line as a user runs it, on real files and a real SQLite database."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from tests.conftest import SEEDS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


def test_import_seeds_then_list_shows_titles_and_dates(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "--db", db, "import", str(SEEDS))
    assert code == 0
    assert "3 imported, 0 already there, 0 failed" in err
    code, out, _ = run(capsys, "--db", db, "list")
    assert code == 0
    assert "Zuckerberg: There’s no secret agreement with Trump." in out
    assert "Mark Zuckeberg says he personally told Donald Trump his rhe…" in out  # long titles are clipped
    assert "2020-09-03" in out
    assert len(out.strip().splitlines()) == 4  # header and three articles

    code, out, err = run(capsys, "--db", db, "import", str(SEEDS))
    assert code == 0 and "0 imported, 3 already there" in err


def test_a_bad_file_is_named_and_the_rest_of_the_folder_goes_on(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
    (folder / "blank.txt").write_bytes(b"")
    (folder / "windows.txt").write_bytes("Caf\xe9 owner speaks\n\nShe said \x93we stay open\x94.\n".encode("latin-1"))
    code, out, err = run(capsys, "--db", db, "import", str(folder))
    assert code == 0
    assert "photo.png" in err and "blank.txt: empty file" in err
    assert "1 imported, 0 already there, 2 failed" in err
    code, out, _ = run(capsys, "--db", db, "show", "1")
    assert "Café owner speaks" in out and "“we stay open”" in out


def test_list_as_json_lines(capsys: pytest.CaptureFixture[str], db: str) -> None:
    run(capsys, "--db", db, "import", str(SEEDS))
    import json

    code, out, _ = run(capsys, "--db", db, "list", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 3
    assert set(rows[0]) >= {"id", "title", "outlet", "published", "status", "quotes", "to_check", "checked"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "42"], "there is no article 42"),
        (["import", "/no/such/folder"], "file not found"),
    ],
)
def test_errors_are_one_line_and_a_non_zero_exit(
    capsys: pytest.CaptureFixture[str], db: str, argv: list[str], message: str
) -> None:
    code, _out, err = run(capsys, "--db", db, *argv)
    assert code != 0
    assert message in err
    assert "Traceback" not in err


def test_a_corrupt_database_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"garbage" * 500)
    code, _, err = run(capsys, "--db", str(broken), "list")
    assert code == 1
    assert err.count("\n") == 1 and "damaged or not a database" in err


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("import", "list", "show", "annotate", "extract", "app"):
        with pytest.raises(SystemExit) as exited:
            main([command, "--help"])
        assert exited.value.code == 0
        assert "usage: annotator" in capsys.readouterr().out


def test_the_console_script_is_installed(tmp_path: Path) -> None:
    script = shutil.which("annotator", path=str(Path(sys.executable).parent))
    assert script is not None
    command = [script, "--db", str(tmp_path / "x.db"), "list"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "no articles yet" in result.stdout


def test_the_global_editor_name_and_a_sub_command_user_option_do_not_clash(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, err = run(capsys, "--db", db, "--user", "ana", "review", "agreement", "--user", "ana", "--user", "ben")
    assert code == 0, err
    assert "A = ana, B = ben" in out


def test_extract_prints_the_contract_for_each_file_and_names_a_bad_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import json

    seed = next(SEEDS.glob("000_*.txt"))
    code, out, err = run(capsys, "extract", str(seed), "--format", "jsonl")
    assert code == 0, err
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["id"] == seed.stem
    text = seed.read_text(encoding="utf-8")
    assert record["quotes"] and all(text[q["start"] : q["end"]] == q["text"] for q in record["quotes"])
    assert any(q["speaker"] and q["speaker"]["name"] == "Nick Clegg" for q in record["quotes"])

    broken = tmp_path / "broken.html"
    broken.write_text("<html><body></body></html>", encoding="utf-8")
    code, out, err = run(capsys, "extract", str(broken))
    assert code == 1 and out == ""
    assert err.startswith("annotator: error: ") and "broken.html" in err and "Traceback" not in err


def test_annotate_suggests_quotes_and_keeps_decisions(capsys: pytest.CaptureFixture[str], db: str) -> None:
    import json

    from annotator.store import Store

    run(capsys, "--db", db, "import", str(SEEDS))
    code, out, err = run(capsys, "--db", db, "annotate", "--new")
    assert code == 0, err
    assert len(out.strip().splitlines()) == 3 and "quotes" in out
    rows = [json.loads(line) for line in run(capsys, "--db", db, "list", "--format", "jsonl")[1].splitlines()]
    assert all(row["quotes"] > 0 and row["to_check"] == row["quotes"] for row in rows)

    store = Store.open(f"sqlite:///{db}")
    try:
        first = store.quotes_for_article(rows[0]["id"])[0]
        store.confirm_quote(first.id, user="ana")
    finally:
        store.close()
    code, out, err = run(capsys, "--db", db, "annotate", "--all")
    assert code == 0, err
    store = Store.open(f"sqlite:///{db}")
    try:
        kept = store.get_quote(first.id)
        assert (kept.status, kept.verified_by) == ("confirmed", "ana")
    finally:
        store.close()
    code, _, err = run(capsys, "--db", db, "annotate", "--article", "999")
    assert code == 1 and "there is no article 999" in err
