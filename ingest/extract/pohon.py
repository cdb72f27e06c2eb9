"""Pohon kinerja / cascading extractor: one table per position, each row an indicator of it.

Documents print the position (org_unit) as a title row above its table, as a paragraph above
it, or — in other documents — as a paragraph printed AFTER the table. Which convention holds is
decided per document: a title row inside a table, or a label before the first table, means
labels before; a first table with nothing but the document title above it and a label after the
last table means labels after. Rows printed after a label without a header of their own continue
the table above them (a page break with the label in between), and a header printed alone is
filled by the rows after its label.

Rows are read by `tables.indicator_rows` (carry-down of merged sasaran cells, rows cut by page
breaks, multi-year columns); this module adds the unit, its level, sasaran cells wrapped onto the
next row, and the Sub Kegiatan key-value blocks (`pohon_kv`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ingest.columns import ColumnRole, column_roles, is_header_row, is_numbering_row, role_of
from ingest.extract import Extraction, RawIndicator
from ingest.extract.generic import CAPTION, caption_before
from ingest.extract.pohon_kv import KvLine, block_records, fields_of, is_block_start, split_paragraph
from ingest.extract.pohon_meta import document_meta
from ingest.extract.pohon_units import (
    eselon_of_heading,
    is_date_line,
    is_excluded,
    is_label_tail,
    join_title_cells,
    level_of,
    looks_like_label,
    strip_marks,
)
from ingest.extract.tables import MEASURES, TableShape, carries_on, continues_header, data_rows, tiered_rows
from ingest.layout import Cell, Layout, Paragraph, Row, Table
from schemas import Provenance

_SIGN_OPENER = re.compile(r"^(mengetahui|disetujui|ditetapkan|menyetujui|an\.|a\.n\.)\b", re.I)
_NIP = re.compile(r"^nip\b|\bnip\.?\s*\d", re.I)
_CONNECTIVE_END = re.compile(r"(?:\b(?:dan|serta|atau|yang|di|ke|untuk|dengan|dalam|terhadap|bagi|pada)|[,&/-])\s*$", re.I)


@dataclass(slots=True)
class _Src:
    """A printed row and where it came from."""

    row: Row
    table: Table
    index: int
    brk: bool  # first row of a printed table or of a continuation after a page break
    text: str = ""  # the printed lines, when two printed rows were joined into this one


@dataclass(slots=True)
class _Segment:
    """One header and the rows under it, with the labels printed around it."""

    headers: list[_Src]
    eselon: Optional[str]
    eselon_text: Optional[str]
    caption: Optional[str]
    rows: list[_Src] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    inside: bool = False  # its label is a title row of the same printed table
    splits: list[tuple[int, list[str]]] = field(default_factory=list)  # labels met between its rows


def _texts(row: Row) -> list[str]:
    return [c.text.strip() for c in row.cells]


def _is_header(row: Row) -> bool:
    """A header row; also one-cell ('INDIKATOR') and numbered ('9 | Tujuan | Indikator') ones."""
    texts = [t for t in _texts(row) if t]
    if any(len(t.split()) > 5 for t in texts):
        return False  # header cells are short labels; sentences name roles only by accident
    if is_header_row(row):
        return True
    if texts and re.fullmatch(r"\d{1,2}", texts[0]) and len(texts) >= 3:
        return is_header_row(Row.from_texts(texts[1:]))
    if not texts or any(len(t.split()) > 4 or re.search(r"\d", t) for t in texts):
        return False
    roles = [role_of(t) for t in texts]
    return all(roles) and any(r in ("indikator", "sasaran") for r in roles)


def _signed_below(blocks: list, n: int, reach: int = 4) -> bool:
    """A position title with a NIP printed just below it is a signature, not a unit label."""
    for block in blocks[n + 1: n + 1 + reach]:
        if not isinstance(block, Paragraph):
            return False
        if _NIP.search(block.text):
            return True
    return False


def _next_nonempty(rows: list[Row], i: int) -> Optional[Row]:
    return next((r for r in rows[i + 1:] if not r.is_empty()), None)


def _title_row(rows: list[Row], i: int) -> Optional[str]:
    """The position title printed as a row of its own above a header ('KEPALA DINAS | | |')."""
    texts = [t for t in _texts(rows[i]) if t]
    nxt = _next_nonempty(rows, i)
    if not texts or len(texts) > 2 or nxt is None or not _is_header(nxt):
        return None
    title = strip_marks(join_title_cells(texts))
    if is_excluded(title) or re.search(r"\d", title):
        return None
    return title if (level_of(title) or title.isupper() or len(title.split()) <= 8) else None


def _closing_label(rows: list[Row], i: int) -> Optional[str]:
    """A position title printed as the last row of a table (a label after it, read into it)."""
    texts = [t for t in _texts(rows[i]) if t]
    if len(texts) != 1 or _next_nonempty(rows, i) is not None:
        return None
    label = strip_marks(texts[0])
    return label if looks_like_label(label) else None


def _kv_row(row: Row) -> Optional[tuple[str, str]]:
    texts = _texts(row)
    if not texts:
        return None
    value = " ".join(t for t in texts[1:] if t)
    return texts[0], value


@dataclass(slots=True)
class _Walk:
    """Everything read in one pass over the blocks, in reading order."""

    segments: list[_Segment] = field(default_factory=list)
    trailing: list[str] = field(default_factory=list)  # labels after the last table
    kv: list[KvLine] = field(default_factory=list)


def _walk(layout: Layout) -> _Walk:
    out = _Walk()
    cur: Optional[_Segment] = None
    pending: list[str] = []
    pending_inside = False
    eselon: Optional[str] = None
    eselon_text: Optional[str] = None
    kv_mode = False
    kv_line: Optional[int] = None
    signature = False
    last_label_line: Optional[int] = None

    def add_label(text: str, inside: bool = False) -> None:
        nonlocal pending_inside
        pending.append(text)
        pending_inside = pending_inside or inside

    for n, block in enumerate(layout.blocks):
        if isinstance(block, Paragraph):
            text = block.text.strip()
            prov = Provenance(page=block.page, line=block.line, source_text=block.text)
            split = split_paragraph(text)
            if split and (kv_mode or is_block_start(split[0])):
                out.kv.append(KvLine(split[0], split[1], prov))
                kv_mode, kv_line = True, block.line
                continue
            if kv_mode and kv_line is not None and block.line == kv_line + 1 and not is_date_line(text):
                out.kv.append(KvLine("", text, prov))  # a value wrapped onto the next line
                kv_line = block.line
                continue
            kv_mode = False
            level = eselon_of_heading(text)
            head = re.match(r"\s*eselon\s+\w+", text, re.I)  # (it matches whenever `level` is found)
            if level and head:
                eselon, eselon_text = level, head.group(0).upper()
                last_label_line = None
                continue
            if is_date_line(text) or _SIGN_OPENER.match(text):
                signature = True
                continue
            label = strip_marks(text)
            if not signature and looks_like_label(label) and not _signed_below(layout.blocks, n):
                add_label(label)
                last_label_line = block.line
                continue
            if (
                pending and last_label_line is not None and block.line == last_label_line + 1
                and is_label_tail(text)
            ):
                pending[-1] = f"{pending[-1]} {text}"
                last_label_line = block.line
                continue
            last_label_line = None
            continue
        signature = False
        last_label_line = None
        rows = block.rows
        for i, row in enumerate(rows):
            if row.is_empty():
                continue
            src = _Src(row, block, i, i == 0 or i in block.breaks)
            kv = _kv_row(row)
            label_value = sum(1 for t in _texts(row) if t) <= 2  # a header has more cells
            if kv and label_value and ((kv_mode and (not kv[0] or fields_of(kv[0]))) or is_block_start(kv[0])):
                prov = Provenance(
                    page=row.page, line=row.line, table_index=block.index, row_index=i, source_text=row.source_text
                )
                out.kv.append(KvLine(kv[0], kv[1], prov))
                kv_mode = True
                cur, pending = None, []
                continue
            kv_mode = False
            if (
                cur is not None and not cur.rows and cur.headers[-1].table is block and cur.headers[-1].index == i - 1
                and continues_header(row, cur.headers[-1].row)
            ):  # header labels wrapped onto a second printed row
                cur.headers.append(src)
                continue
            if _is_header(row):
                if cur is not None and not cur.rows and cur.headers and cur.headers[-1].table is block \
                        and cur.headers[-1].index == i - 1:
                    cur.headers.append(src)
                    continue
                caption = caption_before(layout, block) if i == 0 else None
                if caption and not CAPTION.match(caption):
                    caption = None  # a heading above the table is a title or label, not its caption
                cur = _Segment([src], eselon, eselon_text, caption, before=list(pending), inside=pending_inside)
                out.segments.append(cur)
                pending, pending_inside = [], False
                continue
            if is_numbering_row(row):
                continue
            title = _title_row(rows, i)
            if title is not None:
                add_label(title, inside=True)
                continue
            closing = _closing_label(rows, i)
            if closing is not None:
                add_label(closing)
                continue
            if cur is None:
                continue  # rows before any header (Visi / Misi boxes)
            if pending:
                cur.splits.append((len(cur.rows), list(pending)))
                pending, pending_inside = [], False
                src.brk = True
            cur.rows.append(src)
    out.trailing = list(pending)
    return out


def _labels_after(segments: list[_Segment], trailing: list[str]) -> bool:
    """True when this document prints each unit's label after its table."""
    if not segments or any(s.inside for s in segments):
        return False
    first, last = segments[0], segments[-1]
    after_last = bool(trailing) or bool(last.splits)
    return not first.before and after_last


@dataclass(slots=True)
class _Unit:
    segment: _Segment
    rows: list[_Src]
    label: Optional[str]


def _units(walk: _Walk) -> list[_Unit]:
    segs = walk.segments
    units: list[_Unit] = []
    if _labels_after(segs, walk.trailing):
        for k, seg in enumerate(segs):
            following = seg.splits[0][1] if seg.splits else (segs[k + 1].before if k + 1 < len(segs) else walk.trailing)
            units.append(_Unit(seg, seg.rows, following[0] if following else None))
        return units
    for seg in segs:
        label = seg.before[-1] if seg.before else None
        start = 0
        for pos, labels in seg.splits:
            if pos == 0 and label is None:
                label = labels[-1]
                continue
            units.append(_Unit(seg, seg.rows[start:pos], label))
            start, label = pos, labels[-1]
        units.append(_Unit(seg, seg.rows[start:], label))
    return [u for u in units if u.rows]


def _fix_roles(roles: list[ColumnRole], table: Table, first_data: int) -> list[ColumnRole]:
    """A second number column numbers indicators; an unnamed column beside the sasaran column
    holds sasaran text (a header cell spread over two printed columns)."""
    seen_no = False
    for r in roles:
        if r.role == "no":
            if seen_no:
                r.role = "indikator_no"
            seen_no = True
    filled = {r.index for r in roles if any(
        len(row.cells) > r.index and row.cells[r.index].text.strip() for row in table.rows[first_data:]
    )}
    for r in roles:
        if r.role is None and r.index in filled and (not r.label or re.fullmatch(r"\d{1,2}", r.label)):
            neighbours = [x.role for x in roles if abs(x.index - r.index) == 1]
            if "sasaran" in neighbours:
                r.role = "sasaran"
    return roles


def _sasaran_by_row(table: Table, shape: TableShape) -> dict[int, str]:
    """The sasaran each data row belongs to: merged cells carried down (and up, when the text is
    printed in the middle of its merged cell), wrapped cells joined to the row above."""
    mapped = data_rows(table, shape)
    sas_cols = [r.index for r in shape.roles if r.role == "sasaran"]
    no_cols = [r.index for r in shape.roles if r.role == "no"]
    numbered = any(m.cells.get(c) for m in mapped for c in no_cols)
    out: dict[int, str] = {}
    current = ""
    owners: list[int] = []  # rows that share the current sasaran
    first_own: Optional[int] = None
    for m in mapped:
        own = " ".join(m.cells.get(c, "") for c in sas_cols if m.cells.get(c)).strip()
        has_no = any(m.cells.get(c) for c in no_cols)
        if own and current and (
            _CONNECTIVE_END.search(current)
            or own[:1].islower()
            or (numbered and not has_no)
            or (not numbered and len(own.split()) <= 3 and not own.split()[0].lower().endswith("nya"))
        ):
            current = f"{current} {own}"
            for idx in owners:
                out[idx] = current
        elif own:
            if first_own is None:
                first_own = m.index
                if not has_no:  # printed mid-cell: the rows above share it
                    owners = [idx for idx in out if not out[idx]]
                else:
                    owners = []
            else:
                owners = []
            current = own
            for idx in owners:
                out[idx] = current
        out[m.index] = current
        owners.append(m.index)
    return out


def _filled(row: Row, cols: list[int]) -> bool:
    return any(i < len(row.cells) and row.cells[i].text.strip() for i in cols)


def _wraps_on(prev: Row, row: Row, roles: list[ColumnRole]) -> bool:
    """`row` holds the rest of `prev`'s indikator, typed into the next row of the sheet: nothing
    in its sasaran cell, and its indikator starts in lower case or `prev`'s ends mid-phrase."""
    ind = [r.index for r in roles if r.role == "indikator"]
    sas = [r.index for r in roles if r.role == "sasaran"]
    if len(ind) != 1 or _filled(row, sas) or ind[0] >= min(len(prev.cells), len(row.cells)):
        return False
    return carries_on(prev.cells[ind[0]].text.strip(), row.cells[ind[0]].text.strip())


def _join_cut_rows(rows: list[_Src], roles: list[ColumnRole]) -> list[_Src]:
    """A row cut by a page break, or typed over two rows of a sheet: the first part has no value
    yet, the second carries the values and no number of its own. The two parts are one row."""
    values = [r.index for r in roles if r.role in MEASURES or r.role in ("satuan_target", "satuan")]
    numbers = [r.index for r in roles if r.role in ("no", "indikator_no")]
    out: list[_Src] = []
    for src in rows:
        prev = out[-1] if out else None
        if (
            prev is not None and values and not _filled(prev.row, values)
            and _filled(src.row, values) and not _filled(src.row, numbers)
            and (src.brk or _wraps_on(prev.row, src.row, roles))
        ):
            a, b = prev.row.cells, src.row.cells
            cells = [
                Cell(" ".join(t for t in (a[i].text if i < len(a) else "", b[i].text if i < len(b) else "") if t.strip()))
                for i in range(max(len(a), len(b)))
            ]
            printed = f"{prev.text or prev.row.source_text}\n{src.row.source_text}"
            out[-1] = _Src(Row(cells, page=prev.row.page, line=prev.row.line), prev.table, prev.index, prev.brk, printed)
            continue
        out.append(src)
    return out


def _unit_records(unit: _Unit, agency: Optional[str]) -> list[RawIndicator]:
    seg = unit.segment
    headers = [s.row for s in seg.headers]
    roles = _fix_roles(column_roles(headers), Table(rows=[s.row for s in unit.rows]), 0)
    rows = _join_cut_rows(unit.rows, roles)
    srcs = seg.headers + rows
    breaks = [len(seg.headers) + k for k, s in enumerate(rows) if s.brk and k > 0]
    table = Table(rows=headers + [s.row for s in rows], page=headers[0].page, index=seg.headers[0].table.index,
                  breaks=breaks)
    shape = TableShape([], headers, roles, len(headers))
    if not any(r.role in ("indikator", "target", "satuan_target") for r in roles):
        return []
    sasaran = _sasaran_by_row(table, shape)
    # the tier a table's sasaran header names ("Sasaran Strategis", "Sasaran Program", "Tujuan")
    tier = next((r.label for r in roles if r.role == "sasaran" and r.label.lower() != "sasaran"), None)
    level = level_of(unit.label) or seg.eselon
    org_unit = unit.label
    if org_unit is None and seg.eselon == "eselon_ii":
        org_unit = agency
    out: list[RawIndicator] = []
    for raw in tiered_rows(table, shape):
        idx = raw.prov.row_index
        assert idx is not None  # tiered_rows gives every record its row
        if sasaran.get(idx) and raw.parent_sasaran is None:
            raw.fields["sasaran"] = sasaran[idx]
        src = srcs[idx]
        update: dict[str, int | str] = {"table_index": src.table.index, "row_index": src.index}
        if src.text:
            update["source_text"] = src.text
        raw.prov = raw.prov.model_copy(update=update)
        raw.org_unit = org_unit
        raw.level = raw.level or level
        raw.section = seg.caption or seg.eselon_text or tier
        raw.table_role = "indicator"
        out.append(raw)
    return out


def extract_pohon(layout: Layout) -> Extraction:
    meta = document_meta(layout)
    out = Extraction(doc_type="pohon_kinerja", meta=meta)
    walk = _walk(layout)
    for unit in _units(walk):
        out.indicators.extend(_unit_records(unit, meta.get("agency")))
    indicators, budget = block_records(walk.kv, section="Sub Kegiatan")
    out.indicators.extend(indicators)
    out.budget.extend(budget)
    return out
