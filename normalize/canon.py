"""Words as the key reads them: every non-word mapped to the word it was meant to be.

The display repairer (normalize/repair.py) declines when in doubt, because what it changes is
shown to people. The key may go further, on non-words only, since a wrong guess there can at
worst join two spellings of nothing: a word that the lexicon, hunspell-id's word list or
Sastrawi's roots (with affixes) know is never changed. A non-word is tried, in this order,
against: OCR confusions (0/o, 1/l/i, 5/s, rn/m, cl/d, vv/w, i/l); one edit to a lexicon word
(any letter, the first too); two known words run together ('Dipeliharadan', 'sesuaistandar');
two edits, in long words. Fragments a PDF split apart ('keb ijakan', 'Penye rapan') are joined
first when together they make a word, and camel-case runs ('SistemOnline') are split.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import OSA

from normalize.abbreviations import acronyms, word_forms
from normalize.repair import SPELLING_VARIANTS, case_like, is_indonesian, lexicon
from normalize.stem import roots

_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[A-Za-z0-9]+|[,;:()%]")
_UPPER = re.compile(r"[A-Z]")
_LETTER = re.compile(r"[A-Za-z]")
_CAMEL = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z]{2})|(?<=[a-z]{4})(?=[A-Z]{2,}$)")  # 'SistemOnline', 'KematianDBD'

_CONFUSIONS = (("rn", "m"), ("m", "rn"), ("cl", "d"), ("vv", "w"), ("0", "o"), ("1", "l"), ("1", "i"), ("5", "s"),
               ("l", "i"), ("i", "l"), ("ii", "u"), ("c", "e"), ("e", "c"), ("3", "e"), ("8", "b"))
FUNCTION_WORDS = {"di", "ke", "dan", "yang", "se", "dari", "pada", "atau", "per", "nya", "ini", "itu", "oleh", "untuk"}


@lru_cache(maxsize=1)
def _hunspell() -> frozenset[str]:
    text = resources.files("normalize").joinpath("data/id_words.txt").read_text(encoding="utf-8")
    return frozenset(text.split())


@lru_cache(maxsize=131072)
def known(word: str) -> bool:
    """A word as printed by someone who spelled it right (lower case). A word that only the
    lexicon or the affix rules vouch for, printed at most three times, one edit from a word
    printed ten times as often (and 20+ times), is that word's slip: OCR'd text layers leave some
    in the lexicon ('privalensi'), and a short root explains too much ('kesecatan' = ke-an + cat)."""
    if word in roots() or word in _hunspell() or word in SPELLING_VARIANTS or word in word_forms() or word.isdigit():
        return True
    n = lexicon().get(word, 0)
    if n > 3:
        return True
    if n and _glued(word):
        return False
    if _rare_slip(word, max(n, 1)):  # checked before the stemmer, which costs a millisecond a word
        return False
    return n > 0 or is_indonesian(word) or word.upper() in acronyms()


def _fragment(word: str) -> bool:
    """A piece of a split word: not known, or printed at most twice and in no word list ('tek',
    'nisi' from 'tek nisi')."""
    if not known(word):
        return True
    return lexicon().get(word, 0) <= 2 and word not in roots() and word not in _hunspell() and not word.isdigit()


def _glued(word: str) -> bool:
    """A rare printed word that is a word and a preposition run together ('embarkasidi', 'posdan')."""
    for f in ("di", "dan", "yang", "ke"):
        head = word[: -len(f)]
        if word.endswith(f) and len(head) >= 3 and lexicon().get(head, 0) > 3:
            return True
    return False


def _listed(word: str) -> bool:
    """known(), for a word some list holds (no stemming)."""
    return (word in lexicon() or word in roots() or word in _hunspell() or word in SPELLING_VARIANTS) and known(word)


def _rare_slip(word: str, n: int) -> bool:
    if len(word) < 5 or not word.isalpha():
        return False
    pool = [w for k in range(len(word) - 1, len(word) + 2) for w in _pool().get(k, ())]
    hits = process.extract(word, pool, scorer=OSA.distance, score_cutoff=1, limit=5)
    return any(lexicon()[w] >= max(20, 10 * n) for w, _, _ in hits if w != word)


@lru_cache(maxsize=1)
def _pool() -> dict[int, list[str]]:
    """Lexicon words printed at least twice, by length: the words a slip is mapped onto."""
    out: dict[int, list[str]] = {}
    for w, n in lexicon().items():
        if n >= 2 and len(w) >= 3 and w.isalpha():
            out.setdefault(len(w), []).append(w)
    return out


def _count(word: str) -> int:
    return lexicon().get(word, 1 if known(word) else 0)


def _ocr(word: str) -> str | None:
    """One or two OCR confusions away from a known word (digits first: 'dise1esaikan', 'lndeks')."""
    cands = {word}
    for _ in range(2):
        step = set()
        for w in cands:
            for a, b in _CONFUSIONS:
                i = w.find(a)
                while i >= 0:
                    step.add(w[:i] + b + w[i + len(a):])
                    i = w.find(a, i + 1)
        cands |= step
        # only words the lexicon or a word list holds: stemming every variant costs too much
        hits = [c for c in cands if c != word and not any(ch.isdigit() for ch in c) and _listed(c)]
        if hits:
            return max(hits, key=lambda c: (_count(c), c))
    return None


def _nearest(word: str, limit: int) -> str | None:
    """The one lexicon word `limit` edits away, or the much more printed of several."""
    pool = [w for n in range(len(word) - limit, len(word) + limit + 1) for w in _pool().get(n, ())]
    hits = [h for h in process.extract(word, pool, scorer=OSA.distance, score_cutoff=limit, limit=10) if h[0] != word]
    if not hits:
        return None
    best = min(d for _, d, _ in hits)
    top = sorted((w for w, d, _ in hits if d == best), key=lambda w: -_count(w))
    if len(top) > 1 and _count(top[1]) * 3 > _count(top[0]):
        return None
    return top[0]


def _segment(word: str) -> str | None:
    """Two known words run together; the split whose rarer part is printed most wins."""
    best, score = None, 0
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        if all((len(p) >= 3 or p in FUNCTION_WORDS) and p in lexicon() and known(p) for p in (left, right)):
            s = min(_count(left), _count(right))
            if s > score:
                best, score = f"{left} {right}", s
    return best


@lru_cache(maxsize=131072)
def canonical_word(word: str) -> str:
    """A lower-case token as the key reads it: itself when known, else its likeliest word(s)."""
    if len(word) < 3 or word.isdigit() or known(word):
        return word
    if any(c.isdigit() for c in word) and not re.search(r"[a-z]{2}", word):
        return word  # a code ('3R', 'K3'), not a word
    fixed = _ocr(word)
    if fixed is None and len(word) >= 4 and word.isalpha():
        fixed = _nearest(word, 1)
    if fixed is None and len(word) >= 6:
        fixed = _segment(word)
    if fixed is None and len(word) >= 8 and word.isalpha():
        fixed = _nearest(word, 2)
    return fixed or word


CAPITAL_AFTER_SMALL = re.compile(r"[a-z][A-Z]")


def _is_code(token: str) -> bool:
    """'LKjIP', 'KemenPUPR', 'SPIP': a capital after a small letter, or a listed acronym, is an
    abbreviation or a code, not a slip ('PPersentase' is a slip)."""
    return bool(CAPITAL_AFTER_SMALL.search(token)) or token.upper() in acronyms()


def canonical_tokens(text: str) -> list[str]:
    """The tokens of `text`, case kept for acronyms, split fragments joined, non-words mapped."""
    tokens = _TOKEN.findall(text)
    if _SMALL_CAPITAL.search(text):
        tokens = [p for t in tokens for p in _CAMEL.split(t)]
    shouting = len(_UPPER.findall(text)) > 0.8 * max(len(_LETTER.findall(text)), 1)
    out: list[str] = []
    for tok in tokens:
        if out:
            joined = _joined(out[-1], tok)
            if joined:
                out[-1] = joined
                continue
        out.append(tok)
    result: list[str] = []
    for tok in out:
        result.extend(_read(tok, shouting))
    return result


_SMALL_CAPITAL = re.compile(r"[a-z][A-Z]")


@lru_cache(maxsize=131072)
def _joined(prev: str, tok: str) -> str | None:
    """`prev` and `tok` as one token when they are one word split apart, else None."""
    if not (tok.isalpha() and prev.isalpha()):
        return None
    low, prev_low = tok.lower(), prev.lower()
    joined = prev_low + low
    if prev.isupper() and len(prev) > 1:
        # capitals split apart ('SP A', 'T PS'): one letter joins when the whole is listed
        if tok.isupper() and min(len(tok), len(prev)) == 1 and (joined.upper() in acronyms() or joined in lexicon()):
            return prev + tok
        return None
    if _fragment(prev_low) + _fragment(low) >= 1 and _listed(joined) and not (tok[0].isupper() and prev.islower()):
        return prev + low
    return None


@lru_cache(maxsize=131072)
def _read(tok: str, shouting: bool) -> tuple[str, ...]:
    """One token as the key reads it: an acronym or code as printed, a word as canonical_word."""
    if not tok[0].isalnum() or (tok.isupper() and not shouting and len(tok) >= 2) or (_is_code(tok) and not known(tok.lower())):
        return (tok,)
    fixed = canonical_word(tok.lower())
    return (tok,) if fixed == tok.lower() else tuple(case_like(tok, w) for w in fixed.split())
