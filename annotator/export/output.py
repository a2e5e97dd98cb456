"""Where an export goes: a path (written atomically) or a stream the caller owns (stdout, a buffer).

A path is written to a hidden temporary file beside it and moved into place only once everything is on
disk, so a failed or cancelled export (disk full, database gone, the user pressed Cancel) never leaves a
half file that looks complete, and an earlier good export at that path survives.
"""

from __future__ import annotations

import errno
import io
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from annotator.store import StoreError

Target = str | os.PathLike[str] | IO[Any]


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


@contextmanager
def _atomic(path: Path, mode: str, **kwargs: Any) -> Iterator[IO[Any]]:
    path = path.expanduser()
    if path.is_dir():
        raise StoreError(f"cannot write {path}: it is a folder")
    # Opened with "x" (not mkstemp) so the file gets the usual permissions from the umask
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        handle = open(temporary, mode.replace("w", "x"), **kwargs)  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise write_problem(exc, str(path)) from exc
    try:
        try:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            handle.close()
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise write_problem(exc, str(path)) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def text_output(out: Target, *, bom: bool = False) -> Iterator[TextIO]:
    """A text stream for CSV or JSONL: UTF-8 (with a BOM for Excel if asked), newlines left as written."""
    if is_path(out):
        encoding = "utf-8-sig" if bom else "utf-8"
        with _atomic(Path(out), "w", encoding=encoding, newline="") as handle:  # type: ignore[arg-type]
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
    if is_path(out):
        with _atomic(Path(out), "wb") as handle:  # type: ignore[arg-type]
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
