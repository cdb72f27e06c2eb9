"""Score kinerja on the slip corpus (eval/slips/make_slips.py): finding recall, error precision
and errors on traps, for the dev part and the held-back part apart.

    python eval/slips/score_slips.py                 # both parts, text and PDF forms
    python eval/slips/score_slips.py --misses dev    # also list what was missed / wrongly raised in dev
    python eval/slips/score_slips.py --seed 18       # stop 8's blind corpus (truth18.jsonl, split18.tsv)

A slip is found when a finding of one of its rules, warning or error, is on its line (text form)
or on a row / sentence holding its fragment (PDF form). An error is true when it is on a slip, a
trap error when it is on a trap, false anywhere else; errors the clean base document already
raises are not counted (they are the base's, not the injection's).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "eval" / "slips"))

from kinerja.pipeline import scan_file  # noqa: E402
from make_slips import corpus_files, second_form  # noqa: E402

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
TEXT = ROOT / "samples" / "text"


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s or "").strip().lower()


def _key(f) -> tuple:
    """What a finding says, not where: an injection that moves or rewords rows keeps the base's
    own findings recognisable."""
    return (f.rule, f.severity, f.stated, f.expected, (f.indikator or "")[:30].lower())


def _where(f, truth: dict, form: str) -> bool:
    if form == "txt":
        return f.line == truth["line"] or (f.line in truth["also"])
    blob = _norm(" ".join([f.source_text, f.message, " ".join(e.text for e in f.evidence)]))
    frags = [_norm(x) for x in [truth["fragment"], *truth.get("also_fragments", [])]]
    return any(x and x in blob for x in frags)


def _base(stem: str, form: str, cache: dict, style: str = "grid", producer: str = "rl") -> set:
    """The findings of the clean base document in the same form, style and producer."""
    key = (stem, form, style, producer)
    if key not in cache:
        path = TEXT / f"{stem}.txt"
        if form != "txt":
            tag = "" if (style, producer) == ("grid", "rl") else f"_{style}_{producer}"
            drawn = CORPUS / f"base_{stem}{tag}.{form}"
            if not drawn.exists():
                from make_slips import render_pdf
                render_pdf(path, drawn, style, producer)
            path = drawn
        cache[key] = {_key(f) for f in scan_file(path, ocr=False).findings}
    return cache[key]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--misses", choices=["dev", "held"], help="list misses and wrong errors of this part")
    ap.add_argument("--form", choices=["txt", "pdf", "both"], default="both")
    ap.add_argument("--part", choices=["dev", "held", "both"], default="both", help="which part to run")
    ap.add_argument("--seed", type=int, default=16, help="which corpus: 16 (stops 4-6) or 18 (stop 8, new forms)")
    ap.add_argument("--kind", action="append", help="score only variants of this kind (repeatable); a partial figure")
    args = ap.parse_args()
    global CORPUS
    CORPUS, truth_file, split_file = corpus_files(args.seed)
    split = dict(line.rstrip("\n").split("\t") for line in split_file.open() if not line.startswith("#"))
    variants = [json.loads(x) for x in truth_file.open()]
    cache: dict = {}
    stats = {p: Counter() for p in ("dev", "held")}
    kinds = {p: defaultdict(Counter) for p in ("dev", "held")}
    notes: list[str] = []
    for v in variants:
        part = split[v["id"]]
        if args.part != "both" and part != args.part:
            continue
        if args.kind and v["truth"]["kind"] not in args.kind:
            continue
        t = v["truth"]
        forms = ["txt"] + ([second_form(v)] if v["pdf"] else [])
        if args.form != "both":
            forms = [x for x in forms if x == args.form]
        for form in forms:
            res = scan_file(CORPUS / f"{v['id']}.{form}", ocr=False)
            base = _base(v["base"], form, cache, v.get("style", "grid"), v.get("producer", "rl"))
            new = [f for f in res.findings if _key(f) not in base]
            s, k = stats[part], kinds[part][t["kind"]]
            k["n"] += 1
            if not t["trap"]:
                s["slips"] += 1
                hit = any(f.rule in t["rules"] and f.severity in ("error", "warning") and _where(f, t, form) for f in res.findings)
                s["found"] += hit
                k["found"] += hit
                if not hit and args.misses == part:
                    near = [(f.rule, f.severity, f.line, f.message[:90]) for f in new if f.severity != "info"][:3]
                    notes.append(f"MISS {v['id']}.{form} line {t['line']} {t['fragment']!r}: {near}")
            else:
                s["traps"] += 1
            for f in new:
                if f.severity != "error":
                    continue
                s["errors"] += 1
                at = _where(f, t, form)
                if at and not t["trap"]:
                    s["true_errors"] += 1
                elif at and t["trap"]:
                    s["trap_errors"] += 1
                    k["trap_errors"] += 1
                else:
                    s["other_errors"] += 1
                    k["other_errors"] += 1
                if not (at and not t["trap"]) and args.misses == part:
                    notes.append(f"WRONG {v['id']}.{form} {f.rule} line {f.line}: {f.message[:140]}")
    for part in ("dev", "held"):
        if args.part != "both" and part != args.part:
            continue
        s = stats[part]
        rec = s["found"] / s["slips"] if s["slips"] else float("nan")
        prec = s["true_errors"] / s["errors"] if s["errors"] else float("nan")
        print(f"{part:5s} slips {s['slips']:4d}  recall {rec:.3f}  errors {s['errors']:4d}  error precision {prec:.3f}  "
              f"errors on traps {s['trap_errors']}  other false errors {s['other_errors']}  (trap docs {s['traps']})")
    if args.misses:
        print(f"\nper kind ({args.misses}):")
        for kind, k in sorted(kinds[args.misses].items()):
            print(f"  {kind:28s} n {k['n']:3d} found {k['found']:3d} trap_err {k['trap_errors']} other_err {k['other_errors']}")
        print("\n".join(notes))


if __name__ == "__main__":
    main()
