"""indicator_key: one key for the same indicator across agencies and years, despite casing,
spelling variants, OCR slips, abbreviations, the agency's own name, filler words, affixes and
word order.

The key is the sorted set of the stems of the content words, read from the printed name by
steps that are pure functions of the text and the data shipped in normalize/data/:
1. enumerators ('3.', 'a)') and parentheses that only restate ('(%)', '(AKI)') go;
2. every non-word is mapped to the word it was meant to be (normalize/canon.py), valid words stay;
3. the reporting agency and region come out (normalize/scope.py: `indicator_scope` keeps them);
4. acronyms are spelled out (normalize/abbreviations.py), so 'SPIP' = its long form;
5. filler words go, affixes are stemmed.
What tells two indicators apart stays: the measure ('jumlah' / 'persentase' / 'rasio' /
'rata-rata'), numbers, grades and roman numerals ('minimal A', 'PIM III'), level words
('jalan provinsi' / 'jalan kabupaten'), negation ('tidak miskin'), and the subject.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from normalize.abbreviations import acronyms, word_forms
from normalize.canon import CAPITAL_AFTER_SMALL, FUNCTION_WORDS, canonical_tokens
from normalize.repair import SPELLING_VARIANTS, is_indonesian
from normalize.scope import split_scope
from normalize.stem import stem
from normalize.units import split_unit

_FILLER = {
    "yang", "dan", "di", "ke", "dari", "dalam", "pada", "untuk", "oleh", "dengan", "serta", "atau",
    "the", "of", "terhadap", "secara", "sesuai", "tahun", "n", "thn",
    "dinas", "badan", "nilai", "tingkat", "level", "laju", "angka", "se", "memiliki",
    "para", "bagi", "akan", "telah", "sudah", "adalah", "sebagai", "per", "atas", "tersebut", "nya",
}
_PHRASES = [
    (re.compile(r"\b(?:organisasi|satuan kerja) perangkat daerah\b"), "perangkat daerah"),
    (re.compile(r"\brata rata\b"), "ratarata"),
    # 'Jumlah Paket Peralatan' = 'Jumlah Peralatan'; 'Dokumen Regulasi' = 'Jumlah Dokumen Regulasi'
    (re.compile(r"^(jumlah )(?:paket|unit|buah|dokumen) "), r"\1"),
    (re.compile(r"^dokumen "), "jumlah "),
]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """'ditempatkan'/'penempatan' -> 'tempat'; short stems are kept as the word itself, since
    stemming 'pelatihan' and 'pelatih' alike is worth it but 'kasus' -> 'kas' is not."""
    if not word.isalpha():
        return word
    root = stem(word)
    return root if len(root) >= 4 else word


@lru_cache(maxsize=65536)
def indicator_key(indikator: str | None) -> str | None:
    """'Presentase Pencari Kerja yang Ditempatkan' and 'persentase penempatan pencari kerja'
    share a key; 'Jumlah pencari kerja yang ditempatkan' does not."""
    return key_and_scope(indikator)[0]


@lru_cache(maxsize=65536)
def key_and_scope(indikator: str | None) -> tuple[str | None, str | None]:
    """(indicator_key, indicator_scope): the key, and the agency and region printed inside the
    name ('Kabupaten Grobogan; Dinas Kesehatan') that the key leaves out."""
    if not indikator:
        return None, None
    text = _ascii(unicodedata.normalize("NFKC", indikator))
    text = _ENUMERATOR.sub("", _ENUMERATOR.sub("", text))  # '9. 1. Nilai' too
    text = _PARENS.sub(_parenthesis, text)
    tokens = canonical_tokens(text)
    rest, scope = _scope_of(tokens)
    tokens = _spelled_out(rest.split())
    t = " ".join(tokens).lower()
    for pattern, repl in _PHRASES:
        t = pattern.sub(repl, t)
    content = sorted({stem_ for w in _WORDS.findall(t) for stem_ in _key_words(w)})
    return "-".join(content) or None, scope


_WORDS = re.compile(r"\d+(?:[.,]\d+)+|[a-z0-9]+|%")


@lru_cache(maxsize=131072)
def _key_words(w: str) -> tuple[str, ...]:
    """What one lower-case word puts in the key: its stem(s), or nothing for filler and years."""
    if w[0].isdigit():
        w = w.replace(",", ".")
    w = SPELLING_VARIANTS.get(w, w)
    if len(w) >= 5 and _DOUBLED.search(w) and w.upper() not in acronyms() and not is_indonesian(w):
        w = _DOUBLED.sub(r"\1", w)  # 'essensial' = 'esensial', 'esselon' = 'eselon'
    w = word_forms().get(w) or word_forms().get(_stem(w)) or w
    return tuple(_stem(p) for p in w.split() if p not in _FILLER and not _YEAR.fullmatch(p))


def _scope_of(tokens: list[str]) -> tuple[str, str | None]:
    """split_scope, with a closing 'tersusun'/'disusun' set aside first (a count of documents is of
    documents made: 'Jumlah Dokumen Perencanaan Perangkat Daerah tersusun' = '... Perangkat Daerah'),
    twice, since the agency may follow it ('... tersusun di Dinas Pemuda dan Olahraga')."""
    taken: list[str] = []
    for _ in range(2):
        while len(tokens) > 3 and tokens[-1].lower() in ("tersusun", "disusun", "yang"):
            tokens = tokens[:-1]
        rest, scope = split_scope(" ".join(tokens))
        if scope is None:
            break
        taken.append(scope)
        tokens = rest.split()
    return " ".join(tokens), "; ".join(taken) or None


_PARENS = re.compile(r"\(([^)]*)\)")
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1")
_YEAR = re.compile(r"(19|20)\d\d")


def _parenthesis(m: re.Match) -> str:
    """'(Unit)', '(%)', '(AKI)', '(2017)', '(Treatment Success Rate)' and long explanations go; a short qualifier that names a
    different thing stays: '(Program)' vs '(Sasaran)', '(BIDANG BINA MARGA)' vs '(BIDANG PENGAIRAN)'."""
    inner = m.group(1).strip()
    words = re.findall(r"[^\W\d_]+", inner)
    if (
        not words
        or re.search(r"[\d%]", inner)
        or len(words) > 3
        or _is_unit(inner, words)
        or (len(words) == 1 and sum(c.isupper() for c in words[0]) >= 2)
        or (len(words) >= 2 and not any(is_indonesian(w.lower()) for w in words))  # an English gloss: "(success rate)"
    ):
        return " "
    return f" {inner} "


def _is_unit(inner: str, words: list[str]) -> bool:
    """'Unit', 'Orang/bulan', 'unit usaha', 'Triliun Rupiah': a unit, perhaps with one more word."""
    unit, rest = split_unit(inner)
    if unit is not None and (not rest or len(words) <= 2):
        return True
    return len(words) <= 2 and split_unit(words[-1])[0] is not None


_ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}|[a-zA-Z])[.)]\s+(?=\S)|^\s*[a-z]\s+(?=[A-Za-z]{2})|^\s*\(\d{1,2}\)\s*|^\s*\d{1,2}\s+(?=[A-Za-z])|^\s*[-*]+\s*")


@lru_cache(maxsize=131072)
def _is_acronym(tok: str) -> bool:
    if tok.isupper() and len(tok) >= 2 or CAPITAL_AFTER_SMALL.search(tok):
        return True
    low = tok.lower()
    return tok.upper() in acronyms() and low not in _FILLER and low not in FUNCTION_WORDS and not is_indonesian(low)


def _spelled_out(tokens: list[str]) -> list[str]:
    """Known acronyms replaced by their long form; an unknown one dropped when the words right
    beside it spell it ('AKI - Angka Kematian Ibu', 'Angka Kematian Ibu (AKI)'); else kept."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if not tok.isalpha() or not _is_acronym(tok):
            out.append(tok)
            continue
        long_ = acronyms().get(tok.upper()) or acronyms().get(tok.replace("l", "I").replace("0", "O").upper())
        if long_:
            out.extend(long_.split())
        elif not (_spelled_beside(tokens, i, before=True) or _spelled_beside(tokens, i, before=False)):
            out.append(tok)
    return out


def _spelled_beside(tokens: list[str], i: int, before: bool) -> bool:
    caps = [c for c in tokens[i] if c.isupper()]
    words = [w for w in (tokens[:i][::-1] if before else tokens[i + 1:]) if w.isalpha()]
    initials = []
    for w in words:
        if w.lower() in _FILLER:
            continue
        initials.append(w[0].upper())
        if len(initials) == len(caps):
            break
    return (initials[::-1] if before else initials) == caps
