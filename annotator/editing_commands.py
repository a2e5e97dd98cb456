"""`annotator quote|article|people ...` and `annotator undo|redo`: the app's decisions from the command line.

Each command runs the same operation the app runs (annotator/operations) and lands on the same history,
so `annotator undo` takes back the latest decision of the editor (--user) in that database, whether it was
made here or in the app. `--expect-version N` is the stale-write check: the command is refused, with the
quote as it is now, when the quote is no longer at the version the script last saw.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from annotator.config import Settings
from annotator.editing import quote_before
from annotator.operations import (
    AddQuote,
    ConfirmQuote,
    History,
    JoinQuotes,
    MarkArticleDone,
    MergePeople,
    Operation,
    RejectQuote,
    RenamePerson,
    SetBounds,
    SetKind,
    SetNote,
    SetPieceBounds,
    SetSpeaker,
    SetVenue,
    SplitPerson,
    SplitQuote,
    TrimPieces,
)
from annotator.records import QUOTE_KINDS, ArticleSummary, PersonRecord, QuoteRecord
from annotator.store import ChangedMeanwhile, HistoryStep, Store, StoreError

EXIT_REFUSED = 1


def add_editing_parsers(commands: Any) -> None:
    quote = commands.add_parser("quote", help="decide on a quote: confirm, reject, speaker, kind, bounds, ...")
    actions = quote.add_subparsers(dest="quote_command", metavar="ACTION", required=True)
    _quote_action(actions, "list", "the quotes of an article (ids, versions, speakers)", article=True)
    _quote_action(actions, "confirm", "the attribution is right as shown")
    _quote_action(actions, "reject", "not a quote (kept, but never exported)")
    p = _quote_action(actions, "speaker", "who said it")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", type=int, metavar="PERSON_ID", help="a person of the database")
    who.add_argument("--name", metavar="NAME", help="a person by name (created when new)")
    who.add_argument("--unknown", action="store_true", help="the speaker is unknown")
    p.add_argument("--mention", type=int, nargs=2, metavar=("START", "END"), help="where the text names them")
    p = _quote_action(actions, "kind", "direct, partial or indirect")
    p.add_argument("kind", choices=QUOTE_KINDS)
    p = _quote_action(actions, "bounds", "where the quote starts and ends (code points)")
    p.add_argument("start", type=int)
    p.add_argument("end", type=int)
    p.add_argument(
        "--piece", type=int, nargs=2, action="append", metavar=("START", "END"), help="a verbatim stretch (repeat)"
    )
    p = _quote_action(actions, "piece", "where one piece starts and ends (code points); the content follows")
    p.add_argument("piece", type=int, metavar="PIECE", help="the piece's number, 1 for the first")
    p.add_argument("start", type=int)
    p.add_argument("end", type=int)
    p = _quote_action(actions, "trim", "cut the pieces back to their quote marks")
    p.add_argument("--piece", type=int, metavar="PIECE", help="only this piece (1 for the first)")
    p = _quote_action(actions, "split", "two attributions from one, cut before a piece")
    p.add_argument("--before-piece", type=int, default=2, metavar="PIECE", help="cut before this piece (default 2)")
    p = _quote_action(actions, "join", "the quote's pieces belong to the quote before it")
    p.add_argument("--into", type=int, metavar="QUOTE_ID", help="the quote to join (default: the one before it)")
    p = _quote_action(actions, "venue", "where it was said (no text: none)")
    p.add_argument("venue", nargs="?", default=None)
    p.add_argument("--span", type=int, nargs=2, metavar=("START", "END"), help="where the text names it")
    p = _quote_action(actions, "note", "a note for colleagues (no text: remove it)")
    p.add_argument("note", nargs="?", default=None)
    p = actions.add_parser(
        "add", help="a quote the model missed: confirmed with --person, else to check until its speaker is set"
    )
    p.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    p.add_argument("start", type=int)
    p.add_argument("end", type=int)
    p.add_argument("--kind", choices=QUOTE_KINDS, default="direct")
    p.add_argument("--person", type=int, metavar="PERSON_ID")
    _add_format(p)
    quote.set_defaults(handler=run_quote)

    article = commands.add_parser("article", help="mark an article done, or not done")
    actions = article.add_subparsers(dest="article_command", metavar="ACTION", required=True)
    for name, text in (("done", "every quote of it is checked"), ("reopen", "back in progress")):
        p = actions.add_parser(name, help=text)
        p.add_argument("article_id", type=int, metavar="ARTICLE_ID")
        p.add_argument("--expect-status", metavar="STATUS", help="refuse if the status is no longer this")
        _add_format(p)
    article.set_defaults(handler=run_article)

    for name, text in (("undo", "take back your latest decision"), ("redo", "make your latest undone decision again")):
        p = commands.add_parser(name, help=text)
        _add_format(p)
        p.set_defaults(handler=run_undo if name == "undo" else run_redo)


PEOPLE_EDIT_ACTIONS = ("merge", "rename", "split")


def add_people_edit_parsers(actions: Any) -> None:
    """`annotator people merge|rename|split`: added to the `people` command that annotator/people_cli.py makes."""
    p = actions.add_parser("merge", help="OTHER is the same person as KEEP")
    p.add_argument("keep_id", type=int, metavar="KEEP_ID")
    p.add_argument("other_id", type=int, metavar="OTHER_ID")
    _add_format(p)
    p = actions.add_parser("rename", help="correct a person's name")
    p.add_argument("person_id", type=int, metavar="PERSON_ID")
    p.add_argument("name")
    _add_format(p)
    p = actions.add_parser("split", help="some quotes of a person are someone else's")
    p.add_argument("person_id", type=int, metavar="PERSON_ID")
    p.add_argument("name", help="who they really are (created when new)")
    p.add_argument("--quote", type=int, action="append", required=True, metavar="QUOTE_ID", dest="quote_ids")
    _add_format(p)


def _quote_action(actions: Any, name: str, text: str, *, article: bool = False) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = actions.add_parser(name, help=text)
    if article:
        p.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    else:
        p.add_argument("quote_id", type=int, metavar="QUOTE_ID")
        p.add_argument("--expect-version", type=int, metavar="N", help="refuse if the quote is no longer at N")
    _add_format(p)
    return p


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")


# ---- running them -----------------------------------------------------------------------------------------


def run_quote(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
    opened = _opened(store)
    if args.quote_command == "list":
        quotes = opened.quotes.quotes_for_article(opened.articles.get_article(args.article_id).id)
        for quote in quotes:
            _print(args, quote)
        return 0
    if args.quote_command == "join":
        return _run(args, opened, settings, _join(args, opened))
    build = _QUOTE_OPERATIONS[args.quote_command]
    return _run(args, opened, settings, build(args))


def run_article(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
    operation = MarkArticleDone(
        args.article_id, done=args.article_command == "done", expected_status=args.expect_status
    )
    return _run(args, _opened(store), settings, operation)


def run_people_edit(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
    opened = _opened(store)
    operation: Operation[Any]
    if args.people_command == "merge":
        operation = MergePeople(args.keep_id, args.other_id)
    elif args.people_command == "rename":
        operation = RenamePerson(args.person_id, args.name)
    else:
        operation = SplitPerson(args.person_id, args.name, tuple(args.quote_ids))
    return _run(args, opened, settings, operation)


def run_undo(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
    return _step(args, _opened(store), settings, "undo")


def run_redo(args: argparse.Namespace, store: Store | None, settings: Settings) -> int:
    return _step(args, _opened(store), settings, "redo")


def _run(args: argparse.Namespace, store: Store, settings: Settings, operation: Operation[Any]) -> int:
    try:
        outcome = History(store, settings.user_name).run(operation)
    except ChangedMeanwhile as exc:
        return _refused(args, exc)
    _print(args, outcome.result)
    return 0


def _step(args: argparse.Namespace, store: Store, settings: Settings, verb: str) -> int:
    history = History(store, settings.user_name)
    try:
        step = history.undo() if verb == "undo" else history.redo()
    except ChangedMeanwhile as exc:
        return _refused(args, exc)
    _print(args, step)
    return 0


def _refused(args: argparse.Namespace, exc: ChangedMeanwhile) -> int:
    """One line saying why, then the fresh state (on stdout, so a script can read it)."""
    print(f"annotator: refused: {exc}", file=sys.stderr)
    if exc.current is not None:
        _print(args, exc.current)
    return EXIT_REFUSED


def _opened(store: Store | None) -> Store:
    if store is None:
        raise StoreError("this command needs a database")
    return store


def _print(args: argparse.Namespace, value: object) -> None:
    if getattr(args, "format", "text") == "json":
        print(json.dumps(_as_json(value), ensure_ascii=False, default=str))
    else:
        print(_as_text(value))


def _as_json(value: object) -> dict[str, Any]:
    fields = getattr(value, "__dataclass_fields__", {})
    return {name: getattr(value, name) for name in fields}


def _as_text(value: object) -> str:
    if isinstance(value, QuoteRecord):
        speaker = value.speaker or "speaker unknown"
        return f"quote {value.id} v{value.version}  {value.status:<9} {value.kind:<8} {speaker}  {_clip(value.text)}"
    if isinstance(value, ArticleSummary):
        return f"article {value.id}  {value.status}  {value.quotes_checked}/{value.quotes_total} checked  {value.title}"
    if isinstance(value, PersonRecord):
        aliases = f"  ({', '.join(value.aliases)})" if value.aliases else ""
        return f"person {value.id}  {value.name}{aliases}  {value.quote_count} quotes"
    if isinstance(value, HistoryStep):
        return f"{'undone' if value.undone else 'redone'}: {value.label}"
    return str(value)


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _speaker(args: argparse.Namespace) -> Operation[Any]:
    return SetSpeaker(
        args.quote_id,
        person_id=args.person,
        name=args.name,
        mention=_pair(args.mention),
        expected_version=args.expect_version,
    )


def _pair(values: list[int] | None) -> tuple[int, int] | None:
    return (int(values[0]), int(values[1])) if values else None


def _bounds(args: argparse.Namespace) -> Operation[Any]:
    pieces = tuple((int(s), int(e)) for s, e in args.piece) if args.piece else None
    return SetBounds(args.quote_id, args.start, args.end, pieces=pieces, expected_version=args.expect_version)


def _join(args: argparse.Namespace, store: Store) -> Operation[Any]:
    if args.into is not None:
        return JoinQuotes(args.quote_id, args.into, args.expect_version)
    quote = store.quotes.get_quote(args.quote_id)
    before = quote_before(store.quotes.quotes_for_article(quote.article_id), quote)
    if before is None:
        raise StoreError(f"quote {quote.id} is the first quote of its article: there is none to join")
    return JoinQuotes(quote.id, before.id, args.expect_version, before.version)


_QUOTE_OPERATIONS: dict[str, Callable[[argparse.Namespace], Operation[Any]]] = {
    "confirm": lambda a: ConfirmQuote(a.quote_id, a.expect_version),
    "reject": lambda a: RejectQuote(a.quote_id, a.expect_version),
    "speaker": _speaker,
    "kind": lambda a: SetKind(a.quote_id, a.kind, a.expect_version),
    "bounds": _bounds,
    "piece": lambda a: SetPieceBounds(a.quote_id, a.piece - 1, a.start, a.end, a.expect_version),
    "trim": lambda a: TrimPieces(a.quote_id, None if a.piece is None else a.piece - 1, a.expect_version),
    "split": lambda a: SplitQuote(a.quote_id, a.before_piece - 1, a.expect_version),
    "venue": lambda a: SetVenue(a.quote_id, a.venue, _pair(a.span), a.expect_version),
    "note": lambda a: SetNote(a.quote_id, a.note, a.expect_version),
    "add": lambda a: AddQuote(a.article_id, a.start, a.end, kind=a.kind, person_id=a.person),
}
