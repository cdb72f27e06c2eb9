"""Score indicator_key on the cross-agency pair set (issue 17), beside a fuzzy-clustering baseline.

    python eval/score_agency_pairs.py            # the dev part: figures and recall by kind
    python eval/score_agency_pairs.py --errors   # also the dev part's wrong answers
    python eval/score_agency_pairs.py --held     # the held-back third (figures only, unless --errors)
    python eval/score_agency_pairs.py --fresh    # real pairs labelled after the key was finished

Pairs: eval/agency_pairs_real.tsv (mined from a scan of shared/real + samples/text, labelled by
reading) and eval/agency_pairs_synthetic.tsv (eval/synth_pairs.py). Each pair's part (dev / held)
was drawn at random, by a fixed seed, when the pair was mined or made, before any labelling.
eval/agency_pairs_fresh.tsv (part "fresh") holds further mined pairs, never shown while the key
was written, labelled by reading once it was finished: a second blind test, real pairs only.

The baseline is plain fuzzy clustering with rapidfuzz: every name of the part is a node, two
names are linked when token_set_ratio of their default-processed text reaches a threshold, and
names in one connected group are "the same indicator". The threshold is the one that gives the
best F1 on the dev part, so the baseline is tuned on dev as the key was.

A false join is a pair labelled different that gets one key; the rate is taken over the
near-misses (kind near_*), the pairs that differ by one discriminator.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from rapidfuzz import fuzz, process, utils  # noqa: E402

from normalize.keys import indicator_key  # noqa: E402

FILES = ("agency_pairs_real.tsv", "agency_pairs_synthetic.tsv", "agency_pairs_fresh.tsv")
THRESHOLDS = {"f1": 0.95, "false_join_rate": 0.01}


def pairs(part: str | None = None) -> list[dict[str, str]]:
    out = []
    for name in FILES:
        with open(ROOT / name, encoding="utf-8", newline="") as f:
            out.extend(r for r in csv.DictReader(f, delimiter="\t") if part is None or r["part"] == part)
    return out


def figures(rows: list[dict[str, str]], same_pred: list[bool]) -> dict[str, float]:
    tp = sum(p and r["same"] == "1" for r, p in zip(rows, same_pred))
    fp = sum(p and r["same"] == "0" for r, p in zip(rows, same_pred))
    fn = sum(not p and r["same"] == "1" for r, p in zip(rows, same_pred))
    near = [(r, p) for r, p in zip(rows, same_pred) if r["kind"].startswith("near")]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "pairs": len(rows),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "near_misses": len(near),
        "false_joins": sum(p for _, p in near),
        "false_join_rate": sum(p for _, p in near) / len(near) if near else 0.0,
    }


def key_predictions(rows: list[dict[str, str]]) -> list[bool]:
    out = []
    for r in rows:
        a, b = indicator_key(r["a"]), indicator_key(r["b"])
        out.append(a is not None and a == b)
    return out


def cluster_predictions(rows: list[dict[str, str]], threshold: float) -> list[bool]:
    """Single-link clusters of every name in `rows` at token_set_ratio >= threshold."""
    names = sorted({r["a"] for r in rows} | {r["b"] for r in rows})
    index = {n: i for i, n in enumerate(names)}
    parent = list(range(len(names)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    processed = [utils.default_process(n) for n in names]
    matrix = process.cdist(processed, processed, scorer=fuzz.token_set_ratio, score_cutoff=threshold, workers=1)
    for i, j in zip(*matrix.nonzero()):
        parent[find(int(i))] = find(int(j))
    return [find(index[r["a"]]) == find(index[r["b"]]) for r in rows]


def best_threshold(rows: list[dict[str, str]]) -> float:
    return max(range(60, 101), key=lambda t: (figures(rows, cluster_predictions(rows, t))["f1"], t))


def _line(label: str, f: dict[str, float]) -> str:
    return (f"{label:<28} {f['pairs']:>4} pairs  P {f['precision']:.3f}  R {f['recall']:.3f}  F1 {f['f1']:.3f}  "
            f"false joins {f['false_joins']}/{f['near_misses']} near-misses ({f['false_join_rate']:.1%})")


def recall_by_kind(rows: list[dict[str, str]], pred: list[bool]) -> dict[str, tuple[int, int]]:
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r, p in zip(rows, pred):
        k = kinds[f"{r['origin']}:{r['kind']}"]
        k[1] += 1
        k[0] += p == (r["same"] == "1")
    return {k: (v[0], v[1]) for k, v in sorted(kinds.items())}


def main(argv: list[str]) -> int:
    part = "held" if "--held" in argv else "fresh" if "--fresh" in argv else "dev"
    dev = pairs("dev")
    threshold = best_threshold(dev)
    rows = pairs(part)
    start = time.perf_counter()
    pred = key_predictions(rows)
    seconds = time.perf_counter() - start
    base = cluster_predictions(rows, threshold)
    print(f"part: {part}  ({len(rows)} pairs; key computed in {seconds:.2f} s)")
    for origin in ("real", "synthetic", None):
        sub = [i for i, r in enumerate(rows) if origin is None or r["origin"] == origin]
        label = origin or "all"
        print(_line(f"key        {label}", figures([rows[i] for i in sub], [pred[i] for i in sub])))
        print(_line(f"fuzzy>={threshold:<3} {label}", figures([rows[i] for i in sub], [base[i] for i in sub])))
    print("right answers by kind (key | fuzzy):")
    bk, bb = recall_by_kind(rows, pred), recall_by_kind(rows, base)
    for k, (right, n) in bk.items():
        print(f"  {k:<30} {right:>3}/{n:<3} {right / n:.2f} | {bb[k][0] / n:.2f}")
    if "--errors" in argv:
        for r, p in zip(rows, pred):
            if p != (r["same"] == "1"):
                print(f"{'JOINED' if p else 'SPLIT '} {r['kind']:<14} {r['a']!r} | {r['b']!r}")
                print(f"        {indicator_key(r['a'])} | {indicator_key(r['b'])}")
    total = figures(rows, pred)
    missed = [k for k, t in THRESHOLDS.items() if (total[k] < t if k == "f1" else total[k] > t)]
    if missed:
        print("outside threshold: " + ", ".join(f"{k} {total[k]:.4f}" for k in missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
