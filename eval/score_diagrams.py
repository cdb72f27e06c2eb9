"""Score kinerja on the hand-labelled diagram documents in eval/diagrams/ (issue 8).

    python eval/score_diagrams.py                 # one table row per labelled document
    python eval/score_diagrams.py --errors        # also every wrong field (page, printed, kinerja)
    python eval/score_diagrams.py bkd_tanah_bumbu # only these label files (stem names)

Each label file holds what the page image prints for a spread of boxes (see eval/diagrams/README.md).
A labelled indicator is found when a record on the same page has an indikator that matches it at
rapidfuzz ratio >= 90 (after case and spacing are folded); one labelled indicator takes one printed
row (the records of one box, indikator and sasaran, one per year), matched best-first so an
indicator printed in two boxes goes to the box with the closer sasaran. Field accuracy is counted
over found indicators only; satuan and target only where the image prints one.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from kinerja.pipeline import process_layout, sha256_file  # noqa: E402
from ingest import load  # noqa: E402
from schemas import IndicatorRecord  # noqa: E402

LABELS = ROOT / "diagrams"
REAL = ROOT.parent.parent / "shared" / "real"
MATCH = 90  # rapidfuzz ratio for "the same text"
FIELDS = ("org_unit", "level", "program", "sasaran", "satuan", "target", "parent")

# The printed tier word (band label at the margin, box header or unit title) -> the `level` a record
# must carry. First match wins; a printed tier no pattern names expects any level (not scored).
TIER_LEVELS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bes+elon\s*(?:iv|4)\b", re.I), "eselon_iv"),
    (re.compile(r"\bes+elon\s*(?:iii|3)\b", re.I), "eselon_iii"),
    (re.compile(r"\bes+elon\s*(?:ii|2)\b", re.I), "eselon_ii"),
    (re.compile(r"\bsub\s*-?\s*kegiatan\b", re.I), "sub_kegiatan"),
    (re.compile(r"\bsasaran\s+kegiatan\b|^\W*kegiatan\b", re.I), "kegiatan"),
    (re.compile(r"\bsasaran\s+program\b|^\W*program\b", re.I), "program"),
    (re.compile(r"\bsasaran\s+strategis\b", re.I), "sasaran_strategis"),
    (re.compile(r"^\W*(?:visi|misi|tujuan)\b", re.I), "tujuan"),
    (re.compile(r"\bkepala\s+(?:sub\s*(?:bag\w*|bid\w*|bagian|bidang)|seksi)\b|\bkasubb?(?:ag|id)\b|\bkasi\b", re.I), "eselon_iv"),
    (re.compile(r"\bkepala\s+(?:dinas|badan|biro|kantor)\b|\bkadis\b|\bkaban\b|\bkaro\b", re.I), "eselon_ii"),
    (re.compile(r"\bsekretaris\b|\bkepala\s+(?:bidang|bagian)\b|\bkabid\b|\bkabag\b", re.I), "eselon_iii"),
    (re.compile(r"^\W*(?:seksi|sub\s*bag\w*|sub\s*bid\w*|sub\s*bagian|sub\s*bidang)\b", re.I), "eselon_iv"),
    (re.compile(r"^\W*(?:bidang|bagian|sekretariat)\b", re.I), "eselon_iii"),
    (re.compile(r"\b(?:analis|pengelola|penyusun|pengadministrasi|pengkaji|pengumpul|pranata|perencana|fungsional|verifikator|operator|bendahara)\b", re.I), "fungsional"),
]


def expected_level(tier: Optional[str]) -> Optional[str]:
    for pattern, level in TIER_LEVELS:
        if tier and pattern.search(tier):
            return level
    return None


def fold(text: Union[None, str, list[str]]) -> str:
    if isinstance(text, list):
        return fold(text[0]) if text else ""
    return re.sub(r"\s+", " ", (text or "").replace("\u00ad", "")).strip().lower()


def same(a: Union[None, str, list[str]], b: Optional[str]) -> bool:
    """Both absent, or the same text up to case, spacing and a few slips; a list of labels
    (the image does not say which of them) is right when any of them is."""
    if isinstance(a, list):
        return any(same(x, b) for x in a)
    a, b = fold(a), fold(b)
    if not a or not b:
        return a == b
    return a == b or fuzz.ratio(a, b) >= MATCH


def number(text: str) -> Optional[float]:
    """The first number of a printed value: '1.250' -> 1250, '85,5 %' -> 85.5, '0.5' -> 0.5."""
    m = re.search(r"\d[\d.,]*", text)
    if not m:
        return None
    s = m.group().rstrip(".,")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        s = s.replace(",", "")
    else:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


_NONE = re.compile(r"^\s*[-‐–—]?\s*$")


def same_target(printed: str, rec: Optional[IndicatorRecord]) -> bool:
    """The printed target (a dash: none for that year) against the record of its year."""
    if _NONE.match(printed):
        return rec is None or (rec.target is None and _NONE.match(rec.target_text or "") is not None)
    if rec is None:
        return False
    if fold(rec.target_text) == fold(printed) and printed:
        return True
    want = number(printed)
    got = rec.target if rec.target is not None else (number(rec.target_text) if rec.target_text else None)
    return want is not None and got is not None and abs(want - got) <= 1e-6 * max(1.0, abs(want))


_UNIT_WORDS = {"%": "persen", "persentase": "persen", "prosentase": "persen"}


def same_satuan(printed: str, got: Optional[str]) -> bool:
    """'%' is 'persen'; a printed abbreviation ('Dok', 'Keg', 'Org') matches the word it
    abbreviates (same first letter, its letters in order)."""
    a, b = fold(printed).rstrip("."), fold(got).rstrip(".")
    a, b = _UNIT_WORDS.get(a, a), _UNIT_WORDS.get(b, b)
    return bool(a and b) and (a == b or _abbreviates(a, b) or _abbreviates(b, a) or fuzz.ratio(a, b) >= MATCH)


def _abbreviates(short: str, word: str) -> bool:
    if len(short) < 2 or len(short) >= len(word) or short[0] != word[0]:
        return False
    rest = iter(word)
    return all(ch in rest for ch in short)


@dataclass
class DocScore:
    name: str
    document: str
    boxes: int = 0
    records: int = 0
    with_target: int = 0
    labelled: int = 0
    found: int = 0
    nodes: int = 0
    nodes_found: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    scored: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    errors: list[str] = field(default_factory=list)

    def accuracy(self, name: str) -> Optional[float]:
        return self.right[name] / self.scored[name] if self.scored[name] else None


def load_labels(name: str) -> list[dict]:
    with open(LABELS / f"{name}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def printed_rows(records: list[IndicatorRecord]) -> list[list[IndicatorRecord]]:
    """Records of one printed row (same page, box, sasaran, indikator), one per year."""
    rows: dict[tuple, list[IndicatorRecord]] = {}
    for r in records:
        rows.setdefault((r.page, r.bbox, r.sasaran, r.indikator_raw or r.indikator, r.org_unit), []).append(r)
    return list(rows.values())


def _name_score(label: dict, row: list[IndicatorRecord]) -> float:
    want = fold(label["indikator"])
    return max(fuzz.ratio(want, fold(row[0].indikator)), fuzz.ratio(want, fold(row[0].indikator_raw)))


def _best(label: Union[None, str, list[str]], text: Optional[str]) -> float:
    options = label if isinstance(label, list) else [label]
    return max((fuzz.ratio(fold(x), fold(text)) for x in options), default=0.0)


def _targets_agree(lab: dict, row: list[IndicatorRecord]) -> float:
    """Share of the labelled targets the row carries (tells apart one indicator printed in
    several blocks of the same unit, e.g. a standard administrative indicator)."""
    targets = lab.get("targets") or {}
    if not targets:
        return 0.0
    return sum(same_target(v, _of_year(row, y)) for y, v in targets.items()) / len(targets)


def _of_year(row: list[IndicatorRecord], year: str) -> Optional[IndicatorRecord]:
    """The record of a printed year; a target printed without a year is the row's only record."""
    by_year = {str(r.year) if r.year else "": r for r in row}
    if year in by_year:
        return by_year[year]
    return row[0] if year == "" and len(row) == 1 else None


def match(labels: list[dict], rows: list[list[IndicatorRecord]], key: str) -> dict[int, list[IndicatorRecord]]:
    """Labelled item i -> its printed row: text >= MATCH on the same page, best pairs first,
    sasaran (then parent) similarity breaking ties, each row used once."""
    pairs = []
    for i, lab in enumerate(labels):
        for j, row in enumerate(rows):
            if row[0].page != lab["page"]:
                continue
            if key == "indikator":
                s = _name_score(lab, row)
            else:
                s = _best(lab["sasaran"], row[0].sasaran) if not row[0].indikator else 0
            if s >= MATCH:
                tie = (_best(lab["sasaran"], row[0].sasaran) + _best(lab["org_unit"], row[0].org_unit)
                       + 100 * _targets_agree(lab, row) + _best(lab.get("parent_sasaran"), row[0].parent_sasaran) / 100)
                pairs.append((s, tie, i, j))
    out: dict[int, list[IndicatorRecord]] = {}
    used: set[int] = set()
    for _, _, i, j in sorted(pairs, reverse=True):
        if i not in out and j not in used:
            out[i] = rows[j]
            used.add(j)
    return out


def parent_right(lab: dict, rec: IndicatorRecord, by_id: dict[str, IndicatorRecord]) -> tuple[bool, Optional[str]]:
    """The record hangs under the labelled parent box: its parent record carries that box's
    sasaran or one of its indicators (or, without a parent record, parent_sasaran names it); a
    box labelled as a root must have no parent."""
    parent = by_id.get(rec.parent_record_id or "")
    shown = (parent.sasaran or parent.indikator) if parent is not None else rec.parent_sasaran
    if not lab.get("parent_box"):
        return parent is None and not rec.parent_sasaran, shown
    if parent is None:
        return bool(lab["parent_sasaran"]) and same(lab["parent_sasaran"], rec.parent_sasaran), shown
    by_goal = bool(lab["parent_sasaran"]) and same(lab["parent_sasaran"], parent.sasaran)
    by_name = bool(parent.indikator) and same(lab.get("parent_indikator") or [], parent.indikator)
    return by_goal or by_name, shown


def score_fields(s: DocScore, lab: dict, row: list[IndicatorRecord], by_id: dict[str, IndicatorRecord]) -> None:
    rec = row[0]
    where = f"p{lab['page']} {lab['box']} {lab['indikator'] or lab['sasaran']!r}"

    def tally(name: str, ok: bool, printed: object, got: object) -> None:
        s.scored[name] += 1
        s.right[name] += ok
        if not ok:
            s.errors.append(f"{s.name} {where}: {name} printed {printed!r}, kinerja {got!r}")

    tally("org_unit", same(lab["org_unit"], rec.org_unit), lab["org_unit"], rec.org_unit)
    level = expected_level(lab["tier"])
    if level is not None:
        tally("level", rec.level == level, f"{lab['tier']} -> {level}", rec.level)
    if lab.get("program"):
        tally("program", same(lab["program"], rec.program), lab["program"], rec.program)
    tally("sasaran", same(lab["sasaran"], rec.sasaran), lab["sasaran"], rec.sasaran)
    if lab["satuan"]:
        tally("satuan", same_satuan(lab["satuan"], rec.satuan), lab["satuan"], rec.satuan)
    for year, printed in lab["targets"].items():
        got = _of_year(row, year)
        tally("target", same_target(printed, got), f"{year}: {printed}",
              f"{year}: {got.target_text if got else None}")
    ok, shown = parent_right(lab, rec, by_id)
    tally("parent", ok, lab["parent_sasaran"] or lab.get("parent_indikator"), shown)


def score_document(name: str) -> DocScore:
    labels = load_labels(name)
    document = labels[0]["document"]
    path = REAL / document
    layout = load(path)
    result = process_layout(layout, sha256_file(path), str(path))
    records = result.indicators
    s = DocScore(name, document, boxes=len(layout.boxes), records=len(records),
                 with_target=sum(r.target is not None or bool(r.target_text) for r in records))
    by_id = {r.record_id: r for r in records}
    rows = printed_rows(records)
    indicators = [lab for lab in labels if lab["indikator"]]
    nodes = [lab for lab in labels if not lab["indikator"]]
    s.labelled, s.nodes = len(indicators), len(nodes)
    found = match(indicators, rows, "indikator")
    s.found = len(found)
    for i, lab in enumerate(indicators):
        if i in found:
            score_fields(s, lab, found[i], by_id)
        else:
            s.errors.append(f"{name} p{lab['page']} {lab['box']}: not found: {lab['indikator']!r}")
    s.nodes_found = len(match(nodes, [r for r in rows if not r[0].indikator], "sasaran"))
    return s


def names(argv: list[str]) -> list[str]:
    chosen = [a for a in argv if not a.startswith("-")]
    return chosen or sorted(p.stem for p in LABELS.glob("*.jsonl"))


def _cell(s: DocScore, name: str) -> str:
    a = s.accuracy(name)
    return "-" if a is None else f"{s.right[name]}/{s.scored[name]} {a:4.0%}"


def table(scores: list[DocScore]) -> str:
    head = ["document", "boxes", "records", "w/target", "labelled", "found", *FIELDS, "nodes"]
    body = [[s.name, str(s.boxes), str(s.records), str(s.with_target), str(s.labelled),
             f"{s.found} {s.found / s.labelled:4.0%}" if s.labelled else "0",
             *(_cell(s, f) for f in FIELDS), f"{s.nodes_found}/{s.nodes}"] for s in scores]
    total = DocScore("TOTAL", "")
    for s in scores:
        for k in ("boxes", "records", "with_target", "labelled", "found", "nodes", "nodes_found"):
            setattr(total, k, getattr(total, k) + getattr(s, k))
        for f in FIELDS:
            total.right[f] += s.right[f]
            total.scored[f] += s.scored[f]
    body.append([total.name, str(total.boxes), str(total.records), str(total.with_target), str(total.labelled),
                 f"{total.found} {total.found / total.labelled:4.0%}" if total.labelled else "0",
                 *(_cell(total, f) for f in FIELDS), f"{total.nodes_found}/{total.nodes}"])
    widths = [max(len(r[k]) for r in [head, *body]) for k in range(len(head))]
    lines = ["  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(r, widths)))
             for r in [head, *body]]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    scores = [score_document(n) for n in names(argv)]
    print(table(scores))
    if "--errors" in argv:
        for s in scores:
            print("\n".join(s.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
