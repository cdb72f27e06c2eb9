"""Write the golden files for sample documents: `samples/expected/<stem>.indicators.jsonl` (and
`<stem>.budget.jsonl` when the document has budget lines), holding a stable subset of each record's
fields so a golden file changes only when what kinerja reads changes.

    python samples/make_expected.py 000_f36b6918ad0a50f1 pohon_pupr_tahunan

Golden files are checked by eye against the document before they are committed; this script only
writes what the current code reads.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kinerja.pipeline import scan_file

SAMPLES = Path(__file__).resolve().parent
INDICATOR_FIELDS = (
    "org_unit", "level", "sasaran", "indikator", "satuan", "year", "target", "target_text", "program",
    "anggaran", "page", "line",
)
BUDGET_FIELDS = ("level", "name", "anggaran", "page", "line")
# Families whose records carry more than a pohon kinerja row: what the golden file pins per type.
INDICATOR_FIELDS_BY_TYPE = {
    "lkjip": (
        "section", "table_role", "level", "sasaran", "indikator", "satuan", "year", "target", "realisasi",
        "capaian", "kriteria", "program", "anggaran", "anggaran_realisasi", "anggaran_capaian", "serapan",
        "efisiensi", "realisasi_provinsi", "realisasi_nasional", "page", "line",
    ),
    "iku": (
        "section", "table_role", "sasaran", "indikator", "satuan", "year", "target", "definisi", "formula",
        "penanggung_jawab", "page", "line",
    ),
}
BUDGET_FIELDS_BY_TYPE = {
    "lkjip": ("section", "level", "code", "name", "parent", "anggaran", "realisasi", "persen", "page", "line"),
}


def source_of(stem: str) -> Path:
    matches = sorted((SAMPLES / "text").glob(f"{stem}.*"))
    if not matches:
        raise SystemExit(f"no sample named {stem} in {SAMPLES / 'text'}")
    return matches[0]


def current(stem: str) -> tuple[list[dict], list[dict]]:
    """The stable fields of what kinerja reads from a sample now (indicators, budget lines)."""
    result = scan_file(source_of(stem))
    if result.document.status != "ok":
        raise SystemExit(f"{stem}: {result.document.status} {result.document.error}")
    kind = result.document.doc_type or ""
    fields = INDICATOR_FIELDS_BY_TYPE.get(kind, INDICATOR_FIELDS)
    budget_fields = BUDGET_FIELDS_BY_TYPE.get(kind, BUDGET_FIELDS)
    indicators = [{k: getattr(r, k) for k in fields} for r in result.indicators]
    budget = [{k: getattr(b, k) for k in budget_fields} for b in result.budget]
    return indicators, budget


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def golden(stem: str) -> tuple[list[dict], list[dict]]:
    """The committed golden records of a sample (indicators, budget lines)."""
    out = SAMPLES / "expected"
    return read_jsonl(out / f"{stem}.indicators.jsonl"), read_jsonl(out / f"{stem}.budget.jsonl")


def first_difference(got: list[dict], want: list[dict]) -> str:
    """Where a reading departs from its golden file, for a test's failure message."""
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            fields = {k: (w.get(k), g.get(k)) for k in set(g) | set(w) if g.get(k) != w.get(k)}
            return f"record {i} (line {w.get('line')}): expected -> got {fields}"
    return f"{len(want)} records expected, {len(got)} read"


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def main(stems: list[str]) -> None:
    out = SAMPLES / "expected"
    out.mkdir(exist_ok=True)
    for stem in stems:
        indicators, budget = current(stem)
        _write(out / f"{stem}.indicators.jsonl", indicators)
        if budget:
            _write(out / f"{stem}.budget.jsonl", budget)
        print(f"{stem}: {len(indicators)} indicators, {len(budget)} budget lines")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(sys.argv[1:])
