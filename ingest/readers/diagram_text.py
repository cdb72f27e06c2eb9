"""Printed text of a diagram: words -> lines -> a cell's text.

Words come from a PDF's text layer, from OCR of a pasted picture or from spreadsheet cells; the
same joining applies to all of them: words on one baseline form a line, a piece the font's
spacing or a line break split off rejoins its word, a wall that cut a word ("Standardisa|si")
does not split it, and a gap wider than half a line starts a new paragraph.
"""

from __future__ import annotations

import re
from typing import Optional
from ingest.layout import BBox
from ingest.tables_geom import Word
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings


def union(boxes: list[BBox]) -> BBox:
    """The bbox around several."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def line_groups(words: list[Word]) -> list[list[Word]]:
    """Words -> printed lines (top to bottom), each line's words left to right."""
    lines: list[list[Word]] = []
    total = 0.0  # the sum of the last line's word centres, added in order
    for w in sorted(words, key=lambda w: ((w.y0 + w.y1) / 2, w.x0)):
        cy = (w.y0 + w.y1) / 2
        h = w.y1 - w.y0
        if lines:
            last = lines[-1]
            if abs(cy - total / len(last)) <= 0.45 * max(h, 1.0):
                last.append(w)
                total += cy
                continue
        lines.append([w])
        total = 0.0
        total += cy
    for ws in lines:
        ws.sort(key=lambda w: w.x0)
    return lines


# How far apart (in shares of the lower ink height) two OCR lines of one box may print and still
# be one wrapped text. OCR boxes each line to its ink, and its boxes' heights vary with the
# letters (brackets, descenders): the wrapped lines of one box stand 0.35-0.75 of a line apart,
# where a text layer's line boxes nearly touch.
WRAP_GAP = 1.0
_VALUE_LINE = re.compile(r"^\(?[<>≤≥]?\s*\d[\d.,]*\s*%?(?:\s*[A-Za-z/.]+){0,2}\)?$")


def font_boxes(words: list[Word]) -> list[Word]:
    """OCR words -> words boxed so that `join_lines` reads the wrapped lines of one box as one
    text, as it reads a text layer's. Each printed line (cut where boxes side by side part it)
    whose line above in the same box wraps into it, a gap of at most `WRAP_GAP` of its height
    between them, is stretched up to meet that line; a label line ("Indikator Sub Kegiatan
    (Output):"), a value alone ("25 Orang") or a wider gap keeps its ink box, so it still
    opens a paragraph. The engine split the words where it saw a gap, so each counts as printed
    with a space before it (`Word.spaced`: no font spacing to undo)."""
    runs = sorted(_runs(line_groups(list(words))), key=lambda ws: min(w.y0 for w in ws))
    boxes = [[min(w.x0 for w in ws), min(w.y0 for w in ws), max(w.x1 for w in ws), max(w.y1 for w in ws)] for ws in runs]
    ink = [tuple(b) for b in boxes]
    for i, ws in enumerate(runs):
        x0, y0, x1, y1 = ink[i]
        text = " ".join(w.text for w in ws)
        if _LABEL_LINE.match(text) or _VALUE_LINE.match(text):
            continue
        above = [j for j in range(i) if ink[j][3] <= y0 + 0.3 * (y1 - y0)
                 and min(x1, ink[j][2]) - max(x0, ink[j][0]) > 0.5 * min(x1 - x0, ink[j][2] - ink[j][0])]
        if not above:
            continue
        j = max(above, key=lambda k: ink[k][3])  # the nearest line above that it lies under
        gap = y0 - ink[j][3]
        if 0 < gap <= WRAP_GAP * min(y1 - y0, ink[j][3] - ink[j][1]):
            boxes[j][3] = boxes[i][1] = ink[j][3] + gap / 2
    return [Word(w.x0, b[1], w.x1, b[3], w.text, True) for ws, b in zip(runs, boxes) for w in ws]


def _runs(lines: list[list[Word]]) -> list[list[Word]]:
    """Lines of a page cut where a gap wider than the words' height parts them: the same line of
    boxes side by side is one printed line per box."""
    out: list[list[Word]] = []
    for ws in lines:
        run = [ws[0]]
        for w in ws[1:]:
            if w.x0 - run[-1].x1 > max(w.y1 - w.y0, run[-1].y1 - run[-1].y0):
                out.append(run)
                run = []
            run.append(w)
        out.append(run)
    return out


def text_lines(words: list[Word]) -> list[tuple[BBox, str]]:
    return [(union([w.bbox for w in ws]), _join_words(ws)) for ws in line_groups(words)]


def _join_words(words: list[Word], s: DiagramSettings = DEFAULT_SETTINGS) -> str:
    """A line's words; a piece the font's spacing split off ("Meningkatny a", "y ang": a gap
    half a normal space, the piece lower-case) rejoins its word, unless the source printed a
    space there (tightly set text: "Pariwisata dan" stays two words)."""
    out = ""
    prev: Optional[Word] = None
    for w in words:
        if prev is None:
            out = w.text
        else:
            h = max(prev.bbox[3] - prev.bbox[1], 1.0)
            tight = (not w.spaced and w.bbox[0] - prev.bbox[2] < s.tight * h and w.text[:1].islower()
                     and prev.text[-1:].isalpha())
            out += w.text if tight or _wrapped(out, w.text) else " " + w.text
        prev = w
    return out


# A word wrapped mid-way leaves a piece that is no Indonesian word at the next line's start:
# "Meningkatny|a", "Penyelenggaraa|n", "Penyelenggar|aan", "Terehabilitasi|nya".
_SUFFIX_PIECE = re.compile(r"^(?:n|aan|an|nya|gan|kan|ran)\b")
_NY_END = re.compile(r"[a-z]ny$")
_WORD_END = re.compile(r"[a-z]{3}$")


def _wrapped(before: str, after: str) -> bool:
    """The line break cut one word in two (so the lines join without a space)."""
    if not _WORD_END.search(before):
        return False
    return bool(_SUFFIX_PIECE.match(after)) or (after[:1] == "a" and after[1:2] in ("", " ") and bool(_NY_END.search(before)))


# A line that is only a section label: it opens a paragraph even when printed without a gap.
# ... or names the tier and, in brackets, the level of result: "Sasaran Sub Kegiatan (Output):",
# "Indikator Kegiatan (Immediate Outcome):" (OCR may read the bracket as "}", lose the colon or the bracket).
_LABEL_LINE = re.compile(
    r"^\W*(?:(?:indikator(?:\s+kinerja)?(?:\s+utama)?|sasaran(?:\s+strategis)?|tujuan|iku|ik)\s*[\dIVX.]*\s*:?"
    r"|(?:indikator|sasaran|tujuan)(?:\s+(?:sub|kegiatan|program|strategis|kinerja|utama|rpjmd|renstra|pd))*"
    r"\s*[({](?:\s*(?:immediate|intermediate|ultimate|output|outcome|impact|keluaran|hasil|dampak))+\s*(?:[)}]\s*:?|:))\s*$",
    re.I)


def join_lines(lines: list[tuple[BBox, str]], wall: Optional[float] = None, s: DiagramSettings = DEFAULT_SETTINGS) -> str:
    """Lines of one cell -> text; a gap wider than half a line starts a new paragraph ("\\n").
    In a cell whose right wall is at `wall`, a line that is one word running up to the wall,
    followed by a line that starts with a short lower-case piece, is a word the wall cut
    ("Standardisa|si")."""
    out = ""
    prev: Optional[BBox] = None
    prev_text = ""
    for bbox, text in lines:
        if prev is not None:
            h = min(prev[3] - prev[1], bbox[3] - bbox[1])
            cut = (wall is not None and " " not in prev_text.strip() and wall - prev[2] <= s.wall_cut * h
                   and text[:1].islower() and len(text.split()[0]) <= s.piece)
            if bbox[1] - prev[3] > 0.5 * max(h, 1.0) or _LABEL_LINE.match(text):
                out += "\n"  # a gap, or a label line ("Indikator 2", "Sasaran :") opening the next part
            elif not (cut or _wrapped(out, text)):
                out += " "
        out += text
        prev, prev_text = bbox, text
    return out


def free_lines(words: list[Word]) -> list[tuple[BBox, str]]:
    """Free words -> lines, split where a wide horizontal gap separates two labels."""
    out = []
    for ws in line_groups(words):
        part: list[Word] = []
        for w in ws:
            if part and w.bbox[0] - part[-1].bbox[2] > 3 * max(w.bbox[3] - w.bbox[1], 1.0):
                out.append((union([x.bbox for x in part]), " ".join(x.text for x in part)))
                part = []
            part.append(w)
        if part:
            out.append((union([x.bbox for x in part]), " ".join(x.text for x in part)))
    return out
