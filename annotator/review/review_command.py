"""`annotator review ...`: the review from the command line, over the same functions the app uses.

The lead wires it into annotator/cli.py:
    add_review_parser(subparsers)            # registers "review" and its sub-commands
    if args.command == "review": return run_review(args, store, settings)
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from annotator.config import Settings
from annotator.decision_records import DecisionState
from annotator.operations import AcceptQuote, CommentQuote, History, ResolveConflict, SendBackQuote
from annotator.records import QuoteRecord
from annotator.review.agreement import agreement, format_table, write_csv
from annotator.review.colleague_import import import_colleague_database
from annotator.review.queue import group_by_article, parse_day, review_queue
from annotator.store import ChangedMeanwhile, Store, StoreError


def add_review_parser(subparsers: Any) -> argparse.ArgumentParser:
    review = subparsers.add_parser(
        "review", help="review colleagues' decisions", description="Review colleagues' decisions."
    )
    commands = review.add_subparsers(dest="review_command", metavar="COMMAND", required=True)

    queue = commands.add_parser("queue", help="quotes colleagues decided, with the model's and your view")
    queue.add_argument(
        "--user",
        action="append",
        metavar="NAME",
        help="a colleague to review (repeatable; default: everyone else)",
    )
    queue.add_argument("--since", metavar="DATE", help="decided on or after (YYYY-MM-DD or ISO time, UTC)")
    queue.add_argument("--until", metavar="DATE", help="decided up to and including this day")
    queue.add_argument("--pending", action="store_true", help="only quotes not yet accepted or sent back")

    commands.add_parser("sent-back", help="your quotes a reviewer sent back, with the comment")

    merge = commands.add_parser("import", help="bring in a colleague's database for review")
    merge.add_argument("database", metavar="THEIR.db", help="their SQLite file (or a database URL)")

    agree = commands.add_parser("agreement", help="how far two editors agree (F1, speaker kappa)")
    agree.add_argument("--user", action="append", metavar="NAME", required=True, help="give exactly two")
    agree.add_argument("--format", choices=("table", "csv"), default="table")

    accept = commands.add_parser("accept", help="accept a colleague's decision on a quote")
    accept.add_argument("quote_id", type=int, metavar="QUOTE_ID")
    accept.add_argument("--comment", metavar="TEXT")

    send_back = commands.add_parser("send-back", aliases=["reject"], help="send a quote back to whoever decided it")
    send_back.add_argument("quote_id", type=int, metavar="QUOTE_ID")
    send_back.add_argument("--comment", metavar="TEXT", required=True, help="why (required)")

    comment = commands.add_parser("comment", help="comment on a quote without deciding")
    comment.add_argument("quote_id", type=int, metavar="QUOTE_ID")
    comment.add_argument("--comment", metavar="TEXT", required=True)
    for decision in (accept, send_back, comment):
        decision.add_argument(
            "--expect-version", type=int, metavar="N", help="refuse if the quote is no longer at version N"
        )

    commands.add_parser("conflicts", help="open conflicts from colleague imports")
    resolve = commands.add_parser("resolve", help="settle a conflict")
    resolve.add_argument("conflict_id", type=int, metavar="CONFLICT_ID")
    resolve.add_argument("--keep", choices=("mine", "theirs"), required=True)
    resolve.add_argument("--expect-version", type=int, metavar="N", help="refuse if the quote is no longer at N")
    return review


def run_review(args: argparse.Namespace, store: Store, settings: Settings, *, out: TextIO | None = None) -> int:
    """Run one `annotator review` command; a refusal prints one line on stderr and returns 1."""
    out = out or sys.stdout
    try:
        return _COMMANDS[args.review_command](args, store, settings, out)
    except ChangedMeanwhile as exc:
        print(f"annotator review: refused: {exc}", file=sys.stderr)
        if isinstance(exc.current, QuoteRecord):
            print(f"quote {exc.current.id} is now at version {exc.current.version}: {_describe(exc.current)}", file=out)
        return 1
    except StoreError as exc:
        print(f"annotator review: {exc}", file=sys.stderr)
        return 1


def _queue(args: argparse.Namespace, store: Store, settings: Settings, out: TextIO) -> int:
    items = review_queue(
        store,
        reviewer=settings.user_name,
        colleagues=args.user,
        since=parse_day(args.since) if args.since else None,
        until=parse_day(args.until, end=True) if args.until else None,
        pending_only=args.pending,
    )
    if not items:
        print("nothing to review", file=out)
        return 0
    for article_id, title, group in group_by_article(items):
        print(f"article {article_id}: {title}", file=out)
        for item in group:
            quote = item.quote
            extra = f", conflict {item.conflict_id}" if item.conflict_id else ""
            print(f"  quote {quote.id} (v{quote.version}) {_snippet(quote.text)}", file=out)
            print(f"    model:     {_state(item.model)}", file=out)
            print(f"    {item.colleague + ':':<10} {_state(item.theirs)}", file=out)
            print(f"    you:       {_state(item.mine)}", file=out)
            print(f"    review:    {item.review_status}{extra}", file=out)
    return 0


def _sent_back(args: argparse.Namespace, store: Store, settings: Settings, out: TextIO) -> int:
    quotes = store.review.sent_back_quotes(settings.user_name)
    if not quotes:
        print("nothing was sent back to you", file=out)
    for quote in quotes:
        print(f"quote {quote.id} (article {quote.article_id}) {_snippet(quote.text)}", file=out)
        print(f"    {quote.reviewed_by}: {quote.review_comment}", file=out)
    return 0


def _import(args: argparse.Namespace, store: Store, settings: Settings, out: TextIO) -> int:
    report = import_colleague_database(store, args.database, user=settings.user_name)
    print(f"{report.source}: {report.describe()}", file=out)
    if report.conflicts:
        print("see `annotator review conflicts` to settle the conflicts", file=out)
    return 0


def _agreement(args: argparse.Namespace, store: Store, settings: Settings, out: TextIO) -> int:
    users = list(dict.fromkeys(args.user))
    if len(users) != 2:
        raise StoreError("give two different editors: --user A --user B")
    rows = agreement(store, users[0], users[1])
    if args.format == "csv":
        write_csv(rows, out)
    else:
        print(f"A = {users[0]}, B = {users[1]}", file=out)
        print(format_table(rows), file=out)
    return 0


def _accept(args: argparse.Namespace, store: Store, settings: Settings, out: TextIO) -> int:
    operation = AcceptQuote(
        args.quote_id,
        args.expect_version,
        comment=args.comment,
        allow_self_review=not settings.require_second_reviewer,
    )
    quote = History(store, settings.user_name).run(operation).result
    print(f"quote {quote.id} accepted (version {quote.version})", file=out)
    return 0


def _send_back(args: argparse.Namespace, store: Store, settings: Settings, out: TextIO) -> int:
    operation = SendBackQuote(args.quote_id, args.comment, args.expect_version)
    quote = History(store, settings.user_name).run(operation).result
    print(f"quote {quote.id} sent back to {quote.verified_by} (version {quote.version})", file=out)
    return 0


def _comment(args: argparse.Namespace, store: Store, settings: Settings, out: TextIO) -> int:
    operation = CommentQuote(args.quote_id, args.comment, args.expect_version)
    quote = History(store, settings.user_name).run(operation).result
    print(f"comment added to quote {quote.id} (version {quote.version})", file=out)
    return 0


def _conflicts(args: argparse.Namespace, store: Store, settings: Settings, out: TextIO) -> int:
    conflicts = store.review.review_conflicts()
    if not conflicts:
        print("no open conflicts", file=out)
    for conflict in conflicts:
        print(f"conflict {conflict.id}: quote {conflict.quote_id} in article {conflict.article_id}", file=out)
        print(f"    mine ({conflict.mine.user}):   {_state(conflict.mine)}", file=out)
        print(f"    theirs ({conflict.theirs.user}): {_state(conflict.theirs)}", file=out)
    return 0


def _resolve(args: argparse.Namespace, store: Store, settings: Settings, out: TextIO) -> int:
    operation = ResolveConflict(args.conflict_id, args.keep, args.expect_version)
    conflict = History(store, settings.user_name).run(operation).result
    print(f"conflict {conflict.id} settled: kept {conflict.resolution}", file=out)
    return 0


_COMMANDS = {
    "queue": _queue,
    "sent-back": _sent_back,
    "import": _import,
    "agreement": _agreement,
    "accept": _accept,
    "send-back": _send_back,
    "reject": _send_back,
    "comment": _comment,
    "conflicts": _conflicts,
    "resolve": _resolve,
}


def _describe(quote: QuoteRecord) -> str:
    review = f", review {quote.review_status} by {quote.reviewed_by}" if quote.review_status else ""
    return f"{quote.status} by {quote.verified_by or '-'}{review}, speaker {quote.speaker or 'unknown'}"


def _state(state: DecisionState | None) -> str:
    if state is None:
        return "-"
    who = f" ({state.status} by {state.user})" if state.user else ""
    return f"{state.describe()}{who}"


def _snippet(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
