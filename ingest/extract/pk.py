"""Perjanjian Kinerja: the generic table reading, with every row carried by the agreement's
position (see ingest.extract.org_units): the heading of its own lampiran table, else PIHAK
PERTAMA's jabatan, else the agency the lampiran is headed with."""

from __future__ import annotations

from ingest.extract import Extraction
from ingest.extract.budget_lists import list_budget_lines
from ingest.extract.generic import extract_generic
from ingest.extract.org_units import first_party, heading_agency, table_position
from ingest.layout import Layout


def extract_pk(layout: Layout) -> Extraction:
    out = extract_generic(layout, "perjanjian_kinerja")
    out.budget.extend(list_budget_lines(layout, offset=len(out.budget), headless=True))
    party = first_party(layout)
    if party:
        out.meta["org_unit"] = party
    tables = {t.index: t for t in layout.tables()}
    heads: dict[int | None, str | None] = {}
    for raw in out.indicators:
        t = raw.prov.table_index
        if t not in heads:
            table = tables.get(t) if t is not None else None
            heads[t] = None if table is None else (
                table_position(layout, table) or (None if party else heading_agency(layout, table)))
        raw.org_unit = raw.org_unit or heads[t] or party
    return out
