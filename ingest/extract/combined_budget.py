"""Budget lines from combined kinerja + anggaran tables.

Many LKjIP, Renja and Rencana Aksi tables print a row's indicator and target beside its Pagu /
Realisasi Anggaran. The row is read as an indicator record (its anggaran kept on it) and gives a
budget line as well, so budget totals do not depend on the table's shape. The line is named by the
row's innermost printed program/kegiatan cell. A row with no program cell names its line by its
indikator, but only in a document with no budget table of its own: where there is one, the
indicator's amount is the same money grouped another way. One amount merged over several indicator
rows is one line, and a line a budget table already gave (same name or same amount) is not repeated.
"""

from __future__ import annotations

import re

from ingest.extract import Extraction, RawBudget, RawIndicator

# A printed amount of money: "Rp 1.234.567", "1,050,000,000", "3.600.000.000,-", "1.234,5 juta".
_MONEY = re.compile(
    r"^(?:R[pP]\.?\s*)?(?:\d{1,3}(?:[.,]\s?\d{3})+|\d{6,})(?:[.,]\d{1,2})?(?:,-+|\s?-)?(?:\s+(?:ribu|juta|miliar|milyar))?$")
_LEVEL = re.compile(r"^\s*(sub\s*-?\s*kegiatan|kegiatan|program)\b", re.I)
_BULLET = re.compile(r"^\s*[-•*]+\s*")  # "- RTM OPD ...": a list dash, not part of the name
_LABELLED = re.compile(r"^\s*(?:sub\s*-?\s*kegiatan|kegiatan|program)\s*:\s*", re.I)  # "Kegiatan : X" names X


def _digits(text: str) -> str:
    return re.sub(r"\D", "", re.sub(r",-+$|,00$", "", text.strip()))


def _plain(name: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", _LABELLED.sub("", name).lower()).split())


def _level_of(raw: RawIndicator, name: str) -> str | None:
    if raw.level in ("program", "kegiatan", "sub_kegiatan"):
        return raw.level
    if m := _LEVEL.match(name):
        word = re.sub(r"\W", "", m.group(1).lower())
        return "sub_kegiatan" if word.startswith("sub") else word
    return None


def with_combined_budget(extraction: Extraction) -> Extraction:
    """Add a budget line for every indicator row that prints an amount of money no budget line
    carries yet."""
    own_budget = bool(extraction.budget)
    amounts = {_digits(b.anggaran) for b in extraction.budget if b.anggaran.strip()}
    names = {_plain(b.name) for b in extraction.budget}
    lines: list[RawBudget] = []
    for raw in extraction.indicators:
        amount = raw.fields.get("anggaran", "").strip()
        program = raw.fields.get("program", "").strip()
        name = program or ("" if own_budget else raw.fields.get("indikator", "").strip())
        if not name or not _MONEY.match(amount) or _digits(amount) in amounts or _plain(name) in names:
            continue
        amounts.add(_digits(amount))
        extra = {k: raw.fields[k] for k in ("sasaran",) if raw.fields.get(k)}
        if program and raw.fields.get("indikator"):
            extra["indikator"] = raw.fields["indikator"]
        if raw.year is not None:
            extra["year"] = str(raw.year)
        realisasi, persen = raw.fields.get("anggaran_realisasi", ""), raw.fields.get("anggaran_capaian", "")
        if not realisasi and _MONEY.match(spent := raw.fields.get("realisasi", "").strip()):
            # "Anggaran | Realisasi | Capaian" with money in both: the realisasi is the money spent
            realisasi, persen = spent, persen or raw.fields.get("capaian", "")
        lines.append(RawBudget(
            name=_BULLET.sub("", _LABELLED.sub("", name) if ":" in name[:20] else name),
            prov=raw.prov.model_copy(),
            level=_level_of(raw, name) if program else None,
            anggaran=amount,
            realisasi=realisasi,
            persen=persen or raw.fields.get("serapan", ""),
            section=raw.section,
            extra=extra,
        ))
    extraction.budget.extend(lines)
    return extraction
