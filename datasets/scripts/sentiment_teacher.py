"""Write datasets/newsmtsc_teacher_abp.tsv.gz: teacher soft labels for target sentiment.

    pip install torch   # offline tool; framing never imports torch
    python datasets/scripts/sentiment_teacher.py --newsmtsc ../shared/datasets/newsmtsc \
        --articles ../shared/datasets/articles/abp_sample.jsonl.gz

The teacher is the mean of framing's linear target-sentiment model and three BiGRU networks
(64 units per direction over the shipped word vectors, the token features of
framing.sentiment and a distance embedding; pooled over the target, by attention and by max),
all trained on NewsMTSC train (the GRUs also on its further mentions), 5 epochs, seeds 0-2.
It labels name mentions in Article-Bias-Prediction sentences: every sentence of 40-400
characters of `content_original` in which a name that is a NewsMTSC train target occurs
(multi-word names also by their last word), shuffled with seed 0, the first 40,000, minus
sentences that are in NewsMTSC train or dev. The file keeps offsets and probabilities only:
the texts stay in the articles file. `python train.py --only target_sentiment` uses the first
20,000 rows.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import re
from pathlib import Path

import numpy as np

from framing.resources import load_word_vectors
from framing.sentiment import (
    MAX_DISTANCE,
    N_TOKEN_FEATURES,
    TargetSentimentModel,
    _token_matrix,
    network_inputs,
)
from framing.sentiment_training import DENSE_WEIGHT, _targets, fit_linear, load_newsmtsc
from framing.text import split_sentences

OUT = Path(__file__).resolve().parents[1] / "newsmtsc_teacher_abp.tsv.gz"
PRONOUNS = {"she", "he", "his", "her", "him", "they", "the president"}


def candidate_rows(train_rows: list[dict], articles: Path, dev_texts: set[str]) -> list[dict]:
    forms = collections.Counter(r["text"][r["start"] : r["end"]] for r in train_rows)
    names = {f for f in forms if f[:1].isupper() and len(f) >= 3 and f.lower() not in PRONOUNS}
    for f in list(names):
        parts = f.split()
        if len(parts) >= 2 and parts[-1][:1].isupper() and len(parts[-1]) >= 4:
            names.add(parts[-1])
    names = {n for n in names if not n.endswith("'s")}
    pat = re.compile(
        r"(?<![\w])("
        + "|".join(sorted(map(re.escape, names), key=len, reverse=True))
        + r")(?![\w])"
    )
    out = []
    with gzip.open(articles, "rt", encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            text = a["content_original"] or ""
            for s, e in split_sentences(text):
                sent = text[s:e]
                if not 40 <= len(sent) <= 400:
                    continue
                ms = [(m.start(), m.end()) for m in pat.finditer(sent)]
                for i, (a0, b0) in enumerate(ms):
                    others = [m for j, m in enumerate(ms) if j != i]
                    out.append(
                        {
                            "text": sent,
                            "start": a0,
                            "end": b0,
                            "others": others,
                            "id": a["id"],
                            "s": s,
                            "e": e,
                        }
                    )
    random.seed(0)
    random.shuffle(out)
    train_texts = {r["text"].strip() for r in train_rows}
    return [r for r in out[:40000] if r["text"].strip() not in dev_texts | train_texts]


def train_grus(rows: list[dict], seeds=(0, 1, 2), epochs: int = 5):
    import torch
    import torch.nn as tnn
    import torch.nn.functional as F

    torch.set_num_threads(1)
    vectors = load_word_vectors()[1]

    class GRU(tnn.Module):
        def __init__(self, hid: int = 64, pdim: int = 16) -> None:
            super().__init__()
            table = np.vstack([vectors, np.zeros((1, vectors.shape[1]), np.float32)])
            self.emb = tnn.Embedding.from_pretrained(torch.tensor(table), freeze=True)
            self.pos = tnn.Embedding(2 * MAX_DISTANCE + 2, pdim)
            self.rnn = tnn.GRU(
                vectors.shape[1] + N_TOKEN_FEATURES + pdim,
                hid,
                batch_first=True,
                bidirectional=True,
            )
            self.att = tnn.Linear(2 * hid, 1)
            self.drop = tnn.Dropout(0.3)
            self.emb_drop = tnn.Dropout(0.1)
            self.out = tnn.Linear(6 * hid, 3)

        def forward(self, R, X, P, M):
            x = torch.cat([self.emb_drop(self.emb(R)), X, self.pos(P)], -1)
            lengths = M.sum(1).clamp(min=1).long()
            packed = tnn.utils.rnn.pack_padded_sequence(
                x, lengths, batch_first=True, enforce_sorted=False
            )
            h, _ = self.rnn(packed)
            h, _ = tnn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
            tmask = X[:, :, 6] * M
            tm = (h * tmask[..., None]).sum(1) / tmask.sum(1, keepdim=True).clamp(min=1)
            a = self.att(h).squeeze(-1).masked_fill(M == 0, -1e9)
            ap = (torch.softmax(a, 1)[..., None] * h).sum(1)
            mp = h.masked_fill(M[..., None] == 0, -1e9).max(1).values
            return self.out(self.drop(torch.cat([tm, ap, mp], -1)))

    def tensors(rs):
        targets = _targets(rs)
        R, X, P, M = network_inputs(targets, [_token_matrix(t) for t in targets])
        R = np.where(R < 0, len(vectors), R)
        return [torch.tensor(a) for a in (R, X, P, M)]

    T = tensors(rows)
    y = torch.tensor([r["y"] for r in rows])
    nets = []
    for seed in seeds:
        torch.manual_seed(seed)
        net = GRU()
        opt = torch.optim.Adam(
            [p for p in net.parameters() if p.requires_grad], lr=2e-3, weight_decay=1e-4
        )
        for _ in range(epochs):
            net.train()
            perm = torch.randperm(len(y))
            for i in range(0, len(y), 32):
                idx = perm[i : i + 32]
                loss = F.cross_entropy(net(*[t[idx] for t in T]), y[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()
        net.eval()
        nets.append(net)

    def predict(rs):
        Tp = tensors(rs)
        with torch.no_grad():
            out = [
                np.vstack(
                    [
                        torch.softmax(n(*[t[i : i + 256] for t in Tp]), -1).numpy()
                        for i in range(0, len(rs), 256)
                    ]
                )
                for n in nets
            ]
        return np.mean(out, axis=0)

    return predict


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--newsmtsc", default="../shared/datasets/newsmtsc")
    p.add_argument("--articles", default="../shared/datasets/articles/abp_sample.jsonl.gz")
    args = p.parse_args()
    data = Path(args.newsmtsc)
    train = load_newsmtsc(data / "train.jsonl")
    dev = {
        r["text"].strip() for f in ("dev_rw.jsonl", "dev_mt.jsonl") for r in load_newsmtsc(data / f)
    }
    rows = candidate_rows(train, Path(args.articles), dev)
    vectorizer, tfidf, scaler, linear = fit_linear(train)
    lin = TargetSentimentModel(
        vectorizer, tfidf, scaler, linear, DENSE_WEIGHT / np.sqrt(len(scaler.mean_))
    )
    p_lin = lin.predict_targets(_targets(rows))
    p_gru = train_grus(load_newsmtsc(data / "train.jsonl", augment=True))(rows)
    soft = (p_lin + p_gru) / 2
    with gzip.open(OUT, "wt", encoding="utf-8") as f:
        f.write(
            "# Soft labels of a target-sentiment teacher on names in Article-Bias-Prediction sentences "
            "(see datasets/scripts/sentiment_teacher.py).\n"
            "# article: abp_sample.jsonl.gz id; sentence_start/end: offsets in content_original; "
            "start/end: target inside the sentence;\n"
            "# others: the sentence's other targets (start-end|...); negative/neutral/positive: "
            "teacher probabilities.\n"
            "article\tsentence_start\tsentence_end\tstart\tend\tothers\tnegative\tneutral\tpositive\n"
        )
        for r, q in zip(rows, soft, strict=True):
            others = "|".join(f"{a}-{b}" for a, b in r["others"])
            f.write(
                f"{r['id']}\t{r['s']}\t{r['e']}\t{r['start']}\t{r['end']}\t{others}\t"
                f"{q[0]:.4f}\t{q[1]:.4f}\t{q[2]:.4f}\n"
            )
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
