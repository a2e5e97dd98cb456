"""The verified-quotes CSV: the column contract of the architecture page, RFC 4180 through the csv module."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from annotator.export.quote_rows import CSV_COLUMNS, CSV_FIELD_COUNT, QuoteRow, quote_words

# A spreadsheet runs a cell starting with these as a formula (CSV injection); a leading ' makes it text.
FORMULA_STARTS = frozenset("=+-@\t\r")

# The columns that hold text; the others are integers (ids, offsets) and never neutralised.
_QUOTE = CSV_COLUMNS.index("quote")
_TEXT_COLUMNS: tuple[int, ...] = tuple(
    i for i, name in enumerate(CSV_COLUMNS) if name not in {"article_id", "speaker_id", "start", "end"}
)


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would execute, made inert with a leading single quote; anything else as is."""
    if isinstance(value, str) and value and value[0] in FORMULA_STARTS:
        return "'" + value
    return value


def csv_cells(row: QuoteRow | Sequence[Any]) -> list[Any]:
    """The CSV cells of a quote, formula-like text neutralised.

    Takes a QuoteRow, or a raw row from iter_raw_quote_batches (the CSV's fast path, which skips building
    QuoteRows) whose `quote` still holds the content and is turned into the pieces' words here.
    """
    cells: list[Any] = list(row[:CSV_FIELD_COUNT])
    if not isinstance(row, QuoteRow):
        cells[_QUOTE] = quote_words(row)
    for i in _TEXT_COLUMNS:
        value = cells[i]
        if value and value[0] in FORMULA_STARTS:  # text columns: str or None
            cells[i] = "'" + value
    return cells


def csv_writer(stream: TextIO) -> Any:
    # The excel dialect is RFC 4180: comma, double quotes doubled, CRLF; cells with , " or newlines quoted
    return csv.writer(stream, dialect="excel", lineterminator="\r\n")


def write_csv_header(stream: TextIO, columns: Sequence[str] = CSV_COLUMNS) -> Any:
    writer = csv_writer(stream)
    writer.writerow(columns)
    return writer


def write_quote_batches(
    stream: TextIO,
    batches: Iterable[Sequence[QuoteRow | Sequence[Any]]],
    after_batch: Callable[[int], None] | None = None,
) -> int:
    """Header, then each batch (QuoteRows or raw rows) as it arrives; returns the number of quotes written."""
    writer = write_csv_header(stream)
    written = 0
    for batch in batches:
        writer.writerows([csv_cells(row) for row in batch])
        written += len(batch)
        if after_batch is not None:
            after_batch(written)
    return written
