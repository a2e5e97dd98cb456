"""The `annotator extract --format jsonl` records and their inputs."""

from __future__ import annotations

import io
import json

import pytest

from annotator.nlp.extract import extract_records, read_extract_inputs


def test_records_follow_the_contract(nlp):
    text = (
        "Meta's president of global affairs, Nick Clegg, told journalists: "
        '"Mark is very keen." He added the talks were "fairly high level."'
    )
    (record,) = list(extract_records([("a1", text)], nlp=nlp))
    assert record["id"] == "a1"
    assert {"start", "end", "label", "text"} <= set(record["entities"][0])
    assert record["quotes"], "quotes expected"
    for quote in record["quotes"]:
        assert set(quote) >= {"start", "end", "text", "kind", "direct", "cue", "speaker", "confidence", "pieces"}
        assert quote["text"] == text[quote["start"] : quote["end"]]
        assert quote["direct"] == (quote["kind"] != "indirect")
        for piece_start, piece_end in quote["pieces"]:
            assert quote["start"] <= piece_start < piece_end <= quote["end"]
    first = record["quotes"][0]
    assert first["text"] == '"Mark is very keen."'
    assert first["speaker"]["name"] == "Nick Clegg"
    assert first["cue"]["text"] == "told"
    assert first["venue"]["text"] == "journalists"
    assert first["pieces"] == [[first["start"], first["end"]]]
    second = record["quotes"][1]
    assert [text[s:e] for s, e in second["pieces"]] == ['"fairly high level."']
    assert record["phrases"] == []
    json.dumps(record)  # plain JSON all the way down


def test_records_keep_the_order_and_ids_of_the_inputs(nlp):
    items = [("x", 'She said "yes."'), ("y", "Nothing quoted."), ("z", '"No," he said.')]
    assert [r["id"] for r in extract_records(items, nlp=nlp)] == ["x", "y", "z"]


def test_inputs_from_files_and_stdin(tmp_path):
    article = tmp_path / "zuck-keen.txt"
    article.write_text("Some text.", encoding="utf-8")
    stdin = io.StringIO('{"id": "s1", "text": "one"}\n\n{"id": "s2", "text": "two"}\n')
    assert list(read_extract_inputs([str(article), "-"], stdin)) == [
        ("zuck-keen", "Some text."),
        ("s1", "one"),
        ("s2", "two"),
    ]


def test_inputs_in_other_formats_and_encodings_are_read_like_an_import(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Budget row</title></head><body><article><h1>Budget row</h1>"
        + "<p>The minister said the plan was sound and that nobody would lose out from it.</p>" * 3
        + "</article></body></html>",
        encoding="utf-8",
    )
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Caf\xe9 owner said \x93we stay open\x94.".encode("latin-1"))
    items = dict(read_extract_inputs([str(page), str(legacy)], io.StringIO("")))
    assert "<p>" not in items["story"] and "The minister said the plan was sound" in items["story"]
    assert items["legacy"] == "Café owner said “we stay open”."


def test_unreadable_inputs_are_named(tmp_path):
    from annotator.ingest import ArticleReadError

    picture = tmp_path / "photo.txt"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00")
    with pytest.raises(ArticleReadError, match=r"photo\.txt: not a text file"):
        list(read_extract_inputs([str(picture)], io.StringIO("")))
    with pytest.raises(ArticleReadError, match="stdin line 2: not valid JSON"):
        list(read_extract_inputs(["-"], io.StringIO('{"id": "a", "text": "ok"}\n{broken\n')))


def test_a_split_quote_prints_its_pieces_and_a_scare_quote_prints_as_a_phrase(nlp):
    text = (
        '"The bridge opens in May," the mayor said. "Nobody will pay a toll."\n'
        'The council\'s "efficiency" drive closed two libraries.'
    )
    (record,) = list(extract_records([("b1", text)], nlp=nlp))
    (quote,) = record["quotes"]
    assert [text[s:e] for s, e in quote["pieces"]] == ['"The bridge opens in May,"', '"Nobody will pay a toll."']
    (phrase,) = record["phrases"]
    assert phrase == {"start": text.index('"efficiency"'), "end": text.index(" drive"), "text": '"efficiency"'}
