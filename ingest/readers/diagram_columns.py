"""An unruled "Target 2016" column inside a box: its values are their own paragraphs.

A box may print its indicators with a value column drawn without walls: a "Target 2016" header
at the right and each value level with its indicator ("... melaksanakan RAT      50%"). Read as
plain lines the value is glued to the name. Lines are cut at the header's left edge where a
column gap separates the two parts; each value then follows the lines of its own item (from its
line down to the next value's), as a paragraph of its own, and the header stays a paragraph too.
"""

from __future__ import annotations

import re

from ingest.layout import BBox
from ingest.tables_geom import Word
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings
from ingest.readers.diagram_text import line_groups, text_lines

_TARGET_WORD = re.compile(r"^\W*target\W*$", re.I)
_YEAR = re.compile(r"^\W*(?:19|20)\d\d\W*$")


def _header(lines: list[list[Word]]) -> tuple[int, int] | None:
    """(line, word) of a "Target YYYY" pair, the year right after the word."""
    for i, ws in enumerate(lines):
        for k in range(len(ws) - 1):
            if _TARGET_WORD.match(ws[k].text) and _YEAR.match(ws[k + 1].text):
                return i, k
    return None


def _line(ws: list[Word]) -> tuple[BBox, str]:
    (bbox, text), = text_lines(ws)
    return bbox, text


def column_lines(words: list[Word], s: DiagramSettings = DEFAULT_SETTINGS) -> list[tuple[BBox, str]]:
    """A cell's lines, with an unruled "Target YYYY" column cut off into paragraphs."""
    if not any(_TARGET_WORD.match(w.text) for w in words):
        return text_lines(words)  # the common case, without grouping the lines twice
    lines = line_groups(words)
    found = _header(lines)
    if found is None:
        return text_lines(words)
    hi, hk = found
    head = lines[hi]
    h = max(head[hk].bbox[3] - head[hk].bbox[1], 1.0)
    cut = head[hk].bbox[0] - s.column_gap * h
    values: list[tuple[BBox, str]] = []
    left: list[list[Word]] = []
    for ws in lines[hi + 1:]:
        k = next((j for j, w in enumerate(ws) if w.bbox[0] >= cut), len(ws))
        if 0 < k < len(ws) and ws[k].bbox[0] - ws[k - 1].bbox[2] < s.column_gap * h:
            k = len(ws)  # no gap before the column: text running across it
        if k < len(ws):
            values.append(_line(ws[k:]))
        if k:
            left.append(ws[:k])
    if not values:
        return text_lines(words)
    out = [_line(ws) for ws in lines[:hi]]
    if hk:
        out.append(_line(head[:hk]))
    hb, ht = _line(head[hk:])
    out.append((hb, f"\n{ht}\n"))
    items: list[list[tuple[BBox, str]]] = [[] for _ in range(len(values) + 1)]  # item 0: lines before the first value
    for ws in left:
        bbox, text = _line(ws)
        cy = (bbox[1] + bbox[3]) / 2
        k = sum(1 for vb, _ in values if vb[1] - s.tol <= cy)
        items[k].append((bbox, text))
    out.extend(items[0])
    for (vb, vt), lines_k in zip(values, items[1:]):
        out.extend(lines_k)
        out.append((vb, f"\n{vt}\n"))
    return out
