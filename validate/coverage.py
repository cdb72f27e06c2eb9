"""Rule `coverage`: what was printed but not read, so no loss is silent.

- a table of data rows (figures in two rows or more) that gave no indicator record and no budget
  line: `info` "tabel tidak terbaca", with its page, first row and the caption above it;
- a document read `ok` that gave no record at all: `warning`, so an empty result is never taken
  for an empty document.
"""

from __future__ import annotations

import re

from ingest.layout import Paragraph, Table
from schemas import Finding
from validate.context import RULES, Context
from validate.report import say

_FIGURE = re.compile(r"\d")
_CAPTION = re.compile(r"^(?:tabel|table|lampiran)\b", re.I)
# Tables read for something other than records: the report's kriteria scale (lkjip_scale) and
# its evaluation components (checked by `sums`).
_REFERENCE = re.compile(r"\b(?:interval|rentang|skala|bobot|komponen)\b", re.I)


def _data_rows(table: Table) -> int:
    return sum(1 for r in table.rows if sum(1 for c in r.cells if _FIGURE.search(c.text)) >= 1 and len([c for c in r.cells if c.text.strip()]) >= 2)


def _caption(blocks: list, k: int) -> str:
    """The caption printed just above table k ("Tabel 3.4 ..."), else the line above it."""
    for b in reversed(blocks[max(0, k - 3):k]):
        if isinstance(b, Paragraph) and _CAPTION.match(b.text.strip()):
            return b.text.strip()
    prev = blocks[k - 1] if k else None
    return prev.text.strip()[:120] if isinstance(prev, Paragraph) else ""


def check_coverage(ctx: Context) -> list[Finding]:
    doc = ctx.document
    out: list[Finding] = []
    lang = ctx.lang
    if ctx.layout is not None:
        read = {r.table_index for r in ctx.indicators} | {b.table_index for b in ctx.budget}
        blocks = ctx.layout.blocks
        for k, b in enumerate(blocks):
            if not isinstance(b, Table) or b.index in read or (n := _data_rows(b)) < 2:
                continue
            if any(_REFERENCE.search(r.source_text) for r in b.rows[:3]):
                continue
            cap = _caption(blocks, k)
            named = f" ({cap})" if cap else ""
            first = next((r.source_text for r in b.rows if not r.is_empty()), "")
            out.append(Finding(
                finding_id="", document_id=doc.document_id, source_path=doc.source_path, rule="coverage",
                severity="info", page=b.page, line=b.line, table_index=b.index, source_text=first[:300],
                message=say(
                    lang,
                    f"Tabel tidak terbaca: tabel di halaman {b.page}{named} berisi {n} baris data, "
                    "tetapi tidak menghasilkan indikator maupun baris anggaran.",
                    f"Table not read: the table on page {b.page}{named} holds {n} data rows "
                    "but gave no indicator record and no budget line.",
                ),
            ))
    if doc.status == "ok" and not ctx.indicators and not ctx.budget:
        tables = sum(1 for _ in ctx.layout.tables()) if ctx.layout else 0
        out.append(Finding(
            finding_id="", document_id=doc.document_id, source_path=doc.source_path, rule="coverage",
            severity="warning",
            message=say(
                lang,
                f"Dokumen terbaca tetapi tidak menghasilkan satu pun indikator atau baris anggaran "
                f"({doc.pages or '?'} halaman, {tables} tabel).",
                f"The document was read but gave no indicator record and no budget line "
                f"({doc.pages or '?'} pages, {tables} tables).",
            ),
        ))
    return out


RULES["coverage"] = check_coverage
