"""Rule `budget`: the printed percent recomputed from anggaran and realisasi, and realisasi above
anggaran flagged. Covers budget lines and indicator rows that print their own anggaran columns.
Money is printed to the rupiah; the percent is an interval of its printed precision."""

from __future__ import annotations

import re
from typing import Optional, Union

from schemas import BudgetLine, Finding, IndicatorRecord
from validate.context import RULES, Context
from validate.sums import budget_children
from validate.printed import fmt, money, overlaps, printed, ratio_range
from validate.report import finding, say, where


def _money(v: float) -> str:
    return fmt(v, 0)


def check_amounts(
    ctx: Context,
    rec: Union[BudgetLine, IndicatorRecord],
    anggaran: Optional[float],
    realisasi: Optional[float],
    persen: Optional[float],
    persen_text: Optional[str],
) -> list[Finding]:
    out: list[Finding] = []
    if anggaran is None or realisasi is None:
        return out
    if anggaran > 0 and realisasi > 100 * anggaran:
        return out  # amounts in different units or a figure cut by a stray space ("48. 592.221.203")
    lang = ctx.lang
    loc = where(rec, lang)
    swapped = False
    if realisasi > anggaran:
        swapped = persen is not None and anggaran > 0 and realisasi > 0 and abs(anggaran / realisasi * 100 - persen) < 0.01
        hint = say(lang, " Persentase yang dicetak cocok dengan anggaran dan realisasi yang tertukar.",
                   " The printed percent fits anggaran and realisasi swapped.") if swapped else ""
        msg = say(
            lang,
            f"Realisasi anggaran Rp {_money(realisasi)} melebihi anggaran Rp {_money(anggaran)} — {loc}.{hint}",
            f"Realisasi Rp {_money(realisasi)} exceeds anggaran Rp {_money(anggaran)} — {loc}.{hint}",
        )
        out.append(finding(ctx, "budget", "warning", rec, msg, stated=_money(realisasi), expected=f"<= {_money(anggaran)}"))
    if persen is None or anggaran <= 0 or swapped:
        return out
    p = printed(persen, persen_text)
    exact = realisasi / anggaran * 100
    rng = ratio_range(money(realisasi), money(anggaran))
    if rng is None or overlaps(rng, p.rounded()):
        return out
    severity = "info" if overlaps(rng, p.truncated()) else "error"
    shown = persen_text or fmt(persen)
    if severity == "info":
        msg = say(lang, f"Persentase {shown} adalah {fmt(exact, 4)}% yang dipotong (bukan dibulatkan) — {loc}.",
                  f"Percent {shown} is {fmt(exact, 4)}% truncated rather than rounded — {loc}.")
    else:
        msg = say(
            lang,
            f"Persentase realisasi anggaran {shown} tidak sesuai: Rp {_money(realisasi)} / Rp {_money(anggaran)} "
            f"× 100 = {fmt(exact)}% — {loc}.",
            f"Budget percent {shown} is wrong: Rp {_money(realisasi)} / Rp {_money(anggaran)} × 100 = "
            f"{fmt(exact)}% — {loc}.",
        )
    out.append(finding(ctx, "budget", severity, rec, msg, stated=shown, expected=fmt(exact)))
    return out


# '3.8000.000.000,00': a thousands group of four digits, so the value read is not the value meant
_BAD_GROUPING = re.compile(r"\d[.,]\d{4,}[.,]\d")


def _misgrouped(ctx: Context, b: BudgetLine) -> list[Finding]:
    """An amount whose digit grouping is broken cannot be trusted to any percent; say so instead."""
    bad = [t for t in (b.anggaran_text, b.realisasi_text) if t and _BAD_GROUPING.search(t)]
    return [finding(ctx, "budget", "warning", b, say(
        ctx.lang,
        f"Angka '{t}' dicetak dengan pengelompokan digit yang salah; nilainya tidak pasti — {where(b, ctx.lang)}.",
        f"The amount '{t}' is printed with broken digit grouping; its value is uncertain — {where(b, ctx.lang)}.",
    ), stated=t) for t in bad]


def _mean_of_children(b: BudgetLine, kids: list[BudgetLine]) -> bool:
    """A program percent printed as the plain mean of its kegiatan percents: a reporting convention."""
    printed_pcts = [k.persen for k in kids]
    pcts = [p for p in printed_pcts if p is not None]
    if b.persen is None or len(printed_pcts) < 2 or len(pcts) < len(printed_pcts):
        return False
    return abs(sum(pcts) / len(pcts) - b.persen) <= 0.05 + 0.5 * 10 ** -min(_decimals(k.persen_text) for k in kids)


def _decimals(text: Optional[str]) -> int:
    m = re.search(r"[.,](\d+)\s*%?\s*$", text or "")
    return len(m.group(1)) if m else 0


def rule_budget(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    kids = budget_children(ctx.budget)
    for b in ctx.budget:
        if bad := _misgrouped(ctx, b):
            out.extend(bad)
            continue
        found = check_amounts(ctx, b, b.anggaran, b.realisasi, b.persen, b.persen_text)
        if _mean_of_children(b, kids.get(b.record_id, [])):
            found = [f.model_copy(update={"severity": "info", "message": f.message + say(
                ctx.lang, " Angka itu adalah rata-rata persentase baris di bawahnya, bukan realisasi/anggaran.",
                " That figure is the mean of the percents of the lines under it, not realisasi/anggaran.")})
                for f in found if f.severity == "error"] + [f for f in found if f.severity != "error"]
        out.extend(found)
    for r in ctx.indicators:
        if r.anggaran is not None and r.anggaran_realisasi is not None:
            pct = r.anggaran_capaian if r.anggaran_capaian is not None else r.serapan
            out.extend(check_amounts(ctx, r, r.anggaran, r.anggaran_realisasi, pct, None))
    return out


RULES["budget"] = rule_budget
