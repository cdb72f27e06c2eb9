"""OCR over Tesseract: an image (PNG bytes) -> words with pixel boxes and confidences.

The `tesseract` command with TSV output is used rather than PyMuPDF's built-in OCR: TSV gives
each word's box and confidence (PyMuPDF's OCR text layer has no confidence, so noise cannot be
dropped), and it needs no extra Python package. One process per image; `OMP_THREAD_LIMIT=1`
because Tesseract's own threads only slow small images down and compete with `--jobs` workers.

Whether OCR runs is a per-scan setting (`session`), so `kinerja scan --no-ocr` reaches the
readers without threading a flag through every reader signature; what OCR could not do (no
tesseract installed, too many images) is collected as notes the pipeline reports as findings.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterator, Optional

import pymupdf

BBox = tuple[float, float, float, float]

MIN_CONF = 45.0  # Tesseract confidence (0-100) below which a word is noise (specks, rule ends)
TIMEOUT = 60.0  # seconds for one image: a hung OCR must not hang a batch


@dataclass(frozen=True, slots=True)
class OcrWord:
    bbox: BBox  # pixels of the image OCR read, top-left origin
    text: str
    conf: float
    ink: Optional[BBox] = None  # the word's own ink box, where bbox is its line's height
    reread: bool = False  # read again from its own crop, more confidently than at first


@dataclass(slots=True)
class OcrSession:
    """One document's OCR setting and the notes about what OCR could not do (page, message)."""

    enabled: bool = True
    engine: str = "tesseract"  # engine for whole scanned pages (ingest.ocr_engines)
    notes: list[tuple[int, str]] = field(default_factory=list)
    judged: dict[int, bool] = field(default_factory=dict)  # picture object (xref) -> looks like print
    on_page: Optional[Callable[[], None]] = None  # called before each scanned page is OCR'd
    words: dict[int, list[tuple[BBox, str, float]]] = field(default_factory=dict)  # page -> OCR words (points), conf


def judged() -> Optional[dict[int, bool]]:
    """The document's memo of pictures already tested for print (a footer ornament repeated on
    every page is tested once), or None outside a session."""
    s = _SESSION.get()
    return s.judged if s is not None else None


_SESSION: ContextVar[Optional[OcrSession]] = ContextVar("kinerja_ocr_session", default=None)


@contextmanager
def session(enabled: bool = True, engine: str = "tesseract",
            on_page: Optional[Callable[[], None]] = None) -> Iterator[OcrSession]:
    """OCR on or off (and its engine for scanned pages) while reading one document; the notes
    collected while it is open. `on_page` runs before each scanned page is OCR'd (the batch pool
    gives the document more time for it)."""
    s = OcrSession(enabled, engine, on_page=on_page)
    token = _SESSION.set(s)
    try:
        yield s
    finally:
        _SESSION.reset(token)


def enabled() -> bool:
    s = _SESSION.get()
    return s.enabled if s is not None else True


def page_started() -> None:
    """A scanned page is about to be OCR'd (see `session`'s on_page)."""
    s = _SESSION.get()
    if s is not None and s.on_page is not None:
        s.on_page()


def engine_name() -> str:
    s = _SESSION.get()
    return s.engine if s is not None else "tesseract"


def keep_words(page: int, words: list[tuple[BBox, str, float]]) -> None:
    """Keep a scanned page's words (page points) with their confidence, so each value read
    from them can say it came from OCR and how sure the engine was (`kinerja.provenance`)."""
    s = _SESSION.get()
    if s is not None:
        s.words[page] = words


def note(page: int, message: str) -> None:
    """Record, once per document, something OCR could not do on a page."""
    s = _SESSION.get()
    if s is not None and all(m != message for _, m in s.notes):
        s.notes.append((page, message))


@lru_cache(maxsize=1)
def tesseract() -> Optional[str]:
    """The tesseract executable, or None when it is not installed."""
    return shutil.which("tesseract")


@lru_cache(maxsize=1)
def languages() -> str:
    """Indonesian plus English when both models are installed: Indonesian reads the words, and
    English the "%" the Indonesian model alone takes for a "4" ("100%" -> "1004")."""
    exe = tesseract()
    if exe is None:
        return "eng"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=TIMEOUT).stdout
    except (OSError, subprocess.SubprocessError):
        return "eng"
    have = {ln.strip() for ln in out.splitlines()[1:]}
    wanted = [lang for lang in ("ind", "eng") if lang in have]
    return "+".join(wanted) if wanted else "eng"


def unavailable_reason() -> Optional[str]:
    """Why OCR cannot run here (None when it can)."""
    if tesseract() is None:
        return "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-ind)"
    return None


def parse_tsv(tsv: str, min_conf: float = MIN_CONF) -> list[OcrWord]:
    """Tesseract TSV -> confident words that carry a letter, digit or '%' (a lone '|' or '—'
    is a ruling line the OCR read as a character)."""
    words: list[OcrWord] = []
    for line in tsv.splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        try:
            conf = float(cols[10])
            left, top, width, height = (int(c) for c in cols[6:10])
        except ValueError:
            continue
        if conf < min_conf or not any(ch.isalnum() or ch == "%" for ch in text):
            continue
        words.append(OcrWord((left, top, left + width, top + height), text, conf))
    return words


def ocr_png(png: bytes, min_conf: float = MIN_CONF, psm: int = 6) -> list[OcrWord]:
    """Words Tesseract reads in one image (page segmentation 6: one block of aligned lines,
    which is what a pasted table is). Raises OcrError when tesseract fails."""
    exe = tesseract()
    if exe is None:
        raise OcrError(unavailable_reason() or "tesseract is not installed")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [exe, "stdin", "stdout", "-l", languages(), "--psm", str(psm), "tsv"],
            input=png, capture_output=True, timeout=TIMEOUT, env=env,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrError(f"tesseract failed: {exc}") from exc
    if done.returncode != 0:
        raise OcrError(f"tesseract failed: {done.stderr.decode(errors='replace').strip()[:200]}")
    return parse_tsv(done.stdout.decode("utf-8", errors="replace"), min_conf)


class OcrError(RuntimeError):
    """Tesseract is missing or failed on an image."""


GAP = 48  # white pixel rows between images stacked for one Tesseract run
BATCH_PIXELS = 30_000_000  # one stacked image at most (Tesseract's memory grows with it)


def ocr_greys(images: list[tuple[bytes, int, int]], min_conf: float = MIN_CONF) -> list[list[OcrWord]]:
    """OCR several grey images (samples, width, height) in few Tesseract runs: stacked one under
    the other with white gaps, so the models load once per batch, not once per image (loading
    them costs about as much as reading a small table). Words come back per image, in its pixels."""
    out: list[list[OcrWord]] = []
    batch: list[tuple[bytes, int, int]] = []
    for img in images:
        if batch and sum(w * (h + GAP) for _, w, h in batch) + img[1] * img[2] > BATCH_PIXELS:
            out.extend(_ocr_stack(batch, min_conf))
            batch = []
        batch.append(img)
    if batch:
        out.extend(_ocr_stack(batch, min_conf))
    return out


def _ocr_stack(images: list[tuple[bytes, int, int]], min_conf: float) -> list[list[OcrWord]]:
    width = max(w for _, w, _ in images)
    rows = bytearray()
    offsets: list[int] = []
    gap = b"\xff" * (width * GAP)
    for samples, w, h in images:
        offsets.append(len(rows) // width)
        pad = b"\xff" * (width - w)
        for y in range(h):
            rows += samples[y * w:(y + 1) * w] + pad
        rows += gap
    stacked = pymupdf.Pixmap(pymupdf.csGRAY, width, len(rows) // width, bytes(rows), 0)
    out: list[list[OcrWord]] = [[] for _ in images]
    for wd in ocr_png(stacked.tobytes("png"), min_conf):
        cy = (wd.bbox[1] + wd.bbox[3]) / 2
        k = max((i for i, off in enumerate(offsets) if off <= cy), default=0)
        off = offsets[k]
        out[k].append(OcrWord((wd.bbox[0], wd.bbox[1] - off, wd.bbox[2], wd.bbox[3] - off), wd.text, wd.conf))
    return out
