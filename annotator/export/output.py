"""Where an export goes: a path (written atomically) or a stream the caller owns (stdout, a buffer).

A regular file is written to a hidden `.part` file beside it and moved into place only once everything
is on disk, so a failed or cancelled export (disk full, database gone, the user pressed Cancel) never
leaves a half file that looks complete, and an earlier good export at that path survives. A `.part` left
by a killed export is removed by the next export to that path.

What is at the path decides how it is written: a FIFO, a device or `-` (stdout) gets a stream, a symlink
is followed to its file, a read-only file, a socket or a SQLite database is refused with one line.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from annotator.store import StoreError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, so a .part is judged by its age alone
    fcntl = None  # type: ignore[assignment]

Target = str | os.PathLike[str] | IO[Any]

STDOUT = "-"
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
# A .part older than this whose lock nobody holds was left by a killed export
STALE_PART_SECONDS = 60


def is_path(out: Target) -> bool:
    return isinstance(out, str | os.PathLike)


def describe(out: Target) -> str:
    if is_path(out):
        return str(out)
    return str(getattr(out, "name", "the stream"))


def write_problem(exc: OSError, where: str) -> StoreError:
    """A one-line message for the user about a failed write."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreError(f"the disk is full: nothing was exported to {where}; free some space and try again")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(f"cannot write {where}: permission denied")
    if exc.errno == errno.ENOENT:
        return StoreError(f"cannot write {where}: the folder does not exist")
    return StoreError(f"cannot write {where}: {exc.strerror or exc}")


def refuse_database_target(out: Target, database: str | None) -> None:
    """Refuse to export over the open database (its -wal, -shm or journal too) or over any SQLite file.

    Writing a CSV there destroys every decision in it, and the atomic replace makes that silent.
    """
    if not is_path(out) or str(out) == STDOUT:
        return
    target = Path(os.path.realpath(Path(out).expanduser()))  # type: ignore[arg-type]
    if database:
        base = os.path.realpath(Path(database).expanduser())
        protected = {base, *(base + suffix for suffix in SQLITE_COMPANIONS)}
        if str(target) in protected:
            raise StoreError(f"refusing to export to {out}: it is the database you are working in")
    if _starts_with_sqlite_magic(target):
        raise StoreError(f"refusing to export to {out}: it is a SQLite database, and exporting would destroy it")


def _starts_with_sqlite_magic(path: Path) -> bool:
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False  # unreadable: the write itself will say why


def _stale_part(path: Path, now: float) -> bool:
    """A `.part` file of ours left by a killed export: old, and no running export holds its lock."""
    try:
        if path.is_symlink() or not path.is_file() or now - path.stat().st_mtime < STALE_PART_SECONDS:
            return False
        if fcntl is None:
            return True
        with path.open("rb") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True
    except OSError:
        return False


def clean_stale_parts(target: Path) -> list[Path]:
    """Remove the `.part` files earlier, killed exports to `target` left beside it; returns what went."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[0-9a-f]{{8}}\.part")
    now = time.time()
    removed: list[Path] = []
    try:
        candidates = [entry for entry in target.parent.iterdir() if pattern.fullmatch(entry.name)]
    except OSError:
        return removed
    for candidate in candidates:
        if _stale_part(candidate, now):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


@contextmanager
def _opened_path(given: Path, mode: str, **kwargs: Any) -> Iterator[IO[Any]]:
    """Write to a path the way its kind needs: a regular file atomically, a FIFO or device as a stream.

    A symlink is followed (the file it points to is written, the link stays), a read-only file or an
    unusual node (socket, block device) is refused, and a replaced file keeps its permissions.
    """
    given = given.expanduser()
    target = Path(os.path.realpath(given))
    try:
        status: os.stat_result | None = target.stat()
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise write_problem(exc, str(given)) from exc
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise StoreError(f"cannot write {given}: it is a folder")
    if status is not None and (stat.S_ISFIFO(status.st_mode) or stat.S_ISCHR(status.st_mode)):
        with _stream_to(target, given, mode, **kwargs) as handle:
            yield handle
        return
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise StoreError(f"cannot write {given}: it is not a regular file")
    # Root may write anything, so the mode bits are asked too: a file nobody may write stays as it is.
    if status is not None and (not status.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise StoreError(f"cannot write {given}: the file is read-only")
    with _atomic(target, str(given), mode, None if status is None else stat.S_IMODE(status.st_mode), **kwargs) as h:
        yield h


@contextmanager
def _stream_to(target: Path, where: str | Path, mode: str, **kwargs: Any) -> Iterator[IO[Any]]:
    """A FIFO or device gets the bytes as they come: replacing it would leave its reader with nothing."""
    try:
        handle = open(target, mode, **kwargs)  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise write_problem(exc, str(where)) from exc
    try:
        with handle:
            yield handle
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise write_problem(exc, str(where)) from exc


@contextmanager
def _atomic(path: Path, where: str, mode: str, keep_mode: int | None, **kwargs: Any) -> Iterator[IO[Any]]:
    clean_stale_parts(path)
    # Opened with "x" (not mkstemp) so a new file gets the usual permissions from the umask
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        handle = open(temporary, mode.replace("w", "x"), **kwargs)  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise write_problem(exc, where) from exc
    try:
        try:
            # The lock tells a later run that this .part is still being written (see clean_stale_parts)
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            if keep_mode is not None:
                os.chmod(handle.fileno(), keep_mode)
        finally:
            handle.close()
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise write_problem(exc, where) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def text_output(out: Target, *, bom: bool = False) -> Iterator[TextIO]:
    """A text stream for CSV or JSONL: UTF-8 (with a BOM for Excel if asked), newlines left as written."""
    if is_path(out) and str(out) == STDOUT:
        sys.stdout.flush()
        out = sys.stdout.buffer
    if is_path(out):
        encoding = "utf-8-sig" if bom else "utf-8"
        with _opened_path(Path(out), "w", encoding=encoding, newline="") as handle:  # type: ignore[arg-type]
            yield handle  # type: ignore[misc]
        return
    stream: Any = out
    wrapper: io.TextIOWrapper | None = None
    if not _is_text(stream):
        wrapper = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
        stream = wrapper
    try:
        if bom:
            stream.write("\ufeff")
        yield stream
        stream.flush()
    except BrokenPipeError:
        raise  # the reader went away (`| head`): the caller decides, it is no write failure
    except OSError as exc:
        raise write_problem(exc, describe(out)) from exc
    finally:
        if wrapper is not None:
            wrapper.detach()  # leave the caller's binary stream open


@contextmanager
def binary_output(out: Target) -> Iterator[BinaryIO]:
    """A binary stream for the spaCy DocBin; a text stream is used through its buffer (stdout)."""
    if is_path(out) and str(out) == STDOUT:
        sys.stdout.flush()
        out = sys.stdout.buffer
    if is_path(out):
        with _opened_path(Path(out), "wb") as handle:  # type: ignore[arg-type]
            yield handle  # type: ignore[misc]
        return
    stream: Any = out
    if _is_text(stream):
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            raise StoreError("the spaCy format is binary: give a file path or a binary stream")
        stream.flush()
        stream = buffer
    try:
        yield stream
        stream.flush()
    except BrokenPipeError:
        raise  # the reader went away (`| head`): the caller decides, it is no write failure
    except OSError as exc:
        raise write_problem(exc, describe(out)) from exc


def _is_text(stream: Any) -> bool:
    return isinstance(stream, io.TextIOBase) or (
        hasattr(stream, "encoding") and not isinstance(stream, io.BufferedIOBase | io.RawIOBase)
    )
