"""Article import, checked on real files written into tmp_path, as a journalist would hand them over."""

from __future__ import annotations

import dataclasses
import datetime
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.ingest import (
    ArticleReadError,
    ImportProblem,
    ParsedArticle,
    find_article_files,
    read_article_file,
    read_articles,
)
from annotator.ingest.dates import normalise_date
from annotator.ingest.encoding import decode_text
from annotator.ingest.sizes import human_size

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

CURLY_TEXT = "Café owners protest\n\n\u201cWe will not close,\u201d said Zoé Roy.\nShe\u2019s been there.\n"

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Clegg says Zuckerberg keen to help shape tech policy | The Daily Ledger</title>
<meta property="og:site_name" content="The Daily Ledger">
<meta property="og:title" content="Clegg says Zuckerberg keen to help shape tech policy">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-12-12T09:30:00Z">
<link rel="canonical" href="https://ledger.example.com/tech/clegg-zuckerberg">
<meta name="description" content="Meta's president of global affairs spoke to journalists.">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/tech">Tech</a></li>
<li><a href="/world">World</a></li></ul></nav>
<main><article>
<h1>Clegg says Zuckerberg keen to help shape tech policy</h1>
<p>Mark Zuckerberg is "very keen to play an active role" in the debates about America's technology
policy, Meta's president of global affairs, Nick Clegg, told journalists on Wednesday.</p>
<p>"Mark is very keen to play an active role in the debates that any administration needs to have about
maintaining America's leadership in the technological sphere," Clegg said during a call with reporters.</p>
<p>Clegg declined to say what the two men discussed over dinner at Mar-a-Lago last month, describing
the talks only as "fairly high level."</p>
<p>The company has spent the past year trying to repair its relationship with the incoming
administration, according to people familiar with the matter.</p>
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Markets slide as rates rise</a></li></ul></aside>
<footer><p>Copyright 2024 The Daily Ledger. All rights reserved.</p></footer>
</body>
</html>
"""


def png_bytes() -> bytes:
    """A real 1x1 PNG image, built chunk by chunk."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def only_article(path: Path, **kwargs: int) -> ParsedArticle:
    results = list(read_articles([path], **kwargs))
    assert len(results) == 1, results
    assert isinstance(results[0], ParsedArticle), results[0]
    return results[0]


def only_problem(path: Path, **kwargs: int) -> ImportProblem:
    results = list(read_articles([path], **kwargs))
    assert len(results) == 1, results
    assert isinstance(results[0], ImportProblem), results[0]
    return results[0]


# --- plain text and Markdown -------------------------------------------------------------------


def test_txt_front_matter_becomes_metadata_not_text(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "--- \n"
        "title: Minister promises review \n"
        "date: 2021-03-04\n"
        "author: Sam Lee\n"
        "link: https://news.example.org/review\n"
        "site: Example News\n"
        "description: A short summary.\n"
        "tags: [politics, health]\n"
        "--- \n"
        "\n"
        '"We will review everything," the minister said.\n',
        encoding="utf-8",
    )
    article = only_article(path)
    assert article.title == "Minister promises review"
    assert article.published == "2021-03-04"
    assert article.author == "Sam Lee"
    assert article.url == "https://news.example.org/review"
    assert article.outlet == "Example News"
    assert article.description == "A short summary."
    assert dict(article.extra) == {"tags": "politics, health"}
    assert article.text == '"We will review everything," the minister said.'
    assert article.source == str(path)


def test_txt_without_front_matter_uses_headline_as_title_and_keeps_it_in_text(tmp_path: Path) -> None:
    path = tmp_path / "no-meta.txt"
    path.write_text("\n\nZuckerberg: 'No secret deal'\n\nHe told Axios there was no deal.\n\n\n", encoding="utf-8")
    article = only_article(path)
    assert article.title == "Zuckerberg: 'No secret deal'"
    # The headline stays in the text, so a quote in it can be found and highlighted.
    assert article.text == "Zuckerberg: 'No secret deal'\n\nHe told Axios there was no deal."
    assert article.text.index("'No secret deal'") == 12
    assert article.published is None and article.outlet is None


def test_markdown_keeps_markup_in_text_but_not_in_title(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text('# Storm *hits* the coast\n\n> "It was terrifying," said **one resident**.\n', encoding="utf-8")
    article = only_article(path)
    assert article.title == "Storm *hits* the coast"
    assert article.text == '# Storm *hits* the coast\n\n> "It was terrifying," said **one resident**.'


def test_markdown_front_matter_with_messy_date(tmp_path: Path) -> None:
    path = tmp_path / "jekyll.md"
    path.write_text("---\ntitle: 'Quoted: \"yes\"'\ndate: 2020-09-03-17-07-47\n---\nBody text.\n", encoding="utf-8")
    article = only_article(path)
    assert article.title == 'Quoted: "yes"'
    assert article.published is not None and article.published.startswith("2020-09-03")
    assert article.text == "Body text."


def test_file_without_any_title_falls_back_to_its_name(tmp_path: Path) -> None:
    path = tmp_path / "untitled-note.md"
    path.write_text("---\nauthor: Ann\n---\n   \n#\n\n", encoding="utf-8")
    # "#" alone is the only content: a heading mark without words still reads as text, and as title.
    article = only_article(path)
    assert article.title == "#"
    front_only = tmp_path / "front-only.txt"
    front_only.write_text("---\ntitle: Nothing here\n---\n\n", encoding="utf-8")
    assert only_problem(front_only).reason == "no article text after the front matter"


def test_prose_between_two_rules_is_not_taken_for_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "rules.txt"
    content = '---\nBreaking news from the council, where "nothing\nwas decided today.\n---\nMore text.'
    path.write_text(content, encoding="utf-8")
    article = only_article(path)
    assert article.text == content
    assert article.title == "---"


def test_long_first_line_is_shortened_for_the_title(tmp_path: Path) -> None:
    path = tmp_path / "wall.txt"
    paragraph = "The council said on Monday that " + "the budget would be cut again " * 20
    path.write_text(paragraph, encoding="utf-8")
    article = only_article(path)
    assert len(article.title) <= 200 and article.title.endswith("…")
    assert article.text == paragraph.rstrip()


def test_windows_and_old_mac_newlines_become_newlines(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Title line\r\n\r\nFirst.\rSecond.\r\n")
    assert only_article(path).text == "Title line\n\nFirst.\nSecond."


# --- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf16-le-bom.txt", lambda s: b"\xff\xfe" + s.encode("utf-16-le")),
        ("utf16-be-bom.txt", lambda s: b"\xfe\xff" + s.encode("utf-16-be")),
        ("utf16-le-no-bom.txt", lambda s: s.encode("utf-16-le")),
        ("utf8-bom.txt", lambda s: s.encode("utf-8-sig")),
        ("cp1252.txt", lambda s: s.encode("cp1252")),
        ("utf8.txt", lambda s: s.encode("utf-8")),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, name: str, encode: Callable[[str], bytes]) -> None:
    path = tmp_path / name
    path.write_bytes(encode(CURLY_TEXT.replace("\n", "\r\n")))
    article = only_article(path)
    assert article.text == CURLY_TEXT.rstrip()
    assert article.title == "Café owners protest"  # no BOM or mojibake in what the user sees first
    assert "\u201cWe will not close,\u201d" in article.text


# Any printable text (no control characters but newline, no BOM) survives each Unicode encoding.
printable_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff") | st.just("\n"),
    min_size=1,
)


@settings(max_examples=150, deadline=None)
@given(text=printable_text, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_files_decode_exactly(text: str, encoding: str) -> None:
    assert decode_text(text.encode(encoding)) == text


def test_cp1252_curly_quotes_are_read_as_quotes(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"Headline\n\n\x93Vive la r\xe9sistance,\x94 he said \x96 twice.\n")
    assert only_article(path).text == "Headline\n\n\u201cVive la r\u00e9sistance,\u201d he said \u2013 twice."


def test_mostly_utf8_with_stray_cp1252_bytes_keeps_both_right(tmp_path: Path) -> None:
    path = tmp_path / "pasted.txt"
    path.write_bytes("Caf\u00e9 owners said \u201cno\u201d. ".encode() + b"Then \x93yes\x94 later.")
    assert only_article(path).text == "Caf\u00e9 owners said \u201cno\u201d. Then \u201cyes\u201d later."


def test_cyrillic_legacy_file_is_not_read_as_western_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    text = "Министр заявил, что реформа будет продолжена в следующем году."
    path.write_bytes(text.encode("cp1251"))
    assert only_article(path).text == text


# --- files that cannot be imported --------------------------------------------------------------


def test_png_is_not_a_text_file(tmp_path: Path) -> None:
    disguised = tmp_path / "photo.txt"
    disguised.write_bytes(png_bytes())
    assert only_problem(disguised).reason.startswith("not a text file")
    assert "PNG" in only_problem(disguised).reason
    plain = tmp_path / "photo.png"
    plain.write_bytes(png_bytes())
    assert only_problem(plain).reason.startswith("unsupported file type .png (supported: ")


def test_nul_bytes_in_a_non_utf16_file_mean_binary(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(b"Some words\x00\x00\x00\x01\x02 and \x00 noise \x00\x00\xff\xfe\x00\x10\x00\x00\x00")
    assert only_problem(path).reason.startswith("not a text file")


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf\n"])
def test_empty_or_blank_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert only_problem(path) == ImportProblem(str(path), "empty file")


def test_oversized_file_reports_its_size_and_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Headline\n" + "word " * 600, encoding="utf-8")
    assert only_problem(path, max_bytes=1000).reason == "file too large (3.0 kB; limit 1 kB)"
    assert only_article(path, max_bytes=10_000).title == "Headline"


@pytest.mark.parametrize(
    ("size", "expected"),
    [(999, "999 bytes"), (52_000_000, "52 MB"), (20_400_000, "20.4 MB"), (250_000_000, "250 MB")],
)
def test_sizes_read_naturally(size: int, expected: str) -> None:
    assert human_size(size) == expected


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    odd = tmp_path / "notes.xyz"
    odd.write_text("hello", encoding="utf-8")
    assert only_problem(odd).reason == (
        "unsupported file type .xyz (supported: .docx, .htm, .html, .jsonl, .markdown, .md, .txt)"
    )
    assert only_problem(tmp_path / "gone.txt").reason == "file not found"


def test_read_article_file_raises_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    with pytest.raises(ArticleReadError) as caught:
        read_article_file(path)
    assert caught.value.reason == "empty file"
    good = tmp_path / "good.md"
    good.write_text("Title\n\nBody.", encoding="utf-8")
    assert [a.title for a in read_article_file(good)] == ["Title"]


def test_one_crashing_parser_does_not_stop_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(data: bytes, path: Path) -> ParsedArticle:
        raise RuntimeError("parser bug")

    monkeypatch.setattr("annotator.ingest.reader.parse_html_file", explode)
    (tmp_path / "a.html").write_text(NEWS_PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Fine\n\nText.", encoding="utf-8")
    results = list(read_articles([tmp_path]))
    assert isinstance(results[0], ImportProblem) and "parser bug" in results[0].reason
    assert isinstance(results[1], ParsedArticle) and results[1].title == "Fine"


# --- folders ------------------------------------------------------------------------------------


def test_folder_with_png_empty_and_cp1252_files(tmp_path: Path) -> None:
    """The reported case: one bad file must not sink the folder, and each problem names its file."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "chart.png").write_bytes(png_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "legacy.txt").write_bytes(CURLY_TEXT.encode("cp1252"))
    results = list(read_articles([folder]))
    problems = {Path(r.source).name: r.reason for r in results if isinstance(r, ImportProblem)}
    articles = [r for r in results if isinstance(r, ParsedArticle)]
    assert set(problems) == {"chart.png", "empty.txt"}
    assert problems["empty.txt"] == "empty file"
    assert [a.title for a in articles] == ["Café owners protest"]
    assert "\u201cWe will not close,\u201d" in articles[0].text


def test_find_article_files_recurses_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "~$draft.docx").write_bytes(b"\x05Ana")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.md").write_text("c", encoding="utf-8")
    given = tmp_path / "sub" / "c.md"
    found = find_article_files([tmp_path, given, tmp_path / ".hidden-but-named.txt"])
    relative = [p.relative_to(tmp_path).as_posix() for p in found]
    # Named files are kept as given (even hidden or missing); a file reached twice is listed once.
    assert relative == ["a.txt", "b.txt", "sub/c.md", ".hidden-but-named.txt"]
    # One path alone, not wrapped in a list, is still one path.
    assert find_article_files(str(tmp_path / "a.txt")) == [tmp_path / "a.txt"]


# --- HTML ---------------------------------------------------------------------------------------


def test_html_news_page_gives_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "clegg.html"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    article = only_article(path)
    assert article.title == "Clegg says Zuckerberg keen to help shape tech policy"
    assert article.outlet == "The Daily Ledger"
    assert article.author == "Jane Reporter"
    assert article.url == "https://ledger.example.com/tech/clegg-zuckerberg"
    assert article.published is not None and article.published.startswith("2024-12-12")
    assert article.description == "Meta's president of global affairs spoke to journalists."
    assert '"fairly high level."' in article.text
    assert "Mark is very keen to play an active role" in article.text
    # Navigation, sidebars and footers are not the article.
    for chrome in ("Most read", "Markets slide", "All rights reserved", "Home"):
        assert chrome not in article.text


def test_html_in_windows_1252_with_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "legacy.htm"
    page = NEWS_PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "fairly high level.", "fairly high level \u2013 caf\u00e9 talk."
    )
    path.write_bytes(page.encode("cp1252"))
    assert "fairly high level \u2013 caf\u00e9 talk." in only_article(path).text


def test_html_without_a_stated_date_gets_none_not_the_copyright_year(tmp_path: Path) -> None:
    path = tmp_path / "undated.html"
    stated = '<meta property="article:published_time" content="2024-12-12T09:30:00Z">\n'
    assert stated in NEWS_PAGE
    path.write_text(NEWS_PAGE.replace(stated, ""), encoding="utf-8")
    assert only_article(path).published is None


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        (
            "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>",
            "broken HTML: no article text found",
        ),
        ("this was saved as .html but holds no markup at all", "broken HTML: no HTML markup found"),
    ],
)
def test_html_without_article_text_is_a_problem(tmp_path: Path, markup: str, reason: str) -> None:
    path = tmp_path / "broken.html"
    path.write_text(markup, encoding="utf-8")
    assert only_problem(path).reason == reason


# --- JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_imports_good_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"id": "a1", "title": "First", "text": "\\"Yes,\\" she said.", "outlet": "AP",'
        ' "published": "2023-05-06T08:00:00Z", "url": "https://ap.example/1", "author": ["A", "B"]}\n'
        '{"id": "a2", "text": "broken\n'
        "\n"
        '{"id": "a3", "text": "Second headline\\nBody.", "source": "Reuters", "date": "May 7, 2023"}\n'
        '["not", "an", "object"]\n'
        '{"id": "a5", "title": "No text"}\n',
        encoding="utf-8",
    )
    results = list(read_articles([path]))
    articles = [r for r in results if isinstance(r, ParsedArticle)]
    problems = [r for r in results if isinstance(r, ImportProblem)]
    assert [a.title for a in articles] == ["First", "Second headline"]
    first, second = articles
    assert first.text == '"Yes," she said.'
    assert (first.outlet, first.url, first.author) == ("AP", "https://ap.example/1", "A, B")
    assert first.published == "2023-05-06T08:00:00+00:00"
    assert first.extra["id"] == "a1" and first.source == f"{path}:1"
    assert (second.outlet, second.published, second.source) == ("Reuters", "2023-05-07", f"{path}:4")
    assert problems == [
        ImportProblem(f"{path}:2", "line 2: not valid JSON"),
        ImportProblem(f"{path}:5", "line 5: not a JSON object"),
        ImportProblem(f"{path}:6", 'line 6: no "text" field'),
    ]
    with pytest.raises(ArticleReadError, match="line 2: not valid JSON"):
        read_article_file(path)


def test_jsonl_in_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "windows.jsonl"
    path.write_bytes('{"text": "\u201cOui,\u201d dit-elle.", "title": "Caf\u00e9"}\r\n'.encode("utf-16"))
    article = only_article(path)
    assert (article.title, article.text) == ("Caf\u00e9", "\u201cOui,\u201d dit-elle.")


def test_jsonl_limit_applies_per_article(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    long_text = "word " * 100
    path.write_text(f'{{"text": "Short one."}}\n{{"text": "{long_text}"}}\n{{"text": "Another."}}\n', encoding="utf-8")
    results = list(read_articles([path], max_bytes=100))
    assert [getattr(r, "title", None) for r in results] == ["Short one.", None, "Another."]
    assert results[1] == ImportProblem(f"{path}:2", "line 2: article too large (limit 100 bytes)")


# --- Word ---------------------------------------------------------------------------------------


def test_docx_paragraphs_and_core_properties(tmp_path: Path) -> None:
    path = tmp_path / "interview.docx"
    document = docx.Document()
    document.core_properties.title = "Interview with the mayor"
    document.core_properties.author = "Ana Editor"
    document.core_properties.created = datetime.datetime(2024, 3, 5, 14, 0, tzinfo=datetime.UTC)
    document.add_paragraph("\u201cWe will rebuild,\u201d the mayor said.")
    document.add_paragraph("")
    document.add_paragraph("She spoke on Tuesday.")
    document.save(str(path))
    article = only_article(path)
    assert article.title == "Interview with the mayor"
    assert article.author == "Ana Editor"
    assert article.published == "2024-03-05T14:00:00+00:00"
    assert article.text == "\u201cWe will rebuild,\u201d the mayor said.\n\nShe spoke on Tuesday."


def test_docx_without_title_uses_first_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    document = docx.Document()
    document.add_paragraph("Council backs new park")
    document.add_paragraph("The vote was unanimous.")
    document.save(str(path))
    article = only_article(path)
    assert article.title == "Council backs new park"
    assert article.text == "Council backs new park\n\nThe vote was unanimous."
    # python-docx's template stamps "python-docx" as author: that is not who wrote the article.
    assert article.author is None


def test_file_named_docx_that_is_not_one(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("plain words", encoding="utf-8")
    assert only_problem(path).reason == "not a valid Word document (.docx)"


# --- seeds, values, dates -----------------------------------------------------------------------


def test_seed_articles_import_with_titles_and_dates() -> None:
    results = list(read_articles([SEEDS]))
    assert all(isinstance(r, ParsedArticle) for r in results), results
    by_name = {Path(r.source).name[:3]: r for r in results if isinstance(r, ParsedArticle)}
    assert by_name["000"].title == (
        "Mark Zuckerberg is 'very keen to play an active role' in Trump's tech policymaking, Meta exec says"
    )
    assert by_name["001"].title == "Zuckerberg: There\u2019s no secret agreement with Trump."
    seed_002 = by_name["002"]
    assert seed_002.title == "Mark Zuckeberg says he personally told Donald Trump his rhetoric is problematic"
    assert seed_002.published is not None and seed_002.published.startswith("2020-09-03")
    assert seed_002.description is not None and seed_002.description.startswith("Mark Zuckerberg said")
    assert seed_002.extra["categories"] == "latest, news"
    assert seed_002.text.startswith("Mark Zuckerberg said he's had personal conversations")
    assert "extends:" not in seed_002.text and "---" not in seed_002.text[:10]


def test_parsed_article_is_immutable() -> None:
    extra = {"id": "1"}
    article = ParsedArticle(text="t", title="T", source="s", extra=extra)
    extra["id"] = "changed"
    assert article.extra["id"] == "1"
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.title = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        article.extra["id"] = "2"  # type: ignore[index]
    assert hash(article) == hash(ParsedArticle(text="t", title="T", source="s", extra={"id": "1"}))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-09-03-17-07-47", "2020-09-03T17:07:47"),
        ("2020-09-03", "2020-09-03"),
        ("2020/9/3", "2020-09-03"),
        ("2020-09-03T17:07:47Z", "2020-09-03T17:07:47+00:00"),
        ("September 3, 2020", "2020-09-03"),
        ("3rd Sept. 2020", "2020-09-03"),
        ("Thu, 03 Sep 2020 17:07:47 GMT", "2020-09-03T17:07:47+00:00"),
        ("not a date", None),
        ("2020-13-45", None),
    ],
)
def test_messy_dates(raw: str, expected: str | None) -> None:
    assert normalise_date(raw) == expected
