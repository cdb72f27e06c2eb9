"""The scan pipeline as a Python API: `scan(paths)` yields one Result per input file.

Stages are pure functions (layout -> extraction -> records -> findings); only `scan_file` touches
the file. A file that cannot be read becomes a `failed` (or `skipped`) Document with the reason,
never an exception that stops a batch.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Hashable, Iterable, Iterator, Optional, Union

from ingest import UnsupportedInput, extract
from ingest.readers import read
from ingest.readers.pdf_open import PASSWORD
from ingest.stitch import stitch_tables
from ingest.classify import title_of
from ingest.ocr import session as ocr_session
from kinerja.provenance import mark_ocr_values
from ingest.ocr_engines import DEFAULT_ENGINE
from ingest.layout import Layout
from normalize.records import to_records
from schemas import BudgetLine, Document, Finding, IndicatorRecord
from kinerja import workers
from kinerja.pages import only_pages, parse_pages
from kinerja.workers import Limits, Pool
from validate import Context, validate
from validate.report import assign_ids


OCR_PAGE_SECONDS = 30.0  # more time a document gets under --timeout for each page it OCRs (~2 s a page
# on one core; generous for a loaded machine and the slower engine)


@dataclass(slots=True)
class Result:
    document: Document
    indicators: list[IndicatorRecord] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def process_layout(layout: Layout, document_id: str, source_path: str, lang: str = "id") -> Result:
    """Everything after reading: classify, extract, normalize, validate (pure)."""
    extraction = extract(layout)
    indicators, budget = to_records(extraction, document_id=document_id, source_path=source_path)
    meta = extraction.meta
    year = meta.get("year")
    document = Document(
        document_id=document_id,
        source_path=source_path,
        status="ok",
        doc_type=extraction.doc_type,
        reader=layout.reader,
        title=meta.get("title") or title_of(layout),
        agency=meta.get("agency"),
        region=meta.get("region"),
        year=int(year) if year and str(year).isdigit() else None,
        pages=len(layout.pages) or None,
        encoding=layout.encoding,
        nomor=meta.get("nomor"),
        tanggal=meta.get("tanggal"),
        n_indicators=len(indicators),
        n_budget=len(budget),
    )
    ctx = Context(document, indicators, budget, scale=extraction.scale, layout=layout, lang=lang)
    findings = validate(ctx)
    document.n_findings = len(findings)
    result = Result(document, indicators, budget, findings)
    add_read_issues(result, layout)
    return result


def add_read_issues(result: Result, layout: Layout) -> None:
    """Pages that raised and files that had to be repaired become `warning` findings (page, reader
    stage, error), and the document's note says how many pages were not read."""
    doc = result.document
    for issue in layout.issues:
        what = "page not read" if issue.page_lost else "not read as printed"
        result.findings.append(Finding(
            finding_id="", document_id=doc.document_id,
            source_path=doc.source_path, rule="reader", severity="warning", page=issue.page,
            message=f"{what} ({issue.stage}): {issue.message}",
        ))
    lost = sorted({i.page for i in layout.issues if i.page_lost and i.page})
    notes = [f"{len(lost)} page{'s' if len(lost) > 1 else ''} not read (p. {', '.join(map(str, lost))})"] if lost else []
    notes += [i.message for i in layout.issues if not i.page_lost]
    if not result.indicators and not result.budget:  # ok with nothing in it must say so
        notes.append(f"nothing extracted: no indicator or budget table recognised in {len(layout.pages)} page(s)"
                     + ("" if any(True for _ in layout.tables()) or layout.boxes else ", and no table found"))
    doc.note = "; ".join(notes) or None
    assign_ids(result.findings)
    doc.n_findings = len(result.findings)


def add_reader_notes(result: Result, notes: list[tuple[int, str]]) -> None:
    """What the reader could not do (OCR skipped on a page) becomes an `info` finding with the
    page, so a document read without its pictures says so in the output."""
    doc = result.document
    for page, message in notes:
        result.findings.append(Finding(
            finding_id="", document_id=doc.document_id,
            source_path=doc.source_path, rule="ocr", severity="info", page=page, message=message,
        ))
    assign_ids(result.findings)
    doc.n_findings = len(result.findings)


def path_text(path: Path) -> str:
    """The path as text that UTF-8 can store: bytes of a name that is not valid UTF-8 (old zip
    archives) are kept as backslash escapes (\\xe9) instead of crashing the database write."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _failed(path: Path, error: str, document_id: str = "", status: str = "failed") -> Result:
    return Result(Document(document_id=document_id, source_path=path_text(path), status=status, error=error))


def _not_a_file(path: Path) -> Optional[Result]:
    """A status row for what is not a regular file: FIFOs, devices and sockets would hang or
    never end (a pipe, /dev/zero), so they are never opened."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return _failed(path, "no such file")
    except OSError as exc:
        return _failed(path, f"cannot read file: {exc.strerror or exc}")
    if stat.S_ISREG(mode):
        return None
    kind = "a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode) else \
        "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a file"
    return _failed(path, f"not a regular file ({kind}): not read", status="skipped")


def scan_file(path: Path, lang: str = "id", ocr: Union[bool, str] = True, pages: Optional[str] = None,
              password: Optional[str] = None) -> Result:
    """Read and process one file; every failure is caught and reported on the Document. With
    `ocr` off, pictures of tables on diagram pages and scanned pages are not read (see
    ingest.ocr); a string names the engine for scanned pages (ingest.ocr_engines). `pages`
    ("1-3,7") keeps only those pages; `password` opens an encrypted PDF."""
    path = Path(path)
    start = time.perf_counter()
    source = path_text(path)
    early = _not_a_file(path)
    if early is not None:
        return early
    try:
        document_id = sha256_file(path)
    except OSError as exc:
        return _failed(path, f"cannot read file: {exc}")
    if path.stat().st_size == 0:
        return _failed(path, "empty file (0 bytes)", document_id, status="skipped")
    try:
        token = PASSWORD.set(password or "")
        try:
            with ocr_session(bool(ocr), ocr if isinstance(ocr, str) else DEFAULT_ENGINE,
                             on_page=lambda: workers.extend(OCR_PAGE_SECONDS)) as session:
                layout = read(path)
                if pages:
                    layout = only_pages(layout, parse_pages(pages))
                layout = stitch_tables(layout)
        finally:
            PASSWORD.reset(token)
        if layout.pages and all(any(i.page == p.number and i.page_lost for i in layout.issues) for p in layout.pages):
            first = layout.issues[0]
            raise _AllPagesLost(f"no page could be read ({first.stage}: {first.message})")
        result = process_layout(layout, document_id, source, lang)
        add_reader_notes(result, session.notes)
        mark_ocr_values([*result.indicators, *result.budget], session.words)
    except UnsupportedInput as exc:
        result = Result(Document(document_id=document_id, source_path=source, status="skipped", error=str(exc)))
    except _AllPagesLost as exc:
        result = _failed(path, str(exc), document_id)
    except MemoryError:
        limit = f"--memory {workers.LIMIT_MB} MB" if workers.LIMIT_MB else "--memory"
        result = _failed(path, f"out of memory: the document needs more than the worker's memory limit ({limit})", document_id)
    except Exception as exc:  # one broken file must never stop a batch
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(tb.filename).name}:{tb.lineno}"
        result = _failed(path, f"{type(exc).__name__}: {exc} (at {where})", document_id)
    result.document.seconds = round(time.perf_counter() - start, 3)
    return result


class _AllPagesLost(Exception):
    pass


def walk_inputs(paths: Iterable[Path], skip: Iterable[Path] = ()) -> tuple[list[Path], list[Result]]:
    """Files named, and regular files under folders named (recursively, hidden ones skipped),
    sorted; plus a status row for everything met that is not read: folders that cannot be listed,
    and symbolic links inside folders, which are never followed (so a link out of the input
    folders, or a loop, is not walked; name a linked file on its own to read it). Folders in
    `skip` (the output folder) are never walked."""
    skipped = {os.path.realpath(s) for s in skip}
    files: list[Path] = []
    rows: list[Result] = []

    def unreadable(exc: OSError) -> None:
        rows.append(_failed(Path(exc.filename), f"cannot read folder: {exc.strerror or exc}"))

    for p in paths:
        if not p.is_dir():
            files.append(p)
            continue
        if os.path.realpath(p) in skipped:
            continue
        for root, dirs, names in os.walk(p, onerror=unreadable):
            here = Path(root)
            for d in [d for d in dirs if (here / d).is_symlink() and not d.startswith(".")]:
                rows.append(_link_row(here / d))
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink()
                             and os.path.realpath(here / d) not in skipped)
            for n in sorted(names):
                if n.startswith("."):
                    continue
                f = here / n
                if f.is_symlink():
                    rows.append(_link_row(f))
                else:
                    files.append(f)
    return files, rows


def _link_row(path: Path) -> Result:
    target = os.readlink(path)
    return _failed(path, f"symbolic link (to {os.fsencode(target).decode('utf-8', 'backslashreplace')}): not followed "
                   "inside a folder; name it on its own to read it", status="skipped")


def iter_inputs(paths: Iterable[Path]) -> list[Path]:
    """The files `walk_inputs` finds (without its status rows)."""
    return walk_inputs(paths)[0]


def lost_result(key: Hashable, reason: str) -> Result:
    """The result of a file whose worker died or overran: `failed`, with its bytes' hash so
    that `--resume` does not read it again blindly."""
    path = Path(str(key))
    try:
        document_id = sha256_file(path)
    except OSError:
        document_id = ""
    return _failed(path, reason, document_id)


def _load_readers() -> None:
    """Import every reader's libraries in a new worker, before its memory limit is measured."""
    import ingest.readers.docx  # noqa: F401
    import ingest.readers.pdf  # noqa: F401
    import ingest.readers.xlsx  # noqa: F401


def scan(paths: Iterable[Path], jobs: int = 1, lang: str = "id", ocr: Union[bool, str] = True,
         limits: Optional[Limits] = None, pages: Optional[str] = None, password: Optional[str] = None) -> Iterator[Result]:
    """One Result per file, as each finishes. With jobs > 1, or with limits, files are read in
    worker processes (see kinerja.workers): a file that crashes, overruns `limits.timeout` or
    runs out of `limits.memory_mb` fails alone. Otherwise they are read here, in input order."""
    files = list(paths)
    if limits is None and (jobs <= 1 or len(files) <= 1):
        for p in files:
            yield scan_file(p, lang, ocr, pages, password)
        return
    pool = Pool(scan_file, jobs, limits or Limits(timeout=None, memory_mb=None), lost_result, init=_load_readers)
    yield from pool.run((os.fspath(p), (p, lang, ocr, pages, password)) for p in files)


def scan_paths(inputs: Iterable[Path], jobs: int = 1, lang: str = "id", ocr: Union[bool, str] = True,
               limits: Optional[Limits] = None) -> Iterator[Result]:
    """Walk files and folders: a status row for each thing not read, then every file scanned."""
    files, rows = walk_inputs(inputs)
    yield from rows
    yield from scan(files, jobs=jobs, lang=lang, ocr=ocr, limits=limits)
