"""`python -m ui.screenshot OUT.png`: the window on a seed article, quotes highlighted (pieces, the writer's
words lighter) and one selected, in pieces when one is.

Runs on a temporary database with the seed articles pre-annotated by the real pipeline, so the picture in
docs/ can be refreshed whenever the look or the engine changes. Needs a screen (or xvfb-run, or
QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import os
import sys
import tempfile
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
        ids = store.article_ids()
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
        window.saved_label.setText("saved 14:02:11")  # a fixed time keeps the picture stable
        for _ in range(5):
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise SystemExit(f"could not write {out}")
        window.close()
        store.close()
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshot.png")
    print(take(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
