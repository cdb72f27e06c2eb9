"""Kinds of unit (percent, score, count, length, area, time, money): two satuan of one kind may be
written differently ('Dokumen' / 'Laporan', 'Persen' / '%'); two of different kinds cannot both be
the measure of one indicator."""

from __future__ import annotations

import re
from typing import Optional

from normalize.units import canonical_unit

_KINDS = {
    "percent": {"persen", "%", "prosen"},
    "score": {"nilai", "indeks", "indek", "skor", "poin", "point", "angka", "nilai/angka", "predikat", "level", "skala"},
    "count": {"dokumen", "unit", "orang", "laporan", "paket", "lokasi", "kali", "kegiatan", "surat", "jenis", "kk",
              "berita acara", "lembaga", "kelompok", "desa", "sekolah", "titik", "buah", "rekomendasi", "kasus"},
    "length": {"km", "m", "meter", "kilometer"},
    "area": {"ha", "hektar", "hektare", "m2"},
    "time": {"tahun", "bulan", "hari", "jam", "minggu"},
    "money": {"rupiah", "rp", "juta rupiah", "miliar rupiah", "triliun rupiah"},
}
_KIND_OF = {word: kind for kind, words in _KINDS.items() for word in words}
# a figure with its unit written after it: '75 %', '500 orang', '12 km', '1 dok'
_FIGURE_UNIT = re.compile(r"[<>≤≥±]?\s*\d[\d.,]*\s*(%|[A-Za-z][A-Za-z.]*)")


def unit_kind(satuan: Optional[str]) -> Optional[str]:
    """The kind of a clean satuan ('persen' -> percent, 'dokumen' -> count); None when unknown."""
    return _KIND_OF.get((satuan or "").strip().lower())


def figure_unit(text: Optional[str]) -> Optional[str]:
    """The unit printed with a figure ('75 %' -> 'persen', '1 dok' -> 'dokumen'), when of a known kind."""
    m = _FIGURE_UNIT.fullmatch((text or "").strip())
    if not m:
        return None
    unit = canonical_unit(m.group(1))
    return unit if unit_kind(unit) else None
