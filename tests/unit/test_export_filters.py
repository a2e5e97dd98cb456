"""Each ExportFilter selects what it says, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from annotator.export import ExportFilter, parse_statuses
from annotator.export.quote_rows import iter_quote_rows
from annotator.store import Store, StoreError
from tests.unit.export_data import VERIFIED, Sample, build


@pytest.fixture
def sample(store: Store) -> Sample:
    return build(store)


def names(store: Store, sample: Sample, filters: ExportFilter) -> set[str]:
    by_uid = {q.uid: name for name, q in sample.quotes.items()}
    return {by_uid[row.quote_id] for row in iter_quote_rows(store, filters)}


def test_default_is_confirmed_and_corrected(store: Store, sample: Sample) -> None:
    assert names(store, sample, ExportFilter()) == set(VERIFIED)


def test_statuses_widen_the_export(store: Store, sample: Sample) -> None:
    assert names(store, sample, ExportFilter(statuses=parse_statuses("all"))) == set(sample.quotes)
    chosen = ExportFilter(statuses=parse_statuses("suggested,rejected"))
    assert names(store, sample, chosen) == {"suggested", "rejected"}
    assert names(store, sample, ExportFilter(statuses=("corrected",))) == {"chinese"}


def test_friendly_forms() -> None:
    assert ExportFilter(statuses="all").statuses == ("suggested", "confirmed", "corrected", "rejected")  # type: ignore[arg-type]
    assert ExportFilter(statuses="rejected, suggested").statuses == ("suggested", "rejected")  # type: ignore[arg-type]
    assert ExportFilter(outlets="BBC").outlets == ("BBC",)  # type: ignore[arg-type]
    assert ExportFilter(article_ids=[3, 1]).article_ids == (3, 1)  # type: ignore[arg-type]
    assert ExportFilter() == ExportFilter(statuses=("confirmed", "corrected"))


def test_unknown_status_and_bad_dates_are_refused() -> None:
    with pytest.raises(StoreError, match="unknown quote status"):
        parse_statuses("confirmed,maybe")
    with pytest.raises(StoreError, match="unknown quote status"):
        ExportFilter(statuses=("maybe",))
    with pytest.raises(StoreError, match="not a date"):
        ExportFilter(published_from="5 March 2024")


def test_outlet_is_case_insensitive_and_takes_several(store: Store, sample: Sample) -> None:
    bbc = {"clegg", "commas", "arabic", "chinese", "added"}  # "BBC News" and "bbc news"
    assert names(store, sample, ExportFilter(outlets=("BBC NEWS",))) == bbc
    both = ExportFilter(outlets=("bbc news", "The Guardian"))
    assert names(store, sample, both) == set(VERIFIED)
    assert names(store, sample, ExportFilter(outlets=("Nowhere",))) == set()


def test_published_range_is_inclusive(store: Store, sample: Sample) -> None:
    article_1 = {"clegg", "commas", "arabic", "chinese"}  # 2024-03-05
    article_2 = {"formula", "clegg2"}  # 2024-04-10T09:30:00
    article_3 = {"added"}  # 2023-12-31
    day = ExportFilter(published_from="2024-03-05", published_to="2024-03-05")
    assert names(store, sample, day) == article_1
    assert names(store, sample, ExportFilter(published_to="2024-04-10")) == article_1 | article_2 | article_3
    assert names(store, sample, ExportFilter(published_from="2024-04-10")) == article_2
    assert names(store, sample, ExportFilter(published_from="2024-01-01")) == article_1 | article_2
    assert names(store, sample, ExportFilter(published_to="2023")) == article_3
    assert names(store, sample, ExportFilter(published_from="2024-03", published_to="2024-03")) == article_1


def test_speaker_by_name_alias_or_id(store: Store, sample: Sample) -> None:
    clegg = {"clegg", "clegg2", "added"}
    assert names(store, sample, ExportFilter(speaker="nick CLEGG")) == clegg
    assert names(store, sample, ExportFilter(speaker="Clegg")) == clegg  # an alias taught by confirming
    person_id = sample.quotes["clegg"].person_id
    assert names(store, sample, ExportFilter(speaker=str(person_id))) == clegg
    # a name not (yet) tied to a person: the corrected quote kept its suggested speaker
    assert names(store, sample, ExportFilter(speaker="li wei")) == {"chinese"}
    assert names(store, sample, ExportFilter(speaker="ANA LÓPEZ")) == {"commas"}
    assert names(store, sample, ExportFilter(speaker="Nobody at all")) == set()


def test_speaker_names_fold_as_everywhere_else(store: Store, sample: Sample) -> None:
    # accents, hyphens and full stops folded as the People view folds them (annotator.nlp.lexicon.fold_name)
    assert names(store, sample, ExportFilter(speaker="ana lopez")) == {"commas"}
    assert names(store, sample, ExportFilter(speaker="Nick-Clegg.")) == {"clegg", "clegg2", "added"}


def test_reviewed_only(store: Store, sample: Sample) -> None:
    assert names(store, sample, ExportFilter(reviewed_only=True)) == {"clegg"}


def test_skip_sent_back(store: Store, sample: Sample) -> None:
    # "commas" was sent back by its reviewer (review_status "rejected")
    assert names(store, sample, ExportFilter(skip_sent_back=True)) == set(VERIFIED) - {"commas"}


def test_article_ids(store: Store, sample: Sample) -> None:
    second = sample.articles[1]
    assert names(store, sample, ExportFilter(article_ids=(second,))) == {"formula", "clegg2"}
    both = ExportFilter(article_ids=(second, sample.articles[2]))
    assert names(store, sample, both) == {"formula", "clegg2", "added"}


def test_filters_combine(store: Store, sample: Sample) -> None:
    combined = ExportFilter(outlets=("bbc news",), speaker="Nick Clegg", published_from="2024-01-01")
    assert names(store, sample, combined) == {"clegg"}
