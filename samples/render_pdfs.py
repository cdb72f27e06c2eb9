"""Render each text sample into a PDF the way agencies publish them: a Word document exported to
PDF (here python-docx -> LibreOffice). Bordered tables with merged Sasaran cells, title rows
spanning the table, repeated header rows on every page, rows allowed to break across pages,
landscape sections for wide tables, a running head and a page-number footer.

    python samples/render_pdfs.py            # needs `soffice` (Debian: libreoffice-writer-nogui)

The PDFs are committed (samples/pdf/), so tests never need LibreOffice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import load  # noqa: E402
from ingest.columns import is_header_row, role_of  # noqa: E402
from ingest.layout import Layout, Paragraph, Table  # noqa: E402

TEXT = ROOT / "samples" / "text"
OUT = ROOT / "samples" / "pdf"


@dataclass(frozen=True)
class Style:
    borders: bool = True
    landscape_cols: int = 7  # tables this wide get a landscape section
    font: float = 9.0


# The seeds as published (bordered Word tables) and our own layouts. Each PDF is rendered from the
# text form with the same name, so the test can compare the records of both.
SAMPLES: dict[str, Style] = {
    "000_f36b6918ad0a50f1": Style(),
    "001_38a1594dae9657c6": Style(landscape_cols=5),
    "002_30a74892c45a1d80": Style(),
    "003_55ea08910ece3ae4": Style(),
    "004_22ba43ded69af889": Style(),
    "pdf_iku_borderless": Style(borders=False),
    "pdf_cascading_label_after": Style(),
    "pdf_lkjip_decimal_comma": Style(landscape_cols=6),
    "pdf_lkjip_dinkes": Style(landscape_cols=6, font=8.5),
}

_USABLE_PORTRAIT = 17.0  # cm of text width on A4 with 2 cm margins
_USABLE_LANDSCAPE = 25.7


def _field(paragraph, instr: str) -> None:
    run = paragraph.add_run()
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    run._r.append(fld)


def _page_setup(section, landscape: bool) -> None:
    a4 = (Cm(21.0), Cm(29.7))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (a4[1], a4[0]) if landscape else a4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))


def _single_text(texts: list[str]) -> bool:
    return sum(1 for t in texts if t.strip()) == 1 and bool(texts[0].strip())


def _col_widths(grid: list[list[str]], usable: float, font: float) -> list[float]:
    """Every column at least as wide as its longest word (so no word is broken inside a cell), the
    rest of the width shared by how much text each column holds."""
    n = len(grid[0])
    least: list[float] = []
    share: list[float] = []
    for j in range(n):
        col = [r[j] for r in grid if not _single_text(r) and r[j].strip()]
        # capitals in bold headers are wider than body text: count them at 1.3 letters
        longest = max((len(w) * (1.3 if w.isupper() else 1.0) for t in col for w in t.split()), default=2)
        avg = sum(len(t) for t in col) / len(col) if col else 2
        least.append((longest * font * 0.62 + 16) / 28.35)  # points -> cm
        share.append(min(avg, 80))
    spare = max(usable - sum(least), 0.0)
    total = sum(share) or 1.0
    return [a + spare * b / total for a, b in zip(least, share)]


def _mark_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _add_table(doc, table: Table, style: Style, usable_cm: float) -> None:
    width = table.n_cols
    full = [[(r.cells[i].text if i < len(r.cells) else "") for i in range(width)] for r in table.rows]
    heads = [r for r in table.rows[:5] if is_header_row(r)]
    named = max((max((j + 1 for j, c in enumerate(r.cells) if c.text.strip()), default=0) for r in heads), default=0)
    if 0 < named < width:  # a row printed wider than its header: the extras belong to its last column
        for row in full:
            if any(t.strip() for t in row[named:]):
                row[named - 1] = " ".join(t for t in row[named - 1:] if t.strip())
                row[named:] = [""] * (width - named)
    keep = [j for j in range(width) if any(row[j].strip() for row in full)]  # ragged TABs
    grid = [[row[j] for j in keep] for row in full]
    n = len(keep)
    header_idx = [i for i, r in enumerate(table.rows[:4]) if is_header_row(r)]
    roles = [role_of(grid[header_idx[0]][j]) if header_idx else None for j in range(n)]
    widths = _col_widths(grid, usable_cm, style.font)
    t = doc.add_table(rows=len(grid), cols=n)
    t.style = "Table Grid" if style.borders else None
    t.autofit = False
    for j, col in enumerate(t.columns):
        col.width = Cm(widths[j])
    for i, texts in enumerate(grid):
        row = t.rows[i]
        for j, text in enumerate(texts):
            cell = row.cells[j]
            cell.width = Cm(widths[j])
            para = cell.paragraphs[0]
            run = para.add_run(text)
            run.font.size = Pt(style.font)
            run.bold = i in header_idx
        if header_idx and i <= header_idx[-1] and i >= header_idx[0]:
            _mark_header(row)
    # title rows (one filled cell) span the table
    for i, texts in enumerate(grid):
        if _single_text(texts) and n > 1:
            t.cell(i, 0).merge(t.cell(i, n - 1))
    # merged Sasaran (and its number) over the indicator rows that share it
    first_data = header_idx[-1] + 1 if header_idx else 0
    for j, role in enumerate(roles):
        if role not in ("no", "sasaran"):
            continue
        top = None
        for i in range(first_data, len(grid)):
            texts = grid[i]
            if _single_text(texts) or not any(x.strip() for x in texts):
                top = None
                continue
            if texts[j].strip():
                top = i
            elif top is not None and any(x.strip() for x in texts[j + 1:]) and all(
                not grid[k][j].strip() for k in range(top + 1, i + 1)
            ):
                t.cell(top, j).merge(t.cell(i, j))
    doc.add_paragraph()


def _printed_cols(table: Table) -> int:
    return sum(1 for j in range(table.n_cols) if any(j < len(r.cells) and r.cells[j].text.strip() for r in table.rows))


def render_docx(layout: Layout, style: Style, running_head: str, out: Path) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10)
    section = doc.sections[0]
    _page_setup(section, landscape=False)
    header = section.header.paragraphs[0]
    header.text = running_head
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")
    landscape = False
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            p = doc.add_paragraph()
            run = p.add_run(block.text)
            run.bold = block.heading
            if block.heading:
                run.font.size = Pt(11)
            continue
        wide = _printed_cols(block) >= style.landscape_cols
        if wide != landscape:
            _page_setup(doc.add_section(WD_SECTION.NEW_PAGE), landscape=wide)
            landscape = wide
        _add_table(doc, block, style, _USABLE_LANDSCAPE if landscape else _USABLE_PORTRAIT)
    doc.save(out)


def _running_head(layout: Layout) -> str:
    heads = [b.text for b in layout.blocks[:6] if isinstance(b, Paragraph) and b.heading]
    text = " ".join(heads)[:90] or Path(layout.source_path).stem
    return re.sub(r"\s+", " ", text)


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("needs LibreOffice: apt-get install -y libreoffice-writer-nogui")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        docs: list[Path] = []
        for name, style in SAMPLES.items():
            layout = load(TEXT / f"{name}.txt")
            path = Path(tmp) / f"{name}.docx"
            render_docx(layout, style, _running_head(layout), path)
            docs.append(path)
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(OUT), *map(str, docs)],
            check=True,
            capture_output=True,
        )
    for name in SAMPLES:
        pdf = OUT / f"{name}.pdf"
        print(f"{pdf.relative_to(ROOT)}  {pdf.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
