"""Retraining with new labels: validation messages, label mappings, combined files,
span labels, the comparison with the current default, and `suggest` (active learning)."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from framing.active import SUGGEST_COLUMNS, select, suggest, uncertainty, write_suggestions
from framing.cli import main
from framing.errors import InputError, LabelDataError
from framing.model import load_model
from framing.resources import data_path
from framing.text import split_sentences
from framing.training import (
    _combine,
    annotated_texts,
    load_babe,
    read_labels,
    train,
    validate_labels,
)

SAMPLE_ARTICLES = str(data_path("sample_articles.jsonl.gz"))


def quiet(msg: str) -> None:
    """Drop log lines."""


def fast_estimator():
    """A small text classifier standing in for the default pipeline where only the
    workflow is under test."""
    return make_pipeline(
        TfidfVectorizer(sublinear_tf=True), LogisticRegression(C=3.0, solver="liblinear")
    )


@pytest.fixture(scope="module")
def shuffled(babe):
    """BABE in a fixed random order."""
    return babe.sample(frac=1.0, random_state=0).reset_index(drop=True)


@pytest.fixture(scope="module")
def part_a(shuffled, tmp_path_factory):
    """300 BABE sentences as a user's label file."""
    path = tmp_path_factory.mktemp("labels") / "a.csv"
    shuffled.iloc[:300][["text", "label"]].to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def tiny_model(part_a, tmp_path_factory):
    """A model trained on part_a alone (fast estimator, no CV)."""
    out = tmp_path_factory.mktemp("models") / "tiny"
    return train(out, data=[part_a], base_data="none", cv=0, estimator=fast_estimator(), log=quiet)


def problems_of(path, **kw) -> list[str]:
    with pytest.raises(LabelDataError) as info:
        read_labels(path, **kw)
    return info.value.problems


# ---------------------------------------------------------------- validation


def test_jsonl_malformed_and_non_object_lines_are_named(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text(
        '{"text": "The senator praised the bill.", "label": 1}\n'
        '{"text": "Fine sentence two.", "label": 0}\n'
        '{"text": "Broken line, "label": 1}\n'
        "\n"
        "[1, 2]\n"
        '{"text": "Another sentence here.", "label": 0}\n',
        encoding="utf-8",
    )
    probs = problems_of(path, min_per_class=0)
    assert any(
        p.startswith("not valid JSON on lines 3 (line 3: Expecting ',' delimiter") for p in probs
    )
    assert any(p.startswith("lines 5 hold a JSON value that is not an object") for p in probs)
    assert len(probs) == 2
    with pytest.raises(LabelDataError, match="line numbers of the file"):
        read_labels(path)


def test_parquet_with_wrong_column_types(tmp_path):
    path = tmp_path / "labels.parquet"
    pd.DataFrame({"text": [11, 12, 13], "label": [1.0, 0.0, 0.5]}).to_parquet(path)
    probs = problems_of(path, min_per_class=0)
    assert "column 'text' holds int64 values, not text" in probs
    assert any(
        "unknown label values ['0.5'] in records 3" in p and "the other labels read as 1/0" in p
        for p in probs
    )


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_missing_labels_are_named_by_row(tmp_path, suffix):
    df = pd.DataFrame(
        {
            "text": ["One sentence.", "Two sentences.", "Three sentences."],
            "label": [1.0, np.nan, 0.0],
        }
    )
    path = tmp_path / f"labels{suffix}"
    if suffix == ".csv":
        path.write_text(
            "text,label\nOne sentence.,1\nTwo sentences.,\nThree sentences.,0\n", encoding="utf-8"
        )
    elif suffix == ".parquet":
        df.to_parquet(path)
    else:
        df.to_json(path, orient="records", lines=True)
    where = {".csv": "rows 3", ".parquet": "records 2", ".jsonl": "lines 2"}[suffix]
    assert problems_of(path, min_per_class=0) == [
        f"no 'label' in {where} (fill in a label or delete those {where.split()[0]})"
    ]


def test_weight_column_not_a_number_or_negative(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(
        "text,label,weight\nFirst sentence.,1,2.5\nSecond sentence.,0,heavy\n"
        "Third sentence.,1,-1\nFourth sentence.,0,\n",
        encoding="utf-8",
    )
    probs = problems_of(path, min_per_class=0)
    assert probs == [
        "'weight' is not a number in rows 3 (leave it empty for weight 1)",
        "negative 'weight' in rows 4; weights must be >= 0",
    ]
    path.write_text(
        "text,label,weight\nFirst sentence.,1,2.5\nSecond sentence.,0,\n", encoding="utf-8"
    )
    assert read_labels(path, min_per_class=0).weight.tolist() == [2.5, 1.0]


def test_missing_columns_duplicates_conflicts_and_too_few(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("sentence,label\nA.,1\n", encoding="utf-8")
    assert problems_of(path) == ["missing column(s) text; found sentence, label"]
    path.write_text(
        "text,label\nSame words here.,1\nOther words.,0\nSame  words here.,1\n"
        "Clash here.,1\nClash here.,0\n",
        encoding="utf-8",
    )
    probs = problems_of(path)
    assert "same text with conflicting labels in rows 5, 6" in probs
    assert "exact duplicate text in rows 2, 4" in probs
    assert "only 3 example(s) of label 1 (biased); need at least 10" in probs


@pytest.mark.parametrize(
    "values, mapping, message",
    [
        (["Biased", "Non-biased"], "biased/non-biased", "Biased -> 1, Non-biased -> 0"),
        ([1, 0], "1/0", "1 -> 1, 0 -> 0"),
        (["TRUE", "false"], "true/false", "TRUE -> 1, false -> 0"),
        (["yes", "no"], "true/false", "yes -> 1, no -> 0"),
        (["loaded", "neutral"], "loaded/neutral", "loaded -> 1, neutral -> 0"),
        ([True, False], "true/false", "True -> 1, False -> 0"),
    ],
)
def test_label_mappings_are_named(values, mapping, message):
    df = pd.DataFrame({"text": [f"Sentence number {i}." for i in range(20)], "label": values * 10})
    out = validate_labels(df)
    assert out.label.tolist() == [1, 0] * 10
    assert out.attrs["label_mapping"] == mapping
    assert out.attrs["label_message"] == f"labels read as {mapping}: {message} (1 = biased/loaded)"


def test_span_labels_from_words_and_offsets(tmp_path):
    text = "Critics slammed the reckless plan on Monday."
    df = pd.DataFrame(
        {
            "text": [text, "The plan was approved on Tuesday."],
            "label": [1, 0],
            "biased_words": ['["slammed"]', "[]"],
            "spans": ["[[20, 28]]", ""],
        }
    )
    out = validate_labels(df, min_per_class=0)
    assert out.biased_words.tolist() == [("slammed", "reckless"), ()]
    assert [s.biased_words for s in annotated_texts(out)] == [("slammed", "reckless"), ()]
    bad = df.assign(biased_words=['["furious"]', "[]"], spans=["[[20, 99]]", ""])
    with pytest.raises(LabelDataError) as info:
        validate_labels(bad, min_per_class=0)
    assert info.value.problems == [f"row 2: span [20, 99] outside the text (length {len(text)})"]
    # a listed word missing from the text (annotation typo) is dropped with a note
    typo = df.assign(biased_words=['["slammed", "furious"]', "[]"])
    out = validate_labels(typo, min_per_class=0)
    assert out.biased_words.tolist() == [("slammed", "reckless"), ()]
    assert out.attrs["notes"] == [
        "row 2: biased word(s) ['furious'] not found in the text; ignored"
    ]


# ---------------------------------------------------------------- combining files


def test_several_files_are_combined_and_the_mapping_logged(shuffled, tmp_path):
    csv, jsonl = tmp_path / "a.csv", tmp_path / "b.jsonl"
    a, b = shuffled.iloc[:30], shuffled.iloc[30:60]
    a.assign(label=a.label.map({1: "Biased", 0: "Non-biased"}))[["text", "label"]].to_csv(
        csv, index=False
    )
    b[["text", "label", "outlet"]].to_json(jsonl, orient="records", lines=True)
    lines: list[str] = []
    df, sources = _combine([csv, jsonl], "none", log=lines.append)
    assert len(df) == 60 and df.label.tolist() == a.label.tolist() + b.label.tolist()
    assert [s["rows"] for s in sources] == [30, 30] and len(sources[0]["sha256"]) == 64
    assert lines == [
        f"{csv}: 30 sentences; labels read as biased/non-biased: Biased -> 1, Non-biased -> 0 "
        "(1 = biased/loaded)",
        f"{jsonl}: 30 sentences; labels read as 1/0: 1 -> 1, 0 -> 0 (1 = biased/loaded)",
    ]
    # the same sentence in two files, with another label: named by file and row/line
    b.iloc[:1].assign(label=1 - b.label.iloc[0])[["text", "label"]].to_json(
        tmp_path / "c.jsonl", orient="records", lines=True
    )
    clash = tmp_path / "c.jsonl"
    with pytest.raises(LabelDataError) as info:
        _combine([jsonl, clash], "none")
    assert info.value.problems == [
        f"same text with conflicting labels in {jsonl} line 1, {clash} line 1"
    ]


def test_every_bad_file_is_reported(tmp_path):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("text,label\nGood sentence.,1\nBad one.,maybe\n", encoding="utf-8")
    two.write_text("text,label\n,1\n", encoding="utf-8")
    with pytest.raises(LabelDataError) as info:
        _combine([one, two], "none")
    assert info.value.problems[0].startswith(f"{one}: unknown label values ['maybe'] in rows 3")
    assert info.value.problems[1] == f"{two}: empty or non-text 'text' in rows 2"


def test_user_labels_replace_babe_labels_for_the_same_sentence(shuffled, tmp_path):
    path = tmp_path / "relabel.csv"
    flipped = shuffled.iloc[:12].assign(label=1 - shuffled.label.iloc[:12])
    flipped[["text", "label"]].to_csv(path, index=False)
    lines: list[str] = []
    df, sources = _combine([path], "babe", log=lines.append)
    assert "12 of your sentences are also in BABE: your labels replace BABE's" in lines[1]
    mine = df[df["_source"] == str(path)]
    assert mine.label.tolist() == flipped.label.tolist()
    assert not df[df["_source"] == "babe"].text.isin(flipped.text).any()
    assert sources[0]["rows"] == len(load_babe()) - 12


# ---------------------------------------------------------------- comparison with the current default


def test_comparison_with_the_current_default_is_in_meta_and_card(
    shuffled, part_a, tiny_model, tmp_path, monkeypatch
):
    monkeypatch.setenv("FRAMING_MODEL", str(tiny_model))
    part_b = tmp_path / "b.csv"
    shuffled.iloc[300:500][["text", "label"]].to_csv(part_b, index=False)
    lines: list[str] = []
    out = train(
        tmp_path / "new",
        data=[part_a, part_b],
        base_data="none",
        cv=2,
        estimator=fast_estimator(),
        log=lines.append,
    )
    meta = json.loads((out / "meta.json").read_text("utf-8"))
    comp = meta["metrics"]["comparison"]
    assert comp["scheme"] == "stratified_2fold"
    [res] = comp["results"]
    # the current default (tiny) was trained on part_a: only part_b's 200 rows are compared
    assert res["against"] == "current_default" and res["n"] == 200
    assert res["model"]["name"] == "tiny"
    assert 0 < res["new"]["macro_f1"] <= 1 and 0 < res["other"]["macro_f1"] <= 1
    lo, hi = res["ci95"]
    assert lo <= res["delta_macro_f1"] <= hi
    assert comp["notes"] == [
        "300 of your rows left out of the comparison with the current default (tiny): "
        "it was trained on them"
    ]
    assert any(line.startswith("  on your rows (200): new model macro-F1") for line in lines)
    card = (out / "MODEL_CARD.md").read_text("utf-8")
    assert "## Did the new labels help?" in card and "`tiny` v" in card
    assert meta["metrics"]["stratified_2fold"]["n"] == 500  # the metric table is unchanged


@pytest.mark.slow
def test_comparison_without_the_users_rows_on_babe(shuffled, tiny_model, tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_MODEL", str(tiny_model))
    mine = tmp_path / "mine.csv"
    shuffled.iloc[:40].assign(text=shuffled.text.iloc[:40] + " (Reported.)")[
        ["text", "label"]
    ].to_csv(mine, index=False)
    out = train(
        tmp_path / "m", data=[mine], base_data="babe", cv=2, estimator=fast_estimator(), log=quiet
    )
    comp = json.loads((out / "meta.json").read_text("utf-8"))["metrics"]["comparison"]
    against = [(r["against"], r["rows"], r["n"]) for r in comp["results"]]
    assert against == [
        ("current_default", "your rows", 40),
        ("without_your_data", "your rows", 40),
        ("without_your_data", "BABE rows", len(load_babe())),
    ]


def test_weights_are_recorded(shuffled, tmp_path):
    path = tmp_path / "w.csv"
    shuffled.iloc[:60][["text", "label"]].assign(weight=[1.0, 2.0] * 30).to_csv(path, index=False)
    out = train(
        tmp_path / "m", data=[path], base_data="none", cv=0, estimator=fast_estimator(), log=quiet
    )
    assert json.loads((out / "meta.json").read_text("utf-8"))["sample_weights"] is True


# ---------------------------------------------------------------- suggest


def test_select_prefers_uncertain_and_spreads_out():
    texts = [f"The minister praised the reform plan in speech {i}." for i in range(10)]
    texts += [
        "Storms flooded the valley overnight.",
        "Shares fell after the earnings report.",
        "The court delayed the ruling again.",
        "Fans cheered the late winning goal.",
    ]
    proba = [0.5] * 10 + [0.42, 0.41, 0.58, 0.6]
    np.testing.assert_allclose(uncertainty([0.5, 0.0, 0.75]), [1.0, 0.0, 0.5])
    plain = select(proba, texts, 4, diversity=0.0)
    assert set(plain) <= set(range(10))
    spread = select(proba, texts, 4, diversity=0.5)
    assert spread[0] in range(10) and len(set(spread) & set(range(10))) == 1
    np.testing.assert_array_equal(
        select(proba, texts, 4, diversity=0.5, seed=7),
        select(proba, texts, 4, diversity=0.5, seed=7),
    )
    with pytest.raises(ValueError, match="diversity"):
        select(proba, texts, 4, diversity=2.0)


def test_suggest_table_is_deterministic_and_leaves_out_training_sentences(shuffled, tiny_model):
    def single(texts):
        return [" ".join(t.split()) for t in texts if len(split_sentences(t)) == 1][:20]

    known = single(shuffled.text.iloc[:100])  # in part_a: the model was trained on them
    fresh = single(shuffled.text.iloc[600:700])
    table = suggest(known + fresh, n=10, model=str(tiny_model), seed=1)
    assert tuple(table.columns) == SUGGEST_COLUMNS and len(table) == 10
    assert table.text.isin(fresh).all()
    assert table.id.is_unique and (table.label == "").all()
    assert table.probability.between(0, 1).all()
    assert table.source_article.str.startswith("row-").all()
    again = suggest(known + fresh, n=10, model=str(tiny_model), seed=1)
    pd.testing.assert_frame_equal(table, again)
    with pytest.raises(InputError, match="no sentences"):
        suggest(["Too short."], n=5, model=str(tiny_model))


def test_suggest_splits_articles_into_sentences(tiny_model):
    table = suggest(SAMPLE_ARTICLES, n=25, model=str(tiny_model), diversity=0.3)
    assert len(table) == 25 and table.source_article.nunique() > 5
    for _, row in table.iterrows():
        article, number = row.id.rsplit(":", 1)
        assert article == row.source_article and int(number) >= 1
        assert 5 <= len(row.text.split()) <= 80 and "\n" not in row.text


def test_suggest_then_label_then_train_round_trip(tiny_model, tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_MODEL", str(tiny_model))
    runner = CliRunner()
    out = tmp_path / "to_label.csv"
    res = runner.invoke(
        main, ["suggest", SAMPLE_ARTICLES, "-n", "24", "-o", str(out), "--seed", "3"]
    )
    assert res.exit_code == 0, res.output
    assert "24 sentences to label" in res.output
    assert [p.name for p in tmp_path.iterdir()] == ["to_label.csv"]  # written atomically
    table = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert list(table.columns) == list(SUGGEST_COLUMNS) and (table.label == "").all()
    # unlabelled rows are explained, not a crash
    res = runner.invoke(
        main, ["train", "--data", str(out), "-o", str(tmp_path / "m0"), "--base-data", "none"]
    )
    assert res.exit_code == 1 and "no 'label' in rows 2, 3" in res.output
    table["label"] = ["biased", "non-biased"] * 12  # as a person would fill it in
    table.to_csv(out, index=False, encoding="utf-8-sig")
    res = runner.invoke(
        main,
        [
            "train",
            "--data",
            str(out),
            "-o",
            str(tmp_path / "m"),
            "--base-data",
            "none",
            "--cv",
            "2",
        ],
    )
    assert res.exit_code == 0, res.output
    meta = load_model(tmp_path / "m").meta
    assert meta["training_data"][0]["rows"] == 24
    assert meta["training_data"][0]["label_mapping"] == "biased/non-biased"
    assert meta["metrics"]["comparison"]["results"][0]["n"] == 24


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_suggestions_in_other_formats_read_back(tiny_model, tmp_path, suffix, shuffled):
    table = suggest(shuffled.text.iloc[600:640].tolist(), n=20, model=str(tiny_model))
    path = write_suggestions(table.assign(label=[1, 0] * 10), tmp_path / f"s{suffix}")
    back = read_labels(path, min_per_class=0)
    assert back.text.tolist() == table.text.tolist() and back.label.tolist() == [1, 0] * 10


def test_suggest_cli_bad_input_is_one_line(tmp_path):
    res = CliRunner().invoke(
        main, ["suggest", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "x.csv")]
    )
    assert res.exit_code == 1 and "no such file" in res.output
    assert len(res.output.strip().splitlines()) == 1


# ---------------------------------------------------------------- reuse of the shipped tagger


def test_user_rows_on_top_of_babe_reuse_the_shipped_tagger(tmp_path):
    """User rows without word-level labels leave the tagger's inputs (BABE's annotated
    sentences, labels, outlets) as the shipped model had them: its tagger is reused,
    not refitted; a changed BABE label means a refit."""
    from framing.training import _combine, _shipped_tagger, _tagger_inputs, annotated_texts

    path = tmp_path / "mine.csv"
    pd.DataFrame(
        {
            "text": [f"Officials said the plan number {i} was radical." for i in range(20)],
            "label": [i % 2 for i in range(20)],
        }
    ).to_csv(path, index=False)
    df, _ = _combine([path], "babe")
    texts, y = annotated_texts(df), df.label.to_numpy(dtype=int)
    lines: list[str] = []
    fit, meta, reused = _tagger_inputs(texts, y, df["outlet"].tolist(), 42, lines.append)
    shipped = load_model("default").estimator_model().tagger
    assert fit == {} and type(reused) is type(shipped)
    assert {k: pickle.dumps(v, protocol=5) for k, v in vars(reused).items()} == {
        k: pickle.dumps(v, protocol=5) for k, v in vars(shipped).items()
    }  # the shipped tagger, read again from its pickle
    assert meta["oof_grouping"] == "outlet" and meta["reused_from"] == "shipped default model"
    assert "not refitted" in lines[-1]
    rows = [i for i, t in enumerate(texts) if t.biased_words is not None]
    sub = [str(texts[i]) for i in rows]
    words = [list(texts[i].biased_words) for i in rows]
    outlets = [str(df["outlet"].iat[i]) for i in rows]
    flipped = y[rows].copy()
    flipped[0] = 1 - flipped[0]
    assert _shipped_tagger(sub, words, flipped, outlets, 42) is None
    assert _shipped_tagger(sub, words, y[rows], outlets, 7) is None


# ---------------------------------------------------------------- folds of the base data, cached


def test_base_rows_keep_their_folds_whatever_is_added():
    from sklearn.model_selection import StratifiedKFold

    from framing.training import _stratified_folds

    rng = np.random.default_rng(0)
    base_y = rng.integers(0, 2, 200)
    alone = _stratified_folds(base_y, 5, 42, None)
    skf = StratifiedKFold(5, shuffle=True, random_state=42).split(np.zeros(200), base_y)
    assert all(
        np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
        for a, b in zip(alone, skf, strict=True)
    )
    for n_added in (3, 40):  # 3 rows: fewer than 5 of a class, dealt to the folds in turn
        y = np.concatenate([base_y, rng.integers(0, 2, n_added)])
        base = np.arange(len(y)) < 200
        folds = _stratified_folds(y, 5, 42, base)
        for (tr, te), (tr0, te0) in zip(folds, alone, strict=True):
            assert np.array_equal(te[te < 200], te0) and np.array_equal(tr[tr < 200], tr0)
        added_test = np.concatenate([te[te >= 200] for _, te in folds])
        assert sorted(added_test) == list(range(200, len(y)))  # each added row tested once


def test_a_fold_file_changed_in_the_cache_is_not_loaded(tmp_path):
    from framing.traincache import FoldCache

    c = FoldCache("k" * 64, root=tmp_path)
    folder, note = c.begin()
    assert note is None
    files = [FoldCache.write_fold(folder, i, {"fold": i}, np.arange(3.0) + i) for i in range(2)]
    assert not c.complete(2) and c.commit(folder, files) is None
    assert c.complete(2) and not c.complete(3)
    model, proba = c.load(1)
    assert model == {"fold": 1} and proba.tolist() == [1.0, 2.0, 3.0]
    with open(c.path / files[0][0], "ab") as f:
        f.write(b"\0")
    assert not c.complete(2) and c.load(0) is None


@pytest.mark.slow
def test_the_folds_without_the_users_rows_are_fitted_once(shuffled, tmp_path, monkeypatch):
    """A second run with other rows on top of BABE loads the folds trained on BABE alone:
    the BABE-row figures of the recipe without the user's rows are those of a run that
    fits them, and a run without the cache gives the same figures and model file."""
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))

    def rows(name: str, start: int) -> str:
        part = shuffled.iloc[start : start + 40]
        path = tmp_path / name
        part.assign(text=part.text + " (Reported.)")[["text", "label"]].to_csv(path, index=False)
        return str(path)

    def run(name: str, data: str, **kw) -> tuple[list[str], dict]:
        lines: list[str] = []
        out = train(
            tmp_path / name, data=[data], cv=2, estimator=fast_estimator(), log=lines.append, **kw
        )
        meta = json.loads((out / "meta.json").read_text("utf-8"))
        return lines, meta["metrics"]["comparison"]["results"]

    a, b = rows("a.csv", 0), rows("b.csv", 40)
    lines_a, first = run("m1", a)
    assert not any("earlier run" in line for line in lines_a)
    lines_b, second = run("m2", b)
    assert any("fitted in an earlier run" in line for line in lines_b)
    assert first[-1]["rows"] == second[-1]["rows"] == "BABE rows"
    assert first[-1]["other"] == second[-1]["other"]  # the same models without the user's rows
    _, uncached = run("m3", b, cache=False)
    assert uncached == second
    assert (tmp_path / "m3" / "model.pkl.gz").read_bytes() == (
        tmp_path / "m2" / "model.pkl.gz"
    ).read_bytes()
