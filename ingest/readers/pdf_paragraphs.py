"""The printed lines of a digital PDF page that no table holds, as paragraphs: wrapped lines
joined, headings marked from the fonts under them."""

from __future__ import annotations

from ingest.layout import Paragraph
from ingest.readers.pdf_page import FontSpan, PageGeometry
from ingest.tables_geom import TableSettings, Word, join_lines, text_lines


def _is_heading(line: list[Word], spans: list[FontSpan], body_size: float) -> bool:
    """Bold or larger than the body text, judged on the spans under the line's words."""
    x0 = min(w.x0 for w in line)
    x1 = max(w.x1 for w in line)
    cy = sum(w.cy for w in line) / len(line)
    under = [sp for sp in spans if sp.bbox[1] <= cy <= sp.bbox[3] and sp.bbox[0] < x1 and sp.bbox[2] > x0]
    if not under:
        return False
    bold = sum(1 for sp in under if sp.bold) >= len(under) / 2
    large = max(sp.size for sp in under) >= 1.15 * body_size
    return bold or large


def paragraphs(geo: PageGeometry, words: list[Word], s: TableSettings) -> list[Paragraph]:
    """Printed lines outside tables; a line that wraps (the next starts close below in the same
    style, and its first word would not have fitted at the end of this one) is joined to it."""
    lines = text_lines(words, s)
    if not lines:
        return []
    right = max(w.x1 for w in geo.words)  # the text block's right edge: tables' words included
    out: list[Paragraph] = []
    prev: list[Word] | None = None
    for line in lines:
        text = " ".join(w.text for w in line).strip()
        if not text:
            continue
        heading = _is_heading(line, geo.spans, geo.body_size)
        bbox = (min(w.x0 for w in line), min(w.y0 for w in line), max(w.x1 for w in line), max(w.y1 for w in line))
        if out and prev is not None:
            last = out[-1]
            height = prev[0].y1 - prev[0].y0
            gap = bbox[1] - max(w.y1 for w in prev)
            end = max(w.x1 for w in prev)
            # wrapped: the next line's first word would not have fitted at the end of this one
            wrapped = gap < 0.6 * height and end + 0.3 * height + (line[0].x1 - line[0].x0) > right
            if wrapped and last.heading == heading and last.bbox is not None:
                last.text = join_lines([last.text, text])
                lb = last.bbox
                last.bbox = (min(lb[0], bbox[0]), lb[1], max(lb[2], bbox[2]), bbox[3])
                prev = line
                continue
        out.append(Paragraph(text, page=geo.number, bbox=bbox, heading=heading))
        prev = line
    return out
