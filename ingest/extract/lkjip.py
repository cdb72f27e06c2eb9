"""LKjIP / LKIP / LAKIP (annual performance report): every indicator table, budget lines, the
report's own kriteria scale, and the cover metadata.

A report restates its indicators in many tables (tujuan, sasaran strategis, perjanjian kinerja,
target vs realisasi, vs previous years, vs the Renstra end target, vs province/national,
efficiency, kinerja + anggaran). Each table becomes records with its caption as `section` and a
`table_role` read from what its columns hold and what its caption says, so validators can compare
the same indicator across tables. Narrative stays in the layout.
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.classify import table_role as generic_role
from ingest.columns import ColumnRole
from ingest.extract import Extraction, RawIndicator
from ingest.extract.generic import caption_before
from ingest.extract.lkjip_budget import budget_lines
from ingest.extract.lkjip_meta import YEAR, agency_of, consecutive_lines, head_paragraphs, region_of, title_case
from ingest.extract.lkjip_scale import scale_bands
from ingest.extract.tables import TableShape, indicator_rows, shape_of
from ingest.layout import Layout, Paragraph, Table

_TITLE = re.compile(r"laporan\s+(?:akuntabilitas\s+)?kinerja|\blk[ij]{1,2}p\b|\blakip\b|\blkip\b", re.I)
_BAB_ONE = re.compile(r"^(?:bab\s+(?:i|1|satu)\b|pendahuluan$)", re.I)
_SUMMARY = re.compile(r"ringkasan|ikhtisar|executive", re.I)
_CAPTION = re.compile(r"^(?:tabel|table|lampiran|matriks|matrik)\b", re.I)
_NUMBER_ONLY = re.compile(r"(?:tabel|table)\s*(?:\d+|[IVXL]+)(?:\.\d+)*\.?", re.I)
_NUMBERED = re.compile(r"^(?:tabel|table)\s*(?:\d|[IVXL]+\b)", re.I)
_FUSED_NUMBER = re.compile(r"^((?:tabel|table)\s*\d+(?:\.\d+)*)(?=[A-Za-z])", re.I)
_SCALE_WORDS = re.compile(r"skala|kriteria|kategori|interval|rentang|predikat capaian", re.I)
_ENDS_LEAD_IN = re.compile(r":\s*$")
# Caption words, checked in order when the columns alone do not decide the role.
_CAPTION_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("efisiensi", re.compile(r"efisiensi", re.I)),
    ("perbandingan_provinsi_nasional", re.compile(r"provinsi|nasional", re.I)),
    ("target_akhir_renstra", re.compile(r"akhir\s+(?:periode\s+)?renstra|periode\s+akhir|jangka\s+menengah|target\s+akhir", re.I)),
    ("perbandingan_tahun", re.compile(r"tahun\s+(?:lalu|sebelumnya)|tahun-tahun|\btren\b", re.I)),
    ("perjanjian_kinerja", re.compile(r"perjanjian\s+kinerja|penetapan\s+kinerja|\bPK\b")),
    ("tujuan", re.compile(r"\btujuan\b", re.I)),
    ("sasaran_strategis", re.compile(r"sasaran\s+strategis|\bsasaran\b", re.I)),
]


def _names(roles: list[ColumnRole]) -> set[str]:
    return {r.role for r in roles if r.role}


def _measure_years(roles: list[ColumnRole], measure: str) -> set[int]:
    return {r.year for r in roles if r.role == measure and r.year is not None}


def lkjip_table_role(roles: list[ColumnRole], caption: Optional[str], front_matter: bool) -> str:
    """What an indicator table is, from its column roles first and its caption second."""
    names = _names(roles)
    cap = caption or ""
    labels = " ".join(r.label for r in roles)
    if front_matter or _SUMMARY.search(cap):
        return "ringkasan"
    if names & {"serapan", "efisiensi"}:
        return "efisiensi"
    if names & {"realisasi_provinsi", "realisasi_nasional"}:
        return "perbandingan_provinsi_nasional"
    if names & {"anggaran_realisasi", "anggaran_capaian"} and names & {"realisasi", "capaian"}:
        return "kinerja_anggaran"
    if re.search(r"akhir|renstra", labels, re.I) or (_CAPTION_ROLES[2][1].search(cap) and "target" in names):
        return "target_akhir_renstra"
    if len(_measure_years(roles, "realisasi") | _measure_years(roles, "capaian")) > 1:
        return "perbandingan_tahun"
    for role, pattern in _CAPTION_ROLES[:4]:
        if pattern.search(cap):
            return role
    if "realisasi" in names and names & {"target", "capaian"}:
        return "realisasi_kinerja"
    if "target" in names and names & {"program", "anggaran", "penanggung_jawab"}:
        return "perjanjian_kinerja"
    for role, pattern in _CAPTION_ROLES[4:]:
        if pattern.search(cap):
            return role
    identity = next((r.label for r in roles if r.role == "sasaran"), "")
    if re.search(r"tujuan", identity, re.I):
        return "tujuan"
    return "indikator"


def _caption(layout: Layout, table: Table, max_back: int = 4) -> Optional[str]:
    """'Tabel 3.3 Realisasi Kinerja' (number and title on one or two lines, either one starting
    with 'Tabel', or fused as 'Tabel 2.2Tabel ...'); else a short lead-in line right above the
    table ('... sebagai berikut:'); else the nearest heading."""
    idx = layout.blocks.index(table)
    back: list[Paragraph] = []
    for b in reversed(layout.blocks[max(0, idx - max_back): idx]):
        if not isinstance(b, Paragraph):
            break
        back.insert(0, b)
    for j in range(len(back) - 1, -1, -1):
        text = back[j].text.strip()
        if not _CAPTION.match(text):
            continue
        if _NUMBER_ONLY.fullmatch(text) and j + 1 < len(back):
            text = f"{text} {back[j + 1].text.strip()}"
        elif not _NUMBERED.match(text) and j > 0 and _NUMBER_ONLY.fullmatch(back[j - 1].text.strip()):
            text = f"{back[j - 1].text.strip()} {text}"
        return _FUSED_NUMBER.sub(r"\1 ", text).strip()
    if back:
        text = back[-1].text.lstrip("-•* ").strip()
        if _ENDS_LEAD_IN.search(text) or (len(text) <= 160 and not text.endswith(".")):
            return text.rstrip(": ")
    return caption_before(layout, table, max_back=max_back)


def _first_body_index(layout: Layout) -> int:
    """Index of the block where the body (Bab I) starts; tables before it are front matter."""
    for i, b in enumerate(layout.blocks):
        if isinstance(b, Paragraph) and _BAB_ONE.match(b.text.strip()):
            return i
    return -1


def document_meta(layout: Layout) -> dict[str, str]:
    """title, agency, region and the report year (the year reported on, not the year printed)."""
    head = head_paragraphs(layout)
    meta: dict[str, str] = {}
    first = next((p for p in head if _TITLE.search(p.text)), None)
    if first is not None:
        run = consecutive_lines(head, first)
        title: list[str] = []
        for p in run:
            title.append(p.text)
            if YEAR.search(p.text):
                break
        meta["title"] = title_case(" ".join(title))
        m = re.search(r"tahun(?:\s+anggaran)?\s+((?:19|20)\d\d)", " ".join(title), re.I) or YEAR.search(" ".join(title))
        if m:
            meta["year"] = m.group(1)
    lines = [p.text for p in head]
    if agency := agency_of(lines):
        meta["agency"] = agency
    if region := region_of(lines):
        meta["region"] = region
    if "year" not in meta:
        for p in head:
            if _TITLE.search(p.text) and (m := re.search(r"tahun\s+((?:19|20)\d\d)", p.text, re.I)):
                meta["year"] = m.group(1)
                break
    return meta


def _is_scale(table: Table, shape: TableShape, caption: Optional[str], kind: str) -> bool:
    if kind == "scale":
        return True
    names = _names(shape.roles)
    return "kriteria" in names and not names & {"indikator", "program", "belanja"} and bool(
        _SCALE_WORDS.search(caption or "") or _SCALE_WORDS.search(" ".join(r.label for r in shape.roles))
    )


def _sasaran_measured(shape: TableShape) -> bool:
    """A table measured per sasaran without an indikator column (an efficiency or summary table
    listing sasaran with capaian and serapan) still carries records."""
    names = _names(shape.roles)
    return "sasaran" in names and bool(names & {"capaian", "realisasi", "serapan", "efisiensi"})


def _year_of(raw: RawIndicator, role: str, roles: list[ColumnRole], caption: Optional[str], report_year: Optional[int]) -> Optional[int]:
    if role == "target_akhir_renstra":
        years = _measure_years(roles, "target") | _measure_years(roles, "capaian")
        if years:
            return max(years)
        spans = [int(y) for y in YEAR.findall(caption or "")]
        return max(spans) if spans else None
    return raw.year if raw.year is not None else report_year


def extract_lkjip(layout: Layout) -> Extraction:
    out = Extraction(doc_type="lkjip")
    out.meta = document_meta(layout)
    report_year = int(out.meta["year"]) if out.meta.get("year") else None
    body_start = _first_body_index(layout)
    for table in layout.tables():
        shape = shape_of(table)
        kind = generic_role(shape.roles, table)
        caption = _caption(layout, table)
        if _is_scale(table, shape, caption, kind):
            bands = scale_bands(table, shape)
            if bands and not out.scale:
                out.scale = bands
            continue
        if kind == "budget":
            out.budget.extend(budget_lines(table, shape, caption, offset=len(out.budget)))
            continue
        if kind != "indicator" and not _sasaran_measured(shape):
            continue
        front = body_start >= 0 and layout.blocks.index(table) < body_start
        role = lkjip_table_role(shape.roles, caption, front)
        section = caption or ("Ringkasan Eksekutif" if role == "ringkasan" else None)
        identity = next((r.label for r in shape.roles if r.role == "sasaran"), "")
        level = "tujuan" if re.search(r"\btujuan\b", identity, re.I) else None
        for raw in indicator_rows(table, shape):
            raw.section = section
            raw.table_role = role
            raw.level = level
            raw.year = _year_of(raw, role, shape.roles, caption, report_year)
            out.indicators.append(raw)
    return out
