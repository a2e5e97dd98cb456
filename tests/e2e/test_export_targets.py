"""What is at an export's path decides how it is written: never over a database, never replacing a FIFO,
a device or a symlink, never over a read-only file; a `.part` a killed export left is cleaned up.

Real files, FIFOs, device nodes and symlinks, through the real `annotator export` entry point.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import os
import shutil
import stat
import threading
import time
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.export import export_quotes
from annotator.export.output import STALE_PART_SECONDS
from annotator.store import Store, StoreError
from tests.unit.export_data import VERIFIED, build


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "work.db"
    store = Store.open(f"sqlite:///{path}")
    try:
        build(store)
    finally:
        store.close()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_to(db: Path, target: Path | str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--db", str(db), "export", "-o", str(target)])
    return code, capsys.readouterr().err


def csv_rows(text: str) -> int:
    return len(list(csv.DictReader(io.StringIO(text, newline=""))))


def article_count(db: Path) -> int:
    store = Store.open(f"sqlite:///{db}")
    try:
        return store.articles.count_articles()
    finally:
        store.close()


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_over_the_open_database_is_refused_in_one_line(
    db: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = article_count(db)
    target = Path(f"{db}{suffix}")
    code, err = export_to(db, target, capsys)
    assert code != 0
    assert len(err.strip().splitlines()) == 1
    assert "database you are working in" in err
    assert not target.exists() or not target.read_bytes().startswith(b"quote_id")
    assert article_count(db) == articles


def test_export_over_any_sqlite_file_is_refused(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "colleague.sqlite"
    shutil.copyfile(db, other)
    before = digest(other)
    code, err = export_to(db, other, capsys)
    assert code != 0
    assert len(err.strip().splitlines()) == 1
    assert "SQLite database" in err
    assert digest(other) == before


def test_export_through_a_symlink_to_the_database_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "quotes.csv"
    link.symlink_to(db)
    articles = article_count(db)
    code, err = export_to(db, link, capsys)
    assert code != 0 and "database you are working in" in err
    assert article_count(db) == articles and link.is_symlink()


def test_export_to_a_fifo_streams_to_its_reader(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "quotes.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    # A daemon with a bounded join: if the FIFO were replaced, its reader would wait forever
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _ = export_to(db, fifo, capsys)
    reader.join(timeout=60)
    assert code == 0
    assert received, "the reader got nothing"
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO must still be there"
    assert csv_rows(received[0].decode("utf-8")) == len(VERIFIED)


def test_export_to_a_character_device_writes_through_it(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the same device as /dev/null
        device.open("wb").close()
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    code, err = export_to(db, device, capsys)
    assert code == 0, err
    assert stat.S_ISCHR(device.lstat().st_mode), "the device node must not be replaced by a file"


def test_export_to_dash_is_stdout_for_the_library_too(
    db: Path, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = Store.open(f"sqlite:///{db}")
    try:
        assert export_quotes(store, "-") == len(VERIFIED)
    finally:
        store.close()
    assert csv_rows(capsysbinary.readouterr().out.decode("utf-8")) == len(VERIFIED)
    assert not (tmp_path / "-").exists()


def test_export_to_a_symlink_writes_its_file_and_keeps_the_link(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "shared" / "quotes.csv"
    real.parent.mkdir()
    real.write_text("old export\n", encoding="utf-8")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    code, err = export_to(db, link, capsys)
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == real
    assert csv_rows(real.read_text(encoding="utf-8")) == len(VERIFIED)


def test_export_over_a_read_only_file_is_refused_and_leaves_it_alone(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "final.csv"
    target.write_text("signed-off export\n", encoding="utf-8")
    target.chmod(0o444)
    code, err = export_to(db, target, capsys)
    assert code != 0
    assert len(err.strip().splitlines()) == 1 and "read-only" in err
    assert target.read_text(encoding="utf-8") == "signed-off export\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_export_over_a_socket_is_refused(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    # A short folder name: a socket path must fit in about 100 bytes
    folder = Path(f"/tmp/qa-sock-{os.getpid()}")
    folder.mkdir(exist_ok=True)
    path = folder / "s"
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind(str(path))
        code, err = export_to(db, path, capsys)
        assert code != 0 and "not a regular file" in err
        assert stat.S_ISSOCK(path.lstat().st_mode)
    finally:
        listener.close()
        shutil.rmtree(folder)


def test_a_replaced_export_keeps_its_permissions(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "team.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o664)  # group-writable: the team shares it
    old_umask = os.umask(0o077)
    try:
        code, err = export_to(db, target, capsys)
    finally:
        os.umask(old_umask)
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    assert csv_rows(target.read_text(encoding="utf-8")) == len(VERIFIED)


def test_stale_part_files_of_a_killed_export_are_cleaned_on_the_next_run(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "quotes.csv"
    stale = tmp_path / ".quotes.csv.0badc0de.part"
    stale.write_text("half an export", encoding="utf-8")
    old = time.time() - STALE_PART_SECONDS - 60
    os.utime(stale, (old, old))
    # Another export still writing: its .part is locked, whatever its age
    running = tmp_path / ".quotes.csv.1234abcd.part"
    running.write_text("being written", encoding="utf-8")
    os.utime(running, (old, old))
    # Someone else's file with a similar name is not ours to delete
    unrelated = tmp_path / ".other.csv.0badc0de.part"
    unrelated.write_text("not ours", encoding="utf-8")
    os.utime(unrelated, (old, old))
    with running.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        code, err = export_to(db, target, capsys)
    assert code == 0, err
    assert not stale.exists()
    assert running.exists() and unrelated.exists()
    leftovers = {p.name for p in tmp_path.glob(".quotes.csv.*.part")}
    assert leftovers == {running.name}


def test_the_library_refuses_the_database_too(db: Path) -> None:
    store = Store.open(f"sqlite:///{db}")
    try:
        with pytest.raises(StoreError, match="database you are working in"):
            export_quotes(store, db, format="jsonl")
        assert store.articles.count_articles() > 0
    finally:
        store.close()
