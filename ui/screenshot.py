"""`python -m ui.screenshot OUT.png`: the window on a seed article, quotes highlighted (pieces, the writer's
words lighter) and one selected, in pieces when one is;
`python -m ui.screenshot --review OUT.png`: the review view on a real conflict from a colleague import.

Runs on a temporary database with the seed articles pre-annotated by the real pipeline, so the picture in
docs/ can be refreshed whenever the look or the engine changes. Needs a screen (or xvfb-run, or
QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SIZE = (1400, 850)


def take(out: Path) -> Path:
    from annotator.annotating import annotate_articles, pipeline_status
    from annotator.config import Settings, sqlite_url
    from annotator.importing import import_seeds_if_empty
    from annotator.store import Store
    from ui.app import create_application
    from ui.main_window import MainWindow

    app = create_application()
    with tempfile.TemporaryDirectory() as home:
        os.environ["ANNOTATOR_HOME"] = home  # never the editor's real settings
        store = Store.open(sqlite_url(Path(home) / "screenshot.db"))
        import_seeds_if_empty(store, user="importer")
        ids = store.articles.article_ids()
        try:
            annotate_articles(store, ids, user="model")
            status = pipeline_status(None)
        except Exception as exc:  # still show the window; say why it has no suggestions
            print(f"pre-annotation unavailable: {exc}", file=sys.stderr)
            status = (False, str(exc))
        settings = Settings(database_url=store.url, user_name="Ana", user_chosen=True)
        window = MainWindow(store, settings)
        window.resize(*SIZE)
        window.show()
        window.jobs.show_pipeline(status)
        window.open_article(ids[0])
        for _ in range(5):
            app.processEvents()  # lay the window out before scrolling to a quote
        # a realistic moment: the surest attribution confirmed, the first other one selected with its speaker
        # mention and cue highlighted
        quotes = window.quote_panel.model.quotes
        attributed = [q for q in quotes if q.speaker_start is not None and q.cue_start is not None]
        if attributed:
            surest = max(attributed, key=lambda q: (q.kind == "direct", q.confidence or 0, -q.start))
            window.quote_panel.select_uid(surest.uid)
            window.annotation.confirm_quote()
            later = [q for q in attributed if q.start > surest.start]
            # one in pieces when there is one: its quoted stretches and the writer's words between them
            later.sort(key=lambda q: (len(q.pieces) < 2, q.start))
            if later:
                window.quote_panel.select_uid(later[0].uid)
        window.status_line.saved_label.setText("saved 14:02:11")  # a fixed time keeps the picture stable
        for _ in range(5):
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise SystemExit(f"could not write {out}")
        window.close()
        store.close()
    return out


def take_review(out: Path) -> Path:
    """The review view on its Conflicts tab: Ana trimmed a quote Ben confirmed whole, and named another
    speaker than Ben for a second one; Ana has imported Ben's copy of the seeds (docs/review.png)."""
    import shutil

    from annotator.annotating import annotate_articles, pipeline_status
    from annotator.config import Settings, sqlite_url
    from annotator.importing import import_seeds_if_empty
    from annotator.review.colleague_import import import_colleague_database
    from annotator.store import Store
    from ui.app import create_application
    from ui.main_window import MainWindow
    from ui.widgets.review_view import Tab

    app = create_application()
    with tempfile.TemporaryDirectory() as home:
        os.environ["ANNOTATOR_HOME"] = home
        ana_path, ben_path = Path(home) / "ana.db", Path(home) / "ben.db"
        store = Store.open(sqlite_url(ana_path))
        import_seeds_if_empty(store, user="importer")
        annotate_articles(store, store.articles.article_ids(), user="model")
        store.close()
        shutil.copyfile(ana_path, ben_path)  # Ben starts from the same annotated seeds
        store, ben = Store.open(sqlite_url(ana_path)), Store.open(sqlite_url(ben_path))
        article_id = store.articles.article_ids()[0]
        mine = sorted(store.quotes.quotes_for_article(article_id), key=lambda q: q.start)
        theirs = {q.uid: q for q in ben.quotes.quotes_for_article(article_id)}
        first, second = mine[0], next((q for q in mine[1:] if q.speaker), mine[1])
        words = first.text.split()
        tail = first.start + first.text.index(words[-min(4, len(words))])
        store.quotes.update_quote(first.id, {"start": tail, "end": first.end}, user="Ana")
        store.quotes.confirm_quote(second.id, user="Ana")
        ben.quotes.confirm_quote(theirs[first.uid].id, user="Ben")
        other = ben.people.find_or_create_person("Elon Musk", user="Ben")
        ben.quotes.set_speaker(theirs[second.uid].id, other.id, user="Ben")
        ben.close()
        import_colleague_database(store, ben_path, user="Ana")
        window = MainWindow(store, Settings(database_url=store.url, user_name="Ana", user_chosen=True))
        window.resize(*SIZE)
        window.show()
        window.jobs.show_pipeline(pipeline_status(None))  # the model's name, not "checking…" from the start
        window.review.show_conflicts()
        view = window.review_view
        while view.loading:  # it reads on the thread pool
            app.processEvents()
            time.sleep(0.01)
        view.tabs.setCurrentIndex(Tab.CONFLICTS)
        view.conflicts_table.selectRow(0)
        for _ in range(10):
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise SystemExit(f"could not write {out}")
        window.close()
        store.close()
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--review"]:
        print(take_review(Path(args[1] if len(args) > 1 else "docs/review.png")))
        return 0
    out = Path(args[0] if args else "docs/screenshot.png")
    print(take(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
