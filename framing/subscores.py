"""The framing score's sub-scores and their weights (a leaf module: the scorer, the comparison
and the HTML views all read them from here; :mod:`framing.scoring` re-exports them)."""

from __future__ import annotations

__all__ = ["SUBSCORE_WEIGHTS", "SUBSCORES", "QUOTED_WEIGHT", "STANCE_WEIGHTS"]

#: Weights of the sub-scores in the framing score (they sum to 1).
SUBSCORE_WEIGHTS: dict[str, float] = {
    "loaded_language": 0.35,
    "biased_sentences": 0.35,
    "attribution": 0.15,
    "unattributed_claims": 0.15,
}
#: The framing score and its sub-scores: the per-article columns that outlet comparisons
#: summarise with bootstrap intervals.
SUBSCORES: tuple[str, ...] = ("framing_score", *SUBSCORE_WEIGHTS)

#: Weight of a loaded term or sentence in the source's voice (inside a quote
#: or attributed content) relative to one in the outlet's own voice.
QUOTED_WEIGHT = 0.5
#: How far each cue stance departs from neutral reporting.
STANCE_WEIGHTS: dict[str, float] = {
    "neutral": 0.0,
    "assertive": 0.5,
    "concession": 0.5,
    "doubt": 1.0,
    "loaded": 1.0,
}
