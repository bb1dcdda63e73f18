"""Article analysis: the ArticleAnalysis result and the framing score.

The framing score is a weighted mean of four sub-scores, each in 0..1 and
each computed from evidence that is listed in the same result, so a reader can
check it by hand:

``loaded_language``
    Density of loaded terms: ``d / (d + 1)`` where ``d`` is the sum of the
    terms' confidences per 100 words, with terms inside quotations or
    attributed content (the source's voice, not the outlet's) weighted by
    :data:`QUOTED_WEIGHT`. One confident authorial loaded term per 100 words
    gives 0.5.
``biased_sentences``
    Mean of the sentence model's P(biased) over sentences, quoted sentences
    weighted by :data:`QUOTED_WEIGHT`.
``attribution``
    How slanted the attribution verbs are: the mean cue-stance weight
    (:data:`STANCE_WEIGHTS`: neutral 0, assertive and concession 0.5, doubt
    and loaded 1) over all attributions; 0 when nothing is attributed.
``unattributed_claims``
    Share of sentences that assert contested facts or judgements with no
    attribution in or around them (see :mod:`framing.attribution`).

The framing score combines the sub-scores with article features (loaded-term densities by
kind and voice, the attribution profile) in the model's ``article_score`` component
(:mod:`framing.article_score`: a monotone logistic model whose weights were learned on
outlets' AllSides ratings with outlet-grouped cross-validation); ``score_evidence`` lists
each feature's value and contribution, so that
``framing_score = sigmoid(intercept + sum(contributions))``. A model without that component
uses the fixed weights: ``framing_score = sum(SUBSCORE_WEIGHTS[k] * subscores[k])``.
"""

from __future__ import annotations

import gc
import json
import math
import os
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any

import numpy as np

from .actors import Actor, find_actors
from .article_score import article_features
from .attribution import Attribution, AttributionResult, extract_attributions
from .errors import InputError
from .furniture import FurnitureLine, blank_furniture
from .lexicon import Lexicon
from .mentions import Mention, find_mentions
from .model import SentenceModel, load_model
from .names import Names
from .report.article import article_fragment
from .resources import is_reported, tagger_reported_from
from .spans import TermSpan
from .subscores import QUOTED_WEIGHT, STANCE_WEIGHTS, SUBSCORE_WEIGHTS, SUBSCORES
from .text import Document, tokenize

__all__ = [
    "ArticleAnalysis",
    "LoadedTerm",
    "SentenceResult",
    "analyze",
    "analyze_many",
    "SUBSCORE_WEIGHTS",
    "SUBSCORES",
    "QUOTED_WEIGHT",
    "STANCE_WEIGHTS",
]


#: Words found only by the word-level tagger (not in the lexicon) are considered
#: from this probability, and reported when their implied category reports tagger
#: words from a probability at least this high (``tagger_from`` in
#: ``framing/data/term_categories.tsv``; none does since the v3 judgement). The
#: tagger's own threshold maximises F1 on BABE (about 0.18); reports favour precision.
MODEL_TERM_MIN_CONFIDENCE = 0.6

#: Texts longer than this are refused by :func:`analyze` (characters).
MAX_TEXT_CHARS = 20_000_000


@dataclass(frozen=True)
class SentenceResult:
    """One sentence of the analysis: its span, the sentence model's P(biased) and its voice."""

    index: int
    start: int
    end: int
    bias_probability: float
    quoted: bool

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class LoadedTerm:
    """A reported loaded term (a lexicon match or a tagger find; a :class:`~framing.spans.TermSpan`)."""

    start: int
    end: int
    text: str
    term: str
    category: str
    confidence: float
    neutral_alternatives: tuple[str, ...]
    sentence: int
    source: str  # "lexicon" | "model"
    quoted: bool
    rule: str = "lexicon"
    direction: str = ""
    evidence: tuple[str, ...] = ()
    in_content: bool = False

    def to_dict(self) -> dict:
        d = asdict(self)
        d["neutral_alternatives"] = list(self.neutral_alternatives)
        d["evidence"] = list(self.evidence)
        return d


@dataclass
class ArticleAnalysis:
    """The analysis of one article; :meth:`to_dict` gives the JSON contract."""

    text: str
    id: str | None
    outlet: str | None
    framing_score: float
    subscores: dict[str, float]
    n_sentences: int
    n_words: int
    sentences: list[SentenceResult]
    loaded_terms: list[LoadedTerm]
    attributions: list[Attribution]
    unattributed_sentences: list[int]
    signals: dict[str, float] = field(default_factory=dict)
    model: dict[str, str] = field(default_factory=dict)
    actors: list[Actor] = field(default_factory=list)
    furniture: list[FurnitureLine] = field(default_factory=list)
    score_evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The ArticleAnalysis JSON object; ``text`` is not included.

        The contract is ``docs/contract.md`` and its JSON Schema
        ``docs/article_analysis.schema.json``. Inside Python the parts stay typed
        (:class:`SentenceResult`, :class:`LoadedTerm`,
        :class:`~framing.attribution.Attribution`); this is where they become JSON.
        """
        return {
            "id": self.id,
            "outlet": self.outlet,
            "framing_score": self.framing_score,
            "subscores": dict(self.subscores),
            "score_evidence": self.score_evidence,
            "n_sentences": self.n_sentences,
            "n_words": self.n_words,
            "sentences": [s.to_dict() for s in self.sentences],
            "loaded_terms": [t.to_dict() for t in self.loaded_terms],
            "attributions": [a.to_dict() for a in self.attributions],
            "unattributed_sentences": list(self.unattributed_sentences),
            "actors": [a.to_dict() for a in self.actors],
            "furniture": [f.to_dict() for f in self.furniture],
            "signals": dict(self.signals),
            "model": dict(self.model),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str = "") -> ArticleAnalysis:
        """The analysis back from its :meth:`to_dict` JSON and the ``text`` it was made from
        (the JSON leaves the text out; without it the offsets point nowhere)."""
        terms = [
            LoadedTerm(
                **{
                    **t,
                    "neutral_alternatives": tuple(t.get("neutral_alternatives", ())),
                    "evidence": tuple(t.get("evidence", ())),
                }
            )
            for t in data.get("loaded_terms", [])
        ]
        return cls(
            text=text,
            id=data.get("id"),
            outlet=data.get("outlet"),
            framing_score=data["framing_score"],
            subscores=dict(data["subscores"]),
            n_sentences=data["n_sentences"],
            n_words=data["n_words"],
            sentences=[SentenceResult(**s) for s in data.get("sentences", [])],
            loaded_terms=terms,
            attributions=[_attribution_from_dict(x) for x in data.get("attributions", [])],
            unattributed_sentences=list(data.get("unattributed_sentences", [])),
            signals=dict(data.get("signals", {})),
            model=dict(data.get("model", {})),
            actors=[Actor(**x) for x in data.get("actors", [])],
            furniture=[FurnitureLine(**f) for f in data.get("furniture", [])],
            score_evidence=dict(data.get("score_evidence", {})),
        )

    def _repr_html_(self) -> str:
        """The single-article view in notebooks (:func:`framing.report.article_fragment`)."""
        return article_fragment(self)

    def actor_summaries(self) -> list[dict[str, Any]]:
        """Per actor, what corpus comparisons need (the ``actors`` column of
        ``framing score``): key, name, kind, mention counts, labels and loaded-term
        lemmas with their voice, roles, sentiment."""
        return [a.summary(self.loaded_terms) for a in self.actors]

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    def source_counts(self) -> Counter:
        """Attributions per cited source, keyed ``"<source type>: <source>"`` (the source's
        words lower-cased; a pronoun counts as its antecedent)."""
        out: Counter = Counter()
        for a in self.attributions:
            name = a.resolved_from["text"] if a.resolved_from else a.source_text
            out[f"{a.source_type}: {' '.join(name.lower().split())}"] += 1
        return out

    def loaded_terms_per_1k_words(self, quoted: bool | None = None) -> float:
        """Loaded terms per 1,000 words; ``quoted=False`` counts authorial ones only."""
        terms = [t for t in self.loaded_terms if quoted is None or t.quoted == quoted]
        return 1000.0 * len(terms) / self.n_words if self.n_words else 0.0

    def top_terms(self, n: int = 5) -> list[str]:
        """The most frequent loaded terms (lower-cased surface forms)."""
        counts = Counter(t.text.lower() for t in self.loaded_terms)
        return [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]

    def to_row(self) -> dict[str, Any]:
        """One flat row for corpus tables (``framing score``)."""
        row: dict[str, Any] = {
            "id": self.id,
            "outlet": self.outlet,
            "framing_score": self.framing_score,
            **self.subscores,
            "n_sentences": self.n_sentences,
            "n_words": self.n_words,
            "n_loaded_terms": len(self.loaded_terms),
            "n_loaded_terms_quoted": sum(t.quoted for t in self.loaded_terms),
            "loaded_terms_per_1k_words": self.loaded_terms_per_1k_words(),
            "authorial_loaded_terms_per_1k_words": self.loaded_terms_per_1k_words(quoted=False),
            "n_attributions": len(self.attributions),
            "n_unattributed_sentences": len(self.unattributed_sentences),
            "top_terms": "|".join(self.top_terms()),
        }
        for cat, n in sorted(Counter(t.category for t in self.loaded_terms).items()):
            row[f"terms_{cat}"] = n
        for key, value in sorted(self.signals.items()):
            row.setdefault(key, value)
        return row


def _attribution_from_dict(x: dict[str, Any]) -> Attribution:
    return Attribution(
        sentence=x["sentence"],
        source_start=x["source"]["start"],
        source_end=x["source"]["end"],
        source_text=x["source"]["text"],
        source_type=x["source"]["type"],
        cue_start=x["cue"]["start"],
        cue_end=x["cue"]["end"],
        cue_text=x["cue"]["text"],
        stance=x["cue"]["stance"],
        content_start=x["content"]["start"],
        content_end=x["content"]["end"],
        form=x["form"],
        rule=x["rule"],
        resolved_from=x.get("resolved_from"),
    )


def _loaded_language(terms: list[LoadedTerm], n_words: int) -> float:
    if n_words == 0:
        return 0.0
    weight = sum(t.confidence * (QUOTED_WEIGHT if t.quoted else 1.0) for t in terms)
    d = 100.0 * weight / n_words
    return d / (d + 1.0)


def _biased_sentences(probs: np.ndarray, quoted: list[bool]) -> float:
    if len(probs) == 0:
        return 0.0
    w = np.array([QUOTED_WEIGHT if q else 1.0 for q in quoted])
    return float(np.dot(w, probs) / w.sum())


def _attribution_score(attributions: list[Attribution]) -> float:
    if not attributions:
        return 0.0
    weights = [STANCE_WEIGHTS.get(a.stance, 0.5) for a in attributions]
    return float(sum(weights) / len(weights))


def _clip01(x: float) -> float:
    if not math.isfinite(x):
        return 0.0
    return float(min(1.0, max(0.0, x)))


def analyze(
    text: str,
    outlet: str | None = None,
    model: SentenceModel | str | os.PathLike | None = None,
    *,
    id: str | None = None,
    lexicon: Lexicon | str | os.PathLike | None = None,
) -> ArticleAnalysis:
    """Analyze one article.

    Parameters
    ----------
    text : str
        The article text. All offsets in the result index into this string.
    outlet : str, optional
        The outlet's name, copied into the result.
    model : SentenceModel, str or None
        A loaded model, a model name/path for :func:`framing.load_model`, or
        ``None`` for the user's default model.
    id : str, optional
        The article's id, copied into the result.
    lexicon : Lexicon, str or None
        The loaded-term lexicon; a path to a TSV file is merged over the
        shipped lexicon. ``None`` uses the shipped lexicon.

    Returns
    -------
    ArticleAnalysis
    """
    return analyze_many([text], outlets=[outlet], ids=[id], model=model, lexicon=lexicon)[0]


def resolve_lexicon(lexicon: Lexicon | str | os.PathLike | None = None) -> Lexicon:
    """The shipped lexicon (``None``), a Lexicon as is, or a TSV path merged
    over the shipped lexicon (read once per path and cached)."""
    if lexicon is None:
        return Lexicon.default()
    if isinstance(lexicon, Lexicon):
        return lexicon
    return _merged_lexicon(os.fspath(lexicon))


@lru_cache(maxsize=8)
def _merged_lexicon(path: str) -> Lexicon:
    return Lexicon.default().merge(Lexicon.from_tsv(path))


def check_text(text: object) -> None:
    """Raise InputError unless ``text`` is a str within MAX_TEXT_CHARS."""
    if not isinstance(text, str):
        hint = " (decode it first, e.g. data.decode('utf-8'))" if isinstance(text, bytes) else ""
        raise InputError(f"text must be a str, not {type(text).__name__}{hint}")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")


def check_label(value: object, name: str) -> None:
    """Raise InputError unless an ``id`` or ``outlet`` is a str or None (it is copied into the
    JSON as it is, so a number or bytes would fail far from where it was given)."""
    if value is None or isinstance(value, str):
        return
    if isinstance(value, bytes):
        hint = "decode it first, e.g. value.decode('utf-8')"
    else:
        hint = f"pass str({value!r}) if that is what you mean"
    raise InputError(f"{name} must be a str or None, not {type(value).__name__}; {hint}")


def analyze_many(
    texts: Sequence[str],
    outlets: Sequence[str | None] | None = None,
    ids: Sequence[str | None] | None = None,
    model: SentenceModel | str | os.PathLike | None = None,
    lexicon: Lexicon | str | os.PathLike | None = None,
) -> list[ArticleAnalysis]:
    """Analyze several articles; the same results as :func:`analyze` on each.

    The sentence model scores the sentences of all articles in one call,
    which is much faster than one call per article for corpora.

    Parameters
    ----------
    texts : sequence of str
    outlets, ids : sequences of the same length, optional
    model, lexicon :
        As for :func:`analyze`.
    """
    return analyze_each(texts, outlets, ids, model, lexicon)  # type: ignore[return-value]


def analyze_each(
    texts: Sequence[str],
    outlets: Sequence[str | None] | None = None,
    ids: Sequence[str | None] | None = None,
    model: SentenceModel | str | os.PathLike | None = None,
    lexicon: Lexicon | str | os.PathLike | None = None,
    each: Callable[[], AbstractContextManager[Any]] | None = None,
) -> list[ArticleAnalysis | Exception]:
    """:func:`analyze_many`, with each article's own part of the analysis (everything after
    the batched sentence model) run inside ``each()`` (a corpus run's time budget per
    article); an exception raised there is that article's item instead of stopping the
    batch. Without ``each``, exactly :func:`analyze_many`."""
    texts = list(texts)
    for text in texts:
        check_text(text)
    outlets = list(outlets) if outlets is not None else [None] * len(texts)
    ids = list(ids) if ids is not None else [None] * len(texts)
    if not len(outlets) == len(ids) == len(texts):
        raise InputError("texts, outlets and ids must have the same length")
    for outlet, doc_id in zip(outlets, ids, strict=True):
        check_label(outlet, "outlet")
        check_label(doc_id, "id")
    with _gc_paused():  # the model's unpickling too
        if not isinstance(model, SentenceModel):
            model = load_model(model)
        lexicon = resolve_lexicon(lexicon)
        with _blas_threads().limit(limits=1, user_api="blas"):
            return _analyze_batch(texts, outlets, ids, model, lexicon, each)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector. An analysis builds many small objects and
    almost no reference cycles, yet each full collection walks everything alive (the
    model included): tens of milliseconds each, every few articles (and several while a
    model is unpickled). Reference counting still frees what the analysis drops; the
    collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=1)
def _blas_threads() -> Any:
    """The BLAS thread pools of this process (threadpoolctl). An analysis multiplies
    small matrices, for which extra BLAS threads only wait on each other: it runs them
    on one thread (restored afterwards; parallelism comes from worker processes)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _analyze_batch(
    texts: list[str],
    outlets: list[str | None],
    ids: list[str | None],
    model: SentenceModel,
    lexicon: Lexicon,
    each: Callable[[], AbstractContextManager[Any]] | None = None,
) -> list[ArticleAnalysis | Exception]:
    """:func:`analyze_each` on checked arguments."""
    # Page furniture is blanked (same length), so offsets still index into each text.
    blanked = [blank_furniture(t) for t in texts]
    docs = [tokenize(b) for b, _ in blanked]
    # Sentences without a single word (a line of dashes, "...") are not
    # classified: their P(biased) is 0.
    wordy = [(d, s.index) for d, doc in enumerate(docs) for s in doc.sentences if s.words]
    probs = [np.zeros(len(doc.sentences)) for doc in docs]
    if wordy:
        p = model.predict_proba([docs[d].sentences[i].text for d, i in wordy])[:, 1]
        for (d, i), value in zip(wordy, p, strict=True):
            probs[d][i] = value
    learned = model.component("attribution")
    out = []
    for text, (_, furniture), doc, prob, outlet, doc_id in zip(
        texts, blanked, docs, probs, outlets, ids, strict=True
    ):
        if each is None:
            analysis = _one(doc, prob, learned, model, lexicon, outlet, doc_id)
        else:
            try:
                with each():
                    analysis = _one(doc, prob, learned, model, lexicon, outlet, doc_id)
            except Exception as exc:  # this article's failure, not the batch's
                out.append(exc)
                continue
        analysis.text = text
        analysis.furniture = furniture
        out.append(analysis)
    return out


def _one(
    doc: Document,
    prob: np.ndarray,
    learned: Any,
    model: SentenceModel,
    lexicon: Lexicon,
    outlet: str | None,
    doc_id: str | None,
) -> ArticleAnalysis:
    """One article's own analysis, once its sentences have their probabilities."""
    # the actor mentions, found once: attribution resolves sources against them, the
    # actors are clustered from them
    mentions = find_mentions(doc)
    attr = extract_attributions(doc, learned=learned, mentions=mentions)
    return _assemble(doc, attr, prob, model, lexicon, outlet, doc_id, mentions)


def _assemble(
    doc: Document,
    attr: AttributionResult,
    probs: np.ndarray,
    model: SentenceModel,
    lexicon: Lexicon,
    outlet: str | None,
    doc_id: str | None,
    mentions: list[Mention] | None = None,
) -> ArticleAnalysis:
    """One ArticleAnalysis from a tokenized article, its attributions and P(biased)
    (``mentions``: its actor mentions, if already found)."""
    quoted_sent = [s.index in attr.quoted_sentences for s in doc.sentences]
    sentences = [
        SentenceResult(s.index, s.start, s.end, round(float(p), 4), q)
        for s, p, q in zip(doc.sentences, probs, quoted_sent, strict=True)
    ]

    terms = [
        _loaded_term(doc, attr, m, source="lexicon", rule=m.rule, direction=m.direction or "")
        for m in lexicon.match(doc)
    ]
    terms.extend(_model_terms(model, doc, probs, terms, attr))
    terms = [
        t for t in _outside_names(doc, terms) if is_reported(t.category, t.confidence, t.source)
    ]

    attributions = list(attr.attributions)
    n_words = doc.n_words
    subscores = {
        "loaded_language": _loaded_language(terms, n_words),
        "biased_sentences": _biased_sentences(probs, quoted_sent),
        "attribution": _attribution_score(attributions),
        "unattributed_claims": (
            len(attr.unattributed_sentences) / len(doc.sentences) if doc.sentences else 0.0
        ),
    }
    subscores = {k: round(_clip01(v), 4) for k, v in subscores.items()}
    signals = {k: round(float(v), 4) for k, v in attr.signals(n_words).items()}
    actors = find_actors(
        doc,
        terms,
        attr.is_quoted,
        sentiment=model.component("target_sentiment"),
        mentions=mentions,
    )
    score, evidence = _framing_score(model, subscores, terms, signals, n_words, actors)
    return ArticleAnalysis(
        text=doc.text,
        id=None if doc_id is None else str(doc_id),
        outlet=outlet,
        framing_score=score,
        subscores=subscores,
        n_sentences=len(doc.sentences),
        n_words=n_words,
        sentences=sentences,
        loaded_terms=terms,
        attributions=attributions,
        unattributed_sentences=sorted(attr.unattributed_sentences),
        signals=signals,
        model={"name": model.name, "version": model.version},
        actors=actors,
        score_evidence=evidence,
    )


def _framing_score(
    model: SentenceModel,
    subscores: dict[str, float],
    terms: list[LoadedTerm],
    signals: dict[str, float],
    n_words: int,
    actors: Sequence[Actor] = (),
) -> tuple[float, dict[str, Any]]:
    """The framing score and its evidence: the model's article score, else the fixed weights."""
    article_score = model.component("article_score")
    if article_score is None or n_words == 0:
        value = sum(SUBSCORE_WEIGHTS[k] * v for k, v in subscores.items())
        return round(_clip01(value), 4), {"method": "fixed_weights", "weights": SUBSCORE_WEIGHTS}
    feats = article_features(subscores, terms, signals, n_words, actors=actors)
    value, evidence = article_score.score(feats)
    return round(_clip01(value), 4), evidence


def _loaded_term(
    doc: Document,
    attr: AttributionResult,
    find: TermSpan,
    source: str,
    rule: str,
    direction: str = "",
    evidence: tuple[str, ...] = (),
) -> LoadedTerm:
    """A LoadedTerm from a lexicon match or a tagger find (same span fields)."""
    return LoadedTerm(
        start=find.start,
        end=find.end,
        text=doc.text[find.start : find.end],
        term=find.term,
        category=find.category,
        confidence=round(float(find.confidence), 4),
        neutral_alternatives=tuple(find.neutral_alternatives),
        sentence=_sentence_of(doc, find.start),
        source=source,
        quoted=bool(attr.is_quoted(find.start, find.end)),
        rule=rule,
        direction=direction,
        evidence=evidence,
        in_content=bool(attr.in_content(find.start, find.end)),
    )


def _outside_names(doc: Document, terms: list[LoadedTerm]) -> list[LoadedTerm]:
    """The terms without tagger words inside longer proper names (the lexicon already
    leaves those out), in order."""
    names = Names(doc)
    kept = [
        t
        for t in terms
        if not (t.source == "model" and t.text[:1].isupper() and names.inside(t.start, t.end))
    ]
    kept.sort(key=lambda t: (t.start, t.end))
    return kept


def _sentence_of(doc: Document, offset: int) -> int:
    idx = doc.sentence_at(offset)
    return -1 if idx is None else idx


def _model_terms(
    model: SentenceModel,
    doc: Document,
    probs: np.ndarray,
    lexicon_terms: list[LoadedTerm],
    attr: AttributionResult,
) -> list[LoadedTerm]:
    """Loaded terms found by the model's word-level tagger, if it has one,
    that the lexicon did not already flag."""
    tagger = model.tagger
    if tagger is None or not doc.sentences or not tagger_reported_from():
        return []  # no category reports tagger-only words (framing/data/term_categories.tsv)
    taken = sorted((t.start, t.end) for t in lexicon_terms)
    starts = [s for s, _ in taken]
    # lexicon spans may nest (a so_called span around an entry): the longest reach so far
    reach = list(accumulate((e for _, e in taken), max))
    out = []
    finds = tagger.find_terms(
        doc, sentence_probabilities=probs, min_confidence=MODEL_TERM_MIN_CONFIDENCE
    )
    for find in finds:
        if find.confidence < MODEL_TERM_MIN_CONFIDENCE:
            continue
        k = bisect_left(starts, find.end)  # spans starting before the find ends
        if k and reach[k - 1] > find.start:
            continue
        out.append(
            _loaded_term(
                doc, attr, find, source="model", rule="tagger", evidence=tuple(find.evidence)
            )
        )
    return out
