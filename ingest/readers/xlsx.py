"""Excel reader (.xlsx via openpyxl): a plain table sheet -> layout tables; a cascading sheet
(position blocks, coloured sasaran cells, framed columns) -> the same boxes a drawn diagram gives.

A sheet is laid out in points (column widths, row heights) and turned into the page geometry the
PDF diagram reader works on: cell borders are drawn segments, solid fills are fills, and each
non-empty cell (a merged range counts once) is a printed word at its centre. So one set of rules
finds boxes, tiers and parents for both.
"""

from __future__ import annotations

from pathlib import Path

from defusedxml import DefusedXmlException
from openpyxl import load_workbook

from ingest.columns import is_header_row, role_of
from ingest.layout import Cell, Layout, Page, Paragraph, ReadIssue, Row, Table
from ingest.readers.unsupported import UnsupportedInput
from ingest.readers.ooxml_guard import check_xlsx
from ingest.readers.xlsx_positions import position_blocks
from ingest.readers.xlsx_shapes import add_shapes, place, sheet_shapes
from ingest.readers.xlsx_sheet import cell_text, sheet_geometry
from ingest.readers.diagram import diagram_from_geometry


def _grid(ws) -> list[list[str]]:
    return [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]


MAX_SHEET_CELLS = 2_000_000  # rows x columns; past it a sheet is read from its filled cells only


def _filled_grid(ws) -> list[list[str]]:
    """The filled cells of a huge sparse sheet (one value at A1, one at XFD1048576) as a grid of
    its filled rows and columns: linear in the cells stored, not in the sheet's area."""
    filled = {(r, c): cell_text(cell.value) for (r, c), cell in ws._cells.items() if cell.value is not None}
    filled = {k: t for k, t in filled.items() if t}
    cols = sorted({c for _, c in filled})
    if len(cols) > 256:  # not a table: one value a row, in reading order
        return [[t] for _, t in sorted(filled.items())]
    index = {c: i for i, c in enumerate(cols)}
    rows: dict[int, list[str]] = {}
    for (r, c), t in filled.items():
        rows.setdefault(r, [""] * len(cols))[index[c]] = t
    return [rows[r] for r in sorted(rows)]


def _refusal(exc: BaseException | None) -> DefusedXmlException | None:
    """The defusedxml refusal behind an openpyxl load error, if that is what it is."""
    while exc is not None:
        if isinstance(exc, DefusedXmlException):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def _note_formulas(layout: Layout, page: int, title: str, cells: list[str]) -> None:
    if cells:
        shown = ", ".join(cells[:5]) + (f" and {len(cells) - 5} more" if len(cells) > 5 else "")
        layout.issues.append(ReadIssue(stage="formulas", page=page, message=(
            f"sheet {title!r}: {len(cells)} formula cell(s) without a stored value ({shown}) read as empty; "
            "formulas are never evaluated: open and save the file in Excel or LibreOffice to store their values")))


def _is_plain_table(rows: list[list[str]]) -> bool:
    """A header row near the top and most filled rows with three or more values."""
    filled = [r for r in rows if sum(1 for t in r if t) >= 1]
    if len(filled) < 3:
        return False
    head = next((i for i, r in enumerate(filled[:8]) if _names_columns(r)), None)
    if head is None:
        return False
    body = filled[head + 1:]
    wide = sum(1 for r in body if sum(1 for t in r if t) >= 3)
    return bool(body) and wide >= 0.6 * len(body)


def _names_columns(texts: list[str]) -> bool:
    """A header row naming two different column roles ("Sasaran 1 | Sasaran 2" does not)."""
    if not is_header_row(Row.from_texts(texts)):
        return False
    return len({role_of(t) for t in texts if t} - {None, "year", "no"}) >= 2


def _sheet_table(rows: list[list[str]], page: int, index: int) -> Table:
    out = [Row([Cell(t) for t in r], page=page, line=n + 1) for n, r in enumerate(rows)]
    return Table(rows=[r for r in out if not r.is_empty()], page=page, index=index)


def read_xlsx(path: Path) -> Layout:
    """Every sheet: a plain table stays a table, anything else is read as a diagram."""
    layout = Layout(source_path=str(path), reader="xlsx")
    package = check_xlsx(path)
    try:  # stored values only (no formula is evaluated), external links dropped, not followed
        wb = load_workbook(package.data, data_only=True, keep_links=False)
    except (DefusedXmlException, ValueError) as exc:  # openpyxl wraps the refusal in a ValueError
        why = _refusal(exc)
        if why is None:
            raise
        raise UnsupportedInput(f"refused: the workbook's XML declares entities ({type(why).__name__}); "
                               "entities are never expanded (XXE, entity bombs)") from exc
    layout.issues.extend(ReadIssue(stage="sheet guard", message=n) for n in package.notes)
    shapes = sheet_shapes(package.data)
    try:
        for number, ws in enumerate(wb.worksheets, start=1):
            _note_formulas(layout, number, ws.title, package.formulas_without_value.get(ws.title, []))
            layout.pages.append(Page(number=number))
            if ws.title:
                layout.blocks.append(Paragraph(ws.title, page=number, heading=True))
            if ws.max_row * ws.max_column > MAX_SHEET_CELLS:
                rows = _filled_grid(ws)
                layout.issues.append(ReadIssue(stage="sheet guard", page=number, message=(
                    f"sheet {ws.title!r} spans {ws.dimensions} ({ws.max_row * ws.max_column:,} cells): read as a "
                    f"table of its {len(rows)} filled rows and their filled columns, without its drawing")))
                layout.blocks.append(_sheet_table(rows, number, len(list(layout.tables()))))
                continue
            rows = _grid(ws)
            if _is_plain_table(rows):
                layout.blocks.append(_sheet_table(rows, number, len(list(layout.tables()))))
                continue
            geo, words, xs, ys = sheet_geometry(ws)
            layout.pages[-1].width, layout.pages[-1].height = xs[-1], ys[-1]
            dp = position_blocks(ws, number, len(layout.boxes), xs, ys)
            if dp is None:
                reach = add_shapes(place(shapes.get(ws.title, []), xs, ys), geo, words)  # text boxes, connectors
                width, height = layout.pages[-1].width, layout.pages[-1].height = max(xs[-1], reach[0]), max(ys[-1], reach[1])
                dp = diagram_from_geometry(geo, words, width * height, number, len(layout.boxes))
            layout.blocks.extend(dp.paragraphs)
            layout.boxes.extend(dp.boxes)
            layout.connectors.extend(dp.connectors)
    finally:
        wb.close()
    return layout
