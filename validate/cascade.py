"""Rule `cascade`: gaps in a pohon kinerja tree, so an auditor can trace every target down.

The flat indicator records are folded back into nodes (one per drawn box, or per unit + sasaran
for tabled cascades) and linked through `parent_record_id`. Gaps are `info` findings on the
node's page: a lower-tier node with no parent, a sasaran with no indicator, and a year the parent
sets a target for that none of its children carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ingest.readers.diagram_tree import RANK
from schemas import Finding, IndicatorRecord
from validate.context import RULES, Context
from validate.report import finding, say


@dataclass(slots=True)
class Node:
    """One box of the tree: its records, what it says, and where it hangs."""

    id: str  # record_id of its first record
    records: list[IndicatorRecord]
    parent: Optional[str] = None
    children: list["Node"] = field(default_factory=list)

    @property
    def first(self) -> IndicatorRecord:
        return self.records[0]

    @property
    def sasaran(self) -> list[str]:
        return list(dict.fromkeys(r.sasaran for r in self.records if r.sasaran))

    def indicators(self) -> dict[str, dict[int, str]]:
        """indikator -> {year: target as printed} (year 0 when no year was printed)."""
        out: dict[str, dict[int, str]] = {}
        for r in self.records:
            if r.indikator:
                years = out.setdefault(r.indikator, {})
                if r.target_text:
                    years[r.year or 0] = r.target_text
        return out

    def years(self) -> set[int]:
        return {r.year for r in self.records if r.year and r.target_text}

    def to_json(self) -> dict:
        r = self.first
        return {
            "id": self.id,
            "level": r.level,
            "org_unit": r.org_unit,
            "program": r.program,
            "sasaran": self.sasaran,
            "page": r.page,
            "bbox": list(r.bbox) if r.bbox else None,
            "indicators": [
                {"indikator": name, "satuan": next((x.satuan for x in self.records if x.indikator == name and x.satuan), None),
                 "targets": {str(y): t for y, t in sorted(years.items())}}
                for name, years in self.indicators().items()
            ],
            "record_ids": [x.record_id for x in self.records],
            "children": [c.to_json() for c in self.children],
        }


def _key(r: IndicatorRecord) -> tuple:
    if r.bbox is not None:
        return ("box", r.page, r.bbox)
    return ("row", r.org_unit, r.level, r.sasaran, r.parent_record_id)


def cascade_nodes(records: list[IndicatorRecord]) -> list[Node]:
    """Fold records into nodes and link them; returns the roots (nodes without a parent), each
    with its children in print order. Only records that take part in a tree (a parent, a child,
    or a tier) are folded."""
    treed = [r for r in records if r.parent_record_id or r.level]
    groups: dict[tuple, Node] = {}
    owner: dict[str, Node] = {}
    for r in treed:
        node = groups.get(_key(r))
        if node is None:
            node = groups[_key(r)] = Node(r.record_id, [])
        node.records.append(r)
        owner[r.record_id] = node
    roots: list[Node] = []
    for node in groups.values():
        pid = next((r.parent_record_id for r in node.records if r.parent_record_id), None)
        parent = owner.get(pid) if pid else None
        if parent is not None and parent is not node:
            node.parent = parent.id
            parent.children.append(node)
        else:
            roots.append(node)
    return roots


def walk(nodes: list[Node]):
    for n in nodes:
        yield n
        yield from walk(n.children)


def _rank(level: Optional[str]) -> Optional[int]:
    if not level:
        return None
    if level.startswith("tier_") and level[5:].isdigit():
        return int(level[5:])
    return RANK.get(level)


def rule_cascade(ctx: Context) -> list[Finding]:
    if not any(r.parent_record_id for r in ctx.indicators):
        return []  # no tree was read (a tabled cascade without links): nothing to trace
    roots = cascade_nodes(ctx.indicators)
    nodes = list(walk(roots))
    if len(nodes) < 2:
        return []
    lang = ctx.lang
    ranks = [r for r in (_rank(n.first.level) for n in nodes) if r is not None]
    top = min(ranks) if ranks else None
    out: list[Finding] = []
    for n in nodes:
        r = n.first
        rank = _rank(r.level)
        label = (n.sasaran[0] if n.sasaran else r.indikator or r.org_unit or "?")[:80]
        if n.parent is None and rank is not None and top is not None and rank > top:
            out.append(finding(ctx, "cascade", "info", r, say(
                lang, f"Kotak tingkat {r.level} '{label}' tidak tersambung ke kotak di atasnya (hlm. {r.page}).",
                f"The {r.level} box '{label}' hangs from no box above it (p. {r.page}).",
            ), evidence=n.records))
        if n.sasaran and not any(x.indikator for x in n.records):
            out.append(finding(ctx, "cascade", "info", r, say(
                lang, f"Sasaran '{label}' tidak memiliki indikator (hlm. {r.page}).",
                f"Sasaran '{label}' has no indicator (p. {r.page}).",
            ), evidence=n.records))
        if n.children:
            carried = set().union(*(c.years() for c in n.children))
            missing = sorted(n.years() - carried) if carried else []
            if missing:
                out.append(finding(ctx, "cascade", "info", r, say(
                    lang, f"Target tahun {', '.join(map(str, missing))} pada '{label}' tidak diturunkan ke kotak di bawahnya (hlm. {r.page}).",
                    f"No box under '{label}' carries a target for {', '.join(map(str, missing))} (p. {r.page}).",
                ), stated=", ".join(map(str, sorted(n.years()))), expected=", ".join(map(str, sorted(carried))),
                    evidence=n.records))
    return out


RULES["cascade"] = rule_cascade
