"""Hostile and broken files: a compression bomb, JSON nested 200,000 deep, half a UTF-16 pair, broken YAML.

Each is refused by name (and line), and everything else in the batch still reaches the real database.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import uuid
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.importing import import_paths
from annotator.ingest import ImportProblem, ParsedArticle, read_articles
from annotator.ingest.jsonl import parse_jsonl_file
from annotator.store import Store

GOOD_TEXT = 'Minister resigns\n\n"I am leaving today," said Ana Silva.'


def real_docx(path: Path, text: str = "Council votes\n\nThe council voted on Monday.") -> bytes:
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path.read_bytes()


def with_document_xml(original: bytes, document_xml: bytes, *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The same Word file with its body replaced, as a crafted file would be."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = document_xml if member.filename == "word/document.xml" else source.read(member)
            target.writestr(member.filename, data, compress_type=compression)
    return out.getvalue()


def paragraphs_xml(paragraph_count: int) -> bytes:
    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph = b"<w:p><w:r><w:t>" + b"A" * 80 + b" said the source.</w:t></w:r></w:p>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{namespace}"><w:body>'.encode()
        + paragraph * paragraph_count
        + b"</w:body></w:document>"
    )


def problems_by_source(items: list[ParsedArticle | ImportProblem]) -> dict[str, str]:
    return {item.source: item.reason for item in items if isinstance(item, ImportProblem)}


def test_a_docx_compression_bomb_is_refused_by_name_and_the_batch_goes_on(tmp_path: Path) -> None:
    bomb = tmp_path / "leak.docx"
    # About 12 MB of paragraphs deflating to a few kilobytes: a ratio no written article has
    bomb.write_bytes(with_document_xml(real_docx(tmp_path / "base.docx"), paragraphs_xml(100_000)))
    assert bomb.stat().st_size < 200_000
    (tmp_path / "base.docx").unlink()
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    items = list(read_articles(tmp_path))
    problems = problems_by_source(items)
    assert set(problems) == {str(bomb)}
    assert "refused" in problems[str(bomb)] and "word/document.xml" in problems[str(bomb)]
    assert "to 1" in problems[str(bomb)]
    assert [item.title for item in items if isinstance(item, ParsedArticle)] == ["Minister resigns"]


def test_a_docx_that_unpacks_past_the_limit_is_refused(tmp_path: Path) -> None:
    # Incompressible parts pass the ratio check; their total is what gives them away
    original = real_docx(tmp_path / "base.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        # two symbols at random: deflates about 8 to 1, like a photo's pixels do not, but far from a bomb
        pixels = bytes(b"ab"[byte & 1] for byte in os.urandom(1_300_000))
        target.writestr("word/media/image1.png", pixels, compress_type=zipfile.ZIP_DEFLATED)
    big = tmp_path / "photos.docx"
    big.write_bytes(out.getvalue())
    assert big.stat().st_size < 250_000
    problems = problems_by_source(list(read_articles([big], max_bytes=250_000)))
    assert "unpacks to more than 1.2 MB" in problems[str(big)]
    # The same file is fine under the usual limit: a real article with a photo
    assert not problems_by_source(list(read_articles([big])))


def test_an_ordinary_long_docx_still_imports(tmp_path: Path) -> None:
    path = tmp_path / "long.docx"
    real_docx(path, "\n\n".join(f"Paragraph {n}: the mayor said {n} things." for n in range(3000)))
    items = list(read_articles([path]))
    assert [type(item) for item in items] == [ParsedArticle]


def test_jsonl_deep_nesting_and_half_surrogates_cost_one_line_each(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": "First story\n\nThe first one.", "title": "First"}),
        "[" * 200_000 + "]" * 200_000,
        '{"text": "Broken \\ud800 text", "title": "Surrogate"}',
        json.dumps({"text": "Fourth story\n\nStill here.", "title": "Fourth"}),
        json.dumps({"text": "Fifth story", "title": "Fifth", "tags": {"a": {"b": {"c": 1}}}, "x\ud800": 1}),
        json.dumps({"text": "Sixth story", "title": "Sixth"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_paths(store, [path], user="ana")
    problems = dict(report.problems)
    assert set(problems) == {f"{path}:2", f"{path}:3", f"{path}:5"}
    assert problems[f"{path}:2"].startswith("line 2: ") and "nested too deeply" in problems[f"{path}:2"]
    assert problems[f"{path}:3"].startswith("line 3: ") and "U+D800" in problems[f"{path}:3"]
    assert problems[f"{path}:5"].startswith("line 5: ") and "U+D800" in problems[f"{path}:5"]
    assert sorted(summary.title for summary in report.added) == ["First", "Fourth", "Sixth"]
    assert store.articles.count_articles() == 3


def test_broken_yaml_front_matter_is_reported_and_the_title_comes_from_the_text(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        '---\ntitle: [unclosed\nauthor: Ana Silva\n---\n# Port strike ends\n\n"We won," said Ana Silva.\n',
        encoding="utf-8",
    )
    report = import_paths(store, [path], user="ana")
    assert [summary.title for summary in report.added] == ["Port strike ends"]
    assert report.problems == ()
    (source, note) = report.notes[0]
    assert source == str(path)
    assert "not valid YAML" in note and "title was taken from the text" in note
    article = store.articles.get_article(report.added[0].id)
    assert article.author == "Ana Silva"
    assert "[unclosed" not in article.title


def test_the_import_command_prints_the_front_matter_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.cli import main

    path = tmp_path / "story.md"
    path.write_text("---\ntitle: [unclosed\n---\nPort strike ends\n\nIt ended.\n", encoding="utf-8")
    assert main(["--db", str(tmp_path / "a.db"), "--user", "ana", "import", str(path)]) == 0
    captured = capsys.readouterr()
    assert "imported  #1  Port strike ends" in captured.out
    assert f"note      {path}: the front matter is not valid YAML" in captured.err


# ---- fuzzing: whatever the bytes, a refusal names its file (and line) and the rest of the batch imports ----

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
hostile_text = st.sampled_from(["\ud800", "a\udfffb", "\x00", "\ufeff", "\r\n\r", "Plain words"]) | st.text(
    max_size=200
)


@st.composite
def jsonl_line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["article", "value", "nested", "garbage"]))
    if kind == "article":
        record = {"text": draw(hostile_text), "title": draw(hostile_text), "extra": draw(json_values)}
        return json.dumps(record)
    if kind == "nested":
        depth = draw(st.integers(min_value=1_000, max_value=50_000))
        opener = draw(st.sampled_from(["[", '{"a":']))
        return opener * depth + ("]" if opener == "[" else "}") * depth
    if kind == "value":
        return json.dumps(draw(json_values))
    return draw(st.text(max_size=100)).replace("\n", " ")


@st.composite
def hostile_file(draw: st.DrawFn) -> tuple[str, bytes]:
    shape = draw(st.sampled_from(["bytes", "text", "big", "front", "jsonl", "jsonl", "zip"]))
    # mostly the suffix the content is meant for, sometimes any: a .docx full of JSON must fail cleanly too
    natural = {"jsonl": ".jsonl", "zip": ".docx", "front": ".md"}.get(shape, ".txt")
    suffix = draw(st.sampled_from([natural, natural, ".txt", ".md", ".html", ".jsonl", ".docx"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"]))
    if shape == "bytes":
        return suffix, draw(st.binary(max_size=4000))
    if shape == "zip":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("word/document.xml", draw(st.binary(max_size=2000)))
        return suffix, out.getvalue()
    if shape == "jsonl":
        # the last line is always a good article: whatever came before, it must arrive
        last = json.dumps({"text": "LAST_LINE", "title": "LAST_LINE"})
        lines = [*draw(st.lists(jsonl_line(), min_size=1, max_size=5)), last]
        text = "\n".join(lines)
    elif shape == "big":
        text = draw(st.text(min_size=1, max_size=20)) * draw(st.integers(min_value=1_000, max_value=20_000))
    elif shape == "front":
        text = f"---\n{draw(st.text(max_size=120))}\n---\n{draw(st.text(max_size=200))}"
    else:
        text = draw(st.text(max_size=500))
    return suffix, text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(hostile_file(), min_size=1, max_size=4))
def test_fuzzed_batches_never_crash_and_name_every_refusal(sqlite_store: Store, files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        written = []
        expected_titles = {"Minister resigns"}
        for number, (suffix, data) in enumerate(files):
            path = root / f"file{number}{suffix}"
            # a unique last article per file, so an earlier example's copy is never "already there"
            last_line = f"Last of {path.name} {uuid.uuid4().hex}"
            if b"LAST_LINE" in data and suffix == ".jsonl":
                expected_titles.add(last_line)
            path.write_bytes(data.replace(b"LAST_LINE", last_line.encode()))
            written.append(str(path))
        good = root / "zz-good.txt"
        good.write_text(GOOD_TEXT, encoding="utf-8")
        report = import_paths(sqlite_store, [root], user="fuzz")
        for source, reason in report.problems:
            file, _, line = source.rpartition(":")
            if source in written:
                assert reason
            else:
                assert file in written and file.endswith(".jsonl") and line.isdigit(), source
                assert reason.startswith(f"line {line}: "), reason
        # the good articles came in (the good file may be there from an earlier example)
        arrived = {summary.title for summary in report.added} | ({"Minister resigns"} if report.duplicates else set())
        assert expected_titles <= arrived


def test_a_jsonl_line_holding_a_nul_is_refused_alone(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b'\x00\n{"title": "Kept", "text": "A line after the broken one still arrives."}\n')
    items = list(parse_jsonl_file(path, max_bytes=1_000_000))
    problems = [item for item in items if isinstance(item, ImportProblem)]
    articles = [item for item in items if not isinstance(item, ImportProblem)]
    assert [a.title for a in articles] == ["Kept"]
    assert [p.source for p in problems] == [f"{path}:1"]
