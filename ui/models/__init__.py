"""Thin Qt models over store queries: rows and roles, no logic."""

from ui.models.article_list import ArticleListModel
from ui.models.quote_list import QuoteListModel
from ui.models.speaker_choices import PeopleModel, SpeakerChoice

__all__ = ["ArticleListModel", "PeopleModel", "QuoteListModel", "SpeakerChoice"]
