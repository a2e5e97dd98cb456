"""A colleague's SQLite file, read without ever writing beside it, into a private folder of ours.

Their file may sit on a read-only mount (an e-mail attachment) or in a folder they still work in, so we
never open it with SQLite at all: the file, and its -wal when there is one, are copied byte for byte, and
SQLite opens the copy (replaying the -wal into it). Nothing is written next to theirs, no -wal or -shm,
and an unreadable file is reported with the operating system's own reason.

The private folder carries the pid of the run that made it, so a run killed halfway (kill -9, power cut)
leaves a folder the next run recognises as stale and removes.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from pathlib import Path

from annotator.db.opening import DatabaseProblem

OWNER_FILE = "owner.pid"
# The temporary folders `annotator review import` works in (tempfile.TemporaryDirectory(prefix=...))
MERGE_FOLDER_PREFIX = "annotator-merge-"
# A folder without an owner file (made by an older version, or killed before writing it) is stale after this
_UNOWNED_STALE_SECONDS = 24 * 3600


def copy_database_file(source: Path, copy: Path) -> None:
    """Copy a SQLite file (and its -wal) to `copy` by reading only; DatabaseProblem says why it failed."""
    try:
        shutil.copyfile(source, copy)
        wal = source.with_name(source.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
    except OSError as exc:
        raise DatabaseProblem(f"cannot read {source}: {_reason(exc)}") from exc


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full (a private copy is made first)"
    return exc.strerror or str(exc)


def claim_folder(folder: Path) -> None:
    """Mark a private folder as this run's, so a later run can tell whether its owner is still alive."""
    (folder / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")


def clean_stale_folders(folder: Path, prefix: str) -> list[Path]:
    """Remove the sibling folders named `prefix*` that killed runs left behind; returns what went."""
    removed: list[Path] = []
    try:
        siblings = [entry for entry in folder.parent.iterdir() if entry.name.startswith(prefix) and entry != folder]
    except OSError:
        return removed
    for sibling in siblings:
        if not sibling.is_symlink() and sibling.is_dir() and _abandoned(sibling):
            shutil.rmtree(sibling, ignore_errors=True)
            removed.append(sibling)
    return removed


def _abandoned(folder: Path) -> bool:
    try:
        if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
            return False  # another user's: not ours to judge
        owner = (folder / OWNER_FILE).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime > _UNOWNED_STALE_SECONDS
        except OSError:
            return False
    except (OSError, UnicodeDecodeError):
        return False
    if not owner.isdigit():
        return False
    return not _alive(int(owner))


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # os.kill would end the process there; such folders go by age (no owner file) only
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process with that pid
    return True
