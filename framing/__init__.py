"""framing: measure how news is framed.

Loaded terminology, attribution patterns, article framing scores and outlet
comparison, from a trained scikit-learn model and curated lexicons that ship
with the package.

>>> import framing
>>> a = framing.analyze("Rebels liberated the town, the so-called government said.")
>>> a.to_dict()["loaded_terms"]  # doctest: +SKIP
"""

from .batch import score_corpus
from .compare import compare_outlets
from .errors import FramingError, InputError, LabelDataError, ModelLoadError
from .model import FramingModel, load_model
from .scoring import ArticleAnalysis, analyze

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "analyze",
    "score_corpus",
    "compare_outlets",
    "load_model",
    "ArticleAnalysis",
    "FramingModel",
    "FramingError",
    "InputError",
    "ModelLoadError",
    "LabelDataError",
]
