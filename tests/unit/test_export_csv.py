"""The verified-quotes CSV: the column contract, round trips through the csv module, formula cells, BOM."""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
from pathlib import Path

import pytest

from annotator.export import CSV_COLUMNS, ExportCancelled, ExportFilter, export_quotes, strip_quote_marks
from annotator.export import output as export_output
from annotator.store import Store, StoreError
from tests.unit.export_data import ARTICLE_1, VERIFIED, Sample, build

EXPECTED_HEADER = (
    "quote_id,article_id,article_title,outlet,published,url,quote,kind,speaker,speaker_id,"
    "speaker_as_written,cue,venue,start,end,status,verified_by,verified_at,reviewed_by,reviewed_at,origin,content,"
    "quote_group"
)


@pytest.fixture
def sample(store: Store) -> Sample:
    return build(store)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def export_rows(store: Store, tmp_path: Path, **kwargs: object) -> dict[str, dict[str, str]]:
    path = tmp_path / "quotes.csv"
    export_quotes(store, path, **kwargs)  # type: ignore[arg-type]
    return {row["quote_id"]: row for row in read_csv(path)}


def test_header_is_the_contract_in_order(store: Store, sample: Sample, tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    export_quotes(store, path)
    first_line = path.read_bytes().split(b"\r\n", 1)[0].decode()
    assert first_line == EXPECTED_HEADER
    assert ",".join(CSV_COLUMNS) == EXPECTED_HEADER


def test_every_column_round_trips(store: Store, sample: Sample, tmp_path: Path) -> None:
    rows = export_rows(store, tmp_path)
    assert set(rows) == {sample.quotes[name].uid for name in VERIFIED}
    articles = {a: store.articles.get_article(a) for a in sample.articles}
    for name in ("clegg", "commas", "arabic", "chinese", "added"):
        quote = sample.quotes[name]
        article = articles[quote.article_id]
        row = rows[quote.uid]
        assert list(row) == list(CSV_COLUMNS)
        assert row["article_id"] == str(article.id)
        assert row["article_title"] == article.title
        assert row["outlet"] == (article.outlet or "")
        assert row["published"] == (article.published or "")
        assert row["url"] == (article.url or "")
        assert row["quote"] == strip_quote_marks(quote.text).rstrip(",")  # one piece: the marked words
        assert row["content"] == quote.text
        assert article.text[int(row["start"]) : int(row["end"])] == quote.text  # the span keeps its marks
        assert row["kind"] == quote.kind
        assert row["speaker"] == quote.speaker
        assert row["speaker_id"] == (str(quote.person_id) if quote.person_id else "")
        assert row["speaker_as_written"] == (quote.speaker_text or "")
        assert row["cue"] == (quote.cue_text or "")
        assert row["venue"] == ""
        assert row["status"] == quote.status
        assert row["verified_by"] == quote.verified_by
        assert quote.verified_at is not None
        assert row["verified_at"] == quote.verified_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert row["origin"] == quote.origin


def test_awkward_text_survives_intact(store: Store, sample: Sample, tmp_path: Path) -> None:
    rows = export_rows(store, tmp_path)
    assert (
        rows[sample.quotes["commas"].uid]["quote"] == 'Commas, "quotes" and\nnewlines'
    )  # the writer's closing comma is not speech
    assert rows[sample.quotes["commas"].uid]["speaker"] == "Ana López"
    assert rows[sample.quotes["arabic"].uid]["quote"] == "مرحبا بالعالم"
    assert rows[sample.quotes["arabic"].uid]["speaker"] == "أحمد"
    assert rows[sample.quotes["chinese"].uid]["quote"] == "你好，世界 🎉"
    assert rows[sample.quotes["chinese"].uid]["status"] == "corrected"
    assert rows[sample.quotes["chinese"].uid]["kind"] == "partial"
    assert rows[sample.quotes["added"].uid]["quote"] == "We will be back"
    assert rows[sample.quotes["clegg"].uid]["article_title"] == 'Keen, "very" keen'
    # code points, not UTF-16 units: the emoji before the added quote counts as one
    added = sample.quotes["added"]
    assert rows[added.uid]["start"] == str(added.start)


def test_formula_cells_are_neutralised(store: Store, sample: Sample, tmp_path: Path) -> None:
    rows = export_rows(store, tmp_path)
    formula = rows[sample.quotes["formula"].uid]
    assert formula["quote"] == "'=SUM(A1:A9)"
    assert formula["speaker"] == "'+Plus Person"
    assert formula["article_title"] == "'@Breaking: +news"
    assert rows[sample.quotes["clegg2"].uid]["quote"] == "'-5 degrees,\tsaid he"
    for row in rows.values():
        for column, value in row.items():
            assert value[:1] not in {"=", "+", "-", "@", "\t", "\r"}, (column, value)
    # integer columns are left alone
    assert formula["start"] == "0"


def test_rfc4180_line_endings_and_quoting(store: Store, sample: Sample, tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    count = export_quotes(store, path)
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")
    assert data.count(b"\r\n") == count + 1  # one per record: the newline inside a quote stays bare \n
    assert b'"Commas, ""quotes"" and\nnewlines,"' in data


def test_bom_for_excel(store: Store, sample: Sample, tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    export_quotes(store, path, bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfquote_id,")
    assert len(read_csv(path)) == len(VERIFIED)


def test_suggested_and_rejected_are_left_out_by_default(store: Store, sample: Sample, tmp_path: Path) -> None:
    rows = export_rows(store, tmp_path)
    assert sample.quotes["suggested"].uid not in rows
    assert sample.quotes["rejected"].uid not in rows
    assert {row["status"] for row in rows.values()} == {"confirmed", "corrected"}


def test_reviewer_only_when_accepted(store: Store, sample: Sample, tmp_path: Path) -> None:
    rows = export_rows(store, tmp_path)
    accepted = rows[sample.quotes["clegg"].uid]
    assert (accepted["reviewed_by"], accepted["reviewed_at"]) == ("erin", "2024-05-01T12:00:30Z")
    refused = rows[sample.quotes["commas"].uid]
    assert (refused["reviewed_by"], refused["reviewed_at"]) == ("", "")


def test_quote_id_is_stable_across_exports(store: Store, sample: Sample, tmp_path: Path) -> None:
    first = read_csv_ids(store, tmp_path / "one.csv")
    second = read_csv_ids(store, tmp_path / "two.csv")
    assert first == second
    assert set(first) == {sample.quotes[name].uid for name in VERIFIED}


def read_csv_ids(store: Store, path: Path) -> list[str]:
    export_quotes(store, path)
    return [row["quote_id"] for row in read_csv(path)]


def test_small_batches_give_the_same_file(store: Store, sample: Sample, tmp_path: Path) -> None:
    export_quotes(store, tmp_path / "big.csv")
    export_quotes(store, tmp_path / "small.csv", batch_size=2, filters=ExportFilter())
    assert (tmp_path / "big.csv").read_bytes() == (tmp_path / "small.csv").read_bytes()


def test_text_stream(store: Store, sample: Sample) -> None:
    buffer = io.StringIO(newline="")
    count = export_quotes(store, buffer)
    assert count == len(VERIFIED)
    assert len(list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))) == count


def test_progress_reports_and_cancel_leaves_the_old_file(store: Store, sample: Sample, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "quotes.csv"
    seen: list[tuple[int, int, str]] = []
    export_quotes(store, path, batch_size=3, progress=lambda d, t, label: seen.append((d, t, label)) or True)
    assert seen[0] == (0, len(VERIFIED), "quotes")
    assert seen[-1] == (len(VERIFIED), len(VERIFIED), "quotes")
    good = path.read_bytes()
    with pytest.raises(ExportCancelled):
        export_quotes(store, path, batch_size=3, progress=lambda d, t, label: d < 3)
    assert path.read_bytes() == good
    assert [p.name for p in folder.iterdir()] == ["quotes.csv"]  # no temporary file left


def test_disk_full_gives_a_clear_message_and_no_file(
    store: Store, sample: Sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export_output.os, "fsync", full)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(StoreError, match="disk is full"):
        export_quotes(store, folder / "quotes.csv")
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_stream_gives_a_clear_message(store: Store, sample: Sample) -> None:
    stream = open("/dev/full", "w", encoding="utf-8", newline="")  # noqa: SIM115
    with pytest.raises(StoreError, match="disk is full"):
        export_quotes(store, stream)
    with contextlib.suppress(OSError):
        stream.close()  # what could not be written is still in its buffer


def test_missing_folder_is_a_clear_error(store: Store, sample: Sample, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder does not exist"):
        export_quotes(store, tmp_path / "nowhere" / "quotes.csv")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"plain"', "plain"),
        ("“curly”", "curly"),
        ("‘single’", "single"),
        ("'straight single'", "straight single"),
        ("«guillemets»", "guillemets"),
        ("„German“", "German"),
        ("»Danish«", "Danish"),
        ("「Japanese」", "Japanese"),
        ('  " padded "  ', "padded"),
        ("no marks", "no marks"),
        ('"unbalanced', '"unbalanced'),
        ("“mismatched'", "“mismatched'"),
        ('"', '"'),
        ("“First paragraph.\n\n“Second.”", "First paragraph.\n\n“Second."),
    ],
)
def test_strip_quote_marks(text: str, words: str) -> None:
    assert strip_quote_marks(text) == words


def test_sample_text_is_what_the_tests_think() -> None:
    assert "\n" in ARTICLE_1
