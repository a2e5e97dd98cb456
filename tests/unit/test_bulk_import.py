"""Bulk import of an archive: batches, duplicates by content hash, resuming after a stop, the audit log."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from annotator.bulk_import import bulk_import
from annotator.db.models import Edit
from annotator.importing import import_paths
from annotator.records import ArticleFilter
from annotator.store import Store


def _archive(folder: Path, count: int) -> Path:
    """A JSON Lines archive of `count` articles; every tenth repeats the text of the one before it."""
    path = folder / "archive.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            body = n - 1 if n % 10 == 9 else n
            record = {
                "title": f"Budget story {n}",
                "text": f"The council met on day {body}. “We will cut costs,” the mayor said.",
                "outlet": "City Desk",
                "published": f"2024-03-{1 + n % 28:02d}",
                "url": f"https://example.org/{n}",
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.write("{not json\n")
    return path


def _imports(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count(Edit.id)).where(Edit.action == "import")) or 0)


def test_an_archive_imports_in_batches_skipping_duplicates_and_naming_bad_lines(store: Store, tmp_path: Path) -> None:
    archive = _archive(tmp_path, 45)
    seen: list[tuple[int, int]] = []
    report = bulk_import(
        store, [archive], user="ana", batch_size=7, progress=lambda done, total, _: seen.append((done, total)) or True
    )
    assert (report.added, report.duplicates) == (41, 4)  # 45 lines, 4 repeat an earlier text
    assert [source.rsplit(":", 1)[1] for source, _ in report.problems] == ["46"]
    assert store.articles.count_articles() == 41
    assert _imports(store) == 41  # one audit row per new article, as for a single import
    assert seen[0] == (0, 46) and seen[-1] == (46, 46)
    first = store.articles.get_article(report.added_ids[0])
    assert (first.title, first.outlet, first.published) == ("Budget story 0", "City Desk", "2024-03-01")


def test_the_same_articles_as_the_ordinary_import(store: Store, tmp_path: Path) -> None:
    archive = _archive(tmp_path, 12)
    bulk_import(store, [archive], user="ana", batch_size=5)
    other = Store.open(f"sqlite:///{tmp_path / 'ordinary.db'}")
    try:
        import_paths(other, [archive], user="ana")

        def fields(s: Store) -> list[tuple[object, ...]]:
            records = [s.articles.get_article(a.id) for a in s.articles.list_articles(ArticleFilter())]
            return sorted((r.title, r.text, r.outlet, r.url, r.published, r.source, r.status) for r in records)

        assert fields(store) == fields(other)
    finally:
        other.close()


def test_a_stopped_import_resumes_where_it_stopped(store: Store, tmp_path: Path) -> None:
    archive = _archive(tmp_path, 40)
    stopped = bulk_import(store, [archive], user="ana", batch_size=8, progress=lambda done, _t, _l: done < 16)
    assert stopped.cancelled
    assert 0 < store.articles.count_articles() == stopped.added < 36

    resumed = bulk_import(store, [archive], user="ana", batch_size=8)
    assert not resumed.cancelled
    assert stopped.added + resumed.added == 36  # 40 lines, 4 repeats
    assert resumed.duplicates == 40 - resumed.added  # what the first run stored is skipped, not doubled
    assert store.articles.count_articles() == 36
    assert _imports(store) == 36


def test_a_folder_of_files_and_articles_already_in(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    for n in range(5):
        (folder / f"story{n}.txt").write_text(f"Story number {n}.\n\nThe minister said it was fine.", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    import_paths(store, [folder / "story0.txt"], user="ben")
    report = bulk_import(store, [folder], user="ana", batch_size=2)
    assert (report.added, report.duplicates) == (4, 1)
    assert [Path(source).name for source, _ in report.problems] == ["notes.pdf"]
    assert store.articles.count_articles() == 5
