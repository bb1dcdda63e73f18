"""Attribution: who is cited, with which cue, saying what, and what stands unattributed.

The extractor lives in :mod:`framing.attribution.rules` (named, ordered rules over the
tokens of :mod:`framing.text`); this package gives it its place in the layout and
exports its public names.
"""

from .rules import (
    FORMS,
    RULES,
    SOURCE_TYPES,
    STANCES,
    Attribution,
    AttributionResult,
    classify_source,
    extract_attributions,
)

__all__ = [
    "Attribution",
    "AttributionResult",
    "extract_attributions",
    "classify_source",
    "SOURCE_TYPES",
    "STANCES",
    "FORMS",
    "RULES",
]
