"""Document type from content, and the role of each table from its columns.

The title area (the first blocks) weighs most: an LKjIP mentions "Renstra", "pohon kinerja" and
"perjanjian kinerja" in its body, but its cover says "Laporan Kinerja".
"""

from __future__ import annotations

import re

from ingest.columns import ColumnRole
from ingest.layout import Layout, Paragraph, Table

_SIGNALS: dict[str, list[str]] = {
    "iku": [
        r"penetapan\s+indikator\s+kinerja\s+utama", r"indikator\s+kinerja\s+utama", r"\biku\b",
        r"definisi\s+operasional|difinisi\s+operasional", r"formulasi\s+perhitungan",
    ],
    "lkjip": [
        r"laporan\s+kinerja", r"\blk[ij]{1,2}p\b|\blakip\b|\blkip\b", r"akuntabilitas\s+kinerja",
        r"capaian\s+kinerja", r"realisasi\s+anggaran",
    ],
    "pohon_kinerja": [r"pohon\s+kinerja", r"cascading|cascade", r"eselon\s+i{1,3}v?\b"],
    "perjanjian_kinerja": [r"perjanjian\s+kinerja", r"pihak\s+pertama", r"pihak\s+kedua"],
    "renstra": [r"rencana\s+strategis", r"\brenstra\b"],
}
_TITLE_CHARS = 1500


def _score(text: str, patterns: list[str]) -> int:
    return sum(len(re.findall(p, text)) for p in patterns)


def classify_document(layout: Layout) -> str:
    """One of pohon_kinerja, iku, lkjip, perjanjian_kinerja, renstra, unknown."""
    full = layout.text().lower()
    head = full[:_TITLE_CHARS]
    scores: dict[str, float] = {}
    for kind, patterns in _SIGNALS.items():
        scores[kind] = 10 * _score(head[:300], patterns[:2]) + 3 * _score(head, patterns) + min(
            _score(full, patterns), 40
        ) * 0.5
        # the printed title names the document; body text only mentions other kinds
        scores[kind] += 10 * _score((title_of(layout) or "").lower(), patterns[:2])
    if re.search(r"\bkeputusan\b", head) and scores["iku"] > 0:
        scores["iku"] += 15
    if re.search(r"\bbab\s+(iii|3)\b", full) and scores["lkjip"] > 0:
        scores["lkjip"] += 5
    if _drawn_cascade(layout, len(full)):
        scores["pohon_kinerja"] += 20
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 3 else "unknown"


def _drawn_cascade(layout: Layout, chars: int) -> bool:
    """Most of the printed text sits in drawn boxes (PDF drawings, Excel merged blocks) of two
    or more tiers: a pohon kinerja / cascading whatever words its cells use."""
    tiers = {b.tier for b in layout.boxes} - {None}
    return len(tiers) >= 2 and sum(len(b.text) for b in layout.boxes) >= 0.5 * max(chars, 1)


def table_role(roles: list[ColumnRole], table: Table) -> str:
    """indicator | budget | scale | kv | other, from the roles its header names."""
    names = {r.role for r in roles if r.role}
    if not roles:
        two_col = table.n_cols <= 3 and len(table.rows) >= 2
        return "kv" if two_col else "other"
    if "kriteria" in names and not names & {"indikator", "sasaran", "target"} and len(table.rows) <= 12:
        return "scale"
    if names & {"belanja", "program"} and names & {"anggaran", "anggaran_realisasi"} and "indikator" not in names:
        return "budget"
    if "penanggung_jawab" in names and "anggaran" in names and not names & {"indikator", "sasaran", "target", "realisasi"}:
        return "budget"  # "No | Satuan Kerja | Pagu": amounts by work unit
    if names & {"indikator"} or ({"sasaran"} <= names and names & {"target", "realisasi"}):
        return "indicator"
    return "other"


def title_of(layout: Layout, max_blocks: int = 12) -> str | None:
    """The document's printed title: its first heading lines, joined."""
    parts: list[str] = []
    for block in layout.blocks[:max_blocks]:
        if isinstance(block, Paragraph) and block.heading:
            parts.append(block.text)
        elif parts:
            break
    return " ".join(parts) or None
