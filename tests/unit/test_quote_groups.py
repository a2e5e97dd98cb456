"""The same quote across articles: groups found between articles, their flags and word differences, the
CSV's quote_group column, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

from annotator.export import ExportFilter, export_quotes, parse_statuses
from annotator.quote_groups import (
    group_article,
    group_members,
    groups_for_quote,
    groups_for_quotes,
    list_groups,
    regroup_all,
)
from annotator.store import Store
from tests.unit.people_data import Said, annotated_article

KEEN = "Mark is very keen to play an active role in the debates about the future of technology"
KEEN_CHANGED = "Mark is really keen to play an active role in the debates about the future of technology"
ALONE = "Nobody else in the world has ever put these particular words in this order"


def test_a_small_change_of_wording_is_grouped_and_flagged_with_the_differing_words(store: Store) -> None:
    first = annotated_article(store, "Keen", [Said(KEEN, "Nick Clegg")])
    group_article(store, first[0].article_id)
    assert groups_for_quote(store, first[0].id) is None  # nothing to match yet

    second = annotated_article(store, "Keen again", [Said(KEEN_CHANGED, "Nick Clegg")], outlet="The Guardian")
    group_article(store, second[0].article_id)

    group = groups_for_quote(store, second[0].id)
    assert group is not None
    assert groups_for_quote(store, first[0].id) == group
    assert group.wording_differs and not group.attributed_differently
    detail = group_members(store, group.group_id)
    assert detail is not None
    assert [m.quote_id for m in detail.members] == [first[0].id, second[0].id]
    assert [m.outlet for m in detail.members] == ["BBC News", "The Guardian"]
    assert detail.members[0].changes == ()
    [change] = detail.members[1].changes
    assert (change.tag, change.before, change.after) == ("replace", "very", "really")


def test_the_same_words_given_to_different_people_are_flagged_attributed_differently(store: Store) -> None:
    first = annotated_article(store, "Keen", [Said(KEEN, "Nick Clegg")])
    # Same words, other marks and case: the words match exactly once normalised
    second = annotated_article(store, "Keen too", [Said(KEEN.upper() + "!", "Mark Zuckerberg")])
    for quotes in (first, second):
        group_article(store, quotes[0].article_id)

    group = groups_for_quote(store, first[0].id)
    assert group is not None and group.size == 2
    assert group.attributed_differently and not group.wording_differs
    detail = group_members(store, group.group_id)
    assert detail is not None
    assert {m.speaker for m in detail.members} == {"Nick Clegg", "Mark Zuckerberg"}
    assert detail.members[1].changes == ()


def test_a_quote_alone_stays_alone_and_short_or_rejected_quotes_never_group(store: Store) -> None:
    first = annotated_article(
        store, "One", [Said(KEEN, "Nick Clegg"), Said(ALONE, "Ana López"), Said("We will see", "Li Wei")]
    )
    second = annotated_article(
        store, "Two", [Said(KEEN, "Nick Clegg", decision="reject"), Said("We will see", "Li Wei")]
    )
    for quotes in (first, second):
        group_article(store, quotes[0].article_id)
    assert groups_for_quotes(store, [q.id for q in first + second]) == {}
    assert list_groups(store) == []


def test_regrouping_the_archive_finds_the_groups_the_incremental_matching_finds(store: Store) -> None:
    first = annotated_article(store, "Keen", [Said(KEEN, "Nick Clegg"), Said(ALONE, "Ana López")])
    second = annotated_article(store, "Keen again", [Said(KEEN_CHANGED, "Nick Clegg")])
    third = annotated_article(store, "Keen, third", [Said(KEEN, "Mark Zuckerberg")])
    steps: list[tuple[int, int]] = []
    result = regroup_all(store, lambda done, total, label: steps.append((done, total)) or True)
    assert result is not None and result.groups == 1
    group = groups_for_quote(store, first[0].id)
    assert group is not None and group.size == 3
    assert group.wording_differs and group.attributed_differently
    assert groups_for_quote(store, second[0].id) == groups_for_quote(store, third[0].id) == group
    assert groups_for_quote(store, first[1].id) is None
    assert steps[-1][0] == steps[-1][1]
    # The group keeps its key (its earliest quote's uid) however it is found
    assert group.key == first[0].uid
    group_article(store, third[0].article_id)
    again = groups_for_quote(store, first[0].id)
    assert again is not None and again.key == group.key and again.size == 3


def test_regrouping_can_be_cancelled_and_keeps_the_groups_it_had(store: Store) -> None:
    first = annotated_article(store, "Keen", [Said(KEEN, "Nick Clegg")])
    annotated_article(store, "Keen again", [Said(KEEN_CHANGED, "Nick Clegg")])
    assert regroup_all(store) is not None
    assert regroup_all(store, lambda done, total, label: False) is None
    assert groups_for_quote(store, first[0].id) is not None


def test_a_rejected_quote_leaves_its_group_when_its_article_is_regrouped(store: Store) -> None:
    first = annotated_article(store, "Keen", [Said(KEEN, "Nick Clegg", decision="leave")])
    second = annotated_article(store, "Keen again", [Said(KEEN_CHANGED, "Nick Clegg")])
    group_article(store, second[0].article_id)
    group_article(store, first[0].article_id)
    assert groups_for_quote(store, second[0].id) is not None

    store.quotes.reject_quote(first[0].id, user="bob")
    group_article(store, first[0].article_id)
    assert groups_for_quote(store, second[0].id) is None


def test_the_csv_names_each_quotes_group_and_leaves_the_cell_empty_when_alone(store: Store, tmp_path: Path) -> None:
    first = annotated_article(store, "Keen", [Said(KEEN, "Nick Clegg"), Said(ALONE, "Ana López")])
    second = annotated_article(store, "Keen again", [Said(KEEN_CHANGED, "Nick Clegg")])
    regroup_all(store)
    target = tmp_path / "quotes.csv"
    export_quotes(store, target, filters=ExportFilter(statuses=parse_statuses("all")))
    with target.open(encoding="utf-8", newline="") as stream:
        rows = {row["quote_id"]: row for row in csv.DictReader(stream)}
    assert list(next(iter(rows.values())))[-2:] == ["content", "quote_group"]
    assert rows[first[0].uid]["quote_group"] == rows[second[0].uid]["quote_group"] == first[0].uid
    assert rows[first[1].uid]["quote_group"] == ""


def test_annotating_articles_groups_their_quotes_with_the_archive(sqlite_store: Store) -> None:
    from annotator.annotating import annotate_articles
    from annotator.store import NewArticle

    texts = [
        f'Meta and the debates. "{KEEN}," Nick Clegg told journalists on Tuesday.',
        f'Clegg speaks. "{KEEN_CHANGED}," Nick Clegg told reporters in London.',
    ]
    ids = [
        sqlite_store.articles.add_article(NewArticle(title=f"Article {i}", text=t), user="ana")[0].id
        for i, t in enumerate(texts)
    ]
    assert annotate_articles(sqlite_store, ids, user="ana") == ids
    quotes = [q for article_id in ids for q in sqlite_store.quotes.quotes_for_article(article_id)]
    groups = groups_for_quotes(sqlite_store, [q.id for q in quotes])
    assert len(groups) == 2 and len(set(groups.values())) == 1
    assert next(iter(groups.values())).wording_differs
