"""The table-style matrix: every text sample rendered as a PDF in every table style a published
report uses, by five producers that lay pages out differently, so the PDF reader is tested on
styles and programs, not on one program's output of one style.

    python samples/render_styles.py                      # all documents x styles x producers
    python samples/render_styles.py STEM ...             # only these text samples
    python samples/render_styles.py --producers=ch ...   # only these producers

Producers:
- `lo`: a Word document (python-docx) exported by LibreOffice, on A4: how most agencies publish.
- `rl`: reportlab's platypus layout engine, on F4 (215 x 330 mm, the Indonesian folio): other
  fonts, other line spacing, tables split by its own rules.
- `ch`: an HTML page printed by headless Chromium, on US Letter in a serif font: rules painted
  as filled rectangles, not stroked lines; running heads as fixed boxes.
- `ty`: Typst's own layout engine, on ISO B5 in Libertinus Serif with justified paragraphs:
  rules stroked per cell edge, "Hal. n" page feet, wide tables on their own flipped pages.
- `wp`: HTML+CSS laid out by WeasyPrint (its own engine, Pango text), on A4 with a wide binding
  margin (JIS B6 for rows across pages) in DejaVu Sans Condensed: column widths from its automatic
  table layout, collapsed CSS borders (heavy frame, grey inner rules), wide padding, figures
  right-aligned, a ruled running head and "Halaman n dari m" in the page margin boxes, wide tables
  on named A4-landscape pages. A development-only dependency: `pip install '.[render]'`.

Styles (`STYLES`): full grid; horizontal rules only; open frame (no outer vertical rules, the
first and last columns outside the inner ones); no rules with a shaded header band; zebra rows;
centred header labels over left-aligned data with rules only around the header; two-level
headers (a spanning label over its sub-columns); rows allowed to break across pages on small
pages; landscape pages; a table continued without its header after a page break and a
"Lanjutan" line or after a note.

Every PDF is rendered from the text form with the same stem, so `tests/test_style_matrix.py` can
compare their records. The PDFs are committed (samples/styles/), so tests never need LibreOffice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import load  # noqa: E402
from ingest.columns import is_header_row  # noqa: E402
from ingest.layout import Layout, Paragraph, Table  # noqa: E402
from render_pdfs import _single_text  # noqa: E402  (a title row: one text, in its first cell)

TEXT = ROOT / "samples" / "text"
OUT = ROOT / "samples" / "styles"


@dataclass(frozen=True)
class Style:
    """How a table is drawn. Rules are named as in Word's border dialog."""

    outer_h: bool = True  # top and bottom rule of the table
    inner_h: bool = True  # rules between rows
    outer_v: bool = True  # left and right rule
    inner_v: bool = True  # rules between columns
    header_fill: bool = False
    zebra: bool = False
    centred_header: bool = False
    header_rule_only: bool = False  # rules above and below the header (and at the end), none between rows
    two_level: bool = False
    small_page: bool = False  # A5 (lo) / A6-wide (rl): rows break across pages
    landscape: bool = False
    continuation: bool = False  # tables split in two: the second part without a header
    repeat_header: bool = True
    titles_inside: bool = False  # a unit title above the header is a row of the table, not a line before it


STYLES: dict[str, Style] = {
    "grid": Style(titles_inside=True),
    "hrules": Style(outer_v=False, inner_v=False),
    "open": Style(outer_v=False),
    "norules": Style(outer_h=False, inner_h=False, outer_v=False, inner_v=False, header_fill=True),
    "zebra": Style(outer_h=False, inner_h=False, outer_v=False, inner_v=False, header_fill=True, zebra=True),
    "centred": Style(inner_h=False, outer_v=False, inner_v=False, centred_header=True, header_rule_only=True),
    "twolevel": Style(outer_v=False, inner_v=False, two_level=True, centred_header=True),
    "split": Style(small_page=True, titles_inside=True),
    "landscape": Style(outer_v=False, inner_v=False, landscape=True),
    "continued": Style(outer_v=False, inner_v=False, continuation=True, repeat_header=False),
}
PRODUCERS = ("lo", "rl", "ch", "ty", "wp")
_FONT = 8.0
_FILL = "D9D9D9"
_ZEBRA = "EEF3FA"


# --- the document to draw, the same for both producers -------------------------------------------


@dataclass
class DrawnTable:
    rows: list[list[str]]  # printed cells; header rows first
    n_header: int  # rows at the top that are the header
    spans: list[tuple[int, int, int, int]]  # (row0, col0, row1, col1) merged cells, inclusive
    titles: set[int]  # rows of one text spanning the table (a unit or group title)


def _grid_of(table: Table) -> list[list[str]]:
    width = table.n_cols
    full = [[(r.cells[i].text if i < len(r.cells) else "") for i in range(width)] for r in table.rows]
    keep = [j for j in range(width) if any(row[j].strip() for row in full)]
    return [[row[j] for j in keep] for row in full]


def _drawn(table: Table, style: Style) -> DrawnTable:
    grid = _grid_of(table)
    n = len(grid[0]) if grid else 0
    head = [i for i, r in enumerate(table.rows[:4]) if is_header_row(r)]
    n_header = head[-1] + 1 if head and head[0] == 0 else 0
    spans: list[tuple[int, int, int, int]] = []
    if style.two_level and n_header == 1:
        grid, spans = _two_level(grid)
        n_header = 2 if spans else 1
    titles = {i for i, r in enumerate(grid) if i >= n_header and _single_text(r) and n > 1}
    spans += [(i, 0, i, n - 1) for i in sorted(titles)]
    return DrawnTable(grid, n_header, spans, titles)


_GROUP = re.compile(r"^(\w+(?:\s+\w+)?)\s+((?:tahun\s+)?(?:19|20)\d\d|tw\.?\s*[1-4IV]+|\(?%\)?|\(rp\)?)$", re.I)


def _two_level(grid: list[list[str]]) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Split a one-line header into a group row over a sub-label row where labels share a first
    word ("Target 2021 | Target 2022" -> "Target" over "2021 | 2022"), and put "Kinerja" over a
    Target | Realisasi | Capaian run; every other label spans both rows."""
    head = grid[0]
    top, sub = list(head), [""] * len(head)
    groups: list[tuple[int, int]] = []
    j = 0
    while j < len(head):
        m = _GROUP.match(head[j].strip())
        k = j
        if m:
            while k + 1 < len(head) and (m2 := _GROUP.match(head[k + 1].strip())) and m2.group(1).lower() == m.group(1).lower():
                k += 1
        if m and k > j:
            top[j : k + 1] = [m.group(1)] + [""] * (k - j)
            for c in range(j, k + 1):
                sub[c] = _GROUP.match(head[c].strip()).group(2)  # type: ignore[union-attr]
            groups.append((j, k))
            j = k + 1
            continue
        j += 1
    if not groups:  # no shared first words: a "Kinerja" band over the target..capaian run
        roles = [h.strip().lower().split(" ")[0] for h in head]
        run = [c for c, r in enumerate(roles) if r in ("target", "realisasi", "capaian")]
        if len(run) >= 2 and run == list(range(run[0], run[-1] + 1)):
            top[run[0] : run[-1] + 1] = ["Kinerja"] + [""] * (len(run) - 1)
            sub[run[0] : run[-1] + 1] = [head[c] for c in run]
            groups.append((run[0], run[-1]))
    if not groups:
        return grid, []
    grouped = {c for a, b in groups for c in range(a, b + 1)}
    spans = [(0, a, 0, b) for a, b in groups]
    spans += [(0, c, 1, c) for c in range(len(head)) if c not in grouped]
    return [top, sub, *grid[1:]], spans


def _parts(d: DrawnTable, style: Style) -> list[DrawnTable]:
    """The table as printed: in the continuation style, cut in two after the middle data row, the
    second part without its header."""
    body = len(d.rows) - d.n_header
    if not style.continuation or body < 6:
        return [d]
    cut = d.n_header + body // 2
    while cut < len(d.rows) and cut in d.titles:
        cut += 1
    if cut >= len(d.rows) - 1:
        return [d]

    def part(lo: int, hi: int, shift: int) -> DrawnTable:
        spans = [(a - shift, b, c - shift, e) for a, b, c, e in d.spans if lo <= a and c < hi]
        return DrawnTable(d.rows[lo:hi], d.n_header if lo == 0 else 0, spans, {t - shift for t in d.titles if lo <= t < hi})

    rest = part(cut, len(d.rows), cut)
    return [part(0, cut, 0), rest]


def _blocks(layout: Layout, style: Style) -> list[Paragraph | DrawnTable]:
    out: list[Paragraph | DrawnTable] = []
    for b in layout.blocks:
        if isinstance(b, Paragraph):
            out.append(b)
            continue
        rows = list(b.rows)
        head = next((i for i, r in enumerate(rows[:4]) if is_header_row(r)), 0)
        if not style.titles_inside and 0 < head and all(_single_text(r.texts) for r in rows[:head]):
            out += [Paragraph(r.cells[0].text, page=r.page, heading=True) for r in rows[:head]]
            b = Table(rows=rows[head:], page=b.page)
        if b.rows and _grid_of(b) and _grid_of(b)[0]:
            out.append(_drawn(b, style))
    return out


def _wide(d: DrawnTable) -> bool:
    return len(d.rows[0]) >= 7


def _widths(d: DrawnTable, usable: float) -> list[float]:
    """Column widths in points: each column's least width first, the spare shared by content."""
    n = len(d.rows[0])
    least = []
    share = []
    for j in range(n):
        col = [r[j] for i, r in enumerate(d.rows) if i not in d.titles and r[j].strip()]
        longest = max((len(w) * (1.25 if w.isupper() else 1.0) for t in col for w in t.split()), default=2)
        avg = sum(len(t) for t in col) / len(col) if col else 2
        least.append(longest * _FONT * 0.62 + 16)  # the cell padding of both producers included
        share.append(min(avg, 80))
    if sum(least) > usable:  # too wide for the page: narrower columns, longer words wrap
        return [a * usable / sum(least) for a in least]
    spare = usable - sum(least)
    total = sum(share) or 1.0
    return [a + spare * b / total for a, b in zip(least, share)]


def _merged(d: DrawnTable) -> tuple[dict[tuple[int, int], tuple[int, int]], set[tuple[int, int]]]:
    """Merged cells as markup needs them: (rows, columns) spanned from each merged cell's first
    cell, and the cells it covers, which print nothing of their own."""
    spans = {(a, b): (c - a + 1, e - b + 1) for a, b, c, e in d.spans}
    covered: set[tuple[int, int]] = set()
    for a, b, c, e in d.spans:
        covered |= {(i, j) for i in range(a, c + 1) for j in range(b, e + 1)} - {(a, b)}
    return spans, covered


def _running_head(layout: Layout) -> str:
    heads = [b.text for b in layout.blocks[:6] if isinstance(b, Paragraph) and b.heading]
    text = " ".join(heads)[:80] or Path(layout.source_path).stem
    return re.sub(r"\s+", " ", text)


# --- producer 1: Word document -> LibreOffice ------------------------------------------------------


def _docx(layout: Layout, style: Style, out: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    def page_setup(section, landscape: bool) -> float:
        w, h = (Cm(14.8), Cm(21.0)) if style.small_page else (Cm(21.0), Cm(29.7))
        landscape = landscape or style.landscape
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (h, w) if landscape else (w, h)
        margin = Cm(1.5) if style.small_page else Cm(2.0)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, margin)
        return (section.page_width - 2 * margin) / 12700  # EMU -> points

    def borders(el_parent, tag: str, sides: dict[str, bool]) -> None:
        el = OxmlElement(tag)
        for side, on in sides.items():
            b = OxmlElement(f"w:{side}")
            b.set(qn("w:val"), "single" if on else "nil")
            if on:
                b.set(qn("w:sz"), "6")
                b.set(qn("w:color"), "000000")
            el.append(b)
        el_parent.append(el)

    def shade(cell, fill: str) -> None:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shd)

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10)
    section = doc.sections[0]
    usable = page_setup(section, landscape=False)
    header = section.header.paragraphs[0]
    header.text = _running_head(layout)
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run()
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    run._r.append(fld)
    landscape = False
    for block in _blocks(layout, style):
        if isinstance(block, Paragraph):
            p = doc.add_paragraph()
            run = p.add_run(block.text)
            run.bold = block.heading
            if block.heading:
                run.font.size = Pt(11)
            continue
        if _wide(block) != landscape and not style.landscape:
            landscape = _wide(block)
            usable = page_setup(doc.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)
        widths = _widths(block, usable)
        for k, part in enumerate(_parts(block, style)):
            if k:
                brk = doc.add_paragraph()
                brk.add_run().add_break(WD_BREAK.PAGE)
                doc.add_paragraph().add_run("Lanjutan").italic = True
            t = doc.add_table(rows=len(part.rows), cols=len(part.rows[0]))
            t.autofit = False
            tbl_pr = t._tbl.tblPr
            borders(tbl_pr, "w:tblBorders", {
                "top": style.outer_h, "left": style.outer_v, "bottom": style.outer_h,
                "right": style.outer_v, "insideH": style.inner_h, "insideV": style.inner_v,
            })
            for j, col in enumerate(t.columns):
                col.width = Pt(widths[j])
            for i, texts in enumerate(part.rows):
                row = t.rows[i]
                is_head = i < part.n_header
                for j, text in enumerate(texts):
                    cell = row.cells[j]
                    cell.width = Pt(widths[j])
                    para = cell.paragraphs[0]
                    if text:  # an empty run would be carried into a merged cell as a blank line
                        run = para.add_run(text)
                        run.font.size = Pt(_FONT)
                        run.bold = is_head
                    if is_head and style.centred_header:
                        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    if is_head and style.header_fill:
                        shade(cell, _FILL)
                    elif style.zebra and (i - part.n_header) % 2 == 1:
                        shade(cell, _ZEBRA)
                    if style.header_rule_only and is_head and i == part.n_header - 1:
                        borders(cell._tc.get_or_add_tcPr(), "w:tcBorders", {"bottom": True})
                if is_head and style.repeat_header:
                    el = OxmlElement("w:tblHeader")
                    el.set(qn("w:val"), "true")
                    row._tr.get_or_add_trPr().append(el)
            for a, b, c, e in part.spans:
                t.cell(a, b).merge(t.cell(c, e))
        doc.add_paragraph()
    doc.save(out)


# --- producer 2: reportlab ---------------------------------------------------------------------------


def _reportlab(layout: Layout, style: Style, out: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A5, landscape as turned
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import NextPageTemplate, PageBreak, PageTemplate, Frame, BaseDocTemplate
    from reportlab.platypus import Paragraph as RLParagraph, Spacer, Table as RLTable, TableStyle

    f4 = (215 * mm, 330 * mm)
    portrait = A5 if style.small_page else f4
    margin = 12 * mm if style.small_page else 22 * mm
    head = _running_head(layout)

    def furniture(canvas, doc) -> None:
        w, h = canvas._pagesize
        canvas.setFont("Helvetica-Oblique", 7)
        canvas.drawString(margin, h - margin / 2, head)
        canvas.drawCentredString(w / 2, margin / 2, f"- {doc.page} -")

    def template(name: str, size: tuple[float, float]) -> PageTemplate:
        frame = Frame(margin, margin, size[0] - 2 * margin, size[1] - 2 * margin, id=name)
        return PageTemplate(id=name, frames=[frame], pagesize=size, onPage=furniture)

    first = turned(portrait) if style.landscape else portrait
    doc = BaseDocTemplate(str(out), pagesize=first, title=head, author="kinerja samples")
    doc.addPageTemplates([template("tall", first), template("wide", turned(portrait))])
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12)
    bold = ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=4)
    cell_style = ParagraphStyle("cell", fontName="Helvetica", fontSize=_FONT, leading=_FONT * 1.2)
    head_style = ParagraphStyle("head", parent=cell_style, fontName="Helvetica-Bold")
    head_centred = ParagraphStyle("headc", parent=head_style, alignment=TA_CENTER)
    story: list = []
    wide_now = style.landscape

    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    for block in _blocks(layout, style):
        if isinstance(block, Paragraph):
            story.append(RLParagraph(esc(block.text) or "&nbsp;", bold if block.heading else body))
            continue
        wide = _wide(block) or style.landscape
        if wide != wide_now:
            story += [NextPageTemplate("wide" if wide else "tall"), PageBreak()]
            wide_now = wide
        size = turned(portrait) if wide else portrait
        widths = _widths(block, size[0] - 2 * margin - 2)
        for k, part in enumerate(_parts(block, style)):
            if k:
                story.append(RLParagraph("<i>*) angka sementara</i>", body))
            data = [
                [RLParagraph(esc(t), (head_centred if style.centred_header else head_style) if i < part.n_header else cell_style) for t in texts]
                for i, texts in enumerate(part.rows)
            ]
            last = len(data) - 1
            cmds: list = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTSIZE", (0, 0), (-1, -1), _FONT)]
            if style.outer_h:
                cmds += [("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.black), ("LINEBELOW", (0, last), (-1, last), 0.6, colors.black)]
            if style.inner_h:
                cmds.append(("LINEBELOW", (0, 0), (-1, last - 1), 0.4, colors.black))
            if style.outer_v:
                cmds += [("LINEBEFORE", (0, 0), (0, -1), 0.6, colors.black), ("LINEAFTER", (-1, 0), (-1, -1), 0.6, colors.black)]
            if style.inner_v:
                cmds.append(("LINEAFTER", (0, 0), (-2, -1), 0.4, colors.black))
            if style.header_rule_only and part.n_header:
                cmds.append(("LINEBELOW", (0, part.n_header - 1), (-1, part.n_header - 1), 0.6, colors.black))
            if style.header_fill and part.n_header:
                cmds.append(("BACKGROUND", (0, 0), (-1, part.n_header - 1), colors.HexColor("#" + _FILL)))
            if style.zebra and last >= part.n_header:
                cmds.append(("ROWBACKGROUNDS", (0, part.n_header), (-1, -1), [colors.white, colors.HexColor("#" + _ZEBRA)]))
            cmds += [("SPAN", (b, a), (e, c)) for a, b, c, e in part.spans]
            table = RLTable(
                data, colWidths=widths, repeatRows=part.n_header if style.repeat_header else 0,
                splitInRow=1 if style.small_page else 0, hAlign="LEFT",
            )
            table.setStyle(TableStyle(cmds))
            story.append(table)
        story.append(Spacer(1, 8))
    doc.build(story)


# --- producer 3: HTML printed by a browser engine -------------------------------------------------


def _html(layout: Layout, style: Style) -> str:
    """The document as an HTML page for Chromium to print: US Letter, a serif font, borders painted
    as filled rectangles by Skia rather than stroked lines, running heads as fixed boxes, headers
    repeated by <thead>, wide tables on named landscape pages."""
    from html import escape

    small = style.small_page
    size = "A5" if small else "letter"
    margin = "12mm" if small else "20mm"
    usable_tall = (148 - 24) / 25.4 * 72 if small else (215.9 - 40) / 25.4 * 72
    usable_wide = (210 - 24) / 25.4 * 72 if small else (279.4 - 40) / 25.4 * 72
    rule = "0.6pt solid #000"
    css = [
        f"@page {{ size: {size}{' landscape' if style.landscape else ''}; margin: {margin}; }}",
        f"@page wide {{ size: {size} landscape; margin: {margin}; }}",
        "body { font-family: 'DejaVu Serif'; font-size: 9.5pt; margin: 0; }",
        ".wide { page: wide; }",
        ".head { position: fixed; top: -12mm; left: 0; font-size: 7pt; font-style: italic; }",
        "h3 { font-size: 11pt; margin: 6pt 0 3pt 0; } p { margin: 0 0 4pt 0; }",
        f"table {{ border-collapse: collapse; table-layout: fixed; font-size: {_FONT}pt; margin-bottom: 8pt; }}",
        "td, th { padding: 1.5pt 3pt; vertical-align: top; text-align: left; font-weight: normal; }",
        "th { font-weight: bold; }",
        "tr { break-inside: %s; }" % ("auto" if small else "avoid"),
    ]
    if small:  # a small page prints its tables smaller and tighter, as Word's "autofit to window" does
        css.append("table { font-size: 6.5pt; } td, th { padding: 2pt 2.5pt; }")
    if style.outer_h:
        css.append(f"table {{ border-top: {rule}; border-bottom: {rule}; }}")
    if style.outer_v:
        css.append(f"table {{ border-left: {rule}; border-right: {rule}; }}")
    if style.inner_h:
        css.append(f"td, th {{ border-bottom: 0.4pt solid #000; }}")
    if style.inner_v:
        css.append(f"td + td, th + th, td + th, th + td {{ border-left: 0.4pt solid #000; }}")
    if style.header_rule_only:
        css.append(f"thead tr:last-child th {{ border-bottom: {rule}; }}")
    if style.centred_header:
        css.append("th { text-align: center; }")
    if style.header_fill:
        css.append(f"th {{ background: #{_FILL}; }}")
    if style.zebra:
        css.append(f"tbody tr:nth-child(even) td {{ background: #{_ZEBRA}; }}")
    out = ["<!doctype html><html><head><meta charset='utf-8'><style>", *css, "</style></head><body>"]
    out.append(f"<div class='head'>{escape(_running_head(layout))}</div>")
    for block in _blocks(layout, style):
        if isinstance(block, Paragraph):
            tag = "h3" if block.heading else "p"
            out.append(f"<{tag}>{escape(block.text) or '&nbsp;'}</{tag}>")
            continue
        wide = _wide(block) and not style.landscape
        widths = _widths(block, usable_wide if (wide or style.landscape) else usable_tall)
        if wide:
            out.append("<div class='wide'>")
        for k, part in enumerate(_parts(block, style)):
            if k:
                out.append("<p style='break-before: page'><i>Lanjutan</i></p>")
            spans, covered = _merged(part)
            out.append("<table><colgroup>" + "".join(f"<col style='width:{w:.1f}pt'>" for w in widths) + "</colgroup>")
            for i, texts in enumerate(part.rows):
                if i == 0 and part.n_header:
                    out.append("<thead>" if style.repeat_header else "<tbody>")
                if i == part.n_header:
                    out.append(("</thead>" if style.repeat_header else "</tbody>") * bool(part.n_header) + "<tbody>")
                tag = "th" if i < part.n_header else "td"
                cells = []
                for j, text in enumerate(texts):
                    if (i, j) in covered:
                        continue
                    rs, cs = spans.get((i, j), (1, 1))
                    attrs = (f" rowspan={rs}" if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")
                    cells.append(f"<{tag}{attrs}>{escape(text)}</{tag}>")
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</tbody></table>")
        if wide:
            out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)


def _print_html(pages: list[Path]) -> None:
    """Chromium prints each page to a PDF beside it (one browser start per page)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        sys.exit("needs Chromium: apt-get install -y chromium")
    for page in pages:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--print-to-pdf={page.with_suffix('.pdf')}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )
        _pack(page.with_suffix(".pdf"))


def _pack(pdf: Path) -> None:
    """Chromium and Typst write loose objects: packed into object streams, a third to half the size."""
    if shutil.which("qpdf"):
        packed = pdf.with_suffix(".packed.pdf")
        subprocess.run(
            ["qpdf", "--object-streams=generate", "--recompress-flate", "--compression-level=9", str(pdf), str(packed)],
            check=True, capture_output=True,
        )
        packed.replace(pdf)


# --- producer 4: Typst -------------------------------------------------------------------------------


def _lit(text: str) -> str:
    """A Typst string literal: markup characters in the text stay text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typst_table(part: DrawnTable, style: Style, widths: list[float]) -> list[str]:
    """One table part as a Typst `table(...)` call: each cell edge stroked or not by the style,
    fills by row, merged cells as rowspan/colspan, the header rows in `table.header`."""
    n, m, nh = len(part.rows[0]), len(part.rows), part.n_header
    rule, thin = "0.7pt + black", "0.35pt + black"

    def edge(on: bool, width: str = thin) -> str:
        return f"{{ {width if on else 'none'} }}"

    below_header = edge(style.header_rule_only or style.inner_h, rule)
    stroke = (
        f"(x, y) => (left: if x == 0 {edge(style.outer_v, rule)} else {edge(style.inner_v)},"
        f" right: if x == {n - 1} {edge(style.outer_v, rule)} else {{ none }},"
        f" top: if y == 0 {edge(style.outer_h, rule)} else if y == {nh} {below_header} else {edge(style.inner_h)},"
        f" bottom: if y == {m - 1} {edge(style.outer_h, rule)} else {{ none }})"
    )
    fills = []
    if style.header_fill:
        fills.append(f'if y < {nh} {{ rgb("#{_FILL}") }}')
    if style.zebra:
        fills.append(f'if y >= {nh} and calc.odd(y - {nh}) {{ rgb("#{_ZEBRA}") }}')
    fill = "(x, y) => " + (" else ".join(fills) + " else { none }" if fills else "none")
    spans, covered = _merged(part)

    def row(i: int) -> str:
        cells = []
        for j, text in enumerate(part.rows[i]):
            if (i, j) in covered:
                continue
            rs, cs = spans.get((i, j), (1, 1))
            args = (f"rowspan: {rs}, " if rs > 1 else "") + (f"colspan: {cs}, " if cs > 1 else "")
            content = _lit(text)
            if i < nh:
                args += f"align: {'center' if style.centred_header else 'left'}, "
                content = f'text(weight: "bold", {content})'
            cells.append(f"table.cell({args}{content})")
        return "  " + ", ".join(cells) + ","

    cols = ", ".join(f"{w:.1f}pt" for w in widths)
    out = [f"#table(columns: ({cols},), inset: (x: 3.5pt, y: 2.5pt), stroke: {stroke}, fill: {fill},"]
    if nh:
        out += [f"  table.header(repeat: {str(style.repeat_header).lower()},", *(row(i) for i in range(nh)), "  ),"]
    out += [row(i) for i in range(nh, m)]
    return out + [")"]


def _typst(layout: Layout, style: Style) -> str:
    """The document as Typst markup: ISO B5 pages (A6 when rows break across pages), Libertinus
    Serif, justified paragraphs, the running head on the right and "Hal. n" at the foot, rules
    stroked per cell edge by Typst's own grid layout, wide tables on their own flipped pages."""
    small = style.small_page
    paper, margin_mm, width_mm, height_mm = ("a6", 10, 105, 148) if small else ("iso-b5", 18, 176, 250)
    tall = (width_mm - 2 * margin_mm) / 25.4 * 72
    wide_w = (height_mm - 2 * margin_mm) / 25.4 * 72
    out = [
        f'#set page(paper: "{paper}", flipped: {str(style.landscape).lower()}, margin: {margin_mm}mm,',
        f'  header: align(right, text(6.5pt, style: "italic", {_lit(_running_head(layout))})),',
        "  footer: context align(center, text(7pt)[Hal. #counter(page).display()]))",
        '#set text(font: "Libertinus Serif", size: 9.5pt, lang: "id")',
        "#set par(justify: true, leading: 0.55em)",
        f"#set table.cell(breakable: {str(small).lower()})",
        f"#show table: set text(size: {_FONT}pt)",
        "#show table: set par(justify: false)",
    ]
    for block in _blocks(layout, style):
        if isinstance(block, Paragraph):
            if block.heading:
                out.append(f'#block(above: 8pt, below: 4pt, text(11pt, weight: "bold", {_lit(block.text)}))')
            else:
                out.append(f"#block(below: 4pt, {_lit(block.text)})" if block.text else "#v(6pt)")
            continue
        wide = _wide(block) and not style.landscape
        widths = _widths(block, wide_w if (wide or style.landscape) else tall)
        body: list[str] = []
        for k, part in enumerate(_parts(block, style)):
            if k:
                body += ["#pagebreak()", '#block(below: 4pt, emph("Lanjutan tabel"))']
            body += _typst_table(part, style, widths)
        out += ["#page(flipped: true)[", *body, "]"] if wide else body
        out.append("#v(8pt)")
    return "\n".join(out) + "\n"


def _compile_typst(source: str, pdf: Path) -> None:
    try:
        import typst
    except ImportError:
        sys.exit("needs the Typst compiler: pip install typst")
    src = pdf.with_suffix(".typ")
    src.write_text(source, encoding="utf-8")
    try:
        typst.compile(str(src), output=str(pdf))
    finally:
        src.unlink()
    _pack(pdf)


# --- producer 5: WeasyPrint ---------------------------------------------------------------------------

_WP_FILL = "DCE6F1"  # the pale blue of a Word "table style" header
_WP_ZEBRA = "F2F2F2"
_FIGURES = re.compile(r"^[\s\d.,%+\-\u2013()/]+$")  # a cell of figures only


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _weasy_html(layout: Layout, style: Style) -> str:
    """The document as HTML+CSS for WeasyPrint's own layout engine: A4 with a wider binding margin
    on the left (JIS B6 when rows break across pages), DejaVu Sans Condensed, tables at the full
    text width with columns sized by WeasyPrint's automatic table layout (not our widths),
    collapsed CSS borders (a heavier dark frame, thinner grey inner rules), generous cell padding,
    figures right-aligned and header labels centred on their height, <thead> repeated on every
    page, the running head over a rule and "Halaman n dari m" in the page's margin boxes, wide
    tables on named A4-landscape pages, and a continued table's second part after a note and a
    page break with no "Lanjutan" line."""
    from html import escape

    small = style.small_page
    size = "128mm 182mm" if small else "A4"
    wide_size = "182mm 128mm" if small else "A4 landscape"
    margin = "11mm 7mm 13mm 10mm" if small else "22mm 16mm 20mm 28mm"
    frame, inner = "1pt solid #1a1a1a", "0.5pt solid #595959"
    head = _css_string(_running_head(layout))
    furniture = (
        f"@top-left {{ content: {head}; font-family: 'DejaVu Sans'; font-size: 6.5pt; color: #333; vertical-align: bottom;"
        " border-bottom: 0.4pt solid #7f7f7f; width: 100%; padding-bottom: 2pt; }"
        " @bottom-right { content: 'Halaman ' counter(page) ' dari ' counter(pages); font-family: 'DejaVu Sans'; font-size: 7pt; }"
    )
    css = [
        f"@page {{ size: {wide_size if style.landscape else size}; margin: {margin}; {furniture} }}",
        f"@page wide {{ size: {wide_size}; margin: {margin}; {furniture} }}",
        "body { font-family: 'DejaVu Sans Condensed', 'DejaVu Sans'; font-stretch: condensed; font-size: 9pt;"
        " line-height: 1.35; margin: 0; }",
        ".wide { page: wide; }",
        "h3 { font-size: 10.5pt; margin: 9pt 0 4pt 0; } p { margin: 0 0 5pt 0; }",
        ".note { font-size: 7.5pt; margin-top: 3pt; }",
        "table { border-collapse: collapse; table-layout: auto; width: 100%; font-size: 7.5pt;"
        " line-height: 1.25; margin: 2pt 0 10pt 0; }",
        "td, th { padding: 3pt 4.5pt; vertical-align: top; text-align: left; font-weight: normal; }",
        "th { font-weight: bold; vertical-align: middle; padding: 4pt 4.5pt; }",
        "td.fig { text-align: right; }",
        "tr { break-inside: %s; }" % ("auto" if small else "avoid"),
    ]
    if small:  # a small page prints its tables smaller and tighter, as Word's "autofit to window" does
        css.append("table { font-size: 6.5pt; } td, th { padding: 2pt 2.5pt; }")
    if style.outer_h:
        css.append(f"table {{ border-top: {frame}; border-bottom: {frame}; }}")
    if style.outer_v:
        css.append(f"table {{ border-left: {frame}; border-right: {frame}; }}")
    if style.inner_h:
        css.append(f"tr + tr > td, tr + tr > th, tbody tr > td {{ border-top: {inner}; }}")
    if style.inner_v:
        css.append(f"td + td, th + th, td + th, th + td {{ border-left: {inner}; }}")
    if style.header_rule_only:
        css.append(f"thead tr:last-child th, tbody.head tr:last-child th {{ border-bottom: {frame}; }}")
    if style.centred_header:
        css.append("th { text-align: center; }")
    if style.header_fill:
        css.append(f"th {{ background: #{_WP_FILL}; }}")
    if style.zebra:
        css.append(f"tbody.body tr:nth-child(even) td {{ background: #{_WP_ZEBRA}; }}")
    out = ["<!doctype html><html lang='id'><head><meta charset='utf-8'><style>", *css, "</style></head><body>"]
    for block in _blocks(layout, style):
        if isinstance(block, Paragraph):
            tag = "h3" if block.heading else "p"
            out.append(f"<{tag}>{escape(block.text) or '&nbsp;'}</{tag}>")
            continue
        # on a small page a table of five columns already needs the page turned: its columns
        # cannot get narrower than their longest words
        wide = (_wide(block) or (small and len(block.rows[0]) >= 5)) and not style.landscape
        if wide:
            out.append("<div class='wide'>")
        for k, part in enumerate(_parts(block, style)):
            if k:
                out.append("<p class='note'>Catatan: capaian dihitung terhadap target tahun berjalan.</p>")
            spans, covered = _merged(part)
            out.append("<table style='break-before: page'>" if k else "<table>")
            for i, texts in enumerate(part.rows):
                if i == 0 and part.n_header:
                    out.append("<thead>" if style.repeat_header else "<tbody class='head'>")
                if i == part.n_header:
                    out.append(("</thead>" if style.repeat_header else "</tbody>") * bool(part.n_header) + "<tbody class='body'>")
                tag = "th" if i < part.n_header else "td"
                cells = []
                for j, text in enumerate(texts):
                    if (i, j) in covered:
                        continue
                    rs, cs = spans.get((i, j), (1, 1))
                    attrs = (f" rowspan={rs}" if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")
                    if tag == "td" and text.strip() and _FIGURES.match(text) and any(ch.isdigit() for ch in text):
                        attrs += " class='fig'"
                    cells.append(f"<{tag}{attrs}>{escape(text)}</{tag}>")
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</tbody></table>")
        if wide:
            out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)


def _weasyprint(source: str, pdf: Path) -> None:
    try:
        import weasyprint
    except ImportError:
        sys.exit("needs WeasyPrint: pip install '.[render]' (and the Pango library)")
    weasyprint.HTML(string=source, base_url=str(ROOT)).write_pdf(pdf)
    _pack(pdf)


# --- main ----------------------------------------------------------------------------------------------


def render(stems: list[str], producers: tuple[str, ...] = PRODUCERS) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None and "lo" in producers:
        sys.exit("needs LibreOffice: apt-get install -y libreoffice-writer-nogui")
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        docs: list[Path] = []
        pages: list[Path] = []
        for stem in stems:
            layout = load(TEXT / f"{stem}.txt")
            for name, style in STYLES.items():
                if "lo" in producers:
                    path = Path(tmp) / f"{stem}__{name}__lo.docx"
                    _docx(layout, style, path)
                    docs.append(path)
                if "rl" in producers:
                    pdf = OUT / f"{stem}__{name}__rl.pdf"
                    _reportlab(layout, style, pdf)
                    made.append(pdf)
                if "ty" in producers:
                    pdf = OUT / f"{stem}__{name}__ty.pdf"
                    _compile_typst(_typst(layout, style), pdf)
                    made.append(pdf)
                if "wp" in producers:
                    pdf = OUT / f"{stem}__{name}__wp.pdf"
                    _weasyprint(_weasy_html(layout, style), pdf)
                    made.append(pdf)
                if "ch" in producers:
                    page = Path(tmp) / f"{stem}__{name}__ch.html"
                    page.write_text(_html(layout, style), encoding="utf-8")
                    pages.append(page)
        for k in range(0, len(docs), 40):
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(OUT), *map(str, docs[k : k + 40])],  # type: ignore[list-item]
                check=True, capture_output=True,
            )
        made += [OUT / f"{d.stem}.pdf" for d in docs]
        _print_html(pages)
        for page in pages:
            made.append(OUT / page.with_suffix(".pdf").name)
            shutil.move(page.with_suffix(".pdf"), made[-1])
    return made


def main() -> None:
    args = sys.argv[1:]
    producers = PRODUCERS
    if args and args[0].startswith("--producers="):
        producers = tuple(args.pop(0).split("=", 1)[1].split(","))
    stems = args or sorted(p.stem for p in TEXT.glob("*.txt"))
    for pdf in sorted(render(stems, producers)):
        print(f"{pdf.relative_to(ROOT)}  {pdf.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
