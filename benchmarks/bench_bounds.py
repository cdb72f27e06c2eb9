"""Bounds on pathological inputs: each file is made here (small, by hand), scanned alone by
`python -m kinerja scan` in a subprocess, and the wall time, the peak RSS of the whole process tree
(main process and workers, from wait4) and what the user sees are printed. A normal sample is
measured in the same run as the peer.

    python benchmarks/bench_bounds.py [--timeout 60] [--memory 2048] [--only NAME,...]

Heavy: run it alone on the machine (one scan at a time, --jobs 1).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _pdf(objs: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (object 1 is the catalog)."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def xobject_bomb(path: Path, depth: int = 9, fan: int = 10) -> None:
    """Form XObjects that each draw the one below `fan` times: fan**depth rectangles in 3 KB."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /XObject << /X%d %d 0 R >> >> >>" % (depth, 5 + depth),
            _stream(b"/X%d Do" % depth)]
    objs.append(_stream(b"0 0 10 10 re f", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "))
    for i in range(1, depth + 1):
        body = b"q /X%d Do Q " % (i - 1) * fan
        objs.append(_stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                            b"/Resources << /XObject << /X%d %d 0 R >> >> " % (i - 1, 4 + i)))
    path.write_bytes(_pdf(objs))


def many_pages(path: Path, n: int = 3000) -> None:
    text = b"BT /F1 12 Tf 72 720 Td (Indikator Kinerja Utama) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(n)) + b"] /Count %d >>" % n,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", _stream(text)]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
             b"/Resources << /Font << /F1 3 0 R >> >> >>"] * n
    path.write_bytes(_pdf(objs))


def ruling_lines(path: Path, n: int = 100_000) -> None:
    """One page with n ruling lines (a grid of thin strokes)."""
    ops = []
    for i in range(n):
        if i % 2:
            x = 20 + (i * 7) % 555
            ops.append(b"%d 20 m %d 820 l S" % (x, x))
        else:
            y = 20 + (i * 5) % 800
            ops.append(b"20 %d m 575 %d l S" % (y, y))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(b"0.5 w\n" + b"\n".join(ops))]
    path.write_bytes(_pdf(objs))


_CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
       '</Types>')
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def big_xlsx(path: Path, rows: int) -> None:
    """A workbook of `rows` indicator rows, written as XML directly (openpyxl would take minutes)."""
    def row(r: int) -> str:
        vals = (str(r), f"Persentase layanan tepat waktu {r}", "persen", str(r % 100))
        return f'<row r="{r}">' + "".join(
            f'<c r="{c}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in zip("ABCD", vals)) + "</row>"

    head = '<row r="1">' + "".join(f'<c r="{c}1" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in
                                   zip("ABCD", ("No", "Indikator Kinerja", "Satuan", "Target"))) + "</row>"
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             "<sheetData>" + head + "".join(row(r) for r in range(2, rows + 2)) + "</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   f'xmlns:r="{_R}"><sheets><sheet name="IKU" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)


def corner_xlsx(path: Path, merged: bool) -> None:
    big_xlsx(path, 3)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                extra = (b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' if merged else b"")
                cell = b"" if merged else b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row>'
                data = data.replace(b"</sheetData>", cell + b"</sheetData>" + extra)
            zout.writestr(info, data)
    tmp.replace(path)


def big_docx(path: Path, rows: int) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("PERJANJIAN KINERJA TAHUN 2024")
    doc.add_table(rows=1, cols=4)
    doc.save(path)
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    body = "".join("<w:tr>" + "".join(cell.format(v) for v in (r, f"Persentase layanan {r}", "persen", r % 100)) + "</w:tr>"
                   for r in range(rows)).encode()
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                i = data.index(b"</w:tbl>")
                data = data[:i] + body + data[i:]
            zout.writestr(info, data)
    tmp.replace(path)


def big_text(path: Path, mb: int) -> None:
    line = "{}\tMeningkatnya layanan publik\tPersentase layanan tepat waktu {}\t85%\n"
    with path.open("w", encoding="utf-8") as f:
        f.write("INDIKATOR KINERJA UTAMA\n\nNo\tSASARAN\tINDIKATOR\tTARGET\n")
        i = 0
        while f.tell() < mb << 20:
            f.write("".join(line.format(i + k, i + k) for k in range(1000)))
            i += 1000


CASES = {
    "sample_102_pages": lambda d: shutil.copy(ROOT / "samples/pdf/004_22ba43ded69af889.pdf", d / "sample_102_pages.pdf") and None,
    "xobject_bomb": lambda d: xobject_bomb(d / "xobject_bomb.pdf"),
    "pages_3000": lambda d: many_pages(d / "pages_3000.pdf"),
    "ruling_lines_100k": lambda d: ruling_lines(d / "ruling_lines_100k.pdf"),
    "xlsx_corner_XFD1048576": lambda d: corner_xlsx(d / "xlsx_corner_XFD1048576.xlsx", merged=False),
    "xlsx_merged_whole_sheet": lambda d: corner_xlsx(d / "xlsx_merged_whole_sheet.xlsx", merged=True),
    "xlsx_1M_rows": lambda d: big_xlsx(d / "xlsx_1M_rows.xlsx", 1_000_000),
    "xlsx_100k_rows": lambda d: big_xlsx(d / "xlsx_100k_rows.xlsx", 100_000),
    "docx_200k_rows": lambda d: big_docx(d / "docx_200k_rows.docx", 200_000),
    "docx_100k_rows": lambda d: big_docx(d / "docx_100k_rows.docx", 100_000),
    "text_200MB": lambda d: big_text(d / "text_200MB.txt", 200),
    "text_30MB": lambda d: big_text(d / "text_30MB.txt", 30),
    "text_7MB": lambda d: big_text(d / "text_7MB.txt", 7),
    "xlsx_50k_rows": lambda d: big_xlsx(d / "xlsx_50k_rows.xlsx", 50_000),
    "fifo": lambda d: os.mkfifo(d / "fifo.txt"),
    "symlink_dev_zero": lambda d: (d / "symlink_dev_zero.txt").symlink_to("/dev/zero"),
}


def run(name: str, work: Path, timeout: float, memory: int) -> dict:
    case = work / name
    case.mkdir()
    # made in a child process: a scan started from a process that grew would inherit its peak RSS
    subprocess.run([sys.executable, __file__, "--make", name, str(case)], check=True)
    (target,) = list(case.iterdir())
    size = target.lstat().st_size if not target.is_symlink() and not target.is_fifo() else 0
    out = work / f"out_{name}"
    cmd = [sys.executable, "-m", "kinerja", "scan", str(target), "--out", str(out), "-q", "--no-ocr",
           "--timeout", str(timeout), "--memory", str(memory)]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    rows = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()] \
        if (out / "documents.jsonl").exists() else []
    doc = rows[0] if rows else {}
    return {"case": name, "bytes": size, "seconds": round(seconds, 1), "peak_rss_mb": usage.ru_maxrss // 1024,
            "exit": proc.returncode, "status": doc.get("status"), "indicators": doc.get("n_indicators"),
            "says": (doc.get("error") or doc.get("note") or "")[:160] or stderr.strip()[-160:]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--memory", type=int, default=256)
    ap.add_argument("--only", default="")
    ap.add_argument("--make", nargs=2, metavar=("NAME", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.make:
        CASES[args.make[0]](Path(args.make[1]))
        return
    names = [n for n in CASES if not args.only or n in args.only.split(",")]
    with tempfile.TemporaryDirectory(prefix="kinerja-bounds-") as tmp:
        for name in names:
            r = run(name, Path(tmp), args.timeout, args.memory)
            print(f"{r['case']:26} {r['bytes']:>11,} B {r['seconds']:>7.1f} s {r['peak_rss_mb']:>6} MB  exit {r['exit']}  "
                  f"{r['status']}, {r['indicators']} indicators: {r['says']}", flush=True)
            shutil.rmtree(Path(tmp) / name, ignore_errors=True)


if __name__ == "__main__":
    main()
