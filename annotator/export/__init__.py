"""Export: the verified quotes as CSV, JSON Lines or a spaCy DocBin, and the people as CSV or JSON Lines.

Everything streams: quotes are read in keyset-paginated batches and written as they come, so memory stays
flat however large the database (a single DocBin file, one serialised blob, is the exception: give a
folder to get it in parts of bounded size). A path is written
atomically; a stream (stdout) is written as is. Long exports report `progress(done, total, label)` after
each batch; returning False cancels with ExportCancelled and leaves no file behind.

    from annotator.export import ExportFilter, export_quotes
    count = export_quotes(store, "quotes.csv", format="csv", filters=ExportFilter(outlets=("BBC",)))
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url

from annotator.export import csv_export, jsonl_export, people_export, spacy_export
from annotator.export.export_counts import ExportCounts, LeftOut, export_counts, has_reviews
from annotator.export.output import (
    Target,
    binary_output,
    is_path,
    refuse_database_target,
    text_output,
    write_problem,
)
from annotator.export.people_export import PEOPLE_COLUMNS
from annotator.export.quote_rows import (
    BATCH_SIZE,
    CSV_COLUMNS,
    DEFAULT_STATUSES,
    ExportCancelled,
    ExportFilter,
    Progress,
    count_people,
    count_quotes,
    iter_people_batches,
    iter_quote_batches,
    iter_raw_quote_batches,
    parse_statuses,
)
from annotator.pieces import strip_quote_marks
from annotator.store import Store, StoreError

QUOTE_FORMATS: tuple[str, ...] = ("csv", "jsonl", "spacy")
PEOPLE_FORMATS: tuple[str, ...] = ("people-csv", "people-jsonl")
FORMATS: tuple[str, ...] = QUOTE_FORMATS + PEOPLE_FORMATS

__all__ = [
    "BATCH_SIZE",
    "CSV_COLUMNS",
    "DEFAULT_STATUSES",
    "FORMATS",
    "PEOPLE_COLUMNS",
    "PEOPLE_FORMATS",
    "QUOTE_FORMATS",
    "ExportCancelled",
    "ExportCounts",
    "ExportFilter",
    "LeftOut",
    "Progress",
    "export",
    "export_counts",
    "export_people",
    "export_quotes",
    "has_reviews",
    "parse_statuses",
    "strip_quote_marks",
]


def _database_file(store: Store) -> str | None:
    """The SQLite file the store works in (None for PostgreSQL or an in-memory database)."""
    if store.dialect != "sqlite":
        return None
    database = make_url(store.url).database
    return database if database and database != ":memory:" else None


def _checked(progress: Progress | None, label: str) -> Callable[[int, int], None] | None:
    """The progress callback as the writers call it: (done, total), raising ExportCancelled on a cancel."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        if progress(done, total, label) is False:
            raise ExportCancelled("the export was cancelled")

    return report


def _reporter(progress: Progress | None, total: int, label: str) -> Callable[[int], None] | None:
    """The same for writers that know the total in advance and report only what is done."""
    checked = _checked(progress, label)
    if checked is None:
        return None
    return lambda done: checked(done, total)


def export_quotes(
    store: Store,
    out: Target,
    *,
    format: str = "csv",
    filters: ExportFilter | None = None,
    bom: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Write the quotes the filters select to `out` (a path or an open stream); returns how many.

    `bom` puts a UTF-8 byte order mark first (Excel then reads the CSV as UTF-8); CSV only, as JSON text
    must not start with one (RFC 8259).
    """
    filters = filters or ExportFilter()
    if format not in QUOTE_FORMATS:
        raise StoreError(f"unknown export format {format!r} (use {', '.join(QUOTE_FORMATS)})")
    refuse_database_target(out, _database_file(store))
    if format == "spacy":
        report_articles = _checked(progress, "articles")
        if report_articles is not None:
            report_articles(0, 0)
        if is_path(out) and Path(out).expanduser().is_dir():  # type: ignore[arg-type]
            # A folder: numbered parts, memory bounded by one part (see spacy_export)
            folder = Path(out).expanduser()  # type: ignore[arg-type]
            try:
                return spacy_export.write_docbin_parts(folder, store, filters, report_articles)
            except OSError as exc:
                raise write_problem(exc, str(folder)) from exc
        with binary_output(out) as binary:
            return spacy_export.write_docbin(binary, store, filters, report_articles)
    total = count_quotes(store, filters) if progress is not None else 0
    report = _reporter(progress, total, "quotes")
    if report is not None:
        report(0)
    with text_output(out, bom=bom and format == "csv") as stream:
        if format == "csv":
            raw = iter_raw_quote_batches(store, filters, csv_export.csv_query_columns, batch_size=batch_size)
            return csv_export.write_quote_batches(stream, raw, store.exports.words_not_stored, report)
        batches = iter_quote_batches(store, filters, batch_size=batch_size, provenance=True)
        return jsonl_export.write_quote_batches(stream, store, batches, report)


def export_people(
    store: Store,
    out: Target,
    *,
    format: str = "csv",
    bom: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Every person with aliases and quote counts, as "csv" or "jsonl"; returns how many."""
    format = format.removeprefix("people-")
    if format not in ("csv", "jsonl"):
        raise StoreError(f"unknown people export format {format!r} (use csv or jsonl)")
    refuse_database_target(out, _database_file(store))
    report = _reporter(progress, count_people(store) if progress is not None else 0, "people")
    if report is not None:
        report(0)
    batches = iter_people_batches(store, batch_size=batch_size)
    with text_output(out, bom=bom and format == "csv") as stream:
        if format == "csv":
            return people_export.write_people_csv(stream, batches, report)
        return people_export.write_people_jsonl(stream, batches, report)


def export(
    store: Store,
    out: Target,
    *,
    format: str = "csv",
    filters: ExportFilter | None = None,
    bom: bool = False,
    progress: Progress | None = None,
) -> int:
    """Any of FORMATS: quotes ("csv", "jsonl", "spacy") or people ("people-csv", "people-jsonl")."""
    if format in PEOPLE_FORMATS:
        return export_people(store, out, format=format, bom=bom, progress=progress)
    return export_quotes(store, out, format=format, filters=filters, bom=bom, progress=progress)
