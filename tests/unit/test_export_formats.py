"""JSON Lines with provenance, the spaCy DocBin, the people export and the command line (stdout)."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest

from annotator.export import ExportFilter, export_people, export_quotes, parse_statuses
from annotator.export.export_command import add_export_parser, run_export
from annotator.store import Store, StoreError
from tests.unit.export_data import ARTICLE_1, VERIFIED, Sample, build


@pytest.fixture
def sample(store: Store) -> Sample:
    return build(store)


def jsonl(store: Store, **kwargs: object) -> dict[str, dict]:  # type: ignore[type-arg]
    buffer = io.StringIO()
    export_quotes(store, buffer, format="jsonl", **kwargs)  # type: ignore[arg-type]
    return {obj["quote_id"]: obj for obj in map(json.loads, buffer.getvalue().splitlines())}


def test_jsonl_has_the_csv_row_and_provenance(store: Store, sample: Sample) -> None:
    objects = jsonl(store)
    assert set(objects) == {sample.quotes[name].uid for name in VERIFIED}
    clegg = objects[sample.quotes["clegg"].uid]
    assert clegg["quote"] == "Mark is very keen, to play an active role"  # not neutralised, no marks
    assert clegg["speaker_id"] == sample.quotes["clegg"].person_id
    assert clegg["article"]["outlet"] == "BBC News"
    assert clegg["article"]["annotated_with"] == "test-model 1.0"
    spans = clegg["spans"]
    assert ARTICLE_1[spans["quote"]["start"] : spans["quote"]["end"]] == spans["quote"]["text"]
    assert spans["cue"]["text"] == "told"
    assert spans["speaker"]["text"] == "Nick Clegg"
    assert ARTICLE_1[spans["speaker"]["start"] : spans["speaker"]["end"]] == "Nick Clegg"
    prov = clegg["provenance"]
    assert prov["source"] == "model"
    assert prov["model_version"] == "test-model 1.0"
    assert prov["confidence"] == pytest.approx(0.9)
    assert prov["proposed_by"] == "ana"  # who ran the model over the article
    assert prov["confirmed_by"] == "bob"
    assert prov["review_status"] == "accepted"
    assert prov["reviewed_by"] == "erin"
    assert [entry["action"] for entry in prov["history"]] == ["confirm"]

    formula = objects[sample.quotes["formula"].uid]
    assert formula["quote"] == "=SUM(A1:A9)"  # JSON is no spreadsheet: the text stays as it is
    commas = objects[sample.quotes["commas"].uid]
    assert commas["reviewed_by"] is None  # the CSV contract: accepted reviews only
    assert commas["provenance"]["reviewed_by"] == "frank"
    assert commas["provenance"]["review_comment"] == "speaker is wrong"
    added = objects[sample.quotes["added"].uid]
    assert added["provenance"]["source"] == "editor"
    assert added["provenance"]["proposed_by"] == "dave"
    assert added["provenance"]["confirmed_by"] == "dave"
    assert added["provenance"]["note"] == "heard on the radio"
    chinese = objects[sample.quotes["chinese"].uid]
    assert chinese["status"] == "corrected"
    assert chinese["provenance"]["confirmed_by"] == "carol"
    assert chinese["quote"] == "你好，世界 🎉"


def test_jsonl_respects_filters(store: Store, sample: Sample) -> None:
    objects = jsonl(store, filters=ExportFilter(statuses=parse_statuses("suggested")))
    assert list(objects) == [sample.quotes["suggested"].uid]
    assert objects[sample.quotes["suggested"].uid]["provenance"]["confirmed_by"] is None


def test_docbin_loads_back_with_its_spans(store: Store, sample: Sample, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    path = tmp_path / "quotes.spacy"
    count = export_quotes(store, path, format="spacy")
    assert count == len(VERIFIED)
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    by_article = {doc.user_data["article_id"]: doc for doc in docs}
    assert set(by_article) == set(sample.articles)  # each holds an exported quote

    doc = by_article[sample.articles[0]]
    assert doc.text == ARTICLE_1
    quotes = doc.spans["quotes"]
    assert len(quotes) == 4  # the suggestion and the rejected quote stay out
    assert sorted(span.label_ for span in quotes) == ["direct", "direct", "direct", "partial"]
    assert {span.id_ for span in quotes} == {sample.quotes[n].uid for n in ("clegg", "commas", "arabic", "chinese")}
    for span in quotes:
        record = next(q for q in sample.quotes.values() if q.uid == span.id_)
        assert span.start_char <= record.start and span.end_char >= record.end
        assert record.text.strip() in span.text
    speakers = {span.text: span for span in doc.spans["speakers"]}
    assert set(speakers) == {"Nick Clegg", "Ana López", "أحمد", "Li Wei"}
    assert speakers["Nick Clegg"].label_ == "SPEAKER"
    assert speakers["Nick Clegg"].kb_id_ == "Nick Clegg"
    assert {span.text for span in doc.spans["cues"]} >= {"told", "said"}
    # overlapping mentions (PERSON "Nick Clegg", ORG "Clegg"): the longer one wins
    ents = {(ent.text, ent.label_) for ent in doc.ents}
    assert ("Nick Clegg", "PERSON") in ents
    assert ("Clegg", "ORG") not in ents
    assert ("Ana López", "PERSON") in ents


def test_docbin_only_articles_with_an_exported_quote(store: Store, sample: Sample, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    path = tmp_path / "quotes.spacy"
    count = export_quotes(store, path, format="spacy", filters=ExportFilter(speaker="Ana López"))
    assert count == 1
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    assert [doc.user_data["article_id"] for doc in docs] == [sample.articles[0]]
    assert [span.id_ for span in docs[0].spans["quotes"]] == [sample.quotes["commas"].uid]


def test_people_csv_and_jsonl(store: Store, sample: Sample, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    count = export_people(store, path, format="csv")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = {row["name"]: row for row in csv.DictReader(handle)}
    assert count == len(rows) == len(store.people.list_people())
    clegg = rows["Nick Clegg"]
    assert clegg["aliases"] == "Clegg"
    assert (clegg["quotes"], clegg["verified_quotes"]) == ("3", "3")
    assert rows["أحمد"]["quotes"] == "1"
    assert "'+Plus Person" in rows  # neutralised like every CSV cell

    buffer = io.StringIO()
    export_people(store, buffer, format="jsonl")
    people = {obj["name"]: obj for obj in map(json.loads, buffer.getvalue().splitlines())}
    assert people["Nick Clegg"]["aliases"] == ["Clegg"]
    assert people["Nick Clegg"]["person_id"] == sample.quotes["clegg"].person_id
    assert people["+Plus Person"]["quotes"] == 1


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="annotator")
    add_export_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["export", *argv])


def test_cli_writes_csv_to_stdout(store: Store, sample: Sample, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert run_export(parse("--outlet", "The Guardian", "--bom"), store) == 0
    captured = capsysbinary.readouterr()
    assert captured.out.startswith(b"\xef\xbb\xbfquote_id,article_id,")
    rows = list(csv.DictReader(io.StringIO(captured.out.decode("utf-8-sig"), newline="")))
    assert {row["quote_id"] for row in rows} == {sample.quotes["formula"].uid, sample.quotes["clegg2"].uid}
    assert b"exported 2 quotes to stdout" in captured.err


def test_cli_flags_reach_the_filter(store: Store, sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "q.jsonl"
    args = parse(
        "--format", "jsonl", "-o", str(out), "--status", "all", "--from", "2024-03-01", "--to", "2024-03-31",
        "--speaker", "nick clegg", "--reviewed-only", "--skip-sent-back",
        "--article", str(sample.articles[0]),
    )  # fmt: skip
    assert run_export(args, store) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["quote_id"] for line in lines] == [sample.quotes["clegg"].uid]


def test_cli_people_and_errors(store: Store, sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "people.jsonl"
    assert run_export(parse("--format", "people-jsonl", "-o", str(out)), store) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(store.people.list_people())
    with pytest.raises(StoreError, match="unknown quote status"):
        run_export(parse("--status", "approved"), store)
    with pytest.raises(StoreError, match="not a date"):
        run_export(parse("--from", "yesterday"), store)


def test_json_lines_never_start_with_a_bom(store: Store, sample: Sample, tmp_path: Path) -> None:
    export_quotes(store, tmp_path / "q.jsonl", format="jsonl", bom=True)
    export_people(store, tmp_path / "p.jsonl", format="jsonl", bom=True)
    for name in ("q.jsonl", "p.jsonl"):
        first = (tmp_path / name).read_text(encoding="utf-8").splitlines()[0]
        assert json.loads(first)  # a BOM would make this fail
