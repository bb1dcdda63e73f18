"""framing: measure how news is framed.

Loaded terminology, attribution patterns, article framing scores and outlet
comparison, from a trained scikit-learn model and curated lexicons that ship
with the package.

>>> import framing
>>> a = framing.analyze("Rebels liberated the town, the so-called government said.")
>>> a.to_dict()["loaded_terms"]  # doctest: +SKIP

The public names below are loaded on first use (PEP 562), so ``import framing`` and
``framing --help`` do not import pandas, pyarrow or scikit-learn. The submodules
(``framing.corpus``, ``framing.report``...) are reachable as attributes the same way.
The package layout and the contracts are described in ``docs/``.
"""

from __future__ import annotations

import gc
import importlib
from typing import TYPE_CHECKING, Any

from .errors import FramingError, InputError, LabelDataError, ModelLoadError

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .compare import compare_outlets
    from .corpus import score_batch, score_corpus, score_file
    from .model import FramingModel, load_model
    from .scoring import ArticleAnalysis, analyze
    from .sentiment import TargetSentiment, target_sentiment

#: Public name -> the module that defines it (imported when the name is first used).
_LAZY = {
    "analyze": "scoring",
    "ArticleAnalysis": "scoring",
    "score_corpus": "corpus",
    "score_file": "corpus",
    "score_batch": "corpus",
    "compare_outlets": "compare",
    "load_model": "model",
    "FramingModel": "model",
    "target_sentiment": "sentiment",
    "TargetSentiment": "sentiment",
}
#: Submodules reachable as ``framing.<name>`` before anything imported them.
_SUBMODULES = frozenset(
    """active actors article_score attribution batch cli compare compare_text corpus errors
    events features furniture inputs io_atomic lexicon mentions model modelcard naming
    outputs progress report resources score_training scoring sentiment sentiment_training
    spans subscores tables tagger text training wordclasses""".split()
)

__all__ = [
    "__version__",
    "analyze",
    "score_corpus",
    "score_file",
    "score_batch",
    "compare_outlets",
    "load_model",
    "target_sentiment",
    "ArticleAnalysis",
    "FramingModel",
    "TargetSentiment",
    "FramingError",
    "InputError",
    "ModelLoadError",
    "LabelDataError",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(_import(_LAZY[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    if name in _SUBMODULES:
        return _import(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _import(module: str) -> Any:
    """Import a submodule with the cyclic garbage collector paused: the first one imports
    the heavy libraries, whose hundreds of thousands of new objects set off full
    collections (about 60 ms of CPU) that find next to nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(f".{module}", __name__)
    finally:
        if enabled:
            gc.enable()


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | _SUBMODULES)
