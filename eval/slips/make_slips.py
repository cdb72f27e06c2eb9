"""Make the slip corpus: clean sample documents with slips injected, each with its truth.

Every variant is one clean sample (samples/text, families LKjIP, PK, IKU, pohon kinerja, Renstra)
with ONE edit: a slip an auditor would report (its kind, the rules allowed to report it, the
printed line and a fragment of the row or sentence it is on) or a trap that looks wrong but is
right (no error may be raised there). A third of the variants, drawn from a hash of the variant's
id with a fixed seed (so a variant stays on its side when the corpus grows), is held back
(split.tsv). Every variant is written as text and, for one in
three, also rendered to PDF (reportlab, samples/render_styles.py), so both readers are scored.

    python eval/slips/make_slips.py      # writes eval/slips/corpus/ (not committed), truth.jsonl, split.tsv
    python eval/slips/make_slips.py --seed 18 --new-forms   # corpus18/ (not committed), truth18.jsonl, split18.tsv
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

from kinerja.pipeline import scan_file  # noqa: E402
from schemas import BudgetLine, IndicatorRecord  # noqa: E402

TEXT = ROOT / "samples" / "text"
HERE = Path(__file__).resolve().parent
SEED = 16
# the second corpus (stop 8: --seed 18 --new-forms): new forms of the slips (a block inserted after the
# record's own table rather than at the end, other column orders and captions, multi-year target
# tables, smaller capaian offsets), new traps (lower-is-better by reflection, a multi-year table
# whose other years differ) and its PDF forms drawn in other table styles; held back by its own seed
NEW_FORMS = False
PDF_STYLES = ("hrules", "open", "norules", "zebra", "centred", "twolevel", "landscape")
PRODUCERS = ("ty", "docx", "rl")
# the slips control is itself a slip document; every other sample is clean (hand-checked
# expected outputs in samples/expected) or, for the Banjar seed, has its hand-checked slips
# subtracted as the base findings
BASES = sorted(p for p in TEXT.glob("*.txt") if p.stem != "checks_slips_lkjip")
PER_KIND = 3
# kinds that append a block of their own: one per document is enough
# kinds added at stop 5 draw from a random stream of their own (seeded by base and kind), so the
# variants of the earlier kinds, and with them the held-back third, are the same as before
OWN_STREAM = {"prose_difference", "trap_prose_difference", "satuan_across", "trap_satuan_across", "formula_conflict",
              "trap_formula_conflict", "prose_remainder", "trap_prose_remainder"}
ONCE = {"cell_arithmetic", "trap_cell_arithmetic", "trap_cumulative_quarters", "growth", "trap_growth",
        "trap_renstra_end"}


@dataclass
class Truth:
    kind: str
    trap: bool
    rules: list[str]  # rules allowed to report it (empty for a trap)
    line: int  # 1-based line of the text form
    fragment: str  # text of the row / sentence, to find it on a PDF page
    also: list[int] = field(default_factory=list)  # lines a consequence may be reported on (a parent's sum)
    also_fragments: list[str] = field(default_factory=list)  # their fragments, for the PDF form
    severity: str = "warning"  # the least severity that counts as found


@dataclass
class Variant:
    id: str
    base: str
    family: str
    truth: Truth
    pdf: bool = False
    style: str = "grid"  # the table style of its PDF form (samples/render_styles.py)
    producer: str = "rl"  # who draws its second form: reportlab, Typst (PDF) or python-docx (DOCX)


# --- helpers -------------------------------------------------------------------------------------

def _num(text: str) -> Optional[tuple[float, int, str]]:
    """(value, decimals, decimal mark) of the first figure of a cell ('113.71%' -> 113.71, 2, '.')."""
    m = re.search(r"\d+(?:[.,]\d+)*", text)
    if not m:
        return None
    tok = m.group(0)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", tok):
        return float(tok.replace(".", "")), 0, ","
    mark = "," if "," in tok else "."
    whole, _, frac = tok.replace(",", ".").rpartition(".") if re.search(r"[.,]\d{1,2}$", tok) else (tok, "", "")
    if not _:
        return float(tok.replace(",", "").replace(".", "")), 0, mark
    return float(f"{whole.replace('.', '')}.{frac}"), len(frac), mark


def _show(value: float, decimals: int, mark: str, like: str) -> str:
    s = f"{value:.{decimals}f}"
    if mark == ",":
        s = s.replace(".", ",")
    return re.sub(r"\d+(?:[.,]\d+)*", s, like, count=1)


def _rupiah(v: float, sep: str = ".") -> str:
    return f"{round(v):,}".replace(",", sep)


def _cells(line: str) -> list[str]:
    return line.split("\t")


def _replace_cell(line: str, old: str, new: str, last: bool = True) -> Optional[str]:
    cells = _cells(line)
    idx = [i for i, c in enumerate(cells) if c.strip() == old.strip()]
    if not idx:
        return None
    cells[idx[-1] if last else idx[0]] = new
    return "\t".join(cells)


def _frag(rec) -> str:
    name = rec.indikator if isinstance(rec, IndicatorRecord) else rec.name
    return (name or "")[:40]


# --- slips ---------------------------------------------------------------------------------------

Edit = tuple[list[str], Truth]


def capaian_wrong(lines: list[str], rec: IndicatorRecord, rng: random.Random) -> Optional[Edit]:
    """A capaian that no formula gives: off by 5-15 points."""
    if rec.polarity != "higher_is_better" or not rec.capaian_text or rec.capaian is None:
        return None
    n = _num(rec.capaian_text)
    if n is None:
        return None
    off = rng.uniform(2, 15) if NEW_FORMS else rng.uniform(5, 15)
    new = _show(n[0] + rng.choice([-1, 1]) * off, max(n[1], 2), n[2], rec.capaian_text)
    line = _replace_cell(lines[rec.line - 1], rec.capaian_text, new)
    if line is None:
        return None
    out = list(lines)
    out[rec.line - 1] = line
    # (stop 9) a row printing no target or no realisasi (an efficiency table: capaian beside the
    # budget) cannot have its capaian recomputed; the slip shows against the capaian the report
    # prints for the indicator elsewhere (cross_table) or in the row's efficiency (sums)
    rules = ["capaian"] if rec.target is not None and rec.realisasi is not None else ["capaian", "cross_table", "sums"]
    return out, Truth("capaian_wrong", False, rules, rec.line, _frag(rec), severity="error")


_LOWER_NAMES = ["Angka Kematian Ibu", "Persentase Penduduk Miskin", "Tingkat Pengangguran Terbuka",
                "Prevalensi Stunting Balita", "Angka Kematian Bayi", "Persentase Balita Gizi Buruk"]


def _as_lower(lines: list[str], rec: IndicatorRecord, rng: random.Random, wrong: bool,
              reflection: bool = False) -> Optional[Edit]:
    """Rename a row to a lower-is-better indicator; print its capaian the wrong way round (r/t) or
    correctly (t/r, or with `reflection` (2t - r)/t)."""
    if rec.target is None or rec.realisasi is None or not rec.capaian_text or rec.target <= 0 or rec.realisasi <= 0:
        return None
    if abs(rec.target - rec.realisasi) / rec.target < 0.03 or rec.capaian is None:
        return None  # both formulas give nearly the same figure: no slip to see
    if rec.polarity == "range":
        return None  # a range target has no way round
    if rec.kriteria and not wrong:
        return None  # a new capaian would need a new kriteria: the trap would hold a slip
    if not rec.indikator or rec.indikator not in lines[rec.line - 1]:
        return None
    name = rng.choice(_LOWER_NAMES)
    n = _num(rec.capaian_text)
    value = rec.realisasi / rec.target * 100 if wrong else rec.target / rec.realisasi * 100
    if reflection:
        value = (2 * rec.target - rec.realisasi) / rec.target * 100
        if value <= 0:
            return None
    new = _show(value, 2, n[2] if n else ".", rec.capaian_text)
    line = _replace_cell(lines[rec.line - 1], rec.capaian_text, new)
    if line is None:
        return None
    cells = _cells(line)
    k = [i for i, c in enumerate(cells) if c.strip() == rec.indikator.strip()]
    if not k:
        return None
    cells[k[0]] = f"{name} {rng.randint(1, 99)}"
    out = list(lines)
    out[rec.line - 1] = "\t".join(cells)
    kind = "lower_wrong_way" if wrong else "trap_lower_reflection" if reflection else "trap_lower_is_better"
    return out, Truth(kind, not wrong, ["capaian"] if wrong else [], rec.line, cells[k[0]][:40],
                      severity="error")


def lower_wrong_way(lines, rec, rng):
    return _as_lower(lines, rec, rng, True)


def trap_lower_is_better(lines, rec, rng):
    return _as_lower(lines, rec, rng, False)


def trap_rounding(lines: list[str], rec: IndicatorRecord, rng: random.Random) -> Optional[Edit]:
    """The capaian printed with fewer decimals, rounded as it should be."""
    if rec.polarity != "higher_is_better" or rec.target is None or rec.realisasi is None or rec.target <= 0:
        return None
    if not rec.capaian_text or rec.capaian is None or abs(rec.capaian - rec.realisasi / rec.target * 100) > 0.01:
        return None
    n = _num(rec.capaian_text)
    exact = rec.realisasi / rec.target * 100
    d = rng.choice([0, 1])
    new = _show(round(exact, d), d, n[2] if n else ".", rec.capaian_text)
    line = _replace_cell(lines[rec.line - 1], rec.capaian_text, new)
    if line is None or new == rec.capaian_text:
        return None
    out = list(lines)
    out[rec.line - 1] = line
    return out, Truth("trap_rounding", True, [], rec.line, _frag(rec), severity="error")


def duplicate_row(lines: list[str], rec, rng: random.Random) -> Optional[Edit]:
    """The same row printed twice, one under the other."""
    text = lines[rec.line - 1]
    if len(_cells(text)) < 3 or not re.search(r"\d", text):
        return None
    out = list(lines)
    out.insert(rec.line, text)
    return out, Truth("duplicate_row", False, ["structure"], rec.line + 1, _frag(rec), also=[rec.line])


def satuan_contradiction(lines: list[str], rec: IndicatorRecord, rng: random.Random) -> Optional[Edit]:
    """A score indicator ('Indeks ...') whose satuan column says Persen."""
    if not rec.satuan or not rec.indikator or rec.satuan.lower() == "persen":
        return None
    if any("%" in (t or "") for t in (rec.target_text, rec.realisasi_text, rec.capaian_text and None)):
        return None
    cells = _cells(lines[rec.line - 1])
    k = [i for i, c in enumerate(cells) if c.strip().lower() == rec.satuan.strip().lower()]
    n = [i for i, c in enumerate(cells) if c.strip() == rec.indikator.strip()]
    if not k or not n:
        return None
    cells[k[0]] = "Persen"
    if not re.match(r"(?i)(nilai|indeks)\b", cells[n[0]]):
        cells[n[0]] = f"Indeks {cells[n[0]]}"
    out = list(lines)
    out[rec.line - 1] = "\t".join(cells)
    return out, Truth("satuan_contradiction", False, ["structure"], rec.line, cells[n[0]][:40])


def budget_percent(lines: list[str], b: BudgetLine, rng: random.Random) -> Optional[Edit]:
    if not b.persen_text or b.anggaran is None or b.realisasi is None or b.anggaran <= 0 or b.realisasi <= 0:
        return None
    n = _num(b.persen_text)
    if n is None:
        return None
    new = _show(n[0] + rng.choice([-1, 1]) * rng.uniform(2, 9), 2, n[2], b.persen_text)
    line = _replace_cell(lines[b.line - 1], b.persen_text, new)
    if line is None:
        return None
    out = list(lines)
    out[b.line - 1] = line
    return out, Truth("budget_percent", False, ["budget"], b.line, _frag(b), severity="error")


def budget_sum(lines: list[str], b: BudgetLine, rng: random.Random, parents: dict[str, list[BudgetLine]],
               by_id: dict[str, BudgetLine]) -> Optional[Edit]:
    """A parent line whose anggaran is no longer the sum of its children (its percent kept right)."""
    kids = parents.get(b.record_id)
    if not kids or b.anggaran is None or not b.anggaran_text or b.anggaran <= 0:
        return None
    delta = rng.choice([1, 10, 100]) * 1_000_000
    new_a = b.anggaran + delta
    line = _replace_cell(lines[b.line - 1], b.anggaran_text, _rupiah(new_a), last=False)
    if line is None:
        return None
    if b.realisasi and b.realisasi_text and b.persen is not None:
        # keep the printed percent true: realisasi grows with the anggaran
        new_r = round(b.realisasi * new_a / b.anggaran)
        line = _replace_cell(line, b.realisasi_text, _rupiah(new_r), last=False) or line
    out = list(lines)
    out[b.line - 1] = line
    also = []
    p = b
    while p.parent_record_id and p.parent_record_id in by_id:
        p = by_id[p.parent_record_id]
        also.append(p)
    also += [x for x in by_id.values() if x.level == "total" and x.table_index == b.table_index]
    return out, Truth("budget_sum", False, ["sums"], b.line, _frag(b), also=[x.line for x in also],
                      also_fragments=[_frag(x) for x in also], severity="error")


def _append(lines: list[str], block: list[str], after: int = 0) -> tuple[list[str], int]:
    """`lines` with `block` at the end, or (new forms) at the first blank line after line `after`
    (the end of the record's own table), and the 1-based line of the block's first line."""
    at = _insert_at(lines, after)
    out = list(lines[:at]) + ["", *block] + list(lines[at:])
    return out, at + 2


def _insert_at(lines: list[str], after: int) -> int:
    """0-based index where an added block goes: the end, or in new forms the first blank line
    after line `after` when one comes before the end."""
    if NEW_FORMS and after:
        for i in range(after, len(lines) - 1):
            if not lines[i].strip() and not (SEED >= 19 and _inside_table(lines, i)):
                return i
    return len(lines)


def _inside_table(lines: list[str], i: int) -> bool:
    """(seed 19 on) A blank line between two rows of one table (same number of tab cells): a block
    put there would cut the table (a program from its kegiatan, a 'Jumlah' row from its rows)."""
    before = next((x for x in reversed(lines[:i]) if x.strip()), "")
    after = next((x for x in lines[i + 1:] if x.strip()), "")
    return "\t" in before and before.count("\t") == after.count("\t")


def _one_indicator_table(lines: list[str], caption: str, title: str, rec: IndicatorRecord, satuan: str,
                         target: str, rng: Optional[random.Random] = None) -> tuple[list[str], int]:
    """`lines` with a captioned table of one row printing `rec` again, and the 1-based line of that
    row; in new forms the target may come before the satuan, under another header word."""
    year = f" {rec.year}" if rec.year else ""
    head, row = ["No", "Indikator Kinerja", "Satuan", f"Target{year}"], ["1", rec.indikator, satuan, target]
    if NEW_FORMS and rng is not None:
        head[3] = rng.choice([f"Target{year}", f"Target Kinerja{year}", f"Target Tahun{year}"])
        if rng.random() < 0.5:
            head[2], head[3], row[2], row[3] = head[3], head[2], row[3], row[2]
    block = [caption, title, "", "\t".join(head), "\t".join(row)]
    out, at = _append(lines, block, rec.line)
    return out, at + 4


def prose_amount(lines: list[str], b: BudgetLine, rng: random.Random, wrong: bool) -> Optional[Edit]:
    """A paragraph restating a budget line with comma thousands ('Rp 1,397,870,000')."""
    if b.anggaran is None or b.realisasi is None or b.anggaran <= 0 or b.realisasi <= 0 or b.level == "total":
        return None
    r = b.realisasi + (rng.choice([1, 5, 25]) * 1_000_000 if wrong else 0)
    pct = f"{b.realisasi / b.anggaran * 100:.2f}".replace(".", ",")
    sentence = (f"Pada tahun anggaran berjalan, pagu anggaran {b.name} sebesar Rp {_rupiah(b.anggaran, ',')} "
                f"dengan realisasi sebesar Rp {_rupiah(r, ',')} atau {pct}% dari pagu.")
    out, at = _append(lines, [sentence], b.line)
    kind = "prose_amount" if wrong else "trap_prose_amount"
    return out, Truth(kind, not wrong, ["narrative"] if wrong else [], at, sentence[:60], severity="warning")


def restated_budget(lines: list[str], b: BudgetLine, rng: random.Random, wrong: bool) -> Optional[Edit]:
    """A second table restating a program's anggaran ('Ringkasan Anggaran per Program')."""
    if b.anggaran is None or b.level not in ("program", "kegiatan") or not b.name:
        return None
    a = b.anggaran + (rng.choice([1, 10, 100]) * 1_000_000 if wrong else 0)
    block = ["Tabel 9.1", "Ringkasan Anggaran Per Program", "", "No\tProgram\tPagu Anggaran (Rp)",
             f"1\t{b.name}\t{_rupiah(a)}"]
    out, at = _append(lines, block, b.line)
    kind = "restated_budget" if wrong else "trap_restated_budget"
    return out, Truth(kind, not wrong, ["cross_table"] if wrong else [], at + 4, b.name[:40], also=[b.line])


def restated_target(lines: list[str], rec: IndicatorRecord, rng: random.Random, wrong: bool) -> Optional[Edit]:
    """A summary table restating an indicator's target; the slip moves it by one printed step
    ('0,1' against '0,09'), the trap reprints the same value differently ('7,5 %' as '7,50%')."""
    if rec.target is None or not rec.target_text or not rec.indikator or rec.target <= 0:
        return None
    n = _num(rec.target_text)
    if n is None:
        return None
    value, dec, mark = n
    if wrong:
        step = 10 ** -max(dec, 1) if dec else 1
        new = _show(value + rng.choice([-1, 1]) * step * (1 if dec else max(1, round(value * 0.1))), max(dec, 1) if dec else 0, mark, rec.target_text)
    else:
        new = _show(value, dec + 1, mark if dec else ",", rec.target_text)
    if new == rec.target_text and wrong:
        return None
    out, row = _one_indicator_table(lines, "Tabel 9.2", "Ringkasan Target Indikator Kinerja", rec, rec.satuan or "-", new, rng)
    kind = "restated_target" if wrong else "trap_restated_target"
    return out, Truth(kind, not wrong, ["cross_table"] if wrong else [], row, rec.indikator[:40], also=[rec.line])


def restated_target_years(lines: list[str], rec: IndicatorRecord, rng: random.Random, wrong: bool) -> Optional[Edit]:
    """(new forms) A plan table of three years' targets restating the indicator's: the year before
    and after differ from it by design; the slip moves this year's by one printed step."""
    if rec.target is None or not rec.target_text or not rec.indikator or rec.target <= 0 or not rec.year:
        return None
    n = _num(rec.target_text)
    if n is None:
        return None
    value, dec, mark = n
    step = 10 ** -dec
    other = [_show(round(value * f, dec) + (step if f > 1 else -step), dec, mark, rec.target_text) for f in (0.9, 1.1)]
    if wrong:
        this = _show(value + rng.choice([-1, 1]) * step * (1 if dec else max(1, round(value * 0.1))), dec, mark,
                     rec.target_text)
    else:
        this = rec.target_text
    if (wrong and this == rec.target_text) or rec.target_text in other or value - step <= 0:
        return None
    y = rec.year
    # (stop 9) the years around come from the document itself when it prints them: a plan table
    # restating the plan must agree with it on every year, or the trap is no trap and the slip is
    # three slips. (The drawn figures above still decide which records are taken, so the random
    # stream, and every other variant, stays as it was.)
    own = {r.year: r.target_text for r in _RECS if r.indikator == rec.indikator and r.target_text
           and (r.org_unit or "") == (rec.org_unit or "") and r.year in (y - 1, y + 1)}
    other = [own.get(y - 1, other[0]), own.get(y + 1, other[1])]
    block = ["Tabel 9.9", "Target Kinerja Per Tahun", "",
             f"No\tIndikator Kinerja\tSatuan\tTarget {y - 1}\tTarget {y}\tTarget {y + 1}",
             f"1\t{rec.indikator}\t{rec.satuan or '-'}\t{other[0]}\t{this}\t{other[1]}"]
    out, at = _append(lines, block, rec.line)
    if wrong and not _plan_elsewhere(rec):
        # a report on one year (LKjIP, PK) printing a plan's figure for the year beside the year's
        # agreed target: two targets by design (the PK may revise the Renstra), not one target
        # printed twice. A trap: no error may be raised on it.
        return out, Truth("trap_plan_vs_agreed", True, [], at + 4, rec.indikator[:40], also=[rec.line],
                          severity="error")
    kind = "restated_target_years" if wrong else "trap_restated_target_years"
    return out, Truth(kind, not wrong, ["cross_table"] if wrong else [], at + 4, rec.indikator[:40],
                      also=[rec.line], severity="warning" if wrong else "error")


_REPORTS_ON_ONE_YEAR = {"lkjip", "perjanjian_kinerja", "unknown", None}


def _plan_elsewhere(rec: IndicatorRecord) -> bool:
    """Whether the document prints `rec`'s target for its year as a plan figure: every target of a
    Renstra, IKU or pohon kinerja is one; in a report on one year, only a table printing the
    indicator's target for three years or more is."""
    if _DOC_TYPE.get("type") not in _REPORTS_ON_ONE_YEAR:
        return True
    years: dict[Optional[int], set] = {}
    for r in _RECS:
        if r.indikator == rec.indikator and r.target_text and r.year:
            years.setdefault(r.table_index, set()).add(r.year)
    return any(len(ys) >= 3 and rec.year in ys for ys in years.values())


def cell_arithmetic(lines: list[str], rec: IndicatorRecord, rng: random.Random, wrong: bool) -> Optional[Edit]:
    """A calculation table with the arithmetic written in a cell ('400 + 601 = 1.001')."""
    a, b = rng.randint(100, 900), rng.randint(100, 2000)
    c = a + b + (rng.choice([-10, 10, 100]) if wrong else 0)
    dot = lambda v: _rupiah(v)  # noqa: E731
    block = ["Tabel 9.3", "Perhitungan Realisasi Indikator", "", "No\tUraian\tPerhitungan",
             f"1\tJumlah layanan yang diberikan\t{dot(a)} + {dot(b)} = {dot(c)}"]
    out, at = _append(lines, block, rec.line)
    kind = "cell_arithmetic" if wrong else "trap_cell_arithmetic"
    return out, Truth(kind, not wrong, ["sums"] if wrong else [], at + 4, "Jumlah layanan yang diberikan",
                      severity="error")


def growth(lines: list[str], rec: IndicatorRecord, rng: random.Random, wrong: bool) -> Optional[Edit]:
    """A growth ('percepatan') column: (this year - last year) / last year x 100."""
    if rec.realisasi is None or not rec.realisasi_text or not rec.indikator or rec.realisasi <= 0:
        return None
    n = _num(rec.realisasi_text)
    if n is None:
        return None
    prev = round(rec.realisasi * rng.uniform(0.7, 0.95), n[1])
    if prev <= 0:
        return None
    h = 0.5 * 10 ** -n[1]  # the figures stand for intervals: a slip must fall outside the growth they allow
    spread = max(abs((rec.realisasi + x - prev - y) / (prev - y) * 100 - (rec.realisasi - prev) / prev * 100)
                 for x in (-h, h) for y in (-h, h))
    g = (rec.realisasi - prev) / prev * 100 + (rng.choice([-1, 1]) * (rng.uniform(3, 8) + spread) if wrong else 0)
    year = rec.year or 2025
    block = ["Tabel 9.4", "Percepatan Realisasi Kinerja", "",
             f"No\tIndikator Kinerja\tRealisasi {year - 1}\tRealisasi {year}\tPercepatan (%)",
             f"1\t{rec.indikator}\t{_show(prev, n[1], n[2], rec.realisasi_text)}\t{rec.realisasi_text}\t"
             f"{_show(g, 2, n[2], '0%')}"]
    out, at = _append(lines, block, rec.line)
    kind = "growth" if wrong else "trap_growth"
    return out, Truth(kind, not wrong, ["sums"] if wrong else [], at + 4, rec.indikator[:40], severity="error")


def trap_renstra_end(lines: list[str], rec: IndicatorRecord, rng: random.Random) -> Optional[Edit]:
    """A table against the Renstra end target: another target, its own capaian; nothing wrong."""
    if rec.target is None or rec.realisasi is None or not rec.indikator or not rec.target_text or rec.realisasi <= 0:
        return None
    n = _num(rec.target_text)
    if n is None:
        return None
    lower = rec.polarity == "lower_is_better"
    end = round(rec.target * (rng.uniform(0.7, 0.9) if lower else rng.uniform(1.1, 1.4)), max(n[1], 1))
    pct = end / rec.realisasi * 100 if lower else rec.realisasi / end * 100
    block = ["Tabel 9.5", "Capaian Kinerja Terhadap Target Akhir Renstra", "",
             "No\tIndikator Kinerja\tTarget Akhir Renstra 2026\tRealisasi 2025\tCapaian Terhadap Target Akhir Renstra (%)",
             f"1\t{rec.indikator}\t{_show(end, max(n[1], 1), n[2], rec.target_text)}\t{rec.realisasi_text}\t{pct:.2f}%"]
    out, at = _append(lines, block, rec.line)
    return out, Truth("trap_renstra_end", True, [], at + 4, rec.indikator[:40], severity="error")


def trap_cumulative_quarters(lines: list[str], rec: IndicatorRecord, rng: random.Random) -> Optional[Edit]:
    """A Rencana Aksi table of cumulative quarterly targets: TW IV is the year's target, the
    others are below it; no capaian to check against the year."""
    if rec.target is None or not rec.target_text or not rec.indikator or rec.target <= 0:
        return None
    n = _num(rec.target_text)
    if n is None:
        return None
    tw = [_show(rec.target * f, n[1], n[2], rec.target_text) for f in (0.25, 0.5, 0.75, 1.0)]
    block = ["Tabel 9.6", "Rencana Aksi Triwulan (Kumulatif)", "",
             "No\tIndikator Kinerja\tTarget Tahunan\tTW I\tTW II\tTW III\tTW IV",
             f"1\t{rec.indikator}\t{rec.target_text}\t" + "\t".join(tw)]
    out, at = _append(lines, block, rec.line)
    return out, Truth("trap_cumulative_quarters", True, [], at + 4, rec.indikator[:40], severity="error")


def trap_negative_efficiency(lines: list[str], rec: IndicatorRecord, rng: random.Random) -> Optional[Edit]:
    """An efficiency row whose capaian is below its serapan, the efficiency printed as 0."""
    if rec.efisiensi is None or rec.serapan is None or rec.capaian is None:
        return None
    text = lines[rec.line - 1]
    cells = _cells(text)
    figs = [i for i, c in enumerate(cells) if re.fullmatch(r"\s*\d[\d.,]*\s*%?\s*", c)]
    if len(figs) < 3:
        return None
    i_s, i_e = figs[-2], figs[-1]
    serapan = rec.capaian + rng.uniform(2, 10)
    cells[i_s] = f"{serapan:.2f}%"
    cells[i_e] = "0%"
    out = list(lines)
    out[rec.line - 1] = "\t".join(cells)
    return out, Truth("trap_negative_efficiency", True, [], rec.line, _frag(rec), severity="error")


def trap_no_levels(lines: list[str], b: BudgetLine, rng: random.Random, table: list[BudgetLine]) -> Optional[Edit]:
    """The budget table printed without 'Program :' / 'Kegiatan :' markers; its sums still hold."""
    if b.level != "program" or len(table) < 3:
        return None
    out = list(lines)
    changed = 0
    for x in table:
        t = out[x.line - 1]
        new = re.sub(r"(?i)\b(sub\s*kegiatan|kegiatan|program)\s*:\s*", "", t)
        if new != t:
            out[x.line - 1] = new
            changed += 1
    if not changed:
        return None
    return out, Truth("trap_no_levels", True, [], b.line, _frag(b)[:30], severity="error",
                      also=[x.line for x in table])


def prose_difference(lines: list[str], rec: IndicatorRecord, rng: random.Random, wrong: bool) -> Optional[Edit]:
    """A sentence restating the gap between realisasi and target ('lebih tinggi 3,2 poin dari
    target') or the change from last year ('meningkat sebesar 0,12 poin, dari 8,63 menjadi 8,75');
    the slip states a gap no rounding of the printed figures gives."""
    if rec.target is None or rec.realisasi is None or not rec.target_text or not rec.realisasi_text or not rec.indikator:
        return None
    t, r = _num(rec.target_text), _num(rec.realisasi_text)
    if t is None or r is None or rec.target <= 0 or rec.realisasi <= 0:
        return None
    dec = max(t[1], r[1], 1)
    mark = r[2] if r[2] == "," or t[2] == "," else ","
    show = lambda v: _show(v, dec, mark, "0")  # noqa: E731
    slack = 1.5 * 10 ** -min(t[1], r[1])  # beyond what the printed precision allows
    if rng.random() < 0.5:
        a, b = rec.target, rec.realisasi
        if abs(a - b) < 10 ** -dec:
            return None
        d = abs(b - a) + (rng.choice([-1, 1]) * (slack + rng.uniform(0.5, 2.0) * max(1, abs(b - a) * 0.2)) if wrong else 0)
        if d <= 0:
            d = abs(b - a) + slack + 1
        word = "lebih tinggi" if b > a else "lebih rendah"
        sentence = (f"Realisasi indikator {rec.indikator} sebesar {rec.realisasi_text} {word} {show(d)} poin "
                    f"dari target {rec.target_text}.")
    else:
        prev = round(rec.realisasi * rng.uniform(0.8, 0.95), r[1])
        if prev <= 0 or abs(rec.realisasi - prev) < 10 ** -dec:
            return None
        gap = rec.realisasi - prev
        d = gap + (rng.choice([-1, 1]) * (2 * 10 ** -r[1] + rng.uniform(0.5, 2.0) * max(1, gap * 0.3)) if wrong else 0)
        if d <= 0:
            d = gap + 2 * 10 ** -r[1] + 1
        year = rec.year or 2025
        sentence = (f"Indikator {rec.indikator} mengalami peningkatan sebesar {show(d)} poin, yaitu dari "
                    f"{_show(prev, r[1], r[2], rec.realisasi_text)} pada tahun {year - 1} menjadi {rec.realisasi_text} "
                    f"pada tahun {year}.")
    out, at = _append(lines, [sentence], rec.line)
    kind = "prose_difference" if wrong else "trap_prose_difference"
    return out, Truth(kind, not wrong, ["narrative"] if wrong else [], at, sentence[:60], severity="warning")


def prose_remainder(lines: list[str], b: BudgetLine, rng: random.Random, wrong: bool) -> Optional[Edit]:
    """'pagu Rp a dengan realisasi Rp b sehingga sisa anggaran sebesar Rp a-b' with comma thousands."""
    if b.anggaran is None or b.realisasi is None or b.anggaran <= 0 or b.realisasi <= 0 or b.anggaran <= b.realisasi:
        return None
    rest = b.anggaran - b.realisasi + (rng.choice([-1, 1]) * rng.choice([1, 5, 25]) * 1_000_000 if wrong else 0)
    if rest <= 0:
        return None
    sentence = (f"Anggaran {b.name} dialokasikan sebesar Rp {_rupiah(b.anggaran, ',')} dan terealisasi sebesar "
                f"Rp {_rupiah(b.realisasi, ',')}, sehingga terdapat sisa anggaran sebesar Rp {_rupiah(rest, ',')}.")
    out, at = _append(lines, [sentence], b.line)
    kind = "prose_remainder" if wrong else "trap_prose_remainder"
    return out, Truth(kind, not wrong, ["narrative"] if wrong else [], at, sentence[:60], severity="warning")


_OTHER_KIND = {"persen": "Indeks", "nilai": "Persen", "indeks": "Persen", "dokumen": "Persen", "orang": "Persen",
               "unit": "Persen", "laporan": "Persen", "paket": "Persen", "predikat": "Persen", "kegiatan": "Persen"}
_SAME_KIND = {"persen": "%", "dokumen": "Laporan", "laporan": "Dokumen", "nilai": "Indeks", "indeks": "Nilai",
              "orang": "Orang", "unit": "Unit", "paket": "Paket"}


# the org_unit of the base's last record: a table appended at the end belongs to that unit (a
# pohon kinerja or a per-unit PK), so only its records are restated there as the same indicator
_LAST_UNIT: dict[str, str] = {}


_RECS: list[IndicatorRecord] = []
_DOC_TYPE: dict[str, Optional[str]] = {}


def _same_unit(rec: IndicatorRecord, lines: list[str]) -> bool:
    """Whether an added table (at the end, or in new forms after the record's table) falls under the
    record's own unit."""
    if not rec.org_unit:
        return True
    at = _insert_at(lines, rec.line or 0)
    if at >= len(lines):
        return rec.org_unit == _LAST_UNIT.get("unit")
    before = [r for r in _RECS if r.line and r.line <= at]
    return bool(before) and max(before, key=lambda r: r.line).org_unit == rec.org_unit


def satuan_across(lines: list[str], rec: IndicatorRecord, rng: random.Random, wrong: bool) -> Optional[Edit]:
    """A second table printing the indicator with a satuan of another kind ('Persen' where the
    first says 'Indeks'); the trap writes the same kind another way ('%' for 'Persen')."""
    if not _same_unit(rec, lines):
        return None
    if not rec.indikator or not rec.satuan or rec.target is None or not rec.target_text:
        return None
    unit = (_OTHER_KIND if wrong else _SAME_KIND).get(rec.satuan.strip().lower())
    if unit is None:
        return None
    out, row = _one_indicator_table(lines, "Tabel 9.7", "Indikator Kinerja dan Satuan", rec, unit, rec.target_text, rng)
    kind = "satuan_across" if wrong else "trap_satuan_across"
    # found by the other table's satuan (cross_table) or by the row's own satuan against its figure
    # or its indicator's name (structure): both say the injected satuan is of the wrong kind
    return out, Truth(kind, not wrong, ["cross_table", "structure"] if wrong else [], row, rec.indikator[:40],
                      also=[rec.line])


def formula_conflict(lines: list[str], rec: IndicatorRecord, rng: random.Random, wrong: bool) -> Optional[Edit]:
    """A second table restating target, realisasi and capaian, its capaian computed the other way
    round (target / realisasi) though nothing in the indicator's words says so; the trap restates
    the capaian as the first table computed it."""
    if rec.polarity != "higher_is_better" or rec.target is None or rec.realisasi is None or not rec.capaian_text:
        return None
    if not _same_unit(rec, lines):
        return None
    if not rec.indikator or not rec.target_text or not rec.realisasi_text or rec.capaian is None:
        return None
    if rec.target <= 0 or rec.realisasi <= 0 or abs(rec.target - rec.realisasi) / rec.target < 0.03:
        return None  # both ways round give nearly the same figure
    if abs(rec.capaian - rec.realisasi / rec.target * 100) > 0.06:
        return None  # the base's own capaian is not plain realisasi / target
    value = rec.target / rec.realisasi * 100 if wrong else rec.capaian
    year = rec.year or 2025
    n = _num(rec.capaian_text)
    shown = _show(value, 2, n[2] if n else ".", rec.capaian_text) if wrong else rec.capaian_text
    block = ["Tabel 9.8", "Capaian Indikator Kinerja Utama", "",
             f"No\tIndikator Kinerja\tTarget {year}\tRealisasi {year}\tCapaian (%)",
             f"1\t{rec.indikator}\t{rec.target_text}\t{rec.realisasi_text}\t{shown}"]
    out, at = _append(lines, block, rec.line)
    kind = "formula_conflict" if wrong else "trap_formula_conflict"
    return out, Truth(kind, not wrong, ["cross_table", "capaian"] if wrong else [], at + 4, rec.indikator[:40],
                      also=[rec.line], severity="warning")


def bracket_capaian(lines: list[str], rec: IndicatorRecord, rng: random.Random, wrong: bool) -> Optional[Edit]:
    """(new forms) The row's capaian also printed in brackets after the realisasi ('60,5 (108,03%)'):
    the slip's bracket is 3-15 points off realisasi / target; the trap's is right (rounded)."""
    if rec.polarity != "higher_is_better" or rec.target is None or rec.realisasi is None or rec.target <= 0:
        return None
    if not rec.realisasi_text or not rec.capaian_text or rec.capaian is None:
        return None
    if abs(rec.capaian - rec.realisasi / rec.target * 100) > 0.06 or "(" in rec.realisasi_text:
        return None  # the base's own capaian is not plain realisasi / target
    n = _num(rec.realisasi_text)
    if n is None:
        return None
    exact = rec.realisasi / rec.target * 100
    d = rng.choice([1, 2])
    value = exact + rng.choice([-1, 1]) * rng.uniform(3, 15) if wrong else round(exact, d)
    if value <= 0:
        return None
    pct = f"{value:.{d}f}"
    if n[2] == ",":
        pct = pct.replace(".", ",")
    new = f"{rec.realisasi_text} ({pct}{rng.choice(['%', ' %', ''])})"
    line = _replace_cell(lines[rec.line - 1], rec.realisasi_text, new, last=False)
    if line is not None and rec.target_text and rec.target_text.strip() == rec.realisasi_text.strip():
        # (stop 9) the target prints the same text: the bracket goes after the realisasi (the cell
        # just before the capaian when it holds that text, else the second cell of it), not into the target
        cells = _cells(lines[rec.line - 1])
        idx = [i for i, c in enumerate(cells) if c.strip() == rec.realisasi_text.strip()]
        cap = [i for i, c in enumerate(cells) if c.strip() == rec.capaian_text.strip()]
        if cap and cap[-1] - 1 in idx:
            cells[cap[-1] - 1] = new
            line = "\t".join(cells)
        elif len(idx) > 1:
            cells[idx[1]] = new
            line = "\t".join(cells)
    if line is None:
        return None
    out = list(lines)
    out[rec.line - 1] = line
    kind = "bracket_capaian" if wrong else "trap_bracket_capaian"
    return out, Truth(kind, not wrong, ["capaian"] if wrong else [], rec.line, _frag(rec), severity="warning"
                      if wrong else "error")


# --- the corpus ----------------------------------------------------------------------------------

RECORD_KINDS: dict[str, Callable] = {
    "capaian_wrong": capaian_wrong,
    "lower_wrong_way": lower_wrong_way,
    "trap_lower_is_better": trap_lower_is_better,
    "trap_rounding": trap_rounding,
    "duplicate_row": duplicate_row,
    "satuan_contradiction": satuan_contradiction,
    "restated_target": lambda l, r, g: restated_target(l, r, g, True),
    "trap_restated_target": lambda l, r, g: restated_target(l, r, g, False),
    "cell_arithmetic": lambda l, r, g: cell_arithmetic(l, r, g, True),
    "trap_cell_arithmetic": lambda l, r, g: cell_arithmetic(l, r, g, False),
    "growth": lambda l, r, g: growth(l, r, g, True),
    "trap_growth": lambda l, r, g: growth(l, r, g, False),
    "trap_renstra_end": trap_renstra_end,
    "trap_cumulative_quarters": trap_cumulative_quarters,
    "trap_negative_efficiency": trap_negative_efficiency,
    "prose_difference": lambda l, r, g: prose_difference(l, r, g, True),
    "trap_prose_difference": lambda l, r, g: prose_difference(l, r, g, False),
    "satuan_across": lambda l, r, g: satuan_across(l, r, g, True),
    "trap_satuan_across": lambda l, r, g: satuan_across(l, r, g, False),
    "formula_conflict": lambda l, r, g: formula_conflict(l, r, g, True),
    "trap_formula_conflict": lambda l, r, g: formula_conflict(l, r, g, False),
}
NEW_KINDS: dict[str, Callable] = {
    "trap_lower_reflection": lambda l, r, g: _as_lower(l, r, g, False, reflection=True),
    "restated_target_years": lambda l, r, g: restated_target_years(l, r, g, True),
    "trap_restated_target_years": lambda l, r, g: restated_target_years(l, r, g, False),
    "bracket_capaian": lambda l, r, g: bracket_capaian(l, r, g, True),
    "trap_bracket_capaian": lambda l, r, g: bracket_capaian(l, r, g, False),
}
BUDGET_KINDS = ("budget_percent", "budget_sum", "prose_amount", "trap_prose_amount", "restated_budget",
                "trap_restated_budget", "trap_no_levels", "duplicate_budget_row", "prose_remainder",
                "trap_prose_remainder")


def _family(doc_type: Optional[str]) -> str:
    return doc_type or "unknown"


def make(bases: Optional[list[Path]] = None) -> list[tuple[Variant, list[str]]]:
    rng = random.Random(SEED)
    made: list[tuple[Variant, list[str]]] = []
    for path in bases or BASES:
        res = scan_file(path)
        lines = path.read_text(encoding="utf-8").split("\n")
        fam = _family(res.document.doc_type)
        recs = [r for r in res.indicators if r.line]
        _LAST_UNIT["unit"] = max(recs, key=lambda r: r.line).org_unit or "" if recs else ""
        _RECS[:] = recs
        _DOC_TYPE["type"] = res.document.doc_type
        buds = [b for b in res.budget if b.line]
        by_id = {b.record_id: b for b in buds}
        parents: dict[str, list[BudgetLine]] = {}
        for b in buds:
            if b.parent_record_id:
                parents.setdefault(b.parent_record_id, []).append(b)
        shared = rng
        for kind, fn in {**RECORD_KINDS, **(NEW_KINDS if NEW_FORMS else {})}.items():
            rng = random.Random(f"{SEED}:{path.stem}:{kind}") if kind in OWN_STREAM else shared
            pool = list({r.line: r for r in recs}.values())
            rng.shuffle(pool)
            got = 0
            used: set[str] = set()
            for r in pool:
                if got >= (1 if kind in ONCE else PER_KIND):
                    break
                if (r.indikator or "") in used:
                    continue
                edit = fn(lines, r, rng)
                if edit is None:
                    continue
                used.add(r.indikator or "")
                got += 1
                made.append((Variant("", path.stem, fam, edit[1]), edit[0]))
        for kind in BUDGET_KINDS:
            rng = random.Random(f"{SEED}:{path.stem}:{kind}") if kind in OWN_STREAM else shared
            pool = list(buds)
            rng.shuffle(pool)
            got = 0
            for b in pool:
                if got >= PER_KIND:
                    break
                if kind == "budget_percent":
                    edit = budget_percent(lines, b, rng)
                elif kind == "budget_sum":
                    edit = budget_sum(lines, b, rng, parents, by_id)
                elif kind in ("prose_amount", "trap_prose_amount"):
                    edit = prose_amount(lines, b, rng, kind == "prose_amount")
                elif kind in ("restated_budget", "trap_restated_budget"):
                    edit = restated_budget(lines, b, rng, kind == "restated_budget")
                elif kind in ("prose_remainder", "trap_prose_remainder"):
                    edit = prose_remainder(lines, b, rng, kind == "prose_remainder")
                elif kind == "trap_no_levels":
                    edit = trap_no_levels(lines, b, rng, [x for x in buds if x.table_index == b.table_index])
                else:
                    edit = duplicate_row(lines, b, rng)
                if edit is None:
                    continue
                got += 1
                made.append((Variant("", path.stem, fam, edit[1]), edit[0]))
        rng = shared
    seen: dict[str, int] = {}
    for v, _ in made:
        v.id = f"{v.base[:24]}_{v.truth.kind}_{v.truth.line}"
        seen[v.id] = seen.get(v.id, 0) + 1
        if seen[v.id] > 1:
            v.id += f"_{seen[v.id]}"
        v.pdf = _draw(v.id, "pdf") == 0
        if NEW_FORMS:
            # every variant gets a second form, drawn by a producer other than the first corpus's
            # reportlab 'grid': Typst or python-docx, or reportlab in another style
            v.pdf = True
            v.style = PDF_STYLES[int(hashlib.sha1(f"{SEED}:style:{v.id}".encode()).hexdigest(), 16) % len(PDF_STYLES)]
            v.producer = PRODUCERS[_draw(v.id, "producer")]
    return made


def _draw(variant_id: str, what: str) -> int:
    """0, 1 or 2 from the variant's id and the seed: the same variant always lands the same way,
    whatever else the corpus holds."""
    return int(hashlib.sha1(f"{SEED}:{what}:{variant_id}".encode()).hexdigest(), 16) % 3


def render_pdf(text_path: Path, pdf_path: Path, style: str = "grid", producer: str = "rl") -> None:
    """The second form of a text variant: a PDF (reportlab or Typst) or a DOCX, in `style`."""
    from ingest import load
    from render_styles import STYLES, _compile_typst, _docx, _reportlab, _typst

    layout = load(text_path)
    if producer == "ty":
        _compile_typst(_typst(layout, STYLES[style]), pdf_path)
    elif producer == "docx":
        _docx(layout, STYLES[style], pdf_path)
    else:
        _reportlab(layout, STYLES[style], pdf_path)


def second_form(v: dict) -> str:
    """The file suffix of a variant's second form (a truth row)."""
    return "docx" if v.get("producer") == "docx" else "pdf"


def corpus_files(seed: int) -> tuple[Path, Path, Path]:
    """(corpus folder, truth file, split file) of the corpus made with `seed`: the seed-16 corpus
    keeps its first names; stop 8's blind corpus is seed 18 (--seed 18 --new-forms)."""
    tag = "" if seed == 16 else str(seed)
    return HERE / f"corpus{tag}", HERE / f"truth{tag}.jsonl", HERE / f"split{tag}.tsv"


def main() -> None:
    import argparse

    global SEED, NEW_FORMS
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--new-forms", action="store_true", help="the second corpus's forms, kinds and PDF styles")
    args = ap.parse_args()
    SEED, NEW_FORMS = args.seed, args.new_forms
    out_dir, truth_file, split_file = corpus_files(SEED)
    made = make()
    out_dir.mkdir(exist_ok=True)
    # a variant whose text is unchanged keeps its drawn form (drawing is most of the time);
    # files of variants no longer made are removed
    keep = {f"{v.id}.{ext}" for v, _ in made for ext in ("txt", "pdf", "docx")}
    for old in out_dir.iterdir():
        if old.name not in keep and not old.name.startswith("base_"):
            old.unlink()
    ids = [v.id for v, _ in made]
    held = {i for i in ids if _draw(i, "held") == 0}
    with split_file.open("w", encoding="utf-8") as f:
        f.write(f"# seed {SEED}: held back when sha1('{SEED}:held:' + id) % 3 == 0\n")
        for i in ids:
            f.write(f"{i}\t{'held' if i in held else 'dev'}\n")
    with truth_file.open("w", encoding="utf-8") as f:
        for v, lines in made:
            text, text_path = "\n".join(lines), out_dir / f"{v.id}.txt"
            same = text_path.exists() and text_path.read_text(encoding="utf-8") == text
            text_path.write_text(text, encoding="utf-8")
            row = asdict(v)
            drawn = out_dir / f"{v.id}.{second_form(row)}"
            if v.pdf and not (same and drawn.exists()):
                render_pdf(text_path, drawn, v.style, v.producer)
            if v.style == "grid":
                del row["style"], row["producer"]  # the first corpus's rows stay as they were
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for v, _ in made:
        kinds[v.truth.kind] = kinds.get(v.truth.kind, 0) + 1
    print(f"{len(made)} variants ({sum(v.pdf for v, _ in made)} also as PDF), {len(held)} held back")
    for k, n in sorted(kinds.items()):
        print(f"  {k:28s} {n}")


if __name__ == "__main__":
    main()
