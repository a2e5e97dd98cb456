"""Every editor decision as an operation with its exact inverse, and the history that undoes and redoes them.

    history = History(store, user)
    outcome = history.run(ConfirmQuote(quote.id, expected_version=quote.version))
    history.undo()   # the confirm, the person it created and the alias it taught are gone again

The app and the command line run the same operations; see annotator/operations/history.py.
"""

from __future__ import annotations

from annotator.operations.history import History
from annotator.operations.operation import Operation, Outcome
from annotator.operations.people_changes import (
    MergePeople,
    RenamePerson,
    SetPersonDescription,
    SetPersonGender,
    SplitPerson,
)
from annotator.operations.quote_decisions import (
    AddQuote,
    ConfirmQuote,
    MarkArticleDone,
    RejectQuote,
    SetBounds,
    SetKind,
    SetNote,
    SetSpeaker,
    SetVenue,
)
from annotator.operations.quote_pieces import JoinQuotes, QuotePhrase, SetPieceBounds, SplitQuote, TrimPieces
from annotator.operations.review_decisions import (
    AcceptQuote,
    CommentQuote,
    ResolveConflict,
    SendBackQuote,
    keep_mine,
    take_theirs,
)

__all__ = [
    "AcceptQuote",
    "AddQuote",
    "CommentQuote",
    "ConfirmQuote",
    "History",
    "JoinQuotes",
    "MarkArticleDone",
    "MergePeople",
    "Operation",
    "Outcome",
    "QuotePhrase",
    "RejectQuote",
    "RenamePerson",
    "ResolveConflict",
    "SendBackQuote",
    "SetBounds",
    "SetKind",
    "SetNote",
    "SetPersonDescription",
    "SetPersonGender",
    "SetPieceBounds",
    "SetSpeaker",
    "SetVenue",
    "SplitPerson",
    "SplitQuote",
    "TrimPieces",
    "keep_mine",
    "take_theirs",
]
