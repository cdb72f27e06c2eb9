"""Tally the misses and wrong errors listed by score_slips.py --misses PART, by slip kind and form
(the kind read from the truth file, since base names hold underscores too).

    python eval/slips/score_slips.py --seed 18 --part dev --misses dev > dev.txt
    python eval/slips/miss_kinds.py dev.txt eval/slips/truth18.jsonl
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter


def main() -> None:
    kind_of = {}
    for row in open(sys.argv[2], encoding="utf-8"):
        v = json.loads(row)
        kind_of[v["id"]] = v["truth"]["kind"]
    tally: Counter = Counter()
    for line in open(sys.argv[1], encoding="utf-8"):
        m = re.match(r"(MISS|WRONG) (\S+)\.(txt|pdf|docx)\b", line)
        if m:
            tally[(m.group(1), kind_of.get(m.group(2), "?"), m.group(3))] += 1
    for (what, kind, form), n in sorted(tally.items(), key=lambda x: (x[0][0], -x[1])):
        print(f"{what:5s} {kind:28s} {form:4s} {n}")


if __name__ == "__main__":
    main()
