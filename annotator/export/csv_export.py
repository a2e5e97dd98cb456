"""The verified-quotes CSV: the column contract of the architecture page, RFC 4180 through the csv module.

The export reads through a fast path: SQL selects the 23 cells in order with the text columns already
neutralised (the database does it in C, row by row, as it reads), and Python only turns the content and its
pieces into the `quote` cell. Nothing else touches a row between the database and csv.writer.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from sqlalchemy import Text, and_, case, func, literal

from annotator.export.quote_rows import CSV_COLUMNS, CSV_FIELD_COUNT
from annotator.pieces import CLOSING_MARKS, strip_quote_marks, verbatim_words
from annotator.store.export_reads import quote_columns

# A spreadsheet runs a cell starting with these as a formula (CSV injection); a leading ' makes it text.
FORMULA_STARTS = frozenset("=+-@\t\r")

# The columns that hold text; the others are integers (ids, offsets) and never neutralised.
_QUOTE = CSV_COLUMNS.index("quote")
_TEXT_COLUMNS: tuple[int, ...] = tuple(
    i for i, name in enumerate(CSV_COLUMNS) if name not in {"article_id", "speaker_id", "start", "end"}
)
# Text columns the database neutralises on the fast path. `quote` is computed in Python from the raw content;
# the timestamps are formatted by the database itself (strftime / to_char) and always start with a digit.
_NEUTRALISED_IN_SQL: tuple[int, ...] = tuple(
    i for i in _TEXT_COLUMNS if CSV_COLUMNS[i] not in {"quote", "verified_at", "reviewed_at"}
)
_START = CSV_COLUMNS.index("start")
_END = CSV_COLUMNS.index("end")
_PIECES = CSV_FIELD_COUNT  # the fast path's column after the CSV's: the pieces as JSON text


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would execute, made inert with a leading single quote; anything else as is."""
    if isinstance(value, str) and value and value[0] in FORMULA_STARTS:
        return "'" + value
    return value


_FORMULA_CODES = tuple(sorted(ord(c) for c in FORMULA_STARTS))


def _neutralised_sql(column: Any, dialect: str) -> Any:
    if dialect == "sqlite":
        # Every formula start sorts before "A" (code 65): a byte comparison settles most text (a letter, a
        # curly quote mark, any non-ASCII start) without a function call; the rest is tested by code point
        formula = and_(column < "A", func.unicode(column).in_(_FORMULA_CODES))
    else:
        formula = func.ascii(column).in_(_FORMULA_CODES)
    return case((formula, literal("'", Text) + column), else_=column)


def csv_query_columns(dialect: str) -> tuple[Any, ...]:
    """What the fast path selects: the 23 CSV cells in order (text neutralised, except `quote`, which still
    holds the raw content), then the pieces as JSON text and the database id (for the window's order)."""
    columns = list(quote_columns(dialect))
    for i in _NEUTRALISED_IN_SQL:
        columns[i] = _neutralised_sql(columns[i], dialect)
    return tuple(columns)


def _pieces(pieces_json: str) -> Sequence[Sequence[int]]:
    """The pieces from their JSON text. One piece ("[[19, 56]]") is most quotes, and reading it with string
    methods costs a fifth of a json.loads call, which would otherwise be the export's largest Python cost."""
    if pieces_json.count("[") == 2:
        first, _, second = pieces_json.strip()[2:-2].partition(",")
        try:
            return ((int(first), int(second)),)
        except ValueError:
            pass  # not the shape it looked like: the JSON decoder says what it is
    pieces: Sequence[Sequence[int]] = json.loads(pieces_json)
    return pieces


def _quote_cell(content: str, start: int, end: int, pieces_json: str | None) -> str:
    """The `quote` cell from the raw content and pieces: the pieces' words, neutralised."""
    # Most quotes take a shortcut to what annotator.pieces gives: content that is one pair of enclosing marks
    # around words with no space (or writer's comma) at their edges, and is itself the only piece or has none
    if len(content) >= 3 and (
        pieces_json == "[]" or (pieces_json == f"[[{start}, {end}]]" and len(content) <= end - start)
    ):
        closers = CLOSING_MARKS.get(content[0])
        inner_first, inner_last = content[1], content[-2]
        if (
            closers is not None
            and content[-1] in closers
            and inner_last != ","
            and not inner_first.isspace()
            and not inner_last.isspace()
        ):
            return "'" + content[1:-1] if inner_first in FORMULA_STARTS else content[1:-1]
    if not pieces_json or pieces_json == "[]":
        words = strip_quote_marks(content)  # indirect speech, and quotes from before pieces
    else:
        words = verbatim_words(content, start, _pieces(pieces_json))
    if words and words[0] in FORMULA_STARTS:
        return "'" + words
    return words


def csv_rows(batch: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Fast-path result rows (see csv_query_columns) as the CSV's 23 cells: one call per row, for `quote`
    (the driver's rows are tuples; joining slices costs less than unpacking them into a new one)."""
    quote, after_quote, start, end, pieces, cells = _QUOTE, _QUOTE + 1, _START, _END, _PIECES, CSV_FIELD_COUNT
    cell = _quote_cell
    return [r[:quote] + (cell(r[quote], r[start], r[end], r[pieces]),) + r[after_quote:cells] for r in batch]  # noqa: RUF005


def csv_writer(stream: TextIO) -> Any:
    # The excel dialect is RFC 4180: comma, double quotes doubled, CRLF; cells with , " or newlines quoted
    return csv.writer(stream, dialect="excel", lineterminator="\r\n")


def write_csv_header(stream: TextIO, columns: Sequence[str] = CSV_COLUMNS) -> Any:
    writer = csv_writer(stream)
    writer.writerow(columns)
    return writer


def write_quote_batches(
    stream: TextIO,
    batches: Iterable[Sequence[tuple[Any, ...]]],
    after_batch: Callable[[int], None] | None = None,
) -> int:
    """Header, then each batch of fast-path rows (from iter_raw_quote_batches with csv_query_columns) as it
    arrives; returns the number of quotes written."""
    writer = write_csv_header(stream)
    written = 0
    for batch in batches:
        writer.writerows(csv_rows(batch))
        written += len(batch)
        if after_batch is not None:
            after_batch(written)
    return written
