"""The scan pipeline as a Python API: `scan(paths)` yields one Result per input file.

Stages are pure functions (layout -> extraction -> records -> findings); only `scan_file` touches
the file. A file that cannot be read becomes a `failed` (or `skipped`) Document with the reason,
never an exception that stops a batch.
"""

from __future__ import annotations

import hashlib
import os
import time
import traceback
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Union

from ingest import UnsupportedInput, extract, load
from ingest.classify import title_of
from ingest.ocr import session as ocr_session
from ingest.ocr_engines import DEFAULT_ENGINE
from ingest.layout import Layout
from normalize.records import to_records
from schemas import BudgetLine, Document, Finding, IndicatorRecord
from validate import Context, validate


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
        nomor=meta.get("nomor"),
        tanggal=meta.get("tanggal"),
        n_indicators=len(indicators),
        n_budget=len(budget),
    )
    ctx = Context(document, indicators, budget, scale=extraction.scale, layout=layout, lang=lang)
    findings = validate(ctx)
    document.n_findings = len(findings)
    return Result(document, indicators, budget, findings)


def add_reader_notes(result: Result, notes: list[tuple[int, str]]) -> None:
    """What the reader could not do (OCR skipped on a page) becomes an `info` finding with the
    page, so a document read without its pictures says so in the output."""
    doc = result.document
    prefix = doc.document_id[:12]
    for page, message in notes:
        result.findings.append(Finding(
            finding_id=f"{prefix}-f{len(result.findings):05d}", document_id=doc.document_id,
            source_path=doc.source_path, rule="ocr", severity="info", page=page, message=message,
        ))
    doc.n_findings = len(result.findings)


def scan_file(path: Path, lang: str = "id", ocr: Union[bool, str] = True) -> Result:
    """Read and process one file; every failure is caught and reported on the Document. With
    `ocr` off, pictures of tables on diagram pages and scanned pages are not read (see
    ingest.ocr); a string names the engine for scanned pages (ingest.ocr_engines)."""
    start = time.perf_counter()
    source = str(path)
    try:
        document_id = sha256_file(path)
    except OSError as exc:
        return Result(Document(document_id="", source_path=source, status="failed", error=f"cannot read file: {exc}"))
    try:
        with ocr_session(bool(ocr), ocr if isinstance(ocr, str) else DEFAULT_ENGINE) as session:
            layout = load(path)
        result = process_layout(layout, document_id, source, lang)
        add_reader_notes(result, session.notes)
    except UnsupportedInput as exc:
        result = Result(Document(document_id=document_id, source_path=source, status="skipped", error=str(exc)))
    except Exception as exc:  # one broken file must never stop a batch
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(tb.filename).name}:{tb.lineno}"
        result = Result(
            Document(
                document_id=document_id,
                source_path=source,
                status="failed",
                error=f"{type(exc).__name__}: {exc} (at {where})",
            )
        )
    result.document.seconds = round(time.perf_counter() - start, 3)
    return result


def iter_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files named, and files under folders named (recursively, hidden ones skipped), sorted."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.extend(Path(root) / n for n in sorted(names) if not n.startswith("."))
        else:
            files.append(p)
    return files


def _missing(path: Path) -> Result:
    return Result(Document(document_id="", source_path=str(path), status="failed", error="no such file"))


def _isolated(path: Path, lang: str, ocr: Union[bool, str] = True) -> Result:
    """Scan one file in its own worker, so a crash inside a PDF library fails only that file."""
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(scan_file, path, lang, ocr).result()
    except BrokenProcessPool:
        return Result(
            Document(
                document_id="",
                source_path=str(path),
                status="failed",
                error="the reader crashed on this file (its worker process died)",
            )
        )


def scan(paths: Iterable[Path], jobs: int = 1, lang: str = "id", ocr: Union[bool, str] = True) -> Iterator[Result]:
    """Results in input order. With jobs > 1 files are processed in worker processes; when a
    worker dies, the files it may have taken down are each scanned again in isolation."""
    files = list(paths)
    if jobs <= 1 or len(files) <= 1:
        for p in files:
            yield scan_file(p, lang, ocr) if p.exists() else _missing(p)
        return
    window = 4 * jobs  # files in flight: results wait in order, so memory stays bounded
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        queue: deque[tuple[Path, Union[Result, Future[Result]]]] = deque()
        for p in files:
            queue.append((p, _submit(pool, p, lang, ocr)))
            if len(queue) >= window:
                yield _collect(*queue.popleft(), lang, ocr)
        while queue:
            yield _collect(*queue.popleft(), lang, ocr)


def _submit(pool: ProcessPoolExecutor, path: Path, lang: str, ocr: Union[bool, str] = True) -> Union[Result, Future[Result]]:
    if not path.exists():
        return _missing(path)
    try:
        return pool.submit(scan_file, path, lang, ocr)
    except BrokenProcessPool:  # an earlier file killed a worker: the rest run one by one
        return _isolated(path, lang, ocr)


def _collect(path: Path, pending: Union[Result, Future[Result]], lang: str, ocr: Union[bool, str] = True) -> Result:
    if isinstance(pending, Result):
        return pending
    try:
        return pending.result()
    except BrokenProcessPool:
        return _isolated(path, lang, ocr)


def scan_paths(inputs: Iterable[Path], jobs: int = 1, lang: str = "id", ocr: Union[bool, str] = True) -> Iterator[Result]:
    """Walk files and folders and scan every file found."""
    return scan(iter_inputs(inputs), jobs=jobs, lang=lang, ocr=ocr)
