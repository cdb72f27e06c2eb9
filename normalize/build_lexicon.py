"""Build normalize/data/lexicon.tsv: the words real performance documents print, with counts.

Why from documents: SAKIP vocabulary (ketenagakerjaan, kesehatan, pendidikan, PU, keuangan
daerah) is mostly absent from general word lists, and a word printed in several agencies'
digital documents is spelled the way agencies spell it. Run once, by hand:

    python -m normalize.build_lexicon /work/shared/seeds /work/shared/real

Only text layers that were typed, not OCR'd, are trusted fully: files whose name says SCAN,
IMAGE or OCR are skipped. The plain-text conversions (.txt) carry OCR slips, so a word seen
only in them must be printed in three of them or be an Indonesian word the stemmer knows. A rare word one or two edits away from a much more frequent word
(``Presentase`` next to ``Persentase``) is a misspelling, not vocabulary, and is left out so
the repairer can still fix it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

DATA = Path(__file__).parent / "data"
_WORD = re.compile(r"[^\W\d_]+", re.U)
_UNTRUSTED = re.compile(r"scan|image|ocr", re.I)
# Non-standard spellings printed so often that frequency alone would admit them.
NON_STANDARD = {"presentase", "prosentase", "presentasi", "prosentasi", "prosen"}


def _text_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return path.read_text(encoding="utf-8", errors="replace")
    if suffix == ".pdf":
        import pymupdf

        with pymupdf.open(path) as doc:
            return "\n".join(page.get_text() for page in doc)
    if suffix == ".docx":
        import docx

        d = docx.Document(str(path))
        cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)
    if suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    return ""


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    return [w.lower() for w in _WORD.findall(text) if w.isascii() and len(w) >= 2]


def build(sources: list[Path]) -> tuple[Counter, Counter, list[str]]:
    """Return (counts, document counts, files read)."""
    counts: Counter = Counter()
    docs: Counter = Counter()
    seed_only: Counter = Counter()
    seed_docs: Counter = Counter()
    read: list[str] = []
    for src in sources:
        files = sorted(p for p in (src.rglob("*") if src.is_dir() else [src]) if p.is_file())
        for f in files:
            if _UNTRUSTED.search(f.name):
                continue
            try:
                ws = words(_text_of(f))
            except Exception as exc:  # a broken file must not stop the build
                print(f"skip {f.name}: {exc}", file=sys.stderr)
                continue
            if not ws:
                continue
            read.append(f.name)
            c = Counter(ws)
            if f.suffix.lower() == ".txt":
                seed_only.update(c)
                seed_docs.update(c.keys())
            else:
                counts.update(c)
                docs.update(c.keys())
    from normalize.repair import is_indonesian

    for w, n in seed_only.items():
        if w in counts or seed_docs[w] >= 3 or is_indonesian(w):
            counts[w] += n
            docs[w] += seed_docs[w]
    return counts, docs, read


def drop_misspellings(counts: Counter, docs: Counter) -> set[str]:
    """Words printed in at most two documents, within one or two edits of a word at least 20x as frequent, unless the
    Indonesian root list or stemmer knows them ('penebangan' = pe-an + 'tebang')."""
    from normalize.repair import is_indonesian

    frequent = [w for w, n in counts.items() if n >= 20]
    dropped = set(NON_STANDARD)
    for w, n in counts.items():
        if docs[w] > 2 or len(w) < 6:
            continue
        if is_indonesian(w):
            continue
        limit = 1 if len(w) < 8 else 2
        for cand, _, _ in process.extract(w, frequent, scorer=Levenshtein.distance, score_cutoff=limit, limit=3):
            if cand != w and counts[cand] >= 20 * n and cand[0] == w[0] and not _is_inflection(w, cand):
                dropped.add(w)
                break
    return dropped


def _is_inflection(a: str, b: str) -> bool:
    """'pelayanan'/'pelayan', 'kegiatannya'/'kegiatan': affixes are words, not slips."""
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) or long_.endswith(short)


def main(argv: list[str]) -> None:
    sources = [Path(a) for a in argv] or [Path("/work/shared/seeds"), Path("/work/shared/real")]
    counts, docs, read = build(sources)
    dropped = drop_misspellings(counts, docs)
    DATA.mkdir(exist_ok=True)
    kept = sorted((w for w in counts if w not in dropped), key=lambda w: (-counts[w], w))
    with open(DATA / "lexicon.tsv", "w", encoding="utf-8") as out:
        out.write("word\tcount\tdocuments\n")
        for w in kept:
            out.write(f"{w}\t{counts[w]}\t{docs[w]}\n")
    with open(DATA / "lexicon_dropped.txt", "w", encoding="utf-8") as out:
        out.write("\n".join(sorted(dropped)) + "\n")
    print(f"{len(read)} files, {len(kept)} words kept, {len(dropped)} dropped as misspellings")
    print("files: " + ", ".join(read))


if __name__ == "__main__":
    main(sys.argv[1:])
