"""Training the learned attribution extractor on PolNeAR (needs python-crfsuite).

    python train.py --only attribution [--polnear ../shared/datasets/polnear]

``fit_extractor`` builds word clusters from the shipped word vectors, the cue-tagger
and span-tagger sequences from PolNeAR articles (primary annotations) and trains
both CRFs with L-BFGS (fixed settings; python-crfsuite is deterministic), then
exports them to :class:`framing.attribution.learned.LinearChain` arrays.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ..model import sha256_file
from ..resources import load_word_vectors
from ..text import Token, tokenize
from . import polnear
from .evaluation import merge_same_cue, score
from .features import quote_state, relative, side_features, token_features, with_context
from .learned import LearnedExtractor, LinearChain
from .polnear import Article
from .rules import extract_attributions

SEED = 42
CLUSTER_SIZES = (64, 512)
CUE_LABELS = ("O", "B-CUE", "I-CUE")
SPAN_LABELS = ("O", "B-SRC", "I-SRC", "B-CON", "I-CON")
JOINT_LABELS = CUE_LABELS + SPAN_LABELS[1:]
DESIGNS = ("cue_then_spans", "joint")
#: python-crfsuite settings of both taggers (chosen on the tune split of PolNeAR train).
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 250, "feature.possible_transitions": True}
#: A cue whose best labelling has no source takes the best one with a source when it scores at
#: most this much lower (``LearnedExtractor.source_margin``). Chosen on PolNeAR tune, combined
#: with the rules (F1 overlap cue / source / content): none 0.698 / 0.691 / 0.680, 1: 0.705 /
#: 0.693 / 0.688, 2: 0.708 / 0.692 / 0.690, 3: 0.710 / 0.690 / 0.693, always: 0.721 / 0.682 /
#: 0.704 (the source, the main target, is best at 1).
SOURCE_MARGIN = 1.0
#: Likewise a cue whose best labelling has no content takes the best one with a content when it
#: scores at most this much lower (``LearnedExtractor.content_margin``; such cues were dropped:
#: an attribution needs a content). Chosen on PolNeAR tune with SOURCE_MARGIN 1, combined with
#: the rules (F1 overlap cue / source / content): none 0.705 / 0.693 / 0.688, 1: 0.707 / 0.696 /
#: 0.688, 2: 0.708 / 0.696 / 0.688, 3: 0.709 / 0.697 / 0.688, 4: 0.709 / 0.697 / 0.688, 6: 0.708 /
#: 0.696 / 0.686, always: 0.708 / 0.695 / 0.685 (source best at 4, content exact 0.446 -> 0.441).
CONTENT_MARGIN = 4.0
#: Added to the cue tagger's "B-CUE" score of every token (``LearnedExtractor.cue_bias``):
#: more cues found at some precision. Chosen on PolNeAR tune with the margins above, combined
#: with the rules (F1 overlap cue / source / content): none 0.709 / 0.697 / 0.688, 0.5: 0.713 /
#: 0.696 / 0.689, 0.75: 0.715 / 0.696 / 0.691, 1: 0.716 / 0.696 / 0.691, 1.25: 0.718 / 0.697 /
#: 0.693, 1.5: 0.716 / 0.694 / 0.690, 2: 0.710 / 0.684 / 0.684.
CUE_BIAS = 1.25
#: ``SOURCE_MARGIN`` for the cues whose word ends in "-ing" (``LearnedExtractor.
#: participle_source_margin``). Chosen on PolNeAR tune with the settings above, combined with
#: the rules (F1 overlap cue / source / content): as SOURCE_MARGIN (1) 0.718 / 0.697 / 0.693,
#: 0: 0.717 / 0.696 / 0.691, 2: 0.720 / 0.698 / 0.694, 4: 0.722 / 0.697 / 0.696, 6: 0.724 /
#: 0.697 / 0.699, 8: 0.724 / 0.698 / 0.700, 10 and 15: 0.724 / 0.698 / 0.700, always: 0.724 /
#: 0.697 / 0.700 (8: all three at or above the others).
PARTICIPLE_SOURCE_MARGIN = 8.0
#: ``fit_attribution_component`` trains the shipped extractor again on all of PolNeAR train
#: (fit + tune) once tune has chosen the design and settings (False: the ``fit`` model ships).
REFIT_ON_ALL_TRAIN = True

__all__ = [
    "fit_extractor",
    "word_clusters",
    "sequences",
    "CRF_PARAMS",
    "SOURCE_MARGIN",
    "CONTENT_MARGIN",
    "CUE_BIAS",
    "PARTICIPLE_SOURCE_MARGIN",
    "REFIT_ON_ALL_TRAIN",
]


def word_clusters(seed: int = SEED) -> dict[str, tuple[int, int]]:
    """Word -> (cluster of 64, cluster of 512) over the shipped word vectors (k-means)."""
    from sklearn.cluster import MiniBatchKMeans

    index, vectors, _ = load_word_vectors()
    X = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)
    ids = []
    for k in CLUSTER_SIZES:
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=4096)
        ids.append(km.fit_predict(X))
    return {w: (int(ids[0][i]), int(ids[1][i])) for w, i in index.items()}


def _overlaps(tok: Token, spans: Iterable[tuple[int, int]]) -> bool:
    return any(tok.start < e and s < tok.end for s, e in spans)


def _bio(toks: tuple[Token, ...], spans: list[tuple[int, int]], kind: str, labels: list[str]):
    for s, e in spans:
        inside = [k for k, t in enumerate(toks) if t.start < e and s < t.end]
        for n, k in enumerate(inside):
            if labels[k] == "O":
                labels[k] = ("B-" if n == 0 or inside[n - 1] != k - 1 else "I-") + kind


def sequences(
    articles: Iterable[Article], clusters: dict, joint: bool = False
) -> tuple[list, list]:
    """Training sequences ``(features, labels)`` of the cue tagger and of the span tagger.

    ``joint``: the cue tagger's labels also mark every source and content of the
    sentence (one tagger for all roles; no span-tagger sequences).
    """
    cue_seqs, span_seqs = [], []
    for art in articles:
        doc = tokenize(art.text)
        quotes = quote_state(doc)
        pos = 0
        for sent in doc.sentences:
            toks = sent.tokens
            q = quotes[pos : pos + len(toks)]
            pos += len(toks)
            if not toks:
                continue
            base = token_features(toks, q, clusters)
            ctx = with_context(base)
            golds = [g for g in art.gold if sent.start <= g["cue"][0] < sent.end]
            labels = ["O"] * len(toks)
            _bio(toks, [g["cue"] for g in golds], "CUE", labels)
            if joint:
                for g in golds:
                    _bio(toks, list(g["source_fragments"]), "SRC", labels)
                    _bio(toks, list(g["content_fragments"]), "CON", labels)
                cue_seqs.append((ctx, labels))
                continue
            cue_seqs.append((ctx, labels))
            for g in golds:
                inside = [k for k, t in enumerate(toks) if _overlaps(t, [g["cue"]])]
                if not inside:
                    continue
                ci, cj = inside[0], inside[-1] + 1
                rel = relative(toks, q, ci, cj)
                for k in range(len(toks)):
                    if not ci <= k < cj:
                        rel[k] += side_features(base[k], "L" if k < ci else "R")
                lab = ["O"] * len(toks)
                cue_toks = set(range(ci, cj))
                _bio(toks, list(g["source_fragments"]), "SRC", lab)
                _bio(toks, list(g["content_fragments"]), "CON", lab)
                for k in cue_toks:
                    lab[k] = "O"
                span_seqs.append(([c + r for c, r in zip(ctx, rel, strict=True)], lab))
    return cue_seqs, span_seqs


def train_chain(seqs: list, labels: tuple[str, ...], params: dict | None = None) -> LinearChain:
    """Train one CRF with python-crfsuite and export it to arrays."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in seqs:
        trainer.append(x, y)
    trainer.set_params(params or CRF_PARAMS)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "model.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        chain = LinearChain.from_crfsuite(tagger.info(), labels)
        tagger.close()
    return chain


def fit_extractor(
    articles: list[Article],
    params: dict | None = None,
    clusters: dict | None = None,
    design: str = "cue_then_spans",
) -> LearnedExtractor:
    """Train the extractor on ``articles`` (see the module docstring).

    ``design``: ``cue_then_spans`` (a cue tagger, then a span tagger per cue with
    features relative to it: what ships) or ``joint`` (one tagger labels cues,
    sources and contents; each cue takes the nearest source and content).
    """
    t0 = time.perf_counter()
    clusters = word_clusters() if clusters is None else clusters
    joint = design == "joint"
    cue_seqs, span_seqs = sequences(articles, clusters, joint=joint)
    cue = train_chain(cue_seqs, JOINT_LABELS if joint else CUE_LABELS, params)
    span = None if joint else train_chain(span_seqs, SPAN_LABELS, params)
    info = {
        "design": design,
        "n_articles": len(articles),
        "n_cue_sequences": len(cue_seqs),
        "n_span_sequences": len(span_seqs),
        "crf_params": dict(params or CRF_PARAMS),
        "source_margin": SOURCE_MARGIN,
        "content_margin": CONTENT_MARGIN,
        "cue_bias": CUE_BIAS,
        "participle_source_margin": PARTICIPLE_SOURCE_MARGIN,
        "cluster_sizes": list(CLUSTER_SIZES),
        "seed": SEED,
        "train_seconds": round(time.perf_counter() - t0, 1),
    }
    return LearnedExtractor(
        cue,
        span,
        clusters,
        info,
        source_margin=SOURCE_MARGIN,
        content_margin=CONTENT_MARGIN,
        cue_bias=CUE_BIAS,
        participle_source_margin=PARTICIPLE_SOURCE_MARGIN,
    )


def _tune_scores(extractor: LearnedExtractor, articles: list[Article]) -> dict:
    """Scores on ``articles`` of the extractor alone and combined with the rules."""

    alone, combined = [], []
    for art in articles:
        doc = tokenize(art.text)
        alone.append((art.text, extractor.extract(doc), list(art.gold)))
        res = extract_attributions(doc, learned=extractor, mentions=[])
        preds = [
            {
                "cue": (a.cue_start, a.cue_end),
                "source": (a.source_start, a.source_end),
                "content": (a.content_start, a.content_end),
            }
            for a in res.attributions
        ]
        combined.append((art.text, merge_same_cue(preds), list(art.gold)))

    def brief(r: dict) -> dict:
        return {
            f"{role}_{mode}_f1": r[role][mode]["f1"]
            for role in ("cue", "source", "content")
            for mode in ("overlap", "exact")
        }

    return {"learned": brief(score(alone)), "combined": brief(score(combined))}


#: What a reused ``fit`` model must share with a new one (``fit_attribution_component``).
_SAME_TRAINING = ("design", "crf_params", "cluster_sizes", "seed")


def _with_settings(extractor: LearnedExtractor) -> LearnedExtractor:
    """``extractor`` with this module's decoding settings (margins, cue bias)."""
    extractor.source_margin = SOURCE_MARGIN
    extractor.content_margin = CONTENT_MARGIN
    extractor.cue_bias = CUE_BIAS
    extractor.participle_source_margin = PARTICIPLE_SOURCE_MARGIN
    for key in ("source_margin", "content_margin", "cue_bias", "participle_source_margin"):
        extractor.info[key] = getattr(extractor, key)
    return extractor


def reusable_fit_model(
    extractor: LearnedExtractor | None, directory: Path, clusters: dict
) -> LearnedExtractor | None:
    """``extractor`` if it is the model ``fit_extractor`` trains on the ``fit`` part of the
    PolNeAR train file in ``directory`` (same file hash, article count, word clusters and
    training settings), else None."""
    if extractor is None or extractor.span is None:
        return None
    info = extractor.info
    data = info.get("data", {})
    fit = polnear.read(directory, "fit")
    same = (
        data.get("sha256") == sha256_file(Path(directory) / polnear.FILES["train"])
        and info.get("n_articles") == len(fit)
        and data.get("trained_on", "fit") == "fit"
        and extractor.clusters == clusters
        and all(
            info.get(k) == v
            for k, v in zip(
                _SAME_TRAINING,
                ("cue_then_spans", dict(CRF_PARAMS), list(CLUSTER_SIZES), SEED),
                strict=True,
            )
        )
    )
    return extractor if same else None


def fit_attribution_component(
    directory: Path, refit: bool = REFIT_ON_ALL_TRAIN, fit_model: LearnedExtractor | None = None
) -> tuple[LearnedExtractor, dict]:
    """The shipped extractor and its info: trained on PolNeAR ``fit`` and measured on
    ``tune``; with ``refit``, then trained again on all of train (fit + tune) with the same
    design and settings, its ``metrics_tune`` being those of the ``fit`` model, measured
    before the refit (the refitted model has seen tune).

    ``fit_model``: an extractor already trained on ``fit`` by this code (for example the
    component of a model directory; :func:`reusable_fit_model` checks it), measured instead
    of training it again.
    """
    fit = polnear.read(directory, "fit")
    tune = polnear.read(directory, "tune")
    clusters = word_clusters()
    reused = reusable_fit_model(fit_model, directory, clusters)
    if fit_model is not None and reused is None:
        print("attribution: the given fit model does not match this training; training it again")
    model = _with_settings(reused) if reused is not None else fit_extractor(fit, clusters=clusters)
    path = Path(directory) / polnear.FILES["train"]
    data = {
        "name": "PolNeAR (Newell, Margolin & Ruths, LREC 2018), primary annotations; "
        "no licence stated by its authors: research use, text not shipped",
        "file": polnear.FILES["train"],
        "sha256": sha256_file(path),
        "fit_articles": len(fit),
        "tune_articles": len(tune),
        "split": f"train by article: sha256(doc_id) < {polnear.TUNE_SHARE} -> tune",
        "trained_on": "fit",
    }
    metrics = _tune_scores(model, tune)
    if refit:
        train = polnear.read(directory, "train")
        fit_seconds = model.info.get("train_seconds")
        model = fit_extractor(train, clusters=clusters)
        data["trained_on"] = "fit+tune"
        data["train_articles"] = len(train)
        data["fit_model_train_seconds"] = fit_seconds
    info = {
        **model.info,
        "data": data,
        "metrics_tune": metrics,
        "metrics_tune_model": (
            f"trained on fit ({len(fit)} articles), measured before the refit on all of train"
            if refit
            else f"trained on fit ({len(fit)} articles): this model"
        ),
    }
    model.info = info
    return model, info
