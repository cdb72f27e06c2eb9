"""Satuan (units) to one lowercase vocabulary: 'Persen', '%', 'Prosen' -> 'persen'; 'Nilai Indeks'
-> 'indeks'; 'Org' -> 'orang'. Only spellings and abbreviations of one unit are merged: 'jiwa',
'poin', 'skor', 'buah' and 'instansi' stay as printed (a 'poin' is not a 'nilai'). Unknown units are
kept, lowercased, rather than guessed."""

from __future__ import annotations

import re
from typing import Optional

_ALIASES: dict[str, str] = {
    "%": "persen", "persen": "persen", "prosen": "persen", "presen": "persen", "persentase": "persen",
    "percent": "persen", "per sen": "persen", "pct": "persen",
    "orang": "orang", "org": "orang", "jiwa": "jiwa", "orang/bulan": "orang/bulan", "oh": "orang/bulan",
    "dokumen": "dokumen", "dok": "dokumen", "dok.": "dokumen", "document": "dokumen",
    "laporan": "laporan", "lap": "laporan", "lap.": "laporan",
    "nilai": "nilai", "skor": "skor", "poin": "poin", "point": "poin",
    "indeks": "indeks", "index": "indeks", "nilai indeks": "indeks", "indek": "indeks",
    "predikat": "predikat", "kategori": "kategori", "opini": "opini",
    "unit": "unit", "buah": "buah", "bh": "buah",
    "paket": "paket", "pkt": "paket",
    "perusahaan": "perusahaan", "badan usaha": "badan usaha",
    "lembaga": "lembaga", "instansi": "instansi",
    "rupiah": "rupiah", "rp": "rupiah", "rp.": "rupiah",
    "kab/kota": "kab/kota", "kabupaten/kota": "kab/kota", "kab./kota": "kab/kota",
    "kali": "kali", "kegiatan": "kegiatan", "keg": "kegiatan", "keg.": "kegiatan", "program": "program", "kasus": "kasus", "perkara": "perkara",
    "sertifikat": "sertifikat", "mou": "mou", "lowongan": "lowongan", "bulan": "bulan", "hari": "hari",
    "tahun": "tahun", "km": "km", "kilometer": "km", "ha": "ha", "hektar": "ha", "hektare": "ha",
    "m": "m", "meter": "m", "m2": "m2", "m3": "m3", "desa": "desa", "kk": "kk", "rumah": "rumah",
    "sekolah": "sekolah", "siswa": "siswa", "peserta": "peserta", "pegawai": "pegawai", "asn": "asn",
    "kelompok": "kelompok", "koperasi": "koperasi", "ton": "ton", "kg": "kg", "liter": "liter",
    "dokumen/tahun": "dokumen/tahun", "laporan/tahun": "laporan/tahun", "keluarga": "keluarga", "titik": "titik",
    "aplikasi": "aplikasi", "sistem": "sistem", "inovasi": "inovasi", "jenis": "jenis", "ruas": "ruas",
    "lokasi": "lokasi", "wilayah": "wilayah", "kawasan": "kawasan", "kecamatan": "kecamatan",
    "komunitas": "komunitas", "pemda": "pemda", "opd": "opd", "skpd": "opd", "bidang": "bidang",
    "rekomendasi": "rekomendasi", "temuan": "temuan", "kunjungan": "kunjungan", "event": "event",
    "level": "level", "bulan/tahun": "bulan/tahun", "per tahun": "per tahun", "kali/tahun": "kali/tahun", "sampel": "sampel",
}

# Units whose figures are scores or shares: a lone '.ddd' there is a decimal point.
DECIMAL_UNITS = {"persen", "nilai", "indeks", "predikat", "skor", "poin", "level"}

_UNIT_WORDS = sorted(_ALIASES, key=len, reverse=True)
_LEADING = re.compile(
    r"^(" + "|".join(re.escape(u) for u in _UNIT_WORDS) + r")(?=$|[\s,;:/)(0-9])", re.I
)


def is_unit_word(text: str) -> bool:
    """A spelling this vocabulary knows as a unit ('Lokasi', 'Dok', 'Kab/Kota')."""
    return re.sub(r"\s+", " ", text).strip().lower() in _ALIASES


def canonical_unit(text: Optional[str]) -> Optional[str]:
    """'Persen' -> 'persen', 'Nilai Indeks' -> 'indeks'; unknown text is lowercased and kept."""
    if text is None:
        return None
    t = re.sub(r"\s+", " ", text).strip().strip(".,;:").lower().replace("²", "2").replace("³", "3")  # m³ = m3
    if not t or t in {"-", "n/a"}:
        return None
    if t in _ALIASES:
        return _ALIASES[t]
    m = _LEADING.match(t)
    if m and m.end() == len(t):
        return _ALIASES[m.group(1).lower()]
    return t


def split_unit(text: str) -> tuple[Optional[str], str]:
    """Split a unit word off the start of `text` (longest alias first, so 'Nilai Indeks' is
    'indeks'): 'Persen 80' -> ('persen', '80')."""
    t = text.strip()
    m = _LEADING.match(t)
    if not m:
        return None, t
    return _ALIASES[m.group(1).lower()], t[m.end():].strip()
