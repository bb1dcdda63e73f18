"""The learned attribution extractor: its numpy tagger equals crfsuite's, and it ships.

Texts: the packaged sample article (framing/data/sample_article.txt) and news
sentences of the hand-annotated gold set (tests/data/attribution_gold.jsonl).
"""

from __future__ import annotations

import gzip
import importlib.util
import json

import numpy as np
import pytest

from framing.attribution import evaluation, extract_attributions
from framing.attribution.features import (
    OFFSETS,
    quote_state,
    relative,
    side_features,
    token_features,
    with_context,
)
from framing.attribution.learned import LearnedExtractor, LinearChain, _context, _table, spans_of
from framing.model import load_component, load_model
from framing.resources import data_path
from framing.text import tokenize

HAS_CRFSUITE = importlib.util.find_spec("pycrfsuite") is not None


def _sample_doc():
    return tokenize(data_path("sample_article.txt").read_text(encoding="utf-8"))


def _shipped() -> LearnedExtractor:
    ex = load_component(load_model(), "attribution")
    assert ex is not None, "the default model ships an attribution component"
    return ex


def _full_string_emissions(chain: LinearChain, rows: list[list[str]]) -> np.ndarray:
    """Emissions summed feature string by feature string, as crfsuite reads them."""
    import re

    E = np.zeros((len(rows), len(chain.labels)), dtype=np.float32)
    for k, feats in enumerate(rows):
        for attr in feats:
            m = re.match(r"^(-?\d+|[LR])\|(.*)$", attr)
            o, b = (_table(m.group(1)), m.group(2)) if m else (0, attr)
            if b == "pad":
                E[k] += chain.pad[o]
            elif b in chain.vocab:
                E[k] += chain.W[o, chain.vocab[b]]
    return E


def test_offset_tables_equal_feature_strings():
    """The runtime reads neighbours' features from offset tables: same scores as the strings."""
    ex = _shipped()
    doc = _sample_doc()
    q = quote_state(doc)
    pos = 0
    for sent in doc.sentences[:8]:
        toks = sent.tokens
        qs = q[pos : pos + len(toks)]
        pos += len(toks)
        base = token_features(toks, qs, ex.clusters)
        fast = ex.cue.emissions(base)
        slow = _full_string_emissions(ex.cue, with_context(base))
        np.testing.assert_allclose(fast, slow, rtol=1e-4, atol=1e-4)


def test_document_scores_equal_feature_strings():
    """The document path (per-word cache, place flags, shifted neighbours, cue-relative
    tables) scores every sentence and every cue as the feature strings do."""
    import numpy as np

    from framing.attribution.features import cue_lemmas, flag_matrix

    ex = _shipped()
    doc = _sample_doc()
    words, rel = ex._tables()
    texts = [t.text for s in doc.sentences for t in s.tokens]
    q = quote_state(doc)
    sizes = np.array([len(s.tokens) for s in doc.sentences])
    off = np.r_[0, np.cumsum(sizes)]
    sid = np.repeat(np.arange(len(sizes)), sizes)
    pin = np.arange(len(texts)) - off[sid]
    rem = off[sid + 1] - 1 - np.arange(len(texts))
    bounds = list(zip(off[:-1].tolist(), off[1:].tolist(), strict=True))
    ids = words.ids(texts)
    A = words.scores(ids, flag_matrix(texts, q, bounds, (words.subj[ids], words.opener[ids])))
    for chain, a_k in ((ex.cue, A[0]), (ex.span, A[1])):
        E = _context(a_k, chain.pad, sid, pin, rem)
        for s, (a, e) in zip(doc.sentences, bounds, strict=True):
            slow = _full_string_emissions(
                chain, with_context(token_features(s.tokens, q[a:e], ex.clusters))
            )
            np.testing.assert_allclose(E[a:e], slow, rtol=1e-4, atol=1e-4)
    # cue-relative features of the span tagger, for every verb-like token as a cue
    seps = np.r_[0, np.cumsum([t in {",", ";", "—", "–"} for t in texts])]
    qms = np.r_[0, np.cumsum(np.asarray(q) == 2)]
    checked = 0
    for s, (a, e) in list(zip(doc.sentences, bounds, strict=True))[:12]:
        base = token_features(s.tokens, q[a:e], ex.clusters)
        for ci in range(0, e - a, 3):
            cj = ci + 1
            cues = np.array([[a, e, a + ci, a + cj]])
            lemma = s.tokens[ci].text.lower()
            entry = cue_lemmas().get(lemma)
            tok, R, _off, left, right = rel.emissions(
                cues,
                [entry[0] if entry else lemma],
                np.array([int(q[a + ci] == 1)]),
                {"seps": seps, "qms": qms},
            )
            R[left] += A[1][tok[left], len(OFFSETS) + 1]
            R[right] += A[1][tok[right], len(OFFSETS) + 2]
            strings = relative(s.tokens, q[a:e], ci, cj)
            for k in range(e - a):
                if not ci <= k < cj:
                    strings[k] += side_features(base[k], "L" if k < ci else "R")
            np.testing.assert_allclose(R, _full_string_emissions(ex.span, strings), atol=1e-4)
            checked += 1
    assert checked > 20


def test_batched_decode_equals_viterbi():
    ex = _shipped()
    rng = np.random.default_rng(1)
    for chain in (ex.cue, ex.span):
        problems = []
        for _ in range(60):
            n = int(rng.integers(1, 40))
            E = rng.normal(0, 3, size=(n, len(chain.labels))).astype(np.float32)
            E[:, 0] += rng.choice([0.0, 20.0], size=n)
            problems.append(E)
        assert chain.decode(problems) == [chain.viterbi(E) for E in problems]


def test_required_source_is_the_best_path_with_one():
    """``require``: the best labelling that has a source (brute force over all labellings),
    taken only when it scores at most the margin below the best labelling."""
    import itertools

    chain = _shipped().span
    K = len(chain.labels)
    src = [k for k, lab in enumerate(chain.labels) if lab.endswith("SRC")]
    rng = np.random.default_rng(2)
    problems = [
        rng.normal(0, 2, size=(int(rng.integers(1, 5)), K)).astype(np.float32) for _ in range(40)
    ]
    for P in problems:
        P[:, src] -= 4.0  # most best paths have no source
    off = np.r_[0, np.cumsum([len(P) for P in problems])]
    X = np.concatenate(problems)

    def value(P, path):
        return P[np.arange(len(P)), path].sum() + sum(
            chain.T[a, b] for a, b in itertools.pairwise(path)
        )

    base = chain.decode_stacked(X, off)
    for margin in (np.inf, 1.5):
        out = base.copy()
        chain.require(X, off, out, "SRC", margin)
        changed = 0
        for i, P in enumerate(problems):
            paths = [np.array(y) for y in itertools.product(range(K), repeat=len(P))]
            best = max(value(P, y) for y in paths)
            with_src = max((y for y in paths if np.isin(y, src).any()), key=lambda y: value(P, y))
            got, before = out[off[i] : off[i + 1]], base[off[i] : off[i + 1]]
            if np.isin(before, src).any() or best - value(P, with_src) > margin:
                assert (got == before).all()
            else:
                np.testing.assert_allclose(value(P, got), value(P, with_src), rtol=1e-5)
                changed += 1
        assert changed > 0


def test_cue_without_content_takes_the_best_labelling_with_one():
    """``content_margin``: a cue whose best labelling has no content takes the best one with
    a content (the quotation here) when it scores close enough."""
    text = (
        "“There were some comments that were further up that was not suitable for a police "
        "officer to put up on Facebook,” the chief added."
    )
    ex = _shipped()
    assert ex.content_margin is not None
    (a,) = [p for p in ex.extract(tokenize(text)) if text[p["cue"][0] : p["cue"][1]] == "added"]
    assert a["content"] is not None
    assert text[a["content"][0] : a["content"][1]].startswith("“There were some comments")


def test_pruned_viterbi_equals_full_search():
    ex = _shipped()
    rng = np.random.default_rng(0)
    for chain in (ex.cue, ex.span):
        for _ in range(200):
            n = int(rng.integers(1, 30))
            E = rng.normal(0, 3, size=(n, len(chain.labels))).astype(np.float32)
            E[:, 0] += rng.choice([0.0, 20.0], size=n)  # many sure "outside" tokens
            assert chain.viterbi(E) == chain._search(E)


@pytest.mark.skipif(not HAS_CRFSUITE, reason="python-crfsuite not installed (the [train] extra)")
def test_exported_chain_tags_like_crfsuite(tmp_path):
    """Train a small CRF on the sample article (labels: the rules' cues) and compare taggers."""
    import pycrfsuite

    ex = _shipped()
    doc = _sample_doc()
    cues = [(a.cue_start, a.cue_end) for a in extract_attributions(doc).attributions]
    assert cues
    q = quote_state(doc)
    seqs, pos = [], 0
    for sent in doc.sentences:
        toks = sent.tokens
        qs = q[pos : pos + len(toks)]
        pos += len(toks)
        labels = ["B-CUE" if any(s < t.end and t.start < e for s, e in cues) else "O" for t in toks]
        seqs.append((with_context(token_features(toks, qs, ex.clusters)), labels))
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in seqs:
        trainer.append(x, y)
    trainer.set_params({"c2": 0.1, "max_iterations": 30})
    trainer.train(str(tmp_path / "m.crfsuite"))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp_path / "m.crfsuite"))
    chain = LinearChain.from_crfsuite(tagger.info(), ("O", "B-CUE"))
    for x, _y in seqs:
        assert [chain.labels[k] for k in chain.viterbi(_full_string_emissions(chain, x))] == (
            tagger.tag(x)
        )
    assert len(OFFSETS) + 3 == chain.W.shape[0]


def test_quote_state():
    doc = tokenize('He said "we won" and “they lost.\nNext ” line "open')
    # straight quotes toggle, curly ones open and close, a line break ends a quotation
    assert quote_state(doc) == [0, 0, 2, 1, 1, 2, 0, 2, 1, 1, 1, 0, 2, 0, 2, 1]


def test_spans_of():
    labels = ["O", "B-SRC", "I-SRC", "O", "I-CON", "I-CON", "B-CON", "O"]
    assert spans_of(labels, "SRC") == [(1, 3)]
    assert spans_of(labels, "CON") == [(4, 6), (6, 7)]


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        (
            "The plan will fail, said Jo Coelbart, a retired Belgian general who served in Bosnia.",
            "Jo Coelbart",
            "said",
        ),
        (
            "Senator Richard Blumenthal, Democrat of Connecticut, said the bill was dead.",
            "Senator Richard Blumenthal",
            "said",
        ),
        # a stance predicate, not a verb of saying: PolNeAR counts it as a cue
        ("Officials downplayed the risk, insisting the dam was safe.", "Officials", "downplayed"),
    ],
)
def test_learned_extractor_finds_source_and_cue(text, source, cue):
    preds = _shipped().extract(tokenize(text))
    found = [
        (text[p["source"][0] : p["source"][1]], text[p["cue"][0] : p["cue"][1]])
        for p in preds
        if p["source"]
    ]
    assert any(s.startswith(source) and c == cue for s, c in found), found


def test_combined_extraction_keeps_the_contract():
    doc = _sample_doc()
    res = extract_attributions(doc, learned=_shipped())
    assert res.attributions
    for a in res.attributions:
        d = a.to_dict()
        assert doc.text[d["source"]["start"] : d["source"]["end"]] == d["source"]["text"]
        assert d["content"]["start"] < d["content"]["end"]


def test_trim_and_form():
    text = '  "We will win," he said.'
    assert evaluation.trim(text, (0, 16)) == (3, 14)
    assert evaluation.form_of(text, (2, 16)) == "direct"
    assert evaluation.form_of("He said the plan works.", (8, 22)) == "indirect"
    assert evaluation.form_of('He said the plan "works".', (8, 24)) == "mixed"


def test_cue_bias_finds_more_cues():
    """``cue_bias``: the shipped extractor adds a bias to the cue label, so that it finds more
    cues in the first ten articles of the sample corpus; a second, coordinated
    cue ("but added") is found as well as the first."""
    text = 'Trudeau said Canadians are nice but added, "We will not be pushed around."'
    ex = _shipped()
    assert ex.cue_bias
    unbiased = LearnedExtractor(
        ex.cue,
        ex.span,
        ex.clusters,
        source_margin=ex.source_margin,
        content_margin=ex.content_margin,
    )
    cues = [text[p["cue"][0] : p["cue"][1]] for p in ex.extract(tokenize(text))]
    assert cues == ["said", "added"]
    with gzip.open(data_path("sample_articles.jsonl.gz"), "rt", encoding="utf-8") as f:
        docs = [tokenize(json.loads(line)["text"]) for line in f.readlines()[:10]]
    biased = sum(len(ex.extract(d)) for d in docs)
    plain = sum(len(unbiased.extract(d)) for d in docs)
    assert biased > plain


@pytest.mark.parametrize(
    ("text", "tagged"),
    [
        ("Depending on who you ask, the deal is either a triumph or a disaster.", False),
        ("Who you ask matters: some say the plan will fail.", True),
    ],
)
def test_who_you_ask_is_no_attribution(text, tagged):
    """The tagger may take "ask" in "who you ask" for a cue (``tagged``: the shipped one does
    here); nobody asks anything there, so the combined extraction drops it (word classes
    free_relative_objects, asking_verbs)."""
    doc = tokenize(text)
    cues = [text[p["cue"][0] : p["cue"][1]] for p in _shipped().extract(doc)]
    assert any(c.startswith("ask") for c in cues) is tagged
    res = extract_attributions(doc, learned=_shipped())
    assert not [a for a in res.attributions if a.cue_text.startswith("ask")]


def test_asked_with_a_question_stays_an_attribution():
    text = "He asked whether the plan would work."
    res = extract_attributions(tokenize(text), learned=_shipped())
    assert [(a.source_text, a.cue_text) for a in res.attributions] == [("He", "asked")]


def test_participle_cue_takes_a_source_other_cues_unchanged():
    """``participle_source_margin``: a cue ending in -ing ("rejecting") takes the best
    labelling with a source under a larger margin than other cues (its subject is the main
    clause's); the cues of the sample article not ending in -ing get the same sources."""
    import dataclasses

    text = (
        "The President-elect has repeatedly stoked a public feud with the Central Intelligence "
        "Agency, rejecting the conclusions of US spies that Moscow is behind a massive hacking "
        "operation targeting the presidential election."
    )
    ex = _shipped()
    assert ex.participle_source_margin is not None
    assert ex.participle_source_margin > ex.source_margin
    plain = dataclasses.replace(ex, participle_source_margin=None)
    for model, source in ((ex, "The President-elect"), (plain, None)):
        (a,) = [
            p
            for p in model.extract(tokenize(text))
            if text[p["cue"][0] : p["cue"][1]] == "rejecting"
        ]
        assert (a["source"] and text[a["source"][0] : a["source"][1]]) == source
    doc = _sample_doc()
    words = {t.start: t.text for s in doc.sentences for t in s.tokens}
    new, old = ex.extract(doc), plain.extract(doc)
    assert [p["cue"] for p in new] == [p["cue"] for p in old]
    for p, q in zip(new, old, strict=True):
        if not words[p["cue"][0]].lower().endswith("ing"):
            assert p == q


@pytest.mark.parametrize(
    "text, pronoun",
    [
        # ABC News (Article-Bias-Prediction), an op-ed in the author's voice
        (
            "As the 200th woman to ever serve in the House of Representatives, I am especially "
            "proud of the incredibly positive story women in America have to tell.",
            "I",
        ),
        # AARP: the reader addressed
        (
            "You can access the registration by clicking this link or going to the IRS website "
            "and looking for “Non-filers: Enter Payment Info Here.”",
            "You",
        ),
    ],
)
def test_learned_attribution_of_the_author_or_the_reader_is_vetoed(text, pronoun):
    ex = _shipped()
    doc = tokenize(text)
    alone = [text[p["source"][0] : p["source"][1]] for p in ex.extract(doc) if p["source"]]
    assert pronoun in alone  # the tagger alone reports the pronoun as a source
    combined = extract_attributions(doc, learned=ex).attributions
    assert pronoun not in [a.source_text for a in combined]
