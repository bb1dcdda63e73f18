"""MODEL_CARD.md for a model directory, rendered from its meta.json."""

from __future__ import annotations

from typing import Any

__all__ = ["render_model_card"]

_SCHEME_TEXT = {
    "stratified": "stratified K-fold (shuffled, seed {seed})",
    "leave_one_outlet_out": "leave-one-outlet-out (each fold holds out every sentence of one outlet)",
    "leave_one_topic_out": "leave-one-topic-out (each fold holds out one topic)",
}


def _scheme_text(name: str, seed: int) -> str:
    if name.startswith("stratified"):
        return _SCHEME_TEXT["stratified"].format(seed=seed) + f", {name.split('_')[1]}"
    return _SCHEME_TEXT.get(name, name)


def _metrics_table(metrics: dict[str, Any], seed: int) -> str:
    if not metrics:
        return "No cross-validation was run for this model (`--cv 0`).\n"
    lines = [
        "| split | macro-F1 (pooled) | weighted-F1 (pooled) | mean per-fold macro-F1 | Brier | folds |",
        "|---|---|---|---|---|---|",
    ]
    for name, m in metrics.items():
        if name == "comparison":
            continue
        lines.append(
            f"| {_scheme_text(name, seed)} | {m['macro_f1']:.3f} | {m['weighted_f1']:.3f} | "
            f"{m['mean_fold_macro_f1']:.3f} | {m['brier']:.3f} | {m['n_folds']} |"
        )
    return "\n".join(lines) + "\n"


_AGAINST = {
    "current_default": "the default model when this one was trained (as it was, not retrained)",
    "without_your_data": "the same recipe trained without the added label files",
}


def _comparison_text(metrics: dict[str, Any]) -> str:
    comp = metrics.get("comparison")
    if not comp:
        return ""
    lines = [
        "## Did the new labels help?",
        f"Out-of-fold predictions on the same {comp['scheme'].replace('_', ' ')} folds. The interval is a "
        "paired bootstrap 95% interval of the difference in macro-F1.",
        "",
    ]
    if comp["results"]:
        lines += [
            "| compared with | rows | n | macro-F1 this model | macro-F1 other | difference (95% interval) "
            "| Brier this / other |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in comp["results"]:
            other = _AGAINST[r["against"]]
            if "model" in r:
                other += f": `{r['model']['name']}` v{r['model']['version']}"
            lo, hi = r["ci95"]
            lines.append(
                f"| {other} | {r['rows']} | {r['n']} | {r['new']['macro_f1']:.3f} | {r['other']['macro_f1']:.3f} "
                f"| {r['delta_macro_f1']:+.3f} ({lo:+.3f} to {hi:+.3f}) | {r['new']['brier']:.3f} / "
                f"{r['other']['brier']:.3f} |"
            )
    if comp.get("notes"):
        lines += [""] + [f"- {n}" for n in comp["notes"]]
    return "\n".join(lines) + "\n"


def _anchors(babe: bool) -> str:
    if not babe:
        return ""
    return """## Context on BABE
Published figures on the same 3,673 sentences (5-fold, weighted F1): feature + lexicon XGBoost
0.57, fine-tuned BERT 0.79, BERT with distant supervision 0.804, DA-RoBERTa 0.814 (Spinde et al.
2021). A plain word + character TF-IDF logistic regression reaches 0.738 10-fold macro-F1 and
0.666 leave-one-outlet-out here. What moved this model: the cross-fitted table of words BABE's
annotators marked as biased (+0.03 10-fold, +0.05 outlet-out), lexicon features (+0.004 / +0.02),
distilled static word vectors (+0.002 / +0.006). Tried without gain: NB-SVM, calibrated linear
SVM, SGD, wider n-gram ranges, the BABE bias-word dictionary as a feature.
"""


def _tagger_section(tagger: dict[str, Any] | None) -> str:
    if not tagger:
        return "## Term tagger\nNone: this model flags loaded terms with the lexicon only.\n"
    return (
        "## Term tagger\n"
        f"A word-level tagger (`framing.tagger.TermTagger`) fitted on {tagger['n_sentences']} "
        f"word-annotated sentences ({tagger.get('n_train_positive', '?')} loaded of "
        f"{tagger.get('n_train_tokens', '?')} candidate tokens; {tagger.get('n_unaligned_words', '?')} "
        "annotated words matched no token). A logistic regression over named features (word, stem, "
        "affixes, lexicon memberships, MPQA/VADER, capitalisation, position, neighbours, quotation, "
        "negation and hedge context, the sentence model's probability, word pairs seen at least twice), "
        "the word's static vector (`framing/data/word_vectors.npz`), how often its ten nearest training "
        "words were annotated (itself left out), and how partisan / one-sided / subjective its usage is in "
        "6,000 news articles and the Pang & Lee subjectivity corpus (`framing/data/word_usage.tsv.gz`, "
        "Monroe et al. 2008 log-odds z-scores). Its sentence-probability feature comes from out-of-fold "
        f"sentence models grouped by {tagger.get('oof_grouping')}. F1-optimal threshold "
        f"{tagger.get('threshold')}; `framing.analyze` reports words found only by the tagger from the "
        "probability `tagger_from` of their category in `framing/data/term_categories.tsv` (none since "
        "the v4 category judgement: tagger words rank, they are not reported). Held-out word-level quality: "
        "`python bench/term_eval.py`.\n"
    )


def _components_section(components: dict[str, Any]) -> str:
    """One section per component stored beside the sentence model (e.g. target_sentiment)."""
    out = []
    info = components.get("target_sentiment")
    if info:
        files = "\n".join(
            f"- `{f['file']}` — {f['rows']} rows, sha256 `{f['sha256']}`"
            for f in info.get("data", {}).get("files", [])
        )
        m = info.get("metrics", {})
        recipe = "\n".join(f"- {k}: {v}" for k, v in info.get("recipe", {}).items())
        out.append(
            f"""## Component: target_sentiment
Sentiment toward a target span in its sentence (`framing.target_sentiment`, and each actor's
`sentiment` in `framing.analyze`), in the sense of NewsMTSC (Hamborg & Donnay, EACL 2021):
polar judgement toward a person expressed in the sentence itself. File `{info.get("file")}`,
sha256 `{info.get("sha256")}`, seed {info.get("seed")}.

Data: {info.get("data", {}).get("name", "")}. Only `train.jsonl` is trained on; the dev files
measure it.
{files}
{("- teacher: " + str(info["data"]["unlabelled"])) if info.get("data", {}).get("unlabelled") else ""}

Recipe:
{recipe}

| split | macro-F1 (F1m) | linear part alone |
|---|---|---|
| NewsMTSC dev_rw | {m.get("dev_rw_f1m")} | {m.get("dev_rw_f1m_linear_only")} |
| NewsMTSC dev_mt | {m.get("dev_mt_f1m")} | {m.get("dev_mt_f1m_linear_only")} |

Limits: news sentences about U.S. politics (persons as targets); groups, states and armed groups
are read with the same model. The number of networks and the linear weight were chosen on a
held-out fifth of train's articles (`bench/sentiment_blend.py --networks 3 --search-weight`: F1m
0.744 for 0.3 linear + the mean of three networks, 0.713 for 0.5 linear + one; one network
distilled from the three, `bench/sentiment_student.py`: 0.726 with 0.3 linear); the dev splits
were looked at while choosing earlier recipes and once for this one. Licence of
the component: MIT (NewsMTSC). Rebuild: `python train.py --only target_sentiment`.
"""
        )
    info = components.get("attribution")
    if info:
        out.append(_attribution_section(info))
    info = components.get("article_score")
    out.append(_article_score_section(info) if info else _FIXED_SCORE_SECTION)
    return "\n".join(out)


_FIXED_SCORE_SECTION = """## Framing score
This model has no `article_score` component: `framing.analyze` combines the sub-scores with the
fixed weights 0.35 / 0.35 / 0.15 / 0.15 (`framing.scoring.SUBSCORE_WEIGHTS`; `score_evidence`
says so). Weights learned on outlets' AllSides ratings (`python train.py --only article_score`,
a monotone logistic model chosen by outlet-grouped cross-validation on the Article-Bias-Prediction
sample) put nearly all the weight on `loaded_language` (standardised weights: loaded_language
+0.53, attribution +0.07, biased_sentences +0.02, unattributed_claims 0); they did not separate
partisan from center outlets better out of sample and agreed less with BABE's sentence labels,
so they are not used. Two later fits were not used either: weights fitted on the outlets'
ratings and BABE's sentence labels together (`framing.score_training.fit_article_score_with_babe`:
better on BABE, worse on the outlets), and a signed model over the sub-scores and article
features (loaded-term density by group in the outlet's voice, the authorial share of loaded
words, the attribution profile and source types, actors named with loaded terms, sentiment
toward actors; each weight held to a declared sign, a lasso, shrunk toward the fixed weights,
fitted on both judgements, settings chosen by nested cross-validation over 5 folds grouped by
outlet family: `framing.score_training.select_signed`). Out of fold on the sample the signed
model differs from the fixed weights by AUC -0.001 [-0.005, +0.004], outlet rho -0.006
[-0.021, +0.012] and BABE rho +0.008 [+0.003, +0.013] (paired 95% intervals), and falls below
them on all three on average over five other fold assignments: it does not earn its weights.
Figures, splits and intervals: README, "How well the score agrees with human judgements"
(`python bench/validity.py --test`).
"""


def _article_score_section(info: dict[str, Any]) -> str:
    """The card section of the article score (the framing score's learned weights)."""
    data = info.get("data", {})
    weights = info.get("weights", {})
    rows = "\n".join(
        f"| `{k}` | {v:+.3f} |"
        for k, v in sorted(weights.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        if v
    )
    zero = ", ".join(f"`{k}`" for k, v in sorted(weights.items()) if not v)
    names = {
        "auc": "AUC",
        "log_loss": "log-loss",
        "babe_rho": "BABE rho",
        "outlet_rho": "outlet rho",
        "min_gain": "smallest gain over the fixed weights",
    }
    cv = "; ".join(
        f"{k}: " + ", ".join(f"{names.get(m, m)} {x}" for m, x in v.items())
        for k, v in info.get("cv", {}).items()
    )
    sentence = info.get("sentence_data")
    sentence_text = (
        f"\nSentence-label data: {sentence.get('name', '')}; {sentence.get('rows')} articles of "
        f"{sentence.get('outlets')} outlets. Label: {sentence.get('label', '')}.\n"
        if sentence
        else ""
    )
    chosen = (
        f"C = {info.get('C')}"
        + (f", lasso {info['l1']}" if "l1" in info else "")
        + (f", sentence weight {info['sentence_weight']}" if "sentence_weight" in info else "")
    )
    validation = info.get("validation") or {}
    vtable = ""
    if validation.get("rows"):
        head = "| split | measure | " + " | ".join(validation["columns"]) + " |"
        sep = "|---|---|" + "---|" * len(validation["columns"])
        body = "\n".join(
            f"| {r['split']} | {r['measure']} | " + " | ".join(r["values"]) + " |"
            for r in validation["rows"]
        )
        vtable = f"""
Validation (`python bench/validity.py --test`; 95% bootstrap intervals; {validation.get("note", "")}):

{head}
{sep}
{body}
"""
    return f"""## Component: article_score
The framing score of `framing.analyze`: `sigmoid(intercept + sum(weight * (feature - mean) /
scale))` over the four sub-scores and article features (`framing.article_score.FEATURES`);
every analysis lists each feature and contribution in `score_evidence`. File
`{info.get("file")}`, sha256 `{info.get("sha256")}`.

Data: {data.get("name", "")}; {data.get("rows")} articles ({data.get("per_outlet", "")}) of
{data.get("outlets")} outlets, sha256 `{data.get("sha256")}`. Label: {data.get("label", "")}.
AllSides rates outlets, not articles: the label says which side of the spectrum an outlet sits
on, a noisy proxy for how a single article is framed.
{sentence_text}
Recipe: {info.get("recipe", "")}. Chosen: feature set `{info.get("feature_set")}`,
{chosen}. Outlet-grouped out-of-fold figures of every candidate: {cv}.

| feature (standardised) | weight |
|---|---|
{rows}

Weight zero: {zero or "none"}.
{vtable}
Limits: U.S. outlets 2012-2020 rated by AllSides; the score learns what separates partisan from
center outlets (opinion style as much as framing), and an outlet-level label cannot say which
articles of an outlet are framed. Rebuild: `python train.py --only article_score`.
"""


def _attribution_section(info: dict[str, Any]) -> str:
    """Model-card section of the learned attribution extractor."""
    data = info.get("data", {})
    tune = info.get("metrics_tune", {})
    rows = "\n".join(
        f"| {name} | "
        + " | ".join(
            f"{m.get(f'{role}_overlap_f1')} / {m.get(f'{role}_exact_f1')}"
            for role in ("cue", "source", "content")
        )
        + " |"
        for name, m in tune.items()
    )
    content_margin = (
        f", and one with no content the best with a content at most {info['content_margin']} lower"
        if info.get("content_margin") is not None
        else ""
    )
    cue_bias = (
        f"; {info['cue_bias']} is added to every token's cue score (more cues found)"
        if info.get("cue_bias")
        else ""
    )
    participle = (
        f" ({info['participle_source_margin']} lower for a cue whose word ends in -ing)"
        if info.get("participle_source_margin") is not None
        else ""
    )
    if data.get("trained_on") == "fit+tune":
        trained = (
            f"Trained on all of PolNeAR train ({data.get('train_articles')} articles) once its "
            f"`tune` part ({data.get('tune_articles')} articles; split by article: "
            f"{data.get('split')}) had chosen the design and settings, trained on the "
            f"`fit` part ({data.get('fit_articles')} articles); the tune figures below are "
            "those of that `fit` model, measured before the refit (the shipped model has seen "
            "tune)."
        )
    else:
        trained = (
            f"Trained on the `fit` part of PolNeAR train ({data.get('fit_articles')} "
            f"articles; split by article: {data.get('split')}); the `tune` part "
            f"({data.get('tune_articles')} articles) chose the design and is measured below."
        )
    return f"""## Component: attribution
Reporting cues, and for each cue its source and content (`framing.attribution`): two linear-chain
CRFs (python-crfsuite, L-BFGS {info.get("crf_params")}) exported to arrays and run with numpy — a
cue tagger over each sentence, then a span tagger per cue with features relative to it; word
clusters (k-means, {info.get("cluster_sizes")} clusters, seed {info.get("seed")}) over the shipped
word vectors carry predicates never seen as cues; a cue whose best labelling has no source takes
the best labelling with one when it scores at most {info.get("source_margin")} lower{participle}{content_margin}{cue_bias}. Combined with
the rules: quotations, "according to" and parentheticals win where cues overlap, the other rules
fill in where the tagger found no cue. File `{info.get("file")}`, sha256 `{info.get("sha256")}`.

Data: {data.get("name", "")}. {trained} `{data.get("file")}` sha256 `{data.get("sha256")}`.
PolNeAR dev and the human agreement: `python bench/attribution_eval.py --polnear --polnear-split dev`.

| on PolNeAR tune (F1 overlap / exact) | cue | source | content |
|---|---|---|---|
{rows}

Limits: US political news of 2015-16 (7 publishers); PolNeAR's notion of attribution is broad
(beliefs, stances, "backed", "blamed") and so is what the tagger finds. The training data has no
licence stated by its authors (research use); the component holds weights, not text. Rebuild:
`python train.py --only attribution` (needs `pip install framing-lens[train]` and PolNeAR).

Source types (`framing.attribution.type_source`) are rules and word lists, not weights
(`framing/data/source_roles.tsv`, `source_role_lists.tsv`, `state_media.tsv`, `first_names.tsv`):
accuracy 0.789 on the 190 hand-labelled sources of PolNeAR dev articles (0.855 on the 570 of train,
where the lists were written: fit 0.853, tune 0.864; two labellers agree at kappa 0.912),
`python bench/source_typing_eval.py --part dev`.
"""


def render_model_card(name: str, meta: dict[str, Any]) -> str:
    """Markdown model card: intended use, data, metrics, limits, licence."""
    data_lines = "\n".join(
        f"- `{d['file']}` — {d['rows']} rows, sha256 `{d['sha256']}`"
        + (f" — {d['description']}" if d.get("description") else "")
        for d in meta.get("training_data", [])
    )
    babe = any("babe" in d["file"].lower() for d in meta.get("training_data", []))
    licence = (
        "Trained on BABE (AGPL-3.0): the fitted model is distributed under AGPL-3.0. "
        "Cite Spinde et al. (2021), *Neural Media Bias Detection Using Distant Supervision With BABE*, "
        "Findings of EMNLP 2021."
        if babe
        else "Trained only on the user's own data; the licence is the data owner's to set."
    )
    versions = ", ".join(f"{k} {v}" for k, v in meta.get("versions", {}).items())
    return f"""# Model card: {name}

**framing sentence model**, version {meta.get("version", "")}, created {meta.get("created", "")}.

## What it does
Gives each sentence a probability of being *biased / loaded* in the sense of the BABE
annotation guidelines: wording that takes a side, rather than neutral reporting. Used by
`framing.analyze` for the `biased_sentences` sub-score and each sentence's `bias_probability`.

## Intended use
Research and editorial review of English-language news at corpus scale: comparing outlets,
finding passages worth a second look. **Not** for judging a single author or article without
reading it: a sentence-level classifier with macro-F1 well below 1 makes many mistakes, and
it learns the annotators' notion of bias on U.S. political news from 2017-2020.

## Model
`{meta.get("estimator", "")}`

Seed {meta.get("seed")}; {meta.get("n_train")} training sentences, class counts {meta.get("class_counts")}.

## Training data
{data_lines}

## Held-out quality
Out-of-fold predictions: no model saw the sentences it is scored on, and the decision threshold is
fixed at 0.5. Pooled F1 is computed over all out-of-fold predictions together; the per-fold mean
averages each fold's macro-F1 (outlet folds vary from 1 to 1,000+ sentences, so the pooled figure is
the steadier one). The default hyperparameters (C, feature weights) were chosen during development
by comparing a few settings on BABE's 10-fold splits and checked on leave-one-outlet-out, without
nested cross-validation: BABE figures are slightly optimistic (per-fold standard deviation ≈ 0.02).

{_metrics_table(meta.get("metrics", {}), meta.get("seed", 0))}
{_comparison_text(meta.get("metrics", {}))}
Reproduce: `python train.py` (this exact model) or `framing evaluate` (cross-validation only).

{_anchors(babe)}
{_tagger_section(meta.get("term_tagger"))}
{_components_section(meta.get("components", {}))}
## Limits
- English only; trained on sentences from 11 U.S. outlets, topics of U.S. politics.
- A sentence quoting a biased speaker is often labelled biased: the model does not separate the
  outlet's voice from a quoted source's (`framing.analyze` marks quoted sentences and weighs them less).
- Probabilities are calibrated on BABE's near-balanced classes; on corpora where biased sentences
  are rare, expect more false positives at the 0.5 threshold.

## Licence
{licence}

## Software
{versions}
"""
