"""A batch of bad inputs of many kinds mixed with good files: the batch exits 0, every input is
accounted for with a clear reason, and the good files give exactly what they give alone. Then
mutated samples (hypothesis) through `scan_file`: no exception escapes, nothing hangs.

KINERJA_FUZZ_EXAMPLES=2000 runs the fuzzing longer than CI does."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import time
import zipfile
from pathlib import Path

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ingest import readers
from ingest.readers import ooxml_guard
from kinerja.cli import app
from kinerja.pipeline import scan_file
from tests.test_hostile import _rewrite, _with_bomb, _word, _workbook

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GOOD = [SAMPLES / "pdf" / "pdf_lkjip_dinkes.pdf", SAMPLES / "pdf" / "003_55ea08910ece3ae4.pdf",
        SAMPLES / "text" / "pohon_pupr_tahunan.txt", SAMPLES / "text" / "checks_clean_lkjip.txt"]


def _many_pages(path: Path, n: int) -> None:
    """A PDF of n pages sharing one content stream, written by hand (fast for any n)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(n)) + b"] /Count %d >>" % n,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    text = b"BT /F1 12 Tf 72 720 Td (Indikator Kinerja Utama) Tj ET"
    objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text))
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
             b"/Resources << /Font << /F1 3 0 R >> >> >>"] * n
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))


def _slow(path):
    time.sleep(60)


def _crash(path):
    os._exit(7)


def _hog(path):
    hog = []
    while True:
        hog.append(bytearray(64 << 20))


def _corpus(bad: Path, outside: Path) -> dict[str, str]:
    """name -> the kind of trouble; the files are written into `bad`."""
    rng = random.Random(18)
    pdf = (SAMPLES / "pdf" / "000_f36b6918ad0a50f1.pdf").read_bytes()
    kinds: dict[str, str] = {}

    def put(name: str, data: bytes, kind: str) -> None:
        (bad / name).write_bytes(data)
        kinds[name] = kind

    put("empty.pdf", b"", "zero bytes (pdf)")
    put("empty.txt", b"", "zero bytes (text)")
    put("cut.pdf", pdf[: len(pdf) // 2], "truncated pdf")
    i = pdf.rindex(b"startxref")
    put("bad_xref.pdf", pdf[:i] + b"startxref\n1\n%%EOF\n", "broken cross-references")
    put("random.pdf", b"%PDF-1.7\n" + rng.randbytes(4000), "random bytes after a pdf header")
    put("random.bin", rng.randbytes(4000), "random bytes")
    put("random.docx", b"PK\x03\x04" + rng.randbytes(4000), "random bytes in a zip header")
    put("random.xlsx", rng.randbytes(4000), "random bytes named xlsx")
    put("text_named.pdf", b"INDIKATOR\tTARGET\n", "text renamed to .pdf")
    put("jpeg_named.pdf", b"\xff\xd8\xff\xe0" + rng.randbytes(500), "picture renamed to .pdf")
    put("nul.txt", b"IKU\x00\x00\x01\x02" * 500, "binary text")
    put("utf16.txt", (SAMPLES / "text" / "pohon_pupr_tahunan.txt").read_text(encoding="utf-8").encode("utf-16"),
        "UTF-16 text")
    put("cp1252.txt", "Café\tTarget\n".encode("cp1252"), "cp1252 text")
    put("ole.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(1000), "damaged legacy .doc")
    put("ole_unknown.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(100), "legacy file without suffix")
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    put("locked.pdf", doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u"), "password")
    _many_pages(bad / "pages.pdf", 2000)
    kinds["pages.pdf"] = "2,000 pages"
    _workbook(bad / "formula.xlsx")
    kinds["formula.xlsx"] = "formula without a stored value"
    _workbook(bad / "_ok.xlsx", target=3)
    _rewrite(bad / "_ok.xlsx", bad / "bomb.xlsx", "xl/worksheets/sheet1.xml",
             lambda d: _with_bomb(d, b"<t>Persentase layanan tepat waktu</t>", b"<t>&h;&x;</t>"))
    kinds["bomb.xlsx"] = "entity bomb + XXE (xlsx)"
    _rewrite(bad / "_ok.xlsx", bad / "corner.xlsx", "xl/worksheets/sheet1.xml",
             lambda d: d.replace(b'<dimension ref="A1:D4"/>', b'<dimension ref="A1:XFD1048576"/>').replace(
                 b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row></sheetData>'))
    kinds["corner.xlsx"] = "cell at XFD1048576"
    (bad / "_ok.xlsx").unlink()
    _word(bad / "_ok.docx")
    _rewrite(bad / "_ok.docx", bad / "bomb.docx", "word/document.xml",
             lambda d: _with_bomb(d, b"Angka Kematian Bayi", b"Angka &h;&x; Bayi"))
    kinds["bomb.docx"] = "entity bomb + XXE (docx)"
    _rewrite(bad / "_ok.docx", bad / "deep.docx", "word/document.xml",
             lambda d: d.replace(b"<w:body>", b"<w:body>" + b"<w:p>" * 5000 + b"</w:p>" * 5000))
    kinds["deep.docx"] = "XML nested 5,000 deep"
    _rewrite(bad / "_ok.docx", bad / "zipbomb.docx", "word/document.xml", lambda d: d + b" " * (3 << 20))
    kinds["zipbomb.docx"] = "part unpacking past the limit"
    _rewrite(bad / "_ok.docx", bad / "link [markup].docx", "word/_rels/document.xml.rels",
             lambda d: d.replace(b"</Relationships>", b'<Relationship Id="rX" Type="http://schemas.openxmlformats.org/'
                                 b'officeDocument/2006/relationships/hyperlink" Target="http://x/[/x]" '
                                 b'TargetMode="External"/></Relationships>'))
    kinds["link [markup].docx"] = "markup in an external link"
    (bad / "_ok.docx").unlink()
    with zipfile.ZipFile(bad / "plain.zip", "w") as z:
        z.writestr("a.txt", "hello")
    kinds["plain.zip"] = "a zip that is no document"
    name = os.fsdecode(b"nama_\xff\xfe.txt")
    (bad / name).write_text("IKU\tTARGET\n", encoding="utf-8")
    kinds[name] = "file name not valid UTF-8"
    os.mkfifo(bad / "pipe.txt")
    kinds["pipe.txt"] = "named pipe"
    (bad / "zero.txt").symlink_to("/dev/zero")
    kinds["zero.txt"] = "link to /dev/zero"
    (bad / "loop").symlink_to(bad)
    kinds["loop"] = "symlink loop"
    (outside / "secret.txt").write_text("IKU\tTARGET\n", encoding="utf-8")
    (bad / "outside.txt").symlink_to(outside / "secret.txt")
    kinds["outside.txt"] = "link out of the input folder"
    for name, data, kind in (("hang.slow", b"x", "a reader that hangs"), ("boom.crash", b"x", "a reader that crashes"),
                             ("hog.hog", b"x", "a reader that eats memory")):
        put(name, data, kind)
    return kinds


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _clean(rows: list[dict]) -> list[dict]:
    """Rows comparable across the store (money as whole rupiah, integers) and the models (floats)."""
    def num(v):
        return int(v) if isinstance(v, float) and v.is_integer() else v

    return sorted((json.dumps({k: num(v) for k, v in r.items() if k != "seconds"}, sort_keys=True) for r in rows))


def test_a_batch_of_bad_inputs_mixed_with_good_files(tmp_path, monkeypatch):
    for key, fn in ((".slow", _slow), (".crash", _crash), (".hog", _hog)):
        monkeypatch.setitem(readers.READERS, key, fn)
    monkeypatch.setattr(ooxml_guard, "MAX_PART_MB", 2)
    src, outside = tmp_path / "in", tmp_path / "outside"
    src.mkdir()
    outside.mkdir()
    kinds = _corpus(src, outside)
    assert len(set(kinds.values())) >= 25
    good = {}
    for f in GOOD:
        shutil.copy(f, src / f.name)
        good[f.name] = scan_file(src / f.name)

    out = tmp_path / "out"
    start = time.monotonic()
    res = CliRunner().invoke(app, ["scan", str(src), "--out", str(out), "--jobs", "2", "--timeout", "4",
                                   "--memory", "300", "--no-ocr", "-q", "--format", "csv,xlsx"])
    seconds = time.monotonic() - start
    assert res.exit_code == 3, res.output  # some documents failed
    assert seconds < 60
    docs = {Path(r["source_path"]).name: r for r in _jsonl(out / "documents.jsonl")}
    names = {os.fsencode(n).decode("utf-8", "backslashreplace") for n in [*kinds, *good]}
    assert set(docs) == names  # every input, and nothing else
    for name, row in docs.items():
        if row["status"] != "ok":
            assert row["error"] and len(row["error"]) > 10, (name, row)
    why = {n: (r["status"], r["error"] or r["note"] or "") for n, r in docs.items()}
    assert why["hang.slow"][0] == "failed" and "timed out" in why["hang.slow"][1]
    assert why["boom.crash"][0] == "failed" and "worker process died" in why["boom.crash"][1]
    assert why["hog.hog"][0] == "failed" and "memory" in why["hog.hog"][1]
    assert why["pipe.txt"] == ("skipped", "not a regular file (a named pipe): not read")
    assert why["locked.pdf"][0] == "skipped" and "password" in why["locked.pdf"][1]
    assert "entities are never expanded" in why["bomb.xlsx"][1]
    assert "too large to read safely" in why["zipbomb.docx"][1]
    assert why["bad_xref.pdf"][0] == "ok" and "damaged PDF repaired" in why["bad_xref.pdf"][1]
    assert why["formula.xlsx"][0] == "ok" and "formula" in why["formula.xlsx"][1]
    assert why["corner.xlsx"][0] == "ok" and "XFD1048576" in why["corner.xlsx"][1]
    assert docs["utf16.txt"]["encoding"] == "utf-16" and docs["utf16.txt"]["n_indicators"] > 20
    assert docs["pages.pdf"]["status"] == "ok" and docs["pages.pdf"]["pages"] == 2000
    assert why["jpeg_named.pdf"] == ("skipped", "named .pdf but has no PDF header: it is a JPEG picture")
    assert why["empty.txt"] == ("skipped", "empty file (0 bytes)")
    for name, row in docs.items():  # ok with nothing in it says so
        if row["status"] == "ok" and not row["n_indicators"] and not row["n_budget"]:
            assert row["note"] and "nothing extracted" in row["note"], name

    indicators = _jsonl(out / "indicators.jsonl")
    for name, alone in good.items():
        assert docs[name]["status"] == "ok" and alone.indicators
        batch = [r for r in indicators if r["source_path"] == str(src / name)]
        assert _clean(batch) == _clean([r.model_dump(mode="json", by_alias=True) for r in alone.indicators])


# --- fuzzing -----------------------------------------------------------------------------------

_FUZZ_EXAMPLES = int(os.environ.get("KINERJA_FUZZ_EXAMPLES", "60"))


def _seeds(tmp: Path) -> dict[str, bytes]:
    _workbook(tmp / "s.xlsx", target=5)
    _word(tmp / "s.docx")
    return {
        ".pdf": (SAMPLES / "pdf" / "pdf_lkjip_dinkes.pdf").read_bytes(),
        ".txt": (SAMPLES / "text" / "pohon_pupr_tahunan.txt").read_bytes()[:3000],
        ".xlsx": (tmp / "s.xlsx").read_bytes(),
        ".docx": (tmp / "s.docx").read_bytes(),
    }


_mutation = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.integers(1, 400)),
    st.tuples(st.just("repeat"), st.floats(0, 1), st.integers(1, 2000)),
)


def _mutate(data: bytes, ops, rng: random.Random) -> bytes:
    b = bytearray(data)
    for op, where, n in ops:
        i = int(where * max(len(b) - 1, 0))
        if op == "flip" and b:
            b[i] ^= n
        elif op == "cut":
            del b[i:]
        elif op == "insert":
            b[i:i] = rng.randbytes(n)
        elif op == "repeat":
            b[i:i] = b[i:i + n] * 3
    return bytes(b)


class _Hung(BaseException):  # not caught by scan_file's guard
    pass


def _alarm(signum, frame):
    raise _Hung()


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return _seeds(tmp_path_factory.mktemp("seeds"))


@settings(max_examples=_FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from([".pdf", ".txt", ".xlsx", ".docx"]), ops=st.lists(_mutation, min_size=1, max_size=6),
       seed=st.integers(0, 2**32 - 1))
def test_mutated_samples_never_raise_or_hang(tmp_path, seeds, kind, ops, seed):
    f = tmp_path / f"fuzz{kind}"
    f.write_bytes(_mutate(seeds[kind], ops, random.Random(seed)))
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(30)
    try:
        result = scan_file(f, ocr=False)
    except _Hung:
        pytest.fail(f"scan_file hung on a mutated {kind} ({ops})")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    doc = result.document
    assert doc.status in {"ok", "failed", "skipped"}
    assert doc.status == "ok" or doc.error
