"""Conservative word repair for indicator names: fix typing and OCR slips, never a correct word.

A token is repaired only when every one of these holds: it is long enough to carry a slip
(short tokens and abbreviations such as LPK, SKPD, IMTA stay), it is not a word the domain
lexicon (normalize/data/lexicon.tsv, built from real documents) or the Indonesian root list
knows, even with affixes (Sastrawi's stemmer finds 'penebangan' = pe-an + 'tebang'), and the
lexicon holds exactly one clearly best word within one or two edits that starts with the same
letter, with no second real word as close (an OCR confusion away, or printed as often). Short
words accept only OCR-like slips (a dropped letter, two swapped, 'i' read for 'j'), and English
spellings are left alone. Every change is reported as a Fix so the caller can record a Correction;
the printed text is kept by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from normalize.stem import roots, stem

# Non-standard spellings common enough in print to be 'known'; they map to the standard form.
SPELLING_VARIANTS = {
    "presentase": "persentase", "prosentase": "persentase", "presentasi": "persentase",
    "prosentasi": "persentase", "porsentase": "persentase", "pesentase": "persentase",
    "persentasi": "persentase", "efektifitas": "efektivitas", "produktifitas": "produktivitas",
    "aktifitas": "aktivitas", "kwalitas": "kualitas", "kwantitas": "kuantitas",
}
MIN_LENGTH = 5  # shorter tokens are too often abbreviations or names to guess at
_TOKEN = re.compile(r"[^\W\d_]+", re.U)
_FRAGMENT = re.compile(r"[~/\\^_][^\W\d_]\||\|[~/\\^_][^\W\d_]")
# Letter pairs OCR and hurried typing confuse; in short words only these count as a slip, since
# any other substitution there usually lands on another real word ('daring'/'daging', 'Galam'/'Garam').
_CONFUSABLE = {frozenset(p) for p in ("ij", "il", "jl", "ec", "eo", "ao", "ae", "tl", "tf", "rn", "nm", "uv", "vy", "hb", "cg")}
SHORT = 6
# English spelling ('analysis', 'through', 'check'): loanwords quoted as they are, not slips.
_FOREIGN = re.compile(r"y(?![aeiou])|th|ph|ck|sh|ee|ou|[qx]")


@dataclass(frozen=True, slots=True)
class Fix:
    start: int
    end: int
    original: str
    replacement: str
    rule: str  # spelling_variant | lexicon_fuzzy | ocr_confusion | split_word
    score: float


@lru_cache(maxsize=1)
def lexicon() -> dict[str, int]:
    """word -> count over the documents the lexicon was built from."""
    text = resources.files("normalize").joinpath("data/lexicon.tsv").read_text(encoding="utf-8")
    out: dict[str, int] = {}
    for line in text.splitlines()[1:]:
        word, count, _ = line.split("\t")
        out[word] = int(count)
    return out


@lru_cache(maxsize=1)
def _by_length() -> dict[int, list[str]]:
    """Lexicon words grouped by length, so a lookup compares only words that could be 1-2 edits away."""
    groups: dict[int, list[str]] = {}
    for w, n in lexicon().items():
        if len(w) >= 3:
            groups.setdefault(len(w), []).append(w)
    return groups


def _affixed_root(word: str, min_root: int) -> bool:
    root = stem(word)
    return root != word and len(root) >= min_root and root in roots()


@lru_cache(maxsize=65536)
def is_indonesian(word: str) -> bool:
    """A root word, or a root with Indonesian affixes."""
    w = word.lower()
    if w in roots() or (w.endswith("nya") and w[:-3] in roots()):
        return True
    # a three-letter root vouches only for a long word ('pengajuan' = peng-an + 'aju', 'terairi'
    # = ter-i + 'air'); in a short one the affixes explain too much ('keria' = ke + 'ria')
    return _affixed_root(w, 3 if len(w) >= 7 else 4)


def is_known(word: str) -> bool:
    """A correctly spelled Indonesian (or domain) word, possibly with affixes."""
    w = word.lower()
    return w in lexicon() or w in SPELLING_VARIANTS or is_indonesian(w)


def _limit(length: int) -> int:
    """Two edits only in long words: in short ones they reach real neighbours ('budidaya'/'budaya')."""
    return 1 if length < 9 else 2


@lru_cache(maxsize=65536)
def suggest(word: str) -> Optional[tuple[str, str, float]]:
    """(replacement in lowercase, rule, score) for a lowercase token, or None when in doubt."""
    if word in SPELLING_VARIANTS:
        return SPELLING_VARIANTS[word], "spelling_variant", 1.0
    if len(word) < MIN_LENGTH or is_known(word):
        return None
    if _FOREIGN.search(word):
        return None
    limit = _limit(len(word))
    counts = lexicon()
    pool = [w for n in range(len(word) - limit, len(word) + limit + 1) for w in _by_length().get(n, ())]
    hits = process.extract(word, pool, scorer=OSA.distance, score_cutoff=limit, limit=20)
    # a word printed once is vocabulary only if Indonesian morphology vouches for it ('persandian'),
    # otherwise it is likely another slip ('perindungan')
    hits = [h for h in hits if counts[h[0]] >= 2 or is_indonesian(h[0])]
    # and a rare word one edit from a far more frequent one is that word misspelt, not a rival reading
    hits = [
        h for h in hits
        if counts[h[0]] >= 3 or not any(counts[o] >= 20 * counts[h[0]] and OSA.distance(o, h[0]) == 1 for o, _, _ in hits)
    ]
    # slips rarely hit both ends of a word; real neighbours ('karyawan'/'karawang') often differ there
    # and a substitution among two edits makes a different word more often than a slip (perysaran/prasaran)
    pairs = [
        (w, d) for w, d, _ in hits
        if w[0] == word[0] and (d == 1 or (w[-1] == word[-1] and Indel.distance(w, word) == 2))
    ]
    if len(word) <= SHORT:
        pairs = [(w, d) for w, d in pairs if _ocr_like(word, w)]
    if not pairs:
        return None
    best_d = min(d for _, d in pairs)
    best = sorted((w for w, d in pairs if d == best_d), key=lambda w: -counts[w])
    if len(best) > 1 and counts[best[1]] * 5 > counts[best[0]]:
        return None  # two plausible words: leave it for a person
    cand = best[0]
    if counts[cand] < 3 or not _plausible_slip(word, cand) or _other_reading(word, cand):
        return None
    score = round(1 - best_d / max(len(word), len(cand)), 3)
    return cand, "lexicon_fuzzy", score


def _ocr_like(word: str, cand: str) -> bool:
    """A missing letter, two letters swapped, or one confusable letter read for another."""
    if len(cand) == len(word) + 1:
        return any(cand[:i] + cand[i + 1:] == word for i in range(len(cand)))
    if len(cand) != len(word):
        return False
    diff = [i for i, (a, b) in enumerate(zip(word, cand)) if a != b]
    if len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == cand[diff[1]] and word[diff[1]] == cand[diff[0]]:
        return True  # two letters typed the wrong way round
    return len(diff) == 1 and frozenset((word[diff[0]], cand[diff[0]])) in _CONFUSABLE


def _plausible_slip(word: str, cand: str) -> bool:
    """An extra letter is a slip when it is a vowel, a doubled letter ('perusahaaa', 'Inntern') or
    an 'l' (OCR's reading of a stroke: 'prevalensil');
    an extra consonant usually makes another word ('konsultansi' is not 'konsultasi'). A word cut
    short ('transmigra') is a slip only when one word alone begins that way."""
    if len(word) == len(cand) + 1:
        for i in range(len(word)):
            if word[:i] + word[i + 1:] == cand:
                c = word[i]
                if c in "aeioul" or (i > 0 and word[i - 1] == c) or word[i + 1:i + 2] == c:
                    return True
        return False
    if cand.startswith(word):
        completions = [w for n in range(len(word) + 1, len(word) + 4) for w in _by_length().get(n, ()) if w.startswith(word)]
        return len(completions) <= 1
    return True


@lru_cache(maxsize=65536)
def _other_reading(word: str, cand: str) -> bool:
    """Another real word one OCR confusion away ('penvidikan' may be 'penyidikan', not 'pendidikan')."""
    for i, ch in enumerate(word):
        for pair in _CONFUSABLE:
            if ch in pair and len(pair) == 2:
                other = next(iter(pair - {ch}))
                variant = word[:i] + other + word[i + 1:]
                if variant != cand and (variant in lexicon() or variant in roots() or _affixed_root(variant, 5)):
                    return True
    return False


def case_like(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _is_abbreviation(token: str, text: str) -> bool:
    """An all-capitals token in mixed-case text is an abbreviation or a name, never a slip."""
    if not token.isupper():
        return False
    letters = [c for c in text if c.isalpha()]
    upper_share = sum(c.isupper() for c in letters) / max(len(letters), 1)
    return upper_share < 0.8 or len(token) <= 5


# OCR reads a capital I as '!' ('(AK!)', '(!KM)'); a printed exclamation mark ends a word or a sentence
_BANG_FOR_I = re.compile(r"(?<=[A-Z])!(?=[A-Z)\]/])|(?<=[\s(])!(?=[A-Z]{2})")
_MIXED = re.compile(r"(?<![\w])(?=[A-Za-z0-9]*[015])(?=(?:[0-9]*[A-Za-z]){3})[A-Za-z0-9]{5,}(?![\w])")
_DIGIT_READINGS = {"0": "o", "1": "li", "5": "s"}


@lru_cache(maxsize=65536)
def ocr_digits(token: str) -> Optional[str]:
    """'dise1esaikan' -> 'diselesaikan', 'Per5entase' -> 'Persentase': OCR read a letter as 0, 1
    or 5. Only when exactly one reading of the digits makes a known word; codes in capitals
    ('TPS3R', 'K3') and tokens with other digits are left as printed."""
    if token.upper() == token or any(c.isdigit() and c not in _DIGIT_READINGS for c in token):
        return None
    readings = [""]
    for c in token:
        readings = [r + x for r in readings for x in (_DIGIT_READINGS.get(c, c))]
        if len(readings) > 16:
            return None
    hits = {r for r in readings if is_known(r.lower())}
    return hits.pop() if len(hits) == 1 else None


_SPLIT = re.compile(r"(?<![^\W\d_])([^\W\d_]+) ([^\W\d_]+)(?![^\W\d_])", re.U)


def _split_words(text: str) -> list[Fix]:
    """A word broken over two lines of a narrow cell without a hyphen ('doku men', 'Parti
    sipasi', 'K eterampilan'): the two pieces joined make a word the lexicon knows, and they are
    not two words themselves."""
    fixes: list[Fix] = []
    pos = 0
    while (m := _SPLIT.search(text, pos)) is not None:
        a, b = m.group(1), m.group(2)
        joined = a + b
        if (
            a.isascii() and b.isascii() and len(joined) >= 5 and b[:1].islower()
            and is_known(joined) and not (is_known(a) and is_known(b))
        ):
            fixes.append(Fix(m.start(), m.end(), m.group(0), joined, "split_word", 0.9))
            pos = m.end()
        else:
            pos = m.start(2)
    return fixes


@lru_cache(maxsize=65536)
def repair(text: str) -> tuple[str, tuple[Fix, ...]]:
    """Return the repaired text and the fixes made, left to right (cached: documents repeat
    their sasaran and indicator names on every row and every year)."""
    fixes: list[Fix] = _split_words(text)
    joined = [(f.start, f.end) for f in fixes]
    for m in _TOKEN.finditer(text):
        if any(a <= m.start() < b for a, b in joined):
            continue
        token = m.group(0)
        if not token.isascii() or _is_abbreviation(token, text):
            continue
        # a token glued to digits ('2a', 'Rp5') is a code, and one glued to more letters by an OCR
        # mark ('pe~anjian', 'Terkenda/inya') is a fragment of a word: neither is a slip to fix
        before, after = text[max(m.start() - 2, 0):m.start()], text[m.end():m.end() + 2]
        if before[-1:].isdigit() or after[:1].isdigit() or _FRAGMENT.search(before + "|" + after):
            continue
        s = suggest(token.lower())
        if s is None:
            continue
        replacement = case_like(token, s[0])
        if replacement != token:
            fixes.append(Fix(m.start(), m.end(), token, replacement, s[1], s[2]))
    for m in _MIXED.finditer(text):
        fixed = ocr_digits(m.group(0))
        if fixed:
            fixes.append(Fix(m.start(), m.end(), m.group(0), fixed, "ocr_confusion", 0.9))
    for m in _BANG_FOR_I.finditer(text):
        fixes.append(Fix(m.start(), m.end(), "!", "I", "ocr_confusion", 0.9))
    fixes.sort(key=lambda f: f.start)
    if not fixes:
        return text, ()
    out, pos = [], 0
    for f in fixes:
        out.append(text[pos:f.start])
        out.append(f.replacement)
        pos = f.end
    out.append(text[pos:])
    return "".join(out), tuple(fixes)
