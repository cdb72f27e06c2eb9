"""Fallback extractor: every indicator table, captioned by the text printed just above it.

Used for document types without a family extractor (PK, Renstra, unknown), so no document that
prints an indicator table yields nothing.
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.classify import table_role
from ingest.extract import Extraction
from ingest.extract.tables import indicator_rows, shape_of
from ingest.layout import Layout, Paragraph, Table

_CAPTION = re.compile(r"^(tabel|table|lampiran|matriks|matrik)\b", re.I)


def caption_before(layout: Layout, table: Table, max_back: int = 3) -> Optional[str]:
    """The caption of a table: the nearest 'Tabel ...' line above it (joined with the line after
    it when the number and the title are printed on two lines), else the nearest heading."""
    idx = layout.blocks.index(table)
    back = layout.blocks[max(0, idx - max_back): idx]
    for j in range(len(back) - 1, -1, -1):
        b = back[j]
        if not isinstance(b, Paragraph):
            break
        if _CAPTION.match(b.text):
            text = b.text
            nxt = back[j + 1] if j + 1 < len(back) else None
            if re.fullmatch(r"(tabel|table)\s*[\w.]+", text.strip(), re.I) and isinstance(nxt, Paragraph):
                text = f"{text} {nxt.text}"
            return text
    for b in reversed(back):
        if isinstance(b, Paragraph) and b.heading:
            return b.text
    return None


def extract_generic(layout: Layout, doc_type: str = "unknown") -> Extraction:
    out = Extraction(doc_type=doc_type)
    for table in layout.tables():
        shape = shape_of(table)
        role = table_role(shape.roles, table)
        if role != "indicator":
            continue
        section = caption_before(layout, table)
        for raw in indicator_rows(table, shape):
            raw.section = section
            raw.table_role = role
            out.indicators.append(raw)
    return out
