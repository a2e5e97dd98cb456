"""Every Qt model passes Qt's model tester; the article list pages lazily over the store."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from annotator.records import ArticleFilter
from annotator.store import NewArticle, Store
from tests.ui.conftest import add_seed, seed_annotations
from ui.models.article_list import ARTICLE_ID_ROLE, QUOTES, ArticleListModel
from ui.models.quote_list import QUOTE_ROLE, STATUS_ROLE, QuoteListModel
from ui.models.speaker_choices import PeopleModel, SpeakerChoice


def add_articles(store: Store, count: int) -> None:
    for number in range(count):
        store.articles.add_article(
            NewArticle(
                title=f"Article {number:04d}",
                text=f"Body {number} with words {'apple' if number % 10 == 0 else 'pear'}.",
                outlet="Daily" if number % 2 else "Weekly",
                published=f"2024-01-{(number % 28) + 1:02d}",
            ),
            user="t",
        )


def test_article_list_model_passes_the_model_tester_and_pages_lazily(
    qtmodeltester: ModelTester, sqlite_store: Store
) -> None:
    add_articles(sqlite_store, 250)
    model = ArticleListModel(sqlite_store, page_size=100)
    assert model.total == 250
    assert model.rowCount() == 100  # the first page only
    assert model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 250
    assert not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)


def test_article_list_model_filters_sorts_and_refreshes(qtmodeltester: ModelTester, sqlite_store: Store) -> None:
    add_articles(sqlite_store, 30)
    model = ArticleListModel(sqlite_store, page_size=7)
    model.set_filter(ArticleFilter(search="apple"))
    assert model.total == 3
    model.set_filter(ArticleFilter(outlet="Weekly"))
    assert model.total == 15
    model.set_filter(ArticleFilter(status="done"))
    assert model.total == 0
    model.set_filter(None)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "Article 0029"
    model.sort(QUOTES, Qt.SortOrder.AscendingOrder)  # not sortable in the store: order unchanged
    assert model.index(0, 0).data() == "Article 0029"
    qtmodeltester.check(model)

    article_id = model.index(0, 0).data(ARTICLE_ID_ROLE)
    sqlite_store.articles.set_article_status(article_id, "done", user="t")
    model.refresh_article(article_id)
    assert model.index(0, 3).data() == "done"
    assert model.load_until(sqlite_store.articles.article_ids()[0]) is not None


def test_article_list_model_shows_quote_counts(qtmodeltester: ModelTester, seeded_store: Store) -> None:
    model = ArticleListModel(seeded_store)
    assert model.index(0, QUOTES).data() == "4 / 4"
    qtmodeltester.check(model)


def test_quote_list_model(qtmodeltester: ModelTester, seeded_store: Store) -> None:
    article_id = seeded_store.articles.article_ids()[0]
    quotes = seeded_store.quotes.quotes_for_article(article_id)
    model = QuoteListModel()
    model.set_quotes(reversed(quotes))
    assert [model.index(r, 0).data(QUOTE_ROLE) for r in range(model.rowCount())] == quotes
    assert model.counts() == (4, 4)
    qtmodeltester.check(model)

    confirmed = seeded_store.quotes.confirm_quote(quotes[1].id, user="Ana")
    model.put_quote(confirmed)
    assert model.index(1, 0).data(STATUS_ROLE) == "confirmed"
    assert model.counts() == (3, 4)
    model.remove_uid(quotes[0].uid)
    assert model.rowCount() == 3
    model.put_quote(quotes[0])
    assert model.quote_at(0) == quotes[0]
    qtmodeltester.check(model)


def test_people_model(qtmodeltester: ModelTester, sqlite_store: Store) -> None:
    person = sqlite_store.people.find_or_create_person("Nick Clegg", user="Ana", aliases=["Clegg"])
    model = PeopleModel()
    model.set_choices(
        [SpeakerChoice(person=person, in_article=True), SpeakerChoice(new_name="N. Clegg"), SpeakerChoice()]
    )
    assert model.rowCount() == 3
    assert model.index(0, 0).data() == "Nick Clegg  (Clegg)"
    assert model.index(2, 0).data() == "Speaker unknown"
    qtmodeltester.check(model)


def test_seed_fixture_is_the_real_seed(seeded_store: Store) -> None:
    article = seeded_store.articles.get_article(seeded_store.articles.article_ids()[0])
    assert article.title.startswith("Mark Zuckerberg is 'very keen")
    assert add_seed(seeded_store).id == article.id  # same text: no duplicate
    assert seed_annotations(article.text).quotes
