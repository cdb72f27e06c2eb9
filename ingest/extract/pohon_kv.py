"""Sub Kegiatan key-value blocks at the bottom of a cascading:

    Sub Kegiatan         Penyusunan Dokumen Perencanaan Perangkat Daerah
    Sasaran Kegiatan     Persentase Dokumen Perencanaan Perangkat Daerah
    Indikator Kegiatan   Jumlah Dokumen Perencanaan Perangkat Daerah
    Target Sub Kegiatan  4 Dokumen
    Anggaran             Rp.18.000.000

Text conversions print them as two-cell rows or as "Label : value" lines, with values wrapped
onto an unlabelled next line, two labels fused on one line ("Sasaran Kegiatan Indikator
Kegiatan<TAB>value", the first label's value printed on the line above), fields missing, and a
block printed twice (once cut short). Each block becomes one indicator record and one budget line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ingest.extract import RawBudget, RawIndicator
from schemas import Provenance

# Label -> field. Longest labels first, so "Target Sub Kegiatan" is not read as "Sub Kegiatan".
_LABELS: list[tuple[str, str]] = [
    (r"target\s+sub\s*-?\s*kegiatan|target\s+kinerja|target", "target"),
    (r"sasaran\s+(?:sub\s*-?\s*)?kegiatan", "sasaran"),
    (r"indikator\s+(?:kinerja\s+)?(?:sub\s*-?\s*)?kegiatan|indikator(?:\s+kinerja)?", "indikator"),
    (r"sub\s*-?\s*kegiatan", "name"),
    (r"anggaran|pagu(?:\s+anggaran)?|pagu\s+indikatif", "anggaran"),
    (r"satuan", "satuan"),
]
_LABEL_RE = re.compile(r"^\s*(" + "|".join(p for p, _ in _LABELS) + r")\b\s*:?\s*", re.I)
_START = re.compile(r"^\s*sub\s*-?\s*kegiatan\s*:?\s*$", re.I)
_INDICATOR_START = re.compile(
    r"^(jumlah|persentase|presentase|prosentase|indeks|nilai|tingkat|rasio|angka|cakupan|rata)", re.I
)
_NOISE = re.compile(r"^[-–—.\d\s]{0,4}$")  # page numbers and stray dashes between blocks


@dataclass(slots=True)
class KvLine:
    """One printed line: its label cell (may be empty or hold two fused labels) and value."""

    label: str
    value: str
    prov: Provenance


def field_of(label: str) -> Optional[str]:
    for pattern, name in _LABELS:
        if re.fullmatch(pattern, label.strip().rstrip(":").strip(), re.I):
            return name
    return None


def fields_of(label: str) -> list[str]:
    """Every field a (possibly fused) label cell names, in order; [] if it is not a label."""
    out: list[str] = []
    rest = label.strip()
    while rest:
        m = _LABEL_RE.match(rest)
        if not m:
            return []
        name = field_of(m.group(1))
        if name is None:
            return []
        out.append(name)
        rest = rest[m.end():]
    return out


def is_block_start(label: str) -> bool:
    return bool(_START.match(label))


def split_paragraph(text: str) -> Optional[tuple[str, str]]:
    """'Sub Kegiatan : Penyusunan ...' -> (label, value) when the line opens with a label."""
    m = _LABEL_RE.match(text)
    if not m or not fields_of(m.group(1)):
        return None
    return m.group(1), text[m.end():].strip()


@dataclass(slots=True)
class _Block:
    lines: list[KvLine] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)


def _assign(lines: list[KvLine]) -> dict[str, str]:
    """Field values of one block. An unlabelled line continues the field above it, except when
    the next labelled line fuses two labels whose first is still empty (its value sits above), or
    when it reads like an indicator and the block prints no indicator label."""
    values: dict[str, str] = {}
    has_indikator_label = any("indikator" in fields_of(ln.label) for ln in lines)
    last: Optional[str] = None
    for i, ln in enumerate(lines):
        value = ln.value.strip()
        names = fields_of(ln.label) if ln.label.strip() else []
        if names:
            for extra in names[:-1]:
                values.setdefault(extra, "")
            name = names[-1]
            if value and not values.get(name):
                values[name] = value
            elif name not in values:
                values[name] = ""
            last = name
            continue
        if not value or _NOISE.match(value):
            continue
        nxt = next((x for x in lines[i + 1:] if x.label.strip()), None)
        fused = fields_of(nxt.label) if nxt is not None else []
        if len(fused) > 1 and not values.get(fused[0]):
            values[fused[0]] = value
            last = fused[0]
        elif not has_indikator_label and last == "sasaran" and _INDICATOR_START.match(value) and not values.get("indikator"):
            values["indikator"] = value
            last = "indikator"
        elif last is not None:
            values[last] = f"{values.get(last, '')} {value}".strip()
    return values


def _covers(full: dict[str, str], part: dict[str, str]) -> bool:
    return all(full.get(k) == v for k, v in part.items() if v)


def parse_blocks(lines: list[KvLine]) -> list[tuple[dict[str, str], list[KvLine]]]:
    """Group lines into blocks (each opened by a 'Sub Kegiatan' label) and read their fields.
    A block that a later block with the same name repeats in full is dropped."""
    blocks: list[_Block] = []
    for ln in lines:
        if is_block_start(ln.label) or not blocks:
            blocks.append(_Block())
        blocks[-1].lines.append(ln)
    for b in blocks:
        b.values = _assign(b.lines)
    kept: list[_Block] = []
    for b in blocks:
        if not b.values.get("name"):
            continue
        if kept and kept[-1].values.get("name") == b.values["name"] and _covers(b.values, kept[-1].values):
            kept[-1] = b  # the earlier print was cut short
            continue
        if kept and kept[-1].values.get("name") == b.values["name"] and _covers(kept[-1].values, b.values):
            continue
        kept.append(b)
    return [(b.values, b.lines) for b in kept]


def block_records(lines: list[KvLine], section: Optional[str] = None) -> tuple[list[RawIndicator], list[RawBudget]]:
    """One indicator record (level sub_kegiatan) and one budget line per block."""
    indicators: list[RawIndicator] = []
    budget: list[RawBudget] = []
    for values, block_lines in parse_blocks(lines):
        first = block_lines[0].prov
        source = "\n".join(f"{ln.label}\t{ln.value}".strip() for ln in block_lines)
        prov = first.model_copy(update={"source_text": source})
        fields = {
            "program": values["name"],
            "sasaran": values.get("sasaran", ""),
            "indikator": values.get("indikator", ""),
            "target": values.get("target", ""),
            "satuan": values.get("satuan", ""),
            "anggaran": values.get("anggaran", ""),
        }
        indicators.append(
            RawIndicator(
                fields={k: v for k, v in fields.items() if v},
                prov=prov,
                section=section,
                table_role="indicator",
                level="sub_kegiatan",
            )
        )
        budget.append(
            RawBudget(
                name=values["name"],
                prov=prov,
                level="sub_kegiatan",
                anggaran=values.get("anggaran", ""),
                section=section,
            )
        )
    return indicators, budget
