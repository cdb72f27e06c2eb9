"""Normalization speed: raw rows of a 300-page document -> records, one core.

    python benchmarks/bench_normalize.py

Builds 6,000 raw rows (300 pages x 20 rows) from the indicator names, targets and budgets the
sample documents print, with every tenth name given a slip the repairer must look up, and times
`to_records` cold (empty caches: lexicon, stemmer and suggestions load) and warm.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import extract, load  # noqa: E402
from ingest.extract import Extraction, RawIndicator  # noqa: E402
from normalize.records import to_records  # noqa: E402
from schemas import Provenance  # noqa: E402


def sample_rows() -> list[dict[str, str]]:
    rows = []
    for path in sorted((ROOT / "samples" / "text").glob("*.txt")):
        rows.extend(dict(r.fields) for r in extract(load(path)).indicators if r.fields.get("indikator"))
    return rows


def slip(text: str, rng: random.Random) -> str:
    words = text.split()
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 6:
        j = rng.randrange(1, len(w) - 1)
        words[i] = w[:j] + w[j + 1:]
    return " ".join(words)


def main() -> None:
    rng = random.Random(5)
    base = sample_rows()
    raws = []
    for n in range(6000):
        fields = dict(base[n % len(base)])
        if n % 10 == 0:
            fields["indikator"] = slip(fields["indikator"], rng)
        raws.append(RawIndicator(fields=fields, prov=Provenance(page=n // 20 + 1, table_index=n // 20, row_index=n % 20,
                                                                 source_text=" | ".join(fields.values()))))
    extraction = Extraction(doc_type="lkjip", indicators=raws)
    for label in ("cold", "warm"):
        start = time.perf_counter()
        records, _ = to_records(extraction, document_id="0" * 64, source_path="bench")
        seconds = time.perf_counter() - start
        fixes = sum(len(r.corrections) for r in records)
        print(f"{label}: {len(records)} rows in {seconds:.2f} s ({len(records) / seconds:,.0f} rows/s), {fixes} corrections")


if __name__ == "__main__":
    main()
