"""Indicators grouped by indicator_key across documents: what `kinerja indicators` lists."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass(slots=True)
class Group:
    key: str
    count: int = 0
    documents: set[str] = field(default_factory=set)
    variants: Counter = field(default_factory=Counter)  # printed names (indikator_raw) -> rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "count": self.count,
            "documents": len(self.documents),
            "document_ids": sorted(self.documents),
            "variants": [{"text": t, "count": n} for t, n in self.variants.most_common()],
        }


def group_indicators(rows: Iterable[dict[str, Any]]) -> list[Group]:
    """Groups, largest first (then by key); rows without a key are left out."""
    groups: dict[str, Group] = defaultdict(lambda: Group(""))
    for r in rows:
        key = r.get("indicator_key")
        if not key:
            continue
        g = groups[key]
        g.key = key
        g.count += 1
        g.documents.add(r.get("document_id") or "")
        name = " ".join((r.get("indikator_raw") or r.get("indikator") or "").split())
        if name:
            g.variants[name] += 1
    return sorted(groups.values(), key=lambda g: (-len(g.documents), -g.count, g.key))
