"""Acronyms and short word forms spelled out, so 'Kapabilitas APIP' and 'Kapabilitas Aparat
Pengawasan Intern Pemerintah' share a key.

Two tables ship in normalize/data/: abbreviations.tsv, a short hand-kept list of SAKIP terms, and
abbreviations_mined.tsv, the definitions the real documents print ("Sistem Pengendalian Intern
Pemerintah (SPIP)", built by normalize/build_data.py). An acronym the SAKIP list holds takes that
form; any other takes the sense the documents print most often. Grades (A, BB, CC) and roman
numerals are never spelled out: they tell indicators apart.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_GRADE = re.compile(r"^(?:A{1,2}|B{1,2}|C{1,2}|D|E|[IVX]+)$")


def _table(name: str) -> list[list[str]]:
    text = resources.files("normalize").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()[1:] if line.strip()]


@lru_cache(maxsize=1)
def acronyms() -> dict[str, str]:
    """ACRONYM (upper case) -> long form (lower case)."""
    mined: dict[str, tuple[int, str]] = {}
    for acr, long_, printed in _table("abbreviations_mined.tsv"):
        n = int(printed)
        if acr not in mined or n > mined[acr][0]:
            mined[acr] = (n, long_)
    out = {acr: long_ for acr, (_, long_) in mined.items()}
    out.update({acr.upper(): long_ for acr, long_ in _table("abbreviations.tsv")})
    return {acr: long_ for acr, long_ in out.items() if not _GRADE.match(acr)}


@lru_cache(maxsize=1)
def word_forms() -> dict[str, str]:
    """Short word forms ('jml', 'rehab', 'faskes') -> their long form, lower case."""
    return {short: long_ for short, long_ in _table("word_abbreviations.tsv")}


def expand(token: str) -> str | None:
    """The long form of an acronym token as printed ('APIP', 'LKjIP'), else None."""
    return acronyms().get(token.upper())
