"""Opening a PDF file: an encrypted one with its user password, a damaged one repaired (by qpdf
where installed, else by PyMuPDF) with a warning in the layout, never a silent ok."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from contextvars import ContextVar
from pathlib import Path

import pymupdf

from ingest.layout import Layout, ReadIssue
from ingest.readers.unsupported import UnsupportedInput


class UnreadablePDF(UnsupportedInput):
    """A PDF that cannot be opened: encrypted with a password, or damaged. Reported as skipped
    with the reason: reading it again will not help."""


# The user password tried on an encrypted PDF (`kinerja scan --password`); empty by default.
PASSWORD: ContextVar[str] = ContextVar("pdf_password", default="")


def open_pdf(path: Path, layout: Layout | None = None) -> pymupdf.Document:
    """Open a PDF. An encrypted one opens when its user password is empty. A damaged one (its
    cross-reference table had to be rebuilt) is repaired by qpdf where installed, else by PyMuPDF,
    and the layout gets a warning: pages or objects may be missing, never a silent ok."""
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises several types for damaged files
        repaired = _qpdf_repaired(path)
        if repaired is None:
            raise UnreadablePDF(f"cannot open PDF (damaged or not a PDF): {exc}") from exc
        doc = repaired
        _note_repair(layout, "qpdf")
    else:
        if doc.is_repaired:
            fixed = _qpdf_repaired(path)
            if fixed is not None and fixed.page_count >= doc.page_count:
                doc.close()
                doc = fixed
            elif fixed is not None:
                fixed.close()
            _note_repair(layout, "qpdf" if doc is fixed else "PyMuPDF")
    if doc.needs_pass and not doc.authenticate(PASSWORD.get()):
        doc.close()
        raise UnreadablePDF("encrypted PDF: it needs a password to open" + (" (--password)" if not PASSWORD.get() else ", and --password is not it"))
    if doc.page_count == 0 and layout is not None and layout.issues:
        doc.close()
        raise UnreadablePDF("damaged PDF: no page could be recovered (the file may be cut short)")
    return doc


def _note_repair(layout: Layout | None, tool: str) -> None:
    if layout is not None:
        layout.issues.append(ReadIssue(
            stage="open", message=f"damaged PDF repaired by {tool}: pages or objects may be missing"))


def _qpdf_repaired(path: Path) -> pymupdf.Document | None:
    """The PDF as qpdf rebuilds it (in memory), or None where qpdf is missing or gives up."""
    exe = shutil.which("qpdf")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="kinerja-qpdf-") as tmp:
        fixed = Path(tmp) / "fixed.pdf"
        try:
            done = subprocess.run([exe, "--warning-exit-0", str(path), str(fixed)], capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0 or not fixed.exists():
            return None
        try:
            doc = pymupdf.open(stream=fixed.read_bytes(), filetype="pdf")
        except Exception:
            return None
    return doc if doc.page_count else None
