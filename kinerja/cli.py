"""The `kinerja` command: a thin layer over kinerja.pipeline, kinerja.store and kinerja.export."""

from __future__ import annotations

import fcntl
import json
import signal
import sys
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

from ingest.ocr_engines import ENGINES
from kinerja.export import FORMATS, TABLES, export
from kinerja.pipeline import Result, path_text, scan, sha256_file, walk_inputs
from kinerja.workers import Limits
from kinerja.store import Store
from schemas import RECORD_MODELS

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
err = Console(stderr=True)


def _already_read(path: Path, done: dict[str, str]) -> bool:
    """Read before with the same bytes: a file edited since the last run is read again."""
    key = path_text(path)
    if key not in done:
        return False
    try:
        return sha256_file(path) == done[key]
    except OSError:
        return False


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
            raise typer.Exit(2)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@app.command("scan")
def scan_cmd(
    inputs: list[Path] = typer.Argument(..., help="files or folders (walked recursively)"),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="output folder"),
    jobs: int = typer.Option(1, "--jobs", "-j", help="worker processes"),
    resume: bool = typer.Option(False, "--resume", help="keep kinerja.sqlite and skip files already read (failed ones too)"),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="with --resume: read failed files again"),
    timeout: float = typer.Option(180.0, "--timeout", help="seconds one document may take (0: no limit)"),
    memory: int = typer.Option(256, "--memory", help="MB of memory one worker may take for a document (0: no limit)"),
    formats: str = typer.Option("jsonl", "--format", help=f"extra formats, comma-separated: {', '.join(FORMATS)}"),
    lang: str = typer.Option("id", "--lang", help="language of finding messages: id or en"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
    ocr: bool = typer.Option(True, "--ocr/--no-ocr", help="OCR scanned pages and tables pasted as pictures into diagram pages; "
                             "with --no-ocr an image-only PDF is skipped ('OCR is off')"),
    ocr_engine: str = typer.Option("tesseract", "--ocr-engine", help="engine for scanned pages: tesseract (default, faster) "
                                   "or rapidocr (extra kinerja[rapidocr])"),
) -> None:
    """Read every document into OUT/{documents,indicators,budget,findings}.jsonl and OUT/kinerja.sqlite.

    Each document is stored as it finishes, so an interrupted scan goes on with --resume."""
    if ocr_engine not in ENGINES:
        raise typer.BadParameter(f"choose one of {', '.join(ENGINES)}", param_hint="--ocr-engine")
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise typer.BadParameter(f"unknown format(s): {', '.join(unknown)}", param_hint="--format")
    limits = Limits(timeout=timeout or None, memory_mb=memory or None)
    with _locked(out):
        store = Store(out / "kinerja.sqlite", fresh=not resume)
        done = store.done(failed=not retry_failed) if resume else {}
        found, rows = walk_inputs(inputs)
        files = [f for f in found if not _already_read(f, done)]
        counts = {"ok": 0, "failed": 0, "skipped": 0}
        n = 0
        try:
            with Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=err, disable=quiet or not err.is_terminal,
            ) as progress, closing(_results(rows, files, jobs, lang, ocr_engine if ocr else False, limits)) as results:
                task = progress.add_task("scanning", total=len(files) + len(rows))
                for result in results:
                    doc = store.write(result)
                    counts[doc.status] += 1
                    n += 1
                    if doc.status != "ok":
                        say(f"{doc.status}: {doc.source_path}: {doc.error}")
                    elif doc.note:
                        say(f"ok, {doc.note}: {doc.source_path}")
                    progress.update(task, advance=1, description=Text(Path(doc.source_path).name[:40]))
        except KeyboardInterrupt:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean exit
            store.close()
            say(f"interrupted: {n} of {len(files) + len(rows)} file(s) stored in {path_text(out / 'kinerja.sqlite')}; "
                "run the same command with --resume to go on")
            raise typer.Exit(130)
        totals = export(store, out, wanted)
        store.close()
    say(
        f"{len(files)} file(s) scanned ({counts['ok']} ok, {counts['failed']} failed, {counts['skipped']} skipped"
        f"{f', {len(found) - len(files)} already done' if resume and len(found) > len(files) else ''}); "
        + ", ".join(f"{totals[t]} {t}" for t in TABLES)
        + f" -> {path_text(out)}"
    )


def _results(rows: list[Result], files: list[Path], jobs: int, lang: str, ocr: "bool | str", limits: Limits) -> Iterator[Result]:
    yield from rows
    yield from scan(files, jobs=jobs, lang=lang, ocr=ocr, limits=limits)


@app.command("export")
def export_cmd(
    db: Path = typer.Argument(..., help="a kinerja.sqlite written by `kinerja scan`"),
    out: Path = typer.Option(..., "--out", "-o"),
    formats: str = typer.Option("csv", "--format", help=f"comma-separated: {', '.join(FORMATS)}"),
) -> None:
    """Write the tables of DB as JSONL plus CSV, Parquet or XLSX."""
    if not db.exists():
        raise typer.BadParameter(f"{db} does not exist", param_hint="DB")
    with _locked(out):
        store = Store(db)
        totals = export(store, out, [f.strip() for f in formats.split(",") if f.strip()])
        store.close()
    say(", ".join(f"{totals[t]} {t}" for t in TABLES) + f" -> {path_text(out)}")


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
        raise typer.Exit(2)
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
) -> None:
    """Scan one document and print its findings (what does not add up, and where)."""
    if severity not in _SEVERITY_RANK:
        raise typer.BadParameter("choose info, warning or error", param_hint="--severity")
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

    if not db.exists():
        raise typer.BadParameter(f"{db} does not exist", param_hint="DB")
    store = Store(db)
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
