"""The `annotator` command line as a user runs it, on real files and a real SQLite database."""

from __future__ import annotations

import json
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
    for command in ("import", "list", "show", "annotate", "extract", "app", "quote", "article", "people", "undo"):
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

    from annotator.store import Store

    run(capsys, "--db", db, "import", str(SEEDS))
    code, out, err = run(capsys, "--db", db, "annotate", "--new")
    assert code == 0, err
    assert len(out.strip().splitlines()) == 3 and "quotes" in out
    rows = [json.loads(line) for line in run(capsys, "--db", db, "list", "--format", "jsonl")[1].splitlines()]
    assert all(row["quotes"] > 0 and row["to_check"] == row["quotes"] for row in rows)

    store = Store.open(f"sqlite:///{db}")
    try:
        first = store.quotes.quotes_for_article(rows[0]["id"])[0]
        store.quotes.confirm_quote(first.id, user="ana")
    finally:
        store.close()
    code, out, err = run(capsys, "--db", db, "annotate", "--all")
    assert code == 0, err
    store = Store.open(f"sqlite:///{db}")
    try:
        kept = store.quotes.get_quote(first.id)
        assert (kept.status, kept.verified_by) == ("confirmed", "ana")
    finally:
        store.close()
    code, _, err = run(capsys, "--db", db, "annotate", "--article", "999")
    assert code == 1 and "there is no article 999" in err


def _cli_process(db: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own, as a script would run it."""
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", "--db", db, *argv], capture_output=True, text=True, timeout=120
    )


def test_decisions_from_the_command_line_are_undone_and_redone_in_a_new_process(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    run(capsys, "--db", db, "import", str(SEEDS))
    code, out, _ = run(capsys, "--db", db, "show", "1", "--format", "json")
    words = "very keen"
    start = json.loads(out)["text"].index(words)
    code, out, err = run(capsys, "--db", db, "--user", "ana", "quote", "add", "1", str(start), str(start + len(words)))
    assert code == 0, err
    quote_id = out.split()[1]
    code, out, err = run(capsys, "--db", db, "--user", "ana", "quote", "speaker", quote_id, "--name", "Mark Zuckerberg")
    assert code == 0 and "Mark Zuckerberg" in out, err
    code, out, _ = run(capsys, "--db", db, "people", "list")
    assert "Mark Zuckerberg" in out

    undone = _cli_process(db, "--user", "ana", "undo")  # a new process: the history is in the database
    assert undone.returncode == 0, undone.stderr
    assert "undone: set the speaker of quote" in undone.stdout
    code, out, _ = run(capsys, "--db", db, "people", "list")
    assert "Mark Zuckerberg" not in out  # the person the decision created went with it
    code, out, _ = run(capsys, "--db", db, "quote", "list", "1", "--format", "json")
    [quote] = [json.loads(line) for line in out.splitlines()]
    assert quote["person_id"] is None and quote["status"] == "suggested"  # added without a speaker: waits for one

    redone = _cli_process(db, "--user", "ana", "redo")
    assert redone.returncode == 0, redone.stderr
    code, out, _ = run(capsys, "--db", db, "people", "list")
    assert "Mark Zuckerberg" in out

    # a colleague notes the quote: Ana's undo is refused and the fresh state is shown
    code, out, err = run(capsys, "--db", db, "--user", "ben", "quote", "note", quote_id, "check the tape")
    assert code == 0, err
    refused = _cli_process(db, "--user", "ana", "undo")
    assert refused.returncode == 1
    assert "refused" in refused.stderr and "changed" in refused.stderr
    assert f"quote {quote_id}" in refused.stdout  # the quote as it is now
    code, out, _ = run(capsys, "--db", db, "quote", "list", "1", "--format", "json")
    assert json.loads(out)["note"] == "check the tape"


def test_a_stale_expected_version_is_refused_with_the_quote_as_it_is(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    run(capsys, "--db", db, "import", str(SEEDS))
    code, out, err = run(capsys, "--db", db, "--user", "ana", "quote", "add", "1", "0", "10", "--format", "json")
    added = json.loads(out)
    code, out, err = run(capsys, "--db", db, "--user", "ben", "quote", "kind", str(added["id"]), "indirect")
    assert code == 0, err
    code, out, err = run(
        capsys, "--db", db, "--user", "ana", "quote", "reject", str(added["id"]), "--expect-version", "1"
    )
    assert code == 1 and "changed by ben" in err
    assert "v2" in out and "indirect" in out
    code, out, err = run(capsys, "--db", db, "--user", "ana", "article", "done", "1", "--expect-status", "new")
    assert code == 1 and "in_progress" in err
    code, out, err = run(capsys, "--db", db, "--user", "ana", "article", "done", "1")
    assert code == 0 and "done" in out
