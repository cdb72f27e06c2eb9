"""Diagram extractor: Layout.boxes -> one raw row per indicator (and printed year) of every box.

Each box's text is read by `diagram_box.read_box`; its small tables go through the generic
table code, and the box kinds the reader set (unit lists, kegiatan rows, value tables) take
their own record shapes. A box with a sasaran and no indicator is kept as a node (indikator
None), so a cascade can be traced through it. Each row points at the first row of the box above it (`parent_index`).
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.extract import Extraction, RawBudget, RawIndicator
from ingest.extract.diagram_box import BULLET, STATEMENT, VALUE, BoxContent, indicator_fields, read_box
from ingest.extract.tables import indicator_rows, shape_of
from ingest.layout import Box, Layout
from ingest.readers.diagram_tree import RANK
from schemas import Provenance

def _raw(box: Box, content: BoxContent, fields: dict[str, str], source: str, year: Optional[int] = None) -> RawIndicator:
    if content.program and "program" not in fields:
        fields["program"] = content.program
    return RawIndicator(
        fields={k: v for k, v in fields.items() if v},
        parent_sasaran=content.tujuan_over.get(fields.get("sasaran") or ""),
        prov=Provenance(page=box.page, bbox=box.bbox, source_text=source),
        section=box.label,
        table_role="diagram",
        org_unit=content.org_unit,
        level=box.tier,
        year=year if year is not None else content.year,
    )


def _continues(content: BoxContent, box: Box) -> bool:
    """A box that opens with an 'Indikator' header and prints no goal of its own holds the
    indicators of the box drawn right above it (drawn apart, read together)."""
    return (box.parent is not None and box.kind == "indicator_list"
            and not content.sasaran and not content.program and not content.tables and bool(content.indikator))


def box_records(box: Box, content: Optional[BoxContent] = None) -> list[RawIndicator]:
    """Every indicator of one box (one row per printed year), or one node row."""
    content = content or read_box(box)
    out: list[RawIndicator] = []
    own = content.sasaran[0] if len(content.sasaran) == 1 else None
    for table in content.tables:
        shape = shape_of(table)
        for r in shape.roles:
            if r.role is None and STATEMENT.match(r.label):
                r.role = "sasaran"  # "PERNYATAAN | INDIKATOR" under a Tujuan / Sasaran band: the goal itself
        for raw in indicator_rows(table, shape):
            fields = dict(raw.fields)
            if not fields.get("sasaran") and own:
                fields["sasaran"] = own
            out.append(_raw(box, content, fields, raw.prov.source_text, raw.year))
    sas = content.sasaran
    parallel = all(before == len(sas) for before, _ in content.indikator)  # every sasaran first
    aligned = align_lists(sas, [ind for _, ind in content.indikator]) if parallel and 1 < len(sas) < len(content.indikator) else None
    for k, (before, ind) in enumerate(content.indikator):
        if parallel and len(sas) == len(content.indikator):
            goal = sas[k]  # printed as parallel lists: the k-th sasaran and its indicator
        elif aligned is not None:
            goal = sas[aligned[k]]
        elif parallel:
            goal = own or ""
        else:
            goal = sas[before - 1] if before else ""  # the sasaran printed just before it
        fields = {"sasaran": goal, **indicator_fields(ind)}
        if k in content.targets and "target" not in fields:
            fields["target"] = content.targets[k]
        source = "\n".join(filter(None, [goal, ind, content.targets.get(k)]))
        raw = _raw(box, content, fields, source)
        if goal in content.spans:  # one of several goal groups side by side: its own columns
            x0, x1 = content.spans[goal]
            raw.prov = Provenance(page=box.page, bbox=(x0, box.bbox[1], x1, box.bbox[3]), source_text=source)
        if k in content.drawn_in:  # printed in its own box under this one: that box's tier and place
            below = content.drawn_in[k]
            raw.level = below.tier if below.tier in RANK else raw.level  # a tier it names, not its depth
            raw.prov = Provenance(page=below.page, bbox=below.bbox, source_text=source)
        out.append(raw)
    used = {r.fields.get("sasaran") for r in out}
    if not out:
        goals = sas or content.tujuan or ([content.program] if content.program else [])
        for goal in goals:
            fields = {"sasaran": goal, "target": content.node_target or ""} if len(goals) == 1 else {"sasaran": goal}
            out.append(_raw(box, content, fields, "\n".join(filter(None, [goal, content.node_target]))))
    elif not content.tables:
        for goal in sas:  # sasaran printed without an indicator of their own: kept as nodes
            if goal not in used:
                out.append(_raw(box, content, {"sasaran": goal}, goal))
    return out


_STOP = {"dan", "yang", "di", "ke", "dalam", "pada", "untuk", "dengan", "atau", "serta", "kondisi", "baik",
         "persentase", "jumlah", "tingkat", "meningkatnya", "meningkatkan", "terwujudnya", "tersedianya"}


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOP}


def align_lists(goals: list[str], indicators: list[str]) -> list[int]:
    """Sasaran and indicators printed as two lists in the same order, more indicators than
    sasaran: give each indicator a sasaran so the order is kept, every sasaran has at least one,
    and the words they share are most (one dynamic programme over the two lists)."""
    n, m = len(goals), len(indicators)
    g, ind = [_stems(x) for x in goals], [_stems(x) for x in indicators]
    sim = [[len(g[i] & ind[j]) for j in range(m)] for i in range(n)]
    neg = float("-inf")
    best = [[neg] * m for _ in range(n)]  # best[i][j]: indicator j under sasaran i
    came: list[list[int]] = [[0] * m for _ in range(n)]
    best[0][0] = sim[0][0]
    for j in range(1, m):
        for i in range(min(j, n - 1) + 1):
            stay = best[i][j - 1]
            move = best[i - 1][j - 1] if i else neg
            best[i][j], came[i][j] = (stay, i) if stay >= move else (move, i - 1)
            best[i][j] += sim[i][j]
    out, i = [0] * m, n - 1
    for j in range(m - 1, -1, -1):
        out[j] = i
        i = came[i][j]
    return out


def _in_tree(box: Box, has_children: set[int]) -> bool:
    return box.parent is not None or box.index in has_children


def _bare_leaf(box: Box, rows: list[RawIndicator], has_children: set[int]) -> bool:
    """A box with no header, no indicator and no value, nothing hanging under it, and only the
    tier its depth gives: a node of the drawing, not a record of the cascade."""
    named = box.tier in RANK
    return (box.index not in has_children and not named
            and not any(r.fields.get("indikator") or r.fields.get("target") for r in rows))


def _coded_list(box: Box) -> bool:
    """A unit header over "code | indikator" rows (built so by the reader's unit lists)."""
    return box.kind == "unit_list"


def _kegiatan_row(box: Box) -> Optional[list[str]]:
    """"53.10 | Kegiatan ... | • 50 Org | Anggaran | Rp. ...": the row's texts, or None."""
    return box.table.rows[0].texts if box.kind == "kegiatan" and box.table else None


_RP = re.compile(r"\brp\.?\s*\d[\d.,]*", re.I)
_ANGGARAN = re.compile(r"\b(?:anggaran|pagu)\b", re.I)


def _unit_records(box: Box, heads: bool) -> list[RawIndicator]:
    """One row per numbered indicator; a unit that lists none but heads kegiatan is a node."""
    content = BoxContent(org_unit=box.label)
    assert box.table is not None  # the reader builds every unit list as a table
    if len(box.table.rows) == 1:
        return [_raw(box, content, {"sasaran": box.label or ""}, box.label or "")] if heads else []
    out = []
    for row in box.table.rows[1:]:
        code, text = row.cells[0].text.strip(), row.cells[1].text.strip()
        fields = indicator_fields(text)
        raw = _raw(box, content, fields, f"{code} {text}")
        raw.prov = Provenance(page=box.page, bbox=row.bbox or box.bbox, source_text=f"{code} {text}")
        out.append(raw)
    return out


def _kegiatan_records(box: Box, texts: list[str], org_unit: Optional[str]) -> tuple[RawIndicator, Optional[RawBudget]]:
    """The kegiatan as a node with its output target (and Anggaran), and its budget line."""
    code, name = texts[0].strip(), re.sub(r"\s+", " ", texts[1]).strip()
    side = " ".join(texts[2:])
    amount = _RP.search(side)
    rest = _ANGGARAN.sub(" ", _RP.sub(" ", side))
    values = [BULLET.sub("", v).strip() for v in re.split(r"\s{2,}|\n|(?=[•·▪●])", rest)]
    output = next((v for v in values if v and VALUE.fullmatch(v)), "")
    fields = {"sasaran": name, "target": output, "anggaran": amount.group(0) if amount else ""}
    source = " | ".join(t.replace("\n", " ") for t in texts if t.strip())
    raw = _raw(box, BoxContent(org_unit=org_unit), fields, source)
    budget = RawBudget(name=name, prov=Provenance(page=box.page, bbox=box.bbox, source_text=source),
                       level=box.tier if box.tier in ("program", "kegiatan", "sub_kegiatan") else "kegiatan",
                       code=code, anggaran=amount.group(0) if amount else "", section=org_unit) if amount else None
    return raw, budget


def summary_values(box: Box) -> Optional[dict[str, str]]:
    """A small table with a header row of value columns and no indikator column: role -> the
    value printed under it. Columns about another year (the Renstra end target, capaian against
    it) have no field of the year's record: they go to keterangan with their header."""
    roles = box.columns or None
    values = next((r for r in box.table.rows[1:] if not r.is_empty()), None) if roles and box.table else None
    if roles is None or values is None or box.table is None:
        return None
    got: dict[str, str] = {}
    notes = []
    for k, role in roles.items():
        text = re.sub(r"\s+", " ", values.cells[k].text).strip() if k < len(values.cells) else ""
        if not text:
            continue
        if role == "keterangan":
            header = re.sub(r"\s+", " ", box.table.rows[0].cells[k].text).strip()
            notes.append(f"{header}: {text}")
        elif role not in got:
            got[role] = text
    if notes:
        got["keterangan"] = "; ".join(notes)
    return got


def _summaries(layout: Layout, tables: dict[int, dict[str, str]]) -> dict[int, dict[str, str]]:
    """Summary tables hanging under a box (`tables`: box index -> its values): parent index ->
    the values they give its indicator."""
    out: dict[int, dict[str, str]] = {}
    for box in layout.boxes:
        values = tables.get(box.index)
        if values is None or box.parent is None:
            continue
        got = out.setdefault(box.parent, {})
        for role, value in values.items():
            got.setdefault(role, value)
    return out


def _summary_record(box: Box, values: dict[str, str], head: RawIndicator) -> RawIndicator:
    """A summary table whose target differs from the box above it: its own row, named after
    that box's sasaran and hanging under it, so both printed figures stay (each with the
    figures printed beside it) and neither overwrites the other."""
    source = "\n".join(r.source_text for r in box.table.rows) if box.table else ""
    raw = _raw(box, BoxContent(org_unit=head.org_unit), {"sasaran": head.fields.get("sasaran", ""), **values}, source)
    raw.level = head.level
    return raw


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _agrees(raw: RawIndicator, values: dict[str, str]) -> bool:
    """A summary table belongs to the box's indicator unless both print a target and they
    differ (then the table is about something else, and stays a table of its own)."""
    mine, theirs = (_NUMBER.search(raw.fields.get("target", "")), _NUMBER.search(values.get("target", "")))
    return mine is None or theirs is None or mine.group(0).replace(",", ".") == theirs.group(0).replace(",", ".")


def extract_diagram(layout: Layout) -> Extraction:
    """Raw rows of every box of a layout, each pointing at the first row of its parent box."""
    out = Extraction(doc_type="pohon_kinerja")
    has_children = {b.parent for b in layout.boxes if b.parent is not None}
    by_index = {b.index: b for b in layout.boxes}
    first: dict[int, int] = {}
    goal: dict[int, Optional[str]] = {}
    owner: list[Box] = []
    tables = {b.index: v for b in layout.boxes if b.parent is not None and (v := summary_values(b)) is not None}
    summaries = _summaries(layout, tables)
    applied: set[int] = set()
    printed: set[tuple[Optional[str], str, str]] = set()
    contents = {b.index: read_box(b) for b in layout.boxes}
    for box in layout.boxes:
        content = contents[box.index]
        if _continues(content, box) and box.parent in contents:
            above = contents[box.parent]
            for k, (_, text) in enumerate(content.indikator):
                if k in content.targets:
                    above.targets[len(above.indikator)] = content.targets[k]
                above.drawn_in[len(above.indikator)] = box
                above.indikator.append((len(above.sasaran), text))
            content.indikator = []
    for box in layout.boxes:
        if box.kind == "value_table" and box.parent in applied:
            continue  # its values went to the box it hangs under
        head = first.get(box.parent) if box.parent is not None else None  # its parent's first record
        values = tables.get(box.index) if head is not None else None
        texts = _kegiatan_row(box)
        if values is not None and head is not None:
            rows = [_summary_record(box, values, out.indicators[head])]
        elif texts is not None:
            parent = by_index.get(box.parent) if box.parent is not None else None
            unit = parent.label if parent is not None and _coded_list(parent) else None
            raw, budget = _kegiatan_records(box, texts, unit)
            rows = [raw]
            if budget is not None and (budget.code, budget.name, budget.anggaran) not in printed:
                printed.add((budget.code, budget.name, budget.anggaran))  # a kegiatan drawn twice is one budget line
                out.budget.append(budget)
        elif _coded_list(box):
            rows = _unit_records(box, box.index in has_children)
        else:
            rows = box_records(box, contents[box.index])
        if not rows:
            continue
        if box.index in summaries and len(rows) == 1 and _agrees(rows[0], summaries[box.index]):
            applied.add(box.index)
            for role, value in summaries[box.index].items():
                rows[0].fields.setdefault(role, value)
        labelled = box.label is not None or any(r.fields.get("indikator") for r in rows)
        if not labelled and not _in_tree(box, has_children):
            continue  # a title or note drawn in a frame, not part of the tree
        if not labelled and _bare_leaf(box, rows, has_children):
            continue  # a factor or note box hung in the tree: it states no goal of a named tier, measures nothing
        first[box.index] = len(out.indicators)
        sasaran = {r.fields.get("sasaran") for r in rows} - {None, ""}
        goal[box.index] = sasaran.pop() if len(sasaran) == 1 else None
        out.indicators.extend(rows)
        owner.extend([box] * len(rows))
    for raw, box in zip(out.indicators, owner):
        p = box.parent
        while p is not None and p not in first:  # a parent box with nothing printed: skip it
            p = by_index[p].parent if p in by_index else None
        if p is not None:
            same = _same_goal_row(out.indicators, owner, first[p], raw.fields.get("sasaran"), box)
            raw.parent_index = first[p] if same is None else same
            raw.parent_link = box.link
            raw.parent_sasaran = goal.get(p) if same is None else out.indicators[same].fields.get("sasaran")
    return out


def _fold(text: Optional[str]) -> str:
    return re.sub(r"\W+", " ", text or "").strip().lower()


def _same_goal_row(rows: list[RawIndicator], owner: list[Box], start: int, goal: Optional[str],
                   child: Optional[Box] = None) -> Optional[int]:
    """A box that prints the sasaran it serves ("Sasaran | Indikator" under a PROGRAM) hangs
    from the row of its parent box stating that sasaran, not from the parent's first row; in a
    cascade coloured by lineage, from the row whose sasaran shares its sasaran's fill."""
    end = start
    while end < len(rows) and owner[end] is owner[start]:
        end += 1
    if not _fold(goal):
        return _group_above(rows, owner, start, end, child) if child is not None else None
    same = next((k for k in range(start, end) if _fold(rows[k].fields.get("sasaran")) == _fold(goal)), None)
    if same is None and child is not None:
        same = _group_above(rows, owner, start, end, child)
    fill = _fill_of(child, goal) if same is None and child is not None else None
    if fill is None:
        return same
    return next((k for k in range(start, end) if _fill_of(owner[k], rows[k].fields.get("sasaran")) == fill), None)


def _group_above(rows: list[RawIndicator], owner: list[Box], start: int, end: int, child: Box) -> Optional[int]:
    """In a parent box of goal groups side by side, the first row of the group drawn over the child."""
    cx = (child.bbox[0] + child.bbox[2]) / 2
    box = owner[start].bbox
    for k in range(start, end):
        b = rows[k].prov.bbox  # a group's rows span the box's height and only their columns
        if b is not None and (b[1], b[3]) == (box[1], box[3]) and b[2] - b[0] < box[2] - box[0] - 1 and b[0] <= cx <= b[2]:
            return k
    return None


def _fill_of(box: Box, goal: Optional[str]) -> Optional[tuple[float, float, float]]:
    """The fill of the cell printing `goal` (its numbering aside), where the reader knew fills."""
    want = _fold(goal)
    return next((f for text, f in box.fills.items() if want and _fold(text).endswith(want)), None)


def with_diagram(extraction: Extraction, layout: Layout) -> Extraction:
    """Append the diagram rows and budget lines of a layout's boxes to what the family extractor
    read from its tables (parent indices shifted to stay right)."""
    diagram = extract_diagram(layout)
    offset = len(extraction.indicators)
    for raw in diagram.indicators:
        if raw.parent_index is not None:
            raw.parent_index += offset
    extraction.indicators.extend(diagram.indicators)
    extraction.budget.extend(diagram.budget)  # kegiatan lines, each on its own (no parent_index)
    if extraction.doc_type == "unknown" and diagram.indicators:
        extraction.doc_type = "pohon_kinerja"  # a tree of boxes with indicators is a cascade
    return extraction
