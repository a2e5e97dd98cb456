"""JSON Lines: one article per line, {"text": ..., plus optional metadata}.

The file is streamed, and the size limit applies to each line (each article) rather than the
file: a JSONL export of a few thousand articles is large by nature. A bad line becomes a problem
named "file.jsonl:LINE" and never stops the good lines around it.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from annotator.ingest.encoding import decode_text, not_text_reason
from annotator.ingest.metadata import build_article, trim_body
from annotator.ingest.parsed import ArticleReadError, ImportProblem, ParsedArticle
from annotator.ingest.sizes import human_size

_CHUNK = 1 << 20


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw bytes) per line; None for a line longer than max_bytes, which is skipped."""
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            # Skip the rest of the over-long line without holding it in memory.
            while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, raw


def _binary_head(head: bytes) -> bool:
    """Refuse the whole file only when it is not line-oriented text at all (NULs on most lines: binary data or
    UTF-16 without a BOM); one line holding a NUL is that line's problem, and the lines after it still import."""
    if b"\x00" not in head:
        return False
    lines = head.split(b"\n")
    return sum(b"\x00" in line for line in lines) * 2 > len(lines)


def _text_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, str | bytes | None]]:
    """Lines as text (UTF-16 files) or raw bytes (everything else, decoded line by line later)."""
    with path.open("rb") as stream:
        head = stream.read(4096)
        stream.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # UTF-16 cannot be split on b"\n"; let the codec find the lines.
            number = 0
            try:
                for number, line in enumerate(io.TextIOWrapper(stream, encoding="utf-16"), start=1):
                    yield number, line if len(line) <= max_bytes else None
            except UnicodeDecodeError:
                raise ArticleReadError(f"broken UTF-16 data after line {number}") from None
            return
        if _binary_head(head):
            raise ArticleReadError(not_text_reason(head))
        for number, raw in _lines(stream, max_bytes):
            if raw is None:
                yield number, None
                continue
            yield number, raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw


def _article(record: object, source: str, stem: str) -> ParsedArticle:
    if not isinstance(record, dict):
        raise ArticleReadError("not a JSON object")
    text = record.get("text")
    if text is None:
        raise ArticleReadError('no "text" field')
    if not isinstance(text, str):
        raise ArticleReadError('"text" is not a string')
    body = trim_body(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    if not body:
        raise ArticleReadError("empty text")
    metadata = {key: value for key, value in record.items() if key != "text"}
    return build_article(body, source, metadata, fallback_title=stem)


def parse_jsonl_file(path: Path, *, max_bytes: int) -> Iterator[ParsedArticle | ImportProblem]:
    """Articles and per-line problems in file order; raises ArticleReadError if no line has content."""
    seen_content = False
    for number, line in _text_lines(path, max_bytes):
        source = f"{path}:{number}"
        if line is None:
            seen_content = True
            limit = human_size(max_bytes)
            yield ImportProblem(source, f"line {number}: article too large (limit {limit})")
            continue
        if not line.strip():
            continue
        seen_content = True
        try:
            # Each line decodes alone, so one mis-encoded line cannot spoil the rest.
            record = json.loads(decode_text(line) if isinstance(line, bytes) else line)
        except ArticleReadError as error:
            yield ImportProblem(source, f"line {number}: {error.reason}")
            continue
        except ValueError:
            yield ImportProblem(source, f"line {number}: not valid JSON")
            continue
        except RecursionError:
            yield ImportProblem(source, f"line {number}: JSON nested too deeply to read")
            continue
        try:
            yield _article(record, source, path.stem)
        except ArticleReadError as error:
            yield ImportProblem(source, f"line {number}: {error.reason}")
        except RecursionError:
            yield ImportProblem(source, f"line {number}: metadata nested too deeply to read")
    if not seen_content:
        raise ArticleReadError("empty file")
