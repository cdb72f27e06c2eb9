"""What each finding concerns: its document, the records it points to, the names an auditor looks
up, and the boxes to highlight on its page.

Evidence comes from the finding itself when it carries any (`Finding.evidence`: page, bbox,
text, role), else from the records it names (`record_ids`), else from the records printed in the
table row it cites (document, page, table, row); with none of these, the whole page is the
evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from kinerja.report.data import Dataset

SEVERITIES = ("error", "warning", "info")
BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Mark:
    """One highlighted place on a page."""

    page: int
    bbox: Optional[BBox]
    text: str = ""
    role: str = ""
    main: bool = True  # False for the parts a value was checked against (drawn in another colour)


@dataclass
class Cited:
    finding: dict[str, Any]
    document: dict[str, Any]
    records: list[dict[str, Any]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    section: Optional[str] = None

    @property
    def page(self) -> Optional[int]:
        page = self.finding.get("page")
        if page is None and self.marks:
            page = self.marks[0].page
        return _int(page)

    @property
    def severity(self) -> str:
        s = self.finding.get("severity")
        return s if s in SEVERITIES else "info"

    @property
    def rank(self) -> int:
        return SEVERITIES.index(self.severity)


def _int(value: Any) -> Optional[int]:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _bbox(value: Any) -> Optional[BBox]:
    if isinstance(value, dict):  # {"x0":..} as a store might keep it
        value = [value.get(k) for k in ("x0", "y0", "x1", "y1")]
    if isinstance(value, (list, tuple)) and len(value) == 4:
        try:
            x0, y0, x1, y1 = (float(v) for v in value)
        except (TypeError, ValueError):
            return None
        if x1 > x0 and y1 > y0:
            return (x0, y0, x1, y1)
    return None


def concerned(ds: Dataset, f: dict[str, Any]) -> list[dict[str, Any]]:
    """The records a finding is about: those it names, else those in the table row it cites."""
    ids = f.get("record_ids") or []
    named = [r for r in (ds.record(i) for i in ids if isinstance(i, str)) if r is not None]
    return named or ds.records_at(f)


def _marks(f: dict[str, Any], records: list[dict[str, Any]]) -> list[Mark]:
    page = _int(f.get("page"))
    own = []
    for e in f.get("evidence") or []:
        if isinstance(e, dict):
            p = _int(e.get("page")) or page
            if p is not None:
                role = str(e.get("role") or "")
                own.append(Mark(p, _bbox(e.get("bbox")), str(e.get("text") or ""), role, role != "part"))
    if own:
        return own
    out = []
    for i, r in enumerate(records):  # the first record is the one the finding is about (validate.report)
        p = _int(r.get("page"))
        if p is not None:
            out.append(Mark(p, _bbox(r.get("bbox")), str(r.get("source_text") or ""), "row" if i == 0 else "part", i == 0))
    if page is not None:  # the page the finding names is the one shown
        out = [m for m in out if m.page == page]
    return out


def _names(f: dict[str, Any], records: list[dict[str, Any]]) -> dict[str, str]:
    given = f.get("names")
    if isinstance(given, dict) and given:
        return {str(k): str(v) for k, v in given.items() if v}
    names: dict[str, str] = {}
    for r in records[:1]:
        if "indikator" in r or "sasaran" in r:  # an indicator record
            for key in ("org_unit", "sasaran", "indikator", "program"):
                if r.get(key):
                    names[key] = str(r[key])
        elif r.get("name"):  # a budget line: named by its level
            names[str(r.get("level") or "name")] = str(r["name"])
    if f.get("indikator") and "indikator" not in names and f["indikator"] not in names.values():
        names["indikator"] = str(f["indikator"])
    return names


def cite(ds: Dataset) -> list[Cited]:
    """Every finding with what it concerns, the most severe first, then by document and page."""
    out = []
    for f in ds.findings:
        records = concerned(ds, f)
        section = f.get("section") or next((r.get("section") for r in records if r.get("section")), None)
        out.append(Cited(f, ds.document_of(f), records, _marks(f, records), _names(f, records), section))
    out.sort(key=lambda c: (c.rank, str(c.document.get("source_path")), c.page or 0, _int(c.finding.get("line")) or 0,
                            str(c.finding.get("finding_id"))))
    return out


def by_record(cited: list[Cited]) -> dict[str, list[Cited]]:
    """record_id -> the findings that concern it: what the indicator and budget tables show beside a row."""
    out: dict[str, list[Cited]] = {}
    for c in cited:
        for r in c.records:
            rid = r.get("record_id")
            if rid:
                out.setdefault(rid, []).append(c)
    return out
