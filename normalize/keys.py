"""indicator_key: one key for the same indicator across agencies and years, despite casing,
spelling variants, OCR slips, filler words, affixes and word order.

The key is the sorted set of the stems of the content words. What tells two indicators apart
stays in it: the measure ('jumlah' vs 'persentase'), the subject ('ibu' vs 'bayi'), and
qualifiers; what only dresses the name up (filler words, case, affixes, parentheses) goes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from normalize.repair import repair
from normalize.stem import stem
from normalize.units import split_unit

_VARIANTS = {
    "persen": "persentase", "%": "persentase", "jml": "jumlah", "jmlh": "jumlah",
    "tk": "tenaga kerja", "pd": "perangkat daerah", "opd": "perangkat daerah",
    "skpd": "perangkat daerah", "nakertrans": "tenaga kerja transmigrasi", "naker": "tenaga kerja",
    "rasio": "rasio", "prosen": "persentase",
}
_FILLER = {
    "yang", "dan", "di", "ke", "dari", "dalam", "pada", "untuk", "oleh", "dengan", "serta", "atau",
    "the", "of", "terhadap", "secara", "sesuai", "tahun", "n", "thn",
    "provinsi", "prov", "dinas", "badan", "nilai", "tingkat", "angka", "rata", "rata-rata", "se",
    "para", "bagi", "akan", "telah", "sudah", "adalah", "sebagai", "per", "atas", "tersebut", "nya",
}


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """'ditempatkan'/'penempatan' -> 'tempat'; short stems are kept as the word itself, since
    stemming 'pelatihan' and 'pelatih' alike is worth it but 'kasus' -> 'kas' is not."""
    root = stem(word)
    return root if len(root) >= 4 else word


@lru_cache(maxsize=65536)
def indicator_key(indikator: str | None) -> str | None:
    """'Presentase Pencari Kerja yang Ditempatkan' and 'persentase penempatan pencari kerja'
    share a key; 'Jumlah pencari kerja yang ditempatkan' does not."""
    if not indikator:
        return None
    text, _ = repair(indikator)
    text = _ENUMERATOR.sub("", text)
    text = _PARENS.sub(_parenthesis, text)
    text = _drop_acronyms(text)
    t = _ascii(text.lower()).replace("%", " persen ")
    words: list[str] = []
    for w in _joined(re.findall(r"[a-z0-9]+", t)):
        w = _VARIANTS.get(w, w)
        words.extend(w.split())
    content = sorted({_stem(w) for w in words if w not in _FILLER and not _YEAR.fullmatch(w) and len(w) > 1})
    return "-".join(content) or None


_PARENS = re.compile(r"\(([^)]*)\)")
_YEAR = re.compile(r"(19|20)\d\d")


def _parenthesis(m: re.Match) -> str:
    """'(Unit)', '(%)', '(AKI)', '(2017)' and long explanations go; a short qualifier that names a
    different thing stays: '(Program)' vs '(Sasaran)', '(BIDANG BINA MARGA)' vs '(BIDANG PENGAIRAN)'."""
    inner = m.group(1).strip()
    words = re.findall(r"[^\W\d_]+", inner)
    if (
        not words
        or re.search(r"[\d%]", inner)
        or len(words) > 3
        or _is_unit(inner, words)
        or (len(words) == 1 and sum(c.isupper() for c in words[0]) >= 2)
    ):
        return " "
    return f" {inner} "


def _is_unit(inner: str, words: list[str]) -> bool:
    """'Unit', 'Orang/bulan', 'unit usaha', 'Triliun Rupiah': a unit, perhaps with one more word."""
    unit, rest = split_unit(inner)
    if unit is not None and (not rest or len(words) <= 2):
        return True
    return len(words) <= 2 and split_unit(words[-1])[0] is not None


_ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}|[a-zA-Z])[.)]?\s+(?=\S)|^\s*[-•*·▪●]+\s*")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


def _drop_acronyms(text: str) -> str:
    """'AKI - Angka Kematian Ibu' -> 'Angka Kematian Ibu': an acronym spelled out beside it adds nothing."""
    words = re.findall(r"[^\W\d_]+", text)
    initials = "".join(w[0].upper() for w in words if not w.isupper())
    content = "".join(w[0].upper() for w in words if not w.isupper() and w.lower() not in _FILLER)
    for m in set(_ACRONYM.findall(text)):
        if m in initials or m in content:
            text = re.sub(rf"\b{m}\b\s*[-–:]?\s*", " ", text)
    return text


def _joined(tokens: list[str]) -> list[str]:
    """Words a PDF split in two ('disosialisasika n', 'pelabu han') joined again: a short
    fragment joins the word before it when the join is a known word or the word before is not."""
    from normalize.repair import is_known

    out: list[str] = []
    for tok in tokens:
        if out and len(tok) <= 3 and tok.isalpha() and out[-1].isalpha() and len(out[-1]) >= 2:
            joined = out[-1] + tok
            if is_known(joined) or (not is_known(out[-1]) and not is_known(tok)):
                out[-1] = joined
                continue
        out.append(tok)
    return out
