"""`annotator`: the command line over the same core functions the app uses.

Errors are one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from annotator import __version__
from annotator.annotating import PreAnnotationUnavailable
from annotator.config import Settings, load_settings, normalise_database_url
from annotator.db.opening import upgrade_plan_for
from annotator.editing_commands import (
    PEOPLE_EDIT_ACTIONS,
    add_editing_parsers,
    add_people_edit_parsers,
    run_people_edit,
)
from annotator.ingest import ArticleReadError
from annotator.people_cli import add_people_parser, run_people
from annotator.records import ARTICLE_STATUSES, ArticleFilter
from annotator.store import Store, StoreError

EXIT_ERROR = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A problem to report in one line; the command exits non-zero."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Quote Annotator: import news articles, pre-annotate quotes and speakers, export verified quotes.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="URL", help="database: a SQLAlchemy URL or a SQLite file (env ANNOTATOR_DB)")
    parser.add_argument(
        "--user",
        dest="editor",
        metavar="NAME",
        help="the editor's name recorded with every change (env ANNOTATOR_USER)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    p = commands.add_parser("import", help="import article files or folders (.txt .md .html .jsonl .docx)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--bulk", action="store_true", help="an archive: batched, resumable, prints counts only")
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser("list", help="list the articles with their quote counts")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p.add_argument("--status", choices=ARTICLE_STATUSES)
    p.add_argument("--outlet")
    p.add_argument("--search", metavar="WORDS", help="words in the title or text")
    p.set_defaults(handler=cmd_list)

    p = commands.add_parser("show", help="show an article's metadata and text")
    p.add_argument("article_id", type=int, metavar="ID")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=cmd_show)

    p = commands.add_parser("annotate", help="pre-annotate stored articles (editor decisions are kept)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every article")
    which.add_argument("--new", action="store_true", help="articles never annotated")
    which.add_argument("--article", type=int, action="append", metavar="ID", help="this article (repeatable)")
    which.add_argument("--worker", action="store_true", help="share the work with other machines (PostgreSQL)")
    which.add_argument("--status", action="store_true", help="done, claimed and left, and each worker's rate")
    p.add_argument("--model", metavar="PIPELINE", help="spaCy pipeline to use (default: best installed)")
    p.add_argument("--processes", type=int, metavar="N", help="processes for spaCy (1; --worker: every core)")
    p.add_argument("--batch", type=int, default=32, metavar="N", help="--worker: articles claimed at a time")
    p.add_argument("--claim-timeout", type=float, default=600, metavar="S", help="--worker: take over after S s")
    p.set_defaults(handler=cmd_annotate)

    p = commands.add_parser("extract", help="annotate files without a database and print JSON lines")
    p.add_argument("files", nargs="+", metavar="FILE", help="text files, or - for JSONL {id, text} on stdin")
    p.add_argument("--format", choices=("jsonl",), default="jsonl")
    p.add_argument("--model", metavar="PIPELINE", help="spaCy pipeline to use (default: best installed)")
    p.add_argument("--processes", type=int, default=1, metavar="N")
    p.set_defaults(handler=cmd_extract, needs_store=False)

    p = commands.add_parser("app", help="open the desktop app")
    p.set_defaults(handler=cmd_app, needs_store=False)

    add_editing_parsers(commands)
    people = add_people_parser(commands, add_more=add_people_edit_parsers)
    people.set_defaults(handler=cmd_people)
    _add_optional_commands(commands)
    return parser


def cmd_people(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
    """The archive's read side (people_cli) or an undoable decision about people (editing_commands)."""
    if args.people_command in PEOPLE_EDIT_ACTIONS:
        return run_people_edit(args, store, settings)
    return run_people(args, store, settings)


def _add_optional_commands(commands: Any) -> None:
    """Export and review bring their own sub-commands."""
    for module_name, adder, runner in (
        ("annotator.export.export_command", "add_export_parser", "run_export"),
        ("annotator.review.review_command", "add_review_parser", "run_review"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        before = set(commands.choices)
        getattr(module, adder)(commands)
        for name in set(commands.choices) - before:
            commands.choices[name].set_defaults(handler=_delegate(getattr(module, runner)))


def _delegate(runner: Callable[..., int]) -> Callable[[argparse.Namespace, Store | None, Settings], int]:
    def handler(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
        return int(runner(args, store, settings))

    return handler


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = load_settings()
    if args.db:
        settings = settings.with_changes(database_url=normalise_database_url(args.db))
    if args.editor:
        settings = settings.with_changes(user_name=args.editor)
    store: Store | None = None
    try:
        if getattr(args, "needs_store", True):
            store = _open_store(settings.database_url, sys.stderr)
            store.audit.ensure_user(settings.user_name)
        return int(args.handler(args, store, settings) or 0)
    except (CommandError, StoreError, ArticleReadError) as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except PreAnnotationUnavailable as exc:
        print(f"annotator: error: pre-annotation is unavailable: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return 0  # `annotator list | head` closes the pipe early: not an error
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"annotator: error: {exc.strerror or exc}{_os_target(exc)}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if store is not None:
            store.close()


def _open_store(url: str, stream: TextIO) -> Store:
    """Open the database; one written by an earlier version is upgraded first, a line per step on `stream`
    (on a newsroom archive a step takes seconds: a silent command would look hung)."""
    plan = upgrade_plan_for(url)
    if not plan.upgrades_existing:
        return Store.open(url)
    if plan.backup is not None:
        print(f"upgrading the database: a copy as it was goes to {plan.backup}", file=stream, flush=True)

    def report(done: int, total: int, label: str) -> bool:
        print(f"upgrading the database: {done + 1}/{total} {label} …", file=stream, flush=True)
        return True

    return Store.open(url, progress=report)


def _os_target(exc: OSError) -> str:
    return f": {exc.filename}" if exc.filename else ""


def _progress_printer(stream: TextIO) -> Callable[[int, int, str], bool]:
    def report(done: int, total: int, label: str) -> bool:
        if stream.isatty():
            stream.write(f"\r{label} ({done}/{total})\033[K")
            stream.flush()
        return True

    return report


# ---- commands ---------------------------------------------------------------------------------------------


def _require(store: Store | None) -> Store:
    assert store is not None, "this command needs a database"
    return store


def cmd_import(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
    from annotator.importing import import_paths

    if args.bulk:
        from annotator.bulk_import import bulk_import

        bulk = bulk_import(_require(store), args.paths, user=settings.user_name, progress=_progress_printer(sys.stderr))
        for source, reason in bulk.problems:
            print(f"failed    {source}: {reason}", file=sys.stderr)
        print(f"\n{bulk.added} imported, {bulk.duplicates} already there, {len(bulk.problems)} failed", file=sys.stderr)
        return EXIT_ERROR if bulk.problems and not bulk.added and not bulk.duplicates else 0
    report = import_paths(_require(store), args.paths, user=settings.user_name, progress=_progress_printer(sys.stderr))
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    for summary in report.added:
        print(f"imported  #{summary.id}  {summary.title}")
    for source in report.duplicates:
        print(f"skipped   {source}: already in the database")
    for source, note in report.notes:
        print(f"note      {source}: {note}", file=sys.stderr)
    for source, reason in report.problems:
        print(f"failed    {source}: {reason}", file=sys.stderr)
    print(
        f"{len(report.added)} imported, {len(report.duplicates)} already there, {len(report.problems)} failed",
        file=sys.stderr,
    )
    if report.problems and not report.added and not report.duplicates:
        return EXIT_ERROR
    return 0


def cmd_list(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
    filters = ArticleFilter(status=args.status, outlet=args.outlet, search=args.search)
    rows = _require(store).articles.list_articles(filters)
    if args.format == "jsonl":
        for row in rows:
            record = {
                "id": row.id,
                "title": row.title,
                "outlet": row.outlet,
                "published": row.published,
                "status": row.status,
                "quotes": row.quotes_total,
                "to_check": row.quotes_to_check,
                "checked": row.quotes_checked,
            }
            print(json.dumps(record, ensure_ascii=False))
        return 0
    if not rows:
        print(
            "no articles"
            + (" match" if any((args.status, args.outlet, args.search)) else " yet: annotator import PATH")
        )
        return 0
    table = [("ID", "TITLE", "OUTLET", "PUBLISHED", "STATUS", "CHECKED")]
    for row in rows:
        table.append(
            (
                str(row.id),
                _clip(row.title, 60),
                _clip(row.outlet or "", 20),
                row.published or "",
                row.status,
                f"{row.quotes_checked}/{row.quotes_total}",
            )
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    return 0


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_show(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
    article = _require(store).articles.get_article(args.article_id)
    if args.format == "json":
        record = {
            "id": article.id,
            "title": article.title,
            "outlet": article.outlet,
            "author": article.author,
            "url": article.url,
            "published": article.published,
            "status": article.status,
            "source": article.source,
            "annotated_with": article.annotated_with,
            "text": article.text,
        }
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return 0
    print(article.title)
    for label, value in (
        ("outlet", article.outlet),
        ("author", article.author),
        ("published", article.published),
        ("url", article.url),
        ("status", article.status),
        ("source", article.source),
        ("annotated with", article.annotated_with),
    ):
        if value:
            print(f"{label:>15}: {value}")
    print()
    print(article.text)
    return 0


def cmd_annotate(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
    from annotator.annotating import annotate_articles

    opened = _require(store)
    if args.worker or args.status:
        from annotator import annotation_queue as queue

        if args.status:
            print(queue.format_status(queue.queue_status(opened, claim_timeout=args.claim_timeout)))
            return 0
        stored = queue.run_worker(
            opened,
            user=settings.user_name,
            model_name=args.model or settings.spacy_model,
            n_process=args.processes,
            batch_size=max(1, args.batch),
            claim_timeout=args.claim_timeout,
            progress=queue.print_worker_progress(sys.stderr),
        )
        print(f"\nthis worker stored {stored} articles; nothing is left to annotate", file=sys.stderr)
        return 0
    if args.article:
        ids = list(dict.fromkeys(args.article))
        for article_id in ids:
            opened.articles.get_article(article_id)  # a missing id is reported before the model loads
    else:
        ids = opened.articles.article_ids(unannotated_only=args.new)
    if not ids:
        print("nothing to annotate", file=sys.stderr)
        return 0
    annotated = annotate_articles(
        opened,
        ids,
        user=settings.user_name,
        model_name=args.model or settings.spacy_model,
        progress=_progress_printer(sys.stderr),
        n_process=max(1, args.processes or 1),
    )
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    for article_id in annotated:  # a worker may have taken some of the listed ones
        summary = opened.articles.article_summary(article_id)
        print(f"#{summary.id}  {summary.quotes_total} quotes, {summary.quotes_to_check} to check  {summary.title}")
    return 0


def cmd_extract(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
    from annotator.annotating import load_engine
    from annotator.nlp.extract import extract_records, read_extract_inputs

    nlp = load_engine(args.model or settings.spacy_model)
    items = read_extract_inputs(list(args.files), sys.stdin)
    for record in extract_records(items, nlp=nlp, n_process=max(1, args.processes)):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0


def cmd_app(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
    # Looked up by name: the core does not depend on the Qt app, it only launches it when installed.
    try:
        app = importlib.import_module("ui.app")
    except ImportError as exc:
        raise CommandError(f"the desktop app is not installed here ({exc})") from exc
    argv = []
    if args.db:
        argv += ["--db", args.db]
    if args.editor:
        argv += ["--user", args.editor]
    return int(app.main(argv))


if __name__ == "__main__":
    raise SystemExit(main())
