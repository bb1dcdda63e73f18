"""Word-level evaluation of the loaded-term tagger on BABE's biased words.

Usage::

    python bench/term_eval.py                 # GroupKFold(5) by outlet
    python bench/term_eval.py --logo          # leave-one-outlet-out
    python bench/term_eval.py --ablations     # also without sentence_p / with BABE lexicon
    python bench/term_eval.py --sentence-context  # the tagger with its sentence-context stage

Prints, for folds grouped by outlet (no outlet is in both the training and the
test part of a fold):

- word-level precision / recall / F1 over all word tokens of BABE SG2, gold
  labels aligned with :func:`framing.tagger.align_biased_words` (annotated
  function words count as gold, and the tagger never flags them);
- top-1 accuracy (Recasens et al. 2013): in sentences labelled biased with at
  least one aligned biased word, is the highest-scoring word an annotated one?
- the same P/R/F1 for lexicon-only baselines (the curated lexicon
  ``Lexicon.default()``, the BABE bias-word dictionary, the Recasens bias
  lexicon), matched on the same tokens;
- recall per implied category of the gold words and precision per category
  of the flags;
- the time to tag a 1,000-word article.

Sentence probabilities are out-of-fold by outlet (GroupKFold(5) of the default
sentence pipeline), and each tagger picks its threshold on its training folds.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

from framing.lexicon import Lexicon
from framing.resources import is_reported, load_wordlist, reported_categories
from framing.scoring import MODEL_TERM_MIN_CONFIDENCE
from framing.tagger import TermTagger, align_biased_words, best_f1_threshold, implied_category
from framing.term_rank import TermRanking, fit_term_ranking, rank_document
from framing.text import tokenize
from framing.training import load_babe, oof_sentence_probabilities


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def gold_tokens(texts, biased_words):
    """Per text: its Document, its word tokens and their gold labels."""
    docs, words, labels, unaligned = [], [], [], []
    for text, bw in zip(texts, biased_words, strict=True):
        doc = tokenize(text)
        toks = [t for s in doc.sentences for t in s.tokens]
        lab, miss = align_biased_words(toks, bw)
        docs.append(doc)
        words.append([t for t in toks if t.is_word])
        labels.append(
            np.array([lb for t, lb in zip(toks, lab, strict=True) if t.is_word], dtype=bool)
        )
        unaligned.extend(miss)
    return docs, words, labels, unaligned


def run_tagger(make, df, docs, words, sent_p, folds, on_fold=None):
    """Out-of-fold token probabilities, flags (find_terms) and thresholds;
    ``on_fold(tagger, train_indices, test_indices)`` is called after each fit."""
    texts = df.text.tolist()
    bw = [list(map(str, x)) for x in df.biased_words]
    outlets = df.outlet.astype(str).to_numpy()
    scores = [None] * len(texts)
    flags = [None] * len(texts)
    thresholds = np.zeros(len(texts))
    for tr, te in folds:
        tagger = make().fit(
            [texts[i] for i in tr],
            [bw[i] for i in tr],
            sentence_probabilities=None if sent_p is None else sent_p[tr],
            groups=outlets[tr],
        )
        for i in te:
            probs = None if sent_p is None else [sent_p[i]] * len(docs[i].sentences)
            tp = tagger.predict_token_proba(docs[i], sentence_probabilities=probs)
            scores[i] = np.array([p for t, p in tp if t.is_word])
            found = {f.start for f in tagger.find_terms(docs[i], sentence_probabilities=probs)}
            flags[i] = np.array([t.start in found for t in words[i]], dtype=bool)
            thresholds[i] = tagger.threshold_
        if on_fold is not None:
            on_fold(tagger, tr, te)
    return scores, flags, thresholds


def tagger_metrics(scores, flags, thresholds, labels, words, y_sent):
    tp = n_pred = n_gold = 0
    top_hit = top_n = 0
    cat_gold, cat_found, cat_pred, cat_pred_ok = Counter(), Counter(), Counter(), Counter()
    for s, pred, lab, ws, ys in zip(scores, flags, labels, words, y_sent, strict=True):
        tp += int((pred & lab).sum())
        n_pred += int(pred.sum())
        n_gold += int(lab.sum())
        for k in np.flatnonzero(lab | pred):
            cat = implied_category(ws[k].text)
            if lab[k]:
                cat_gold[cat] += 1
                cat_found[cat] += int(pred[k])
            if pred[k]:
                cat_pred[cat] += 1
                cat_pred_ok[cat] += int(lab[k])
        if ys == 1 and lab.any() and len(s):
            top_n += 1
            top_hit += int(lab[int(np.argmax(s))])
    p, r, f = prf(tp, n_pred, n_gold)
    return {
        "p": p,
        "r": r,
        "f1": f,
        "n_pred": n_pred,
        "n_gold": n_gold,
        "top1": top_hit / top_n if top_n else 0.0,
        "top_n": top_n,
        "thr": float(np.mean(thresholds)),
        "cats": (cat_gold, cat_found, cat_pred, cat_pred_ok),
    }


def _probs(sent_p, i, doc):
    return None if sent_p is None else [float(sent_p[i])] * len(doc.sentences)


def _overlap(words, start, end):
    return [k for k, t in enumerate(words) if t.start < end and start < t.end]


class Ranking:
    """The combined ranking (framing.term_rank) and what analyze reports, per outer fold.

    ``__call__`` runs after each outer fold's tagger is fitted: it keeps, for the
    fold's test sentences, the tagger's probabilities, the candidates (lexicon
    matches of the reported categories and tagger finds, not inside names) and
    what ``analyze`` reports (lexicon matches of the reported categories, tagger
    finds from their implied category's ``tagger_from``, at least
    ``MODEL_TERM_MIN_CONFIDENCE``: none since v4), and two
    alternatives: every tagger find from the fold's own threshold (chosen inside the
    fold), and that threshold for every implied category but ``model``.
    ``finish`` then fits the ranking weights for each fold on the candidates of
    the *other* folds' sentences (their probabilities are out-of-fold too, from
    taggers that did see this fold's sentences: the dozen ranking weights are fitted
    on held-out probabilities of other outlets, never on this fold's labels).
    """

    VARIANTS = (
        "all tagger finds from the fold's threshold",
        "fold's threshold, P 0.6 for the category model",
    )

    def __init__(self, docs, words, labels, sent_p, lexicon, every_match=False):
        self.docs, self.words, self.labels, self.sent_p = docs, words, labels, sent_p
        # what analyze keeps: a reported category at or above its reported_from confidence;
        # with every_match, every lexicon and rule match is a ranking candidate (its category
        # and prior are features), and what analyze reports is still the reported ones
        self.matches = [
            [m for m in lexicon.match(d) if every_match or is_reported(m.category, m.confidence)]
            for d in docs
        ]
        n = len(docs)
        self.cands = [None] * n
        self.token_p = [None] * n
        self.analyze = [None] * n
        self.variants = {name: [None] * n for name in self.VARIANTS}
        self.stage1_p = [None] * n
        self.fold_of = np.zeros(n, dtype=int)
        self.n_folds = 0

    def __call__(self, tagger, tr, te):
        dummy = TermRanking({}, 0.5)
        for i in te:
            doc, ws = self.docs[i], self.words[i]
            probs = _probs(self.sent_p, i, doc)
            cands = rank_document(doc, self.matches[i], tagger, probs, dummy)
            tp = {t.start: p for t, p in tagger.predict_token_proba(doc, probs)}
            self.token_p[i] = np.array([tp.get(t.start, 0.0) for t in ws])
            if getattr(tagger, "context_coef_", None) is not None:
                coef, tagger.context_coef_ = tagger.context_coef_, None
                tp = {t.start: p for t, p in tagger.predict_token_proba(doc, probs)}
                tagger.context_coef_ = coef
                self.stage1_p[i] = np.array([tp.get(t.start, 0.0) for t in ws])
            labs = [
                int(any(self.labels[i][k] for k in _overlap(ws, c.start, c.end))) for c in cands
            ]
            self.cands[i] = (cands, labs)
            low = max(tagger.threshold_, MODEL_TERM_MIN_CONFIDENCE)
            cutoffs = {
                "analyze": lambda cat, low=low: low,
                "all tagger finds from the fold's threshold": lambda cat: tagger.threshold_,
                "fold's threshold, P 0.6 for the category model": (
                    lambda cat, low=low: low if cat == "model" else tagger.threshold_
                ),
            }
            for name, cutoff in cutoffs.items():
                rep = np.zeros(len(ws), dtype=bool)
                for c in cands:
                    if c.match is not None and not is_reported(
                        c.match.category, c.match.confidence
                    ):
                        continue
                    if c.match is None:
                        cat = implied_category(c.find.term)
                        # analyze: the category's tagger_from; the alternatives: any
                        # category analyze reports, from the cutoff alone
                        if c.p < cutoff(cat) or not (
                            is_reported(cat, c.p, "model")
                            if name == "analyze"
                            else cat in reported_categories()
                        ):
                            continue
                    rep[_overlap(ws, c.start, c.end)] = True
                if name == "analyze":
                    self.analyze[i] = rep
                else:
                    self.variants[name][i] = rep
            self.fold_of[i] = self.n_folds
        self.n_folds += 1

    def fit(self, idx):
        rows, y = [], []
        for i in idx:
            cands, labs = self.cands[i]
            rows.extend(c.features for c in cands)
            y.extend(labs)
        return fit_term_ranking(rows, y)

    def finish(self):
        """Per sentence: combined word scores and the words reported at the ranking's
        F1 threshold; the rankings of the folds."""
        n = len(self.docs)
        self.combined, self.reported, self.rankings = [None] * n, [None] * n, []
        for f in range(self.n_folds):
            ranking = self.fit(np.flatnonzero(self.fold_of != f))
            self.rankings.append(ranking)
            for i in np.flatnonzero(self.fold_of == f):
                ws = self.words[i]
                comb = np.array([ranking.score(p) if p > 0 else 0.0 for p in self.token_p[i]])
                rep = np.zeros(len(ws), dtype=bool)
                for c, _ in zip(*self.cands[i], strict=True):
                    cat = c.match.category if c.match is not None else None
                    prior = c.match.confidence if c.match is not None else None
                    score = ranking.score(c.p, cat, prior)
                    ks = _overlap(ws, c.start, c.end)
                    rep[ks] |= score >= ranking.threshold
                    for k in ks:
                        comb[k] = max(comb[k], score)
                self.combined[i], self.reported[i] = comb, rep


def top_k(scores, labels, y_sent, k):
    """Share of biased sentences with an aligned biased word whose top-k words hold one."""
    hit = n = 0
    for s, lab, ys in zip(scores, labels, y_sent, strict=True):
        if ys == 1 and lab.any() and len(s):
            n += 1
            order = np.argsort(-s, kind="stable")[:k]
            hit += int(lab[order].any())
    return hit / n if n else 0.0, n


def lexicon_baselines(docs, words, labels):
    """Token predictions of lexicon-only matchers."""
    lex = Lexicon.default()
    babe = load_wordlist("babe_bias_words")
    recasens = load_wordlist("bias_lexicon")
    out = {}
    preds = {
        "curated lexicon (Lexicon.default)": [],
        "BABE bias-word dictionary": [],
        "Recasens bias lexicon": [],
    }
    for doc, ws in zip(docs, words, strict=True):
        spans = [(m.start, m.end) for m in lex.match(doc)]
        preds["curated lexicon (Lexicon.default)"].append(
            np.array([any(s < t.end and t.start < e for s, e in spans) for t in ws], dtype=bool)
        )
        low = [t.text.lower().replace("’", "'") for t in ws]
        preds["BABE bias-word dictionary"].append(np.array([w in babe for w in low], dtype=bool))
        preds["Recasens bias lexicon"].append(np.array([w in recasens for w in low], dtype=bool))
    for name, pr in preds.items():
        tp = sum(int((p & lab).sum()) for p, lab in zip(pr, labels, strict=True))
        out[name] = prf(tp, sum(int(p.sum()) for p in pr), sum(int(lab.sum()) for lab in labels))
    return out


def lexicon_union(flags, docs, words, labels):
    """P/R/F1 of the curated lexicon's matches plus the tagger's flags."""
    lex = Lexicon.default()
    tp = n_pred = n_gold = 0
    for fl, doc, ws, lab in zip(flags, docs, words, labels, strict=True):
        spans = [(m.start, m.end) for m in lex.match(doc)]
        pred = fl | np.array(
            [any(s < t.end and t.start < e for s, e in spans) for t in ws], dtype=bool
        )
        tp += int((pred & lab).sum())
        n_pred += int(pred.sum())
        n_gold += int(lab.sum())
    return prf(tp, n_pred, n_gold)


def time_article(tagger, seconds_budget: float = 2.0) -> float:
    """Milliseconds to tag a ~1,000-word article (median of repeats)."""
    import gzip
    import json

    from framing.resources import data_path

    with gzip.open(data_path("sample_articles.jsonl.gz"), "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    text = " ".join(texts)
    doc = tokenize(text)
    words = 0
    sents = []
    for s in doc.sentences:
        sents.append(s)
        words += len(s.words)
        if words >= 1000:
            break
    doc = tokenize(text[: sents[-1].end])
    probs = [0.5] * len(doc.sentences)
    tagger.find_terms(doc, probs)
    times = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds_budget:
        t0 = time.perf_counter()
        tagger.find_terms(doc, probs)
        times.append(time.perf_counter() - t0)
    return 1000 * float(np.median(times)), doc.n_words


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--logo", action="store_true", help="leave-one-outlet-out instead of GroupKFold(5)"
    )
    ap.add_argument(
        "--ablations", action="store_true", help="also run without sentence_p and with BABE words"
    )
    ap.add_argument("--sentence-proba", type=Path, help="cached .npy of OOF sentence probabilities")
    ap.add_argument("--C", type=float, default=TermTagger().C)
    ap.add_argument(
        "--write-ranking", type=Path, help="fit the ranking on all folds and write it here"
    )
    ap.add_argument(
        "--no-timing", action="store_true", help="skip the timing (one more fit on all of BABE)"
    )
    ap.add_argument(
        "--sentence-context",
        action="store_true",
        help="the tagger with its sentence-context stage (TermTagger(sentence_context=True))",
    )
    args = ap.parse_args(argv)

    df = load_babe()
    texts = df.text.tolist()
    bw = [list(map(str, x)) for x in df.biased_words]
    outlets = df.outlet.astype(str).to_numpy()
    y_sent = df.label.to_numpy()
    docs, words, labels, unaligned = gold_tokens(texts, bw)
    n_annot = sum(len(x) for x in bw)
    print(
        f"BABE SG2: {len(texts)} sentences, {n_annot} annotated biased words; "
        f"{sum(int(lab.sum()) for lab in labels)} gold word tokens after alignment, "
        f"{len(unaligned)} annotation words unaligned {sorted(set(unaligned))[:12]}"
    )

    if args.sentence_proba and args.sentence_proba.exists():
        sent_p = np.load(args.sentence_proba)
    else:
        t0 = time.time()
        sent_p = oof_sentence_probabilities(texts, y_sent, outlets, biased_words=bw)
        print(f"OOF sentence probabilities (GroupKFold(5) by outlet) in {time.time() - t0:.0f}s")
        if args.sentence_proba:
            np.save(args.sentence_proba, sent_p)

    splitter = LeaveOneGroupOut() if args.logo else GroupKFold(n_splits=5)
    folds = list(splitter.split(texts, y_sent, outlets))
    scheme = "leave-one-outlet-out" if args.logo else "GroupKFold(5) by outlet"
    print(f"\nfolds: {scheme} ({len(folds)} folds)\n")
    print(f"{'system':48s} {'P':>6s} {'R':>6s} {'F1':>6s} {'top-1':>6s}")
    for name, (p, r, f) in lexicon_baselines(docs, words, labels).items():
        print(f"{name:48s} {p:6.3f} {r:6.3f} {f:6.3f} {'-':>6s}")

    ctx = args.sentence_context
    label = "tagger (sentence-context stage)" if ctx else "tagger (shipped settings)"
    variants = [(label, lambda: TermTagger(C=args.C, sentence_context=ctx), sent_p)]
    if args.ablations:
        variants += [
            ("tagger without sentence_p", lambda: TermTagger(C=args.C), None),
            (
                "tagger + BABE dictionary feature",
                lambda: TermTagger(C=args.C, include_babe_words=True),
                sent_p,
            ),
            (
                "tagger, require_lexicon=True",
                lambda: TermTagger(C=args.C, require_lexicon=True),
                sent_p,
            ),
        ]
    main_result = None
    ranking = Ranking(docs, words, labels, sent_p, Lexicon.default())
    every = Ranking(docs, words, labels, sent_p, Lexicon.default(), every_match=True)

    def both(tagger, tr, te):
        ranking(tagger, tr, te)
        every(tagger, tr, te)

    for name, make, sp in variants:
        t0 = time.time()
        on_fold = both if main_result is None else None
        scores, flags, thr = run_tagger(make, df, docs, words, sp, folds, on_fold=on_fold)
        m = tagger_metrics(scores, flags, thr, labels, words, y_sent)
        if main_result is None:
            # tagger-only words from MODEL_TERM_MIN_CONFIDENCE (analyze's cutoff for the category model)
            cut = [
                f & (sc >= MODEL_TERM_MIN_CONFIDENCE) for f, sc in zip(flags, scores, strict=True)
            ]
            at_cut = tagger_metrics(scores, cut, thr, labels, words, y_sent)
            union = lexicon_union(cut, docs, words, labels)
        main_result = main_result or m
        print(
            f"{name:48s} {m['p']:6.3f} {m['r']:6.3f} {m['f1']:6.3f} {m['top1']:6.3f}"
            f"   (thr {m['thr']:.2f}, {m['n_pred']} flags, {time.time() - t0:.0f}s)"
        )
    print(
        f"{f'tagger at the report cutoff ({MODEL_TERM_MIN_CONFIDENCE})':48s} {at_cut['p']:6.3f} "
        f"{at_cut['r']:6.3f} {at_cut['f1']:6.3f}      -   ({at_cut['n_pred']} flags)"
    )
    print(
        f"{f'all lexicon matches + tagger >= {MODEL_TERM_MIN_CONFIDENCE}':48s} {union[0]:6.3f} {union[1]:6.3f} {union[2]:6.3f}"
    )
    print(f"\ntop-1 over {main_result['top_n']} biased sentences with >=1 aligned biased word")

    ranking.finish()
    every.finish()
    n_gold = sum(int(lab.sum()) for lab in labels)
    print(
        f"\nlexicon and tagger together ({scheme}; categories of framing/data/term_categories.tsv, "
        "no flags inside names):"
    )
    for name, pred in (
        ("what analyze reports (loaded_terms)", ranking.analyze),
        *((f"  alternative: {k}", v) for k, v in ranking.variants.items()),
        ("combined score >= its F1 threshold", ranking.reported),
    ):
        tp = sum(int((r & lab).sum()) for r, lab in zip(pred, labels, strict=True))
        n_rep = sum(int(r.sum()) for r in pred)
        rp, rr, rf = prf(tp, n_rep, n_gold)
        print(f"{name:48s} {rp:6.3f} {rr:6.3f} {rf:6.3f}   ({n_rep} flagged words)")
    stage1 = None
    if all(p is not None for p in ranking.stage1_p):
        stage1 = ranking.stage1_p
        y_all = np.concatenate(labels).astype(int)
        s_all = np.concatenate(stage1)
        fold_w = np.concatenate([np.full(len(w), ranking.fold_of[i]) for i, w in enumerate(words)])
        pred = np.zeros(len(y_all), dtype=bool)
        for f in range(ranking.n_folds):
            t = best_f1_threshold(y_all[fold_w != f], s_all[fold_w != f])
            pred[fold_w == f] = s_all[fold_w == f] >= t
        rp, rr, rf = prf(int((pred & (y_all == 1)).sum()), int(pred.sum()), n_gold)
        print(
            f"{'tagger without its sentence-context stage':48s} {rp:6.3f} {rr:6.3f} {rf:6.3f}"
            "   (same fits; threshold F1-optimal on the other folds)"
        )
    for name, sc in (
        ("tagger alone", ranking.token_p),
        *((("tagger without its sentence-context stage", stage1),) if stage1 else ()),
        ("tagger + lexicon (framing.term_rank)", ranking.combined),
        ("tagger + every lexicon and rule match", every.combined),
    ):
        t1, n = top_k(sc, labels, y_sent, 1)
        t3, _ = top_k(sc, labels, y_sent, 3)
        print(f"{'ranking: ' + name:48s} top-1 {t1:.3f}  top-3 {t3:.3f}  ({n} sentences)")
    thr = ", ".join(f"{r.threshold:.3f}" for r in ranking.rankings)
    print(f"combined-score thresholds per fold (fitted on the other folds): {thr}")
    if args.write_ranking:
        shipped = ranking.fit(np.arange(len(docs)))
        shipped.write(
            args.write_ranking,
            header=(
                "framing term ranking (framing.term_rank): logistic-regression weights over the candidate\n"
                "features and the F1-optimal report threshold, fitted on BABE SG2 with tagger probabilities\n"
                "out-of-fold by outlet (GroupKFold(5)); rebuilt by: python bench/term_eval.py --write-ranking "
                "FILE\nLicence: AGPL-3.0 (trained on BABE)."
            ),
        )
        print(f"ranking weights written to {args.write_ranking}")

    cat_gold, cat_found, cat_pred, cat_pred_ok = main_result["cats"]
    print("\nper implied category (shipped settings):")
    print(f"{'category':14s} {'gold':>6s} {'recall':>7s} {'flags':>6s} {'precision':>9s}")
    for cat in sorted(set(cat_gold) | set(cat_pred), key=lambda c: -cat_gold[c]):
        rec = cat_found[cat] / cat_gold[cat] if cat_gold[cat] else float("nan")
        prec = cat_pred_ok[cat] / cat_pred[cat] if cat_pred[cat] else float("nan")
        print(f"{cat:14s} {cat_gold[cat]:6d} {rec:7.3f} {cat_pred[cat]:6d} {prec:9.3f}")

    if args.no_timing:
        return 0
    full = TermTagger(C=args.C).fit(texts, bw, sentence_probabilities=sent_p, groups=outlets)
    ms, n_words = time_article(full)
    print(f"\ntagging a {n_words}-word article: {ms:.1f} ms (find_terms, median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
