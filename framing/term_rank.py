"""One ranking of loaded terms: the tagger's probabilities and the lexicon's flags combined.

:func:`framing.scoring.analyze` has two finders of loaded terms: the curated
lexicon (:class:`framing.lexicon.Lexicon`, with its context rules) and the
word-level tagger (:class:`framing.tagger.TermTagger`). :class:`TermRanking`
puts both on one scale: every candidate (a lexicon match, or a tagger word
that no lexicon match covers) gets the probability that a careful annotator
marks it as biased,

    P = sigmoid(intercept + w_p * logit(p) + w_lex * lexicon + w_c * [category = c]
                + w_prior * prior),

where ``p`` is the tagger's probability for the word (for a lexicon match of
several words: the largest over its words), ``lexicon`` says the candidate is
a lexicon or rule match, ``category`` is its category and ``prior`` the
entry's own confidence. The weights are a logistic regression fitted on BABE's
word annotations with tagger probabilities that are out-of-fold by outlet, and
the report threshold maximises F1 on the same rows (``python bench/term_eval.py
--write-ranking FILE`` fits them on all outlet folds; held-out figures:
``python bench/term_eval.py``). No ranking ships yet: :func:`framing.analyze` does
not use it.

Within a sentence, the candidate with the highest P is the one that most
likely carries the bias. A tagger word inside a longer proper name
(:mod:`framing.names`) is no candidate.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike

import numpy as np

from .names import Names
from .resources import read_tsv
from .tagger import best_f1_threshold
from .text import Document

__all__ = [
    "TermRanking",
    "Candidate",
    "candidates",
    "candidate_features",
    "fit_term_ranking",
    "rank_document",
]

_P_FLOOR = 1e-3


def candidate_features(p: float, category: str | None, prior: float | None) -> dict[str, float]:
    """The named features of one candidate (see the module docstring)."""
    q = min(max(p, _P_FLOOR), 1 - _P_FLOOR)
    feats = {"logit_p": math.log(q / (1 - q))}
    if category is not None:
        feats["lexicon"] = 1.0
        feats[f"cat:{category}"] = 1.0
        feats["prior"] = float(prior or 0.0)
    return feats


@dataclass(frozen=True)
class TermRanking:
    """Weights of the combined score and the threshold from which terms are reported."""

    weights: dict[str, float]
    threshold: float

    def score(self, p: float, category: str | None = None, prior: float | None = None) -> float:
        """P(an annotator marks the candidate) for tagger probability ``p`` and, for a
        lexicon or rule match, its ``category`` and ``prior`` confidence."""
        w = self.weights
        z = w.get("intercept", 0.0) + sum(
            w.get(name, 0.0) * v for name, v in candidate_features(p, category, prior).items()
        )
        return 1.0 / (1.0 + math.exp(-z))

    @classmethod
    def read(cls, path: str | PathLike[str]) -> TermRanking:
        weights: dict[str, float] = {}
        threshold = 0.5
        for _, row in read_tsv(path, ("feature", "weight"), ("feature", "weight"), where=str(path)):
            if row["feature"] == "threshold":
                threshold = float(row["weight"])
            else:
                weights[row["feature"]] = float(row["weight"])
        return cls(weights, threshold)

    def write(self, path: str | PathLike[str], header: str = "") -> None:
        lines = [f"# {line}" for line in header.splitlines()]
        lines.append("feature\tweight")
        lines.append(f"threshold\t{self.threshold:.6f}")
        lines.extend(f"{k}\t{v:.6f}" for k, v in sorted(self.weights.items()))
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


def fit_term_ranking(
    rows: Sequence[dict[str, float]], y: Sequence[int], C: float = 1.0
) -> TermRanking:
    """Fit the weights on candidate feature rows and their labels; the threshold
    maximises F1 over the same rows (a dozen weights: no tuning to speak of)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sparse=False)
    X = vec.fit_transform(rows)
    y = np.asarray(y, dtype=int)
    clf = LogisticRegression(C=C, solver="liblinear", random_state=0).fit(X, y)
    weights = dict(zip(vec.feature_names_, clf.coef_.ravel().tolist(), strict=True))
    weights["intercept"] = float(clf.intercept_[0])
    return TermRanking(weights, float(best_f1_threshold(y, clf.predict_proba(X)[:, 1])))


@dataclass
class Candidate:
    """A lexicon match or a tagger find with the tagger's probability ``p``
    and the combined ``score``."""

    start: int
    end: int
    p: float
    match: object | None = None  # a LexiconMatch
    find: object | None = None  # a TermFind
    score: float = 0.0
    features: dict[str, float] = field(default_factory=dict)


def candidates(
    matches: Sequence, finds: Sequence, token_p: dict[int, float], ranking: TermRanking
) -> list[Candidate]:
    """Score lexicon matches and the tagger finds that no match covers.

    Parameters
    ----------
    matches : sequence of LexiconMatch
    finds : sequence of TermFind
        The tagger's finds (words at or above its threshold), not inside names.
    token_p : dict
        Start offset of a word token -> the tagger's probability, at least for
        the words inside the matches (missing words count as 0).
    ranking : TermRanking
    """
    out = []
    spans = sorted((m.start, m.end) for m in matches)
    starts = sorted(token_p)
    for m in matches:
        lo, hi = bisect_left(starts, m.start), bisect_left(starts, m.end)
        p = max((token_p[s] for s in starts[lo:hi]), default=0.0)
        feats = candidate_features(p, m.category, m.confidence)
        out.append(Candidate(m.start, m.end, p, match=m, features=feats))
    for f in finds:
        if any(s < f.end and f.start < e for s, e in spans):
            continue
        feats = candidate_features(f.confidence, None, None)
        out.append(Candidate(f.start, f.end, f.confidence, find=f, features=feats))
    for c in out:
        cat = c.match.category if c.match is not None else None
        prior = c.match.confidence if c.match is not None else None
        c.score = ranking.score(c.p, cat, prior)
    out.sort(key=lambda c: (c.start, c.end))
    return out


def rank_document(
    doc: Document,
    matches: Sequence,
    tagger,
    sentence_probabilities: Sequence[float] | None,
    ranking: TermRanking,
) -> list[Candidate]:
    """Every candidate of a document with its combined score (see :func:`candidates`).

    The tagger's finds inside a longer proper name are dropped; the tagger's
    probabilities of the words of lexicon matches come from scoring only the
    sentences that have a match.
    """
    names = Names(doc)
    finds = [
        f
        for f in tagger.find_terms(doc, sentence_probabilities=sentence_probabilities)
        if not (doc.text[f.start : f.start + 1].isupper() and names.inside(f.start, f.end))
    ]
    token_p: dict[int, float] = {f.start: f.confidence for f in finds}
    with_match = sorted({k for m in matches if (k := doc.sentence_at(m.start)) is not None})
    if with_match:
        sub = Document(doc.text, tuple(doc.sentences[k] for k in with_match))
        probs = (
            None
            if sentence_probabilities is None
            else [float(sentence_probabilities[k]) for k in with_match]
        )
        for tok, p in tagger.predict_token_proba(sub, sentence_probabilities=probs):
            if p > 0.0:
                token_p[tok.start] = p
    return candidates(matches, finds, token_p, ranking)
