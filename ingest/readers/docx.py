"""Reader for Word documents (.docx): body paragraphs and tables, in document order.

python-docx's `row.cells` repeats a merged cell in every grid slot it covers; a PDF of the same
document prints it once. So cells are read from the XML: a horizontally merged cell (gridSpan)
is its text followed by empty cells, a vertically merged continuation (vMerge) is an empty cell,
and extractors carry it down exactly as they do for a PDF or a text conversion. A .docx has no
pages until it is laid out: the page number counts only explicit page and section breaks.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from ingest.cell_items import split_row
from ingest.layout import Block, Cell, Layout, Page, Paragraph, Row, Table
from ingest.readers.unsupported import UnsupportedInput
from ingest.readers.ooxml_guard import check_package
from ingest.tables_geom import join_lines

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")


def _attr(el, tag: str) -> str | None:
    """The w:val of the first `tag` under a cell's or paragraph's properties, '' when unset."""
    found = el.find(tag)
    if found is None:
        return None
    return found.get(qn("w:val"), "")


_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _paragraph_text(p) -> str:
    """The paragraph's text, text boxes included once (not again from their legacy fallback)."""
    parts: list[str] = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if next(node.iterancestors(_FALLBACK), None) is not None:
            continue
        parts.append(node.text or "" if node.tag == qn("w:t") else " ")
    return " ".join("".join(parts).split())


def _page_breaks(p) -> int:
    """Explicit page breaks in a paragraph: break characters and a section that starts a page."""
    n = sum(1 for br in p.iter(qn("w:br")) if br.get(qn("w:type")) == "page")
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        if ppr.find(qn("w:pageBreakBefore")) is not None:
            n += 1
        sect = ppr.find(qn("w:sectPr"))
        if sect is not None and _attr(sect, qn("w:type")) in (None, "nextPage", "evenPage", "oddPage"):
            n += 1
    return n


def _is_heading(p, styles: dict[str, str]) -> bool:
    ppr = p.find(qn("w:pPr"))
    style_id = _attr(ppr, qn("w:pStyle")) if ppr is not None else None
    name = styles.get(style_id or "", "").lower()
    if name.startswith(("heading", "title")):
        return True
    runs = [r for r in p.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]
    if not runs:
        return False
    bold = 0
    for r in runs:
        rpr = r.find(qn("w:rPr"))
        b = rpr.find(qn("w:b")) if rpr is not None else None
        if b is not None and b.get(qn("w:val"), "true") not in ("0", "false"):
            bold += 1
    return bold == len(runs)


def _paragraphs(tc) -> list[str]:
    return [t for t in (_paragraph_text(p) for p in tc.iter(_P)) if t]


def table_rows(tbl, page: int) -> list[Row]:
    """Rows of a w:tbl, one Cell per grid column (see the module docstring for merges); a row
    listing several items in its cells' paragraphs gives one row per item (ingest.cell_items)."""
    rows: list[Row] = []
    open_merges: dict[int, Cell] = {}  # grid column -> the vertically merged cell still going on
    for tr in tbl.iterchildren(_TR):
        cells: list[Cell] = []
        paragraphs: list[list[str]] = []
        merges: dict[int, str | None] = {}  # grid column -> the cell's w:vMerge value
        for tc in tr.iterchildren(_TC):
            tcpr = tc.find(qn("w:tcPr"))
            span = int(_attr(tcpr, qn("w:gridSpan")) or 1) if tcpr is not None else 1
            vmerge = _attr(tcpr, qn("w:vMerge")) if tcpr is not None else None
            ps = [] if vmerge not in (None, "restart") else _paragraphs(tc)
            merges[len(cells)] = vmerge
            cells.append(Cell(join_lines(ps), colspan=span))
            cells.extend(Cell("") for _ in range(span - 1))
            paragraphs.append(ps)
            paragraphs.extend([] for _ in range(span - 1))
        sub = split_row(Row(cells, page=page), paragraphs)
        for col, vmerge in merges.items():
            merged = sub[0].cells[col]
            if vmerge == "restart" and (len(sub) == 1 or merged.rowspan == len(sub)):
                open_merges[col] = merged
            elif vmerge not in (None, "restart") and col in open_merges:
                open_merges[col].rowspan += len(sub)  # a continuation: the merged cell covers these rows too
            else:
                open_merges.pop(col, None)
        rows.extend(sub)
    return rows


def read_docx(path: Path) -> Layout:
    check_package(path, "docx").close()  # no part that unpacks to gigabytes
    try:  # python-docx parses with resolve_entities=False: no XXE, no entity bomb
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for damaged packages
        raise UnsupportedInput(f"cannot open DOCX (damaged or not a Word document): {exc}") from exc
    styles = {s.style_id: s.name or "" for s in document.styles}
    layout = Layout(source_path=str(path), reader="docx")
    page = 1
    blocks: list[Block] = []
    for el in document.element.body.iterchildren():
        if el.tag == _P:
            text = _paragraph_text(el)
            if text:
                blocks.append(Paragraph(text, page=page, heading=_is_heading(el, styles)))
            page += _page_breaks(el)
        elif el.tag == _TBL:
            rows = table_rows(el, page)
            if rows:
                blocks.append(Table(rows=rows, page=page))
    layout.blocks = blocks
    layout.pages = [Page(number=n) for n in range(1, page + 1)]
    return layout
