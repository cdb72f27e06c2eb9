"""Tally the hand check of real-corpus findings: true / false per document, for one scan's
findings (errors and warnings; coverage findings are not slip claims).

    python eval/slips/real_tally.py FINDINGS.jsonl eval/slips/real_check.tsv
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path


def main() -> None:
    findings, verdicts = sys.argv[1], sys.argv[2]
    v = {r[0]: r[1] for r in csv.reader(open(verdicts, encoding="utf-8"), delimiter="\t") if r and not r[0].startswith("#")}
    per: dict[str, Counter] = defaultdict(Counter)
    for line in open(findings, encoding="utf-8"):
        f = json.loads(line)
        if f["severity"] not in ("error", "warning") or f["rule"] == "coverage":
            continue
        per[Path(f["source_path"]).name][v.get(f["finding_id"], "unchecked")] += 1
    total = Counter()
    print("| document | true | false | unchecked |\n|---|---|---|---|")
    for doc in sorted(per):
        c = per[doc]
        total.update(c)
        print(f"| {doc} | {c['true']} | {c['false']} | {c['unchecked']} |")
    n = total["true"] + total["false"]
    print(f"| **all** | {total['true']} | {total['false']} | {total['unchecked']} |")
    print(f"precision {total['true']}/{n} = {total['true'] / n:.3f}" if n else "nothing checked")


if __name__ == "__main__":
    main()
