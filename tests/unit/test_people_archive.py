"""People across the archive on a small hand-counted database (SQLite and PostgreSQL): the people list with
its counts, paging and filters; one person's quotes; the sources overview and its CSV and chart; likely
duplicates and dismissals; gender and its suggestion from pronouns."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from annotator.people_archive import (
    PeopleFilter,
    dismiss_duplicate,
    find_person,
    likely_duplicates,
    list_people,
    person_quotes,
    person_summary,
    set_person_gender,
    suggest_gender,
)
from annotator.people_cli import register
from annotator.quote_groups import regroup_all
from annotator.sources import gender_shares, render_chart, source_counts, write_sources_csv
from annotator.store import Store, StoreError
from tests.unit.people_data import Said, annotated_article

CLEGG_1 = "Mark is very keen to play an active role in the debates"
CLEGG_2 = "We will have more to say about elections next spring"
ARDERN_1 = "We are going to act on climate change this year"
ARDERN_2 = "The border stays open for everyone who needs to come home"
ZUCK_1 = "We are building the future of human connection together"
ZUCK_REJECTED = "This line was never his and an editor rejected it"
LOPEZ = "Commas and quotes are the hardest part of the whole job"


@pytest.fixture
def archive(store: Store) -> Store:
    """Hand-counted: verified quotes are Clegg 2 (BBC, March), Ardern 2 (BBC March, Guardian April),
    Zuckerberg 1 (BBC April); suggestions: Clegg 1 (Guardian April), López 1 (BBC April, no person yet);
    one rejected Zuckerberg quote (Guardian) that never counts."""
    annotated_article(
        store,
        "Keen",
        [
            Said(CLEGG_1, "Nick Clegg"),
            Said(CLEGG_2, "Nick Clegg"),
            Said(ARDERN_1, "Jacinda Ardern", speaker_as_written="she"),
        ],
        outlet="BBC News",
        published="2024-03-05",
    )
    annotated_article(
        store,
        "Border",
        [
            Said(CLEGG_1, "Nick Clegg", decision="leave"),
            Said(ARDERN_2, "Jacinda Ardern", speaker_as_written="she"),
            Said(ZUCK_REJECTED, "Mark Zuckerberg", decision="reject"),
        ],
        outlet="The Guardian",
        published="2024-04-10",
    )
    annotated_article(
        store,
        "Future",
        [Said(ZUCK_1, "Mark Zuckerberg"), Said(LOPEZ, "Ana López", decision="leave")],
        outlet="BBC News",
        published="2024-04-20",
    )
    return store


def _names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.name for p in page.people]


def test_people_list_counts_outlets_and_dates_by_hand(archive: Store) -> None:
    page = list_people(archive)
    assert _names(page) == ["Jacinda Ardern", "Mark Zuckerberg", "Nick Clegg"]  # López has no person yet
    by_name = {p.name: p for p in page.people}
    clegg, ardern, zuck = by_name["Nick Clegg"], by_name["Jacinda Ardern"], by_name["Mark Zuckerberg"]
    assert (clegg.quotes, clegg.verified, clegg.suggested) == (3, 2, 1)
    assert clegg.outlets == ("BBC News", "The Guardian")
    assert (clegg.first_seen, clegg.last_seen) == ("2024-03-05", "2024-04-10")
    assert (ardern.quotes, ardern.verified, ardern.suggested) == (2, 2, 0)
    assert (zuck.quotes, zuck.verified, zuck.outlets) == (1, 1, ("BBC News",))  # the rejected quote is not his
    assert page.next is None


def test_people_list_pages_with_a_cursor_and_sorts_by_counts(archive: Store) -> None:
    first = list_people(archive, limit=2)
    assert _names(first) == ["Jacinda Ardern", "Mark Zuckerberg"]
    assert first.next is not None
    second = list_people(archive, limit=2, after=first.next)
    assert _names(second) == ["Nick Clegg"] and second.next is None

    by_quotes = list_people(archive, sort="quotes", limit=1)
    assert _names(by_quotes) == ["Nick Clegg"]
    rest = list_people(archive, sort="quotes", limit=5, after=by_quotes.next)
    assert _names(rest) == ["Jacinda Ardern", "Mark Zuckerberg"]
    assert _names(list_people(archive, sort="quotes", descending=False)) == [
        "Mark Zuckerberg",
        "Jacinda Ardern",
        "Nick Clegg",
    ]
    assert _names(list_people(archive, sort="last_seen"))[0] == "Mark Zuckerberg"
    with pytest.raises(StoreError, match="cannot sort"):
        list_people(archive, sort="height")


def test_people_list_filters_by_name_alias_outlet_and_gender(archive: Store) -> None:
    assert _names(list_people(archive, filters=PeopleFilter(text="CLEGG"))) == ["Nick Clegg"]
    ardern = find_person(archive, "Jacinda Ardern")
    archive.people.add_alias(ardern, "the Prime Minister", user="bob")
    assert _names(list_people(archive, filters=PeopleFilter(text="prime min"))) == ["Jacinda Ardern"]
    assert _names(list_people(archive, filters=PeopleFilter(outlet="the guardian"))) == ["Jacinda Ardern", "Nick Clegg"]
    set_person_gender(archive, ardern, "woman", user="bob")
    assert _names(list_people(archive, filters=PeopleFilter(gender="woman"))) == ["Jacinda Ardern"]
    assert _names(list_people(archive, filters=PeopleFilter(gender="unknown"))) == ["Mark Zuckerberg", "Nick Clegg"]


def test_one_persons_quotes_across_articles_latest_first_with_their_groups(archive: Store) -> None:
    regroup_all(archive)
    clegg = find_person(archive, "nick clegg")
    page = person_quotes(archive, clegg)
    assert [(q.outlet, q.published, q.status) for q in page.quotes] == [
        ("The Guardian", "2024-04-10", "suggested"),
        ("BBC News", "2024-03-05", "confirmed"),
        ("BBC News", "2024-03-05", "confirmed"),
    ]
    assert page.quotes[0].words == CLEGG_1
    # The same words in two articles: one group, same speaker and words, so no flag
    assert page.quotes[0].group_id is not None
    assert not page.quotes[0].wording_differs and not page.quotes[0].attributed_differently
    first = person_quotes(archive, clegg, limit=2)
    assert first.next is not None
    rest = person_quotes(archive, clegg, limit=2, after=first.next)
    assert [q.quote_id for q in first.quotes + rest.quotes] == [q.quote_id for q in page.quotes]


def test_sources_overview_by_outlet_and_month_verified_or_all(archive: Store) -> None:
    counts = {(r.bucket, r.speaker): r.quotes for r in source_counts(archive)}
    assert counts == {("all", "Nick Clegg"): 2, ("all", "Jacinda Ardern"): 2, ("all", "Mark Zuckerberg"): 1}
    by_outlet = {(r.bucket, r.speaker): r.quotes for r in source_counts(archive, by="outlet")}
    assert by_outlet == {
        ("BBC News", "Nick Clegg"): 2,
        ("BBC News", "Jacinda Ardern"): 1,
        ("BBC News", "Mark Zuckerberg"): 1,
        ("The Guardian", "Jacinda Ardern"): 1,
    }
    by_month = {(r.bucket, r.speaker): r.quotes for r in source_counts(archive, by="month", verified_only=False)}
    assert by_month == {
        ("2024-03", "Nick Clegg"): 2,
        ("2024-03", "Jacinda Ardern"): 1,
        ("2024-04", "Nick Clegg"): 1,
        ("2024-04", "Jacinda Ardern"): 1,
        ("2024-04", "Mark Zuckerberg"): 1,
        ("2024-04", "Ana López"): 1,
    }


def test_gender_share_counts_only_recorded_genders(archive: Store) -> None:
    set_person_gender(archive, find_person(archive, "Jacinda Ardern"), "woman", user="bob")
    set_person_gender(archive, find_person(archive, "Nick Clegg"), "man", user="bob")
    shares = {(s.gender, s.quotes, round(s.share, 2)) for s in gender_shares(source_counts(archive))}
    assert shares == {("man", 2, 0.5), ("woman", 2, 0.5), ("not recorded", 1, 0.0)}
    with pytest.raises(StoreError, match="unknown gender"):
        set_person_gender(archive, find_person(archive, "Nick Clegg"), "robot", user="bob")


def test_sources_table_as_csv_and_charts_as_png_and_svg(archive: Store, tmp_path: Path) -> None:
    counts = source_counts(archive, by="outlet")
    target = tmp_path / "sources.csv"
    assert write_sources_csv(counts, target, by="outlet") == 4
    with target.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[0] == {
        "outlet": "BBC News",
        "speaker": "Nick Clegg",
        "person_id": rows[0]["person_id"],
        "gender": "",
        "quotes": "2",
    }
    png = render_chart(counts, tmp_path / "speakers.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = render_chart(counts, tmp_path / "gender.svg", chart="gender")
    assert "<svg" in svg.read_text(encoding="utf-8")[:500]
    with pytest.raises(StoreError, match=r"\.png or \.svg"):
        render_chart(counts, tmp_path / "chart.gif")


def test_gender_is_suggested_from_the_pronouns_the_articles_use(archive: Store) -> None:
    suggestion = suggest_gender(archive, find_person(archive, "Jacinda Ardern"))
    assert suggestion.gender == "woman" and suggestion.evidence == {"woman": 2}
    assert suggest_gender(archive, find_person(archive, "Nick Clegg")).gender is None  # always named, never "he"


def test_likely_duplicates_by_surname_or_alias_and_dismissals_persist(archive: Store, db_url: str) -> None:
    mark = find_person(archive, "Mark Zuckerberg")
    bare = archive.people.find_or_create_person("Zuckerberg", user="bob").id
    priscilla = archive.people.find_or_create_person("Priscilla Zuckerberg", user="bob").id
    minister = archive.people.find_or_create_person("The Prime Minister", user="bob").id
    ardern = find_person(archive, "Jacinda Ardern")
    archive.people.add_alias(ardern, "the prime minister", user="bob")

    pairs = {(d.person_id, d.other_id, d.reason) for d in likely_duplicates(archive)}
    expected_name = {(min(mark, bare), max(mark, bare), "name"), (min(bare, priscilla), max(bare, priscilla), "name")}
    assert pairs == expected_name | {(min(ardern, minister), max(ardern, minister), "alias")}
    # Mark and Priscilla share a surname, but their given names are not compatible

    dismiss_duplicate(archive, bare, mark, user="bob")
    reopened = Store.open(db_url)
    try:
        remaining = {(d.person_id, d.other_id) for d in likely_duplicates(reopened)}
        assert (min(mark, bare), max(mark, bare)) not in remaining
        assert {d.other_id for d in likely_duplicates(reopened, person_ids=[minister])} == {minister}
        assert any(e.action == "dismiss_duplicate" for e in reopened.audit.edits())
    finally:
        reopened.close()


def _run(store: Store, *argv: str) -> str:
    import io

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["people", *argv])
    out = io.StringIO()
    assert args.handler(args, store, SimpleNamespace(user_name="bob"), out) == 0
    return out.getvalue()


def test_command_line_lists_shows_counts_and_groups(archive: Store, tmp_path: Path) -> None:
    listed = _run(archive, "list", "--limit", "2", "--page", "2")
    assert "Nick Clegg" in listed and "Jacinda Ardern" not in listed
    shown = _run(archive, "show", "Nick Clegg")
    assert shown.startswith("Nick Clegg: 2 verified, 1 to check")
    assert CLEGG_1 in shown
    stats = _run(
        archive, "stats", "--by", "month", "--csv", str(tmp_path / "s.csv"), "--chart", str(tmp_path / "c.svg")
    )
    assert stats == ""
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").startswith("month,speaker,person_id,gender,quotes")
    assert (tmp_path / "c.svg").exists()
    groups = _run(archive, "groups", "--regroup")
    assert "2 quotes" in groups


def test_command_line_prints_the_sources_table_as_csv_and_the_gender_suggestion(archive: Store) -> None:
    printed = _run(archive, "stats", "--by", "outlet", "--csv", "-")
    rows = list(csv.reader(printed.splitlines()))
    assert rows[0] == ["outlet", "speaker", "person_id", "gender", "quotes"]
    assert rows[1][:2] + rows[1][4:] == ["BBC News", "Nick Clegg", "2"]
    assert len(rows) == 5
    gender = _run(archive, "gender", "Jacinda Ardern", "--set", "woman")
    assert gender.startswith("Jacinda Ardern: woman (suggested: woman; woman: 2)")


def test_a_gender_set_from_the_command_line_is_undone_by_annotator_undo(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from annotator.cli import main

    store = Store.open(sqlite_url)
    try:
        annotated_article(store, "Vote", [Said(CLEGG_1, "Nick Clegg")])
    finally:
        store.close()

    assert main(["--db", sqlite_url, "--user", "bob", "people", "gender", "Nick Clegg", "--set", "man"]) == 0
    assert capsys.readouterr().out.startswith("Nick Clegg: man")
    assert main(["--db", sqlite_url, "--user", "bob", "undo"]) == 0
    assert "undone: set the gender of person" in capsys.readouterr().out

    reopened = Store.open(sqlite_url)
    try:
        assert person_summary(reopened, find_person(reopened, "Nick Clegg")).gender is None
    finally:
        reopened.close()


def _pairs_with(found: list, person_id: int) -> set[tuple[int, int, str]]:  # type: ignore[type-arg]
    return {(d.person_id, d.other_id, d.reason) for d in found if person_id in (d.person_id, d.other_id)}


def test_likely_duplicates_compare_names_as_fold_name_does_whoever_is_asked_about(store: Store) -> None:
    """An alias with a curly apostrophe, an accent or a hyphen is the name written straight: the per-person
    check (the People view) finds what the archive-wide check (the command line) finds, for each person."""
    people = store.people
    tip = people.find_or_create_person("Tip O'Neill", user="bob").id
    speaker = people.find_or_create_person("The Speaker", user="bob", aliases=["Tip O\u2019Neill"]).id
    jose = people.find_or_create_person("Jose Ramos", user="bob").id
    minister = people.find_or_create_person("The Minister", user="bob", aliases=["Jos\u00e9 Ramos"]).id
    anne = people.find_or_create_person("Anne Smith Jones", user="bob").id
    initial = people.find_or_create_person("A. Smith-Jones", user="bob").id
    people.find_or_create_person("Priscilla Jones", user="bob")  # same surname key, given names apart

    everyone = likely_duplicates(store)
    assert {(d.person_id, d.other_id, d.reason) for d in everyone} == {
        (min(tip, speaker), max(tip, speaker), "alias"),
        (min(jose, minister), max(jose, minister), "alias"),
        (min(anne, initial), max(anne, initial), "name"),  # "Smith-Jones" is "Smith Jones" everywhere
    }
    for person_id in (tip, speaker, jose, minister, anne, initial):
        asked = {(d.person_id, d.other_id, d.reason) for d in likely_duplicates(store, person_ids=[person_id])}
        assert asked == _pairs_with(everyone, person_id), person_id

    dismiss_duplicate(store, speaker, tip, user="bob")
    assert not _pairs_with(likely_duplicates(store, person_ids=[tip]), speaker)
    assert not _pairs_with(likely_duplicates(store), speaker)


def test_likely_duplicates_follow_renames_and_new_aliases(store: Store) -> None:
    """Keys written by the app or left empty by the database's triggers: a renamed person and an alias added
    later are compared by their new spelling."""
    people = store.people
    tip = people.find_or_create_person("Tip O'Neill", user="bob").id
    other = people.find_or_create_person("Thomas Smith", user="bob").id
    assert likely_duplicates(store, person_ids=[tip]) == []
    people.add_alias(other, "TIP O\u2018NEILL", user="bob")
    assert {d.reason for d in likely_duplicates(store, person_ids=[tip])} == {"alias"}
    people.rename_person(other, "T. O\u2019Neill", user="bob")
    assert {(d.reason, d.other_name) for d in likely_duplicates(store, person_ids=[tip])} == {
        ("alias", "T. O\u2019Neill")
    }
    with store.engine.begin() as conn:  # a writer other than the app (a script, a bulk insert) renames
        conn.execute(text("UPDATE people SET name = 'Someone Else' WHERE id = :id"), {"id": other})
        conn.execute(text("DELETE FROM person_aliases WHERE person_id = :id"), {"id": other})
    assert likely_duplicates(store, person_ids=[tip]) == []
