"""Quote Annotator core: storage, import, NLP pre-annotation, export and review. Never imports Qt."""

__version__ = "0.1.0"
