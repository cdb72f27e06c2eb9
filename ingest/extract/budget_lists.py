"""Borderless budget lists: "No | Program | Anggaran (Rp) | Keterangan" printed without rules under a
PK or in an LKjIP, which the reader gives as lines, not as a table.

The list starts under a header line that names only list columns ("Program Anggaran Keterangan"),
or a "Program Non Urusan :" line with "1. Program X : 3.090.875.000,-" items. Under a PK, a list
printed right under the indicator table without any header ("1. Peningkatan Produksi Pertanian
(APBD)  Rp. 30.903.396.770,-") is one too: its items start at their numbers. An item starts at its
number or at a "Program / Kegiatan" word; a name wrapped over several lines (above and below the
line that carries the amount) is joined; what follows the amount on its line ("APBD") is the
keterangan. The list ends at a new page, a table, a total or a signature line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from ingest.extract import RawBudget
from ingest.layout import Layout, Paragraph, Table
from schemas import Provenance

_HEADER_WORD = re.compile(
    r"^(?:no\.?|nomor|program|kegiatan|sub|/|anggaran|pagu|\(rp\.?\)|rp\.?|\(rupiah\)|keterangan|ket\.?|"
    r"sumber|dana|jumlah|uraian|dan|kinerja)$", re.I)
_COLON_HEAD = re.compile(r"^\s*(?:program|kegiatan)\b[^:]{0,40}:\s*$", re.I)
# "Rp 177.792.500", "15.199,500,000", "3.090.875.000,-", "Rp5.294.655.000,00"
_AMOUNT = re.compile(r"(?:\bRp\.?\s*)?(?<![\d,])(?:(?<!\.)|(?<=[Rr][Pp]\.))\d{1,3}(?:[.,]\s?\d{3}){2,}(?:,-|[.,]00)?(?![\d])", re.I)  # also "Rp.4.868", "23,665,554,229.00"
# The first item of a header-less list: "1. <name> ... Rp. 30.903.396.770,-"
_FIRST_ITEM = re.compile(r"^\s*1[.)]\s+[A-Za-z].*\bRp\.?\s*\d{1,3}(?:[.,]\d{3}){2,}", re.I)
# A line holding nothing but an amount, after the item's own amount: the list's unlabelled total.
_LONE_AMOUNT = re.compile(r"\n\s*(?:Rp\.?\s*)?\d{1,3}(?:[.,]\d{3}){2,}(?:,-|[.,]00)?\s*(?=\n|$)", re.I)
_NUMBER_START = re.compile(r"(?:(?<=\n)|^)\s*\d{1,2}[.)]\s+", re.I)
_ITEM = re.compile(r"(?:(?<=\s)|^)(\d{1,2})[.)]?\s+(?=(?:program|kegiatan|sub\s*kegiatan)\b)", re.I)
_NAME_START = re.compile(r"(?:(?<=\n)|^)(?=(?:program|kegiatan|sub\s*kegiatan)\b)", re.I)
_TOTAL = re.compile(r"^\s*(?:jumlah|total|j\s?u\s?m\s?l\s?a\s?h)\b", re.I)
_END = re.compile(
    r"^\s*(?:kepala|gubernur|bupati|wali\s*kota|walikota|sekretaris|pihak|nip\b|menyetujui|mengetahui)|"
    r"^[A-Z][\w .'-]{1,40},\s+(?:\d{1,2}\s+)?(?:[A-Za-z]+\s+)?(?:19|20)\d\d|^\s*\d{1,3}\s*$", re.I)
# Where the money comes from, printed in the Keterangan column beside a wrapped name.
_FUNDS = re.compile(r"\s*\b(APBD(?:\s+(?:Provinsi|Prov\.?|Kabupaten|Kab\.?|Kota))?|APBN|DAK|DAU|DBHCHT|BANPROV|BANKEU|BLUD)\b"
                    r"(?=\s*$)|\s*\((Dekonsentrasi|Tugas\s+Pembantuan)\)\s*$"
                    r"|\s*\((APBD|APBN|DAK|DAU|DBHCHT|BANPROV|BANKEU|BLUD)\)", re.I | re.M)  # "... Pertanian (APBD)"


def _is_header(text: str) -> bool:
    words = text.split()
    return (2 <= len(words) <= 8 and all(_HEADER_WORD.match(w) for w in words)
            and bool(re.search(r"program|kegiatan", text, re.I)) and bool(re.search(r"anggaran|pagu", text, re.I)))


def _runs(layout: Layout, headless: bool = False) -> list[tuple[list[Paragraph], bool]]:
    """The lines of every list, header excluded, and whether the list is a header-less numbered
    one (`headless`: a list that starts '1. ... Rp ...' right under a table, at most one line
    between, counts)."""
    runs: list[tuple[list[Paragraph], bool]] = []
    current: Optional[list[Paragraph]] = None
    page = None
    since_table: Optional[int] = None  # paragraphs since the last table (a last row may fall out of it)
    for b in layout.blocks:
        if isinstance(b, Table):
            current, since_table, page = None, 0, b.page
            continue
        if since_table is not None:
            since_table += 1
        if (headless and current is None and since_table is not None and since_table <= 2 and b.page == page
                and _FIRST_ITEM.match(b.text)):
            current = [b]
            runs.append((current, True))
            since_table = None
            continue
        if current is not None and (b.page != page or _END.search(b.text)):
            current = None
        if current is not None:
            current.append(b)
            if _TOTAL.match(b.text):
                current = None
            continue
        if _is_header(b.text) or _COLON_HEAD.match(b.text):
            current, page = [], b.page
            runs.append((current, False))
        elif (m := _ITEM.search(b.text)) and m.group(1) == "1" and _is_header(b.text[: m.start()]):
            # the header and the first item read as one line (OCR): "Program Anggaran Keterangan 1. Program ..."
            current, page = [replace(b, text=b.text[m.start():])], b.page
            runs.append((current, False))
    return [r for r in runs if r[0]]


def _items(text: str, numbered: bool = False) -> list[str]:
    """The list's text cut at item numbers, else at each line starting with a Program/Kegiatan word
    (a `numbered` list: at each line starting with a number)."""
    if numbered:
        cuts = sorted({0, *(m.start() for m in _NUMBER_START.finditer(text))})
        return [text[a:b] for a, b in zip(cuts, cuts[1:] + [len(text)]) if text[a:b].strip()]
    cuts = [m.start() for m in _ITEM.finditer(text)]
    if len(cuts) < 2:
        cuts = [m.start() for m in _NAME_START.finditer(text)]
    cuts = sorted({0, *cuts})
    return [text[a:b] for a, b in zip(cuts, cuts[1:] + [len(text)]) if text[a:b].strip()]


def list_budget_lines(layout: Layout, offset: int = 0, headless: bool = False) -> list[RawBudget]:
    """Budget lines of every borderless Program / Anggaran list (`headless`: also the numbered
    lists without a header printed right under a table, as under a PK)."""
    out: list[RawBudget] = []
    for run, numbered in _runs(layout, headless):
        text = "\n".join(p.text for p in run)
        items = _items(text, numbered)
        if numbered and sum(1 for i in items if _AMOUNT.search(i)) < 2:
            continue  # one numbered line with an amount is a sentence, not a list
        for item in items:
            m = _AMOUNT.search(item)
            if not m:
                continue
            if total := _LONE_AMOUNT.search(item, m.end()):
                item = item[: total.start()]  # a second amount on a line of its own: the list's total
            line_end = item.find("\n", m.end())
            after = item[m.end(): line_end if line_end >= 0 else len(item)]
            name = item[: m.start()] + " " + item[m.end() + len(after):]
            funds = [f.group(1) or f.group(2) or f.group(3) for f in _FUNDS.finditer(name)]
            name = _ITEM.sub("", _FUNDS.sub("", name).strip(), count=1)
            if numbered:
                name = _NUMBER_START.sub("", name.strip(), count=1)
            keterangan = " ".join([after.strip(" :"), *funds]).strip()
            name = re.sub(r"\s+", " ", name).strip(" :-")
            if not name:
                continue
            level = "total" if _TOTAL.match(name) else (
                "kegiatan" if re.match(r"(?:sub\s*)?kegiatan\b", name, re.I) and not re.match(r"program", name, re.I) else "program")
            first = run[0]
            out.append(RawBudget(
                name=name, level=level, anggaran=m.group(0), keterangan=keterangan,
                prov=Provenance(page=first.page, line=first.line, source_text=item.strip()),
            ))
    return out
