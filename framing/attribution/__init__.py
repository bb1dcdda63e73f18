"""Attribution: who is cited, with which cue, saying what, and what stands unattributed.

One file per job:

* :mod:`~framing.attribution.rules`: the named, ordered rules and the extraction pass
  (:func:`extract_attributions`), combined with the learned extractor when a model has one;
* :mod:`~framing.attribution.verb_rules`: the rules and vetoes of a verb cue, named and
  tried in the order of a list (:data:`~framing.attribution.verb_rules.VERB_RULES`);
* :mod:`~framing.attribution.cues`: the cue table and the tests that tell a reporting cue;
* :mod:`~framing.attribution.sources`: noun phrases and sources around a cue;
* :mod:`~framing.attribution.content`: the content of a cue, its end and its form;
* :mod:`~framing.attribution.source_types`: the type of a source, from its words
  (:func:`classify_source`) or in its article (:func:`type_source`: resolved, titles, appositions);
* :mod:`~framing.attribution.words`: the word classes the rules read;
* :mod:`~framing.attribution.result`: :class:`Attribution`, :class:`AttributionResult`;
* :mod:`~framing.attribution.learned` (numpy CRF taggers), with its
  :mod:`~framing.attribution.features`, :mod:`~framing.attribution.training` (needs
  python-crfsuite), :mod:`~framing.attribution.polnear` and
  :mod:`~framing.attribution.evaluation` (PolNeAR reading and scoring).
"""

from .result import FORMS, STANCES, Attribution, AttributionResult
from .rules import RULES, extract_attributions
from .source_types import SOURCE_TYPES, classify_source, type_source

__all__ = [
    "Attribution",
    "AttributionResult",
    "extract_attributions",
    "classify_source",
    "type_source",
    "SOURCE_TYPES",
    "STANCES",
    "FORMS",
    "RULES",
]
