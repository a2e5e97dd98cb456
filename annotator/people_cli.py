"""`annotator people list|show|stats|groups|duplicates|gender`: people across the archive from the command line.

The lead wires it into annotator/cli.py with one line in `_add_optional_commands`:
    ("annotator.people_cli", "add_people_parser", "run_people"),
or directly with `register(commands)`, which also sets the handler.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from annotator.operations import History, SetPersonGender
from annotator.people_archive import (
    GENDERS,
    PEOPLE_SORTS,
    PeopleFilter,
    PeoplePage,
    dismiss_duplicate,
    find_person,
    likely_duplicates,
    list_people,
    person_quotes,
    person_summary,
    suggest_gender,
)
from annotator.quote_groups import group_members, list_groups, regroup_all
from annotator.sources import BREAKDOWNS, gender_shares, render_chart, source_counts, write_sources_csv
from annotator.store import Store, StoreError


def add_people_parser(subparsers: Any, add_more: Callable[[Any], None] | None = None) -> argparse.ArgumentParser:
    """The `people` command and its read-side actions; `add_more` adds other actions (merge, rename, split)."""
    people = subparsers.add_parser(
        "people",
        help="people across the archive: who said what, where and when",
        description="People across the archive.",
    )
    commands = people.add_subparsers(dest="people_command", metavar="COMMAND", required=True)

    p = commands.add_parser("list", help="everyone who speaks, with quote counts, outlets and dates")
    p.add_argument("--sort", choices=PEOPLE_SORTS, default="name")
    p.add_argument("--reverse", action="store_true", help="the other way round")
    p.add_argument("--search", metavar="TEXT", help="in the name or an alias")
    p.add_argument("--outlet", help="quoted in this outlet")
    p.add_argument("--verified", action="store_true", help="only people with a verified quote")
    p.add_argument("--gender", choices=(*GENDERS, "unknown"))
    p.add_argument("--limit", type=int, default=50, metavar="N", help="people per page (default 50)")
    p.add_argument("--page", type=int, default=1, metavar="N", help="which page")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")

    p = commands.add_parser("show", help="one person's quotes across articles")
    p.add_argument("person", metavar="PERSON", help="an id, a name or an alias")
    p.add_argument("--all", action="store_true", help="rejected quotes too")
    p.add_argument("--limit", type=int, default=200, metavar="N")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = commands.add_parser("stats", help="who is quoted how often, by outlet or month (CSV and charts)")
    p.add_argument("--by", choices=BREAKDOWNS, default="none")
    p.add_argument("--all", action="store_true", help="suggested quotes too (default: verified only)")
    p.add_argument("--gender", action="store_true", help="the share of quotes by recorded gender instead")
    p.add_argument("--csv", type=Path, metavar="PATH", help="write the table as CSV (- for stdout)")
    p.add_argument("--chart", type=Path, metavar="PATH.png|PATH.svg", help="save a chart")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="speakers per bucket in the table shown")

    p = commands.add_parser("groups", help="the same quote across articles; --regroup rebuilds them all")
    p.add_argument("--flagged", action="store_true", help="only groups whose wording or speaker differs")
    p.add_argument("--regroup", action="store_true", help="match every quote of the archive again first")
    p.add_argument("--show", type=int, metavar="GROUP_ID", help="one group's quotes and their differences")
    p.add_argument("--limit", type=int, default=50, metavar="N")

    p = commands.add_parser("duplicates", help="people who may be one person")
    p.add_argument("--dismiss", nargs=2, type=int, metavar=("ID", "OTHER_ID"), help="they are different people")

    p = commands.add_parser("gender", help="record a person's gender (the suggestion is shown without --set)")
    p.add_argument("person", metavar="PERSON")
    p.add_argument("--set", choices=(*GENDERS, "none"), help="record it (none clears it)")
    if add_more is not None:
        add_more(commands)
    return people


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add `people` to the command line's sub-commands, with its handler."""
    parser = add_people_parser(subparsers)
    parser.set_defaults(handler=run_people)
    return parser


def run_people(args: argparse.Namespace, store: Store | None, settings: Any, out: TextIO | None = None) -> int:
    assert store is not None, "people commands need a database"
    stream = out or sys.stdout
    command = args.people_command
    if command == "list":
        return _list(store, args, stream)
    if command == "show":
        return _show(store, args, stream)
    if command == "stats":
        return _stats(store, args, stream)
    if command == "groups":
        return _groups(store, args, stream)
    if command == "duplicates":
        return _duplicates(store, args, stream, settings.user_name)
    if command == "gender":
        return _gender(store, args, stream, settings.user_name)
    raise StoreError(f"unknown people command {command!r}")


def _list(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    filters = PeopleFilter(text=args.search, outlet=args.outlet, verified_only=args.verified, gender=args.gender)
    default_descending = args.sort != "name"
    descending = not default_descending if args.reverse else default_descending
    page = list_people(store, sort=args.sort, descending=descending, filters=filters, limit=args.limit)
    for _ in range(max(args.page, 1) - 1):  # keyset pages: walk to the one asked for
        if page.next is None:
            page = PeoplePage((), None)
            break
        page = list_people(
            store, sort=args.sort, descending=descending, filters=filters, after=page.next, limit=args.limit
        )
    people = page.people
    for person in people:
        if args.format == "jsonl":
            record = {
                "id": person.person_id,
                "name": person.name,
                "aliases": list(person.aliases),
                "description": person.description,
                "gender": person.gender,
                "quotes": person.quotes,
                "verified": person.verified,
                "suggested": person.suggested,
                "outlets": list(person.outlets),
                "first_seen": person.first_seen,
                "last_seen": person.last_seen,
            }
            print(json.dumps(record, ensure_ascii=False), file=out)
        else:
            also = f" (also {', '.join(person.aliases)})" if person.aliases else ""
            seen = f"{person.first_seen or '?'} – {person.last_seen or '?'}"
            print(
                f"#{person.person_id:<6} {person.name}{also}  {person.verified}/{person.quotes} verified  "
                f"{seen}  {', '.join(person.outlets)}",
                file=out,
            )
    if args.format == "table" and page.next is not None:
        print(f"(more: --page {args.page + 1})", file=sys.stderr)
    return 0


def _show(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    person_id = find_person(store, args.person)
    person = person_summary(store, person_id)
    page = person_quotes(store, person_id, include_rejected=args.all, limit=args.limit)
    if args.format == "json":
        record = {
            "id": person.person_id,
            "name": person.name,
            "aliases": list(person.aliases),
            "gender": person.gender,
            "quotes": [
                {
                    "quote_id": q.quote_id,
                    "article_id": q.article_id,
                    "article_title": q.article_title,
                    "outlet": q.outlet,
                    "published": q.published,
                    "status": q.status,
                    "words": q.words,
                    "group_id": q.group_id,
                    "wording_differs": q.wording_differs,
                    "attributed_differently": q.attributed_differently,
                }
                for q in page.quotes
            ],
        }
        print(json.dumps(record, ensure_ascii=False, indent=2), file=out)
        return 0
    also = f" (also {', '.join(person.aliases)})" if person.aliases else ""
    print(f"{person.name}{also}: {person.verified} verified, {person.suggested} to check", file=out)
    for q in page.quotes:
        flags = [
            f
            for f, on in (("wording differs", q.wording_differs), ("attributed differently", q.attributed_differently))
            if on
        ]
        group = f"  [group {q.group_id}{': ' + ', '.join(flags) if flags else ''}]" if q.group_id else ""
        print(
            f"{q.published or '????-??-??'}  {q.outlet or '-'}  #{q.article_id} {q.article_title}  [{q.status}]{group}",
            file=out,
        )
        print(f"    “{q.words}”", file=out)
    if page.next is not None:
        print(f"(showing the latest {len(page.quotes)}: --limit N for more)", file=sys.stderr)
    return 0


def _stats(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    counts = source_counts(store, by=args.by, verified_only=not args.all)
    if args.chart is not None:
        render_chart(counts, args.chart, chart="gender" if args.gender else "speakers")
        print(f"chart saved to {args.chart}", file=sys.stderr)
    if args.csv is not None:
        if str(args.csv) == "-":
            write_sources_csv(counts, out, by=args.by)
        else:
            written = write_sources_csv(counts, args.csv, by=args.by)
            print(f"{written} rows written to {args.csv}", file=sys.stderr)
        return 0
    if args.gender:
        for share in gender_shares(counts):
            print(f"{share.bucket}\t{share.gender}\t{share.quotes}\t{share.share:.0%}", file=out)
        return 0
    shown: dict[str, int] = {}
    for row in counts:
        shown[row.bucket] = shown.get(row.bucket, 0) + 1
        if shown[row.bucket] <= args.limit:
            print(f"{row.bucket}\t{row.quotes}\t{row.speaker}", file=out)
    return 0


def _groups(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    if args.regroup:
        result = regroup_all(store)
        if result is not None:
            print(f"{result.quotes} quotes compared, {result.groups} groups", file=sys.stderr)
    if args.show is not None:
        detail = group_members(store, args.show)
        if detail is None:
            raise StoreError(f"there is no quote group {args.show}")
        for member in detail.members:
            print(
                f"#{member.quote_id} {member.published or '????-??-??'} {member.outlet or '-'} "
                f"“{member.words}” — {member.speaker or '(unknown speaker)'}",
                file=out,
            )
            for change in member.changes:
                print(f"    {change.tag}: {change.before!r} -> {change.after!r}", file=out)
        return 0
    for group in list_groups(store, flagged_only=args.flagged, limit=args.limit):
        flags = [
            f
            for f, on in (
                ("wording differs", group.wording_differs),
                ("attributed differently", group.attributed_differently),
            )
            if on
        ]
        print(
            f"group {group.group_id}\t{group.size} quotes\t{', '.join(flags) or 'same words, same speaker'}", file=out
        )
    return 0


def _duplicates(store: Store, args: argparse.Namespace, out: TextIO, user: str) -> int:
    if args.dismiss:
        dismiss_duplicate(store, args.dismiss[0], args.dismiss[1], user=user)
        print(f"#{args.dismiss[0]} and #{args.dismiss[1]} will not be suggested again", file=sys.stderr)
        return 0
    for pair in likely_duplicates(store):
        why = "one is the other's alias" if pair.reason == "alias" else "same surname"
        print(f"#{pair.person_id} {pair.name}  ~  #{pair.other_id} {pair.other_name}  ({why})", file=out)
    return 0


def _gender(store: Store, args: argparse.Namespace, out: TextIO, user: str) -> int:
    person_id = find_person(store, args.person)
    if args.set is not None:  # the app's undoable operation: `annotator undo` takes it back
        History(store, user).run(SetPersonGender(person_id, None if args.set == "none" else args.set))
    person = person_summary(store, person_id)
    suggestion = suggest_gender(store, person_id)
    evidence = ", ".join(f"{k}: {v}" for k, v in sorted(suggestion.evidence.items())) or "no pronouns seen"
    print(
        f"{person.name}: {person.gender or 'not recorded'} (suggested: {suggestion.gender or 'none'}; {evidence})",
        file=out,
    )
    return 0
