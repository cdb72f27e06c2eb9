"""Fallback extractor: every indicator table, captioned by the text printed just above it.

Used for document types without a family extractor (PK, Renstra, unknown), so no document that
prints an indicator table yields nothing; its budget tables (program | anggaran) give budget lines.
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.classify import table_role, title_of
from ingest.extract import Extraction, RawIndicator
from ingest.extract.lkjip_budget import budget_lines
from ingest.extract.lkjip_meta import agency_of, head_paragraphs, region_of
from ingest.extract.tables import shape_of, split_tujuan, tiered_rows
from ingest.layout import Layout, Paragraph, Table

# "Program ..." printed in the tujuan/sasaran column of a Renstra or PK table: a program row under
# the sasaran above it, not a new sasaran.
_PROGRAM_ROW = re.compile(r"^\s*(program|kegiatan|sub\s*-?\s*kegiatan)\b", re.I)
CAPTION = re.compile(r"^(tabel|table|lampiran|matriks|matrik)\b", re.I)  # a line that names a table
_NUMBERED = re.compile(r"^(?:tabel|table)\s*(?:\d|[IVXL]+\b)", re.I)
_FUSED_NUMBER = re.compile(r"^((?:tabel|table)\s*\d+(?:\.\d+)*)(?=[A-Za-z])", re.I)
_BAB = re.compile(r"^bab\s+(?:[IVX]+|\d+)\b", re.I)
_BARE_CAPTION = re.compile(r"(tabel|table|lampiran)\s*[\w.]*", re.I)
# "Perjanjian Kinerja Tahun 2025": one year; "Tahun 2025-2029" names a period, not a year.
_SINGLE_YEAR = re.compile(r"\btahun(?:\s+anggaran)?\s+((?:19|20)\d\d)\b(?!\s*(?:[-–—/]|s\.?\s*d|sampai))", re.I)


def caption_before(layout: Layout, table: Table, max_back: int = 3) -> Optional[str]:
    """The caption of a table: the nearest 'Tabel ...' line above it (joined with the line after
    it when the number and the title are printed on two lines), else the nearest heading with
    the heading lines printed right above it."""
    idx = layout.blocks.index(table)
    back = layout.blocks[max(0, idx - max_back): idx]
    for j in range(len(back) - 1, -1, -1):
        b = back[j]
        if not isinstance(b, Paragraph):
            break
        if CAPTION.match(b.text):
            text = b.text
            nxt = back[j + 1] if j + 1 < len(back) else None
            if _BARE_CAPTION.fullmatch(text.strip()) and isinstance(nxt, Paragraph):
                text = f"{text} {nxt.text}"
            return text
    for k in range(len(back) - 1, -1, -1):
        b = back[k]
        if not isinstance(b, Paragraph):
            break
        if b.heading:
            run = [b]
            for q in reversed(back[:k]):
                if not (isinstance(q, Paragraph) and q.heading and q.line is not None and run[0].line == q.line + 1):
                    break
                run.insert(0, q)
            return " ".join(q.text for q in run)
    return None


def caption_below(layout: Layout, table: Table) -> Optional[str]:
    """A numbered caption printed under the table ('Tabel 2.1. Perjanjian Kinerja ...'), for a table
    with none above it. A caption followed by another table is that table's, not this one's."""
    idx = layout.blocks.index(table)
    after = layout.blocks[idx + 1:]
    if not after or not isinstance(after[0], Paragraph) or not _NUMBERED.match(after[0].text.strip()):
        return None
    for b in after[1:]:  # the caption's own table would follow before a new caption, chapter or prose
        if isinstance(b, Table):
            return None
        if _NUMBERED.match(b.text.strip()) or _BAB.match(b.text.strip()) or len(b.text.split()) > 20:
            break
    return _FUSED_NUMBER.sub(r"\1 ", after[0].text.strip()).strip()


def document_meta(layout: Layout) -> dict[str, str]:
    """title, agency, region, and the year when the title names one year."""
    meta: dict[str, str] = {}
    lines = [p.text for p in head_paragraphs(layout, max_blocks=30)]
    if agency := agency_of(lines):
        meta["agency"] = agency
    if region := region_of(lines):
        meta["region"] = region
    title = title_of(layout) or ""
    if m := _SINGLE_YEAR.search(title):
        meta["year"] = m.group(1)
    return meta


def extract_generic(layout: Layout, doc_type: str = "unknown") -> Extraction:
    out = Extraction(doc_type=doc_type)
    out.meta = document_meta(layout)
    for table in layout.tables():
        shape = shape_of(table)
        role = table_role(shape.roles, table)
        section = caption_before(layout, table)
        if not (section and CAPTION.match(section)):
            section = caption_below(layout, table) or section
        if role == "budget":
            out.budget.extend(budget_lines(table, shape, section, offset=len(out.budget)))
            continue
        if role != "indicator":
            continue
        has_tujuan = split_tujuan(shape.roles)
        for raw in _program_rows(tiered_rows(table, shape, carry=("sasaran", "tujuan") if has_tujuan else ("sasaran",))):
            raw.section = section
            raw.table_role = role
            out.indicators.append(raw)
    return out


def _program_rows(rows: list[RawIndicator]) -> list[RawIndicator]:
    """A tujuan column becomes the parent of the sasaran; a row whose tujuan or sasaran cell names
    a program (kegiatan) is that program's indicator under the sasaran printed above it."""
    sasaran: Optional[str] = None
    tujuan: Optional[str] = None
    for raw in rows:
        f = raw.fields
        named = next(((k, m) for k in ("tujuan", "sasaran") if (m := _PROGRAM_ROW.match(f.get(k, "")))), None)
        if named is not None and not f.get("program"):
            f["program"] = f.pop(named[0])
            raw.level = named[1].group(1).lower().replace(" ", "_").replace("-", "")
            if sasaran is not None:
                f["sasaran"] = sasaran
            else:
                f.pop("sasaran", None)
            if tujuan is not None:
                f["tujuan"] = tujuan
        else:
            sasaran, tujuan = f.get("sasaran"), f.get("tujuan")
        if "tujuan" in f:
            raw.parent_sasaran = f.pop("tujuan")
    return rows
