"""A 'Capaian' column that prints the achieved value, not a percentage of the target.

Some tables head their columns "TARGET | CAPAIAN" and print "15,99 Ha | 15,99 Ha": the capaian
column holds what was achieved (the realisasi), in the target's own unit. A capaian percentage
never carries a unit such as Ha or MW. A table is read so only when the evidence is clear: it has
no realisasi column, at least two rows print the target's non-percent unit in the capaian cell,
and no row prints a bare number or a percent there beside a target with a non-percent unit.
"""

from __future__ import annotations

from typing import Optional

from ingest.extract import RawIndicator
from normalize.numbers import parse_quantity


def _unit(text: Optional[str]) -> Optional[str]:
    return parse_quantity(text).unit if text else None


def achieved_capaian_tables(raws: list[RawIndicator]) -> set[int]:
    """The tables (by table_index) whose capaian column holds the achieved value."""
    votes: dict[int, list[bool]] = {}
    no_realisasi: dict[int, bool] = {}
    for raw in raws:
        table = raw.prov.table_index
        if table is None:
            continue
        f = raw.fields
        no_realisasi[table] = no_realisasi.get(table, True) and not f.get("realisasi")
        target_unit = _unit(f.get("target"))
        if not f.get("capaian") or target_unit in (None, "persen"):
            continue
        q = parse_quantity(f["capaian"])
        if q.value is not None:
            votes.setdefault(table, []).append(q.unit == target_unit)
    return {t for t, v in votes.items() if no_realisasi.get(t) and sum(v) >= 2 and all(v)}
