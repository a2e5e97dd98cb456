"""Thin Qt models over store queries: rows and roles, no logic."""

from ui.models.article_list import ArticleListModel
from ui.models.people import PeopleModel, SpeakerChoice
from ui.models.quote_list import QuoteListModel

__all__ = ["ArticleListModel", "PeopleModel", "QuoteListModel", "SpeakerChoice"]
