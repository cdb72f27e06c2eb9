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
from dataclasses import replace
from typing import Optional

from ingest.classify import table_role as generic_role
from ingest.columns import ColumnRole
from ingest.extract import Extraction, RawIndicator
from ingest.extract.budget_lists import list_budget_lines
from ingest.extract.generic import CAPTION, caption_below
from ingest.extract.iku import number_subcolumn
from ingest.extract.lkjip_budget import budget_lines
from ingest.extract.lkjip_meta import (
    TITLE_YEAR, YEAR, agency_of, following_lines, head_paragraphs, is_running, region_of, running_lines, title_case,
)
from ingest.extract.lkjip_scale import loose_scale, paragraph_bands, scale_bands
from ingest.extract.tables import TableShape, indicator_rows, shape_of, split_tujuan
from ingest.layout import Layout, Paragraph, Table

_BAB_ONE = re.compile(r"^(?:bab\s+(?:i|1|satu)\b|pendahuluan$)", re.I)
_SUMMARY = re.compile(r"ringkasan|ikhtisar|executive", re.I)
_NUMBER_ONLY = re.compile(r"(?:tabel|table)\s*(?:\d+|[IVXL]+)(?:\.\d+)*\.?", re.I)
_NUMBERED = re.compile(r"^(?:tabel|table)\s*(?:\d|[IVXL]+\b)", re.I)
_FUSED_NUMBER = re.compile(r"^((?:tabel|table)\s*\d+(?:\.\d+)*)(?=[A-Za-z])", re.I)
_SCALE_WORDS = re.compile(r"skala|kriteria|kategori|interval|rentang|predikat capaian", re.I)
_ENDS_LEAD_IN = re.compile(r":\s*$")
_LEAD_IN_WORDS = re.compile(r"tabel|berikut|capaian|realisasi|target|anggaran|kinerja|indikator|sasaran|efisiensi", re.I)
_TITLE_START = re.compile(r"^\W*(?:laporan\s+(?:akuntabilitas\s+)?kinerja|lk[ij]{1,2}p|lakip|lkip)\b", re.I)
_YEAR_MENTION = re.compile(
    r"(?:laporan\s+(?:akuntabilitas\s+)?kinerja|\blk[ij]{1,2}p\b|\blakip\b|\blkip\b)[^.]{0,80}?\btahun\s+((?:19|20)\d\d)", re.I
)
# Caption words, checked in order when the columns alone do not decide the role.
_CAPTION_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("efisiensi", re.compile(r"efisiensi", re.I)),
    (
        "perbandingan_provinsi_nasional",  # a comparison, not an agency name ("Dinas ... Provinsi Jawa Barat")
        re.compile(
            r"(?:dengan|terhadap|versus|vs\.?)\s+(?:\w+\s+){0,3}(?:provinsi|nasional)\b|provinsi\s+dan\s+nasional"
            r"|level\s+(?:provinsi|nasional)",
            re.I,
        ),
    ),
    ("target_akhir_renstra", re.compile(r"akhir\s+(?:periode\s+)?renstra|periode\s+akhir|jangka\s+menengah|target\s+akhir", re.I)),
    ("perbandingan_tahun", re.compile(r"tahun\s+(?:lalu|sebelumnya)|tahun-tahun|\btren\b", re.I)),
    ("perjanjian_kinerja", re.compile(r"(?i:perjanjian\s+kinerja|penetapan\s+kinerja)|\bPK\b")),
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
    if len(_measure_years(roles, "target")) > 1 and not names & {"realisasi", "capaian"}:
        return "target_renstra" if re.search(r"renstra|rencana\s+strategis", cap, re.I) else "target_tahunan"
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


def _caption(layout: Layout, table: Table, running: set[str], max_back: int = 4) -> Optional[str]:
    """'Tabel 3.3 Realisasi Kinerja' (number and title on one or two lines, either one starting
    with 'Tabel', or fused as 'Tabel 2.2Tabel ...'); else a short lead-in line right above the
    table ('... sebagai berikut:'); else the nearest heading. Page headers and footers printed
    between a caption and its table are skipped."""
    idx = layout.blocks.index(table)
    back: list[Paragraph] = []
    for b in reversed(layout.blocks[max(0, idx - max_back - 2): idx]):
        if not isinstance(b, Paragraph):
            break
        if is_running(b.text, running):
            continue
        back.insert(0, b)
    back = back[-max_back:]
    for j in range(len(back) - 1, -1, -1):
        text = back[j].text.strip()
        if not CAPTION.match(text):
            continue
        if not _NUMBERED.match(text) and j > 0 and _NUMBER_ONLY.fullmatch(back[j - 1].text.strip()):
            text = f"{back[j - 1].text.strip()} {text}"
        for p in back[j + 1:]:  # the title's next line(s), or a title wrapped onto them
            if len(p.text.split()) > 14 or len(text.split()) > 30 or _ENDS_LEAD_IN.search(p.text):
                break
            text = f"{text} {p.text.strip()}"
        return _FUSED_NUMBER.sub(r"\1 ", text).strip()
    if back:
        lead = [back[-1]]
        for p in reversed(back[:-1]):  # a lead-in sentence wrapped over several printed lines
            if p.line is not None or re.search(r"[.:;]\s*$", p.text) or len(lead) >= 3:
                break
            lead.insert(0, p)
        text = " ".join(p.text.strip() for p in lead).lstrip("-•* ").strip()
        if _ENDS_LEAD_IN.search(text) or (
            len(text) <= 160 and not text.endswith(".") and _LEAD_IN_WORDS.search(text) and len(text.split()) >= 3
        ):
            return text.rstrip(": ")
    heading = next((p for p in reversed(back) if p.heading and len(p.text.split()) <= 20), None)
    return heading.text if heading else None


def _first_body_index(layout: Layout) -> int:
    """Index of the block where the body (Bab I) starts; tables before it are front matter."""
    for i, b in enumerate(layout.blocks):
        if isinstance(b, Paragraph) and _BAB_ONE.match(b.text.strip()):
            return i
    return -1


def _title_candidate(p: Paragraph) -> bool:
    return bool(_TITLE_START.search(p.text)) and len(p.text.split()) <= 14


def document_meta(layout: Layout) -> dict[str, str]:
    """title, agency, region and the report year (the year reported on, not the year printed).
    The title is the first short line naming the report (a cover line, or the running header of
    a report whose cover is an image), with the lines that continue it up to its year."""
    head = head_paragraphs(layout)
    meta: dict[str, str] = {}
    candidates = [p for p in head if _title_candidate(p)] or [p for p in layout.paragraphs() if _title_candidate(p)]
    if candidates:
        first = next((p for p in candidates if p.heading), candidates[0])
        title: list[str] = []
        for p in following_lines(list(layout.paragraphs()), first):
            title.append(p.text)
            if YEAR.search(p.text):
                break
        text = " ".join(title)
        m = TITLE_YEAR.search(text)
        if m:
            text = text[: m.end()]
            meta["year"] = m.group(1)
        meta["title"] = title_case(text)
    if "year" not in meta:  # no title line: "Laporan Kinerja ... Tahun 2016" in the text
        for p in list(layout.paragraphs())[:300]:
            if m := _YEAR_MENTION.search(p.text):
                meta["year"] = m.group(1)
                break
    lines = [p.text for p in head]
    if agency := agency_of(lines):
        meta["agency"] = agency
    if region := region_of(lines):
        meta["region"] = region
    return meta


def _is_scale(shape: TableShape, caption: Optional[str], kind: str) -> bool:
    """A kriteria table with no indicator in it, or one its caption or header calls a scale."""
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


_RENSTRA_PERIOD = re.compile(
    r"(?:renstra|rencana\s+strategis)[^.\n]{0,80}?((?:19|20)\d\d)\s*(?:[-–—]|s\.?\s*d\.?|sampai(?:\s+dengan)?)\s*((?:19|20)\d\d)",
    re.I,
)


def renstra_end(layout: Layout) -> Optional[int]:
    """The last year of the Renstra period the report names ('Renstra ... 2018-2023' -> 2023)."""
    for p in layout.paragraphs():
        if m := _RENSTRA_PERIOD.search(p.text):
            return int(m.group(2))
    return None


def _year_of(
    raw: RawIndicator, role: str, roles: list[ColumnRole], caption: Optional[str], report_year: Optional[int],
    period_end: Optional[int],
) -> Optional[int]:
    if role == "target_akhir_renstra" and not (raw.year is not None and raw.fields.keys().isdisjoint({"target", "capaian"})):
        years = _measure_years(roles, "target") | _measure_years(roles, "capaian")
        if years:
            return max(years)
        spans = [int(y) for y in YEAR.findall(caption or "")]
        return max(spans) if spans else period_end
    return raw.year if raw.year is not None else report_year


def _renstra_end_split(raw: RawIndicator, role: str, report_year: Optional[int], own_year: Optional[int]) -> list[RawIndicator]:
    """A row of a 'Realisasi 2022 | Target Akhir Renstra' table is two records: the realisasi of its
    own year, and the Renstra-end target of the end year (keeping the realisasi its capaian was
    computed from). Only the end column's record gets the end year."""
    f = raw.fields
    realisasi_year = own_year if own_year is not None and own_year != raw.year else report_year
    if role != "target_akhir_renstra" or not (f.get("target") and f.get("realisasi")) or realisasi_year in (None, raw.year):
        return [raw]
    done = {k: v for k, v in f.items() if k not in ("target", "capaian")}
    return [replace(raw, fields=done, year=realisasi_year), raw]


def extract_lkjip(layout: Layout) -> Extraction:
    out = Extraction(doc_type="lkjip")
    out.meta = document_meta(layout)
    report_year = int(out.meta["year"]) if out.meta.get("year") else None
    body_start = _first_body_index(layout)
    running = running_lines(layout)
    period_end = renstra_end(layout)
    for table in layout.tables():
        shape = shape_of(table)
        kind = generic_role(shape.roles, table)
        caption = _caption(layout, table, running)
        if not (caption and CAPTION.match(caption)):
            caption = caption_below(layout, table) or caption
        if _is_scale(shape, caption, kind) and (bands := scale_bands(table, shape)):
            out.scale = out.scale or bands  # the first scale printed is the report's
            continue
        if kind in ("kv", "other") and not out.scale and (bands := loose_scale(table)):
            out.scale = bands
            continue
        if kind == "budget":
            out.budget.extend(budget_lines(table, shape, caption, offset=len(out.budget)))
            continue
        if kind != "indicator" and not _sasaran_measured(shape):
            continue
        number_subcolumn(table, shape)
        _repeated_measures(shape.roles)
        front = body_start >= 0 and layout.blocks.index(table) < body_start
        role = lkjip_table_role(shape.roles, caption, front)
        section = caption or ("Ringkasan Eksekutif" if role == "ringkasan" else None)
        has_tujuan = split_tujuan(shape.roles)
        identity = next((r.label for r in shape.roles if r.role == "sasaran"), "")
        level = "tujuan" if re.search(r"\btujuan\b", identity, re.I) else None
        for raw in _labelled_rows(indicator_rows(table, shape, carry=("sasaran", "tujuan") if has_tujuan else ("sasaran",))):
            raw.section = section
            raw.table_role = role
            raw.level = raw.level or level
            own_year = raw.year
            raw.year = _year_of(raw, role, shape.roles, caption, report_year, period_end)
            out.indicators.extend(_renstra_end_split(raw, role, report_year, own_year))
    if not out.scale:
        out.scale = paragraph_bands(layout)
    out.budget.extend(list_budget_lines(layout, offset=len(out.budget)))  # lists printed without rules
    return out


def _repeated_measures(roles: list[ColumnRole]) -> None:
    """Two columns of the same measure and year ('Realisasi 2022 | Realisasi Daerah'): the first is
    the measure; a later one is the comparison its header names (provinsi, nasional), else a note,
    so two printed values are never glued into one."""
    seen: dict[str, set[Optional[int]]] = {}
    for r in roles:
        if r.role not in ("target", "realisasi", "capaian"):
            continue
        years = seen.setdefault(r.role, set())
        if years and (r.year in years or r.year is None or None in years):
            if re.search(r"prov", r.label, re.I):
                r.role = "realisasi_provinsi"
            elif re.search(r"nasional", r.label, re.I):
                r.role = "realisasi_nasional"
            else:
                r.role = "keterangan"
            continue
        years.add(r.year)


_ROW_LABEL = re.compile(r"^\s*(tujuan|sasaran(?:\s+strategis)?|program|kegiatan|sub\s*kegiatan)\s*:\s*", re.I)


def _labelled_rows(rows: list[RawIndicator]) -> list[RawIndicator]:
    """Rows whose first column says what they are ('Sasaran : ...', 'Program : ...' in a kinerja and
    anggaran table): a program row keeps the sasaran above it and names its program; a tujuan
    column becomes the sasaran's parent."""
    current: Optional[str] = None
    for raw in rows:
        f = raw.fields
        if "tujuan" in f:
            raw.parent_sasaran = f.pop("tujuan")
        m = _ROW_LABEL.match(f.get("sasaran", ""))
        if not m:
            continue
        kind = m.group(1).lower()
        text = f["sasaran"][m.end():].strip()
        if kind.startswith(("program", "kegiatan", "sub")):
            f.setdefault("program", f["sasaran"])
            if current:
                f["sasaran"] = current
            else:
                f.pop("sasaran")
        else:
            current = f["sasaran"] = text
            if kind == "tujuan":
                raw.level = "tujuan"
    return rows
