"""The sentence model as a scikit-learn estimator (:class:`FramingModel`), for training.

Analysing text does not need this module: a model directory also holds the model as plain
arrays (:mod:`framing.sentence_features`), which :func:`framing.model.load_model` reads
without scikit-learn. The class is still known as ``framing.model.FramingModel`` (the name
its pickles and the public API use; :mod:`framing.model` resolves it from here on first
use).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

from .features import export_sentence_arrays, make_sentence_pipeline, sentence_proba
from .model import SentenceModel, as_text_list

__all__ = ["FramingModel"]


class FramingModel(SentenceModel, ClassifierMixin, BaseEstimator):
    """Sentence-level classifier of biased / loaded sentences.

    A scikit-learn estimator: ``fit``, ``predict``, ``predict_proba``,
    ``get_params``, ``clone`` and ``GridSearchCV`` work on it. Column 1 of
    ``predict_proba`` is P(biased / loaded sentence).

    Parameters
    ----------
    estimator : sklearn estimator or None
        The text pipeline to fit (strings in, probabilities out). ``None``
        uses :func:`framing.features.make_sentence_pipeline`.
    term_tagger : sklearn estimator or None
        Optional word-level loaded-term tagger fitted alongside (see
        :mod:`framing.tagger`); ``None`` fits no tagger.
    """

    def __init__(self, estimator: Any = None, term_tagger: Any = None):
        self.estimator = estimator
        self.term_tagger = term_tagger

    def _make_estimator(self) -> Any:
        if self.estimator is not None:
            return clone(self.estimator)
        return make_sentence_pipeline()

    def fit(self, X: Iterable[str], y: Iterable[int], sample_weight: Any = None, **tagger_fit):
        """Fit the sentence pipeline (and the term tagger, if one is set)."""
        texts = as_text_list(X)
        y_arr = np.asarray(list(y))
        est = self._make_estimator()
        if sample_weight is not None:
            last = est.steps[-1][0] if hasattr(est, "steps") else None
            key = f"{last}__sample_weight" if last else "sample_weight"
            est.fit(texts, y_arr, **{key: np.asarray(sample_weight)})
        else:
            est.fit(texts, y_arr)
        self.estimator_ = est
        self.classes_ = est.classes_
        if self.term_tagger is not None and tagger_fit:
            self.term_tagger_ = clone(self.term_tagger).fit(**tagger_fit)
        return self

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Probabilities, shape (n, 2); column 1 is P(biased)."""
        check_is_fitted(self, "estimator_")
        texts = as_text_list(X)
        if not texts:
            return np.zeros((0, len(self.classes_)))
        return sentence_proba(self.estimator_, texts)

    @property
    def tagger(self) -> Any:
        return getattr(self, "term_tagger_", None)

    def estimator_model(self) -> FramingModel:
        return self

    def inference_arrays(self) -> tuple[dict, dict[str, np.ndarray]] | None:
        """The fitted model as plain arrays (:class:`framing.model.ArrayModel`): the
        sentence pipeline's (:func:`framing.features.export_sentence_arrays`) and the term
        tagger's (:meth:`framing.tagger.TermTagger.inference_state`); None when a part
        has no plain-array form."""
        check_is_fitted(self, "estimator_")
        exported = export_sentence_arrays(self.estimator_)
        if exported is None:
            return None
        spec, arrays = exported
        spec["tagger"] = None
        tagger = self.tagger
        if tagger is not None:
            if not hasattr(tagger, "inference_state"):
                return None
            values, tagger_arrays = tagger.inference_state()
            spec["tagger"] = values
            arrays.update({f"tagger.{k}": v for k, v in tagger_arrays.items()})
        return spec, arrays

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("components_", None)  # loaded from their own files, never pickled inside
        return state


# Pickles name the class framing.model.FramingModel, as they always have.
FramingModel.__module__ = "framing.model"
