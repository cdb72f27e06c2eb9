"""Readers turn a file into the layout model; the registry picks one by the file's content."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ingest.layout import Layout
from ingest.readers.text import read_text_file


class UnsupportedInput(Exception):
    """The file is of a kind kinerja does not read (it is reported as skipped, not failed)."""


Reader = Callable[[Path], Layout]

TEXT_SUFFIXES = {".txt", ".md", ".text", ".csv", ".tsv"}

READERS: dict[str, Reader] = {s: read_text_file for s in TEXT_SUFFIXES}


def _read_pdf(path: Path) -> Layout:
    from ingest.readers.pdf import read_pdf  # PyMuPDF loads only when a PDF is read

    return read_pdf(path)


def _read_docx(path: Path) -> Layout:
    from ingest.readers.docx import read_docx

    return read_docx(path)


def _read_xlsx(path: Path) -> Layout:
    from ingest.readers.xlsx import read_xlsx

    return read_xlsx(path)


READERS[".pdf"] = _read_pdf
READERS[".xlsx"] = _read_xlsx
READERS[".docx"] = _read_docx


def sniff(path: Path) -> str:
    """The reader key of a file: from its magic bytes first, its suffix second."""
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        suffix = path.suffix.lower()
        return suffix if suffix in {".docx", ".xlsx"} else ".zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ".ole"  # legacy .doc / .xls
    return path.suffix.lower()


def read(path: Path) -> Layout:
    key = sniff(path)
    reader = READERS.get(key)
    if reader is None:
        raise UnsupportedInput(f"no reader for {key or 'files without a suffix'} ({path.name})")
    return reader(path)
