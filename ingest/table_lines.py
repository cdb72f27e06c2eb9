"""Printed lines of the words no full grid holds, for the unruled-table recovery: each line
split into chunks (runs of words closer than a cell gap), and whether a line reads as column
labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ingest.columns import YEAR, is_header_row, is_numbering_row, role_of
from ingest.layout import Cell, Row
from ingest.tables_geom import TableSettings, Word, line_chunks, text_lines

# --- lines ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Line:
    """One printed line and its chunks (runs of words closer than a cell gap)."""

    words: list[Word]
    chunks: list[list[Word]]
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return max(w.y1 - w.y0 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def lines_of(words: Sequence[Word], s: TableSettings) -> list[Line]:
    out = []
    for ws in text_lines(words, s):
        out.append(Line(ws, line_chunks(ws, s), min(w.x0 for w in ws), min(w.y0 for w in ws), max(w.x1 for w in ws), max(w.y1 for w in ws)))
    return out


def chunk_text(chunk: Sequence[Word]) -> str:
    return " ".join(w.text for w in chunk)


# A label's words: short, no measured value. "Target 2024", "(Rp)", "Capaian (%)" are labels.
FIGURE = re.compile(r"^[<>≤≥]?\s*-?\d[\d.,]*\s*%?$")  # a measured value: "82,50", "<5%"


_PERIOD_START = re.compile(r"(?:tahun|periode|semester|bulan)$", re.I)


def header_line(line: Line) -> bool:
    """A line of column labels: two or more chunks, most of them naming a column role (aligned
    prose names a role now and then: "pelaksanaan", "program")."""
    if len(line.chunks) < 2:
        return False
    texts = [chunk_text(c) for c in line.chunks]
    named = sum(1 for t in texts if _label_role(t))
    return 3 * named >= 2 * len(texts) and is_header_row(Row([Cell(t) for t in texts]))


def _label_role(text: str) -> bool:
    """A column label names its role in its first words and starts as a label does (capital,
    figure or sign); a line of wrapped cell text runs on in lower case ("melalui program"). A
    period word alone is the first line of a wrapped period label ("Tahun / 2025")."""
    words = text.split()
    return bool(words) and not words[0][:1].islower() and (
        role_of(" ".join(words[:3])) is not None or bool(_PERIOD_START.match(text))
    )


def label_line(line: Line) -> bool:
    """A line that may continue a header band: the column-number row ("1 | 2 | 3"), or chunks that
    are all short labels with no figure but a year ("Target | Realisasi | %", "2021 | 2022",
    "(Rp) | Strategis")."""
    texts = [chunk_text(c).strip() for c in line.chunks]
    if is_numbering_row(Row([Cell(t) for t in texts])):
        return True
    for t in texts:
        n = len(t.split())
        if n > 4 or re.search(r"\d", YEAR.sub("", t)):
            return False
        if n > 2 and not t.isupper() and role_of(t) is None:
            return False  # three words or more of mixed case naming no role: a cell's text
    return True
