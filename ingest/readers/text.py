"""Reader for text conversions of PDFs: TAB-separated table rows, markdown and LaTeX noise.

A line with a TAB is a table row; consecutive rows form a table and a blank line ends it (a table
cut by a page break comes back as two tables, which `ingest.stitch` joins). Other lines are
paragraphs. Form feeds count as page breaks. Markdown pipe tables (`| a | b |`) are rows too.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ingest.layout import Cell, Layout, Page, Paragraph, Row, Table

_HTML_TAG = re.compile(r"</?(?:i|b|u|em|strong|sup|sub|span|br|p)\b[^>]*>", re.I)
_HTML_TABLE = re.compile(r"<table\b.*?</table>", re.I | re.S)
_ANY_TAG = re.compile(r"<[^>]+>")
# Only real table tags: a printed "<60" inside a cell is text, not a tag.
_TABLE_TAG = re.compile(r"</?(?:table|thead|tbody|tfoot|tr|th|td|caption)\b[^>]*>", re.I)
_CELL_SPLIT = re.compile(r"</?(?:table|thead|tbody|tfoot|tr|caption)\b[^>]*>|</?t[hd]\b[^>]*>", re.I)
_LATEX_TEXT = re.compile(r"\\(?:text|mathrm|textbf|mathbf|operatorname)\{([^{}]*)\}")
_LATEX_SYMBOLS = {
    r"\times": "×",
    r"\cdot": "·",
    r"\div": ":",
    r"\Sigma": "Σ",
    r"\sum": "Σ",
    r"\leq": "≤",
    r"\geq": "≥",
    r"\le": "≤",
    r"\ge": "≥",
    r"\%": "%",
    r"\,": " ",
    r"\;": " ",
    r"\ ": " ",
}
_ARROWS = re.compile(r"[➔→⇒►▶➜➤]")
_RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
# A markdown table's rule row printed without outer pipes ("---|---|---"): part of the table.
_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?$")
_SPACES = re.compile(r"[ \u00a0\u2002\u2003\u2009]+")


def clean_inline(text: str) -> str:
    """Strip markdown emphasis, HTML tags and LaTeX wrappers; keep every printed character."""
    if "<table" in text.lower():
        text = _HTML_TABLE.sub(lambda m: " " + _TABLE_TAG.sub(" ", m.group(0)) + " ", text)
    text = _HTML_TAG.sub("", text)
    if "$" in text or "\\" in text:
        text = _LATEX_TEXT.sub(r"\1", text)
        for k, v in _LATEX_SYMBOLS.items():
            text = text.replace(k, v)
        text = text.replace("$$", "").replace("$", "")
    text = text.replace("**", "").replace("__", "")
    text = _ARROWS.sub(" ", text)
    text = re.sub(r"^\s*#{1,6}\s*", "", text)
    return _SPACES.sub(" ", text).strip()


def _split_pipe_row(line: str) -> list[str] | None:
    s = line.strip()
    if s.startswith("|") and s.endswith("|") and s.count("|") >= 3:
        return [c for c in s[1:-1].split("|")]
    return None


def _nested_cells(raw_cells: list[str]) -> tuple[int, list[str]] | None:
    """The cell holding an HTML table and that table's cell texts, in order."""
    for i, c in enumerate(raw_cells):
        m = _HTML_TABLE.search(c)
        if m:
            parts = (clean_inline(t) for t in _CELL_SPLIT.split(m.group(0)))
            return i, [t for t in parts if t]
    return None


def _is_run_of(texts: list[str], tokens: list[str]) -> bool:
    """texts appear in tokens in the same order (a printed copy of part of a nested table)."""
    k = 0
    for t in texts:
        while k < len(tokens) and tokens[k] != t:
            k += 1
        if k == len(tokens):
            return False
        k += 1
    return bool(texts)


class _NestedTable:
    """A cell that holds an HTML table. The conversion prints that table three times: inside the
    cell, again as the cells that follow it on the same line, and again as rows below; the rest
    of the cell comes after those rows as a one-cell row. Fold it all back into the cell so the
    outer table keeps one row per record and its own width."""

    def __init__(self, row: Row, index: int, tokens: list[str]) -> None:
        self.row, self.index, self.tokens, self.copies = row, index, tokens, 0

    @staticmethod
    def strip_copy(raw_cells: list[str]) -> tuple[list[str], "tuple[int, list[str]] | None"]:
        found = _nested_cells(raw_cells)
        if found is None:
            return raw_cells, None
        i, tokens = found
        j = i + 1
        texts: list[str] = []
        while j < len(raw_cells):
            t = clean_inline(raw_cells[j])
            if t and not _is_run_of(texts + [t], tokens):
                break
            if t:
                texts.append(t)
            j += 1
        if not texts:
            return raw_cells, found
        return raw_cells[: i + 1] + raw_cells[j:], found

    def absorb(self, cells: list[str]) -> bool:
        """True when this row is part of the nested table's printed copy (and was folded)."""
        texts = [t for t in (clean_inline(c) for c in cells) if t]
        if _is_run_of(texts, self.tokens):
            self.copies += 1
            return True
        if self.copies and len(texts) == 1:
            cell = self.row.cells[self.index]
            cell.text = f"{cell.text} {texts[0]}".strip()
            return True
        return False


def _is_rule_row(cells: list[str]) -> bool:
    nonempty = [c for c in cells if c.strip()]
    return bool(nonempty) and all(_RULE_CELL.match(c) for c in nonempty)


def read_text(text: str, source_path: str = "<text>") -> Layout:
    """Build the layout of a text conversion (pure: takes the decoded text)."""
    layout = Layout(source_path=source_path, reader="text")
    page = 1
    rows: list[Row] = []
    bold_open = False
    nested: _NestedTable | None = None

    def flush() -> None:
        if rows:
            layout.blocks.append(Table(rows=list(rows), page=rows[0].page))
            rows.clear()

    # str.splitlines() would swallow form feeds, which mark page breaks here
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for lineno, raw in enumerate(lines, start=1):
        while "\f" in raw:
            before, raw = raw.split("\f", 1)
            if before.strip():
                layout.blocks.append(Paragraph(clean_inline(before), page=page, line=lineno))
            flush()
            page += 1
        pipe = _split_pipe_row(raw)
        if "\t" in raw or pipe is not None:
            cells = pipe if pipe is not None else raw.split("\t")
            if _is_rule_row(cells):
                continue
            if nested is not None and rows and nested.absorb(cells):
                continue
            cells, found = _NestedTable.strip_copy(cells)
            row = Row([Cell(clean_inline(c)) for c in cells], page=page, line=lineno)
            if row.is_empty():
                flush()
                continue
            rows.append(row)
            nested = _NestedTable(row, found[0], found[1]) if found else None
            continue
        stripped = raw.strip()
        if _PIPE_RULE.match(stripped):
            continue
        if not stripped or _is_rule_row([stripped]):
            flush()
            continue
        flush()
        starts_bold = stripped.startswith("**")
        heading = stripped.startswith("#") or starts_bold or bold_open
        if stripped.count("**") % 2 == 1:
            if starts_bold and not bold_open:
                bold_open = True
            elif bold_open and stripped.endswith("**"):
                bold_open = False
        cleaned = clean_inline(stripped)
        if cleaned:
            layout.blocks.append(Paragraph(cleaned, page=page, line=lineno, heading=heading))
    flush()
    layout.pages = [Page(number=n) for n in range(1, page + 1)]
    return layout


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: same first bytes
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 3 * even:
        return "utf-16-le"
    if even > 3 * odd:
        return "utf-16-be"
    return None


def detect_encoding(data: bytes) -> str:
    """The encoding of a text input: its BOM, else UTF-8 if it decodes, else UTF-16 by its NULs,
    else cp1252 (Windows, the usual non-UTF-8 producer), else latin-1 (decodes anything)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read as (see detect_encoding)."""
    encoding = detect_encoding(data)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:  # a BOM or NUL pattern that lied: keep every byte
        return data.decode(encoding, "replace"), f"{encoding} (with undecodable bytes replaced)"


def read_text_file(path: Path) -> Layout:
    text, encoding = decode(path.read_bytes())
    layout = read_text(text.replace("\x00", ""), str(path))
    layout.encoding = encoding
    return layout
