"""Indicators grouped by indicator_key across documents: what `kinerja indicators` lists, with
the documents and agencies by name (an analyst reads 'Dinas Kesehatan, Kabupaten Banyuwangi',
not a sha256)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Iterable


@dataclass(slots=True)
class Group:
    key: str
    count: int = 0
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # document_id -> name, agency
    variants: Counter = field(default_factory=Counter)  # printed names (indikator_raw) -> rows
    scopes: Counter = field(default_factory=Counter)  # agency/region printed inside the name -> rows

    @property
    def agencies(self) -> list[str]:
        return sorted({d["agency"] for d in self.documents.values() if d["agency"]})

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "count": self.count,
            "documents": len(self.documents),
            "document_ids": sorted(self.documents),
            "document_list": sorted(self.documents.values(), key=lambda d: d["name"]),
            "agencies": self.agencies,
            "variants": [{"text": t, "count": n} for t, n in self.variants.most_common()],
            "scopes": [{"text": t, "count": n} for t, n in self.scopes.most_common()],
        }


def agency_name(doc: dict[str, Any] | None) -> str | None:
    """'Dinas Kesehatan, Kabupaten Banyuwangi' from a stored document row; None when unread."""
    if not doc:
        return None
    parts = [p for p in (doc.get("agency"), doc.get("region")) if p]
    return ", ".join(parts) or None


def group_indicators(rows: Iterable[dict[str, Any]], documents: Iterable[dict[str, Any]] = ()) -> list[Group]:
    """Groups, largest first (then by key); rows without a key are left out. `documents` are the
    stored document rows, for names."""
    docs = {d["document_id"]: d for d in documents}
    groups: dict[str, Group] = defaultdict(lambda: Group(""))
    for r in rows:
        key = r.get("indicator_key")
        if not key:
            continue
        g = groups[key]
        g.key = key
        g.count += 1
        doc_id = r.get("document_id") or ""
        if doc_id not in g.documents:
            doc = docs.get(doc_id)
            g.documents[doc_id] = {
                "document_id": doc_id,
                "name": PurePath(r.get("source_path") or (doc or {}).get("source_path") or doc_id).name,
                "agency": agency_name(doc),
            }
        name = " ".join((r.get("indikator_raw") or r.get("indikator") or "").split())
        if name:
            g.variants[name] += 1
        if r.get("indicator_scope"):
            g.scopes[r["indicator_scope"]] += 1
    return sorted(groups.values(), key=lambda g: (-len(g.documents), -g.count, g.key))
