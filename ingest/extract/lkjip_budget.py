"""Budget tables as budget lines, keeping their hierarchy.

Two shapes are common in LKjIP Bab III-B: realisation by type of spending ("Belanja Operasi" with
"a. Belanja Pegawai", "b. Belanja Barang dan Jasa" under it) and by program -> kegiatan -> sub
kegiatan. The level of a row is read from what it prints: a "Program :" / "Kegiatan :" /
"Sub Kegiatan :" label, a Permendagri 90 code (1.03.02 program, 1.03.02.2.01 kegiatan,
1.03.02.2.01.0001 sub kegiatan), or outline numbering (1 / 1.1 / 1.1.1; 1. / a.). A name wrapped
onto the next printed row (no amounts, no label) is joined to the row above.
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.extract import RawBudget, provenance
from ingest.extract.tables import TableShape, data_rows
from ingest.layout import Row, Table

# "Kegiatan : X", "Program X", and the PDF-fused "KegiatanPenyediaan ..." (no space before a capital)
_LABEL = re.compile(r"^\s*((?i:sub\s*-?\s*kegiatan|kegiatan|program))(?:\b|(?=[A-Z]))\s*:?\s*")
_LABEL_LEVEL = {"program": "program", "kegiatan": "kegiatan"}
_CODE = re.compile(r"^\s*(\d+(?:\.\d+){2,5})\s*[-:.]?\s+(?=\D)")
_CODE_ONLY = re.compile(r"^\d+(?:\.\d+){2,5}$")
_LETTER_ITEM = re.compile(r"^\s*([a-z])[.)]\s+", re.I)
_OUTLINE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s*$")
_TOTAL = re.compile(r"^\s*(j\s?u\s?m\s?l\s?a\s?h|t\s?o\s?t\s?a\s?l|grand\s+total)\b", re.I)  # also "J U M L A H"
_HIER = ("program", "kegiatan", "sub_kegiatan")
_CURRENCY_ONLY = re.compile(r"^R[pP]\.?$")


def _code_level(code: str) -> Optional[str]:
    return {3: "program", 5: "kegiatan", 6: "sub_kegiatan"}.get(code.count(".") + 1)


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _mixed_capitals(table: Table, shape: TableShape, col: int) -> bool:
    """Rows in capitals and rows in mixed case both occur (totals aside)."""
    names = [r.cells[col].text.strip() for r in table.rows[shape.first_data:] if col < len(r.cells)]
    names = [n for n in names if n and not _TOTAL.match(n)]
    caps = sum(_is_capitals(n) for n in names)
    return 0 < caps < len(names)


def _roles(shape: TableShape) -> dict[str, int]:
    """Column index of name, code, anggaran, realisasi and persen."""
    found: dict[str, int] = {}
    for r in shape.roles:
        role = r.role
        target = {
            "program": "name", "belanja": "name", "sasaran": "name",
            "anggaran": "anggaran", "target": "anggaran",
            "realisasi": "realisasi", "anggaran_realisasi": "realisasi",
            "capaian": "persen", "anggaran_capaian": "persen", "serapan": "persen",
            "no": "no",
        }.get(role or "")
        if role is None and re.search(r"\bkode\b", r.label, re.I):
            target = "code"
        if target == "anggaran" and "anggaran" in found and re.search(r"realisasi", r.label, re.I):
            target = "realisasi"  # "Anggaran | Realisasi / Keuangan (Rp)": the second money column
        if target and target not in found:
            found[target] = r.index
    if "name" not in found and (unit := next((r.index for r in shape.roles if r.role == "penanggung_jawab"), None)) is not None:
        found["name"] = unit  # "No | Satuan Kerja | Pagu": the budget of each work unit
    return found


def _total_subcolumn(table: Table, shape: TableShape, cols: dict[str, int]) -> bool:
    """'PAGU AKHIR' spanning 'RPM | PLN | SBSN | TOTAL' (a sub-header row the header did not take
    in): the TOTAL sub-column is the line's amount. Moves cols['anggaran'] and says whether the
    first data row is that sub-header."""
    if "anggaran" not in cols or shape.first_data >= len(table.rows):
        return False
    row = table.rows[shape.first_data]
    texts = [c.text.strip() for c in row.cells]
    start = cols["anggaran"]
    roles = {r.index: r.role for r in shape.roles}
    under = [start]
    while under[-1] + 1 < len(texts) and under[-1] + 1 in roles and roles[under[-1] + 1] is None:
        under.append(under[-1] + 1)  # the run of unlabelled columns the header spans
    if len(under) < 2 or (cols["name"] < len(texts) and texts[cols["name"]]) or any(re.search(r"\d", t) for t in texts):
        return False
    total = next((i for i in under if _TOTAL.match(texts[i])), None)
    if total is None:
        return False
    cols["anggaran"] = total
    return True


def budget_lines(table: Table, shape: TableShape, section: Optional[str], offset: int = 0) -> list[RawBudget]:
    """One RawBudget per printed line; `offset` is the index the first line will have in the
    extraction's budget list, so parent_index points into that list."""
    cols = _roles(shape)
    if "name" not in cols:
        return []
    _total_subcolumn(table, shape, cols)
    kind = "belanja" if any(r.role == "belanja" for r in shape.roles) else "program"
    if any(r.index == cols["name"] and r.role == "penanggung_jawab" for r in shape.roles):
        kind = "unit"  # work units: no program/kegiatan levels
    out: list[RawBudget] = []
    group_col, group_role, total_col = _grouping(table, shape, cols)
    group: Optional[str] = None
    parents: dict[str, int] = {}  # level -> index in out of the open parent
    top_belanja: Optional[int] = None
    labelled: Optional[str] = None  # the level the last row that said its level had
    inferred: Optional[str] = None  # the level given to unlabelled rows since then
    # Some tables mark a group by capitals ("BELANJA OPERASI") and its items in mixed case.
    caps_groups = kind == "belanja" and _mixed_capitals(table, shape, cols["name"])
    unlabelled = {r.index for r in shape.roles if r.role is None and not r.label.strip()}

    def money(mapped, k: str) -> str:
        """The cell of `k`; a lone 'Rp.' there takes the figure printed in the unlabelled column after it."""
        text = mapped.cells.get(cols[k], "").strip() if k in cols else ""
        if _CURRENCY_ONLY.match(text) and cols[k] + 1 in unlabelled:
            text = f"{text} {mapped.cells.get(cols[k] + 1, '').strip()}".strip()
        return text

    drift = _drifted_name_column(table, shape, cols)
    for mapped in data_rows(table, shape, key="__budget__"):
        cell = lambda k: mapped.cells.get(cols[k], "").strip() if k in cols else ""  # noqa: E731
        name, no = cell("name"), cell("no")
        if not name and drift is not None:
            name = mapped.cells.get(drift, "").strip()  # the name printed a column to the left (OCR)
        amounts = [money(mapped, "anggaran"), money(mapped, "realisasi"), cell("persen")]
        if group_col is not None and (outer := mapped.cells.get(group_col, "").strip()) and outer != group and (
                name or any(amounts)):
            group = outer  # a merged grouping cell: the parent of the lines beside and under it
            if group_role == "program":
                out.append(RawBudget(
                    name=group, level="program", anggaran=mapped.cells.get(total_col, "") if total_col is not None else "",
                    prov=provenance(table, mapped.index, mapped.row, mapped.text), section=section,
                ))
                parents = {"program": offset + len(out) - 1}
                labelled, inferred = "program", None
        if not name:
            continue
        if not any(amounts) and not no and not _LABEL.match(name) and not _CODE.match(name):
            if out:  # the name wrapped onto its own printed row
                out[-1].name = f"{out[-1].name} {name}"
                out[-1].prov.source_text += "\n" + mapped.text
            continue  # (a title row above the first line carries no budget)
        code = cell("code") or None
        level: Optional[str] = None
        parent: Optional[int] = None
        if m := _LABEL.match(name):
            word = re.sub(r"\W", "", m.group(1).lower())
            level = "sub_kegiatan" if word.startswith("sub") else _LABEL_LEVEL[word]
            if ":" in m.group(0):  # "Program : X" names X; "Program Penunjang ..." is the name itself
                name = name[m.end():]
            elif name[m.end(1):m.end(1) + 1].isalpha():  # fused label: put the space back
                name = f"{m.group(1)} {name[m.end(1):]}"
        elif m := _CODE.match(name):
            code, name = m.group(1), name[m.end():]
        if level is None and code and _CODE_ONLY.match(code):
            level = _code_level(code)
        if level is None and kind == "program" and (m := _OUTLINE.match(no)):
            level = _HIER[min(m.group(1).count("."), 2)]
        if level is None and kind == "program" and labelled and not _TOTAL.match(name):
            level = _HIER[min(_HIER.index(labelled) + 1, 2)]  # unlabelled rows under a labelled level
            inferred = level
        elif level in _HIER and not _TOTAL.match(name) and level != inferred:
            labelled, inferred = level, None  # a 'Kegiatan X' among unlabelled kegiatan is their sibling
        if _TOTAL.match(name):
            level = "total"
        elif kind == "belanja":  # (a program table row that says nothing of its level keeps None)
            letter = _LETTER_ITEM.match(name)
            sub_number = re.fullmatch(r"\d{1,2}\.\d{1,2}\.?", no) is not None  # "1.1 Belanja Pegawai"
            child = bool(letter) or sub_number or (caps_groups and not _is_capitals(name))
            if letter:
                name = name[letter.end():]
            if child:
                parent = top_belanja
            level = level or "belanja"
            if not child and level == "belanja":
                top_belanja = offset + len(out)
        if group_role == "program" and level in (None, "program"):
            level = "kegiatan"  # a line beside a merged program cell is under it
        if level in _HIER:
            depth = _HIER.index(level)
            parent = next((parents[h] for h in reversed(_HIER[:depth]) if h in parents), None)
            parents[level] = offset + len(out)
            for deeper in _HIER[depth + 1:]:
                parents.pop(deeper, None)
        out.append(
            RawBudget(
                name=name.strip(),
                prov=provenance(table, mapped.index, mapped.row, mapped.text),
                level=level,
                code=code,
                parent_index=parent,
                anggaran=amounts[0],
                realisasi=amounts[1],
                persen=amounts[2],
                section=section,
                extra={"sasaran": group} if group and group_role == "sasaran" else {},
            )
        )
    return out


def _drifted_name_column(table: Table, shape: TableShape, cols: dict[str, int]) -> Optional[int]:
    """An unlabelled column right left of the name column that holds text only on rows whose name
    cell is empty: the same column, its cells cut apart where OCR saw the column edge move."""
    left = cols["name"] - 1
    role = next((r for r in shape.roles if r.index == left), None)
    if role is None or role.role is not None or role.label.strip():
        return None
    rows = table.rows[shape.first_data:]

    def text(r: Row, i: int) -> str:
        return r.cells[i].text.strip() if i < len(r.cells) else ""
    lefts = [r for r in rows if text(r, left)]
    if len(lefts) < 2 or any(text(r, cols["name"]) for r in lefts) or any(re.fullmatch(r"[\d.,\s]+", text(r, left)) for r in lefts):
        return None
    return left


def _grouping(table: Table, shape: TableShape, cols: dict[str, int]) -> tuple[Optional[int], Optional[str], Optional[int]]:
    """A name column merged over the lines beside it ('Sekretariatan' over four kegiatan; a Sasaran
    column over its kegiatan): the innermost name column is the line, the outer its parent. Returns
    (outer column, 'program' or 'sasaran', the 'Total Anggaran' column), and moves cols['name'] in."""
    name = cols["name"]
    roles = {r.index: r for r in shape.roles}
    inner = roles.get(name + 1)
    if inner is None or not (inner.role in ("program", "belanja") or (inner.role is None and not inner.label.strip())):
        return None, None, None
    money = [i for k, i in cols.items() if k in ("anggaran", "realisasi")]

    def text(r: Row, i: int) -> str:
        return r.cells[i].text.strip() if i < len(r.cells) else ""
    # only the rows that print an amount are lines: a signature block in the table's last rows
    # ('Amurang, Januari 2023' / 'PIHAK KEDUA') fills the outer column, not a line
    rows = [r for r in table.rows[shape.first_data:] if any(re.search(r"\d", text(r, i)) for i in money)]
    inner_filled = sum(1 for r in rows if text(r, name + 1))
    outer_filled = sum(1 for r in rows if text(r, name))
    if inner_filled < 2 or outer_filled >= inner_filled:
        return None, None, None  # not merged: as many outer cells as lines
    outer_role = "sasaran" if roles[name].role == "sasaran" else "program"
    cols["name"] = name + 1
    total = next((r.index for r in shape.roles if r.index != cols.get("anggaran") and re.search(r"\btotal\b", r.label, re.I)
                  and r.role == "anggaran"), None)
    return name, outer_role, total
