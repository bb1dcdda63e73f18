"""Target-dependent sentiment: the public API and the shipped model on real sentences.

tests/data/newsmtsc_dev_sample.jsonl holds 20 sentences (27 targets) of NewsMTSC's dev
splits (Hamborg & Donnay 2021, MIT licence; see NOTICE).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

import framing
from framing.errors import InputError
from framing.model import default_model_path
from framing.sentiment import LABELS, load_target_sentiment, target_tokens, targets_in_text

DATA = Path(__file__).parent / "data"


def _sample() -> list[dict]:
    with open(DATA / "newsmtsc_dev_sample.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_one_result_per_span_with_a_label_and_three_probabilities():
    text = "Critics slammed Smith for his reckless plan. Jones praised the rescuers."
    spans = [(16, 21), (45, 50)]
    res = framing.target_sentiment(text, spans)
    assert [(r.start, r.end) for r in res] == spans
    for r in res:
        assert r.label in {"negative", "neutral", "positive"}
        assert set(r.probabilities) == set(LABELS)
        assert sum(r.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
        assert r.label == max(r.probabilities, key=r.probabilities.get)
    assert framing.target_sentiment(text, []) == []


def test_newsmtsc_dev_sample_is_mostly_right():
    rows = _sample()
    gold, pred = [], []
    for r in rows:
        spans = [(t["start"], t["end"]) for t in r["targets"]]
        for t, res in zip(r["targets"], framing.target_sentiment(r["text"], spans), strict=True):
            assert r["text"][t["start"] : t["end"]] == t["text"]
            gold.append(t["polarity"])
            pred.append(res.label)
    accuracy = np.mean([g == p for g, p in zip(gold, pred, strict=True)])
    # 20 of 27 with the shipped model; a third class at random would get a third
    assert accuracy >= 0.6
    assert len(set(pred)) == 3


def test_sentiment_depends_on_the_target_not_only_the_sentence():
    text = "Police praised Maria Lopez for her courage, while the mob attacked David Roe."
    lopez = text.index("Maria Lopez")
    roe = text.index("David Roe")
    a, b = framing.target_sentiment(text, [(lopez, lopez + 11), (roe, roe + 9)])
    assert a.probabilities["positive"] > b.probabilities["positive"]
    assert b.probabilities["negative"] > a.probabilities["negative"]


def test_spans_in_an_article_are_read_in_their_own_sentence():
    first = "The senator was praised for her brave work."
    second = "The senator was accused of fraud and lies."
    text = first + " " + second
    s2 = len(first) + 1
    together = framing.target_sentiment(text, [(4, 11), (s2 + 4, s2 + 11)])
    alone = framing.target_sentiment(second, [(4, 11)])
    assert together[1].probabilities == alone[0].probabilities
    assert together[0].label != together[1].label


def test_other_targets_of_the_sentence_are_masked_as_such():
    text = "Smith attacked Jones."
    (t,) = targets_in_text(text, [(0, 5)])
    assert t.kinds == ["T", "W", "W", "W"]
    t1, t2 = targets_in_text(text, [(0, 5), (15, 20)])
    assert t1.kinds[2] == "O" and t2.kinds[0] == "O"


def test_fast_network_path_equals_the_padded_one():
    from framing.sentiment import _token_matrix, network_inputs

    model = load_target_sentiment()
    assert model.networks, "the shipped model blends networks"
    net = model.networks[0]
    rows = _sample()
    targets = []
    for r in rows:
        targets += targets_in_text(r["text"], [(t["start"], t["end"]) for t in r["targets"]])
    padded = net.predict_proba(*network_inputs(targets, [_token_matrix(t) for t in targets]))
    np.testing.assert_allclose(net.predict_targets(targets), padded, atol=1e-5)


def test_stacked_networks_equal_the_mean_of_each_padded_network():
    """All networks in one pass (one matrix product per step for all of them, each run
    of target marks summed once) give each network's own numbers, on an article whose
    sentences hold several targets each, some sentences longer than the network reads."""
    from framing.actors import find_actors
    from framing.sentiment import StackedNets, _token_matrix, network_inputs
    from framing.text import tokenize

    model = load_target_sentiment()
    text = (DATA / "abp_bloomberg_north_korea.txt").read_text(encoding="utf-8")
    doc = tokenize(text)
    spans = [(m["start"], m["end"]) for a in find_actors(doc) for m in a.mentions]
    targets = targets_in_text(text, spans, doc)
    long = ", and ".join(["President Donald Trump said North Korea raised no concerns"] * 10)
    targets += [target_tokens(long, s, s + 12) for s in (10, len(long) - 48)]  # 90 words
    assert len(targets) > 20 and max(len(t.code) for t in targets) > 80
    inputs = network_inputs(targets, [_token_matrix(t) for t in targets])
    padded = np.mean([n.predict_proba(*inputs) for n in model.networks], axis=0)
    np.testing.assert_allclose(
        StackedNets(model.networks).predict_targets(targets), padded, atol=1e-5
    )


def test_sentence_words_are_lowered_word_by_word_where_lowering_moves_offsets():
    from framing.sentiment import sentence_tokens

    for text in (
        "İstanbul’s mayor said “ΟΔΟΣ” was closed, and he’s right.",  # İ lowers to two
        "The ΟΔΟΣ ΑΘΗΝΑΣ protest, said Erdoğan’s party.",  # a final sigma
        "Critics slammed Smith’s “reckless” plan.",
    ):
        sent = sentence_tokens(text)
        assert sent.words == [text[a:b].lower().replace("’", "'") for a, b in sent.spans]
        quoted = {w for w, q in zip(sent.words, sent.quoted, strict=True) if q}
        assert quoted & {"mayor", "closed", "critics", "plan"} == set()
    assert "οδος" in sentence_tokens("said “ΟΔΟΣ” was").words


def test_sparse_logits_equal_the_tf_idf_matrix_times_the_coefficients():
    model = load_target_sentiment()
    targets = []
    for r in _sample():
        targets += targets_in_text(r["text"], [(t["start"], t["end"]) for t in r["targets"]])
    n_sparse = len(model.tfidf.idf_)
    want = np.asarray(model._sparse_matrix(targets) @ model.linear.coef_[:, :n_sparse].T)
    np.testing.assert_allclose(model._sparse_logits(targets), want, atol=1e-12)


def test_vocabulary_lookup_of_many_terms_equals_get_term_by_term():
    from framing.sentiment import sparse_features

    vocabulary = load_target_sentiment().vectorizer.vocabulary_
    terms = []
    for r in _sample():
        for t in targets_in_text(r["text"], [(t["start"], t["end"]) for t in r["targets"]]):
            terms += sparse_features(t)
    width = vocabulary.terms.dtype.itemsize
    terms += ["", "u:x\0", "u:" + "é" * width, "zzz" * width, "u:the\udc80"]
    got = vocabulary.lookup(terms)
    assert got.tolist() == [vocabulary.get(t, -1) for t in terms]
    assert (got >= 0).sum() > 100 and (got < 0).sum() > 100  # words in and out of it


@pytest.mark.parametrize("spans", [[(5, 2)], [(0, 999)], [("a", 3)], [(1,)]])
def test_bad_spans_are_input_errors(spans):
    with pytest.raises(InputError):
        framing.target_sentiment("Smith attacked Jones.", spans)


def test_component_is_recorded_in_meta_with_its_training_data():
    info = framing.load_model().meta["components"]["target_sentiment"]
    assert info["sha256"] and info["file"] == "target_sentiment.pkl.gz"
    files = {f["file"]: f for f in info["data"]["files"]}
    assert files["train.jsonl"]["rows"] == 7758
    assert 0 < info["metrics"]["dev_rw_f1m"] < 1 and 0 < info["metrics"]["dev_mt_f1m"] < 1


def _sklearn_parts(model):
    """The scikit-learn parts of the linear model, from the fitted values the component
    keeps of them (framing.sentiment.FittedPart)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    vocabulary = model.vectorizer.vocabulary_
    names = [t.decode("utf-8", "surrogatepass") for t in getattr(vocabulary, "terms", [])]
    if not names:
        names = sorted(vocabulary, key=vocabulary.get)
    vectorizer = DictVectorizer()
    vectorizer.feature_names_ = names
    vectorizer.vocabulary_ = {name: i for i, name in enumerate(names)}
    tfidf = TfidfTransformer()
    tfidf.idf_ = model.tfidf.idf_
    tfidf.n_features_in_ = len(names)
    scaler = StandardScaler(with_mean=model.scaler.with_mean, with_std=model.scaler.with_std)
    scaler.mean_, scaler.scale_ = model.scaler.mean_, model.scaler.scale_
    scaler.n_features_in_ = len(model.scaler.mean_)
    linear = LogisticRegression()
    linear.coef_, linear.intercept_ = model.linear.coef_, model.linear.intercept_
    linear.classes_ = model.linear.classes_
    linear.n_features_in_ = model.linear.coef_.shape[1]
    return vectorizer, tfidf, scaler, linear


def test_the_component_unpickles_no_scikit_learn_class():
    from framing.pickle_audit import pickle_globals

    info = framing.load_model().meta["components"]["target_sentiment"]
    with gzip.open(default_model_path() / info["file"]) as f:
        modules = {module for module, _ in pickle_globals(f.read())}
    assert not any(m.split(".")[0] == "sklearn" for m in modules), sorted(modules)


def test_batched_linear_part_equals_the_scikit_learn_pipeline():
    import scipy.sparse as sp

    from framing.sentiment import dense_features_batch, sparse_features

    model = load_target_sentiment()
    targets = []
    for r in _sample():
        targets += targets_in_text(r["text"], [(t["start"], t["end"]) for t in r["targets"]])
    vectorizer, tfidf, scaler, linear = _sklearn_parts(model)
    sparse = tfidf.transform(vectorizer.transform([sparse_features(t) for t in targets]))
    dense = scaler.transform(dense_features_batch(targets)) * model.dense_weight
    expected = linear.predict_proba(sp.hstack([sparse, sp.csr_matrix(dense)]).tocsr())
    np.testing.assert_allclose(model.linear_proba(targets), expected, atol=1e-9)
    assert len({t.sentence.words[0] for t in targets}) > 10  # many different sentences


def test_a_span_of_whitespace_is_neutral_and_leaves_the_others_alone():
    text = "Smith attacked Jones.   Critics slammed Smith."
    gap = text.index("   ")
    alone = framing.target_sentiment(text, [(0, 5)])
    both = framing.target_sentiment(text, [(gap, gap + 2), (0, 5)])
    assert both[0].label == "neutral"
    assert both[1].probabilities == alone[0].probabilities


def test_class_offsets_shift_the_blend_and_keep_probabilities_normalised():
    import copy

    model = copy.copy(load_target_sentiment())
    model.class_bias = (-0.2, 0.0, 0.3)
    targets = []
    for r in _sample():
        targets += targets_in_text(r["text"], [(t["start"], t["end"]) for t in r["targets"]])
    plain = copy.copy(model)
    plain.class_bias = (0.0, 0.0, 0.0)
    p0, p1 = plain.predict_targets(targets), model.predict_targets(targets)
    np.testing.assert_allclose(p1.sum(1), 1.0)
    assert (p1[:, 2] > p0[:, 2]).all() and (p1[:, 0] < p0[:, 0]).all()
    expected = p0 * np.exp(model.class_bias)
    np.testing.assert_allclose(p1, expected / expected.sum(1, keepdims=True), rtol=1e-9)


def test_the_blend_is_the_linear_part_and_the_mean_of_the_networks():
    from framing.sentiment_training import LINEAR_WEIGHT, N_NETWORKS

    model = load_target_sentiment()
    assert len(model.networks) == N_NETWORKS and model.linear_weight == LINEAR_WEIGHT
    targets = []
    for r in _sample():
        targets += targets_in_text(r["text"], [(t["start"], t["end"]) for t in r["targets"]])
    nets = np.mean([n.predict_targets(targets) for n in model.networks], axis=0)
    want = LINEAR_WEIGHT * model.linear_proba(targets) + (1 - LINEAR_WEIGHT) * nets
    # float32 networks: the stacked pass sums in another order than one network alone
    np.testing.assert_allclose(model.predict_targets(targets), want, atol=1e-6)


def test_newsmtsc_targets_are_grouped_by_article_for_held_out_splits():
    from framing.sentiment_training import article_key

    # gids as in NewsMTSC's files: every POLUSA gid starts with polusa_v1
    assert article_key("polusa_v1_113704059_-1_35_Northam_148_155") == "polusa_v1_113704059"
    assert article_key("polusa_v1_113705206_-1_7_Donald Trump_63_68") == "polusa_v1_113705206"
    assert article_key("allsides_1000_401_25_Reality Leigh Winner_0_6") == "allsides_1000"
