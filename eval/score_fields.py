"""Field accuracy on the issue-13 labelled set: year, org_unit, satuan, target, realisasi, capaian,
sumber_data of printed indicator rows, and the budget lines printed (eval/fields/labels.tsv).

Every label was read off the page text (pdftotext -layout / LibreOffice text), not from the code's
output. Three splits, each fixed before its documents were labelled: stop 4's (eval/fields_split.txt,
seed 13), stop 5's nine new documents (eval/fields/split_s5.txt, seed 1305) and stop 7's nine
(eval/fields/split_s7.txt, seed 1307), and stop 9's six, all held (eval/fields/split_s9.txt,
seed 1309). The parts are printed apart, and `--errors` lists dev failures only unless `--held` is given. A document with no text layer (a scan) is scanned with OCR.

    python eval/score_fields.py                      # scan the labelled documents from ../shared/real
    python eval/score_fields.py --split eval/fields/split_s7.txt   # only that split's documents
    python eval/score_fields.py --from DIR           # score a scan already made (DIR/indicators.jsonl ...)
    python eval/score_fields.py --errors [--held]

A label cell left empty is not scored; '~' means the page prints nothing there (the field must be
empty); 'a|b' lists the printed spellings accepted (in `match` too). A labelled row whose record is not found counts
as wrong on every labelled field.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL = HERE.parent.parent / "shared" / "real"
FIELDS = ["year", "org_unit", "satuan", "target", "realisasi", "capaian", "sumber_data"]
NUMERIC = {"year", "target", "realisasi", "capaian"}


def norm(text: object) -> str:
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", str(text or "").lower()).split())


PARTS = ("dev", "heldback", "dev5", "held5", "dev7", "held7", "held9")  # stops 4, 5, 7 and 9 (SPLITS, in order)
HELD = {"heldback", "held5", "held7", "held9"}
SPLITS = (HERE / "fields_split.txt", HERE / "fields" / "split_s5.txt", HERE / "fields" / "split_s7.txt",
          HERE / "fields" / "split_s9.txt")


def load_split(paths: tuple[Path, ...] = SPLITS) -> dict[str, str]:
    split = {}
    for path in paths:
        for line in path.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                name, _family, part = line.split()
                split[name] = part
    return split


def load_labels() -> list[dict[str, str]]:
    with (HERE / "fields" / "labels.tsv").open(newline="") as f:
        return [{k: (v or "") for k, v in row.items()} for row in csv.DictReader(f, delimiter="\t")]


def scan(names: list[str]) -> tuple[list[dict], list[dict]]:
    sys.path.insert(0, str(HERE.parent))
    from kinerja.pipeline import scan_file

    indicators, budget = [], []
    for name in names:
        result = scan_file(REAL / name, ocr=not has_text(REAL / name))
        indicators += [r.model_dump(by_alias=True) for r in result.indicators]
        budget += [b.model_dump(by_alias=True) for b in result.budget]
    return indicators, budget


def has_text(path: Path) -> bool:
    """A PDF with no text on any page is a scan; every other input is read as it is."""
    if path.suffix.lower() != ".pdf":
        return True
    import pymupdf
    with pymupdf.open(path) as doc:
        return any(page.get_text().strip() for page in doc)


def read_dir(path: Path) -> tuple[list[dict], list[dict]]:
    def rows(name: str) -> list[dict]:
        return [json.loads(line) for line in (path / name).open()]
    return rows("indicators.jsonl"), rows("budget.jsonl")


def same_number(want: str, got: object) -> bool:
    if want == "~":
        return got is None
    try:
        return got is not None and abs(float(got) - float(want)) <= 1e-6 * max(1.0, abs(float(want)))
    except (TypeError, ValueError):
        return False


def field_value(record: dict, field: str) -> object:
    if field in record:
        return record[field]
    return (record.get("extra") or {}).get(field)


def right(field: str, want: str, record: dict | None) -> bool:
    if record is None:
        return False
    got = field_value(record, field)
    if field in NUMERIC:
        return same_number(want, got)
    if want == "~":
        return not got
    return norm(got) in {norm(w) for w in want.split("|")}


def by_doc(records: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        out[Path(r["source_path"]).name].append(r)
    return out


def find_indicator(label: dict, records: list[dict]) -> dict | None:
    keys = [norm(k) for k in label["match"].split("|")]
    cands = [r for r in records if (label["page"] == "*" or str(r.get("page")) == label["page"])
             and any(k in norm(r.get("indikator")) or k in norm(r.get("indikator_raw")) for k in keys)]
    # the value cells name the column among a row's records: the record matching the most of the
    # labelled target and realisasi (two years printing the same target differ in realisasi)
    values = [f for f in ("target", "realisasi") if label[f] and label[f] != "~"]
    if not cands:
        return None
    return max(cands, key=lambda r: (sum(same_number(label[f], r.get(f)) for f in values),
                                     "target" in values and same_number(label["target"], r.get("target"))))


def find_budget(label: dict, records: list[dict]) -> dict | None:
    keys = [norm(k) for k in label["match"].split("|")]
    cands = [b for b in records if (label["page"] == "*" or str(b.get("page")) == label["page"])
             and any(norm(b.get("name")).startswith(k[:40]) for k in keys)]
    hit = [b for b in cands if same_number(label["anggaran"], b.get("anggaran"))]
    return (hit or cands or [None])[0]


def score(indicators: list[dict], budget: list[dict], show_errors: bool, held: bool,
          split: dict[str, str]) -> dict:
    ind, bud = by_doc(indicators), by_doc(budget)
    tally: dict[str, dict[str, list[int]]] = {part: defaultdict(lambda: [0, 0]) for part in PARTS}
    for label in load_labels():
        if label["doc"] not in split:
            continue
        part = split[label["doc"]]
        t = tally[part]
        if label["kind"] == "budget":
            b = find_budget(label, bud[label["doc"]])
            ok = b is not None and same_number(label["anggaran"], b.get("anggaran")) and (
                not label["realisasi"] or same_number(label["realisasi"], b.get("realisasi")))
            t["budget_line"][0] += ok
            t["budget_line"][1] += 1
            if not ok and show_errors and (part not in HELD or held):
                got = (b["name"][:50], b.get("anggaran"), b.get("realisasi")) if b else None
                print(f"[{part}] budget {label['doc']} p{label['page']} {label['match'][:40]!r}: "
                      f"want {label['anggaran']} / {label['realisasi'] or '-'}, got {got}")
            continue
        r = find_indicator(label, ind[label["doc"]])
        t["row_found"][0] += r is not None
        t["row_found"][1] += 1
        for field in FIELDS:
            want = label.get(field, "")
            if not want:
                continue
            ok = right(field, want, r)
            t[field][0] += ok
            t[field][1] += 1
            if not ok and show_errors and (part not in HELD or held):
                got = field_value(r, field) if r else "<no record>"
                print(f"[{part}] {field:11} {label['doc'][:40]} p{label['page']} {label['match'][:40]!r}: "
                      f"want {want!r}, got {got!r}")
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--from", dest="source", type=Path, help="score a scan's output folder instead of scanning")
    ap.add_argument("--errors", action="store_true", help="list wrong fields (dev only unless --held)")
    ap.add_argument("--held", action="store_true", help="with --errors: list held-back failures too")
    ap.add_argument("--split", type=Path, action="append",
                    help="score only the documents of this split file (repeatable)")
    args = ap.parse_args(argv)
    split = load_split(tuple(args.split) if args.split else SPLITS)
    names = sorted(split)
    indicators, budget = read_dir(args.source) if args.source else scan(names)
    tally = score(indicators, budget, args.errors, args.held, split)
    parts = [p for p in PARTS if p in set(split.values())]
    print(f"{'field':12} " + " ".join(f"{p:>16}" for p in parts))
    for field in ["row_found", *FIELDS, "budget_line"]:
        cells = []
        for part in parts:
            n_ok, n = tally[part].get(field, [0, 0])
            cells.append(f"{n_ok}/{n} {n_ok / n:6.1%}" if n else "-")
        print(f"{field:12} " + " ".join(f"{c:>16}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
