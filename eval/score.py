"""Score the normalizer on the labelled sets in eval/ and print the figures issue 5 asks for.

    python eval/score.py            # prints the figures; exit 1 if a threshold is missed
    python eval/score.py --errors   # also lists every wrong answer

Sets (tab-separated, labelled by reading the documents; see eval/README.md):
- repair_tokens.tsv: token, expected ('?' = a slip no single-token fix can mend), context
- key_pairs.tsv: two indicator names and whether they are the same indicator (1/0)
- polarity.tsv: an indicator name (+ optional target/realisasi/capaian) and its polarity
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from normalize.keys import indicator_key  # noqa: E402
from normalize.numbers import parse_percent, parse_quantity  # noqa: E402
from normalize.polarity import infer_polarity  # noqa: E402
from normalize.repair import repair  # noqa: E402

THRESHOLDS = {"repair_precision": 0.99, "key_f1": 0.95, "polarity_accuracy": 0.98}


def _rows(name: str) -> list[dict[str, str]]:
    with open(ROOT / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@dataclass
class Score:
    figures: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _repaired_token(token: str, context: str) -> str:
    """What the repairer makes of `token` where it stands in `context`."""
    m = re.search(r"(?<![^\W\d_])" + re.escape(token) + r"(?![^\W\d_])", context)
    if not m:
        return token
    _, fixes = repair(context)
    for f in fixes:
        if f.start == m.start():
            return f.replacement
    return token


def score_repair() -> Score:
    s = Score()
    changed = right = slips = fixed = 0
    for r in _rows("repair_tokens.tsv"):
        token, expected = r["token"], r["expected"]
        got = _repaired_token(token, r["context"])
        is_slip = expected not in (token, "?")
        slips += is_slip
        if got != token:
            changed += 1
            if got.lower() == expected.lower():
                right += 1
                fixed += 1
            else:
                s.errors.append(f"repair: {token!r} -> {got!r}, expected {expected!r} ({r['source']})")
        elif is_slip:
            s.errors.append(f"repair (missed): {token!r}, expected {expected!r} ({r['source']})")
    s.counts.update(tokens=len(_rows("repair_tokens.tsv")), slips=slips, changes=changed, right_changes=right)
    s.figures["repair_precision"] = right / changed if changed else 1.0
    s.figures["repair_recall"] = fixed / slips if slips else 1.0
    return s


def score_keys() -> Score:
    s = Score()
    tp = fp = fn = tn = 0
    rows = _rows("key_pairs.tsv")
    for r in rows:
        same = r["same"] == "1"
        pred = indicator_key(r["a"]) == indicator_key(r["b"]) and indicator_key(r["a"]) is not None
        tp += same and pred
        fp += pred and not same
        fn += same and not pred
        tn += not same and not pred
        if pred != same:
            s.errors.append(f"key ({'same' if same else 'different'}): {r['a']!r} | {r['b']!r}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    s.counts.update(pairs=len(rows), same=tp + fn, different=fp + tn)
    s.figures.update(
        key_precision=precision,
        key_recall=recall,
        key_f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    )
    return s


def _number(text: str, percent: bool = False):
    if not text:
        return None
    return (parse_percent(text) if percent else parse_quantity(text)).value


def score_polarity() -> Score:
    s = Score()
    rows = _rows("polarity.tsv")
    right = 0
    for r in rows:
        got, source = infer_polarity(
            r["indikator"],
            r.get("target") or None,
            context=(r.get("context") or None,),
            target=_number(r.get("target", "")),
            realisasi=_number(r.get("realisasi", "")),
            capaian=_number(r.get("capaian", ""), percent=True),
        )
        if got == r["polarity"]:
            right += 1
        else:
            s.errors.append(f"polarity: {r['indikator']!r} -> {got} ({source}), expected {r['polarity']}")
    s.counts.update(indicators=len(rows), lower=sum(r["polarity"] == "lower_is_better" for r in rows))
    s.figures["polarity_accuracy"] = right / len(rows) if rows else 0.0
    return s


def score_all() -> Score:
    total = Score()
    for part in (score_repair(), score_keys(), score_polarity()):
        total.figures.update(part.figures)
        total.counts.update({f"{k}": v for k, v in part.counts.items()})
        total.errors.extend(part.errors)
    return total


def main(argv: list[str]) -> int:
    total = score_all()
    c, f = total.counts, total.figures
    print(f"repair:   {c['tokens']} tokens, {c['slips']} slips; {c['changes']} changes, {c['right_changes']} right")
    print(f"          precision {f['repair_precision']:.4f}  recall {f['repair_recall']:.4f}")
    print(f"keys:     {c['pairs']} pairs ({c['same']} same, {c['different']} different)")
    print(f"          precision {f['key_precision']:.4f}  recall {f['key_recall']:.4f}  F1 {f['key_f1']:.4f}")
    print(f"polarity: {c['indicators']} indicators ({c['lower']} lower_is_better)")
    print(f"          accuracy {f['polarity_accuracy']:.4f}")
    if "--errors" in argv:
        print("\n".join(total.errors))
    missed = [k for k, t in THRESHOLDS.items() if f[k] < t]
    if missed:
        print("below threshold: " + ", ".join(f"{k} {f[k]:.4f} < {THRESHOLDS[k]}" for k in missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
