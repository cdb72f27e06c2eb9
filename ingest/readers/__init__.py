"""Readers turn a file into the layout model; the registry picks one by the file's content."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

from ingest.layout import Layout
from ingest.readers.text import read_text_file
from ingest.readers.unsupported import UnsupportedInput


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


_LEGACY = {".doc": ("docx", _read_docx), ".xls": ("xlsx", _read_xlsx)}


def _read_legacy(path: Path) -> Layout:
    """A .doc or .xls (OLE) file, converted by LibreOffice headless and read as DOCX or XLSX."""
    suffix = path.suffix.lower()
    if suffix not in _LEGACY:
        raise UnsupportedInput(f"legacy Office file with an unknown suffix ({path.name}): rename it to .doc or .xls")
    target, reader = _LEGACY[suffix]
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise UnsupportedInput(
            f"{suffix} files need LibreOffice to be read: install it (install.sh does, or "
            f"apt-get install libreoffice-writer-nogui libreoffice-calc-nogui) or save the file as .{target}"
        )
    with tempfile.TemporaryDirectory(prefix="kinerja-lo-") as tmp:
        profile = Path(tmp) / "profile"  # its own profile, so conversions can run side by side
        src = Path(tmp) / f"in{suffix}"
        shutil.copyfile(path, src)  # a plain name: LibreOffice names its output after the input
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=LEGACY_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise UnsupportedInput(f"LibreOffice did not convert this {suffix} file within {LEGACY_TIMEOUT} s") from None
        out = Path(tmp) / f"in.{target}"
        if not out.exists():
            raise UnsupportedInput(f"LibreOffice could not convert this {suffix} file (damaged, or not a {suffix})")
        layout = reader(out)
    layout.source_path, layout.reader = str(path), suffix.lstrip(".")
    return layout


LEGACY_TIMEOUT = 120

READERS[".pdf"] = _read_pdf
READERS[".xlsx"] = _read_xlsx
READERS[".docx"] = _read_docx
READERS[".ole"] = _read_legacy


_MAGIC = ((b"\xff\xd8\xff", "a JPEG picture"), (b"\x89PNG", "a PNG picture"), (b"GIF8", "a GIF picture"),
          (b"II*\x00", "a TIFF picture"), (b"MM\x00*", "a TIFF picture"), (b"PK\x03\x04", "a zip package"),
          (b"\xd0\xcf\x11\xe0", "a legacy Office file"), (b"{\\rtf", "an RTF document"), (b"<", "HTML or XML"))


def sniff(path: Path) -> str:
    """The reader key of a file: from its magic bytes first, its suffix second."""
    with path.open("rb") as f:
        head = f.read(1024)
    if head.startswith(b"%PDF"):
        return ".pdf"
    if path.suffix.lower() == ".pdf" and b"%PDF" not in head:  # the header may follow some junk
        kind = next((k for m, k in _MAGIC if head.lstrip().startswith(m)), "not a PDF")
        raise UnsupportedInput(f"named .pdf but has no PDF header: it is {kind}" if kind != "not a PDF"
                               else "named .pdf but has no PDF header: not a PDF (renamed or damaged)")
    if head.startswith(b"PK\x03\x04"):
        suffix = path.suffix.lower()
        return suffix if suffix in {".docx", ".xlsx"} else ".zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ".ole"  # legacy .doc / .xls
    return path.suffix.lower()


MAX_TEXT_MB = 8  # a text conversion of a 1,000-page report is a few MB; past this it is not one


def read(path: Path) -> Layout:
    key = sniff(path)
    reader = READERS.get(key)
    if reader is None:
        raise UnsupportedInput(f"no reader for {key or 'files without a suffix'} ({path.name})")
    size = path.stat().st_size
    if reader is read_text_file and size > MAX_TEXT_MB << 20:
        raise UnsupportedInput(f"text file too large to read safely: {size >> 20} MB (limit {MAX_TEXT_MB} MB)")
    return reader(path)
