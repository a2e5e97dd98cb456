"""`annotator export ...`: the command-line face of annotator.export. annotator/cli.py adds the parser
(`add_export_parser`) and calls `run_export(args, store)` with the opened store."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from annotator.config import Settings
from annotator.export import FORMATS, PEOPLE_FORMATS, ExportFilter, export, parse_statuses
from annotator.store import Store, StoreError


def add_export_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help="write the verified quotes (or the people) as CSV, JSON Lines or a spaCy DocBin",
        description=(
            "Export quotes (confirmed and corrected by default) or people. Filters combine: a quote must "
            "match all of them. Dates compare with the article's ISO published date, both ends included."
        ),
    )
    parser.add_argument("--format", choices=FORMATS, default="csv", help="output format (default: csv)")
    parser.add_argument("--output", "-o", default="-", metavar="FILE", help="file to write, or - for stdout (default)")
    parser.add_argument(
        "--status",
        default=None,
        metavar="LIST",
        help="quote statuses to export, comma-separated, or all (default: confirmed,corrected)",
    )
    parser.add_argument(
        "--outlet", action="append", default=[], metavar="X", help="only this outlet (repeat for several)"
    )
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="published on or after (YYYY-MM-DD)")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="published on or before (YYYY-MM-DD)")
    parser.add_argument("--speaker", metavar="NAME", help="person id, name or alias (case-insensitive)")
    parser.add_argument("--reviewed-only", action="store_true", help="only quotes a colleague accepted in review")
    parser.add_argument("--skip-sent-back", action="store_true", help="leave out quotes a reviewer sent back")
    parser.add_argument(
        "--article", dest="articles", type=int, nargs="+", action="extend", default=[], metavar="ID",
        help="only these article ids",
    )  # fmt: skip
    parser.add_argument("--bom", action="store_true", help="start a CSV with a UTF-8 BOM (for Excel)")
    return parser


def filters_from_args(args: argparse.Namespace) -> ExportFilter:
    return ExportFilter(
        statuses=parse_statuses(args.status),
        outlets=tuple(args.outlet or ()),
        published_from=args.date_from or None,
        published_to=args.date_to or None,
        speaker=args.speaker or None,
        reviewed_only=bool(args.reviewed_only),
        skip_sent_back=bool(getattr(args, "skip_sent_back", False)),
        article_ids=tuple(args.articles or ()),
    )


def run_export(args: argparse.Namespace, store: Store, settings: Settings | None = None) -> int:
    """Run the export the arguments describe; a one-line summary goes to stderr. StoreError on trouble.

    `settings` is accepted for annotator/cli.py's uniform (args, store, settings) call; the CLI's default
    stays the CSV contract (every confirmed or corrected quote) whatever the review settings say.
    """
    filters = filters_from_args(args)
    if args.format == "spacy" and args.output == "-" and sys.stdout.isatty():
        raise StoreError("the spaCy format is binary: give --output FILE or redirect stdout")
    if args.format in PEOPLE_FORMATS and (args.status or args.outlet or args.speaker or args.articles):
        print("annotator export: quote filters do not apply to the people export", file=sys.stderr)
    if args.output == "-":
        # Through the byte buffer: CSV needs its \r\n as written, and stdout may not be set to UTF-8
        target: Any = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else sys.stdout
        sys.stdout.flush()
    else:
        target = args.output
    try:
        count = export(store, target, format=args.format, filters=filters, bom=args.bom)
    except BrokenPipeError:
        # `annotator export | head`: the reader left, which is fine; silence the final flush of stdout
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    what = "people" if args.format in PEOPLE_FORMATS else "quotes"
    where = "stdout" if args.output == "-" else args.output
    print(f"exported {count} {what} to {where} ({args.format})", file=sys.stderr)
    return 0
