"""What each diagram box is, decided once by the reader.

The extractor reads `Box.kind` (and a value table's `Box.columns`) instead of re-detecting box
types from their text, so the header vocabularies stay in the reader.

Kinds: "kegiatan" (a coded kegiatan row with its output and amount), "unit_list" (a unit header
over "code | indikator" rows), "value_table" (a small table of value columns drawn under its box),
"indicator_list" (a box headed "Indikator ..." holding the indicators of the box above it),
"unit" (headed by a position or unit), "goal" (headed by a cascade word: sasaran, program, ...),
"banner" (an unheaded one-line box in capitals drawn above every other box: the sheet's title),
None for anything else.
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.columns import role_of
from ingest.layout import Box, Table
from ingest.readers.diagram_boxes import HEAD, LABEL, UNIT_HEAD
from ingest.readers.diagram_lists import CODE_LINE, KEGIATAN_NAME, UNIT_NAME


def set_kinds(boxes: list[Box]) -> None:
    """Give every box its kind (and a value table its column roles)."""
    for box in boxes:
        box.kind = box_kind(box) or ("banner" if _banner(box, boxes) else None)
        roles = summary_roles(box.table) if box.kind == "value_table" and box.table else None
        box.columns = roles or {}


def box_kind(box: Box) -> Optional[str]:
    rows = box.table.rows if box.table else []
    if _kegiatan_row(box):
        return "kegiatan"
    if _coded_list(box):
        return "unit_list"
    if box.table is not None and summary_roles(box.table) is not None:
        return "value_table"
    opening = next((c.text for c in rows[0].cells if c.text.strip()), "") if rows else ""
    if LABEL.match(box.label or opening) or LABEL.match(opening):
        return "indicator_list"
    if box.label and UNIT_HEAD.match(box.label):
        return "unit"
    if box.label and HEAD.match(box.label):
        return "goal"
    return None


def _banner(box: Box, boxes: list[Box]) -> bool:
    """A title drawn as a box: no header, one line in capitals, no parent, every other box of its
    page below it, and only headed boxes under it. It is never an indicator or a sasaran."""
    text = box.text.strip()
    letters = [ch for ch in text if ch.isalpha()]
    if box.label is not None or box.parent is not None or "\n" in text or len(letters) < 8 or not text.isupper():
        return False
    others = [b for b in boxes if b is not box and b.page == box.page]
    if not others or any(b.bbox[1] < box.bbox[3] - 1.5 for b in others):
        return False
    # a goal printed in capitals has its indicators (or unheaded sub-goals) under it; a title
    # hangs over headed boxes only
    children = [b for b in others if b.parent == box.index]
    return all(c.label is not None and box_kind(c) not in ("indicator_list", "value_table") for c in children)


def is_indicator_list(box: Box) -> bool:
    """A box opening with an "Indikator" / "IK :" header (and no other kind)."""
    return box_kind(box) == "indicator_list"


def _coded_list(box: Box) -> bool:
    """A unit header over "code | indikator" rows (built so by the unit lists)."""
    rows = box.table.rows if box.table else []
    return (len(rows) >= 1 and box.label is not None and rows[0].texts == [box.label] and bool(UNIT_NAME.match(box.label))
            and all(len(r.cells) == 2 and CODE_LINE.match(r.cells[0].text.strip()) for r in rows[1:]))


def _kegiatan_row(box: Box) -> bool:
    """"53.10 | Kegiatan ... | • 50 Org | Anggaran | Rp. ...": one coded row, no header."""
    rows = box.table.rows if box.table else []
    if len(rows) != 1 or len(rows[0].cells) < 2 or box.label is not None:
        return False
    texts = rows[0].texts
    return bool(CODE_LINE.match(texts[0].strip()) and KEGIATAN_NAME.match(texts[1]))


_SUMMARY_ROLES = {"satuan", "target", "realisasi", "capaian", "kriteria", "tahun", "anggaran"}


def summary_roles(table: Table) -> Optional[dict[int, str]]:
    """A small table whose header row names only value columns (Satuan | Target | Realisasi |
    Capaian ...) and no indikator: column -> role (the first column of each role), else None."""
    if len(table.rows) < 2:
        return None
    head = [(k, c.text.strip()) for k, c in enumerate(table.rows[0].cells) if c.text.strip()]
    roles = [(k, role_of(t)) for k, t in head]
    if len(head) < 2 or any(r not in _SUMMARY_ROLES for _, r in roles):
        return None
    out: dict[int, str] = {}
    for (k, r), (_, text) in zip(roles, head):
        if r in ("target", "capaian") and _END_TARGET.search(text):
            out[k] = "keterangan"  # the Renstra end target (another year), or capaian against it
        elif r not in out.values():
            out[k] = r  # type: ignore[assignment]
    return out


_END_TARGET = re.compile(r"renstra|\bakhir\b", re.I)
