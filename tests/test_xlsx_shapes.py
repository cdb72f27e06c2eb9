"""A pohon kinerja drawn with Excel shapes (text boxes and elbow connectors over an empty sheet,
one pair of boxes in a group with its own coordinate space): the drawing is read into boxes,
tiers and parents as a PDF's drawings are. Records and parents checked by hand against the
shapes' text and connectors."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from kinerja.pipeline import scan_file

E = 12700  # EMU per point
COL, ROW = 8.43 * 5.25, 15.0  # the default column width and row height in points


def _box(i, x, y, w, h, lines, fill="E2EFDA", outline=True):
    paras = "".join(f'<a:p><a:r><a:rPr lang="id-ID" sz="{sz}"/><a:t>{t}</a:t></a:r></a:p>' for t, sz in lines)
    line = '<a:solidFill><a:srgbClr val="375623"/></a:solidFill>' if outline else "<a:noFill/>"
    return (f'<xdr:sp><xdr:nvSpPr><xdr:cNvPr id="{i}" name="TextBox {i}"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>'
            f'<xdr:spPr><a:xfrm><a:off x="{x * E}" y="{y * E}"/><a:ext cx="{w * E}" cy="{h * E}"/></a:xfrm>'
            f'<a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>'
            f'<a:ln w="19050">{line}</a:ln></xdr:spPr><xdr:txBody><a:bodyPr/><a:lstStyle/>{paras}</xdr:txBody></xdr:sp>')


def _elbow(i, x, y, w, h, flip=""):
    return (f'<xdr:cxnSp macro=""><xdr:nvCxnSpPr><xdr:cNvPr id="{i}" name="Elbow {i}"/><xdr:cNvCxnSpPr/>'
            f'</xdr:nvCxnSpPr><xdr:spPr><a:xfrm{flip}><a:off x="{x * E}" y="{y * E}"/><a:ext cx="{w * E}" cy="{h * E}"/>'
            f'</a:xfrm><a:prstGeom prst="bentConnector3"><a:avLst/></a:prstGeom>'
            f'<a:ln w="12700"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></xdr:spPr></xdr:cxnSp>')


def _absolute(inner, x, y, w, h):
    return f'<xdr:absoluteAnchor><xdr:pos x="{x * E}" y="{y * E}"/><xdr:ext cx="{w * E}" cy="{h * E}"/>{inner}<xdr:clientData/></xdr:absoluteAnchor>'


def _cell(tag, x, y):
    c, r = int(x // COL), int(y // ROW)
    return (f"<xdr:{tag}><xdr:col>{c}</xdr:col><xdr:colOff>{round((x - c * COL) * E)}</xdr:colOff>"
            f"<xdr:row>{r}</xdr:row><xdr:rowOff>{round((y - r * ROW) * E)}</xdr:rowOff></xdr:{tag}>")


def _two_cell(inner, x, y, w, h):
    return f'<xdr:twoCellAnchor>{_cell("from", x, y)}{_cell("to", x + w, y + h)}{inner}<xdr:clientData/></xdr:twoCellAnchor>'


def _one_cell(inner, x, y, w, h):
    return f'<xdr:oneCellAnchor>{_cell("from", x, y)}<xdr:ext cx="{w * E}" cy="{h * E}"/>{inner}<xdr:clientData/></xdr:oneCellAnchor>'


def _group(children, x, y, w, h, scale=2.0):
    """Children placed in a child space `scale` times the drawn size, from (1000, 1000)."""
    return (f'<xdr:grpSp><xdr:nvGrpSpPr><xdr:cNvPr id="90" name="Group 90"/><xdr:cNvGrpSpPr/></xdr:nvGrpSpPr>'
            f'<xdr:grpSpPr><a:xfrm><a:off x="{x * E}" y="{y * E}"/><a:ext cx="{w * E}" cy="{h * E}"/>'
            f'<a:chOff x="{1000 * E}" y="{1000 * E}"/><a:chExt cx="{round(w * scale) * E}" cy="{round(h * scale) * E}"/>'
            f'</a:xfrm></xdr:grpSpPr>{"".join(children)}</xdr:grpSp>')


def _workbook(path, drawing: str) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Pohon"
    ws["A1"] = "POHON KINERJA DINAS KOPERASI DAN UKM"
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(buf)
    ns = ('xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/drawings/drawing1.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>')
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", b'<drawing xmlns:r="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships" r:id="rId1"/></worksheet>')
            z.writestr(info, data)
        z.writestr("xl/worksheets/_rels/sheet1.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/></Relationships>')
        z.writestr("xl/drawings/drawing1.xml", f'<?xml version="1.0" encoding="UTF-8"?><xdr:wsDr {ns}>{drawing}</xdr:wsDr>')


ROOT = "Meningkatnya daya saing koperasi dan usaha mikro"
LEFT = "Meningkatnya kualitas kelembagaan koperasi"
RIGHT = "Meningkatnya produktivitas usaha mikro"


def test_text_boxes_and_connectors_drawn_over_a_sheet_are_read_as_a_tree(tmp_path):
    root = [("SASARAN STRATEGIS", 1400), (ROOT, 1100), ("Indikator Kinerja", 1100),
            ("Persentase koperasi aktif (Target 75%)", 1100)]
    left = [("SASARAN PROGRAM", 1200), (LEFT, 1000), ("Indikator Kinerja", 1000),
            ("Jumlah koperasi sehat (Target 831 Koperasi)", 1000)]
    right = [("SASARAN PROGRAM", 1200), (RIGHT, 1000), ("Indikator Kinerja", 1000),
             ("Jumlah UMKM naik kelas (target 100 UMKM)", 1000)]
    note = [("Catatan: disusun oleh Sub Bagian Perencanaan", 900)]
    drawing = (_two_cell(_box(2, 250, 60, 300, 110, root), 250, 60, 300, 110)
               # the two program boxes as one group, drawn at half the size of its child space
               + _absolute(_group([_box(3, 1000, 1000, 560, 220, left, "FCE4D6"),
                                   _box(4, 1800, 1000, 560, 220, right, "FCE4D6")], 60, 260, 680, 110), 60, 260, 680, 110)
               + _one_cell(_elbow(5, 200, 170, 200, 90, ' flipH="1"'), 200, 170, 200, 90)  # root -> left
               + _absolute(_elbow(6, 400, 170, 200, 90), 400, 170, 200, 90)  # root -> right
               + _absolute(_box(7, 60, 420, 300, 30, note, "FFFFFF", outline=False), 60, 420, 300, 30))
    path = tmp_path / "pohon_shapes.xlsx"
    _workbook(path, drawing)
    result = scan_file(path)
    assert result.document.status == "ok" and result.document.reader == "xlsx"
    by_id = {r.record_id: r for r in result.indicators}
    rows = sorted((r.sasaran, r.indikator, r.target_text, r.satuan, r.level,
                   by_id[r.parent_record_id].sasaran if r.parent_record_id else None, r.parent_link)
                  for r in result.indicators)
    assert rows == sorted([
        (ROOT, "Persentase koperasi aktif", "75%", "persen", "sasaran_strategis", None, None),
        (LEFT, "Jumlah koperasi sehat", "831 Koperasi", "koperasi", "program", ROOT, "connector"),
        (RIGHT, "Jumlah UMKM naik kelas", "100 UMKM", "umkm", "program", ROOT, "connector"),
    ])
