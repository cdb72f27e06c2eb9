"""How findings are worded and located: one sentence in Bahasa Indonesia (or English), the place
it was printed, the names it concerns, and the printed figures (with their cell boxes) that are
its evidence, so an auditor can find the cells without reading the message."""

from __future__ import annotations

import hashlib
import re
from typing import Iterable, Optional, Sequence, Union

from ingest.layout import Row, Table
from schemas import BudgetLine, Evidence, Finding, IndicatorRecord

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


_PROGRAM_LEVEL = re.compile(r"^\s*(sub\s*kegiatan|kegiatan|program)\b", re.I)
# figure fields of each record type, in print order: (field with the printed text, role)
_FIGURES = {
    IndicatorRecord: (("target_text", "target"), ("realisasi_text", "realisasi"), ("capaian_text", "capaian")),
    BudgetLine: (("anggaran_text", "anggaran"), ("realisasi_text", "realisasi"), ("persen_text", "persen")),
}


def names_of(rec: Record) -> dict[str, str]:
    """The names a record carries: its indikator, the program / kegiatan it belongs to, its unit."""
    out: dict[str, str] = {}
    if isinstance(rec, IndicatorRecord):
        for key, value in (("indikator", rec.indikator), ("sasaran", rec.sasaran), ("org_unit", rec.org_unit)):
            if value:
                out[key] = value
        if rec.program:
            m = _PROGRAM_LEVEL.match(rec.program)
            out[re.sub(r"\s+", "_", m.group(1).lower()) if m else "program"] = rec.program
    else:
        out[rec.level if rec.level in ("program", "kegiatan", "sub_kegiatan") else "anggaran"] = rec.name
        if rec.parent:
            out.setdefault("program" if rec.level == "kegiatan" else "induk", rec.parent)
    return out


def _printed_row(ctx, rec: Record) -> Optional[tuple[Table, Row]]:
    """The table and row `rec` was read from, when the layout is known."""
    layout = getattr(ctx, "layout", None)
    if layout is None or rec.table_index is None or rec.row_index is None:
        return None
    table = next((t for t in layout.tables() if t.index == rec.table_index), None)
    if table is None or not 0 <= rec.row_index < len(table.rows):
        return None
    return table, table.rows[rec.row_index]


def cell_box(ctx, rec: Record, text: str):
    """The bbox of the cell of `rec`'s printed row that holds `text`, else the row's bbox."""
    if (found := _printed_row(ctx, rec)) is None:
        return rec.bbox
    row = found[1]
    for c in row.cells:
        if c.bbox is not None and c.text.strip() == text.strip():
            return c.bbox
    return row.bbox or rec.bbox


def merged_cell(ctx, rec: Record, text: Optional[str]) -> bool:
    """True when `text` was read off a merged cell spanning several printed rows (its own row's, or
    one above that covers it): the figure of the group those rows make up (a sasaran's capaian), not
    of this row alone. False when the row prints it in a cell of its own, or nothing is known."""
    if not text or (found := _printed_row(ctx, rec)) is None:
        return False
    table, row = found
    row_index = rec.row_index
    if row_index is None:  # never: _printed_row found the row by this index
        return False
    want = text.strip()
    own = [c for c in row.cells if c.text.strip() == want]
    if own:
        return any(c.rowspan > 1 for c in own)
    mid = (row.bbox[1] + row.bbox[3]) / 2 if row.bbox is not None else None
    for k in range(row_index - 1, max(-1, row_index - 60), -1):
        above = table.rows[k]
        if above.page != row.page:
            break
        for c in above.cells:
            if c.rowspan < 2 or c.text.strip() != want:
                continue
            if (c.bbox is not None and mid is not None and c.bbox[1] < mid < c.bbox[3]) or (
                (c.bbox is None or mid is None) and k + c.rowspan > row_index
            ):
                return True
    return False


def own_cell(ctx, rec: Record, text: Optional[str]) -> Optional[bool]:
    """Whether the record's printed row holds `text` in a cell of its own (not merged over other
    rows, not pieced together from several cells); None when the layout is not known."""
    if not text or (found := _printed_row(ctx, rec)) is None:
        return None
    return any(c.text.strip() == text.strip() and c.rowspan < 2 for c in found[1].cells)


def evidence_of(ctx, rec: Record, role: Optional[str] = None, fields: Optional[Iterable[str]] = None) -> list[Evidence]:
    """One Evidence per figure the record prints (or only `fields`), with its cell box; `role`
    overrides the field name ('total', 'part')."""
    out = []
    for text_field, name in _FIGURES[type(rec)]:
        if fields is not None and name not in fields:
            continue
        text = getattr(rec, text_field, None)
        if text:
            out.append(Evidence(page=rec.page, bbox=cell_box(ctx, rec, text), text=text, role=role or name))
    return out


def section_of(ctx, table_index: Optional[int]) -> Optional[str]:
    """The caption printed above a table ('Tabel 3.2 Realisasi Kinerja'), else the line above it."""
    layout = getattr(ctx, "layout", None)
    if layout is None or table_index is None:
        return None
    from ingest.layout import Paragraph, Table

    blocks = layout.blocks
    for k, b in enumerate(blocks):
        if isinstance(b, Table) and b.index == table_index:
            above = [x for x in blocks[max(0, k - 3):k] if isinstance(x, Paragraph)]
            for x in reversed(above):
                if _CAPTION.match(x.text.strip()):
                    i = blocks.index(x)
                    nxt = blocks[i + 1] if i + 1 < k else None
                    title = x.text.strip()
                    if isinstance(nxt, Paragraph) and re.fullmatch(r"(?i)(tabel|table|lampiran)\s*[\dIVX.]+", title):
                        title = f"{title} {nxt.text.strip()}"  # 'Tabel 3.2' on its own line, the title below
                    return title[:160]
            return above[-1].text.strip()[:160] if above else None
    return None


def stable_id(f: Finding) -> str:
    """An id from the document, page (line in a text form), rule and what the finding cites (the
    printed figures, names and source text), not from record ids, table or row numbers or the order
    the rules ran in: a re-run, or a reader that numbers records or tables otherwise, keeps it."""
    figures = sorted(f"{e.page}:{e.role}:{_squash(e.text)}" for e in f.evidence)
    names = sorted(f"{k}={_squash(v)}" for k, v in f.names.items())
    key = "|".join(str(x) for x in (f.document_id, f.rule, f.severity, f.page, f.line, _squash(f.indikator or ""),
                                    f.stated, f.expected, ";".join(figures), ";".join(names),
                                    _squash(f.source_text)[:200]))
    return f"{f.document_id[:12]}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


def _squash(text: str) -> str:
    """Text with its runs of white space made one space: a reader that joins wrapped cell lines
    otherwise does not change the id."""
    return " ".join((text or "").split())


def assign_ids(findings: list[Finding]) -> None:
    """Stable ids; two findings with the same content get '-2', '-3' in their order."""
    seen: dict[str, int] = {}
    for f in findings:
        base = stable_id(f)
        seen[base] = seen.get(base, 0) + 1
        f.finding_id = base if seen[base] == 1 else f"{base}-{seen[base]}"


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
    at_role: Optional[str] = None,
    evidence_role: Optional[str] = None,
    figures: Optional[Iterable[str]] = None,
    names: Optional[dict[str, str]] = None,
) -> Finding:
    """A finding on a record: its place, section and names, and the printed figures of `at` (only
    `figures` when given) and of every evidence record."""
    ids = list(dict.fromkeys([at.record_id, *(r.record_id for r in evidence)]))
    ev = evidence_of(ctx, at, at_role, figures)
    for r in evidence:
        if r is not at:
            ev += evidence_of(ctx, r, evidence_role, figures)
    named = dict(names if names is not None else names_of(at))
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
        section=at.section or section_of(ctx, at.table_index),
        names=named,
        message=message,
        stated=stated,
        expected=expected,
        record_ids=ids,
        evidence=ev,
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
    section: Optional[str] = None,
    names: Optional[dict[str, str]] = None,
    figures: Sequence[Evidence] = (),
) -> Finding:
    """A finding on printed text that is not a record (a paragraph, a layout table row): its
    `figures` are the printed numbers it used; the evidence records add theirs."""
    ev = list(figures) or ([Evidence(page=page, text=stated, role="stated")] if stated else [])
    named: dict[str, str] = {"indikator": indikator} if indikator else {}
    for r in evidence:
        ev += evidence_of(ctx, r)
        for k, v in names_of(r).items():
            named.setdefault(k, v)
    named.update(names or {})
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
        section=section or section_of(ctx, table_index),
        names=named,
        message=message,
        stated=stated,
        expected=expected,
        record_ids=list(dict.fromkeys(r.record_id for r in evidence)),
        evidence=ev,
        source_text=source_text[:500],
    )
