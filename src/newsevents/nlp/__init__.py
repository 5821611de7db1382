"""NLP backbone: the verified spaCy pipeline."""

from .model import ModelError, load_nlp, verify_model

__all__ = ["ModelError", "load_nlp", "verify_model"]
