"""One diagram box's printed text -> BoxContent (program, sasaran, indikator, targets, tables).

A box reads top to bottom: header bands ("Kinerja Utama", "SASARAN", "KEGIATAN : ...",
"Indikator Kinerja") say what the paragraphs under them hold; a header row naming columns
("Sasaran | Indikator | Target 2022 2023 2024") starts a small table, kept for the table code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ingest.columns import is_header_row, role_of
from ingest.extract.tables import unit_in_name
from ingest.layout import Box, Row, Table

# Header words at the start of a paragraph, and what the text after them is.
_SASARAN_HEAD = re.compile(
    r"^\W*(?:kinerja\s+utama|sasaran(?:\s+(?:strategis|program|kegiatan|sub\s*kegiatan))?|tujuan|misi|visi)"
    r"(?:\s+es+elon\s+[ivx\d]+)?\s*(?:\(([^)]*)\))?\s*[:.]?\s*",
    re.I,
)
_PROGRAM_HEAD = re.compile(r"^\W*(?:sub\s*-?\s*kegiatan|kegiatan|program)\s*[:.]\s*|^\W*(?:sub\s*-?\s*kegiatan|kegiatan|program)\s*$", re.I)
# "Outcome" / "Output" bands head a list of result indicators, as "Indikator" does.
_INDIKATOR_HEAD = re.compile(
    r"^\W*(?:indikator(?:\s+kinerja)?(?:\s+(?:utama|program|kegiatan|sub\s*-?\s*kegiatan))?"
    r"(?:\s*[({](?:\s*(?:immediate|intermediate|ultimate|output|outcome|impact))+\s*(?:[)}]|(?=\s*[:(])))?"  # "(Immediate Outcome)"
    r"|iku|ikk|ik(?=\s*:)|outcome|output|impact)(?:\b|(?<=[)}]))(?:\s*\d{1,2}(?:\.\d{1,2})*(?=\s*:))?\s*[:.]?\s*", re.I)
_POSITION = re.compile(r"\b(kepala|sekretaris|kabid|kasubbag|kasi|bidang|seksi|sub\s*bag\w*|bagian|uptd?|upt)\b", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(slots=True)
class BoxContent:
    """What one box says, as printed."""

    program: Optional[str] = None
    org_unit: Optional[str] = None
    tujuan: list[str] = field(default_factory=list)
    tujuan_over: dict[str, str] = field(default_factory=dict)  # sasaran -> the tujuan band printed over it
    sasaran: list[str] = field(default_factory=list)
    indikator: list[tuple[int, str]] = field(default_factory=list)  # (sasaran read before it, text)
    targets: dict[int, str] = field(default_factory=dict)  # indikator index -> target printed apart
    node_target: Optional[str] = None  # a value printed in a box with no indicator (a kegiatan's output)
    tables: list[Table] = field(default_factory=list)
    drawn_in: dict[int, Box] = field(default_factory=dict)  # indikator index -> the box below that printed it
    year: Optional[int] = None  # the year a "Target 2016" header names
    spans: dict[str, tuple[float, float]] = field(default_factory=dict)  # sasaran -> its group's columns, side by side


# Words an indicator name starts with; printed capitalised after a complete line, they start a
# new indicator even when the lines were printed without a gap.
_INDICATOR_START = re.compile(
    r"(?<=[\w)%.]) (?=(?:Persentase|Prosentase|Presentase|Jumlah|Indeks|Rasio|Tingkat|Nilai|Cakupan|Angka|"
    r"Proporsi|Rata-rata|Luas|Panjang|Predikat)\b)"
)
_CODE = re.compile(r"(?:[\dIVX]{1,3}(?:\.\d{1,3})*\.?\s*)+|[a-z][.)]?")
_AMOUNT = r"\d[\d.,]*(?:\s*/\s*\d[\d.,]*)?(?:\s\d[\d.,]*)?\s*[%‰]?(?:\s*[A-Za-z/.]{1,12}){0,2}"
# "50 Org", "(89/100.000 KH)", "<1‰", "6 Keg./ 16 Komunitas TIK": a value printed on its own
VALUE = re.compile(rf"\(?(?:rp\.?\s*)?[<>≤≥]?\s*{_AMOUNT}(?:\s*/\s*{_AMOUNT})?\)?|%", re.I)
_UNIT_NAME = re.compile(r"^(?:kepala|sekretari(?:s|at)|kabid|kasubb?ag|kasi|bidang|seksi|sub\s*bag\w*|bagian|uptd?)\b", re.I)
BULLET = re.compile(r"^[•·▪●*-]\s*")
_SUB_NUMBER = re.compile(r"^\s*\d{1,2}\.\d{1,2}\b")
# ... in any case: a paragraph of its own after the goal ("jumlah media sosial ...", "PERSENTASE ...")
_INDICATOR_WORD = re.compile(r"^(?:Persentase|Prosentase|Presentase|Jumlah|Indeks|Rasio|Nilai|Cakupan|Angka)\b", re.I)
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?(?:\s*[–-])?|[a-z][.)]|[a-z](?=\s+[A-Z])|[-–•·▪●*])\s+")
# "... yang dibina (100%)", "... disusun (13 Dokumen)", "(Target 831 Koperasi)", "(-1%)": a target
# printed after the indicator, with its unit
_TRAILING_TARGET = re.compile(
    r"\s*\(\s*(?:target\b\s*:?\s*)?([<>≤≥+\-−]?\s*\d[\d.,]*(?:\s*/\s*\d[\d.,]*)?\s*%?(?:\s*[A-Za-z/][A-Za-z/ .]{0,24})?)"
    r"\s*\)\s*$", re.I)
_QUANTITY_UNIT = re.compile(r"^[<>≤≥+\-−]?\s*\d[\d.,]*\s*([A-Za-z][A-Za-z/ .]*?)\s*$")


# "Tersusunnya rencana kerja": a goal, never a column word however short ("rencana" names a column)
_NOMINAL = re.compile(r"^\W*[A-Za-z]{3,}nya\b")
_NUMBERED_ITEM = re.compile(r"^\s*(?:\d{1,2}|[a-z])[.)]\s+")
STATEMENT = re.compile(r"^\W*pernyataan\b", re.I)
_NUMBERED_GOAL = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\s*[–-]\s*(?=[A-Za-z])")
_INLINE_HEAD = re.compile(r"(?<=\S)\s+(?=(?:Indikator(?:\s+Kinerja)?(?:\s+Utama)?|Target|Satuan)\s*:)", re.I)


def _items(text: str) -> list[str]:
    """A cell's paragraphs (separated by a blank gap when printed, or a 'Indikator:' head
    printed on the next line without one) as separate entries."""
    return [p.strip() for para in text.split("\n") for p in _INLINE_HEAD.split(para) if p.strip()]


def _split_indicators(text: str) -> list[str]:
    """One paragraph holding indicators printed on consecutive lines without a gap."""
    parts = _INDICATOR_START.split(text)
    out: list[str] = []
    for part in parts:
        if out and (len(_NUMBERING.sub("", out[-1]).split()) < 3 or _OPEN_END.search(out[-1])):
            out[-1] = f"{out[-1]} {part}"  # "Persentase Jumlah ...", "... dicetak dengan Luas ...": one name
        else:
            out.append(part)
    return [_NUMBERING.sub("", p).strip() for p in out if p.strip()]


# A name cannot end on a word that joins it to what follows: the next word continues it.
_OPEN_END = re.compile(r"\b(?:dan|yang|dengan|di|ke|dari|pada|untuk|atau|serta|terhadap|dalam|oleh|per|bagi|atas|antara)$", re.I)


# A share ("Persentase ...") is counted in percent: a bound in another unit after its name,
# "( > 40 KM/Jam )", is the threshold that defines it ("jalan dalam kondisi baik"), not its target
# (a plain "(1 Dokumen)" stays the target as printed).
_SHARE = re.compile(r"^\W*(?:persentase|prosentase|presentase|proporsi)\b", re.I)
_PERCENT_UNIT = re.compile(r"%|persen|prosen", re.I)


def indicator_fields(text: str) -> dict[str, str]:
    m = _TRAILING_TARGET.search(text)
    unit = _QUANTITY_UNIT.search(m.group(1).strip()) if m else None  # "831 Koperasi": the satuan follows the number
    if (m and unit and _SHARE.match(text) and re.match(r"[<>≤≥]", m.group(1).strip())
            and not _PERCENT_UNIT.fullmatch(unit.group(1).strip())):
        m = None  # a share's qualifier, printed as part of its name
    if m and len(text[: m.start()].split()) >= 3:
        target = m.group(1).strip()
        out = {"indikator": text[: m.start()].strip(), "target": target}
        return {**out, "satuan": unit.group(1)} if unit else out
    named = unit_in_name(text)  # "Luasan RTH ... (Ha)": the unit printed in the name
    return {"indikator": text, "satuan": named} if named else {"indikator": text}


def _org_unit(box: Box) -> Optional[str]:
    label = box.label or ""
    if box.tier == "fungsional" and label:
        return label.strip()  # a job title heading its own block
    inner = re.search(r"\(([^)]*)\)", label)
    if inner and _POSITION.search(inner.group(1)):
        return inner.group(1).strip()
    return label.strip() if _POSITION.search(label) else None


def read_box(box: Box) -> BoxContent:
    """Sort a box's printed paragraphs into program, sasaran, indikator and small tables."""
    content = BoxContent(org_unit=_org_unit(box))
    rows = box.table.rows if box.table else []
    state = ["sasaran", box.label.strip() if box.label and content.org_unit == box.label.strip() else None]
    if not _band_grid(rows, content):
        start, spans = _goal_groups(rows)
        _read_rows(rows[:start], box, content, state)
        for x0, x1 in spans:  # goal groups side by side: each read down its own column
            part = [Row([c for c in r.cells if c.bbox and x0 - 1 <= (c.bbox[0] + c.bbox[2]) / 2 <= x1 + 1],
                        page=r.page, bbox=r.bbox) for r in rows[start:]]
            state[0] = "sasaran"
            before = len(content.sasaran)
            _read_rows([r for r in part if r.cells], box, content, state)
            for goal in content.sasaran[before:]:
                content.spans.setdefault(goal, (x0, x1))
    if not box.label and content.org_unit and not (
            content.sasaran or content.indikator or content.tujuan or content.program or content.tables):
        content.sasaran.append(content.org_unit)  # a box holding only a unit's name: a node of the tree
    return content


# "Sasaran Strategis 1 | Sasaran Strategis 2": numbered goal groups printed side by side in one box
_GROUP = re.compile(r"^\W*(?:tujuan|sasaran)(?:\s+(?:strategis|program|kegiatan))?\s*\d{1,2}\W*$", re.I)


def _goal_groups(rows: list[Row]) -> tuple[int, list[tuple[float, float]]]:
    """The first row holding two or more numbered goal labels side by side, and their column
    spans (each to the next label); (len(rows), []) when there is none."""
    for i, row in enumerate(rows):
        heads = sorted((c.bbox for c in row.cells if c.bbox and _GROUP.match(c.text.strip())), key=lambda b: b[0])
        if len(heads) >= 2 and all(a[2] <= b[0] + 1 for a, b in zip(heads, heads[1:])):
            right = max(c.bbox[2] for r in rows for c in r.cells if c.bbox)
            spans = [(h[0], nxt[0] - 1) for h, nxt in zip(heads, heads[1:])] + [(heads[-1][0], right)]
            return i, spans
    return len(rows), []


def _read_rows(rows: list[Row], box: Box, content: BoxContent, state: list) -> None:
    """Read rows top to bottom into `content`; `state` is [mode, the unit label still to skip]."""
    i = 0
    while i < len(rows):
        row = rows[i]
        if is_header_row(row) and not _named_indicator(row):
            j = i + 1
            while j < len(rows) and not _opens_section(rows[j]):
                j += 1
            content.tables.append(Table(rows=rows[i:j], page=box.page, index=box.index, bbox=box.bbox))
            i = j
            continue
        texts = [c.text for c in row.cells if c.text.strip()]
        if (len(texts) == 2 and content.indikator and _NUMBERED_ITEM.match(texts[0])
                and VALUE.fullmatch(texts[1].strip())):  # "1) <name> | 2 Dokumen" among indicators
            content.indikator.append((len(content.sasaran), _NUMBERED_ITEM.sub("", texts[0]).replace("\n", " ").strip()))
            content.targets[len(content.indikator) - 1] = texts[1].strip()
            i += 1
            continue
        for para in _items("\n".join(texts)):
            if state[1] is not None and para == state[1]:
                state[1] = None  # the position printed as the header: already the org_unit
                continue
            state[0] = _take(para, state[0], content)
        i += 1


_BAND = re.compile(r"^\W*(misi|tujuan|sasaran|indikator|strategi|kebijakan|program)\s*\d{0,2}\W*$", re.I)


def _band_grid(rows: list[Row], content: BoxContent) -> bool:
    """A cascade drawn as stacked bands: a row of numbered labels ("Sasaran 1 | Sasaran 2"), then
    a row of their texts, each spanning the columns of what hangs under it. An indicator belongs
    to the sasaran whose span covers it; its target is printed under it "(55%)"."""
    bands: dict[str, list[tuple[tuple[float, float], str]]] = {}
    for head, body in zip(rows, rows[1:]):
        labels = [c.text.strip() for c in head.cells if c.text.strip()]
        if len(labels) < 2 or not (first := _BAND.match(labels[0])) or not all(_BAND.match(t) for t in labels):
            continue  # labels side by side, each over its own span
        kind = first.group(1).lower()
        items = [((c.bbox[0], c.bbox[2]), c.text.strip()) for c in body.cells if c.text.strip() and c.bbox]
        if items and not all(_BAND.match(t) for _, t in items):
            bands.setdefault(kind, items)
    if "sasaran" not in bands or "indikator" not in bands:
        return False
    goals = bands["sasaran"]
    content.tujuan.extend(t for _, t in bands.get("tujuan", []))
    content.sasaran.extend(t for _, t in goals)
    for (x0, x1), text in goals:  # the tujuan whose span covers a sasaran is the goal it serves
        mid = (x0 + x1) / 2
        over = next((t for (a, b), t in bands.get("tujuan", []) if a - 1 <= mid <= b + 1), None)
        if over:
            content.tujuan_over[text] = over
    for (x0, x1), text in bands["indikator"]:
        mid = (x0 + x1) / 2
        k = next((i for i, ((a, b), _) in enumerate(goals) if a - 1 <= mid <= b + 1), None)
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        value = lines[-1] if len(lines) > 1 and VALUE.fullmatch(lines[-1].strip("() ")) else None
        name = " ".join(lines[:-1] if value else lines)
        content.indikator.append((k + 1 if k is not None else 0, name))
        if value:
            content.targets[len(content.indikator) - 1] = value.strip("() ")
    return True


def _named_indicator(row: Row) -> bool:
    """'Indikator 1.1 - <name> | TARGET' over the value: one indicator printed as a header row,
    read as paragraphs (the name, then the value under the column word)."""
    first = next((c.text for c in row.cells if c.text.strip()), "")
    m = _INDIKATOR_HEAD.match(first)
    return m is not None and len(first[m.end():].split()) >= 3
 

def _opens_section(row: Row) -> bool:
    texts = [c.text.strip() for c in row.cells if c.text.strip()]
    return len(texts) == 1 and bool(_PROGRAM_HEAD.match(texts[0]) or _INDIKATOR_HEAD.match(texts[0]) and len(texts[0]) < 40)


def _take(para: str, mode: str, content: BoxContent) -> str:
    """File one paragraph under the section the headers so far opened; returns the new mode."""
    m = _PROGRAM_HEAD.match(para)
    if m:
        rest = para[m.end():].strip()
        if rest:
            content.program = rest
        return "sasaran"
    m = _INDIKATOR_HEAD.match(para)
    if m:
        rest = para[m.end():].strip()
        if rest and not re.fullmatch(r"[\dIVX.:]*", rest):  # "Indikator 2": a numbered label, no indicator
            content.indikator.extend((len(content.sasaran), x) for x in _split_indicators(rest))
        return "indikator"
    m = _SASARAN_HEAD.match(para)
    if m and (m.end() > 0 and re.match(r"^\W*\w", para)):
        if m.group(1) and not content.org_unit:
            content.org_unit = m.group(1).strip()
        rest = para[m.end():].strip()
        head, colon, after = para.partition(":")
        if colon and len(head) <= 40:  # "MISI RPJMD : ...": the whole head is the label
            rest = after.strip()
        if re.fullmatch(r"[\dIVX.]*", rest):
            rest = ""  # "Sasaran 2", "Tujuan 1.": a numbered label, the text follows
        rest = _NUMBERED_GOAL.sub("", rest)  # "Sasaran 2.1 - Meningkatnya ...": the number is no part of it
        if re.match(r"^\W*(?:tujuan|misi|visi)\b", para, re.I):
            if rest:
                content.tujuan.append(rest)
            return "tujuan"
        if rest:
            _add_sasaran(content, rest)
        return "sasaran"
    if _CODE.fullmatch(para) or (role_of(para) is not None and len(para.split()) <= 3 and not VALUE.fullmatch(para)
                                 and not _NOMINAL.match(para)):
        year = _YEAR.search(para) if role_of(para) == "target" else None
        if year and content.year is None:
            content.year = int(year.group(0))  # "Target 2016": the year of the values under it
        return mode  # an item number or a column word ("TARGET", "Anggaran") printed in its own cell
    if (content.org_unit is None and para.isupper() and _UNIT_NAME.match(para)
            and not (content.sasaran or content.indikator or content.tujuan or content.program)):
        content.org_unit = para  # "SEKSI POS DAN TELEKOMUNIKASI" printed in the box, not as its header
        return mode
    value = BULLET.sub("", para)
    if VALUE.fullmatch(value):
        k = len(content.indikator) - 1
        if value.lower().startswith("rp"):
            return mode
        if k >= 0 and k not in content.targets:
            content.targets[k] = value  # "TARGET | 50 Org" printed beside the indicator
        elif k < 0 and content.node_target is None:
            content.node_target = value
        return mode
    if mode == "indikator" or _SUB_NUMBER.match(para) or (mode == "sasaran" and _INDICATOR_WORD.match(para)):
        # "1.1. ..." under "1. <sasaran>", or an indicator name printed without a header
        content.indikator.extend((len(content.sasaran), x) for x in _split_indicators(para))
        return mode
    if mode == "tujuan":
        content.tujuan.append(para)
    else:
        _add_sasaran(content, _NUMBERING.sub("", para).strip() or para)
    return mode


def _add_sasaran(content: BoxContent, goal: str) -> None:
    """A sasaran printed under a tujuan ("Tujuan | <text> | Sasaran 1 | <text>") serves that tujuan."""
    content.sasaran.append(goal)
    if content.tujuan:
        content.tujuan_over.setdefault(goal, content.tujuan[-1])
