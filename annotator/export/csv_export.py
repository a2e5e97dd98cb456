"""The verified-quotes CSV: the column contract of the architecture page, RFC 4180 through the csv module.

The export reads through a fast path: SQL selects the 23 cells in order with the text columns already
neutralised (the database does it in C, row by row, as it reads), the `quote` cell from the words each
quote stores (annotator/db/models.py), and the rows go to csv.writer as they come: no Python runs per row,
except for a quote whose stored words are missing (a row another program wrote), worked out on the side.
"""

from __future__ import annotations

import csv
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any, TextIO

from sqlalchemy import Text, and_, case, func, literal

from annotator.export.quote_rows import CSV_COLUMNS, CSV_FIELD_COUNT
from annotator.store.export_reads import quote_columns

# A spreadsheet runs a cell starting with these as a formula (CSV injection); a leading ' makes it text.
FORMULA_STARTS = frozenset("=+-@\t\r")

# The columns that hold text; the others are integers (ids, offsets) and never neutralised.
_TEXT_COLUMNS: tuple[int, ...] = tuple(
    i for i, name in enumerate(CSV_COLUMNS) if name not in {"article_id", "speaker_id", "start", "end"}
)
# Text columns the database neutralises on the fast path: the timestamps are formatted by the database
# itself (cut from the stored UTC text on SQLite, to_char on PostgreSQL) and always start with a digit.
_NEUTRALISED_IN_SQL: tuple[int, ...] = tuple(
    i for i in _TEXT_COLUMNS if CSV_COLUMNS[i] not in {"verified_at", "reviewed_at"}
)
_QUOTE = CSV_COLUMNS.index("quote")
_CELLS = itemgetter(*range(CSV_FIELD_COUNT))  # a fast-path row without the database id after its cells
_QUOTE_CELLS = itemgetter(_QUOTE)


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
    """What the fast path selects: the 23 CSV cells in order, text neutralised, then the database id."""
    columns = list(quote_columns(dialect))
    for i in _NEUTRALISED_IN_SQL:
        columns[i] = _neutralised_sql(columns[i], dialect)
    return tuple(columns)


def with_missing_words(
    batch: list[tuple[Any, ...]], words_for: Callable[[Sequence[int]], Mapping[int, str]]
) -> list[tuple[Any, ...]]:
    """The batch with a `quote` cell for each row whose stored words were missing (NULL): the words
    worked out from the quote's content and pieces, neutralised. Most batches have none, and pass through."""
    if None not in map(_QUOTE_CELLS, batch):
        return batch
    words = words_for([r[-1] for r in batch if r[_QUOTE] is None])
    return [
        r if r[_QUOTE] is not None else (*r[:_QUOTE], neutralise(words.get(r[-1], "")), *r[_QUOTE + 1 :]) for r in batch
    ]


def csv_writer(stream: TextIO) -> Any:
    # The excel dialect is RFC 4180: comma, double quotes doubled, CRLF; cells with , " or newlines quoted
    return csv.writer(stream, dialect="excel", lineterminator="\r\n")


def write_csv_header(stream: TextIO, columns: Sequence[str] = CSV_COLUMNS) -> Any:
    writer = csv_writer(stream)
    writer.writerow(columns)
    return writer


def write_quote_batches(
    stream: TextIO,
    batches: Iterable[list[tuple[Any, ...]]],
    words_for: Callable[[Sequence[int]], Mapping[int, str]],
    after_batch: Callable[[int], None] | None = None,
) -> int:
    """Header, then each batch of fast-path rows (from iter_raw_quote_batches with csv_query_columns) as it
    arrives; `words_for(quote ids)` gives the words of quotes that have none stored. Returns the number
    of quotes written."""
    writer = write_csv_header(stream)
    written = 0
    with _collector_paused():
        for batch in batches:
            writer.writerows(map(_CELLS, with_missing_words(batch, words_for)))
            written += len(batch)
            if after_batch is not None:
                after_batch(written)
    return written


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while rows stream: they are tuples of strings and numbers, which hold no
    cycles, yet every few hundred of them would set off a collection (a few per cent of the export)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
