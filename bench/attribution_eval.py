"""Evaluate framing.attribution on PolNeAR and on the hand-annotated gold set.

Usage::

    python bench/attribution_eval.py --polnear [DIR] [--polnear-split tune|dev] [--log FILE]
    python bench/attribution_eval.py [--split test|dev|all] [--gold PATH] [--errors]

With ``--polnear`` (default DIR ../shared/datasets/polnear): for the rules alone,
the learned extractor alone and the two combined (what ``framing`` runs), source,
cue and content precision / recall / F1 with PolNeAR's matching (a prediction is
matched to a gold attribution when their cues overlap; overlap, and exact after
trimming spaces, quotes and punctuation: framing.attribution.evaluation), by form
of the gold content (direct / indirect / mixed), the human agreement over the
multiply-annotated articles of train and dev (the ceiling), and the time per
1,000 words of each system measured side by side in this run (tokenization
excluded). ``tune`` is the article-level hold-out of PolNeAR train that models are
chosen on; ``dev`` is for reporting (each look is appended to ``--log``).

Prints, for the chosen split (default: test, then dev): precision, recall and F1
for source spans (exact and overlap), cue spans (overlap), content spans
(exact and overlap); accuracy of form, source type and cue stance on matched
attributions; precision/recall/F1 of unattributed-claim flags (per item: an
item is flagged when any of its sentences is); and per-rule counts and
precision, and per veto of the verb rules (framing.attribution.verb_rules) n, coverage,
precision, overlaps and conflicts (:func:`veto_analysis`). Matching is one-to-one and greedy in text order. The gold set and
its conventions: tests/data/attribution_gold.jsonl, datasets/ATTRIBUTION_GUIDE.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from framing.attribution import extract_attributions
from framing.attribution.verb_rules import trace_vetoes
from framing.text import tokenize

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "attribution_gold.jsonl"


def load_gold(path: Path = GOLD, split: str = "all") -> list[dict]:
    """Gold items of one split ("dev", "test" or "all")."""
    items = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return [it for it in items if split == "all" or it["split"] == split]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _match(pred: list[tuple[int, int]], gold: list[tuple[int, int]], exact: bool) -> int:
    """Number of one-to-one matches between predicted and gold spans."""
    used = [False] * len(gold)
    hits = 0
    for p in pred:
        for k, g in enumerate(gold):
            if not used[k] and (p == g if exact else _overlap(p, g)):
                used[k] = True
                hits += 1
                break
    return hits


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _pair(
    it: dict,
    pred: list[dict],
    gold: list[dict],
    counts: Counter,
    rule_n: Counter,
    rule_ok: Counter,
    errors: list[str],
) -> list[bool]:
    """Pair predictions with gold attributions (cue and content overlap), count what the
    pairs agree on and list the mismatches; returns which gold attributions were paired."""
    text = it["text"]
    # attribution-level pairing: cue and content overlap
    used = [False] * len(gold)
    for p in pred:
        hit = None
        for k, g in enumerate(gold):
            if used[k]:
                continue
            if _overlap(
                (p["cue"]["start"], p["cue"]["end"]), (g["cue"]["start"], g["cue"]["end"])
            ) and _overlap(
                (p["content"]["start"], p["content"]["end"]),
                (g["content"]["start"], g["content"]["end"]),
            ):
                hit = k
                break
        rule_n[p["rule"]] += 1
        if hit is None:
            errors.append(
                f"FP {it['id']} [{p['rule']}] src={p['source']['text']!r} "
                f"cue={p['cue']['text']!r} content={text[p['content']['start'] : p['content']['end']][:60]!r}"
            )
            continue
        used[hit] = True
        g = gold[hit]
        rule_ok[p["rule"]] += 1
        counts["matched"] += 1
        counts["form_ok"] += p["form"] == g["form"]
        counts["type_ok"] += p["source"]["type"] == g["source"]["type"]
        counts["stance_ok"] += p["cue"]["stance"] == g["cue"]["stance"]
        for key, lab in (("form", None), ("type", "source"), ("stance", "cue")):
            pv = p[key] if lab is None else p[lab][key]
            gv = g[key] if lab is None else g[lab][key]
            if pv != gv:
                errors.append(
                    f"{key.upper()} {it['id']} pred={pv} gold={gv} src={p['source']['text']!r}"
                )
        gs, ps = (
            (g["source"]["start"], g["source"]["end"]),
            (p["source"]["start"], p["source"]["end"]),
        )
        gc, pc = (
            (g["content"]["start"], g["content"]["end"]),
            (p["content"]["start"], p["content"]["end"]),
        )
        if gs != ps:
            errors.append(
                f"SRC {it['id']} pred={text[ps[0] : ps[1]]!r} gold={text[gs[0] : gs[1]]!r}"
            )
        if gc != pc:
            errors.append(
                f"CON {it['id']} pred={text[pc[0] : pc[1]][:50]!r}..{text[pc[0] : pc[1]][-25:]!r}"
                f" gold={text[gc[0] : gc[1]][:50]!r}..{text[gc[0] : gc[1]][-25:]!r}"
            )
    return used


def evaluate(items: list[dict]) -> dict:
    """Scores of the extractor on gold items (see the module docstring)."""
    counts: Counter = Counter()
    rule_n: Counter = Counter()
    rule_ok: Counter = Counter()
    errors: list[str] = []
    unattr = Counter()
    veto_rows: list = []
    for it in items:
        text = it["text"]
        with trace_vetoes() as vetoes:
            res = extract_attributions(tokenize(text))
        pred = [a.to_dict() for a in res.attributions]
        gold = it["attributions"]
        veto_rows.append((vetoes, [_cue_of(p) for p in pred], [_cue_of(g) for g in gold]))

        def spans(rows: list[dict], key: str) -> list[tuple[int, int]]:
            return [(r[key]["start"], r[key]["end"]) for r in rows]

        counts["pred"] += len(pred)
        counts["gold"] += len(gold)
        for key in ("source", "cue", "content"):
            counts[f"{key}_exact"] += _match(spans(pred, key), spans(gold, key), True)
            counts[f"{key}_overlap"] += _match(spans(pred, key), spans(gold, key), False)
        used = _pair(it, pred, gold, counts, rule_n, rule_ok, errors)
        for k, g in enumerate(gold):
            if not used[k]:
                errors.append(
                    f"FN {it['id']} src={text[g['source']['start'] : g['source']['end']]!r} "
                    f"cue={text[g['cue']['start'] : g['cue']['end']]!r}"
                )
        flagged = bool(res.unattributed_sentences)
        unattr[(flagged, bool(it["unattributed"]))] += 1
    out: dict = {"n_items": len(items), "n_gold": counts["gold"], "n_pred": counts["pred"]}
    for key in ("source", "cue", "content"):
        for mode in ("exact", "overlap"):
            out[f"{key}_{mode}"] = _prf(counts[f"{key}_{mode}"], counts["pred"], counts["gold"])
    m = counts["matched"]
    out["matched"] = m
    out["form_accuracy"] = counts["form_ok"] / m if m else 0.0
    out["source_type_accuracy"] = counts["type_ok"] / m if m else 0.0
    out["stance_accuracy"] = counts["stance_ok"] / m if m else 0.0
    tp = unattr[(True, True)]
    out["unattributed"] = _prf(tp, tp + unattr[(True, False)], tp + unattr[(False, True)])
    out["rules"] = {r: (rule_n[r], rule_ok[r] / rule_n[r]) for r in sorted(rule_n)}
    out["vetoes"] = veto_analysis(veto_rows)
    out["errors"] = errors
    return out


def _cue_of(row: dict) -> dict:
    return {"cue": (row["cue"]["start"], row["cue"]["end"])}


def _print(name: str, r: dict) -> None:
    print(
        f"== {name}: {r['n_items']} items, {r['n_gold']} gold / {r['n_pred']} predicted attributions"
    )
    print(f"{'':22s} {'P':>6s} {'R':>6s} {'F1':>6s}")
    for key in (
        "source_exact",
        "source_overlap",
        "cue_exact",
        "cue_overlap",
        "content_exact",
        "content_overlap",
        "unattributed",
    ):
        p, rc, f = r[key]
        print(f"{key:22s} {p:6.3f} {rc:6.3f} {f:6.3f}")
    print(
        f"on {r['matched']} matched attributions: form accuracy {r['form_accuracy']:.3f}, "
        f"source type accuracy {r['source_type_accuracy']:.3f}, "
        f"stance accuracy {r['stance_accuracy']:.3f}"
    )
    print("per rule (n, precision):")
    for rule, (n, prec) in r["rules"].items():
        print(f"  {rule:20s} {n:4d} {prec:6.3f}")
    _print_table("per veto of the verb rules", r["vetoes"], decisive=True)


def _rule_preds(doc) -> list[dict]:
    from framing.attribution.evaluation import merge_same_cue

    return merge_same_cue(_rows(extract_attributions(doc, mentions=[])))


def _combined_preds(doc, learned) -> list[dict]:
    from framing.attribution.evaluation import merge_same_cue

    return merge_same_cue(_rows(extract_attributions(doc, learned=learned, mentions=[])))


def _rows(res) -> list[dict]:
    return [
        {
            "cue": (a.cue_start, a.cue_end),
            "source": (a.source_start, a.source_end),
            "content": (a.content_start, a.content_end),
            "rule": a.rule,
        }
        for a in res.attributions
    ]


def _by_form(rows: list[tuple[str, list[dict], list[dict]]]) -> dict:
    """Scores per form of the gold content; a prediction takes its matched gold's form."""
    from framing.attribution.evaluation import count as count_doc
    from framing.attribution.evaluation import form_of, match, summarise

    per: dict[str, Counter] = {}
    for text, pred, gold in rows:
        forms = [form_of(text, g["content"]) for g in gold]
        pform = [form_of(text, p.get("content")) for p in pred]
        for i, j in match(pred, gold):
            pform[i] = forms[j]
        for f in ("direct", "indirect", "mixed"):
            count_doc(
                text,
                [p for p, pf in zip(pred, pform, strict=True) if pf == f],
                [g for g, gf in zip(gold, forms, strict=True) if gf == f],
                per.setdefault(f, Counter()),
            )
    return {f: summarise(c) for f, c in per.items()}


def human_agreement(directory: Path) -> dict:
    """Pairwise scores between the annotators of the multiply-annotated articles."""
    from framing.attribution import evaluation, polnear

    by_doc: dict[str, list] = {}
    for split in ("train", "dev"):
        for art in polnear.read(directory, split, primary=None):
            by_doc.setdefault(art.doc_id, []).append(art)
    rows = []
    n_docs = 0
    for arts in by_doc.values():
        if len(arts) < 2:
            continue
        n_docs += 1
        for a in range(len(arts)):
            for b in range(a + 1, len(arts)):
                rows.append((arts[a].text, list(arts[a].gold), list(arts[b].gold)))
    out = evaluation.score(rows)
    out["n_articles"] = n_docs
    out["n_pairs"] = len(rows)
    return out


def lf_analysis(rows: list[tuple[str, list[dict], list[dict]]]) -> dict:
    """Per labelling function (each rule, and the learned extractor): snorkel's LFAnalysis.

    ``rows`` hold ``(text, predictions, gold)`` with every prediction's ``rule``
    (rules alone plus the learned extractor's attributions, rule ``learned``).
    ``coverage``: predictions per gold attribution; ``precision``: share matched to
    a gold attribution (cues overlap; each function matched on its own) whose source
    it overlaps; ``overlaps``: share
    whose cue overlaps a prediction of another function; ``conflicts``: share that
    overlaps one whose source does not overlap its own.
    """
    from framing.attribution.evaluation import _overlap, match

    n_gold = sum(len(g) for _t, _p, g in rows)
    c: dict[str, Counter] = {}
    for _text, pred, gold in rows:
        hits: dict[int, int] = {}
        for rule in {p["rule"] for p in pred}:  # each function matched to the gold on its own
            idx = [i for i, p in enumerate(pred) if p["rule"] == rule]
            hits.update({idx[i]: j for i, j in match([pred[k] for k in idx], gold)})
        for i, p in enumerate(pred):
            k = c.setdefault(p["rule"], Counter())
            k["n"] += 1
            j = hits.get(i)
            if j is not None and gold[j]["source"] is not None and p["source"] is not None:
                k["ok"] += _overlap(p["source"], gold[j]["source"])
            others = [q for q in pred if q["rule"] != p["rule"] and _overlap(q["cue"], p["cue"])]
            k["overlaps"] += bool(others)
            k["conflicts"] += any(
                q["source"] is None or p["source"] is None or not _overlap(q["source"], p["source"])
                for q in others
            )
    return {
        rule: {
            "n": k["n"],
            "coverage": round(k["n"] / n_gold, 4) if n_gold else 0.0,
            "precision": round(k["ok"] / k["n"], 4),
            "overlaps": round(k["overlaps"] / k["n"], 4),
            "conflicts": round(k["conflicts"] / k["n"], 4),
        }
        for rule, k in sorted(c.items())
    }


def veto_analysis(
    rows: list[tuple[list[tuple[str, tuple[int, int], bool]], list[dict], list[dict]]],
) -> dict:
    """Per veto of the verb rules (framing.attribution.verb_rules): what LFAnalysis reports
    for a labelling function, for a function that votes "no attribution at this cue".

    ``rows`` hold ``(vetoes, predictions, gold)`` per article: the vetoes recorded by
    ``trace_vetoes`` while the rules ran, the attributions of the rules and the learned
    extractor, and the gold. Per veto, over the cues it fired on: ``n``; ``decisive``: those
    it dropped (the first veto of its rule that fired); ``coverage``: cues per gold
    attribution; ``precision``: share with no gold attribution whose cue overlaps (the veto
    was right); ``overlaps``: share where another veto fired too; ``conflicts``: share where
    another rule or the learned extractor still found an attribution with an overlapping cue.
    """
    from framing.attribution.evaluation import _overlap

    n_gold = sum(len(g) for _v, _p, g in rows)
    c: dict[str, Counter] = {}
    for vetoes, pred, gold in rows:
        by_cue: dict[tuple[int, int], dict[str, bool]] = {}
        for name, cue, decisive in vetoes:
            seen = by_cue.setdefault(cue, {})
            seen[name] = seen.get(name, False) or decisive
        for cue, names in by_cue.items():
            right = not any(_overlap(cue, g["cue"]) for g in gold)
            found = any(_overlap(cue, p["cue"]) for p in pred)
            for name, decisive in names.items():
                k = c.setdefault(name, Counter())
                k["n"] += 1
                k["decisive"] += decisive
                k["ok"] += right
                k["overlaps"] += len(names) > 1
                k["conflicts"] += found
    return {
        name: {
            "n": k["n"],
            "decisive": k["decisive"],
            "coverage": round(k["n"] / n_gold, 4) if n_gold else 0.0,
            "precision": round(k["ok"] / k["n"], 4),
            "overlaps": round(k["overlaps"] / k["n"], 4),
            "conflicts": round(k["conflicts"] / k["n"], 4),
        }
        for name, k in sorted(c.items())
    }


def _print_table(title: str, table: dict, decisive: bool = False) -> None:
    extra = " decisive," if decisive else ""
    print(f"  {title}: n,{extra} coverage, precision, overlaps, conflicts")
    for name, r in table.items():
        d = f" {r['decisive']:5d}" if decisive else ""
        print(
            f"    {name:28s} {r['n']:5d}{d} {r['coverage']:6.3f} {r['precision']:6.3f} "
            f"{r['overlaps']:6.3f} {r['conflicts']:6.3f}"
        )


def _print_scores(name: str, r: dict) -> None:
    cells = []
    for role in ("cue", "source", "content"):
        o, e = r[role]["overlap"], r[role]["exact"]
        cells.append(f"{role} {o['f1']:.3f}/{e['f1']:.3f} (P {o['p']:.3f} R {o['r']:.3f})")
    print(f"  {name:22s} " + "  ".join(cells))


def polnear_report(directory: Path, split: str, log: Path | None) -> dict:
    """Print and return the PolNeAR figures of the module docstring."""
    from framing.attribution import evaluation, polnear
    from framing.model import load_component, load_model

    arts = polnear.read(directory, split)
    learned = load_component(load_model(), "attribution")
    docs = [(a, tokenize(a.text)) for a in arts]
    n_words = sum(d.n_words for _a, d in docs)
    systems = {"rules": _rule_preds}
    if learned is not None:
        systems["learned"] = learned.extract
        systems["combined"] = lambda d: _combined_preds(d, learned)
    results: dict = {"split": split, "n_articles": len(arts), "n_words": n_words}
    print(f"PolNeAR {split}: {len(arts)} articles, {n_words} words; F1 overlap/exact")
    for name, fn in systems.items():
        for _a, d in docs:  # warm caches (the learned extractor's word cache)
            fn(d)
        t0 = time.perf_counter()
        preds = [fn(d) for _a, d in docs]
        dt = time.perf_counter() - t0
        rows = [(a.text, p, list(a.gold)) for (a, _d), p in zip(docs, preds, strict=True)]
        r = evaluation.score(rows)
        r["by_form"] = _by_form(rows)
        r["ms_per_1000_words"] = round(1000 * dt / n_words * 1000, 2)
        results[name] = r
        _print_scores(name, r)
        for f, rf in sorted(r["by_form"].items()):
            _print_scores(f"  {f} ({rf['source']['n_gold']})", rf)
        print(f"    time: {r['ms_per_1000_words']:.2f} ms per 1,000 words")
    rule_rows, veto_rows = [], []
    for a, d in docs:
        with trace_vetoes() as vetoes:
            rule_preds = _rule_preds(d)
        extra = [{**p, "rule": "learned"} for p in learned.extract(d)] if learned else []
        rule_rows.append((a.text, rule_preds + extra, list(a.gold)))
        veto_rows.append((vetoes, rule_preds + extra, list(a.gold)))
    results["lf_analysis"] = lf_analysis(rule_rows)
    _print_table("per rule (labelling function)", results["lf_analysis"])
    results["veto_analysis"] = veto_analysis(veto_rows)
    _print_table("per veto of the verb rules", results["veto_analysis"], decisive=True)
    h = human_agreement(directory)
    results["human"] = h
    _print_scores(f"human ({h['n_articles']} art.)", h)
    if split == "dev" and log is not None:
        with log.open("a", encoding="utf-8") as fh:
            line = {k: results[k]["source"]["overlap"]["f1"] for k in systems}
            fh.write(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} dev look: {line}\n")
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polnear", nargs="?", const="../shared/datasets/polnear", default=None)
    ap.add_argument("--polnear-split", choices=["tune", "dev"], default="tune")
    ap.add_argument("--log", type=Path, default=None, help="append each look at dev here")
    ap.add_argument("--json", type=Path, default=None, help="write the PolNeAR figures here")
    ap.add_argument("--split", choices=["test", "dev", "all"], default=None)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--errors", action="store_true", help="list mismatches (dev work only)")
    args = ap.parse_args(argv)
    if args.polnear is not None:
        from framing.attribution import polnear

        if not polnear.available(args.polnear):
            print(f"error: PolNeAR not found in {args.polnear}", file=sys.stderr)
            return 1
        res = polnear_report(Path(args.polnear), args.polnear_split, args.log)
        if args.json:
            args.json.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
        return 0
    splits = [args.split] if args.split else ["test", "dev"]
    for split in splits:
        items = load_gold(args.gold, split)
        t0 = time.perf_counter()
        r = evaluate(items)
        dt = time.perf_counter() - t0
        _print(split, r)
        print(f"time: {dt * 1000:.1f} ms for {len(items)} items (incl. tokenization)\n")
        if args.errors:
            print("\n".join(r["errors"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
