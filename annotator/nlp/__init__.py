"""Pre-annotation: entities, quotes, cues, speakers and venues suggested for editors to check."""

from annotator.nlp.pipeline import PipelineUnavailable, load_pipeline, pipeline_info
from annotator.nlp.suggestions import annotate, annotate_doc, annotate_many
from annotator.nlp.types import Annotations, EntitySpan, KnownPerson, QuoteGuess, SpeakerGuess, TextSpan

__all__ = [
    "Annotations",
    "EntitySpan",
    "KnownPerson",
    "PipelineUnavailable",
    "QuoteGuess",
    "SpeakerGuess",
    "TextSpan",
    "annotate",
    "annotate_doc",
    "annotate_many",
    "load_pipeline",
    "pipeline_info",
]
