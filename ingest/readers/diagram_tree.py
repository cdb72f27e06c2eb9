"""Tiers and parents of diagram boxes, shared by every reader that fills Layout.boxes.

A tier comes from what is printed: the box's own header ("KINERJA UTAMA ESELON III",
"KEGIATAN : ...") or a band label beside the row ("ESELON II" at the left margin). A parent comes
from a connector that joins the box to one box above it, else from geometry: the nearest box
above it, of a higher tier when tiers are known. Boxes split from one stack are siblings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from rapidfuzz import fuzz

from ingest.layout import BBox, Box, Connector, Paragraph
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings

# (tier, rank, pattern): the first pattern found near the start of a label wins.
TIERS: list[tuple[str, int, re.Pattern[str]]] = [
    ("eselon_ii", 1, re.compile(r"\bes+elon\s*(?:ii|2)\b(?!\s*i)")),
    ("eselon_iii", 2, re.compile(r"\bes+elon\s*(?:iii|3)\b")),
    ("eselon_iv", 3, re.compile(r"\bes+elon\s*(?:iv|4)\b")),
    ("sub_kegiatan", 4, re.compile(r"\bsub\s*-?\s*kegiatan\b")),
    ("sasaran_strategis", 1, re.compile(r"\bsasaran\s+strategis\b")),
    ("program", 2, re.compile(r"\bsasaran\s+program\b")),
    ("kegiatan", 3, re.compile(r"\bsasaran\s+kegiatan\b")),
    ("misi", -1, re.compile(r"^\W*(?:visi|misi)\b")),  # above the tujuan it sets, so a tujuan box hangs under it
    ("tujuan", 0, re.compile(r"^\W*tujuan\b")),
    ("eselon_iv", 3, re.compile(r"\bka\.?\s*sub\s*(?:bag|bid)|\bkepala\s+sub\s*(?:bag|bid)|\bkepala\s+seksi\b|\bkasi\b")),
    ("eselon_ii", 1, re.compile(r"\bkepala\s+(?:dinas|badan|biro|kantor)\b|\bkadis\b|\bkaban\b")),
    ("eselon_iii", 2, re.compile(r"\bsekretaris\b|\bkepala\s+bidang\b|\bkabid\b|\bkepala\s+bagian\b|\bkabag\b")),
    ("program", 2, re.compile(r"^\W*program\b")),
    ("kegiatan", 3, re.compile(r"^\W*kegiatan\b")),
    # the planning documents a one-sheet cascade names its bands after (legend boxes)
    ("rpjmd", -2, re.compile(r"^\W*rpjmd\b")),
    ("ikd", -1, re.compile(r"^\W*ikd\b")),
    ("renstra", 1, re.compile(r"^\W*(?:renstra|rkpd)\b")),
    ("iku", 2, re.compile(r"^\W*iku\b")),
]
RANK: dict[Optional[str], int] = {name: rank for name, rank, _ in TIERS}  # keyed by Box.tier (None: no tier, never a key)

# How a box's parent was found (Box.link), strongest evidence first.
LINKS = {
    "connector": "a drawn line or arrow joins it to the box above (or to siblings under it)",
    "containment": "printed in the parent's own list or drawn against it (a unit's rows, a value table, an indicator box)",
    "colour": "it shares the fill colour of the cell it serves (spreadsheet cascades)",
    "numbering": "its number continues the parent's (1.2 under 1)",
    "tier": "the nearest box above it of a higher printed tier",
    "column": "the same, on a tree drawn left to right: the nearest box to its left",
    "position": "the nearest box above it, where no printed tier decides",
    "unit_name": "a box on an earlier page naming the same unit, one tier up",
}
RANK["fungsional"] = 5  # functional staff under the lowest structural position


def tier_of(label: Optional[str], s: DiagramSettings = DEFAULT_SETTINGS) -> Optional[str]:
    """The tier a printed header or band label names, or None."""
    if not label:
        return None
    head = label.lower()[:s.label_span]
    for name, _, pattern in TIERS:
        if pattern.search(head):
            return name
    return None


@dataclass(slots=True)
class PageBoxes:
    """One page's boxes (indices into the layout's list) with what the reader knows of them."""

    boxes: list[Box]
    stacks: dict[int, int] = field(default_factory=dict)  # box index -> index of its stack's head
    parents: dict[int, int] = field(default_factory=dict)  # child -> parent, known or found
    links: dict[int, str] = field(default_factory=dict)  # child -> how its known parent was found (LINKS)
    siblings: list[list[int]] = field(default_factory=list)  # boxes one connector joins side by side
    under: dict[int, int] = field(default_factory=dict)  # child -> the box it is drawn right under (weaker than a connector)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def assign_band_tiers(boxes: list[Box], labels: list[Paragraph]) -> None:
    """A band label printed outside the boxes ("ESELON III" at the margin) names the tier of the
    boxes whose vertical extent covers it."""
    for para in labels:
        tier = tier_of(para.text)
        if tier is None or para.bbox is None or len(para.text.split()) > 4 or para.text.rstrip().endswith(","):
            continue
        cy = (para.bbox[1] + para.bbox[3]) / 2
        for box in boxes:
            if box.page == para.page and box.tier is None and box.bbox[1] <= cy <= box.bbox[3]:
                box.tier = tier


def legend_boxes(boxes: list[Box], s: DiagramSettings = DEFAULT_SETTINGS) -> list[Box]:
    """Band labels drawn as boxes: a column (two or more) of one-line boxes of a few words, each
    naming a tier, at the sheet's left or right edge (no other box drawn beyond them)."""
    short = [b for b in boxes if "\n" not in b.text.strip() and len(b.text.split()) <= s.legend_words
             and tier_of(b.text, s=s) is not None]
    if len(short) < 2:
        return []
    others = [b for b in boxes if b not in short]
    left = [b for b in short if not any(o.bbox[2] <= b.bbox[0] and o.page == b.page for o in others)]
    right = [b for b in short if not any(o.bbox[0] >= b.bbox[2] and o.page == b.page for o in others)]
    out: list[Box] = []
    for side in (left, right):
        column = [b for b in side if any(o is not b and _overlap(o.bbox[0], o.bbox[2], b.bbox[0], b.bbox[2]) > 0 for o in side)]
        if len(column) >= 2:
            out.extend(b for b in column if b not in out)
    for b in out:
        b.tier = tier_of(b.text, s=s)
    return out


def assign_legend_tiers(boxes: list[Box], bands: list[tuple[BBox, str]]) -> None:
    """Legend labels down the margin name the band of boxes beside them: a box level with a
    label takes it; a box between two labels belongs to the upper one, except that the lowest
    label (drawn midway down the open-ended last band) takes everything below the row of the
    label above it."""
    if not bands:
        return
    bands = sorted(bands, key=lambda b: b[0][1])
    rows = []
    for (lb, _) in bands:
        level = [b.bbox[3] for b in boxes if _overlap(b.bbox[1], b.bbox[3], lb[1], lb[3]) > 0]
        rows.append(max(level + [lb[3]]))
    for box in boxes:
        if box.tier is not None:
            continue
        over = [(_overlap(box.bbox[1], box.bbox[3], lb[1], lb[3]), t) for lb, t in bands]
        best = max(over)
        if best[0] > 0:
            box.tier = best[1]
            continue
        above = [i for i, (lb, _) in enumerate(bands) if lb[1] <= box.bbox[1]]
        if not above:
            continue
        i = above[-1]
        if i == len(bands) - 2 and box.bbox[1] >= rows[i]:
            i += 1
        box.tier = bands[i][1]


def _rank(box: Box) -> Optional[int]:
    return RANK.get(box.tier) if box.tier else None


def parents_from_connectors(boxes: list[Box], connectors: list[Connector]) -> dict[int, int]:
    """child -> parent for connectors already resolved to a source (upper) and target box."""
    out: dict[int, int] = {}
    for c in connectors:
        if c.source is not None and c.target is not None and c.target not in out:
            out[c.target] = c.source
    return out


def _node(box: Box) -> bool:
    """A box that can head others: it prints a header band or more than one row (a title or a
    note drawn in a frame does not)."""
    return box.label is not None or (box.table is not None and len(box.table.rows) > 1)


class Above:
    """Boxes sorted by their bottom edge, to find the nearest box above one without a scan of
    every pair (pages with hundreds of boxes)."""

    def __init__(self, boxes: list[Box]):
        self.boxes = sorted(boxes, key=lambda b: b.bbox[3])
        self.bottoms = [b.bbox[3] for b in self.boxes]

    def parent_of(self, box: Box) -> Optional[Box]:
        """The nearest box above `box`, preferring one it sits under and one of a higher tier."""
        found = self.parent_and_link(box)
        return found[0] if found else None

    def parent_and_link(self, box: Box) -> Optional[tuple[Box, str]]:
        """`parent_of`, with "tier" when both boxes name a tier, else "position"."""
        rank = _rank(box)
        best: Optional[tuple[tuple[float, float], Box]] = None
        for k in range(bisect_right(self.bottoms, box.bbox[1] + 2) - 1, -1, -1):
            cand = self.boxes[k]
            gap = box.bbox[1] - cand.bbox[3]
            if best is not None and best[0][0] == 0:
                break  # the nearest box it sits under: nothing further up can beat it
            if cand is box or cand.page != box.page or not _node(cand):
                continue
            crank = _rank(cand)
            if rank is not None and crank is not None and crank >= rank:
                continue
            if rank is None and crank is None and cand.bbox[1] >= box.bbox[1] - 2:
                continue
            over = _overlap(cand.bbox[0], cand.bbox[2], box.bbox[0], box.bbox[2])
            dx = abs((cand.bbox[0] + cand.bbox[2]) - (box.bbox[0] + box.bbox[2])) / 2
            key = (0.0, gap) if over > 0 else (1.0, gap + dx)
            if best is None or key < best[0]:
                best = (key, cand)
        if best is None:
            return None
        return best[1], "tier" if rank is not None and _rank(best[1]) is not None else "position"

    def best(self, box: Box) -> Optional[tuple[tuple[float, float], Box]]:
        parent = self.parent_of(box)
        if parent is None:
            return None
        over = _overlap(parent.bbox[0], parent.bbox[2], box.bbox[0], box.bbox[2])
        return ((0.0 if over > 0 else 1.0, box.bbox[1] - parent.bbox[3]), parent)


def parent_by_geometry(box: Box, candidates: list[Box]) -> Optional[Box]:
    """The nearest box above `box`, preferring one it sits under and one of a higher tier."""
    return Above(candidates).parent_of(box)


def build_tree(pb: PageBoxes, connectors: list[Connector], across: bool = False) -> None:
    """Fill Box.parent, Box.link and Box.tier for one page: stacks, connectors, geometry, then
    depth. `across`: the boxes were turned (a tree drawn left to right), so a parent found by
    geometry was found in columns."""
    by_index = {b.index: b for b in pb.boxes}
    stack_tiers: dict[int, Counter[str]] = {}
    for idx, head in pb.stacks.items():  # stacked boxes share the tier printed on any of them
        tier = by_index[idx].tier
        if tier:
            stack_tiers.setdefault(head, Counter())[tier] += 1
    for idx, head in pb.stacks.items():
        if by_index[idx].tier is None and head in stack_tiers:
            by_index[idx].tier = stack_tiers[head].most_common(1)[0][0]
    parents = dict(pb.parents)  # links the reader already knows (e.g. a shared fill colour)
    how = {child: pb.links.get(child, "containment") for child in parents}
    for child, parent in parents_from_connectors(pb.boxes, connectors).items():
        if child not in parents:
            parents[child], how[child] = parent, "connector"
    above = Above(pb.boxes)
    for group in pb.siblings:  # siblings share the parent the best placed of them sits under
        if any(i in parents for i in group):
            continue
        placed = [f for f in (above.best(by_index[i]) for i in group) if f is not None]
        if placed:
            shared = min(placed, key=lambda f: f[0])[1]
            for i in group:
                if shared.bbox[3] <= by_index[i].bbox[1] + 2:
                    parents[i], how[i] = shared.index, "connector"
    for child, parent in pb.under.items():
        if child not in parents:
            parents[child], how[child] = parent, "containment"
    for box in sorted(pb.boxes, key=lambda b: (b.bbox[1], b.bbox[0])):
        top = pb.stacks.get(box.index)
        if top is not None and top != box.index:
            continue  # resolved with its head below
        if box.index in parents:
            continue
        hit = above.parent_and_link(box)
        if hit is not None:
            parents[box.index], how[box.index] = hit[0].index, "column" if across else hit[1]
    for idx, head in pb.stacks.items():
        if idx != head and head in parents:
            parents[idx], how[idx] = parents[head], how[head]
    for child, parent in parents.items():
        by_index[child].parent, by_index[child].link = parent, how[child]
    _tiers_by_depth(pb.boxes, by_index)
    pb.parents = parents


def _depth(box: Box, by_index: dict[int, Box]) -> int:
    seen = set()
    d = 0
    while box.parent is not None and box.parent in by_index and box.index not in seen:
        seen.add(box.index)
        box = by_index[box.parent]
        d += 1
    return d


def _tiers_by_depth(boxes: list[Box], by_index: dict[int, Box]) -> None:
    """Boxes no label names take the tier most labelled boxes at their depth carry, else their
    depth in the tree (tier_1 at the root)."""
    depths = {b.index: _depth(b, by_index) for b in boxes}
    known: dict[int, Counter[str]] = {}
    for b in boxes:
        if b.tier:
            known.setdefault(depths[b.index], Counter())[b.tier] += 1
    for b in boxes:
        if b.tier is None:
            votes = known.get(depths[b.index])
            b.tier = votes.most_common(1)[0][0] if votes else f"tier_{depths[b.index] + 1}"


_UNIT_IN_PARENS = re.compile(r"\(([^()]{3,})\)")


def unit_named(label: Optional[str], s: DiagramSettings = DEFAULT_SETTINGS) -> Optional[str]:
    """The unit a tier header names, normalised: the words in parentheses, else the words after
    the tier word ("KINERJA UTAMA ESELON IV (BIDANG X)" -> "bidang x"); None when it names none."""
    if not label:
        return None
    found = _UNIT_IN_PARENS.search(label)
    if found:
        words = found.group(1)
    else:
        head = label.lower()
        ends = [m.end() for _, _, p in TIERS if (m := p.search(head[:s.label_span]))]
        if not ends:
            return None
        words = label[min(ends):]
    norm = " ".join(re.sub(r"[^0-9a-z]+", " ", words.lower()).split())
    return norm or None


def hang_across_pages(boxes: list[Box], page: int) -> None:
    """A box on `page` with no parent whose header names a unit hangs under the one box of the
    nearest higher tier on an EARLIER page naming the same unit: a tree printed one tier per page
    says where each box belongs by its unit, not by a line. Two or more matches: left alone."""
    orphans = [(box, rank, unit) for box in boxes if box.page == page and box.parent is None
               and (rank := _rank(box)) is not None and (unit := unit_named(box.label)) is not None]
    if not orphans:
        return
    earlier = [(b, _rank(b), unit_named(b.label)) for b in boxes if b.page < page]
    for box, rank, unit in orphans:
        matches = [(r, b) for b, r, u in earlier
                   if r is not None and r < rank and u is not None and fuzz.ratio(u, unit) >= 90]
        if not matches:
            continue
        nearest = max(r for r, _ in matches)
        heads = [b for r, b in matches if r == nearest]
        if len(heads) == 1:
            box.parent, box.link = heads[0].index, "unit_name"


# The order cascade headers follow down a tree (or across it): what a box's label starts with.
_CASCADE_ORDER = [re.compile(rf"^\W*{w}\b", re.I) for w in (
    r"(?:visi|misi)", r"tujuan", r"sasaran", r"strategi", r"(?:arah\s+)?kebijakan", r"program", r"kegiatan",
    r"sub\s*-?\s*kegiatan")]


def _cascade_rank(label: Optional[str]) -> Optional[int]:
    if not label:
        return None
    return max((k for k, p in enumerate(_CASCADE_ORDER) if p.match(label)), default=None)


def runs_left_to_right(boxes: list[Box], tol: float = 1.5) -> bool:
    """A tree drawn across the sheet (tujuan at the left, programs at the right): of the pairs
    of headed boxes a rank apart, more sit left of each other than above each other."""
    ranked = [(r, b) for b in boxes if (r := _cascade_rank(b.label)) is not None]
    left = above = 0
    for ra, a in ranked:
        for rb, b in ranked:
            if ra < rb:
                left += a.bbox[2] <= b.bbox[0] + tol
                above += a.bbox[3] <= b.bbox[1] + tol
    return left >= 2 and left > 2 * above

