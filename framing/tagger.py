"""Word-level loaded-term tagger trained on BABE's annotated biased words.

The curated lexicon (:mod:`framing.lexicon`) finds the words somebody listed;
:class:`TermTagger` gives *every* word of a text a probability of being loaded
in its context, so it also finds loaded words no list contains. It is a
logistic regression over sparse, named features a linguist would reach for,
and every flag carries the features that pushed it up (its evidence).

Training labels
---------------
BABE (Spinde et al. 2021) annotates, for each sentence, a list of
``biased_words``. Token labels are aligned to the tokens of
:func:`framing.text.tokenize` with this rule (:func:`align_biased_words`):

1. each annotation is split at whitespace (multi-word entries such as
   ``"gender identity"`` give one target per word) and stripped of
   surrounding punctuation and quote marks; lower-cased, ``’`` -> ``'``;
2. a word token is positive if its normalised form, or that form without a
   trailing possessive ``'s``, equals one of the sentence's targets; every
   occurrence of the word in the sentence is positive;
3. a target that matches no token of its sentence is *unaligned* and is
   reported by :func:`align_biased_words`: 36 of 3,902 annotated words on
   BABE SG2 (typos such as *fasicsm*, fragments of hyphenated tokens, and
   inflections that differ from the text). Alignment gives 4,074 gold word
   tokens (a word marked once is gold at each of its occurrences).

Candidates
----------
Only content words are scored: function words (:data:`FUNCTION_WORDS`),
punctuation and tokens containing a digit get probability 0 and are never
flagged. The plain reporting vocabulary (:func:`plain_reporting_words`:
*said, killed, attack, bombs, hostages, troops*...) is kept in training, where
it teaches the model (and the neighbour feature) what plain reporting looks
like, but gets probability 0 at prediction: the tagger never flags it.
BABE annotates some function words (``the``, ``of``, ``out``...,
mostly parts of phrases): 333 of the 4,074 gold tokens (8%) are function
words or numbers, so recall on BABE is capped at 0.92; they count as misses
in the evaluation.

Features (per candidate token)
------------------------------
``word=``, ``stem=`` (Porter stem, no NLTK data needed), ``suf2=``/``suf3=``/
``suf4=`` and ``pre3=`` affixes; lexicon memberships of the word
(``lex:<list>``) or, failing that, of its stem (``lexstem:<list>``) for the
Recasens bias lexicon, hedges, factives, assertives, implicatives, report
verbs, Hu & Liu positive / negative words and, optionally, the BABE bias-word
dictionary; MPQA strength and polarity (``mpqa=strongsubj/negative``); VADER
valence (``vader``, ``vader_abs``); capitalisation (``cap``, ``allcaps``,
``sent_initial``), ``hyphen``, word length; relative position in the
sentence; the neighbouring words (``prev=``, ``next=``, ``prev2=``) and
the word paired with each (``prev+w=``, ``w+next=``: *illegal immigrants*
vs *illegal drugs*; pairs seen once in training are dropped) and
whether the word sits inside quotation marks (``quoted``, ``scare_quoted``
for one or two quoted words); ``negated`` / ``hedged`` when a negation
(*not, never, no, without*...) or a Hyland hedge (*may, perhaps, seems*...)
stands among the three words before it; the sentence model's P(biased)
(``sentence_p`` and its product with subjectivity, ``sentence_p*subj``); and
the word's static vector (:func:`framing.resources.load_word_vectors`,
unit-normalised, 128 dense columns; ``no_vector`` when the word has none).
The vector lets the tagger generalise to loaded words that never occur in
BABE but sit near ones that do (it raised GroupKFold-by-outlet F1 from 0.44
to 0.48); in the evidence its summed contribution shows as one item,
``word vector``. Two more word-level signals come from outside BABE's labels
or generalise across words:

- *neighbours* (:func:`neighbour_log_odds`): how often the word's ten
  nearest training words in the vector space were annotated, the word
  itself left out (evidence: ``similar to annotated words: a, b, c``, the
  nearest training words annotators often marked);
- *usage* (:func:`usage_features`): log-odds z-scores of how much more the
  word is used by partisan (left or right) than by center outlets, by one
  side than the other, and in subjective than in objective sentences,
  counted in 6,000 news articles and the Pang & Lee subjectivity corpus
  (:func:`framing.resources.load_word_usage`).

Together with the word pairs and ``C=0.5`` they raised GroupKFold-by-outlet
F1 from 0.48 (see ``bench/term_eval.py`` and the README for the figure).

At training time the sentence probabilities must be out-of-fold (see
:func:`oof_sentence_probabilities`); in-sample ones would make the feature
look far more reliable than it is on new text.
"""

from __future__ import annotations

import bisect
import importlib
import inspect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .lexicon import Lexicon
from .resources import (
    WORDLISTS,
    load_model_term_alternatives,
    load_mpqa,
    load_vader,
    load_word_usage,
    load_word_vectors,
    load_wordlist,
    plain_reporting_words,
)
from .sentence_features import WORD_CACHE_SIZE, stem, vector_row
from .text import Document, Token, quote_spans, tokenize
from .wordclasses import word_class

if TYPE_CHECKING:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

__all__ = [
    "FUNCTION_WORDS",
    "TermFind",
    "TermTagger",
    "align_biased_words",
    "neighbour_log_odds",
    "plain_reporting_words",
    "usage_features",
    "load_model_term_alternatives",
]

#: Names that moved to :mod:`framing.training` (the tagger's training recipes and BABE's
#: words); they resolve from here for one release. A plain re-export would be an import
#: cycle: the training side imports this module.
_MOVED_TO_TRAINING = ("load_babe_words", "oof_sentence_probabilities", "fit_default_tagger")


def __getattr__(name: str) -> Any:
    if name in _MOVED_TO_TRAINING:
        return getattr(importlib.import_module("framing.training"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Closed-class words that are never candidates: determiners, pronouns,
#: prepositions and particles, conjunctions, auxiliaries and modals.
FUNCTION_WORDS = word_class("function_words")

#: Word lists used as features (names from :data:`framing.resources.WORDLISTS`).
FEATURE_WORDLISTS = tuple(name for name in WORDLISTS if name != "babe_bias_words")

# Category rules (see TermTagger.find_terms). Closed sets of grammar words.
_NEUTRAL_REPORT_STEMS = frozenset(
    "say tell report state add note ask announc explain write respond repli confirm "
    "describ mention comment speak testifi told said".split()
)
_DOUBT_STEMS = frozenset("claim alleg insist purport contend".split())
_DEGREE_ADVERBS = frozenset(
    "extremely utterly totally completely absolutely incredibly remarkably truly deeply "
    "highly hugely massively wildly enormously exceedingly really entirely thoroughly "
    "fiercely bitterly sharply radically".split()
)
_LABEL_SUFFIXES = ("ist", "ists", "ism", "isms", "ite", "ites")
_LABEL_PREFIXES = ("far-", "hard-", "ultra-", "alt-", "left-wing", "right-wing", "anti-", "pro-")
_NOT_LABELS = frozenset(
    "list exist assist insist resist persist consist artist artists scientist scientists "
    "tourist tourists journalist journalists dentist specialist specialists mechanism "
    "organism tourism journalism site sites white whites quite write invite despite "
    "elite elites favorite favorites opposite definite satellite appetite".split()
)

#: Emotive when VADER valence is at or below this.
EMOTIVE_VALENCE = -2.0
# Features left out of the evidence shown to users (they carry little meaning alone).
_QUIET_FEATURES = ("length", "pos=", "prev2=", "pre3=", "sent_initial", "usage:log_freq")
_DIGIT_RE = re.compile(r"\d")
#: Negation words and hedges this many words before a word set ``negated`` / ``hedged``.
_CONTEXT_WINDOW = 3
_NEGATIONS = word_class("negations_before_word")
_QUOTE_CHARS = "".join(sorted(word_class("quote_marks")))
#: Strength ``alpha_0`` of the Dirichlet prior of the usage log-odds (Monroe et al. 2008).
USAGE_PRIOR = 500.0
_USAGE_LABELS = {
    "partisan": "partisan outlets' word",
    "one_sided": "one side's word",
    "subjective": "opinion word",
}
#: Prefixes of the word-pair features; pairs seen once in training are dropped.
_PAIR_PREFIXES = ("w+next=", "prev+w=")


@dataclass(frozen=True)
class TermFind:
    """A loaded word found by the tagger; ``doc.text[start:end]`` is the word.

    Attributes
    ----------
    start, end : int
        Character offsets into the document text.
    term : str
        The word, lower-cased, curly apostrophes straightened and a trailing
        possessive ``'s`` removed.
    category : str
        Implied by the word's features (see :meth:`TermTagger.find_terms`),
        ``"model"`` when none applies.
    confidence : float
        The tagger's probability (0..1) that the word is loaded here.
    neutral_alternatives : tuple of str
        From ``framing/data/model_term_alternatives.tsv``, else empty.
    evidence : tuple of str
        The features that contributed most to the score, strongest first.
    """

    start: int
    end: int
    term: str
    category: str
    confidence: float
    neutral_alternatives: tuple[str, ...]
    evidence: tuple[str, ...]


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith("'s") and len(word) > 3 else word


def _is_candidate(word: str, raw: str) -> bool:
    """Whether a normalised word token is scored at all."""
    if word in FUNCTION_WORDS or _strip_possessive(word) in FUNCTION_WORDS:
        return False
    return raw.isalpha() or _DIGIT_RE.search(raw) is None


_stem = stem  # the shared, cached Porter stemmer of framing.features


@cache
def _wordlists(include_babe: bool) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """(name, single-word entries, their stems) for each feature word list."""
    names = FEATURE_WORDLISTS + (("babe_bias_words",) if include_babe else ())
    out = []
    for name in names:
        words = frozenset(e for e in load_wordlist(name) if " " not in e)
        out.append((name, words, frozenset(_stem(w) for w in words)))
    return tuple(out)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _type_features(word: str, include_babe: bool) -> tuple[tuple[str, float], ...]:
    """Features that depend only on the (normalised) word."""
    base = _strip_possessive(word)
    stem = _stem(base)
    feats: dict[str, float] = {
        f"word={base}": 1.0,
        f"stem={stem}": 1.0,
        f"suf2={base[-2:]}": 1.0,
        f"suf3={base[-3:]}": 1.0,
        f"suf4={base[-4:]}": 1.0,
        f"pre3={base[:3]}": 1.0,
        "length": min(len(base), 20) / 10.0,
    }
    if "-" in base:
        feats["hyphen"] = 1.0
    subjective = False
    for name, words, stems in _wordlists(include_babe):
        if base in words:
            feats[f"lex:{name}"] = 1.0
            subjective = subjective or name in ("bias_lexicon", "negative_words", "babe_bias_words")
        elif stem in stems:
            feats[f"lexstem:{name}"] = 1.0
    mpqa = load_mpqa()
    clue = mpqa.get(base) or mpqa.get(stem)
    if clue is not None:
        feats[f"mpqa={clue[0]}"] = 1.0
        feats[f"mpqa={clue[0]}/{clue[1]}"] = 1.0
        subjective = subjective or clue[0] == "strongsubj"
    valence = load_vader().get(base)
    if valence is not None:
        feats["vader"] = valence / 4.0
        feats["vader_abs"] = abs(valence) / 4.0
    if subjective:
        feats["subj"] = 1.0
    feats.update(usage_features(base))
    return tuple(feats.items())


def _log_odds_z(a: int, b: int, total_a: int, total_b: int) -> float:
    """z-score of the log-odds ratio of a word's use in corpus A vs B with an
    informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, eq. 22),
    prior ``alpha_w = USAGE_PRIOR * (a + b) / (total_a + total_b)``; 0.0 for an unseen word."""
    if a + b == 0:
        return 0.0
    alpha = USAGE_PRIOR * (a + b) / (total_a + total_b)
    delta = math.log((a + alpha) / (total_a + USAGE_PRIOR - a - alpha)) - math.log(
        (b + alpha) / (total_b + USAGE_PRIOR - b - alpha)
    )
    return delta / math.sqrt(1.0 / (a + alpha) + 1.0 / (b + alpha))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def usage_features(word: str) -> tuple[tuple[str, float], ...]:
    """How a word is used in corpora disjoint from BABE (:func:`framing.resources.load_word_usage`).

    Four z-scores of log-odds ratios (:func:`_log_odds_z`), clipped to
    [-6, 6] and divided by 3, and a log frequency:

    - ``usage:partisan``: left + right outlets vs center outlets;
    - ``usage:left_vs_right`` (signed) and ``usage:one_sided`` (its absolute value);
    - ``usage:subjective``: subjective vs objective sentences (Pang & Lee 2004);
    - ``usage:log_freq``: log relative frequency in the news articles, / 10.

    Parameters
    ----------
    word : str
        Lower-case, possessive removed.

    Returns
    -------
    tuple of (name, value)
    """
    usage = load_word_usage()
    left, center, right, subj, obj = usage.get(word)
    t_left, t_center, t_right, t_subj, t_obj = usage.totals

    def clip(z: float) -> float:
        return max(-6.0, min(6.0, z)) / 3.0

    lr = _log_odds_z(left, right, t_left, t_right)
    return (
        ("usage:partisan", clip(_log_odds_z(left + right, center, t_left + t_right, t_center))),
        ("usage:left_vs_right", clip(lr)),
        ("usage:one_sided", abs(clip(lr))),
        ("usage:subjective", clip(_log_odds_z(subj, obj, t_subj, t_obj))),
        (
            "usage:log_freq",
            math.log((left + center + right + 1) / (t_left + t_center + t_right)) / 10.0,
        ),
    )


@cache
def _hedge_words() -> frozenset[str]:
    """Single-word hedges (Hyland 2005 list)."""
    return frozenset(w for w in load_wordlist("hedges") if " " not in w)


def _quoted_mask(
    text: str, tokens: Sequence[Token], start: int, end: int
) -> tuple[list[bool], list[bool]]:
    """Per token: inside quotation marks; inside a quote of one or two words."""
    spans = quote_spans(text, start, end) if any(q in text[start:end] for q in _QUOTE_CHARS) else []
    quoted = [False] * len(tokens)
    scare = [False] * len(tokens)
    starts = [t.start for t in tokens] if spans else []
    for s, e in spans:  # the tokens from the first starting at s on (linear in the quote)
        idx = []
        for i in range(bisect.bisect_left(starts, s), len(tokens)):
            if tokens[i].start >= e:
                break
            if tokens[i].end <= e:
                idx.append(i)
        words = [i for i in idx if tokens[i].is_word]
        for i in idx:
            quoted[i] = True
            scare[i] = 0 < len(words) <= 2
    return quoted, scare


def _sentence_rows(
    text: str,
    tokens: Sequence[Token],
    start: int,
    end: int,
    sentence_p: float | None,
) -> tuple[list[int], list[str], list[list[tuple[str, float]]]]:
    """Candidate tokens of one sentence: their indices, normalised words and
    context features (the word's own features come from :func:`_type_features`)."""
    words = [i for i, t in enumerate(tokens) if t.is_word]
    if not words:
        return [], [], []
    quoted, scare = _quoted_mask(text, tokens, start, end)
    norms = [_norm(tokens[i].text) for i in words]
    n = len(words)
    hedges = _hedge_words()
    idx, cand, contexts = [], [], []
    for k, i in enumerate(words):
        raw = tokens[i].text
        w = norms[k]
        if not _is_candidate(w, raw):
            continue
        prev = norms[k - 1] if k > 0 else "<s>"
        nxt = norms[k + 1] if k + 1 < n else "</s>"
        base = _strip_possessive(w)
        ctx = [
            (f"pos={min(int(5 * k / n), 4)}", 1.0),
            (f"prev={prev}", 1.0),
            (f"next={nxt}", 1.0),
            (f"prev+w={prev} {base}", 1.0),
            (f"w+next={base} {nxt}", 1.0),
        ]
        if k == 0:
            ctx.append(("sent_initial", 1.0))
        elif raw[:1].isupper():
            ctx.append(("cap", 1.0))
        if len(raw) > 1 and raw.isupper():
            ctx.append(("allcaps", 1.0))
        if k > 1:
            ctx.append((f"prev2={norms[k - 2]}", 1.0))
        window = norms[max(0, k - _CONTEXT_WINDOW) : k]
        if any(x in _NEGATIONS for x in window):
            ctx.append(("negated", 1.0))
        if any(x in hedges for x in window):
            ctx.append(("hedged", 1.0))
        if quoted[i]:
            ctx.append(("quoted", 1.0))
        if scare[i]:
            ctx.append(("scare_quoted", 1.0))
        if sentence_p is not None:
            ctx.append(("sentence_p", sentence_p))
        idx.append(i)
        cand.append(w)
        contexts.append(ctx)
    return idx, cand, contexts


#: Words whose named-feature score a fitted tagger keeps before it empties the cache
#: (memory stays flat however long the corpus).
_OWN_CACHE_SIZE = WORD_CACHE_SIZE


class _ScoreTables:
    """The weights of the context features of :func:`_sentence_rows`, by feature kind, so
    that scoring a token is a few dictionary look-ups and no feature name is built."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        self.own: dict[str, tuple[float, bool]] = {}  # word -> named-feature sum, subj
        get = weights.get
        self.pos = [get(f"pos={i}", 0.0) for i in range(5)]
        by_prefix: dict[str, dict] = {"prev=": {}, "next=": {}, "prev2=": {}}
        self.pairs: dict[str, dict[tuple[str, str], float]] = {"prev+w=": {}, "w+next=": {}}
        for name, w in weights.items():
            head, eq, rest = name.partition("=")
            if not eq:
                continue
            if head + eq in by_prefix:
                by_prefix[head + eq][rest] = w
            elif head + eq in self.pairs and " " in rest:
                a, b = rest.split(" ", 1)
                self.pairs[head + eq][a, b] = w
        self.prev, self.next, self.prev2 = (by_prefix[k] for k in ("prev=", "next=", "prev2="))
        self.flags = {
            name: get(name, 0.0)
            for name in ("sent_initial", "cap", "allcaps", "negated", "hedged", "quoted")
        }
        self.scare_quoted = get("scare_quoted", 0.0)
        self.sentence_p = get("sentence_p", 0.0)
        self.subj_p = get("sentence_p*subj", 0.0)


def _sentence_terms(
    text: str, tokens: Sequence[Token], start: int, end: int, tables: _ScoreTables
) -> tuple[list[int], list[str], list[list[float]]]:
    """What :func:`_sentence_rows` gives, with each context feature replaced by its
    weight x value (in the same order, zero weights left out) and ``sentence_p`` left to
    the caller: the fast path of :meth:`TermTagger._score_document`."""
    words = [i for i, t in enumerate(tokens) if t.is_word]
    if not words:
        return [], [], []
    quoted, scare = _quoted_mask(text, tokens, start, end)
    norms = [_norm(tokens[i].text) for i in words]
    n = len(words)
    hedges = _hedge_words()
    pos, prev_w, next_w, prev2_w = tables.pos, tables.prev, tables.next, tables.prev2
    pair_prev, pair_next = tables.pairs["prev+w="], tables.pairs["w+next="]
    flags = tables.flags
    idx, cand, out = [], [], []
    for k, i in enumerate(words):
        raw = tokens[i].text
        w = norms[k]
        if not _is_candidate(w, raw):
            continue
        prev = norms[k - 1] if k > 0 else "<s>"
        nxt = norms[k + 1] if k + 1 < n else "</s>"
        base = _strip_possessive(w)
        ts = [pos[min(int(5 * k / n), 4)]]
        for t in (
            prev_w.get(prev),
            next_w.get(nxt),
            pair_prev.get((prev, base)),
            pair_next.get((base, nxt)),
        ):
            if t is not None:
                ts.append(t)
        if k == 0:
            ts.append(flags["sent_initial"])
        elif raw[:1].isupper():
            ts.append(flags["cap"])
        if len(raw) > 1 and raw.isupper():
            ts.append(flags["allcaps"])
        if k > 1:
            t = prev2_w.get(norms[k - 2])
            if t is not None:
                ts.append(t)
        window = norms[max(0, k - _CONTEXT_WINDOW) : k]
        if any(x in _NEGATIONS for x in window):
            ts.append(flags["negated"])
        if any(x in hedges for x in window):
            ts.append(flags["hedged"])
        if quoted[i]:
            ts.append(flags["quoted"])
        if scare[i]:
            ts.append(tables.scare_quoted)
        idx.append(i)
        cand.append(w)
        out.append(ts)
    return idx, cand, out


class _Contexts:
    """The context features of each scored row of a document (:func:`_sentence_rows`),
    built only for the rows asked for (the evidence of reported finds)."""

    def __init__(self, doc: Document, where: list[tuple[int, int]], ps: list[float | None]) -> None:
        self._doc, self._where, self._ps = doc, where, ps
        self._sentences: dict[int, list[list[tuple[str, float]]]] = {}

    def __len__(self) -> int:
        return len(self._where)

    def __getitem__(self, r: int) -> list[tuple[str, float]]:
        k, j = self._where[r]
        rows = self._sentences.get(k)
        if rows is None:
            sent = self._doc.sentences[k]
            p = self._ps[r]
            rows = self._sentences[k] = _sentence_rows(
                self._doc.text, sent.tokens, sent.start, sent.end, p
            )[2]
        return rows[j]


def _has_lexical_support(word: str, include_babe: bool) -> bool:
    return any(
        name.startswith(("lex:", "lexstem:", "mpqa=", "vader"))
        for name, _ in _type_features(word, include_babe)
    )


def _features(
    word: str, context: list[tuple[str, float]], include_babe: bool
) -> list[tuple[str, float]]:
    """All features of one candidate token."""
    own = _type_features(word, include_babe)
    feats = list(own) + context
    if any(name == "subj" for name, _ in own):
        feats.extend(("sentence_p*subj", v) for name, v in context if name == "sentence_p")
    return feats


@cache
def _unit_vectors() -> np.ndarray:
    """The shipped word vectors scaled to unit length (read-only)."""
    vectors = load_word_vectors()[1]
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)
    unit.setflags(write=False)
    return unit


def _vector_rows(words: Sequence[str]) -> np.ndarray:
    """Rows of words (possessive stripped) in the word-vector table; -1 when unknown."""
    return np.fromiter(
        (vector_row(_strip_possessive(w)) for w in words), dtype=np.int64, count=len(words)
    )


def _word_vectors(words: Sequence[str]) -> np.ndarray:
    """Unit vectors of words (possessive stripped); zero rows for unknown words."""
    unit = _unit_vectors()
    rows = _vector_rows(words)
    out = np.zeros((len(words), unit.shape[1]), dtype=np.float64)
    known = rows >= 0
    out[known] = unit[rows[known]]
    return out


def _type_rates(
    rows: np.ndarray, y: np.ndarray, smoothing: float = 2.0
) -> tuple[np.ndarray, np.ndarray, float]:
    """Training words (vector-table rows), their smoothed loaded rates
    ``(loaded + smoothing * prior) / (occurrences + smoothing)``, and the prior."""
    known = rows >= 0
    prior = float(np.clip(np.mean(y), 1e-6, 1 - 1e-6))
    types, inverse = np.unique(rows[known], return_inverse=True)
    n = np.bincount(inverse)
    loaded = np.bincount(inverse, weights=np.asarray(y)[known])
    return types, (loaded + smoothing * prior) / (n + smoothing), prior


@cache
def _table_words() -> tuple[str, ...]:
    """The words of the vector table, by row."""
    index = load_word_vectors()[0]
    words = [""] * len(index)
    for word, row in index.items():
        words[row] = word
    return tuple(words)


def neighbour_log_odds(
    rows: np.ndarray,
    y: np.ndarray,
    k: int = 10,
    smoothing: float = 2.0,
    chunk: int = 2048,
    only: np.ndarray | None = None,
) -> np.ndarray:
    """How often the nearest training words of each word were loaded.

    For every word of the vector table (:func:`framing.resources.load_word_vectors`):
    the ``k`` most cosine-similar *other* words among the training words, the
    similarity-weighted mean of their smoothed loaded rates
    ``(loaded + smoothing * prior) / (occurrences + smoothing)``, as a log-odds
    relative to the prior rate. The word itself is always left out, so the
    value means the same for a word seen in training and for a new one: it is
    what the word's neighbourhood, not its own labels, says.

    Parameters
    ----------
    rows : ndarray of int
        Vector-table row of each training token (-1: no vector; ignored).
    y : ndarray of {0, 1}
        Label of each training token.
    k, smoothing : int, float
        Neighbours used; pseudo-count of the prior in each word's rate.
    chunk : int
        Words compared per matrix product (memory: chunk x training words).
    only : ndarray of int, optional
        Compute just these table rows (the others stay 0.0).

    Returns
    -------
    ndarray of shape (n_table_words,), float32
    """
    unit = _unit_vectors().astype(np.float32)
    types, rate, prior = _type_rates(rows, y, smoothing)
    out = np.zeros(unit.shape[0], dtype=np.float32)
    if len(types) <= k:
        return out
    train = unit[types]
    wanted = np.arange(unit.shape[0]) if only is None else np.unique(only[only >= 0])
    for lo in range(0, len(wanted), chunk):
        query = wanted[lo : lo + chunk]
        sim = unit[query] @ train.T
        own = np.searchsorted(types, query)
        is_own = (own < len(types)) & (types[np.minimum(own, len(types) - 1)] == query)
        sim[np.flatnonzero(is_own), own[is_own]] = -np.inf
        top = np.argpartition(-sim, k, axis=1)[:, :k]
        w = np.clip(np.take_along_axis(sim, top, axis=1), 0.0, None)
        total = w.sum(axis=1)
        mean = np.where(total > 0, (w * rate[top]).sum(axis=1) / np.maximum(total, 1e-9), prior)
        mean = np.clip(mean, 1e-6, 1 - 1e-6)
        out[query] = np.log(mean / (1 - mean)) - math.log(prior / (1 - prior))
    return out


def _int32_csr(X: Any) -> Any:
    """CSR with 32-bit indices (liblinear refuses 64-bit ones)."""
    X = X.tocsr()
    X.indices = X.indices.astype(np.int32, copy=False)
    X.indptr = X.indptr.astype(np.int32, copy=False)
    return X


def _append_column(X: Any, column: np.ndarray) -> Any:
    import scipy.sparse as sp

    return _int32_csr(sp.hstack([X, sp.csr_matrix(column[:, None])]))


def _drop_rare_pairs(vec: DictVectorizer, X: Any, min_count: int = 2) -> Any:
    """Drop word-pair features (``prev+w=``, ``w+next=``) seen fewer than
    ``min_count`` times: one-off pairs carry no evidence and would be most of
    the model's vocabulary. Restricts ``vec`` in place; returns the columns kept."""
    counts = np.asarray((X != 0).sum(axis=0)).ravel()
    keep = np.array(
        [
            c >= min_count or not name.startswith(_PAIR_PREFIXES)
            for name, c in zip(vec.feature_names_, counts, strict=True)
        ]
    )
    vec.restrict(keep)
    return X[:, np.flatnonzero(keep)]


def _normalise_targets(words: Sequence[str]) -> set[str]:
    targets = set()
    for entry in words:
        for part in str(entry).split():
            part = _norm(part).strip(_QUOTE_CHARS + ".,;:!?()[]{}")
            if part:
                targets.add(part)
    return targets


def align_biased_words(
    tokens: Sequence[Token], biased_words: Sequence[str]
) -> tuple[list[bool], list[str]]:
    """Token labels for one annotated sentence (rule in the module docstring).

    Parameters
    ----------
    tokens : sequence of Token
        The sentence's tokens (words and punctuation).
    biased_words : sequence of str
        BABE's ``biased_words`` for the sentence.

    Returns
    -------
    labels : list of bool
        One per token: True where the token is an annotated biased word.
    unaligned : list of str
        Normalised annotation words that match no token.
    """
    targets = _normalise_targets(biased_words)
    labels, seen = [], set()
    for tok in tokens:
        w = _norm(tok.text)
        hit = (
            w
            if w in targets
            else (_strip_possessive(w) if _strip_possessive(w) in targets else None)
        )
        labels.append(tok.is_word and hit is not None)
        if tok.is_word and hit is not None:
            seen.add(hit)
    return labels, sorted(targets - seen)


@cache
def _alternatives_by_stem() -> dict[str, tuple[str, ...]]:
    return {_stem(t): alts for t, alts in load_model_term_alternatives().items() if " " not in t}


@cache
def _lexicon_categories() -> dict[str, str]:
    """Stem of each single-word form of the curated lexicon -> its category."""
    out: dict[str, str] = {}
    for entry in Lexicon.default():
        for form in entry.forms:
            if " " not in form and not form.endswith("*"):
                out.setdefault(_stem(_norm(form)), entry.category)
    return out


@cache
def _report_stems() -> frozenset[str]:
    return frozenset(_stem(v) for v in load_wordlist("report_verbs"))


@lru_cache(maxsize=20_000)
def implied_category(word: str) -> str:
    """The category a word's features imply (see :meth:`TermTagger.find_terms`).

    Parameters
    ----------
    word : str
        A word (any case).

    Returns
    -------
    str
        ``hedge_doubt``, ``loaded_verb``, ``intensifier``, ``label``,
        ``emotive``, a curated-lexicon category, or ``"model"``.
    """
    w = _strip_possessive(_norm(word))
    stem = _stem(w)
    lex = _lexicon_categories().get(stem)
    if lex is not None:
        return lex
    if stem in _DOUBT_STEMS:
        return "hedge_doubt"
    if stem in _report_stems() and stem not in _NEUTRAL_REPORT_STEMS:
        return "loaded_verb"
    base = w[:-2] if w.endswith("ly") and len(w) > 5 else ""
    base_clue = load_mpqa().get(base) or load_mpqa().get(
        base[:-1] + "y" if base.endswith("i") else base
    )
    if w in _DEGREE_ADVERBS or (base_clue is not None and base_clue[0] == "strongsubj"):
        return "intensifier"
    if w not in _NOT_LABELS and (
        (w.endswith(_LABEL_SUFFIXES) and len(w) > 5) or w.startswith(_LABEL_PREFIXES)
    ):
        return "label"
    if load_vader().get(w, 0.0) <= EMOTIVE_VALENCE:
        return "emotive"
    return "model"


def _feature_label(name: str, value: float) -> str:
    """A readable evidence string for one feature."""
    if name.startswith("lex:"):
        return name[4:]
    if name.startswith("lexstem:"):
        return f"{name[8:]} (stem)"
    if name in ("vader", "vader_abs"):
        return f"vader={4.0 * value:+.1f}" if name == "vader" else f"|vader|={4.0 * value:.1f}"
    if name in ("sentence_p", "sentence_p*subj"):
        return f"{name}={value:.2f}"
    if name.startswith(_PAIR_PREFIXES):
        return f"phrase '{name.split('=', 1)[1]}'"
    if name == "usage:left_vs_right":
        side = "left" if value > 0 else "right"
        return f"{side}-leaning outlets' word (z={3.0 * value:+.1f})"
    if name.startswith("usage:"):
        return _USAGE_LABELS.get(name[6:], name) + f" (z={3.0 * value:+.1f})"
    return name


def _plain_mask(words: Sequence[str]) -> np.ndarray:
    """Which normalised words are plain reporting words (never flagged)."""
    plain = plain_reporting_words()
    return np.fromiter((_strip_possessive(w) in plain for w in words), bool, len(words))


#: Names of the columns of :func:`sentence_context_features`.
CONTEXT_FEATURES = ("logit_p", "gap_to_top", "is_top", "gap_to_next")
_CONTEXT_LOGIT_CAP = 9.0


def sentence_context_features(
    proba: np.ndarray, sentence: np.ndarray, plain: np.ndarray
) -> np.ndarray:
    """Per scored word: its score among the other words of its sentence.

    Columns (:data:`CONTEXT_FEATURES`): the logit of its probability; its gap to
    the highest logit of its sentence (0 for the highest); 1 for the highest;
    for the highest, its lead over the second (0 for the others, and when
    alone). Plain reporting words are left out of the sentence's highest and
    second (they are never flagged).

    Parameters
    ----------
    proba : ndarray of float
        The word-level probability of each row.
    sentence : ndarray of int
        The sentence (or training text) of each row; rows of a sentence are
        contiguous.
    plain : ndarray of bool
        Rows that are plain reporting words.

    Returns
    -------
    ndarray of shape (n_rows, 4)
    """
    q = np.clip(proba, 1e-6, 1 - 1e-6)
    z = np.clip(np.log(q / (1 - q)), -_CONTEXT_LOGIT_CAP, _CONTEXT_LOGIT_CAP)
    n = len(z)
    out = np.zeros((n, len(CONTEXT_FEATURES)))
    out[:, 0] = z
    if not n:
        return out
    bounds = np.flatnonzero(np.r_[True, sentence[1:] != sentence[:-1], True])
    masked = np.where(plain, -np.inf, z)
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        seg = masked[lo:hi]
        top = int(np.argmax(seg))
        best = seg[top]
        if not np.isfinite(best):
            continue
        out[lo:hi, 1] = np.where(plain[lo:hi], 0.0, z[lo:hi] - best)
        out[lo + top, 2] = 1.0
        rest = np.delete(seg, top)
        second = rest.max() if len(rest) else -np.inf
        out[lo + top, 3] = best - second if np.isfinite(second) else 0.0
    out[:, 3] = np.minimum(out[:, 3], 2 * _CONTEXT_LOGIT_CAP)
    return out


def _context_proba(coef: np.ndarray, feats: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(feats @ coef[:-1] + coef[-1])))


def _fit_context(
    oof: np.ndarray, owner: np.ndarray, plain: np.ndarray, y: np.ndarray, folds: int = 5
) -> tuple[np.ndarray, np.ndarray]:
    """The sentence-context rescoring fitted on out-of-fold probabilities ``oof`` (and
    its own out-of-fold probabilities, cross-fitted over sentences, for the threshold).
    Plain reporting words take no part in the fit."""
    feats = sentence_context_features(oof, owner, plain)
    keep = ~plain

    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    def fit(rows: np.ndarray) -> np.ndarray:
        clf = LogisticRegression(C=1.0, solver="lbfgs", max_iter=1000)
        clf.fit(feats[rows], y[rows])
        return np.r_[clf.coef_.ravel(), clf.intercept_[0]]

    out = np.zeros(len(oof))
    sentences = np.unique(owner)
    for _, te in KFold(n_splits=folds, shuffle=True, random_state=0).split(sentences):
        test = np.isin(owner, sentences[te])
        out[test] = _context_proba(fit(np.flatnonzero(keep & ~test)), feats[test])
    return fit(np.flatnonzero(keep)), out


class TermTagger:
    """Word-level loaded-term tagger (logistic regression over named features).

    It follows the scikit-learn estimator contract: parameters are stored by ``__init__``,
    ``fit`` returns ``self``, learned attributes end in ``_``; ``clone``, ``get_params``
    and ``set_params`` work. It is no subclass of scikit-learn's ``BaseEstimator``, so that
    finding terms imports no scikit-learn (only ``fit`` does); what finding terms needs is
    also written as plain arrays (:meth:`inference_state`, :meth:`from_inference_state`).

    Parameters
    ----------
    C : float, default=0.5
        Inverse L2 regularisation strength of the logistic regression
        (chosen among 0.3, 0.5, 1, 2 by GroupKFold(5)-by-outlet F1 on BABE).
    threshold : float or None, default=None
        Probability at or above which :meth:`find_terms` flags a word.
        ``None`` chooses the F1-maximising threshold by cross-validation on
        the training data only (grouped by ``groups`` when given).
    include_babe_words : bool, default=False
        Use membership in the BABE bias-word dictionary as a feature. Off by
        default: the dictionary is AGPL-3.0 and gave little on BABE itself
        (see ``bench/term_eval.py``).
    cv : int, default=5
        Folds of the inner cross-validation that picks the threshold.
    max_evidence : int, default=4
        How many contributing features :meth:`find_terms` reports.
    require_lexicon : bool, default=False
        Flag only words with some lexical support: membership (of the word or
        its stem) in a feature word list, MPQA or VADER. Trades BABE recall
        for fewer flags on topical news words (*war*, *penalty*, *storm*).
    word_vectors : bool, default=True
        Use the word's static vector as features (see the module docstring).
    neighbours : int, default=10
        With ``word_vectors``: also use how often the word's this many nearest
        training words were loaded (:func:`neighbour_log_odds`); 0 turns the
        feature off.
    sentence_context : bool, default=False
        Rescore each word against the other words of its sentence
        (:func:`sentence_context_features`: its score's gap to the sentence's
        highest, whether it is the highest), with a small logistic regression
        fitted on the inner cross-validation's out-of-fold scores. Annotators
        mark one or two words of a biased sentence: the same score means more
        when it stands out of its sentence. Off by default until its outlet-grouped
        figures (``python bench/term_eval.py --sentence-context``) are better.
    random_state : int, default=42
        Seed of the solver and of the inner folds.

    Attributes
    ----------
    vectorizer_ : DictVectorizer
        Feature names -> columns of the sparse, named features.
    vector_coef_ : ndarray of shape (n_dims + 1,) or None
        Weights of the word-vector columns and, last, of ``no_vector``;
        ``None`` when ``word_vectors`` is off.
    neighbour_table_ : ndarray of shape (n_table_words,) or None
        :func:`neighbour_log_odds` of every word of the vector table, from
        the training data; ``None`` when the feature is off.
    neighbour_coef_ : float
        Its weight (0.0 when off).
    loaded_neighbours_ : ndarray of int
        Vector-table rows of the training words annotated at least twice as
        often as the average word: the evidence of a neighbour-driven flag
        names the nearest of them.
    classifier_ : LogisticRegression
        The fitted model.
    context_coef_ : ndarray of shape (n_context_features + 1,) or None
        Weights of :func:`sentence_context_features` and, last, the intercept of the
        sentence-context rescoring; ``None`` when ``sentence_context`` is off.
    threshold_ : float
        The decision threshold in use (on the rescored probability when
        ``sentence_context`` is on).
    uses_sentence_p_ : bool
        Whether ``sentence_probabilities`` were given to ``fit``.
    mean_sentence_p_ : float
        Mean training sentence probability, used when none is given at
        prediction time.
    n_unaligned_ : int
        Annotated words that matched no token (see :func:`align_biased_words`).
    """

    def __init__(
        self,
        C: float = 0.5,
        threshold: float | None = None,
        include_babe_words: bool = False,
        cv: int = 5,
        max_evidence: int = 4,
        require_lexicon: bool = False,
        word_vectors: bool = True,
        neighbours: int = 10,
        sentence_context: bool = False,
        random_state: int = 42,
    ) -> None:
        self.C = C
        self.threshold = threshold
        self.include_babe_words = include_babe_words
        self.cv = cv
        self.max_evidence = max_evidence
        self.require_lexicon = require_lexicon
        self.word_vectors = word_vectors
        self.neighbours = neighbours
        self.sentence_context = sentence_context
        self.random_state = random_state

    # ----------------------------------------------------------------- fit

    def _training_rows(
        self,
        texts: Sequence[str],
        biased_words: Sequence[Sequence[str]],
        sentence_probabilities: Sequence[float] | None,
    ) -> tuple[list[dict[str, float]], list[str], np.ndarray, np.ndarray, int]:
        rows: list[dict[str, float]] = []
        row_words: list[str] = []
        labels: list[bool] = []
        owner: list[int] = []
        unaligned = 0
        for j, (text, words) in enumerate(zip(texts, biased_words, strict=True)):
            tokens = [t for s in tokenize(text).sentences for t in s.tokens]
            tok_labels, missing = align_biased_words(tokens, words)
            unaligned += len(missing)
            p = None if sentence_probabilities is None else float(sentence_probabilities[j])
            idx, cand, contexts = _sentence_rows(text, tokens, 0, len(text), p)
            rows.extend(
                dict(_features(w, ctx, self.include_babe_words))
                for w, ctx in zip(cand, contexts, strict=True)
            )
            row_words.extend(cand)
            labels.extend(tok_labels[i] for i in idx)
            owner.extend([j] * len(idx))
        return rows, row_words, np.asarray(labels, dtype=int), np.asarray(owner), unaligned

    def _uses_neighbours(self) -> bool:
        return bool(self.word_vectors and self.neighbours)

    def _design_matrix(self, X_named: Any, words: Sequence[str]) -> Any:
        """Named features, then the word-vector block (the neighbour column,
        which depends on the training labels, is appended by ``fit``)."""
        import scipy.sparse as sp

        if self.word_vectors:
            X_named = sp.hstack([X_named, sp.csr_matrix(self._vector_block(words))])
        return _int32_csr(X_named)

    def _vector_block(self, words: Sequence[str]) -> np.ndarray:
        """Dense word-vector columns, then the ``no_vector`` indicator."""
        vectors = _word_vectors(words)
        missing = ~vectors.any(axis=1)
        return np.hstack([vectors, missing[:, None].astype(np.float64)])

    @staticmethod
    def _neighbour_column(words: Sequence[str], table: np.ndarray) -> np.ndarray:
        rows = _vector_rows(words)
        return np.where(rows >= 0, table[np.maximum(rows, 0)], 0.0).astype(np.float64)

    def _neighbour_table(
        self, words: Sequence[str], y: np.ndarray, only: Sequence[str] | None = None
    ) -> np.ndarray | None:
        """:func:`neighbour_log_odds` from training ``words`` and labels ``y``
        (for every word of the table, or just for the words ``only``)."""
        if not self._uses_neighbours():
            return None
        rows = None if only is None else _vector_rows(only)
        return neighbour_log_odds(_vector_rows(words), y, k=self.neighbours, only=rows)

    def _make_classifier(self) -> LogisticRegression:
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=self.C, solver="liblinear", random_state=self.random_state)

    def fit(
        self,
        texts: Sequence[str],
        biased_words: Sequence[Sequence[str]],
        sentence_probabilities: Sequence[float] | None = None,
        groups: Sequence[Any] | None = None,
    ) -> TermTagger:
        """Fit on annotated sentences.

        Parameters
        ----------
        texts : sequence of str
            Sentences.
        biased_words : sequence of sequences of str
            The annotated biased words of each sentence (BABE format).
        sentence_probabilities : sequence of float, optional
            Out-of-fold P(biased) of each sentence from the sentence model
            (:func:`oof_sentence_probabilities`). ``None`` fits without the
            sentence feature.
        groups : sequence, optional
            Group of each sentence (e.g. outlet) for the inner
            cross-validation that chooses the threshold.

        Returns
        -------
        self
        """
        texts = list(texts)
        if len(texts) != len(biased_words):
            raise ValueError(f"{len(texts)} texts but {len(biased_words)} biased_words lists")
        if sentence_probabilities is not None and len(sentence_probabilities) != len(texts):
            raise ValueError("sentence_probabilities must have one value per text")
        rows, row_words, y, owner, unaligned = self._training_rows(
            texts, biased_words, sentence_probabilities
        )
        if y.sum() == 0 or y.sum() == len(y):
            raise ValueError("need both annotated and unannotated candidate words to fit")
        from sklearn.feature_extraction import DictVectorizer

        vec = DictVectorizer(dtype=np.float64)
        X_named = _drop_rare_pairs(vec, vec.fit_transform(rows))
        n_named = X_named.shape[1]
        X = self._design_matrix(X_named, row_words)
        self.context_coef_ = None
        if self.threshold is None or self.sentence_context:
            oof = self._inner_oof(X, row_words, y, owner, groups)
            if self.sentence_context:
                plain = _plain_mask(row_words)
                self.context_coef_, oof = _fit_context(oof, owner, plain, y)
                oof[plain] = 0.0  # as at prediction
        if self.threshold is None:
            self.threshold_ = best_f1_threshold(y, oof)
        else:
            self.threshold_ = float(self.threshold)
        table = self._neighbour_table(row_words, y)
        if table is not None:
            X = _append_column(X, self._neighbour_column(row_words, table))
        self.vectorizer_ = vec
        self.classifier_ = self._make_classifier().fit(X, y)
        coef = self.classifier_.coef_.ravel()
        self.weights_ = dict(zip(vec.feature_names_, coef[:n_named].tolist(), strict=True))
        n_dense = _unit_vectors().shape[1] + 1 if self.word_vectors else 0
        self.vector_coef_ = coef[n_named : n_named + n_dense].copy() if self.word_vectors else None
        self.neighbour_table_ = table
        self.neighbour_coef_ = float(coef[-1]) if table is not None else 0.0
        if table is not None:
            types, rates, prior = _type_rates(_vector_rows(row_words), y)
            loaded = rates >= 2 * prior
            self.loaded_neighbours_ = types[loaded]
        self.intercept_ = float(self.classifier_.intercept_[0])
        self.uses_sentence_p_ = sentence_probabilities is not None
        self.mean_sentence_p_ = (
            float(np.mean(sentence_probabilities)) if sentence_probabilities is not None else 0.5
        )
        self.n_unaligned_ = unaligned
        self.n_train_tokens_ = int(len(y))
        self.n_train_positive_ = int(y.sum())
        return self

    def _inner_oof(
        self,
        X: Any,
        words: Sequence[str],
        y: np.ndarray,
        owner: np.ndarray,
        groups: Sequence[Any] | None,
    ) -> np.ndarray:
        """Out-of-fold training probabilities of the inner cross-validation (grouped by
        ``groups`` when there are enough; the neighbour feature is rebuilt from each
        fold's training part)."""
        from sklearn.model_selection import GroupKFold, KFold

        if groups is not None and len(set(groups)) >= self.cv:
            g = np.asarray(groups)[owner]
            folds = GroupKFold(n_splits=self.cv).split(X, y, g)
        else:
            folds = KFold(n_splits=self.cv, shuffle=True, random_state=self.random_state).split(
                np.unique(owner)
            )
            sentence_ids = np.unique(owner)
            folds = (
                (
                    np.flatnonzero(np.isin(owner, sentence_ids[tr])),
                    np.flatnonzero(np.isin(owner, sentence_ids[te])),
                )
                for tr, te in folds
            )
        oof = np.zeros(len(y))
        words = np.asarray(words, dtype=object)
        for tr, te in folds:
            X_fold = X
            table = self._neighbour_table(words[tr], y[tr], only=words)
            if table is not None:
                X_fold = _append_column(X, self._neighbour_column(words, table))
            model = self._make_classifier().fit(X_fold[tr], y[tr])
            oof[te] = model.predict_proba(X_fold[te])[:, 1]
        return oof

    # ------------------------------------------------------------- predict

    def _score_document(
        self, doc: Document, sentence_probabilities: Sequence[float] | None
    ) -> tuple[list[Token], list[int], list[str], list[list[tuple[str, float]]], np.ndarray]:
        """Tokens, candidate indices, words, contexts and P(loaded) of a document.

        The linear score is summed from ``weights_`` directly: a word's own
        features are scored once per distinct word of the document, so the
        cost is a few dictionary look-ups per token. Plain reporting words
        (:func:`plain_reporting_words`) get 0.0.
        """
        if not hasattr(self, "weights_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError(
                "This TermTagger instance is not fitted yet. Call 'fit' with appropriate "
                "arguments before using this estimator."
            )
        if sentence_probabilities is not None and len(sentence_probabilities) != len(doc.sentences):
            raise ValueError(
                f"{len(sentence_probabilities)} sentence probabilities for "
                f"{len(doc.sentences)} sentences"
            )
        tables = self._score_tables()
        tokens: list[Token] = []
        idx: list[int] = []
        words: list[str] = []
        terms: list[list[float]] = []
        ps: list[float | None] = []
        where: list[tuple[int, int]] = []  # (sentence, candidate within it) of each row
        for k, sent in enumerate(doc.sentences):
            if not self.uses_sentence_p_:
                p = None
            elif sentence_probabilities is None:
                p = self.mean_sentence_p_
            else:
                p = float(sentence_probabilities[k])
            s_idx, s_words, s_terms = _sentence_terms(
                doc.text, sent.tokens, sent.start, sent.end, tables
            )
            idx.extend(len(tokens) + i for i in s_idx)
            words.extend(s_words)
            terms.extend(s_terms)
            ps.extend([p] * len(s_idx))
            where.extend((k, j) for j in range(len(s_idx)))
            tokens.extend(sent.tokens)
        distinct = sorted(set(words))
        vector_scores = self._vector_scores(distinct)
        named = tables.own
        if len(named) > _OWN_CACHE_SIZE:
            named.clear()
        own: dict[str, tuple[float, bool]] = {}
        for w, vscore in zip(distinct, vector_scores.tolist(), strict=True):
            hit = named.get(w)
            if hit is None:  # uncached: the feature tuples of every word would pile up
                feats = _type_features.__wrapped__(w, self.include_babe_words)
                hit = named[w] = (
                    sum(tables.weights.get(name, 0.0) * v for name, v in feats),
                    any(name == "subj" for name, _ in feats),
                )
            own[w] = (vscore + hit[0], hit[1])
        # The additions of the reference sum in the same order (a missing weight adds 0.0).
        intercept, w_p, w_subj_p = self.intercept_, tables.sentence_p, tables.subj_p
        z = np.empty(len(words))
        for r, (w, ts, p) in enumerate(zip(words, terms, ps, strict=True)):
            base, subj = own[w]
            total = intercept + base
            for t in ts:
                total += t
            if p is not None:
                total += w_p * p
                if subj:
                    total += w_subj_p * p
            z[r] = total
        plain = _plain_mask(words)
        proba = self._rescore(z, np.fromiter((k for k, _ in where), np.int64, len(where)), plain)
        proba[plain] = 0.0
        contexts = _Contexts(doc, where, ps)
        return tokens, idx, words, contexts, proba

    def _rescore(self, z: np.ndarray, sentence: np.ndarray, plain: np.ndarray) -> np.ndarray:
        """P(loaded) from the linear scores ``z`` of the rows, their sentence numbers (in
        order) and which rows are plain reporting words: ``sigmoid(z)``, rescored
        against the sentence's other words when the tagger has a sentence-context stage."""
        proba = 1.0 / (1.0 + np.exp(-z))
        coef = getattr(self, "context_coef_", None)
        if coef is None or not len(z):
            return proba
        return _context_proba(coef, sentence_context_features(proba, sentence, plain))

    def _score_tables(self) -> _ScoreTables:
        """:class:`_ScoreTables` of ``weights_`` (built once per fitted tagger, not pickled)."""
        tables = self.__dict__.get("_score_tables_cache")
        if tables is None or tables.weights is not self.weights_:
            tables = self.__dict__["_score_tables_cache"] = _ScoreTables(self.weights_)
        return tables

    def _vector_scores(self, words: Sequence[str]) -> np.ndarray:
        """The summed contribution of the word-vector columns and of the
        neighbour column for each word."""
        vector, neighbour = self._dense_contributions(words)
        return vector + neighbour

    def _dense_contributions(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per word: the word-vector columns' summed contribution, the neighbour column's."""
        coef = getattr(self, "vector_coef_", None)
        table = getattr(self, "neighbour_table_", None)
        vector = np.zeros(len(words))
        neighbour = np.zeros(len(words))
        if coef is not None and len(words):
            vector = self._vector_block(words) @ coef
        if table is not None and len(words):
            neighbour = self.neighbour_coef_ * self._neighbour_column(words, table)
        return vector, neighbour

    def predict_token_proba(
        self, doc_or_text: Document | str, sentence_probabilities: Sequence[float] | None = None
    ) -> list[tuple[Token, float]]:
        """P(loaded) of every token of a text.

        Parameters
        ----------
        doc_or_text : Document or str
            A tokenized document or a raw text (tokenized here).
        sentence_probabilities : sequence of float, optional
            The sentence model's P(biased) for each sentence of the document;
            ``None`` uses the training mean.

        Returns
        -------
        list of (Token, float)
            Every token in document order; function words, punctuation and
            numbers get 0.0.
        """
        doc = tokenize(doc_or_text) if isinstance(doc_or_text, str) else doc_or_text
        tokens, idx, _, _, proba = self._score_document(doc, sentence_probabilities)
        out = [0.0] * len(tokens)
        for i, p in zip(idx, proba.tolist(), strict=True):
            out[i] = p
        return list(zip(tokens, out, strict=True))

    def find_terms(
        self,
        doc: Document,
        sentence_probabilities: Sequence[float] | None = None,
        min_confidence: float | None = None,
    ) -> list[TermFind]:
        """The loaded words of a document, with category and evidence.

        A word is flagged when its probability is at least ``threshold_``.
        Its evidence lists the features with the largest positive
        contributions (weight x value) to its score. Its category is implied
        by its features, first match wins (:func:`implied_category`): the
        category of the curated lexicon entry with the same stem; then
        ``hedge_doubt`` (claim, allege, insist, purport, contend);
        ``loaded_verb`` (a Recasens report verb other than the neutral ones:
        say, tell, report, state, add, note...); ``intensifier`` (a degree
        adverb, or an adverb in -ly that MPQA lists as strongly subjective);
        ``label`` (-ist/-ism/-ite nouns and far-/hard-/ultra-/alt-/anti-/pro-
        compounds); ``emotive`` (VADER valence <= -2.0); else ``model``.

        Parameters
        ----------
        doc : Document
            From :func:`framing.text.tokenize`.
        sentence_probabilities : sequence of float, optional
            The sentence model's P(biased) per sentence.
        min_confidence : float, optional
            Also leave out words below this probability (their evidence is never built).

        Returns
        -------
        list of TermFind
            In document order.
        """
        tokens, idx, words, contexts, proba = self._score_document(doc, sentence_probabilities)
        alternatives = load_model_term_alternatives()
        by_stem = _alternatives_by_stem()
        finds = []
        cut = self.threshold_ if min_confidence is None else max(self.threshold_, min_confidence)
        for r in np.flatnonzero(proba >= cut):
            if self.require_lexicon and not _has_lexical_support(words[r], self.include_babe_words):
                continue
            tok = tokens[idx[r]]
            term = _strip_possessive(words[r])
            alts = alternatives.get(term) or by_stem.get(_stem(term), ())
            finds.append(
                TermFind(
                    start=tok.start,
                    end=tok.end,
                    term=term,
                    category=implied_category(term),
                    confidence=float(proba[r]),
                    neutral_alternatives=tuple(alts),
                    evidence=self._evidence(words[r], contexts[r]),
                )
            )
        return finds

    def _evidence(self, word: str, context: list[tuple[str, float]]) -> tuple[str, ...]:
        """The strongest positive contributions to a token's score."""
        contrib = [
            (self.weights_.get(name, 0.0) * v, name, v)
            for name, v in _features(word, context, self.include_babe_words)
        ]
        vector, neighbour = self._dense_contributions([word])
        if getattr(self, "vector_coef_", None) is not None:
            contrib.append((float(vector[0]), "word vector", 1.0))
        if getattr(self, "neighbour_table_", None) is not None:
            contrib.append((float(neighbour[0]), self._neighbour_evidence(word), 1.0))
        contrib = [c for c in contrib if not c[1].startswith(_QUIET_FEATURES)] or contrib
        contrib.sort(key=lambda c: -c[0])
        shown = [c for c in contrib if c[0] > 0][: self.max_evidence] or contrib[:1]
        return tuple(_feature_label(name, v) for _, name, v in shown)

    # ------------------------------------------------- estimator contract

    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return [p for p in sig.parameters if p != "self"]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters, as scikit-learn's ``get_params``."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> TermTagger:
        """Set constructor parameters, as scikit-learn's ``set_params``."""
        valid = set(self._param_names())
        for name, value in params.items():
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {self!r}. "
                    f"Valid parameters are: {sorted(valid)!r}."
                )
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = {
            name: p.default for name, p in inspect.signature(type(self).__init__).parameters.items()
        }
        changed = [
            f"{name}={value!r}"
            for name, value in self.get_params().items()
            if not (defaults.get(name) is value or defaults.get(name) == value)
        ]
        return f"{type(self).__name__}({', '.join(changed)})"

    def __setstate__(self, state: dict[str, Any]) -> None:
        # taggers pickled before the sentence-context stage have neither attribute
        state = dict(state)
        state.setdefault("sentence_context", False)
        state.setdefault("context_coef_", None)
        state.pop("_sklearn_version", None)  # pickled when this was a BaseEstimator
        self.__dict__.update(state)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_loaded_vectors", None)
        state.pop("_score_tables_cache", None)
        return state

    # ------------------------------------------------------- plain arrays

    #: Learned attributes :meth:`find_terms` uses, written by :meth:`inference_state`.
    _INFERENCE_ARRAYS = ("vector_coef_", "neighbour_table_", "loaded_neighbours_", "context_coef_")

    def inference_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """What finding terms needs, as JSON values and numpy arrays: the parameters and
        every learned attribute but the DictVectorizer and the LogisticRegression (their
        weights are in ``weights_``, by feature name)."""
        if not hasattr(self, "weights_"):
            raise ValueError("the tagger is not fitted")
        arrays: dict[str, np.ndarray] = {}
        values: dict[str, Any] = {"params": self.get_params()}
        learned: dict[str, Any] = {}
        for name, value in self.__dict__.items():
            if not name.endswith("_") or name in ("vectorizer_", "classifier_"):
                continue
            if name in self._INFERENCE_ARRAYS:
                if value is not None:
                    arrays[name] = np.asarray(value)
                learned[name] = None if value is None else "array"
            elif name == "weights_":
                learned[name] = {str(k): float(v) for k, v in value.items()}
            elif isinstance(value, bool | int | float | str) or value is None:
                learned[name] = value.item() if isinstance(value, np.generic) else value
            elif isinstance(value, np.generic):
                learned[name] = value.item()
            else:
                raise ValueError(
                    f"learned attribute {name} ({type(value).__name__}) has no plain form"
                )
        values["learned"] = learned
        return values, arrays

    @classmethod
    def from_inference_state(
        cls, values: dict[str, Any], arrays: dict[str, np.ndarray]
    ) -> TermTagger:
        """A tagger that finds terms as the one :meth:`inference_state` was taken from (it
        cannot be refitted in place: ``vectorizer_`` and ``classifier_`` are not kept)."""
        tagger = cls(**values["params"])
        for name, value in values["learned"].items():
            if value == "array" and name in cls._INFERENCE_ARRAYS:
                value = arrays[name]
            setattr(tagger, name, value)
        return tagger

    def _neighbour_evidence(self, word: str, n: int = 3) -> str:
        """ "similar to annotated words: a, b, c": the ``n`` training words most
        like ``word`` (other than itself and its inflections) that annotators
        often marked."""
        loaded = getattr(self, "loaded_neighbours_", None)
        row = int(_vector_rows([word])[0])
        if loaded is None or row < 0 or not len(loaded):
            return "similar words loaded in training"
        cached = self.__dict__.get("_loaded_vectors")  # per-process cache, not pickled
        if cached is None:
            stems = np.array([_stem(_table_words()[r]) for r in loaded])
            cached = self.__dict__["_loaded_vectors"] = (_unit_vectors()[loaded], stems)
        vectors, stems = cached
        sim = vectors @ _unit_vectors()[row]
        sim[stems == _stem(_table_words()[row])] = -np.inf  # itself and its inflections
        top = np.argpartition(-sim, n)[:n] if len(sim) > n else np.arange(len(sim))
        top = top[np.argsort(-sim[top], kind="stable")]
        top = top[np.isfinite(sim[top])]
        if not len(top):
            return "similar words loaded in training"
        words = _table_words()
        return "similar to annotated words: " + ", ".join(words[loaded[i]] for i in top)


def best_f1_threshold(y: np.ndarray, proba: np.ndarray) -> float:
    """The probability threshold that maximises F1 of ``proba >= t``.

    Parameters
    ----------
    y : ndarray of {0, 1}
    proba : ndarray of float

    Returns
    -------
    float
        The threshold (midway between neighbouring scores).
    """
    order = np.argsort(-proba, kind="stable")
    p_sorted = proba[order]
    tp = np.cumsum(y[order])
    k = np.arange(1, len(y) + 1)
    f1 = 2 * tp / (k + y.sum())
    # only cut between distinct scores
    valid = np.r_[p_sorted[1:] < p_sorted[:-1], True]
    best = int(np.argmax(np.where(valid, f1, -1.0)))
    nxt = p_sorted[best + 1] if best + 1 < len(p_sorted) else 0.0
    return float((p_sorted[best] + nxt) / 2.0)
