"""The quote card's line about the same quote in other articles: "wording differs" with the words that
differ, "attributed differently" with the speakers. A small widget of its own for the quote card to place
(`QuoteGroupFlags.show_quote(store, quote_id)`); hidden when the quote stands alone.

Words and names come from articles: shown as plain text only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from annotator.db.opening import DatabaseProblem
from annotator.quote_groups import GroupDetail, group_members, groups_for_quote
from annotator.store import Store, StoreError
from ui.plain import plain_label, plain_tooltip
from ui.theme import PROBLEM_COLOUR, STATUS_COLOURS

MAX_CHANGES_SHOWN = 4
# A card of its own under the quote's, so the line reads as a warning about this quote rather than loose text at
# the panel's foot: differing words in amber, another speaker in red (ui/theme.py's "to check" and problem colours)
FLAGS_STYLE = f"""
QFrame#quoteGroupFlags {{ background: #fffaf0; border: 1px solid #ecd9b0; border-radius: 6px; }}
QLabel#quoteGroupSummary {{ font-weight: 600; color: #3b4252; }}
QLabel#wordingDiffers {{ color: {STATUS_COLOURS["suggested"]}; }}
QLabel#attributedDifferently {{ color: {PROBLEM_COLOUR}; }}
"""


def wording_line(detail: GroupDetail, quote_id: int) -> str:
    """How the members' words differ, as seen from this quote: “very” → “really” (in “The Guardian”)."""
    changes = []
    for member in detail.members:
        for change in member.changes:
            before = f"“{change.before}”" if change.before else "nothing"
            after = f"“{change.after}”" if change.after else "nothing"
            where = "here" if member.quote_id == quote_id else (member.outlet or member.article_title)
            changes.append(f"{before} → {after} ({where})")
    shown = changes[:MAX_CHANGES_SHOWN]
    more = f", and {len(changes) - len(shown)} more" if len(changes) > len(shown) else ""
    return "Wording differs: " + "; ".join(shown) + more


def speakers_line(detail: GroupDetail) -> str:
    speakers = list(dict.fromkeys(m.speaker for m in detail.members if m.speaker))
    return "Attributed differently: " + ", ".join(speakers)


class QuoteGroupFlags(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quoteGroupFlags")
        self.setStyleSheet(FLAGS_STYLE)
        self.summary_label = plain_label()
        self.wording_label = plain_label()
        self.speakers_label = plain_label()
        for label in (self.summary_label, self.wording_label, self.speakers_label):
            label.setWordWrap(True)
        self.summary_label.setObjectName("quoteGroupSummary")
        self.wording_label.setObjectName("wordingDiffers")
        self.speakers_label.setObjectName("attributedDifferently")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.wording_label)
        layout.addWidget(self.speakers_label)
        self.setVisible(False)

    def show_quote(self, store: Store | None, quote_id: int | None) -> None:
        """Read the quote's group and show its flags; hide when it stands alone (or cannot be read)."""
        detail = None
        if store is not None and quote_id is not None:
            try:
                summary = groups_for_quote(store, quote_id)
                detail = group_members(store, summary.group_id) if summary is not None else None
            except (StoreError, DatabaseProblem):
                detail = None  # a line of the card, not worth a message: the quote itself still shows
        if detail is None:
            self.setVisible(False)
            return
        others = len(detail.members) - 1
        self.summary_label.setText(f"The same quote in {others} other article{'s' if others != 1 else ''}")
        self.summary_label.setToolTip(
            plain_tooltip(
                "\n".join(f"{m.published or '?'}  {m.outlet or ''}  {m.article_title}" for m in detail.members)
            )
        )
        self.wording_label.setText(wording_line(detail, quote_id or 0) if detail.summary.wording_differs else "")
        self.wording_label.setVisible(detail.summary.wording_differs)
        self.speakers_label.setText(speakers_line(detail) if detail.summary.attributed_differently else "")
        self.speakers_label.setVisible(detail.summary.attributed_differently)
        self.setVisible(True)
