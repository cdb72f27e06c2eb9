"""The `kinerja` command: a thin layer over kinerja.pipeline, kinerja.store and kinerja.export."""

from __future__ import annotations

import fcntl
import fnmatch
import json
import logging
import os
import signal
import sys
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path
from typing import Any, Generator, Iterator, Optional

import sqlalchemy as sa
import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

from ingest.ocr_engines import ENGINES
from kinerja.export import FORMATS, TABLES, export
from kinerja import __version__
from kinerja.cluster import local_cluster, parse_cluster, scan_dask
from kinerja.pages import parse_pages
from kinerja.pipeline import Result, path_text, scan, sha256_file, walk_inputs
from kinerja.workers import Limits
from kinerja.store import NotKinerjaDatabase, Store
from schemas import RECORD_MODELS, Document

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
err = Console(stderr=True)
log = logging.getLogger("kinerja")

EXIT_SOME_FAILED = 3  # the batch finished, but some documents failed (their rows say why)
EXIT_USAGE = 2  # bad usage: a missing input, an existing --out, not kinerja's database
EXIT_INTERRUPTED = 130


def say(text: str) -> None:
    """Print a message to stderr as plain text: file names and errors are never rich markup."""
    err.print(text, markup=False, highlight=False, emoji=False)


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One writer per output folder: a second scan into the same --out refuses instead of
    deleting the first one's database under it."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / ".kinerja.lock").open("a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"error: another kinerja process is writing to {path_text(out)}; wait for it to finish or choose another --out")
            raise typer.Exit(EXIT_USAGE)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _version(value: bool) -> None:
    if value:
        print(f"kinerja {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="print the version and exit"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="log every document (and the libraries' warnings) to stderr"),
) -> None:
    """kinerja reads Indonesian government performance documents into one checked dataset.

    Exit codes of `scan`: 0 every document read (ok or skipped); 3 some documents failed (each
    one has its row and reason in documents.jsonl); 2 bad usage (a missing input path, an --out
    that exists without --force, a database that is not kinerja's, another scan writing to
    --out); 130 interrupted (rerun with --resume)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr, force=True)
    if not verbose:
        logging.getLogger("distributed").setLevel(logging.ERROR)


def _selected(path: Path, roots: list[Path], include: list[str], exclude: list[str]) -> bool:
    """--include/--exclude globs, matched against the file name and its path below the input
    folder it was found in."""
    names = [path.name] + [path.relative_to(r).as_posix() for r in roots if r in path.parents]
    if include and not any(fnmatch.fnmatch(n, g) for n in names for g in include):
        return False
    return not any(fnmatch.fnmatch(n, g) for n in names for g in exclude)


def _split_done(found: list[Path], done: dict[str, str]) -> tuple[list[Path], list[Result], int]:
    """--resume matches the bytes' hash, not the path: files to read, a status row for each file
    whose bytes are stored under another path (renamed, moved or copied; not read again), and
    how many are already stored as they are. An edited file is read again."""
    if not done:
        return found, [], 0
    hashes = {digest: path for path, digest in sorted(done.items(), reverse=True)}  # the first path of each
    files, copies, same = [], [], 0
    for f in found:
        try:
            digest = sha256_file(f)
        except OSError:
            files.append(f)
            continue
        if digest not in hashes:
            files.append(f)
        elif done.get(path_text(f)) == digest:
            same += 1
        else:
            copies.append(Result(Document(document_id=digest, source_path=path_text(f), status="skipped",
                                          error=f"same file as {hashes[digest]} (already read)")))
    return files, copies, same


def _refuse_existing_out(out: Path, db: Optional[str]) -> None:
    """An --out (or --db) that already holds files (or kinerja's tables) is not replaced unless
    --force is given: a typo must not delete yesterday's batch."""
    if out.exists() and any(p.name != ".kinerja.lock" for p in out.iterdir()):
        say(f"error: {path_text(out)} exists and is not empty; use --force to replace it or --resume to go on")
        raise typer.Exit(EXIT_USAGE)
    if db is not None:
        try:
            store = Store(db, create=False)
        except NotKinerjaDatabase:
            return
        n = store.count()
        store.close()
        if n:
            say(f"error: {db} already holds {n} document(s); use --force to replace them or --resume to go on")
            raise typer.Exit(EXIT_USAGE)


class _Rate(ProgressColumn):
    """Pages per second so far, next to the documents' bar."""

    def render(self, task: Any) -> Text:
        pages, elapsed = task.fields.get("pages", 0), task.elapsed or 0
        return Text(f"{pages / elapsed:.1f} pages/s" if elapsed > 0 and pages else "… pages/s", style="progress.data.speed")


@app.command("scan")
def scan_cmd(
    inputs: list[Path] = typer.Argument(..., help="files or folders (walked recursively)"),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="output folder (refused when it exists and is not empty, "
                             "unless --force or --resume; never read as input)"),
    force: bool = typer.Option(False, "--force", help="replace what an existing --out (or --db) holds"),
    db: Optional[str] = typer.Option(None, "--db", help="the store: an SQLite file or postgresql://user@host/dbname "
                                     "(default: OUT/kinerja.sqlite)"),
    jobs: int = typer.Option(1, "--jobs", "-j", help="worker processes"),
    dask: Optional[str] = typer.Option(None, "--dask", help="a Dask scheduler (tcp://host:8786): one document per task"),
    cluster: Optional[str] = typer.Option(None, "--cluster", help="local:N: a Dask cluster of N workers on this machine"),
    resume: bool = typer.Option(False, "--resume", help="keep the store and skip files already read (failed ones too), "
                                "matched by their bytes"),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="with --resume: read failed files again"),
    include: list[str] = typer.Option([], "--include", help="only files matching this glob (name or path below the "
                                      "input folder); repeatable"),
    exclude: list[str] = typer.Option([], "--exclude", help="leave out files matching this glob; repeatable"),
    pages: Optional[str] = typer.Option(None, "--pages", help="read only these pages of each document, e.g. 1-3,7"),
    password: Optional[str] = typer.Option(None, "--password", help="user password for encrypted PDFs"),
    timeout: float = typer.Option(180.0, "--timeout", help="seconds one document may take (0: no limit; not with Dask)"),
    memory: int = typer.Option(256, "--memory", help="MB of memory one worker may take for a document (0: no limit)"),
    formats: str = typer.Option("jsonl", "--format", help=f"extra formats, comma-separated: {', '.join(FORMATS)}"),
    lang: str = typer.Option("id", "--lang", help="language of finding messages: id or en"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
    ocr: bool = typer.Option(True, "--ocr/--no-ocr", help="OCR scanned pages and tables pasted as pictures into diagram pages; "
                             "with --no-ocr an image-only PDF is skipped ('OCR is off')"),
    ocr_engine: str = typer.Option("tesseract", "--ocr-engine", help="engine for scanned pages: tesseract (default, faster) "
                                   "or rapidocr (extra kinerja[rapidocr])"),
) -> None:
    """Read every document into OUT/{documents,indicators,budget,findings}.jsonl and the store.

    Each document is stored as it finishes, so an interrupted scan goes on with --resume.
    Exit code 3 when some documents failed (see `kinerja --help`)."""
    if ocr_engine not in ENGINES:
        raise typer.BadParameter(f"choose one of {', '.join(ENGINES)}", param_hint="--ocr-engine")
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise typer.BadParameter(f"unknown format(s): {', '.join(unknown)}", param_hint="--format")
    if pages is not None:
        try:
            parse_pages(pages)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--pages")
    if dask and cluster:
        raise typer.BadParameter("give --dask or --cluster, not both", param_hint="--cluster")
    n_local = None
    if cluster:
        try:
            n_local = parse_cluster(cluster)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--cluster")
    missing = [p for p in inputs if not os.path.lexists(p)]
    if missing:
        say("error: no such file or folder: " + ", ".join(path_text(p) for p in missing))
        raise typer.Exit(EXIT_USAGE)
    limits = Limits(timeout=timeout or None, memory_mb=memory or None)
    with _locked(out):
        if not resume and not force:
            _refuse_existing_out(out, db)
        if db is None and not resume:  # OUT's own database: a cut file from a killed scan goes too
            for suffix in ("", "-wal", "-shm", "-journal"):
                (out / f"kinerja.sqlite{suffix}").unlink(missing_ok=True)
        try:
            store = Store(db or out / "kinerja.sqlite", fresh=not resume)
        except (NotKinerjaDatabase, sa.exc.DatabaseError) as exc:
            say(f"error: cannot use {db or path_text(out / 'kinerja.sqlite')} as kinerja's store: {exc}")
            raise typer.Exit(EXIT_USAGE)
        done = store.done(failed=not retry_failed) if resume else {}
        roots = [p for p in inputs if p.is_dir()]
        found, rows = walk_inputs(inputs, skip=[out])
        found = [f for f in found if _selected(f, roots, include, exclude)]
        files, copies, already = _split_done(found, done)
        rows += copies
        counts = {"ok": 0, "failed": 0, "skipped": 0}
        n = 0
        reading = ocr_engine if ocr else False
        try:
            with Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _Rate(), TimeElapsedColumn(),
                TextColumn("ETA"), TimeRemainingColumn(), console=err, disable=quiet or not err.is_terminal,
            ) as progress, ExitStack() as stack:
                if n_local:
                    dask = stack.enter_context(local_cluster(n_local, limits.memory_mb))
                results = stack.enter_context(closing(
                    _results(rows, files, jobs, lang, reading, limits, pages, password, dask)))
                task = progress.add_task("scanning", total=len(files) + len(rows), pages=0)
                for result in results:
                    doc = store.write(result)
                    counts[doc.status] += 1
                    n += 1
                    if doc.status != "ok":
                        say(f"{doc.status}: {doc.source_path}: {doc.error}")
                    elif doc.note:
                        say(f"ok, {doc.note}: {doc.source_path}")
                    log.info("%s: %s (%s pages, %s indicators, %s findings, %.1f s)", doc.status, doc.source_path,
                             doc.pages, doc.n_indicators, doc.n_findings, doc.seconds or 0)
                    progress.update(task, advance=1, description=escape(Path(doc.source_path).name[:40]),
                                    pages=progress.tasks[0].fields["pages"] + (doc.pages or 0))
        except KeyboardInterrupt:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean exit
            store.close()
            say(f"interrupted, {n} done; rerun with --resume ({n} of {len(files) + len(rows)} file(s) stored in "
                f"{db or path_text(out / 'kinerja.sqlite')})")
            raise typer.Exit(EXIT_INTERRUPTED)
        totals = export(store, out, wanted)
        store.close()
    say(
        f"{len(files)} file(s) scanned ({counts['ok']} ok, {counts['failed']} failed, {counts['skipped']} skipped"
        f"{f', {already} already done' if already else ''}); "
        + ", ".join(f"{totals[t]} {t}" for t in TABLES)
        + f" -> {path_text(out)}"
    )
    if counts["failed"]:
        raise typer.Exit(EXIT_SOME_FAILED)


def _results(rows: list[Result], files: list[Path], jobs: int, lang: str, ocr: "bool | str", limits: Limits,
             pages: Optional[str], password: Optional[str], dask: Any) -> Generator[Result, None, None]:
    yield from rows
    if dask:
        yield from scan_dask(files, dask, lang=lang, ocr=ocr, pages=pages, password=password)
    else:
        yield from scan(files, jobs=jobs, lang=lang, ocr=ocr, limits=limits, pages=pages, password=password)


@app.command("export")
def export_cmd(
    db: str = typer.Argument(..., help="a kinerja.sqlite written by `kinerja scan`, or a postgresql:// URL"),
    out: Path = typer.Option(..., "--out", "-o"),
    formats: str = typer.Option("csv", "--format", help=f"comma-separated: {', '.join(FORMATS)}"),
) -> None:
    """Write the tables of DB as JSONL plus CSV, Parquet or XLSX. A database that kinerja did
    not write is refused (exit code 2), never written into."""
    store = _open_existing(db)
    with _locked(out):
        totals = export(store, out, [f.strip() for f in formats.split(",") if f.strip()])
        store.close()
    say(", ".join(f"{totals[t]} {t}" for t in TABLES) + f" -> {path_text(out)}")


def _open_existing(db: str) -> Store:
    try:
        return Store(db, create=False)
    except (NotKinerjaDatabase, sa.exc.DatabaseError) as exc:
        say(f"error: {db} is not a kinerja database ({exc})")
        raise typer.Exit(EXIT_USAGE)


@app.command("report")
def report_cmd(
    source: Path = typer.Argument(..., help="the --out folder of `kinerja scan`, or its kinerja.sqlite"),
    out: Path = typer.Option(Path("report"), "--out", "-o", help="folder for index.html, laporan.xlsx and the page images"),
    lang: str = typer.Option("id", "--lang", help="language of the report: id or en"),
    max_images: int = typer.Option(200, "--max-images", help="page images at most; the most severe findings get theirs first"),
    root: Optional[Path] = typer.Option(None, "--root", help="folder the scanned files' relative paths start from "
                                        "(default: the current folder, then the scan output's folder and its parents)"),
) -> None:
    """Write an audit report: one self-contained HTML file (findings linked to images of their pages
    with the cited cells marked, indicator and budget tables) and an XLSX workbook for auditors."""
    from kinerja.report import ReportInputError, write_report

    if lang not in ("id", "en"):
        raise typer.BadParameter("choose id or en", param_hint="--lang")
    try:
        written = write_report(source, out, lang=lang, max_images=max_images, root=root)
    except ReportInputError as exc:
        say(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE)
    say(f"{written.documents} document(s), {written.findings} finding(s), {written.images} page image(s) -> "
        f"{path_text(written.html)}, {path_text(written.xlsx)}")


@app.command("schema")
def schema_cmd(
    record: Optional[str] = typer.Argument(None, help=f"one of: {', '.join(RECORD_MODELS)}"),
) -> None:
    """Print the JSON Schema of the output records."""
    if record is not None and record not in RECORD_MODELS:
        raise typer.BadParameter(f"choose one of {', '.join(RECORD_MODELS)}", param_hint="RECORD")
    models = {record: RECORD_MODELS[record]} if record else RECORD_MODELS
    schema = {name: m.model_json_schema(by_alias=True) for name, m in models.items()}
    json.dump(schema[record] if record else schema, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


@app.command("show")
def show_cmd(
    file: Path = typer.Argument(..., help="one document"),
    limit: int = typer.Option(50, "--limit", "-n"),
) -> None:
    """Scan one document and print its indicator rows as a table (nothing is written)."""
    result = next(scan([file]))
    doc = result.document
    console = Console()
    console.print(f"[bold]{escape(doc.source_path)}[/]: {doc.status} {doc.doc_type or ''} {escape(doc.error or doc.note or '')}")
    table = RichTable("page", "line", "org_unit / section", "indikator", "year", "target", "realisasi", "capaian")
    for r in result.indicators[:limit]:
        table.add_row(
            *(Text(t) for t in (str(r.page or ""), str(r.line or ""), (r.org_unit or r.section or "")[:30],
                                (r.indikator or "")[:60], str(r.year or ""), r.target_text or "",
                                r.realisasi_text or "", r.capaian_text or "")),
        )
    console.print(table)
    console.print(f"{len(result.indicators)} indicators, {len(result.budget)} budget lines, {len(result.findings)} findings")


_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


@app.command("check")
def check_cmd(
    file: Path = typer.Argument(..., help="one document"),
    lang: str = typer.Option("id", "--lang", help="language of finding messages: id or en"),
    severity: str = typer.Option("info", "--severity", help="lowest severity shown: info, warning or error"),
    fail_on: Optional[str] = typer.Option(
        None, "--fail-on", help="exit 1 when a finding of this severity or worse exists: error or warning"),
) -> None:
    """Scan one document and print its findings (what does not add up, and where). With --fail-on
    the exit code gates a pipeline: 1 for findings at that severity, 2 for a file not read."""
    if severity not in _SEVERITY_RANK:
        raise typer.BadParameter("choose info, warning or error", param_hint="--severity")
    if fail_on is not None and fail_on not in ("error", "warning"):
        raise typer.BadParameter("choose error or warning", param_hint="--fail-on")
    if not file.exists():
        raise typer.BadParameter(f"{file} does not exist", param_hint="FILE")
    result = next(scan([file], lang=lang))
    doc = result.document
    console = Console()
    console.print(f"[bold]{escape(doc.source_path)}[/]: {doc.status} {doc.doc_type or ''} {escape(doc.error or doc.note or '')}")
    shown = [f for f in result.findings if _SEVERITY_RANK[f.severity] >= _SEVERITY_RANK[severity]]
    shown.sort(key=lambda f: (-_SEVERITY_RANK[f.severity], f.page or 0, f.line or 0))
    table = RichTable("rule", "severity", "page/line", "indikator", "message", show_lines=True)
    for f in shown:
        table.add_row(
            f.rule, f"[{_SEVERITY_STYLE[f.severity]}]{f.severity}[/]", f"{f.page or ''}/{f.line or ''}",
            Text((f.indikator or "")[:40]), Text(f.message),
        )
    console.print(table)
    counts = {s: sum(f.severity == s for f in result.findings) for s in ("error", "warning", "info")}
    console.print(", ".join(f"{n} {s}" for s, n in counts.items()) + f" ({len(shown)} shown)")
    if doc.status != "ok":
        raise typer.Exit(2)  # a file that could not be read never passes a gate
    if fail_on is not None and any(_SEVERITY_RANK[f.severity] >= _SEVERITY_RANK[fail_on] for f in result.findings):
        raise typer.Exit(1)


@app.command("tree")
def tree_cmd(
    file: Path = typer.Argument(..., help="one pohon kinerja / cascading document"),
    json_out: Optional[Path] = typer.Option(None, "--json", help="also write the tree as JSON to this file"),
) -> None:
    """Print the cascade tree of one document (boxes, tiers, indicators and targets)."""
    from rich.tree import Tree

    from validate.cascade import cascade_nodes

    result = next(scan([file]))
    doc = result.document
    console = Console()
    if doc.status != "ok":
        say(f"{doc.status}: {doc.source_path}: {doc.error}")
        raise typer.Exit(1)
    roots = cascade_nodes(result.indicators)
    top = Tree(f"[bold]{escape(doc.source_path)}[/] ({doc.doc_type or '?'})")

    def add(branch: Tree, node) -> None:
        r = node.first
        head = " | ".join(x for x in (r.level, r.org_unit, r.program) if x)
        goal = "; ".join(node.sasaran)[:160]
        sub = branch.add(f"[cyan]{escape(head)}[/] {escape(goal)} [dim](p. {r.page})[/]")
        for name, years in node.indicators().items():
            targets = ", ".join(f"{y}: {t}" if y else t for y, t in sorted(years.items()))
            sub.add(escape(name) + (f" [green]{escape(targets)}[/]" if targets else ""))
        for child in node.children:
            add(sub, child)

    for root in roots:
        add(top, root)
    console.print(top)
    gaps = [f for f in result.findings if f.rule == "cascade"]
    console.print(f"{sum(1 for _ in _walk(roots))} boxes, {len(result.indicators)} records, {len(gaps)} cascade gaps")
    if json_out is not None:
        json_out.write_text(json.dumps({"source_path": doc.source_path, "roots": [n.to_json() for n in roots],
                                        "gaps": [f.model_dump(mode="json") for f in gaps]}, ensure_ascii=False, indent=2),
                            encoding="utf-8")


def _walk(nodes):
    for n in nodes:
        yield n
        yield from _walk(n.children)


@app.command("indicators")
def indicators_cmd(
    db: Path = typer.Argument(..., help="a kinerja.sqlite written by `kinerja scan`"),
    as_json: bool = typer.Option(False, "--json", help="print the groups as JSON"),
    limit: int = typer.Option(100, "--limit", "-n", help="groups to show in the table"),
    min_documents: int = typer.Option(1, "--min-documents", help="only keys found in at least this many documents"),
) -> None:
    """List indicators grouped by indicator_key: how many rows and documents, and the printed variants."""
    from normalize.groups import group_indicators

    store = _open_existing(str(db))
    groups = group_indicators(store.rows("indicators"), store.rows("documents"))
    groups = [g for g in groups if len(g.documents) >= min_documents]
    store.close()
    if as_json:
        json.dump([g.as_dict() for g in groups], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    table = RichTable(show_lines=True)
    table.add_column("key", overflow="fold", ratio=2)
    table.add_column("rows", justify="right")
    table.add_column("docs", justify="right")
    table.add_column("variants", ratio=3)
    table.add_column("documents / agencies", ratio=2)
    for g in groups[:limit]:
        variants = "\n".join(f"{t[:80]} ({n})" for t, n in g.variants.most_common(5))
        more = len(g.variants) - 5
        docs = sorted(g.documents.values(), key=lambda d: d["name"])
        where = "\n".join(f"{d['name']}" + (f" ({d['agency']})" if d["agency"] else "") for d in docs[:5])
        where += f"\n… {len(docs) - 5} more" if len(docs) > 5 else ""
        table.add_row(Text(g.key), str(g.count), str(len(g.documents)), Text(variants + (f"\n… {more} more" if more > 0 else "")), Text(where))
    console = Console()
    console.print(table)
    console.print(f"{len(groups)} indicator keys")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
