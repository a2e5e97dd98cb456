"""Every action of the app as data: name, menu text, keys, tooltip, menu, when it is enabled.

This table is the only place a key is bound. The window's menus and shortcuts, the review view's keys, the
shortcut help (F1) and the key table in docs/UI.md all come from it (tests/ui/test_actions.py compares the
docs with `keys_table_markdown()` exactly; `python -m ui.actions` prints the table to paste).

Two scopes: "window" actions live on the main window (annotation, files, view); "review" actions live on
the review view and fire only while it has the focus. The same letters mean the same thing in both (A
confirms or accepts, X rejects or sends back, J/K move), and the window's letters are switched off while the
review view is shown, so no key ever means two things at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

from ui.resources import icon

# When an action is enabled: the window (or the review view) computes which of these hold right now.
ALWAYS = "always"
HAS_STORE = "store"  # a database is open
ANNOTATING = "annotating"  # a database is open and the annotation panes are shown
HAS_ARTICLE = "article"  # ... and an article is open
HAS_QUOTE = "quote"  # ... and a quote is selected
REVIEWING = "reviewing"  # the review view is shown
REVIEW_ITEM = "review_item"  # the review queue has a current row and no comment is being typed
CONFLICT = "conflict"  # the conflicts tab has a current open conflict
BROWSING_PEOPLE = "people"  # the People view is shown
ELSEWHERE = "elsewhere"  # the review or the People view is shown instead of the annotation panes

WINDOW = "window"
REVIEW = "review"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    name: str
    text: str  # menu text; & marks the mnemonic, … a dialog
    keys: tuple[str, ...] = ()  # portable key names (QKeySequence's), the first one is shown in menus
    tip: str = ""  # tooltip before the keys; the menu text without & and … when empty
    doc: str = ""  # the longer line of the key table in docs/UI.md; the tip when empty
    icon: str | None = None
    menu: str | None = None  # the menu it is listed in, in table order
    also_in: str | None = None  # a second menu, where it comes last
    separator_before: bool = False  # in `menu`
    when: str = ALWAYS
    checkable: bool = False
    scope: str = WINDOW

    @property
    def label(self) -> str:
        return self.text.replace("&", "").rstrip("…")

    @property
    def tooltip_text(self) -> str:
        return self.tip or self.label

    @property
    def described(self) -> str:
        return self.doc or self.tooltip_text


_F = "File"
_E = "Edit"
_V = "View"
_R = "Review"
_H = "Help"

ACTIONS: tuple[ActionSpec, ...] = (
    # ---- File
    ActionSpec("import_files", "&Import files…", ("Ctrl+O",), "Import article files", icon="import", menu=_F,
               when=HAS_STORE, doc="Import files (or drop files on the window)"),
    ActionSpec("import_folder", "Import &folder…", ("Ctrl+Shift+O",), "Import a folder of articles", icon="folder",
               menu=_F, when=HAS_STORE),
    ActionSpec("import_colleague", "Import &colleague's work…", ("Ctrl+Shift+I",),
               "Import a colleague's database: their decisions come in for review", icon="import", menu=_F,
               also_in=_R, when=HAS_STORE,
               doc="Import a colleague's work: their SQLite database; decisions come in for review"),
    ActionSpec("export", "&Export…", ("Ctrl+E",), "Export verified quotes", icon="export", menu=_F,
               separator_before=True, when=HAS_STORE),
    ActionSpec("annotate_again", "&Pre-annotate this article again", ("Ctrl+R",), menu=_F, separator_before=True,
               when=HAS_ARTICLE),
    ActionSpec("settings", "&Settings…", ("Ctrl+,",), icon="settings", menu=_F, separator_before=True,
               doc="Settings (database, spaCy pipeline, editor name, second reviewer)"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), icon="quit", menu=_F, separator_before=True),
    # ---- Edit
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "Undo your last decision in this view (annotation or review)",
               icon="undo", menu=_E, when=HAS_STORE),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo the last decision undone in this view", icon="redo",
               menu=_E, when=HAS_STORE),
    ActionSpec("add_quote", "&Add quote from selection", ("Q",), icon="add-quote", menu=_E, separator_before=True,
               when=HAS_ARTICLE,
               doc="Add a quote from the text selection: to check until S gives its speaker (A: speaker unknown); "
               "on a quoted phrase, make it a quote"),
    ActionSpec("set_bounds", "Set piece &bounds from selection", ("B",), icon="bounds", menu=_E, when=HAS_QUOTE,
               doc="Set the bounds of the quote's piece at hand from a text selection made on or next to it"),
    ActionSpec("next_piece", "Next piece of the quote", (".",), menu=_E, when=HAS_QUOTE,
               doc="The quote's next piece is the one the bounds keys act on (underlined in the text)"),
    ActionSpec("previous_piece", "Previous piece of the quote", (",",), menu=_E, when=HAS_QUOTE),
    ActionSpec("grow_start", "Piece starts a word earlier", ("[",), menu=_E, when=HAS_QUOTE),
    ActionSpec("shrink_start", "Piece starts a word later", ("{",), menu=_E, when=HAS_QUOTE),
    ActionSpec("grow_end", "Piece ends a word later", ("]",), menu=_E, when=HAS_QUOTE),
    ActionSpec("shrink_end", "Piece ends a word earlier", ("}",), menu=_E, when=HAS_QUOTE),
    ActionSpec("trim_to_marks", "&Trim pieces to their quote marks", ("'",), menu=_E, when=HAS_QUOTE,
               doc="Trim the quote's pieces to their quote marks (what the card flags: a cue, a speaker or "
               "writer's words inside a piece)"),
    ActionSpec("split_quote", "S&plit the quote before this piece", ("/",), menu=_E, when=HAS_QUOTE,
               doc="Split the quote into two attributions before the piece at hand"),
    ActionSpec("join_quote", "&Join the quote to the one before", ("Backspace",), menu=_E, when=HAS_QUOTE,
               doc="Join the quote's pieces to the quote before it (one attribution)"),
    ActionSpec("cycle_kind", "Change &kind (direct/partial/indirect)", ("T",), icon="kind", menu=_E,
               when=HAS_QUOTE, doc="Cycle the kind: direct, partial, indirect (or the Kind box)"),
    ActionSpec("edit_venue", "Edit &venue", ("V",), icon="venue", menu=_E, when=HAS_QUOTE,
               doc="Edit the venue (Enter saves, Esc leaves the field)"),
    ActionSpec("edit_note", "Edit &note", ("C",), icon="note", menu=_E, when=HAS_QUOTE,
               doc="Edit the note (Enter saves, Esc leaves the field)"),
    ActionSpec("find_in_article", "&Find in this article…", ("Ctrl+F",), icon="search", menu=_E,
               separator_before=True, when=HAS_ARTICLE,
               doc="Find words in the open article (Enter: next match, Shift+Enter: previous, Esc closes)"),
    ActionSpec("find_next", "Find ne&xt", ("F3",), "Next match in the article", menu=_E, when=HAS_ARTICLE),
    ActionSpec("find_previous", "Find pre&vious", ("Shift+F3",), "Previous match in the article", menu=_E,
               when=HAS_ARTICLE),
    ActionSpec("search", "&Search articles", ("Ctrl+Shift+F",), icon="search", menu=_E, when=HAS_STORE,
               doc="Search articles: words in titles and texts (filters the article list)"),
    # ---- View
    ActionSpec("show_entities", "&Entities", ("Alt+1",), "Show or hide the entities", menu=_V, checkable=True),
    ActionSpec("show_quotes", "&Quotes", ("Alt+2",), "Show or hide the quotes", menu=_V, checkable=True),
    ActionSpec("show_attribution", "&Speaker and cue of the selected quote", ("Alt+3",),
               "Show or hide the speaker and cue of the selected quote", menu=_V, checkable=True),
    ActionSpec("show_legend", "&Legend", ("Alt+4",), "Show or hide the legend", menu=_V, separator_before=True,
               checkable=True),
    ActionSpec("sort_by_confidence", "Least &confident quotes first", ("Ctrl+Shift+L",),
               "Sort the quotes by confidence, least confident first (again: article order)", icon=None, menu=_V,
               separator_before=True, checkable=True,
               doc="Sort the article's quotes least confident first, so the doubtful suggestions are checked "
               "first (again: back to article order)"),
    ActionSpec("people_mode", "&People across the archive", ("Ctrl+3",), "Every person quoted, and their quotes",
               menu=_V, separator_before=True, when=HAS_STORE, checkable=True,
               doc="People across the archive: filter, sort, Enter opens a person, Enter on a quote opens its "
               "article; merge, split, rename, describe (Ctrl+3 again goes back)"),
    ActionSpec("sources", "&Sources…", (), "Who is quoted how often, by outlet and month; save the chart",
               icon=None, menu=_V, when=HAS_STORE),
    # ---- Review (annotation decisions, then the switch to the review view)
    ActionSpec("confirm", "&Confirm", ("Return", "Enter", "A"), "Confirm the quote", icon="confirm", menu=_R,
               when=HAS_QUOTE, doc="Confirm the selected quote (then the next quote to check is selected)"),
    ActionSpec("reject", "&Reject", ("X", "Delete"), "Not a quote: reject it", icon="reject", menu=_R,
               when=HAS_QUOTE,
               doc="Reject the selected quote (not a quote; kept so re-annotation never brings it back)"),
    ActionSpec("change_speaker", "Change &speaker…", ("S",), "Change the speaker", icon="speaker", menu=_R,
               when=HAS_QUOTE,
               doc="Change speaker: type to filter (people of this article first, then the database, or a new "
               "person), Up/Down, Enter; or click a name in the text; Esc cancels"),
    ActionSpec("next_quote", "Ne&xt quote", ("J",), icon="next", menu=_R, separator_before=True, when=HAS_ARTICLE),
    ActionSpec("previous_quote", "&Previous quote", ("K",), icon="previous", menu=_R, when=HAS_ARTICLE),
    ActionSpec("mark_done", "Mark article &done", ("D",), icon="done", menu=_R, separator_before=True,
               when=HAS_ARTICLE, doc="Mark the article done (again: reopen it)"),
    ActionSpec("next_article", "Next article with &work left", ("N",), icon="next-article", menu=_R,
               when=ANNOTATING),
    ActionSpec("review_mode", "Review colleagues' &work", ("Ctrl+2",), "Switch to the review of colleagues",
               menu=_R, separator_before=True, when=HAS_STORE, checkable=True,
               doc="Review colleagues' work (the queue has the keys at once)"),
    ActionSpec("annotate_mode", "Back to &annotating", ("Ctrl+1",), menu=_R, when=ELSEWHERE),
    # ---- Help
    ActionSpec("keys", "&Keyboard shortcuts", ("F1",), "List every key", menu=_H, doc="Keyboard shortcuts"),
    ActionSpec("about", "&About Quote Annotator", (), icon="about", menu=_H, separator_before=True),
    # ---- the review view (listed in the Review menu while it exists)
    ActionSpec("accept", "&Accept", ("A", "Return", "Enter"), "Accept the colleague's decision", when=REVIEW_ITEM,
               scope=REVIEW),
    ActionSpec("send_back", "Send &back…", ("X", "Delete"), "Send the quote back to the colleague with a comment",
               when=REVIEW_ITEM, scope=REVIEW),
    ActionSpec("comment", "&Comment…", ("C",), "Comment on the quote without deciding", when=REVIEW_ITEM,
               scope=REVIEW),
    ActionSpec("next_in_queue", "&Next in the queue", ("J",), "Next quote in the queue", when=REVIEW_ITEM,
               scope=REVIEW),
    ActionSpec("previous_in_queue", "&Previous in the queue", ("K",), "Previous quote in the queue",
               when=REVIEW_ITEM, scope=REVIEW),
    ActionSpec("keep_mine", "&Keep mine", ("M",), "Settle the conflict: keep the decision made here",
               when=CONFLICT, scope=REVIEW),
    ActionSpec("take_theirs", "&Take theirs", ("T",), "Settle the conflict: put the colleague's decision on the quote",
               when=CONFLICT, scope=REVIEW),
    ActionSpec("next_tab", "Next &tab", ("Ctrl+PgDown",), "Next tab: queue, sent back, conflicts, agreement",
               scope=REVIEW),
    ActionSpec("previous_tab", "Previous t&ab", ("Ctrl+PgUp",), "Previous tab", scope=REVIEW),
    ActionSpec("refresh_review", "&Refresh", ("F5",), "Read the queue, conflicts and agreement again", scope=REVIEW),
)  # fmt: skip

SPECS: dict[str, ActionSpec] = {spec.name: spec for spec in ACTIONS}
MENUS: tuple[str, ...] = (_F, _E, _V, _R, _H)


def specs(scope: str) -> list[ActionSpec]:
    return [spec for spec in ACTIONS if spec.scope == scope]


def shown_keys(spec: ActionSpec, separator: str = ", ") -> str:
    """The keys as the platform writes them (Ctrl on Linux and Windows, ⌘ on a Mac)."""
    return separator.join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in spec.keys)


def tooltip(spec: ActionSpec) -> str:
    shown = shown_keys(spec)
    return f"{spec.tooltip_text} ({shown})" if shown else spec.tooltip_text


def build_actions(
    owner: QWidget,
    scope: str,
    slots: Mapping[str, Callable[[], object]],
    *,
    before: Callable[[], object] | None = None,
) -> dict[str, QAction]:
    """One QAction per spec of `scope`, added to `owner` so its keys work without a menu. Every action that
    is not a toggle needs a slot: a table row the code forgot fails at start-up, not when the key is pressed.
    `before` runs ahead of every action (the window clears a passing notice with it)."""
    actions: dict[str, QAction] = {}
    for spec in specs(scope):
        action = QAction(spec.text, owner)
        if spec.icon:
            action.setIcon(icon(spec.icon))
        action.setShortcuts([QKeySequence(k) for k in spec.keys])
        if scope == REVIEW:  # only while the review view (or a child) has the focus
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tooltip(spec))
        action.setStatusTip(spec.tooltip_text)
        action.setCheckable(spec.checkable)
        if before is not None:
            action.triggered.connect(lambda _checked=False: before())
        slot = slots.get(spec.name)
        if slot is None and not spec.checkable:
            raise KeyError(f"no slot for the action {spec.name!r}")
        if slot is not None:
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
        owner.addAction(action)
        actions[spec.name] = action
    return actions


def apply_enabled(actions: Mapping[str, QAction], conditions: Iterable[str]) -> None:
    """Enable each action whose `when` holds now."""
    holding = {ALWAYS, *conditions}
    for name, action in actions.items():
        action.setEnabled(SPECS[name].when in holding)


def menu_entries(title: str) -> list[str | None]:
    """The names listed in a menu, in order; None is a separator."""
    entries: list[str | None] = []
    for spec in ACTIONS:
        if spec.menu == title and spec.scope == WINDOW:
            if spec.separator_before and entries:
                entries.append(None)
            entries.append(spec.name)
    entries += [spec.name for spec in ACTIONS if spec.also_in == title]
    return entries


def matching_action(actions: Iterable[QAction], event: QKeyEvent) -> QAction | None:
    """The enabled action bound to the unmodified key of `event`, for a widget that sees keys before the
    shortcut map does (a table view eats letters for its keyboard search)."""
    if event.modifiers() not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
        return None
    pressed = QKeySequence(Qt.Key(event.key()))
    return next((a for a in actions if a.isEnabled() and pressed in a.shortcuts()), None)


# ---- the key table in docs/UI.md --------------------------------------------------------------------------

DOCS_BEGIN = "<!-- keys: generated by `python -m ui.actions` from ui/actions.py; tests check it -->"
DOCS_END = "<!-- end of keys -->"
_SCOPE_HEADINGS = {WINDOW: "Annotating (the main window)", REVIEW: "Reviewing (Review › Review colleagues' work)"}


def keys_table_rows(scope: str) -> list[tuple[str, str]]:
    return [(" or ".join(spec.keys), spec.described) for spec in specs(scope) if spec.keys]


def keys_table_markdown() -> str:
    lines = [DOCS_BEGIN]
    for scope, heading in _SCOPE_HEADINGS.items():
        lines += ["", f"**{heading}**", "", "| Keys | Action |", "|---|---|"]
        lines += [f"| {keys} | {text} |" for keys, text in keys_table_rows(scope)]
    lines += ["", DOCS_END]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(keys_table_markdown() + "\n")
