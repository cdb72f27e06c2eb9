"""Reader for text conversions of PDFs: TAB-separated table rows, markdown and LaTeX noise.

A line with a TAB is a table row; consecutive rows form a table and a blank line ends it (a table
cut by a page break comes back as two tables, which `ingest.stitch` joins). Other lines are
paragraphs. Form feeds count as page breaks. Markdown pipe tables (`| a | b |`) are rows too.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.layout import Cell, Layout, Page, Paragraph, Row, Table

_HTML_TAG = re.compile(r"</?(?:i|b|u|em|strong|sup|sub|span|br|p)\b[^>]*>", re.I)
_HTML_TABLE = re.compile(r"<table\b.*?</table>", re.I | re.S)
_ANY_TAG = re.compile(r"<[^>]+>")
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
_SPACES = re.compile(r"[ \u00a0\u2002\u2003\u2009]+")


def clean_inline(text: str) -> str:
    """Strip markdown emphasis, HTML tags and LaTeX wrappers; keep every printed character."""
    if "<table" in text.lower():
        text = _HTML_TABLE.sub(lambda m: " " + _ANY_TAG.sub(" ", m.group(0)) + " ", text)
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


def _is_rule_row(cells: list[str]) -> bool:
    nonempty = [c for c in cells if c.strip()]
    return bool(nonempty) and all(_RULE_CELL.match(c) for c in nonempty)


def read_text(text: str, source_path: str = "<text>") -> Layout:
    """Build the layout of a text conversion (pure: takes the decoded text)."""
    layout = Layout(source_path=source_path, reader="text")
    page = 1
    rows: list[Row] = []
    bold_open = False

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
            row = Row([Cell(clean_inline(c)) for c in cells], page=page, line=lineno)
            if row.is_empty():
                flush()
                continue
            rows.append(row)
            continue
        stripped = raw.strip()
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


def decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_text_file(path: Path) -> Layout:
    return read_text(decode(path.read_bytes()), str(path))
