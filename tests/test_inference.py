"""The model's plain arrays (inference.npz): the same probabilities and terms as the
scikit-learn model they were written from, read without scikit-learn, on real text."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

import framing
from framing.features import _tfidf_export
from framing.model import INFERENCE_FILE, ArrayModel, load_model, write_inference_file
from framing.sentence_features import TfidfArrays, read_arrays, write_arrays
from framing.text import tokenize
from tests.helpers import sample_articles

_ODD = [
    "",
    "   ",
    "“Don’t,” she said — it’s the so-called ‘reform’.",
    "Café société naïve façade, Ærø, straße",
    "Tabs\tand   spaces\n\nand lines",
    "Путин заявил, что 3.5% — это «много».",
    "x" * 300,
]


@pytest.fixture(scope="module")
def sentences(babe) -> list[str]:
    docs = [tokenize(a["text"]) for a in sample_articles(30)]
    return [s.text for d in docs for s in d.sentences] + babe.text.tolist()[:600] + _ODD


def test_the_array_model_gives_the_pipelines_probabilities(model, sentences):
    assert isinstance(model, ArrayModel)
    estimator = model.estimator_model()
    ref = estimator.estimator_.predict_proba(sentences)
    got = model.predict_proba(sentences)
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-12)
    assert list(model.predict(sentences)) == list(estimator.estimator_.predict(sentences))


def test_the_array_tagger_finds_the_pickled_taggers_terms(model):
    pickled = model.estimator_model().tagger
    for article in sample_articles(12):
        doc = tokenize(article["text"])
        assert model.tagger.find_terms(doc) == pickled.find_terms(doc)


@pytest.mark.parametrize(
    "settings",
    [
        {"analyzer": "char", "ngram_range": (1, 3)},
        {"analyzer": "char", "ngram_range": (3, 4), "lowercase": False, "norm": None},
        {"analyzer": "char_wb", "ngram_range": (1, 4), "strip_accents": "unicode"},
        {"analyzer": "char_wb", "ngram_range": (2, 5), "sublinear_tf": True},
        {"analyzer": "word", "ngram_range": (1, 3), "stop_words": "english"},
        {"analyzer": "word", "ngram_range": (2, 2), "strip_accents": "ascii", "use_idf": False},
        {"analyzer": "word", "token_pattern": r"(?u)\b(\w)\w+\b", "dtype": np.float32},
    ],
)
def test_tfidf_arrays_equal_the_vectorizer(sentences, settings):
    half = len(sentences) // 2
    vec = TfidfVectorizer(**settings).fit(sentences[:half])
    spec, terms, idf = _tfidf_export(vec)
    arrays = TfidfArrays(json.loads(json.dumps(spec)), terms, idf)
    # a few sentences (terms found by binary search), then all (by the dictionary built
    # once as many n-grams were looked up as there are terms)
    for texts in (sentences[:3], sentences):
        X = vec.transform(texts).tocoo()
        order = np.lexsort((X.col, X.row))
        rows, cols, values = arrays.values(texts)
        assert np.array_equal(rows, X.row[order]) and np.array_equal(cols, X.col[order])
        assert values.dtype == X.dtype and np.array_equal(values, X.data[order])
    assert arrays._index is not None


def test_the_inference_file_is_written_byte_identical_and_read_without_pickle(tmp_path):
    spec = {"format": 1, "text": "so-called “reform”"}
    arrays = {"b.x": np.arange(5, dtype=np.float32), "a.terms": np.array([b"ab", b"abc"])}
    write_arrays(tmp_path / "one.npz", spec, arrays)
    write_arrays(tmp_path / "two.npz", spec, dict(reversed(arrays.items())))
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()
    got_spec, got = read_arrays(tmp_path / "one.npz")
    assert got_spec == spec and set(got) == set(arrays)
    assert all(np.array_equal(got[k], v) and got[k].dtype == v.dtype for k, v in arrays.items())


def test_a_directory_without_the_inference_file_loads_its_pickle(tmp_path):
    import shutil

    from framing.model import default_model_path

    copy = tmp_path / "m"
    shutil.copytree(default_model_path(), copy)
    (copy / INFERENCE_FILE).unlink()
    meta = json.loads((copy / "meta.json").read_text("utf-8"))
    meta.pop("inference_file")
    meta.pop("inference_sha256")
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    pickled = load_model(copy)
    assert type(pickled).__name__ == "FramingModel"
    assert write_inference_file(copy) == copy / INFERENCE_FILE
    arrays = load_model(copy)
    assert isinstance(arrays, ArrayModel)
    texts = ["Critics slammed the so-called reform, officials said.", "It rained."]
    np.testing.assert_allclose(
        arrays.predict_proba(texts), pickled.predict_proba(texts), rtol=0, atol=1e-12
    )
    # a changed inference file is refused before it is read
    data = bytearray((copy / INFERENCE_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / INFERENCE_FILE).write_bytes(bytes(data))
    with pytest.raises(framing.ModelLoadError, match="sha256 .* does not match"):
        load_model(copy)


def test_analyze_imports_no_scikit_learn():
    # the sentence model, the tagger and every component are read without scikit-learn:
    # no plain-array file and no pickle on the way names one of its classes
    code = (
        "import sys, framing\n"
        "a = framing.analyze('Critics slammed the so-called reform, officials said.')\n"
        "assert a.sentences, a\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'pandas')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_pooled_vectors_equal_the_sparse_product(sentences):
    # pool_vectors adds the words' vectors as the SciPy product of the pooling matrix does
    import scipy.sparse as sp

    from framing.resources import load_word_vectors
    from framing.sentence_features import _pooling_rows, _SentenceWords, pool_vectors

    texts = [*sentences, "the the the the the the the the the the cat the the", "x"]
    words = _SentenceWords(texts)
    _, vectors, weights = load_word_vectors()
    rows_per_text, lengths = _pooling_rows(words)
    rows = np.fromiter((r for rs in rows_per_text for r in rs), dtype=np.intp)
    owner = np.repeat(np.arange(len(texts)), lengths)
    for pooling in ("sif", "mean"):
        w = weights[rows] if pooling == "sif" else np.ones(len(rows), dtype=np.float32)
        pool = sp.csr_matrix((w, (owner, rows)), shape=(len(texts), len(vectors)))
        total = np.asarray(pool @ vectors, dtype=np.float32)
        mean = total / np.maximum(np.asarray(pool.sum(axis=1), dtype=np.float32), 1e-12)
        got = pool_vectors(words, pooling, max_pool=False, normalize=False)
        assert got.dtype == np.float32 and np.array_equal(got, mean), pooling
        unit = total / np.maximum(np.linalg.norm(total, axis=1, keepdims=True), 1e-12)
        assert np.array_equal(pool_vectors(words, pooling, False, True), unit), pooling


def test_the_command_line_analysis_imports_no_heavy_table_or_learning_library():
    code = (
        "import sys\nfrom framing.cli import main\n"
        "try:\n    main(['analyze', '-'], prog_name='framing')\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        input="Critics slammed the so-called reform, officials said.",
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"loaded_terms"' in out.stdout
    loaded = set(out.stderr.split())
    assert not loaded & {"sklearn", "pandas", "pyarrow", "scipy", "joblib"}, sorted(loaded)


def _with_arrays(src, dest, change) -> None:
    """Copy the model directory ``src`` to ``dest`` with its inference file rewritten by
    ``change`` (a function of the file's path) and meta.json naming the new file's hash, as
    a faulty writer (or a hand edit that also fixed the hash) leaves it."""
    import shutil

    from framing.model import sha256_file

    shutil.copytree(src, dest)
    change(dest / INFERENCE_FILE)
    meta = json.loads((dest / "meta.json").read_text("utf-8"))
    meta["inference_sha256"] = sha256_file(dest / INFERENCE_FILE)
    (dest / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def _rewrite(fn):
    def change(path):
        spec, arrays = read_arrays(path)
        fn(arrays)
        write_arrays(path, spec, arrays)

    return change


@pytest.mark.parametrize(
    "change, says",
    [
        (lambda p: p.write_bytes(b""), "EOFError"),
        (lambda p: p.write_bytes(p.read_bytes()[:100_000]), "BadZipFile"),
        (_rewrite(lambda a: a.update({"word.coef": a["word.coef"].astype("U5")})), "word.coef"),
        (_rewrite(lambda a: a.update({"word.coef": a["word.coef"][:10]})), "differ in length"),
        (_rewrite(lambda a: a.update({"word.coef": a["word.coef"][:, None]})), "word.coef"),
        (_rewrite(lambda a: a["embed.coef"].__setitem__(0, np.nan)), "embed.coef"),
        (_rewrite(lambda a: a.update({"embed.coef": a["embed.coef"][:5]})), "ValueError"),
        (_rewrite(lambda a: a.update({"word.terms": a["word.terms"][::-1].copy()})), "sorted"),
        (
            lambda p: np.savez(p, spec=np.frombuffer(b"[1]", np.uint8)),
            "AttributeError",
        ),
    ],
    ids=["zero-byte", "truncated", "dtype", "short", "2-d", "nan", "embedding", "order", "spec"],
)
def test_a_malformed_inference_file_is_refused_as_the_model_loads(tmp_path, change, says):
    """Arrays whose hash meta.json records but that do not make a model are one error line
    when the model is loaded (they were a traceback mid-analysis, a 0-byte file a bare
    "Aborted!", NaN weights scores of NaN, unsorted terms silently wrong scores)."""
    from framing.model import default_model_path

    bad = tmp_path / "bad"
    _with_arrays(default_model_path(), bad, change)
    with pytest.raises(framing.ModelLoadError, match=f"inference.npz: cannot be read.*{says}"):
        load_model(bad)
    (tmp_path / "s.txt").write_text("The senator slammed the plan.", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "framing", "analyze", "--model", str(bad), str(tmp_path / "s.txt")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and "inference.npz: cannot be read" in run.stderr
