"""Mine candidate indicator-name pairs across documents for eval/agency_pairs.tsv (issue 17).

    python -m kinerja scan ../shared/real --out /tmp/k17 --jobs 1 --no-ocr
    python eval/mine_pairs.py /tmp/k17/indicators.jsonl /tmp/k17/documents.jsonl > /tmp/candidates.tsv

Every printed name (shared/real scan + samples/text) is paired with its nearest names printed by
OTHER documents (token-set similarity over lowercase words, >= 60), so most pairs share most
words: true pairs printed differently, and near-misses that differ by one discriminator. Pairs
already in eval/key_pairs.tsv (the set the key was tuned on) are left out. Each pair is given
its part (held / dev) here, by a fixed seed, before anyone labels it. Labels are set by hand.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _names(indicators: Path, documents: Path) -> dict[str, set[str]]:
    """printed name -> the documents (agency + file) that print it."""
    docs = {}
    for line in open(documents, encoding="utf-8"):
        d = json.loads(line)
        docs[d["document_id"]] = Path(d["source_path"]).name
    out: dict[str, set[str]] = defaultdict(set)
    for line in open(indicators, encoding="utf-8"):
        r = json.loads(line)
        name = " ".join((r.get("indikator_raw") or "").split())
        if 8 <= len(name) <= 200:
            out[name].add(docs.get(r["document_id"], r["document_id"]))
    from ingest import extract, load

    for path in sorted((ROOT / "samples" / "text").glob("*.txt")):
        for raw in extract(load(path)).indicators:
            name = " ".join((raw.fields.get("indikator") or "").split())
            if 8 <= len(name) <= 200:
                out[name].add("samples/" + path.name)
    return out


def main(argv: list[str]) -> None:
    names = _names(Path(argv[0]), Path(argv[1]))
    seen_before = set()
    with open(ROOT / "eval" / "key_pairs.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            seen_before.add(frozenset((r["a"], r["b"])))
    keys = sorted(names)
    lowered = [k.lower() for k in keys]
    pairs: dict[frozenset, tuple[str, str, float]] = {}
    for i, a in enumerate(keys):
        hits = process.extract(lowered[i], lowered, scorer=fuzz.token_set_ratio, score_cutoff=60, limit=12)
        taken = 0
        for _, score, j in hits:
            b = keys[j]
            if j == i or lowered[j] == lowered[i] or names[a] & names[b]:
                continue  # the same string, or a pair inside one document
            pair = frozenset((a, b))
            if pair in seen_before or pair in pairs:
                continue
            pairs[pair] = (a, b, score)
            taken += 1
            if taken == 2:
                break
    rng = random.Random(17)
    chosen = sorted(pairs.values(), key=lambda p: (p[0], p[1]))
    rng.shuffle(chosen)
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(["a", "b", "same", "kind", "part", "similarity", "source_a", "source_b"])
    for a, b, score in chosen:
        part = "held" if rng.random() < 1 / 3 else "dev"
        w.writerow([a, b, "", "", part, round(score), sorted(names[a])[0], sorted(names[b])[0]])


if __name__ == "__main__":
    main(sys.argv[1:])
