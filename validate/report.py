"""How findings are worded and located: one sentence in Bahasa Indonesia (or English), the place
it was printed, and the records that are its evidence."""

from __future__ import annotations

import re
from typing import Optional, Sequence, Union

from schemas import BudgetLine, Finding, IndicatorRecord

Record = Union[IndicatorRecord, BudgetLine]
_CAPTION = re.compile(r"^(tabel|table|lampiran)\s*[\dIVX]+(?:\.\d+)*", re.I)


def say(lang: str, id_text: str, en_text: str) -> str:
    return en_text if lang == "en" else id_text


def where(rec: Record, lang: str) -> str:
    """'Tabel 3.3 Realisasi Kinerja, no. 5 (hlm. 1, baris 452)' — what an auditor can look up."""
    label = (rec.section or "").strip()
    if not label and rec.table_index is not None:
        label = say(lang, f"tabel ke-{rec.table_index + 1}", f"table #{rec.table_index + 1}")
    m = _CAPTION.match(label)
    label = m.group(0) if m else label[:60]
    bits = []
    if rec.page is not None:
        bits.append(say(lang, f"hlm. {rec.page}", f"p. {rec.page}"))
    if rec.line is not None:
        bits.append(say(lang, f"baris {rec.line}", f"line {rec.line}"))
    loc = ", ".join(bits)
    if label and loc:
        return f"{label} ({loc})"
    return label or loc or "?"


def name_of(rec: Record) -> Optional[str]:
    if isinstance(rec, IndicatorRecord):
        return rec.indikator
    return rec.name


def finding(
    ctx,
    rule: str,
    severity: str,
    at: Record,
    message: str,
    *,
    stated: Optional[str] = None,
    expected: Optional[str] = None,
    evidence: Sequence[Record] = (),
) -> Finding:
    ids = list(dict.fromkeys([at.record_id, *(r.record_id for r in evidence)]))
    return Finding(
        finding_id="",
        document_id=ctx.document.document_id,
        source_path=ctx.document.source_path,
        rule=rule,
        severity=severity,
        page=at.page,
        line=at.line,
        table_index=at.table_index,
        row_index=at.row_index,
        indikator=name_of(at),
        message=message,
        stated=stated,
        expected=expected,
        record_ids=ids,
        source_text=at.source_text,
    )


def text_finding(
    ctx,
    rule: str,
    severity: str,
    *,
    page: Optional[int],
    line: Optional[int],
    source_text: str,
    message: str,
    indikator: Optional[str] = None,
    stated: Optional[str] = None,
    expected: Optional[str] = None,
    evidence: Sequence[Record] = (),
    table_index: Optional[int] = None,
    row_index: Optional[int] = None,
) -> Finding:
    """A finding on printed text that is not a record (a paragraph, a layout table row)."""
    return Finding(
        finding_id="",
        document_id=ctx.document.document_id,
        source_path=ctx.document.source_path,
        rule=rule,
        severity=severity,
        page=page,
        line=line,
        table_index=table_index,
        row_index=row_index,
        indikator=indikator,
        message=message,
        stated=stated,
        expected=expected,
        record_ids=list(dict.fromkeys(r.record_id for r in evidence)),
        source_text=source_text[:500],
    )
