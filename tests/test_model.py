"""The sentence model: estimator contract, artifact checks, reproducibility."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV

import framing
from framing.errors import ModelLoadError
from framing.features import AnnotatedSentence, make_sentence_pipeline
from framing.model import (
    FORMAT_VERSION,
    ArrayModel,
    FramingModel,
    default_model_path,
    load_model,
    save_model,
    sha256_file,
)
from framing.training import annotated_texts, train

LOADED = "Democrats slammed the radical, disastrous scheme as a shameful betrayal of hardworking families."
PLAIN = "The committee will meet on Tuesday at 10 a.m. to review the annual budget report."


@pytest.fixture(scope="module")
def babe_subset(babe):
    return babe.sample(400, random_state=0).reset_index(drop=True)


def test_default_model_loads_and_predicts():
    model = framing.load_model()
    # the shipped model is read from its plain arrays; its estimator from the pickle on demand
    assert isinstance(model, ArrayModel)
    assert isinstance(model.estimator_model(), FramingModel)
    assert model.meta["format_version"] == FORMAT_VERSION and model.name
    proba = model.predict_proba([LOADED, PLAIN])
    assert proba.shape == (2, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert proba[0, 1] > 0.5 > proba[1, 1]
    assert list(model.predict([LOADED, PLAIN])) == [1, 0]


def test_default_model_meta_records_data_and_metrics():
    meta = json.loads((default_model_path() / "meta.json").read_text("utf-8"))
    data = meta["training_data"][0]
    assert data["rows"] == 3673 and len(data["sha256"]) == 64
    assert meta["seed"] == 42
    assert (default_model_path() / "MODEL_CARD.md").read_text("utf-8").startswith("# Model card")


def test_predict_proba_rejects_a_single_string():
    with pytest.raises(TypeError, match="list of sentences"):
        framing.load_model().predict_proba(LOADED)


def test_estimator_contract_clone_params_and_grid_search(babe_subset):
    model = FramingModel(estimator=make_sentence_pipeline())
    params = model.get_params()
    assert "estimator__classifier__C" in params
    cloned = clone(model)
    assert cloned.get_params()["estimator__classifier__C"] == params["estimator__classifier__C"]
    X, y = annotated_texts(babe_subset), babe_subset.label.to_numpy()
    search = GridSearchCV(model, {"estimator__classifier__C": [1.0, 3.0]}, cv=2, scoring="f1_macro")
    search.fit(X, y)
    assert search.best_params_["estimator__classifier__C"] in (1.0, 3.0)
    assert search.predict_proba([PLAIN]).shape == (1, 2)


def test_a_loaded_model_clones_and_searches_as_its_estimator():
    # load_model() reads plain arrays; scikit-learn's clone (and so GridSearchCV) gets the
    # directory's FramingModel, unfitted, with the same parameters.
    loaded = framing.load_model()
    cloned = clone(loaded)
    assert isinstance(cloned, FramingModel) and not hasattr(cloned, "estimator_")
    assert (
        cloned.get_params()["estimator__classifier__C"]
        == loaded.get_params()["estimator__classifier__C"]
    )


def test_annotated_sentences_are_plain_strings_to_other_steps():
    s = AnnotatedSentence("Critics slammed the plan.", ["slammed"])
    assert s == "Critics slammed the plan." and s.biased_words == ("slammed",)
    import pickle

    assert pickle.loads(pickle.dumps(s)).biased_words == ("slammed",)


def test_same_data_and_seed_give_identical_predictions(tmp_path, babe_subset):
    csv = tmp_path / "labels.csv"
    babe_subset[["text", "label"]].to_csv(csv, index=False)
    a = train(tmp_path / "a", data=[csv], base_data="none", cv=0, log=lambda m: None)
    b = train(tmp_path / "b", data=[csv], base_data="none", cv=0, log=lambda m: None)
    texts = babe_subset.text.tolist()[:50]
    np.testing.assert_array_equal(
        load_model(a).predict_proba(texts), load_model(b).predict_proba(texts)
    )
    meta = json.loads((a / "meta.json").read_text("utf-8"))
    assert meta["training_data"][0]["rows"] == 400
    with pytest.raises(FileExistsError):
        train(a, data=[csv], base_data="none", cv=0, log=lambda m: None)


@pytest.fixture
def model_copy(tmp_path):
    dest = tmp_path / "copy"
    shutil.copytree(default_model_path(), dest)
    return dest


def test_tampered_model_file_is_refused_before_unpickling(model_copy):
    path = model_copy / "model.pkl.gz"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="sha256 .* does not match"):
        load_model(model_copy)


def test_truncated_model_file_is_refused(model_copy):
    path = model_copy / "model.pkl.gz"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(ModelLoadError, match="model.pkl.gz"):
        load_model(model_copy)


def test_missing_meta_and_newer_format_are_refused(model_copy):
    meta_path = model_copy / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    meta["format_version"] = 99
    meta_path.write_text(json.dumps(meta), "utf-8")
    with pytest.raises(ModelLoadError, match="newer than this framing supports"):
        load_model(model_copy)
    meta_path.write_text("{not json", "utf-8")
    with pytest.raises(ModelLoadError, match="not valid JSON"):
        load_model(model_copy)
    meta_path.unlink()
    with pytest.raises(ModelLoadError, match="meta.json: missing"):
        load_model(model_copy)


def test_unknown_model_name_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_MODELS_DIR", str(tmp_path))
    with pytest.raises(ModelLoadError, match="not found"):
        load_model("no-such-model")


def test_save_model_never_overwrites(tmp_path):
    (tmp_path / "m").mkdir()
    with pytest.raises(FileExistsError):
        save_model(FramingModel(), tmp_path / "m", {}, "card")


def test_components_are_saved_beside_the_model_and_hash_checked(tmp_path):
    from framing.model import default_model_path, load_model, save_component

    d = tmp_path / "m"
    shutil.copytree(default_model_path(), d)
    save_component(d, "toy", {"weights": [1.0, 2.0]}, {"trained_on": "nothing"})
    meta = json.loads((d / "meta.json").read_text())
    assert meta["components"]["toy"]["file"] == "toy.pkl.gz"
    assert meta["components"]["toy"]["trained_on"] == "nothing"
    model = load_model(str(d))
    assert model.component("toy") == {"weights": [1.0, 2.0]}
    assert model.component("absent") is None
    # a changed component file is refused before it is unpickled
    (d / "toy.pkl.gz").write_bytes(b"tampered")
    fresh = load_model(str(d))
    fresh.__dict__.pop("components_", None)
    with pytest.raises(ModelLoadError, match="does not match"):
        fresh.component("toy")


def test_format_1_directory_with_joblib_files_still_loads(model_copy):
    """Model directories written before the pickle format (joblib files, format 1) load
    and predict as the same model does."""
    import joblib

    from framing.model import load_pickle

    meta_path = model_copy / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    for name, info in meta["components"].items():
        obj = load_pickle(model_copy / info["file"])
        (model_copy / info["file"]).unlink()
        info["file"] = f"{name}.joblib"
        joblib.dump(obj, model_copy / info["file"], compress=3)
        info["sha256"] = sha256_file(model_copy / info["file"])
    model = load_pickle(model_copy / meta["model_file"])
    (model_copy / meta["model_file"]).unlink()
    joblib.dump(model, model_copy / "model.joblib", compress=3)
    meta.update(
        format_version=1,
        model_file="model.joblib",
        model_sha256=sha256_file(model_copy / "model.joblib"),
    )
    meta_path.write_text(json.dumps(meta), "utf-8")
    old = load_model(model_copy)
    texts = ["Critics slammed the radical plan.", "The council met on Tuesday."]
    assert np.array_equal(old.predict_proba(texts), load_model("default").predict_proba(texts))
    assert old.component("target_sentiment") is not None


class _FinishesAnotherRun:
    """Pickles to nothing; pickling it writes a complete model directory at ``path``, as a
    second ``framing train -o`` to the same directory finishing while this one saves."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        self.path.mkdir()
        (self.path / "meta.json").write_text('{"name": "other run"}', encoding="utf-8")
        return (dict, ())


def test_a_directory_made_while_the_model_is_saved_is_kept(tmp_path):
    """Two saves to the same directory at once: the second is a FileExistsError (one error
    line in the CLI; it was an OSError traceback, 'Directory not empty'), the directory the
    first wrote is untouched and no temporary directory is left."""
    dest = tmp_path / "m"
    with pytest.raises(FileExistsError, match="never overwritten"):
        save_model(_FinishesAnotherRun(dest), dest, {}, "card")
    assert (dest / "meta.json").read_text(encoding="utf-8") == '{"name": "other run"}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]
