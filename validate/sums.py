"""Rule `sums`: a parent figure against the sum of its children, with interval logic.

- budget trees: program <- kegiatan <- sub kegiatan, belanja operasi <- pegawai + barang/jasa,
  totals <- the top-level lines (links from the extractor, else inferred from printed order);
- efficiency columns: whichever formula most rows of the table follow (capaian − serapan, or a
  ratio); only rows off that formula are reported, and nothing when no formula dominates; a
  negative efficiency printed as 0 follows the formula;
- evaluation tables (komponen / bobot / nilai): components against the total score, and the
  predikat against the SAKIP thresholds;
- calculations written in a cell and growth columns (validate.arithmetic).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Callable, Optional

from ingest.layout import Row, Table
from normalize.numbers import parse_quantity, parse_rupiah
from schemas import BudgetLine, Finding, IndicatorRecord
from validate.context import RULES, Context
from validate.printed import Printed, fmt, interval_sum, money, overlaps, printed, ratio_range
from validate.report import finding, say, text_finding, where
from validate.structure import adjacent_duplicates

_RANK: dict[Optional[str], int] = {"program": 0, "kegiatan": 1, "sub_kegiatan": 2}
_LETTERED = re.compile(r"^\s*[a-z][.)]\s+", re.I)
_LEVEL_NAME = {
    "program": ("program", "program"), "kegiatan": ("kegiatan", "kegiatan"),
    "sub_kegiatan": ("sub kegiatan", "sub kegiatan"), "belanja": ("rincian belanja", "belanja lines"),
    "total": ("baris", "lines"),
}


_MARKER = re.compile(r"(?i)(^|\t)\s*(\d+[.)]?\s*)?(program|kegiatan|sub\s*kegiatan)\b")


def _unmarked(lines: list[BudgetLine]) -> bool:
    """A program / kegiatan table that prints no level: no 'Program'/'Kegiatan' word, no code.
    Its levels (and the extractor's links) are guesses, so the tree is taken from its sums."""
    return bool(lines) and all(b.level in ("program", "kegiatan", "sub_kegiatan", "total", None) for b in lines) and \
        not any(b.code or _MARKER.search(b.source_text) for b in lines)


def tree_from_sums(lines: list[BudgetLine]) -> dict[str, list[BudgetLine]]:
    """The tree whose anggaran sums hold, in printed order: a line is a parent when the lines
    after it (each with its own subtree) add up to it to the rupiah; otherwise it is a leaf. Lines
    that fit no tree stay flat, with no sum to check."""
    found: dict[str, list[BudgetLine]] = {}
    memo: dict[int, tuple[int, dict[str, list[BudgetLine]]]] = {}

    def subtree(i: int) -> tuple[int, dict[str, list[BudgetLine]]]:
        if i not in memo:
            memo[i] = _subtree(i)
        return memo[i]

    def _subtree(i: int) -> tuple[int, dict[str, list[BudgetLine]]]:
        top = lines[i].anggaran
        if top is None or top <= 0:
            return i + 1, {}
        k, acc, kids, links = i + 1, 0.0, [], {}
        while k < len(lines) and acc < top - 0.5:
            amount = lines[k].anggaran
            if amount is None:
                break
            nxt, sub = subtree(k)
            kids.append(lines[k])
            links.update(sub)
            acc += amount
            k = nxt
        if kids and abs(acc - top) < 0.5:
            links[lines[i].record_id] = kids
            return k, links
        return i + 1, {}

    i = 0
    while i < len(lines):
        i, links = subtree(i)
        found.update(links)
    return found


def budget_children(lines: list[BudgetLine]) -> dict[str, list[BudgetLine]]:
    """parent record id -> children. A table that prints no level gets the tree its sums imply
    (tree_from_sums). Otherwise the extractor's links; a table without any links gets its
    tree from printed order (program, then its kegiatan, then their sub kegiatan; 'a.'/'b.' belanja
    lines under the belanja line above them; a total over the table's top-level lines)."""
    children: dict[str, list[BudgetLine]] = defaultdict(list)
    by_table: dict[Optional[int], list[BudgetLine]] = defaultdict(list)
    for b in lines:
        by_table[b.table_index].append(b)
    repeats = {b.record_id for _, b in adjacent_duplicates(lines)}  # a row printed twice counts once
    for table_lines in by_table.values():
        table_lines = [b for b in table_lines if b.record_id not in repeats]
        if _unmarked(table_lines):
            for pid, kids in tree_from_sums([b for b in table_lines if b.level != "total"]).items():
                children[pid] = kids
        elif any(b.parent_record_id for b in table_lines):
            for b in table_lines:
                if b.parent_record_id:
                    children[b.parent_record_id].append(b)
        else:
            stack: list[BudgetLine] = []
            head: Optional[BudgetLine] = None
            for b in table_lines:
                if b.level in _RANK:
                    while stack and _RANK[stack[-1].level] >= _RANK[b.level]:
                        stack.pop()
                    if stack:
                        children[stack[-1].record_id].append(b)
                    stack.append(b)
                elif b.level == "belanja":
                    if _LETTERED.match(b.name) and head is not None:
                        children[head.record_id].append(b)
                    else:
                        head = b
        totals = [b for b in table_lines if b.level == "total"]
        if len(totals) == 1:
            linked = {c.record_id for cs in children.values() for c in cs}
            top = [b for b in table_lines if b.level != "total" and b.record_id not in linked and not b.parent_record_id]
            if top:
                children[totals[0].record_id] = top
    return children


_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?(?:,-)?")  # '203,280,000', '1.544.000.000,-'


def _cell_amounts(value: Optional[float], text: Optional[str]) -> list[Printed]:
    """The amounts a budget cell prints: one, or several when the reader merged the cells of
    consecutive rows into one ('617,072,500 203,280,000 83,625,000'): each row's line then counts."""
    if value is None:
        return []
    pieces = (text or "").split()
    if len(pieces) > 1 and all(_GROUPED.fullmatch(t) for t in pieces):
        amounts = [parse_rupiah(t).value for t in pieces]
        known = [a for a in amounts if a is not None]
        if len(known) == len(amounts) and abs(known[0] - value) < 0.5:
            return [money(a, t) for a, t in zip(known, pieces)]
    return [money(value, text)]


def _check_budget_sums(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    lang = ctx.lang
    by_id = {b.record_id: b for b in ctx.budget}
    for pid, kids in budget_children(ctx.budget).items():
        parent = by_id.get(pid)
        if parent is None or not kids:
            continue
        for field, text_field, word in (("anggaran", "anggaran_text", "Anggaran"), ("realisasi", "realisasi_text", "Realisasi")):
            value = getattr(parent, field)
            parts = [_cell_amounts(getattr(k, field), getattr(k, text_field)) for k in kids]
            if value is None or any(not ps for ps in parts):
                continue
            vals = [sum(x.value for x in ps) for ps in parts]
            p = money(value, getattr(parent, text_field))
            total = interval_sum(x for ps in parts for x in ps)
            if overlaps(total, p.rounded()):
                continue
            s = sum(vals)
            if value > 0 and not 0.5 <= s / value <= 2:
                continue  # parts half or twice the whole and more: a tree misread, not a slip in the sum
            if parent.level == "total" and len(kids) > 1 and value > 0:
                if max(vals) >= value or (s / value >= 1.99 and abs(s / value - round(s / value)) < 0.01):
                    continue  # subtotals listed with their items (a part as large as the whole, or twice it)
            level = kids[0].level if len({k.level for k in kids}) == 1 else "total"
            what_id, what_en = _LEVEL_NAME.get(level or "total", ("baris", "lines"))
            msg = say(
                lang,
                f"{word} '{parent.name}' Rp {fmt(value, 0)} tidak sama dengan jumlah {len(kids)} {what_id} di "
                f"bawahnya Rp {fmt(s, 0)} (selisih Rp {fmt(value - s, 0)}) — {where(parent, lang)}.",
                f"{word} of '{parent.name}' Rp {fmt(value, 0)} is not the sum of its {len(kids)} {what_en} "
                f"Rp {fmt(s, 0)} (difference Rp {fmt(value - s, 0)}) — {where(parent, lang)}.",
            )
            out.append(finding(ctx, "sums", "error", parent, msg, stated=fmt(value, 0), expected=fmt(s, 0), evidence=kids,
                               at_role="total", evidence_role="part", figures=(field,)))
    return out


# --- efficiency -----------------------------------------------------------------------------

def _diff(c: Printed, s: Printed) -> tuple[float, float]:
    a, b = c.rounded()
    x, y = s.rounded()
    return a - y, b - x


def _one_minus(c: Printed, s: Printed) -> Optional[tuple[float, float]]:
    r = ratio_range(s, c)
    return (100 - r[1], 100 - r[0]) if r else None


_EFF_FORMS: dict[str, tuple[Callable[[Printed, Printed], Optional[tuple[float, float]]], str, Callable[[float, float], float]]] = {
    "c-s": (_diff, "capaian − serapan", lambda c, s: c - s),
    "c/s": (lambda c, s: ratio_range(c, s), "capaian / serapan × 100", lambda c, s: c / s * 100 if s else float("nan")),
    "1-s/c": (_one_minus, "(1 − serapan / capaian) × 100", lambda c, s: (1 - s / c) * 100 if c else float("nan")),
}


def _check_efficiency(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    lang = ctx.lang
    # each row with its capaian, serapan and efisiensi (all printed)
    tables: dict[Optional[int], list[tuple[IndicatorRecord, float, float, float]]] = defaultdict(list)
    for r in ctx.indicators:
        if r.capaian is not None and r.serapan is not None and r.efisiensi is not None:
            tables[r.table_index].append((r, r.capaian, r.serapan, r.efisiensi))
    for rows in tables.values():
        fits: dict[str, set[str]] = {}
        for name, (fn, _, _) in _EFF_FORMS.items():
            ok = set()
            for r, capaian, serapan, efisiensi in rows:
                rng = fn(printed(capaian, r.capaian_text), printed(serapan))
                if rng and (overlaps(rng, printed(efisiensi).rounded()) or (efisiensi == 0 and rng[1] <= 0)):
                    ok.add(r.record_id)  # a negative efficiency is printed as 0 by many reports
            fits[name] = ok
        best = max(fits, key=lambda k: len(fits[k]))
        if len(fits[best]) < 2 or len(fits[best]) * 2 <= len(rows):
            continue  # no formula explains most rows: the table is not read well enough to judge
        _, label, point = _EFF_FORMS[best]
        for r, capaian, serapan, efisiensi in rows:
            if r.record_id in fits[best]:
                continue
            exp = point(capaian, serapan)
            msg = say(
                lang,
                f"Efisiensi {fmt(efisiensi)}% tidak sesuai dengan rumus yang dipakai tabel ini ({label}): "
                f"{fmt(capaian)} dan {fmt(serapan)} memberi {fmt(exp)}% — {where(r, lang)}.",
                f"Efficiency {fmt(efisiensi)}% does not follow the formula this table uses ({label}): "
                f"{fmt(capaian)} and {fmt(serapan)} give {fmt(exp)}% — {where(r, lang)}.",
            )
            out.append(finding(ctx, "sums", "error", r, msg, stated=fmt(efisiensi), expected=fmt(exp)))
    return out


# --- evaluation (komponen / bobot / nilai) tables ------------------------------------------------

_TOTAL_LABEL = re.compile(r"^(nilai( akhir| total)?|total( nilai)?|jumlah( nilai)?|skor( akhir)?)$", re.I)
_PREDIKAT_LABEL = re.compile(r"^predikat$", re.I)
# SAKIP predikat thresholds (lower bounds exclusive): AA > 90, A > 80, BB > 70, B > 60, CC > 50, C > 30
_PREDIKAT = [(90, "AA"), (80, "A"), (70, "BB"), (60, "B"), (50, "CC"), (30, "C"), (float("-inf"), "D")]


def predikat_of(score: float) -> str:
    return next(p for limit, p in _PREDIKAT if score > limit)


def _numbers(row: Row) -> list[tuple[float, str]]:
    out = []
    for c in row.cells:
        t = c.text.strip()
        if not t or not re.fullmatch(r"[\d.,]+\s*%?", t):
            continue
        q = parse_quantity(t, unit_hint="nilai")
        if q.value is not None:
            out.append((q.value, t))
    return out


def _labels(row: Row) -> list[str]:
    return [c.text.strip() for c in row.cells if c.text.strip() and not re.fullmatch(r"[\d.,]+\s*%?", c.text.strip())]


def _is_evaluation_table(table: Table) -> bool:
    head = " ".join(c.text.lower() for r in table.rows[:2] for c in r.cells)
    return "komponen" in head and ("bobot" in head or "nilai" in head)


def _check_evaluation(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    if ctx.layout is None:
        return out
    lang = ctx.lang
    for table in ctx.layout.tables():
        if not _is_evaluation_table(table):
            continue
        parts: list[tuple[float, str]] = []
        total: Optional[tuple[Row, int, float, str]] = None
        for i, row in enumerate(table.rows[1:], start=1):
            nums, labels = _numbers(row), _labels(row)
            if len(labels) == 1 and _TOTAL_LABEL.match(labels[0]) and len(nums) == 1:
                total = (row, i, *nums[0])
            elif labels and len(nums) >= 1 and total is None and not any(_PREDIKAT_LABEL.match(x) for x in labels):
                parts.append(nums[-1])
        if total is None or len(parts) < 2:
            continue
        row, idx, value, text = total
        p = printed(value, text)
        rng = interval_sum(printed(v, t) for v, t in parts)
        s = sum(v for v, _ in parts)
        if not overlaps(rng, p.rounded()):
            msg = say(
                lang,
                f"Nilai total {text} tidak sama dengan jumlah {len(parts)} komponen {fmt(s)} — tabel evaluasi "
                f"(hlm. {row.page}, baris {row.line}).",
                f"Total score {text} is not the sum of its {len(parts)} components {fmt(s)} — evaluation table "
                f"(p. {row.page}, line {row.line}).",
            )
            out.append(text_finding(ctx, "sums", "error", page=row.page, line=row.line, source_text=row.source_text,
                                    message=msg, stated=text, expected=fmt(s), table_index=table.index, row_index=idx))
        for j, prow in enumerate(table.rows[idx + 1:], start=idx + 1):
            labels = _labels(prow)
            if len(labels) == 2 and _PREDIKAT_LABEL.match(labels[0]):
                stated = labels[1].upper()
                lo, hi = p.rounded()
                allowed = {predikat_of(lo), predikat_of(hi), predikat_of(value)}
                if stated in {x for _, x in _PREDIKAT} and stated not in allowed:
                    msg = say(
                        lang,
                        f"Predikat {stated} tidak sesuai dengan nilai {text}: seharusnya {predikat_of(value)} "
                        f"(AA > 90, A > 80, BB > 70, B > 60, CC > 50, C > 30) — hlm. {prow.page}, baris {prow.line}.",
                        f"Predikat {stated} does not match score {text}: it should be {predikat_of(value)} "
                        f"(AA > 90, A > 80, BB > 70, B > 60, CC > 50, C > 30) — p. {prow.page}, line {prow.line}.",
                    )
                    out.append(text_finding(ctx, "sums", "error", page=prow.page, line=prow.line,
                                            source_text=prow.source_text, message=msg, stated=stated,
                                            expected=predikat_of(value), table_index=table.index, row_index=j))
    return out


def rule_sums(ctx: Context) -> list[Finding]:
    from validate.arithmetic import check_cell_arithmetic, check_growth

    return (_check_budget_sums(ctx) + _check_efficiency(ctx) + _check_evaluation(ctx) + check_cell_arithmetic(ctx)
            + check_growth(ctx))


RULES["sums"] = rule_sums
