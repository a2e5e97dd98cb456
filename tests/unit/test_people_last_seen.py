"""The people list by last seen walks the newest articles first instead of counting everyone's quotes: it
must give the very order (ties by id, undated people last) and pages of the plain definition."""

from __future__ import annotations

from annotator.people_archive import PeopleCursor, PeopleFilter, list_people, person_summary
from annotator.store import Store
from tests.unit.people_data import Said, annotated_article


def _archive(store: Store) -> None:
    # ties on 2024-04-10, a person seen late and early, one only in an undated article, a rejected quote
    annotated_article(
        store,
        "Spring",
        [Said("We will not change course on this at all", "Mark Zuckerberg"), Said("Nothing to add today", "Ann Lee")],
        published="2024-04-10",
    )
    annotated_article(
        store,
        "Spring again",
        [Said("The conversations are clearly fairly high level", "Bo Chen")],
        published="2024-04-10",
    )
    annotated_article(
        store,
        "Winter",
        [
            Said("Mark is very keen to play an active role here", "Nick Clegg"),
            Said("We were early to this and we stay", "Mark Zuckerberg"),
            Said("This never happened at all, really", "Cy Dee", decision="reject"),
        ],
        published="2023-12-01",
    )
    annotated_article(
        store, "Summer", [Said("The last word on the matter is mine", "Nick Clegg")], published="2024-07-01"
    )
    annotated_article(store, "Undated", [Said("No date on this one for sure", "Eve Undated")], published=None)  # type: ignore[arg-type]


def _all_pages(store: Store, limit: int) -> list[str]:
    names: list[str] = []
    after: PeopleCursor | None = None
    while True:
        page = list_people(store, sort="last_seen", after=after, limit=limit)
        names += [p.name for p in page.people]
        if page.next is None:
            return names
        after = page.next


def test_last_seen_order_and_pages_match_the_definition(store: Store) -> None:
    _archive(store)
    # the definition: every speaker's latest publication date, latest first, ties by id, undated last
    everyone = list_people(store, sort="name", limit=100).people
    expected = [
        p.name
        for p in sorted(
            everyone,
            key=lambda p: (p.last_seen is None, [-ord(c) for c in (p.last_seen or "")], p.person_id),
        )
    ]
    assert expected[0] == "Nick Clegg" and expected[-1] == "Eve Undated" and "Cy Dee" not in expected
    for limit in (1, 2, 3, 100):
        assert _all_pages(store, limit) == expected, limit
    first = list_people(store, sort="last_seen", limit=2)
    assert [p.last_seen for p in first.people] == ["2024-07-01", "2024-04-10"]
    assert person_summary(store, first.people[0].person_id).last_seen == "2024-07-01"


def test_filtered_or_oldest_first_last_seen_still_sorts_by_the_count(store: Store) -> None:
    _archive(store)
    oldest = list_people(store, sort="last_seen", descending=False, limit=100).people
    assert (oldest[0].name, oldest[-1].name) == ("Eve Undated", "Nick Clegg")
    zuck = list_people(store, sort="last_seen", filters=PeopleFilter(text="zucker"), limit=100).people
    assert [p.name for p in zuck] == ["Mark Zuckerberg"]
