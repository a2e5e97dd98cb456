"""`python -m ui.screenshot_people DOCS_DIR`: the People view and the sources chart, for docs/ and the README.

Builds a small made-up archive on a temporary database (articles whose quotes an editor confirmed, a
duplicate person created in another article, genders recorded for some), opens the window on it and
grabs the People view and the Sources dialog. Needs a screen (or xvfb-run, or QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SIZE = (1400, 850)

# (outlet, date, [(words, speaker)]): invented quotes by invented people
ARCHIVE: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Harbour Times",
        "2024-01-12",
        (
            ("The new ferry line will open before the summer season", "Maria Okafor"),
            ("We have not seen the final budget for the harbour yet", "Tom Reyes"),
        ),
    ),
    (
        "Harbour Times",
        "2024-02-03",
        (
            ("Our members cannot keep paying these rents every year", "Ines Duarte"),
            ("The ferry line will open before the summer", "Maria Okafor"),
        ),
    ),
    (
        "Valley Post",
        "2024-02-20",
        (
            ("The ferry line will open before the summer season", "Tom Reyes"),
            ("Nobody asked the fishermen what they needed here", "Ines Duarte"),
        ),
    ),
    (
        "Valley Post",
        "2024-03-08",
        (
            ("We expect the council to vote on the rents in April", "M. Okafor"),
            ("The school roof will be repaired during the holidays", "Jon Abara"),
        ),
    ),
    (
        "Coast Radio",
        "2024-03-22",
        (
            ("Rents went up by a fifth in two years in the old town", "Ines Duarte"),
            ("I will not stand for a second term as harbour master", "Tom Reyes"),
            ("Our members cannot keep paying these rents every year", "Ines Duarte"),
        ),
    ),
    (
        "Coast Radio",
        "2024-04-15",
        (
            ("The harbour budget is balanced for the first time", "Maria Okafor"),
            ("The school roof repair will cost less than planned", "Jon Abara"),
        ),
    ),
)
GENDERS = {"Maria Okafor": "woman", "Ines Duarte": "woman", "Tom Reyes": "man"}


def build_archive(store: object) -> None:
    from annotator.nlp.types import Annotations, QuoteGuess, SpeakerGuess, TextSpan
    from annotator.people_archive import find_person
    from annotator.quote_groups import group_article
    from annotator.store import NewArticle, Store

    assert isinstance(store, Store)
    for number, (outlet, date, said) in enumerate(ARCHIVE, 1):
        text = f"Harbour news {number}. " + " ".join(f"“{words}” {speaker} said." for words, speaker in said)
        article, _ = store.articles.add_article(
            NewArticle(title=f"Harbour news {number}", text=text, outlet=outlet, published=date), user="importer"
        )
        guesses = []
        for words, speaker in said:
            start = text.index(f"“{words}”")
            end = start + len(words) + 2
            who = text.index(speaker, end)
            cue = text.index("said", who)
            guesses.append(
                QuoteGuess(start, end, text[start:end], "direct", 0.9, cue=TextSpan(cue, cue + 4, "said"),
                           speaker=SpeakerGuess(speaker, who, who + len(speaker), speaker))
            )  # fmt: skip
        store.articles.save_annotations(article.id, Annotations(quotes=tuple(guesses), model="demo 1.0"), user="model")
        for index, quote in enumerate(sorted(store.quotes.quotes_for_article(article.id), key=lambda q: q.start)):
            if (number, index) not in {(5, 2), (6, 1)}:  # most confirmed, two left to check
                store.quotes.confirm_quote(quote.id, user="Ana")
        group_article(store, article.id)
    for name, gender in GENDERS.items():
        store.people.set_gender(find_person(store, name), gender, user="Ana")
    store.people.set_description(find_person(store, "Maria Okafor"), "Mayor of Port Elin", user="Ana")


def take(out_dir: Path) -> list[Path]:
    from annotator.annotating import pipeline_status
    from annotator.config import Settings, sqlite_url
    from annotator.people_archive import find_person
    from annotator.store import Store
    from ui.app import create_application
    from ui.main_window import MainWindow
    from ui.models.people_table import SUGGESTED
    from ui.widgets.sources_dialog import SourcesDialog

    app = create_application()
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as home:
        os.environ["ANNOTATOR_HOME"] = home  # never the editor's real settings
        store = Store.open(sqlite_url(Path(home) / "people.db"))
        build_archive(store)
        window = MainWindow(store, Settings(database_url=store.url, user_name="Ana", user_chosen=True))
        window.resize(*SIZE)
        window.show()
        window.jobs.show_pipeline(pipeline_status(None))  # the model's name, not "checking…" from the start
        window.people.set_mode(True)
        view = window.people.view
        assert view is not None
        view.select_person(find_person(store, "Maria Okafor"))
        view.people_table.resizeColumnsToContents()
        view.quotes_table.resizeColumnsToContents()
        # the people's table cut at a column's edge (name to suggested; the rest scrolls), so that the
        # person's side has room for each quote's words and group flags
        table = view.people_table
        edge = table.horizontalHeader().sectionViewportPosition(SUGGESTED) + table.columnWidth(SUGGESTED)
        needed = table.verticalHeader().width() + edge + 2 * table.frameWidth() + 2
        view.splitter.setSizes([needed, SIZE[0] - needed])
        window.status_line.saved_label.setText("saved 14:02:11")  # a fixed time keeps the picture stable
        for _ in range(5):
            app.processEvents()
        out_dir.mkdir(parents=True, exist_ok=True)
        saved.append(out_dir / "people-view.png")
        window.grab().save(str(saved[-1]))

        dialog = SourcesDialog(store, parent=window)
        dialog.chart_combo.setCurrentIndex(dialog.chart_combo.findData("gender"))
        dialog.breakdown_combo.setCurrentIndex(dialog.breakdown_combo.findData("outlet"))
        dialog.verified_check.setChecked(False)
        dialog.show()
        for _ in range(5):
            app.processEvents()
        dialog.canvas.draw()  # type: ignore[attr-defined]
        saved.append(out_dir / "sources-chart.png")
        dialog.grab().save(str(saved[-1]))
        dialog.close()
        window.close()
        store.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in take(Path(args[0] if args else "docs")):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
