"""Score a `kinerja scan` output against the indicator rows labelled by eye on real scan pages.

    python -m kinerja scan <the scan PDFs in split.md> -o OUT --jobs 1
    python eval/scans/score.py OUT              # dev and held-back parts reported apart

A labelled row is found when a record on the same document and page names the same indicator
(rapidfuzz partial ratio >= 80 on the labelled words, each record matched once) and, where the
label has a year, the same year; its target is right when the printed target text is the same
(spaces and case ignored). Records on the labelled pages that match no label are counted as
extra (column-number rows, header rows, sub-rows the label has no row for).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz

HERE = Path(__file__).resolve().parent
NO_TABLE = {  # pages with no indicator table (split.md)
    ("IKU_Kep_Kadis_Diskominfo_Prov_Jabar_SCAN.pdf", 1), ("IKU_Kep_Kadis_Diskominfo_Prov_Jabar_SCAN.pdf", 2),
    ("IKU_Kep_Kadis_Diskominfo_Prov_Jabar_SCAN.pdf", 3), ("PK_2016_Kadis_Disnak_Prov_Jabar_OCR.pdf", 1),
    ("PK_2017_Kabid_Pembor_Dispora_Prov_Jabar_SCAN.pdf", 1), ("PK_2017_Kabid_Pembor_Dispora_Prov_Jabar_SCAN.pdf", 2),
    ("PK_2022_Kadis_DPUPR_Kab_Grobogan_SCAN.pdf", 1), ("PK_Perubahan_2020_Kepala_Bappeda_Kab_Pasuruan_SCAN.pdf", 1),
    ("SK_IKU_2022_DPUPR_Kab_Grobogan_SCAN.pdf", 1), ("SK_IKU_2022_DPUPR_Kab_Grobogan_SCAN.pdf", 3),
    ("LKIP_2016_Dinas_PSDA_Prov_Jabar_SCAN.pdf", 135),
}
HELD_EMPTY = {("IKU_Kep_Kadis_Diskominfo_Prov_Jabar_SCAN.pdf", 3), ("SK_IKU_2022_DPUPR_Kab_Grobogan_SCAN.pdf", 1)}


def _norm(text: str | None) -> str:
    return "".join((text or "").lower().split())


def labels() -> list[dict]:
    lines = [ln for ln in (HERE / "labels.tsv").read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    head = lines[0].split("\t")
    return [dict(zip(head, ln.split("\t"))) for ln in lines[1:]]


def score(out: Path) -> dict[str, dict[str, list[int]]]:
    docs = {json.loads(ln)["document_id"]: json.loads(ln) for ln in (out / "documents.jsonl").open()}
    by_page: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for ln in (out / "indicators.jsonl").open():
        r = json.loads(ln)
        name = Path(docs[r["document_id"]]["source_path"]).name
        by_page[(name, r.get("page") or 0)].append(r)
    # part -> document -> [labelled, found, target right, extra]
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
    pages: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for lab in labels():
        pages[(lab["document"], int(lab["page"]))].append(lab)
    for (doc, page), labs in pages.items():
        part = labs[0]["part"]
        free = list(by_page.get((doc, page), []))
        row = table[part][doc]
        for lab in labs:
            row[0] += 1
            want = lab["indikator"].lower()
            best, best_score = None, 79.0
            for r in free:
                if lab["year"] and str(r.get("year") or "") != lab["year"]:
                    continue
                s = fuzz.partial_ratio(want, (r.get("indikator") or "").lower())
                if s > best_score:
                    best, best_score = r, s
            if best is None:
                continue
            free.remove(best)
            row[1] += 1
            if lab["target"] == "-" or _norm(best.get("target_text")) == _norm(lab["target"]):
                row[2] += 1
        row[3] += len(free)
    for doc, page in NO_TABLE:
        part = "held" if (doc, page) in HELD_EMPTY else "dev"
        table[part][doc][3] += len(by_page.get((doc, page), []))
    return table


def main() -> None:
    table = score(Path(sys.argv[1]))
    for part in ("dev", "held"):
        total = [0, 0, 0, 0]
        print(f"{part}: labelled rows, found, target right, extra records")
        for doc, (n, found, right, extra) in sorted(table[part].items()):
            print(f"  {doc}: {n} labelled, {found} found, {right} target right, {extra} extra")
            total = [a + b for a, b in zip(total, (n, found, right, extra))]
        n, found, right, extra = total
        print(f"  {part} total: {found}/{n} rows found ({found / max(n, 1):.0%}), "
              f"{right}/{n} with the right target ({right / max(n, 1):.0%}), {extra} extra records")


if __name__ == "__main__":
    main()
