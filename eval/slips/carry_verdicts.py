"""Carry hand verdicts (real_check.tsv) from one scan's finding ids to another's, by content: same
document, rule, severity, page and message, else same document, rule, page, stated and expected.
Prints the verdict rows of the new scan's ids that are not in the file yet (append them).

    python eval/slips/carry_verdicts.py OLD/findings.jsonl NEW/findings.jsonl eval/slips/real_check.tsv
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


def _keys(f: dict) -> tuple[tuple, tuple]:
    doc = Path(f["source_path"]).name
    return (doc, f["rule"], f["severity"], f["page"], f["message"]), (doc, f["rule"], f["page"], f["stated"], f["expected"])


def main() -> None:
    old, new, verdicts = sys.argv[1:4]
    rows = {r[0]: r for r in csv.reader(open(verdicts, encoding="utf-8"), delimiter="\t") if r and not r[0].startswith("#")}
    by_key: dict[tuple, list[str]] = {}
    for line in open(old, encoding="utf-8"):
        f = json.loads(line)
        if f["finding_id"] in rows:
            for k in _keys(f):
                by_key.setdefault(k, rows[f["finding_id"]][1:])
    unmatched = 0
    for line in open(new, encoding="utf-8"):
        f = json.loads(line)
        if f["severity"] not in ("error", "warning") or f["rule"] == "coverage" or f["finding_id"] in rows:
            continue
        got = next((by_key[k] for k in _keys(f) if k in by_key), None)
        if got is None:
            unmatched += 1
            print(f"# unmatched: {f['finding_id']} {Path(f['source_path']).name} {f['rule']} p{f['page']}: {f['message'][:120]}",
                  file=sys.stderr)
            continue
        print("\t".join([f["finding_id"], *got]))
    print(f"# {unmatched} unmatched", file=sys.stderr)


if __name__ == "__main__":
    main()
