"""indicator_key: one key for the same indicator across agencies and years, despite casing,
spelling variants, filler words and word order."""

from __future__ import annotations

import re
import unicodedata

_VARIANTS = {
    "presentase": "persentase", "prosentase": "persentase", "presentasi": "persentase",
    "prosentasi": "persentase", "persen": "persentase", "%": "persentase",
    "jml": "jumlah", "jmlh": "jumlah", "tk": "tenaga kerja", "pd": "perangkat daerah",
    "produktifitas": "produktivitas", "kepegawian": "kepegawaian", "nakertrans": "tenaga kerja transmigrasi",
}
_FILLER = {
    "yang", "dan", "di", "ke", "dari", "dalam", "pada", "untuk", "oleh", "dengan", "serta", "atau",
    "the", "of", "terhadap", "secara", "sesuai", "tahun", "n", "thn", "kab", "kabupaten", "kota",
    "provinsi", "prov", "dinas", "badan", "nilai", "tingkat", "angka", "rata", "rata-rata",
}


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def indicator_key(indikator: str | None) -> str | None:
    """'Presentase Pencari Kerja yang Ditempatkan' and 'persentase pencari kerja ditempatkan'
    share a key; the key is the sorted set of content words joined by '-'."""
    if not indikator:
        return None
    t = _ascii(indikator.lower())
    t = re.sub(r"\([^)]*\)", " ", t)  # parenthesised qualifiers rarely change the indicator
    words: list[str] = []
    for w in re.findall(r"[a-z0-9]+", t):
        w = _VARIANTS.get(w, w)
        words.extend(w.split())
    content = sorted({w for w in words if w not in _FILLER and not w.isdigit()})
    return "-".join(content) or None
