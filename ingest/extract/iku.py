"""IKU decree (Keputusan / Peraturan ... tentang Penetapan Indikator Kinerja Utama): the Lampiran
table(s) as indicator records, and the decree's nomor, tahun, tanggal, agency and region.

Lampiran layouts differ: a sasaran column whose merged cells leave later rows empty (carried
down), or sasaran printed as a spanning group row ("Sasaran Strategis 1 : ...") above numbered
indicator rows; definisi, formula, sumber data, penanggung jawab and sometimes yearly targets.
Rows cut by a page break are joined by the shared table reading (`tables.data_rows`).
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.classify import table_role
from ingest.extract import Extraction, RawIndicator
from ingest.extract.generic import caption_before
from ingest.extract.org_units import agency_unit, government_unit, named_unit
from ingest.extract.lkjip_meta import TITLE_YEAR, YEAR, agency_of, following_lines, head_paragraphs, region_of, title_case
from ingest.extract.tables import TableShape, indicator_rows, shape_of
from ingest.layout import Layout, Paragraph, Row, Table

_DECREE = re.compile(r"^(?:KEPUTUSAN|PERATURAN|SURAT\s+KEPUTUSAN)\b", re.I)
_NOMOR = re.compile(r"\bNOMOR\s*:?\s*(.+?)\s*(?=\bTENTANG\b|$)", re.I)
_ISSUER = re.compile(r"^(?:KEPALA|PLT\.?\s+KEPALA|BUPATI|WALI\s*KOTA|GUBERNUR|SEKRETARIS|INSPEKTUR|CAMAT|DIREKTUR)\b", re.I)
_PREAMBLE = re.compile(r"^[-•\s]*(?:menimbang|mengingat|memperhatikan|memutuskan|menetapkan|dengan\s+rahmat)\b", re.I)
_IKU_TITLE = re.compile(r"indikator\s+kinerja\s+utama", re.I)
_NOMOR_TAHUN = re.compile(r"^(\S+)\s+TAHUN\s+((?:19|20)\d\d)$", re.I)
_TENTANG = re.compile(r"^\s*TENTANG\s*:?\s*(.*)$", re.I)
_MONTHS = (
    r"januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember"
)
_DATE = re.compile(rf"\b(\d{{1,2}}\s+(?:{_MONTHS})\s+(?:19|20)\d\d|\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)\d\d)\b", re.I)
_SIGNED = re.compile(r"(?:pada\s+)?tanggal\s*:?\s*", re.I)
_ENACTED = re.compile(r"ditetapkan\s+di", re.I)
_GROUP = re.compile(
    r"^\s*(?:(?:sasaran|tujuan)(?:\s+(?:strategis|program|kegiatan|kinerja))?\s*(?:\d+|[IVX]+)?\s*[:.)-]?\s*"
    r"|(?:[IVX]{1,4}|[A-Z])[.)]\s+)",
    re.I,
)


def decree_meta(layout: Layout) -> dict[str, str]:
    """nomor, tahun, tanggal, agency, region and title, from the decree's opening and signature.
    A Lampiran printed without its decree still gives its title, year, agency and region."""
    head = head_paragraphs(layout, max_blocks=80)
    meta: dict[str, str] = {}
    first = next((p for p in head if _DECREE.match(p.text)), None)
    if first is not None:
        parts = _decree_heading(head[head.index(first):])
        meta["title"] = " ".join(parts)
        if m := _NOMOR.search(meta["title"]):
            meta["nomor"] = _nomor_text(m.group(1))
    else:
        lampiran = next((p for p in head if _IKU_TITLE.search(p.text) and len(p.text.split()) <= 20), None)
        if lampiran is not None:
            title = " ".join(p.text for p in following_lines(head, lampiran, max_lines=4))
            if m := TITLE_YEAR.search(title):
                meta["tahun"] = m.group(1)
                title = title[: m.end()]
            meta["title"] = title
    if "nomor" in meta:
        m = _NOMOR_TAHUN.match(meta["nomor"]) or YEAR.search(meta["nomor"])
        if m:
            meta["tahun"] = m.group(m.lastindex or 0)
    tanggal = _signed_date(layout)
    if tanggal:
        meta["tanggal"] = tanggal
        if "tahun" not in meta and (y := YEAR.search(tanggal)):
            meta["tahun"] = y.group(1)
    if "tahun" in meta:
        meta["year"] = meta["tahun"]
    lines = [p.text for p in head]
    if agency := agency_of(lines):
        meta["agency"] = agency
    if region := region_of(lines):
        meta["region"] = region
    return meta


def _decree_heading(paragraphs: list[Paragraph]) -> list[str]:
    """'KEPUTUSAN ... NOMOR ... TENTANG ...' up to the issuer line or the considerations."""
    parts: list[str] = []
    after = 0  # lines printed after TENTANG
    for p in paragraphs[:14]:
        text = p.text.strip()
        if _PREAMBLE.match(text) or (after and _ISSUER.match(text)):
            break
        parts.append(text)
        if _TENTANG.match(text):
            after = 1
        elif after:
            after += 1
            if after > 5:
                break
    return parts


def _nomor_text(printed: str) -> str:
    """'17 TAHUN 2023' -> '17 Tahun 2023'; any other numbering is kept as printed."""
    m = _NOMOR_TAHUN.match(printed.strip())
    return f"{m.group(1)} Tahun {m.group(2)}" if m else printed.strip()


def _signed_date(layout: Layout) -> Optional[str]:
    """The date after 'Ditetapkan di ...' ('Pada Tanggal : 8 Mei 2023'), else the first
    'tanggal ...' date printed."""
    paragraphs = list(layout.paragraphs())
    for i, p in enumerate(paragraphs):
        if _ENACTED.search(p.text):
            for q in paragraphs[i: i + 4]:
                if (m := _DATE.search(q.text)) and (_SIGNED.search(q.text) or q is p):
                    return m.group(1)
    for p in paragraphs:
        if _SIGNED.search(p.text) and (m := _DATE.search(p.text)):
            return m.group(1)
    return None


def _group_rows(table: Table, shape: TableShape) -> dict[int, str]:
    """Sasaran printed as a spanning row (one filled cell, labelled 'Sasaran ...', numbered I. / A.,
    or words where the row numbers are printed) in a table without a sasaran column: row index ->
    sasaran text."""
    if any(r.role == "sasaran" for r in shape.roles):
        return {}
    no_col = next((r.index for r in shape.roles if r.role == "no"), None)
    groups: dict[int, str] = {}
    for idx in range(shape.first_data, len(table.rows)):
        cells = table.rows[idx].cells
        texts = [c.text.strip() for c in cells if c.text.strip()]
        if len(texts) != 1:
            continue
        if (m := _GROUP.match(texts[0])) and len(texts[0]) > m.end():
            groups[idx] = texts[0][m.end():].strip()
        elif no_col is not None and no_col < len(cells) and cells[no_col].text.strip() == texts[0] and re.search(
            r"[A-Za-z]{3}", texts[0]
        ):  # words in the number column: a row spanning the table, not a wrapped cell
            groups[idx] = texts[0]
    return groups


def _join_wrapped(rows: list[RawIndicator], table: Table, shape: TableShape) -> list[RawIndicator]:
    """In a table that numbers its rows, an unnumbered row with a single filled cell is that cell
    wrapped onto the next printed line, not a new indicator: join it to the record above."""
    no_col = next((r.index for r in shape.roles if r.role == "no"), None)
    if no_col is None:
        return rows

    def number(raw: RawIndicator) -> str:
        cells = table.rows[raw.prov.row_index or 0].cells
        return cells[no_col].text.strip() if no_col < len(cells) else ""

    if sum(bool(re.match(r"\d", number(r))) for r in rows) < 2:
        return rows
    out: list[RawIndicator] = []
    for raw in rows:
        filled = [c.text.strip() for c in table.rows[raw.prov.row_index or 0].cells if c.text.strip()]
        key = next((k for k, v in raw.fields.items() if len(filled) == 1 and v == filled[0]), None)
        if out and not number(raw) and key is not None and key != "sasaran":
            prev = out[-1]
            prev.fields[key] = f"{prev.fields.get(key, '')} {filled[0]}".strip()
            prev.prov.source_text += "\n" + raw.prov.source_text
            continue
        out.append(raw)
    return out


def _blank_rows(table: Table, indices: set[int]) -> Table:
    """A copy of the table with some rows emptied, so row indices (provenance) stay the same."""
    rows = [Row([], page=r.page, line=r.line) if i in indices else r for i, r in enumerate(table.rows)]
    return Table(rows=rows, page=table.page, index=table.index, bbox=table.bbox, breaks=list(table.breaks))


def _section(layout: Layout, table: Table) -> Optional[str]:
    """The table's caption, or the title printed above it ('INDIKATOR KINERJA UTAMA / DINAS ...'),
    with its wrapped lines joined."""
    idx = layout.blocks.index(table)
    back: list[Paragraph] = []
    for b in reversed(layout.blocks[max(0, idx - 6): idx]):
        if not isinstance(b, Paragraph):
            break
        back.insert(0, b)
    for j in range(len(back) - 1, -1, -1):
        p = back[j]
        if len(p.text.split()) > 20:
            continue
        if p.heading or _IKU_TITLE.search(p.text) or re.match(r"tabel\b", p.text, re.I):
            run = [p]
            for q in reversed(back[:j]):
                if q.line is None or run[0].line is None or q.line != run[0].line - 1 or q.heading != p.heading:
                    break
                run.insert(0, q)
            return " ".join(q.text for q in run)
    return caption_before(layout, table)


_OUTLINE_NUMBERS = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?(?:\s+\d{1,2}(?:\.\d{1,2})+\.?)*$")


def number_subcolumn(table: Table, shape: TableShape) -> None:
    """'Indikator Kinerja' spanning a number sub-column ('1.1') and the text: the header names the
    number column, the text sits in the unnamed column after it. Name the columns for what they hold."""
    roles = shape.roles
    for i, r in enumerate(roles[:-1]):
        if r.role != "indikator" or roles[i + 1].role is not None:
            continue
        col = [row.cells[i].text.strip() for row in table.rows[shape.first_data:] if i < len(row.cells)]
        nxt = [row.cells[i + 1].text.strip() for row in table.rows[shape.first_data:] if i + 1 < len(row.cells)]
        filled = [t for t in col if t]
        if filled and sum(bool(_OUTLINE_NUMBERS.match(t)) for t in filled) * 10 >= 6 * len(filled) and any(nxt):
            r.role, roles[i + 1].role = "indikator_no", "indikator"


_IKU_ATTRIBUTES = {"definisi", "formula", "sumber_data", "penanggung_jawab"}
_AMOUNTS = {"anggaran", "anggaran_realisasi", "serapan", "target", "realisasi", "capaian"}


def uraian_as_indikator(shape: TableShape) -> bool:
    """An IKU decree may list its indicators under 'URAIAN' (description) with what each one is
    measured from ('SUMBER DATA', 'DEFINISI', 'FORMULA', 'PENANGGUNG JAWAB') and no targets:
    that column is the indicator, not a budget line (which 'Uraian' heads in a budget table).
    Renames the role; True when it did."""
    names = {r.role for r in shape.roles if r.role}
    uraian = [r for r in shape.roles if r.role == "belanja"]
    if len(uraian) != 1 or "indikator" in names or names & _AMOUNTS or not names & _IKU_ATTRIBUTES:
        return False
    uraian[0].role = "indikator"
    return True


def extract_iku(layout: Layout) -> Extraction:
    out = Extraction(doc_type="iku")
    out.meta = decree_meta(layout)
    for table in layout.tables():
        shape = shape_of(table)
        if table_role(shape.roles, table) != "indicator" and not uraian_as_indikator(shape):
            continue
        number_subcolumn(table, shape)
        section = _section(layout, table)
        groups = _group_rows(table, shape)
        rows: list[RawIndicator] = indicator_rows(_blank_rows(table, set(groups)) if groups else table, shape)
        rows = _join_wrapped(rows, table, shape)
        for raw in rows:
            if groups:
                above = [i for i in groups if i < (raw.prov.row_index or 0)]
                if above:
                    raw.fields["sasaran"] = groups[max(above)]
            raw.section = section
            raw.table_role = "iku"
            out.indicators.append(raw)
    if out.meta.get("title"):
        out.meta["title"] = title_case(out.meta["title"])
    unit = named_unit(layout) or agency_unit(out.meta) or government_unit(out.meta)
    for raw in out.indicators:
        raw.org_unit = raw.org_unit or unit
    return out
