"""Render the page region each finding cites, its evidence cells boxed in red, for a hand check.

    python eval/slips/show_findings.py FINDINGS.jsonl OUTDIR [--severity error,warning]

Writes OUTDIR/<finding_id>_p<page>.png (the band of the page from a little above the highest
cited cell to a little below the lowest, full width, so the row's labels and the header band
show) and OUTDIR/index.tsv (finding id, document, page, rule, severity, message). Findings on
DOCX / XLSX / text inputs have no page to render; they are listed with their source text.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import pymupdf


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("findings")
    ap.add_argument("out")
    ap.add_argument("--severity", default="error,warning")
    ap.add_argument("--root", default=".", help="directory the findings' source paths are relative to")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    keep = set(args.severity.split(","))
    rows = []
    for line in open(args.findings, encoding="utf-8"):
        f = json.loads(line)
        if f["severity"] not in keep or f["rule"] == "coverage":
            continue
        src = Path(args.root) / f["source_path"]
        rows.append("\t".join([f["finding_id"], src.name, str(f["page"]), f["rule"], f["severity"],
                               f["message"].replace("\t", " "), f["source_text"][:200].replace("\t", " | ").replace("\n", " ")]))
        if src.suffix.lower() != ".pdf":
            continue
        boxes: dict[int, list] = defaultdict(list)
        for e in f["evidence"]:
            if e.get("page") and e.get("bbox"):
                boxes[e["page"]].append(e["bbox"])
        if not boxes and f["page"]:
            boxes[f["page"]] = []
        with pymupdf.open(src) as doc:
            for page_no, bbs in list(boxes.items())[:3]:
                page = doc[page_no - 1]
                rect = page.rect
                for bb in bbs:
                    page.draw_rect(pymupdf.Rect(*bb), color=(1, 0, 0), width=1.2)
                if bbs:
                    y0 = max(rect.y0, min(b[1] for b in bbs) - 170)
                    y1 = min(rect.y1, max(b[3] for b in bbs) + 50)
                    clip = pymupdf.Rect(rect.x0, y0, rect.x1, y1)
                else:
                    clip = rect
                pix = page.get_pixmap(matrix=pymupdf.Matrix(1.6, 1.6), clip=clip)
                pix.save(out / f"{f['finding_id']}_p{page_no}.png")
    (out / "index.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} findings -> {out}")


if __name__ == "__main__":
    main()
