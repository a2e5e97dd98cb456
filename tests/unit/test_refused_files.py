"""Files we refuse or only read stay as they were: a foreign or newer database is refused before anything
writes to it, a colleague's database is read without writing beside it (even on a read-only mount), and
the private copies a killed `review import` left in the temp folder go on the next run."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from annotator.db.opening import DatabaseProblem
from annotator.db.private_copy import MERGE_FOLDER_PREFIX, OWNER_FILE
from annotator.review.colleague_import import import_colleague_database
from annotator.store import NewArticle, Store, StoreError

REPO = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def colleague_database(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    ben = Store.open(f"sqlite:///{path}")
    try:
        ben.articles.add_article(NewArticle(title="Dock strike", text='"We stay out," said Ana Silva.'), user="ben")
    finally:
        ben.close()
    return path


def test_another_programs_database_is_refused_byte_for_byte_untouched(tmp_path: Path) -> None:
    path = tmp_path / "invoices.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        connection.execute("INSERT INTO invoices (total) VALUES (12.5)")
    connection.close()
    before = digest(path)
    with pytest.raises(DatabaseProblem, match="another program"):
        Store.open(f"sqlite:///{path}")
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["invoices.db"]


def test_a_newer_database_is_refused_byte_for_byte_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    Store.open(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.execute("PRAGMA journal_mode=DELETE")  # as a future version might leave it
    connection.close()
    before = digest(path)
    with pytest.raises(DatabaseProblem, match="newer version"):
        Store.open(f"sqlite:///{path}")
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.db"]


def test_a_colleagues_file_is_read_without_writing_beside_it(sqlite_store: Store, tmp_path: Path) -> None:
    ben = colleague_database(tmp_path / "inbox" / "ben.db")
    before = digest(ben)
    report = import_colleague_database(sqlite_store, ben, user="ana")
    assert report.articles_added == 1
    assert digest(ben) == before
    assert sorted(p.name for p in ben.parent.iterdir()) == ["ben.db"], "no -wal or -shm beside their file"


def test_a_colleagues_unflushed_wal_comes_along(sqlite_store: Store, tmp_path: Path) -> None:
    ben_path = colleague_database(tmp_path / "shared" / "ben.db")
    # Ben's app is still open: his last article is only in the -wal so far
    writer = sqlite3.connect(ben_path)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    ben = Store.open(f"sqlite:///{ben_path}")
    try:
        ben.articles.add_article(NewArticle(title="Late story", text='"Still here," said Li Wei.'), user="ben")
        assert (ben_path.parent / "ben.db-wal").stat().st_size > 0
        report = import_colleague_database(sqlite_store, ben_path, user="ana")
    finally:
        ben.close()
        writer.close()
    assert report.articles_added == 2


def _can_mount_read_only() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind / /mnt && mount -o remount,bind,ro /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


IMPORT_SCRIPT = """
import sys
from annotator.review.colleague_import import import_colleague_database
from annotator.store import Store
store = Store.open("sqlite:///" + sys.argv[1])
report = import_colleague_database(store, sys.argv[2], user="ana")
print("articles_added", report.articles_added)
"""


def test_a_colleagues_file_on_a_read_only_mount_opens(tmp_path: Path) -> None:
    ben = colleague_database(tmp_path / "attachment" / "ben.db")
    mine = tmp_path / "mine.db"
    Store.open(f"sqlite:///{mine}").close()
    before = digest(ben)
    command = [sys.executable, "-c", IMPORT_SCRIPT, str(mine), str(ben)]
    if _can_mount_read_only():
        # A real read-only mount of the attachment folder, in a mount namespace of this one command
        folder = str(ben.parent)
        shell = f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" && exec "$@"'
        command = ["unshare", "-m", "sh", "-c", shell, "sh", *command]
    elif os.geteuid() != 0:
        ben.parent.chmod(0o555)  # without root a read-only folder is read-only
    else:
        pytest.skip("root without mount namespaces: no way to make a folder read-only for this process")
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    finally:
        ben.parent.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert "articles_added 1" in done.stdout
    assert digest(ben) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_an_unreadable_colleague_file_says_permission_denied(sqlite_store: Store, tmp_path: Path) -> None:
    ben = colleague_database(tmp_path / "ben.db")
    ben.chmod(0)
    try:
        with pytest.raises(StoreError, match="permission denied"):
            import_colleague_database(sqlite_store, ben, user="ana")
    finally:
        ben.chmod(0o644)


def test_stale_merge_copies_of_a_killed_import_are_cleaned_on_the_next_run(
    sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()  # its pid now names no running process, as after kill -9
    killed = temp / f"{MERGE_FOLDER_PREFIX}killed01"
    killed.mkdir()
    shutil.copyfile(colleague_database(tmp_path / "ben.db"), killed / "colleague.db")
    (killed / OWNER_FILE).write_text(str(finished.pid), encoding="ascii")
    running = temp / f"{MERGE_FOLDER_PREFIX}running1"
    running.mkdir()
    (running / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")  # a live import elsewhere
    unrelated = temp / "someone-else-x"
    unrelated.mkdir()

    import_colleague_database(sqlite_store, tmp_path / "ben.db", user="ana")

    assert not killed.exists()
    assert running.exists() and unrelated.exists()
    assert sorted(p.name for p in temp.iterdir()) == sorted([running.name, unrelated.name])
