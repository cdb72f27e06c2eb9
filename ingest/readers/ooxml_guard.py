"""Checks on a DOCX/XLSX package before a library parses it, so a small hostile file cannot cost
gigabytes: parts that unpack too large (zip bombs) are refused, merged ranges over a whole sheet
(which openpyxl expands cell by cell) are dropped with a note, and XLSX formula cells without a
stored value are found (they would read as silent empties; no formula is ever evaluated).
XML is read with lxml without entity resolution or network access.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ingest.readers.unsupported import UnsupportedInput

MAX_PART_MB = 16  # one unpacked XML part (~60,000 sheet rows); real workbooks and reports are far below it
MAX_TOTAL_MB = 256
MAX_MERGED_CELLS = 250_000  # a merged range larger than this is dropped (openpyxl expands it)

_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"\s*/>')
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


@dataclass(slots=True)
class Package:
    """What the checks found: the bytes to parse (changed when a merged range was dropped),
    notes for the reader to pass on, and whether some formula cell has no stored value."""

    data: io.BytesIO | Path
    notes: list[str] = field(default_factory=list)
    formulas_without_value: dict[str, list[str]] = field(default_factory=dict)  # sheet title -> cells


def check_package(path: Path, kind: str) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsupportedInput(f"cannot open {kind.upper()} (damaged zip package): {exc}") from exc
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > MAX_PART_MB << 20 or total > MAX_TOTAL_MB << 20:
            zf.close()
            size = max(info.file_size, total) >> 20
            raise UnsupportedInput(
                f"{kind.upper()} too large to read safely: {info.filename} unpacks to {size} MB "
                f"(limit {MAX_PART_MB} MB a part, {MAX_TOTAL_MB} MB in all)"
            )
    return zf


def check_xlsx(path: Path) -> Package:
    zf = check_package(path, "xlsx")
    with zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        changed: dict[str, bytes] = {}
        package = Package(path)
        titles = sheet_titles(zf)
        for name in sheets:
            xml = zf.read(name)
            dropped: list[str] = []

            def drop(m: re.Match[bytes]) -> bytes:
                c0, r0, c1, r1 = _col(m.group(1)), int(m.group(2)), _col(m.group(3)), int(m.group(4))
                if (abs(c1 - c0) + 1) * (abs(r1 - r0) + 1) <= MAX_MERGED_CELLS:
                    return m.group(0)
                dropped.append(f"{m.group(1).decode()}{r0}:{m.group(3).decode()}{r1}")
                return b""

            fixed = _MERGE.sub(drop, xml)
            if dropped:
                changed[name] = fixed
                package.notes.append(
                    f"{name.rsplit('/', 1)[-1]}: merged range {', '.join(dropped[:3])} over more than "
                    f"{MAX_MERGED_CELLS:,} cells ignored (read as unmerged)"
                )
            cells = _formulas_without_value(xml)
            if cells:
                package.formulas_without_value[titles.get(name, name.rsplit("/", 1)[-1])] = cells
        if changed:
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
                for info in zf.infolist():
                    out.writestr(info, changed.get(info.filename) or zf.read(info.filename))
            buf.seek(0)
            package.data = buf
    return package


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def sheet_titles(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part name (xl/worksheets/sheet1.xml) -> the sheet's title, from the workbook's rels."""
    try:
        book = etree.fromstring(zf.read("xl/workbook.xml"), safe_parser())
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"), safe_parser())
    except (KeyError, etree.XMLSyntaxError):
        return {}
    target = {r.get("Id"): r.get("Target", "") for r in rels}
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    out = {}
    for sheet in book.iter(f"{_NS}sheet"):
        t = target.get(sheet.get(rid), "")
        out["xl/" + t.lstrip("/").removeprefix("xl/")] = sheet.get("name", "")
    return out


def _formulas_without_value(xml: bytes) -> list[str]:
    """Cells that hold a formula but no stored (cached) value."""
    if b"<f" not in xml:
        return []
    out: list[str] = []
    events = etree.iterparse(io.BytesIO(xml), tag=f"{_NS}c", resolve_entities=False, no_network=True, load_dtd=False)
    try:
        for _, c in events:  # streamed: a large sheet is never held as a whole tree
            if c.find(f"{_NS}f") is not None:
                v = c.find(f"{_NS}v")
                if v is None or not (v.text or "").strip():
                    out.append(c.get("r", "?"))
            c.clear()
    except etree.XMLSyntaxError:
        pass
    return out
