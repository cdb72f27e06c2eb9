"""Diagram reading on the sample diagrams (samples/diagrams, made by samples/render_diagrams.py):
every record and every parent link as checked by hand, tiers, connectors over geometry, the
cascade gaps, `kinerja tree`, and pages that are not diagrams."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from ingest import load
from ingest.readers.diagram import read_diagram_page
from ingest.readers.diagram_tree import parent_by_geometry, tier_of
from kinerja.cli import app
from kinerja.pipeline import scan_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "diagrams"
NAMES = ["diagram_box_tree", "diagram_unit_grid", "diagram_rotated"]


def _actual(path: Path) -> list[dict]:
    result = scan_file(path)
    assert result.document.status == "ok", result.document.error
    by_id = {r.record_id: r for r in result.indicators}
    out = []
    for r in result.indicators:
        assert r.page == 1 and r.bbox is not None and r.table_role == "diagram"
        parent = by_id[r.parent_record_id].sasaran if r.parent_record_id else None
        assert r.parent_sasaran == parent
        out.append({"level": r.level, "org_unit": r.org_unit, "sasaran": r.sasaran, "indikator": r.indikator,
                    "year": r.year, "target_text": r.target_text, "parent": parent})
    return out


def _key(d: dict) -> tuple:
    return tuple(str(d[k]) for k in ("level", "org_unit", "sasaran", "indikator", "year", "target_text", "parent"))


@pytest.mark.parametrize("name", NAMES)
def test_every_record_and_parent_link_of_the_sample_diagrams(name):
    expected = json.loads((SAMPLES / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    actual = _actual(SAMPLES / f"{name}.pdf")
    assert sorted(map(_key, actual)) == sorted(map(_key, expected))


def test_a_connector_decides_the_parent_where_geometry_would_guess_another():
    layout = load(SAMPLES / "diagram_box_tree.pdf")
    by_text = {b.text.split("\n")[1]: b for b in layout.boxes}
    meter = by_text["Terpasangnya meter induk zona"]
    drawn = layout.boxes[meter.parent]
    assert drawn.text.split("\n")[1] == "Meningkatnya cakupan jaringan perpipaan"
    guessed = parent_by_geometry(meter, layout.boxes)
    assert guessed is not None and guessed.index != drawn.index  # the geometry alone would be wrong
    assert any(c.target == meter.index and c.source == drawn.index for c in layout.connectors)


def test_the_rotated_page_reads_upright_and_takes_tiers_from_the_margin_bands():
    doc = pymupdf.open(SAMPLES / "diagram_rotated.pdf")
    page = doc[0]
    assert page.rotation == 90
    dp = read_diagram_page(page, 1)
    assert [b.tier for b in dp.boxes] == ["eselon_ii", "eselon_iii", "eselon_iii", "eselon_iv", "eselon_iv"]
    top = dp.boxes[0]
    assert top.bbox[1] < dp.boxes[1].bbox[1]  # the top box is above on the printed sheet
    assert all(p.text.startswith(("ESELON", "POHON")) for p in dp.paragraphs)


def test_cascade_gaps_are_info_findings_with_the_page():
    result = scan_file(SAMPLES / "diagram_unit_grid.pdf")
    gaps = [f for f in result.findings if f.rule == "cascade"]
    assert gaps and all(f.severity == "info" and f.page == 1 for f in gaps)
    messages = " ".join(f.message for f in gaps)
    assert "2026" in messages  # the Kepala Dinas sets 2026 targets, no bidang carries one
    assert "Tersusunnya kajian manajemen lalu lintas" in messages  # a sasaran without indicator
    year_gap = next(f for f in gaps if "2026" in f.message)
    assert year_gap.stated == "2024, 2025, 2026" and year_gap.expected == "2024, 2025"


def test_no_cascade_gap_on_a_complete_tree():
    result = scan_file(SAMPLES / "diagram_rotated.pdf")
    assert [f for f in result.findings if f.rule == "cascade"] == []


def test_kinerja_tree_prints_and_writes_json(tmp_path):
    out = tmp_path / "tree.json"
    res = CliRunner().invoke(app, ["tree", str(SAMPLES / "diagram_box_tree.pdf"), "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "Meningkatnya cakupan jaringan perpipaan" in res.output
    tree = json.loads(out.read_text(encoding="utf-8"))
    (root,) = tree["roots"]
    assert root["level"] == "sasaran_strategis" and len(root["indicators"]) == 2
    kids = {c["sasaran"][0]: c for c in root["children"]}
    assert set(kids) == {"Meningkatnya cakupan jaringan perpipaan", "Meningkatnya mutu air baku"}
    assert len(kids["Meningkatnya cakupan jaringan perpipaan"]["children"]) == 3
    assert kids["Meningkatnya mutu air baku"]["indicators"] == []


@pytest.mark.parametrize("label,tier", [
    ("ESELON III", "eselon_iii"), ("ESSELON II", "eselon_ii"), ("Eselon IV", "eselon_iv"),
    ("KEPALA DINAS KESEHATAN", "eselon_ii"), ("Sekretaris", "eselon_iii"), ("Kasubbag Umum", "eselon_iv"),
    ("Kepala Seksi Angkutan", "eselon_iv"), ("Sasaran Strategis", "sasaran_strategis"),
    ("SASARAN PROGRAM", "program"), ("Sasaran Kegiatan", "kegiatan"), ("SUBKEGIATAN", "sub_kegiatan"),
    ("Sub Kegiatan", "sub_kegiatan"), ("KEGIATAN", "kegiatan"), ("PROGRAM", "program"), ("TUJUAN", "tujuan"),
    ("Kinerja Utama", None), ("Meningkatnya kinerja program prioritas", None),
])
def test_tier_of_band_and_header_labels(label, tier):
    assert tier_of(label) == tier


def _page_with(draw) -> pymupdf.Page:
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    draw(page)
    return page


def test_hatching_and_shadows_do_not_make_boxes():
    def draw(page):
        for k in range(0, 1600, 4):  # diagonal hatching over the whole sheet
            page.draw_line((k - 600, 0), (k, 595), color=(0.8, 0.8, 0.8), width=0.3)
        for x in (100, 500):
            page.draw_rect((x + 4, 104, x + 204, 204), color=None, fill=(0.6, 0.6, 0.6))  # shadow
            page.draw_rect((x, 100, x + 200, 200), color=(0, 0, 0), fill=(1, 1, 1))
            page.insert_textbox((x + 5, 105, x + 195, 195), "SASARAN PROGRAM\nMeningkatnya mutu layanan\n\n"
                                "Indikator: Persentase layanan tepat waktu (90 %)", fontsize=8)

    dp = read_diagram_page(_page_with(draw), 1)
    assert len(dp.boxes) == 2
    assert all(b.tier == "program" for b in dp.boxes)


def test_a_ruled_table_page_is_not_a_diagram(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    rows = [["No", "Sasaran", "Indikator", "Target"], ["1", "Meningkatnya mutu", "Persentase mutu", "80%"],
            ["2", "Meningkatnya akses", "Persentase akses", "75%"]]
    xs = [50, 80, 250, 450, 545]
    for k, row in enumerate(rows):
        y = 100 + 30 * k
        for i, t in enumerate(row):
            page.draw_rect((xs[i], y, xs[i + 1], y + 30), color=(0, 0, 0), width=0.5)
            page.insert_textbox((xs[i] + 2, y + 4, xs[i + 1] - 2, y + 28), t, fontsize=8)
    path = tmp_path / "table.pdf"
    doc.save(path)
    assert load(path).boxes == []


def test_separately_drawn_header_cells_of_a_table_are_no_diagram(tmp_path):
    """A Renstra-style table whose cells are drawn one rectangle each, with gaps: header cells
    ("Tujuan", "Sasaran", "Indikator Tujuan, Sasaran, Program") side by side are not boxes of a tree."""
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    heads = ["Tujuan", "Sasaran", "Indikator Tujuan, Sasaran, Program", "Satuan", "Target 2025"]
    body = ["Meningkatnya tata kelola", "Meningkatnya akuntabilitas", "Nilai SAKIP", "nilai", "70"]
    xs = [40, 180, 320, 560, 640, 760]
    for k, row in enumerate([heads, body]):
        y = 80 + 40 * k
        for i, t in enumerate(row):
            page.draw_rect((xs[i] + 1, y + 1, xs[i + 1] - 1, y + 39), color=(0, 0, 0), width=0.5)
            page.insert_textbox((xs[i] + 4, y + 4, xs[i + 1] - 4, y + 38), t, fontsize=8)
    path = tmp_path / "renstra.pdf"
    doc.save(path)
    assert load(path).boxes == []


def _cell(page, rect, text, fill=None, size=7):
    page.draw_rect(rect, color=(0, 0, 0), fill=fill, width=0.5)
    page.insert_textbox((rect[0] + 2, rect[1] + 2, rect[2] - 2, rect[3] - 1), text, fontsize=size)


def test_unit_blocks_drawn_touching_side_by_side_split_and_output_bands_head_indicators():
    """A grid of sections: each unit's header band over its 'Output' band and rows of
    indicator | target, the units' blocks sharing their walls. Each unit is its own box; the
    band word is no sasaran; a value cell is the target of the indicator left of it."""
    from ingest.extract.diagram import box_records

    def draw(page):
        for x0, unit, rows in [
            (40, "KEPALA SEKSI PROMOSI KESEHATAN DAN PEMBERDAYAAN", [("Persentase desa siaga aktif", "40%"),
                                                                   ("a Jumlah media promosi", "6 Jenis")]),
            (240, "KEPALA SEKSI FARMASI,\nALAT KESEHATAN", [("Persentase ketersediaan obat", "(89/100.000 KH)"),
                                                            ("b Dokumen rencana kebutuhan obat", "1 Dokumen")]),
        ]:
            _cell(page, (x0, 100, x0 + 200, 130), unit, fill=(1, 1, 0))
            _cell(page, (x0, 130, x0 + 200, 146), "Output", fill=(0.8, 0.8, 0.8))
            for k, (ind, target) in enumerate(rows):
                y = 146 + 30 * k
                _cell(page, (x0, y, x0 + 150, y + 30), ind)
                _cell(page, (x0 + 150, y, x0 + 200, y + 30), target)

    dp = read_diagram_page(_page_with(draw), 1)
    assert len(dp.boxes) == 2
    rows = [(r.org_unit, r.level, r.fields.get("sasaran"), r.fields["indikator"], r.fields.get("target"))
            for b in dp.boxes for r in box_records(b)]
    assert rows == [
        ("KEPALA SEKSI PROMOSI KESEHATAN DAN PEMBERDAYAAN", "eselon_iv", None, "Persentase desa siaga aktif", "40%"),
        ("KEPALA SEKSI PROMOSI KESEHATAN DAN PEMBERDAYAAN", "eselon_iv", None, "Jumlah media promosi", "6 Jenis"),
        ("KEPALA SEKSI FARMASI, ALAT KESEHATAN", "eselon_iv", None, "Persentase ketersediaan obat", "(89/100.000 KH)"),
        ("KEPALA SEKSI FARMASI, ALAT KESEHATAN", "eselon_iv", None, "Dokumen rencana kebutuhan obat", "1 Dokumen"),
    ]


def test_indicator_named_in_a_header_row_takes_the_value_under_target_and_a_bulleted_value_is_a_kegiatan_target():
    """'Indikator 1.1 - <name> | TARGET' over '| 50 Org' is one indicator with its target, not a
    table with an empty row; '· 6 Keg' beside a kegiatan with no indicator is the kegiatan's target;
    a unit's name heading its kegiatan is their org_unit and a node of its own, not a sasaran."""
    from ingest.extract.diagram import extract_diagram
    from ingest.layout import Layout

    def draw(page):
        _cell(page, (40, 100, 240, 130), "Indikator 1.1 - Jumlah SDM bersertifikat di bidang TIK")
        _cell(page, (240, 100, 300, 130), "TARGET")
        _cell(page, (40, 130, 240, 150), "")
        _cell(page, (240, 130, 300, 150), "50 Org")
        _cell(page, (400, 100, 600, 120), "SEKSI POS DAN TELEKOMUNIKASI")
        _cell(page, (400, 120, 440, 160), "53.01")
        _cell(page, (440, 120, 540, 160), "Kegiatan Layanan Pos Komersial")
        _cell(page, (540, 120, 600, 160), "· 6 Keg")

    dp = read_diagram_page(_page_with(draw), 1)
    assert len(dp.boxes) == 3
    layout = Layout("x.pdf", "pdf", boxes=dp.boxes)
    out = extract_diagram(layout)
    rows = [(r.org_unit, r.fields.get("sasaran"), r.fields.get("indikator"), r.fields.get("target"),
             r.parent_index) for r in out.indicators]
    assert rows == [
        (None, None, "Jumlah SDM bersertifikat di bidang TIK", "50 Org", None),
        ("SEKSI POS DAN TELEKOMUNIKASI", "SEKSI POS DAN TELEKOMUNIKASI", None, None, None),
        ("SEKSI POS DAN TELEKOMUNIKASI", "Kegiatan Layanan Pos Komersial", None, "6 Keg", 1),
    ]
    assert out.budget == []  # no Anggaran printed: no budget line


def test_a_word_cut_at_a_line_end_is_rejoined_but_a_lettered_item_is_not():
    def draw(page):
        _cell(page, (40, 100, 240, 180), "SASARAN\nMeningkatny\na kualitas penyelenggar\naan jalan dan\npemerintaha\nn desa")
        _cell(page, (260, 100, 460, 160), "Indikator\nJumlah dokumen\na Jumlah desa yang dibina")

    dp = read_diagram_page(_page_with(draw), 1)
    texts = sorted(b.text for b in dp.boxes)
    assert texts == ["Indikator Jumlah dokumen a Jumlah desa yang dibina",
                     "SASARAN Meningkatnya kualitas penyelenggaraan jalan dan pemerintahan desa"]


def test_a_layout_whose_text_sits_in_boxes_of_two_tiers_is_a_pohon_kinerja_whatever_its_words():
    """An Excel cascade prints no 'pohon kinerja' or 'cascading' and its cells say 'realisasi
    anggaran'; a report with one tree figure among its pages stays a report."""
    from ingest.classify import classify_document
    from ingest.layout import Box, Layout, Paragraph

    boxes = [Box("KEPALA BIRO\nSasaran 1\nMeningkatnya kapasitas organisasi\nIndikator : Jumlah rekomendasi (1 dokumen)",
                 1, (0, 0, 100, 40), tier="eselon_ii", index=0),
             Box("KEPALA BAGIAN\nRealisasi anggaran dan capaian kinerja\nIndikator : Persentase OPD sesuai SOTK (100%)",
                 1, (0, 60, 100, 100), tier="eselon_iii", index=1, parent=0)]
    cascade = Layout(source_path="x.xlsx", reader="xlsx", boxes=boxes)
    assert classify_document(cascade) == "pohon_kinerja"
    body = [Paragraph("Laporan Kinerja Instansi Pemerintah. Capaian kinerja dan realisasi anggaran tahun ini "
                      "dibandingkan dengan target pada perjanjian kinerja. " * 3, page=k) for k in range(1, 6)]
    report = Layout(source_path="x.pdf", reader="pdf", blocks=body, boxes=boxes)
    assert classify_document(report) == "lkjip"


def test_lines_read_straight_across_boxes_side_by_side_are_dropped_with_the_boxes_text(tmp_path):
    """On a sheet of tiny boxes drawn in a row, the page reader's lines run through several boxes
    at once; they are the boxes' text read badly and must not become rows of their own."""
    from ingest.readers.diagram_verdict import covered as _covered
    from ingest.layout import Box

    row = [Box("", 1, (x, 100, x + 40, 140), index=k) for k, x in enumerate((50, 100, 150))]
    assert _covered((55, 120, 180, 122), row)  # one printed line crossing all three boxes
    assert not _covered((55, 160, 180, 170), row)  # a caption under them
    assert not _covered((10, 100, 48, 140), row)  # a band label at the margin


def test_sasaran_and_indicators_printed_as_two_lists_pair_in_order_by_shared_words():
    """A 'Kinerja Utama' box listing three sasaran, then an 'Indikator Kinerja Utama' list of five:
    each indicator goes to the sasaran whose words it shares, the order of both lists kept."""
    from ingest.extract.diagram import box_records

    def draw(page):
        _cell(page, (300, 40, 560, 60), "KINERJA UTAMA ESELON II")
        goals = ["Meningkatnya kualitas prasarana aparatur", "Meningkatnya pengelolaan sistem irigasi",
                 "Berkurangnya banjir dan genangan di permukiman"]
        inds = ["Persentase prasarana aparatur dalam kondisi baik", "Luas irigasi dalam kondisi baik",
                "Persentase saluran irigasi yang berfungsi", "Luas genangan di permukiman",
                "Persentase kawasan bebas banjir"]
        y = 60
        for text in goals:
            _cell(page, (300, y, 560, y + 16), text)
            y += 16
        _cell(page, (300, y, 560, y + 16), "INDIKATOR KINERJA UTAMA")
        y += 16
        for text in inds:
            _cell(page, (300, y, 560, y + 16), text)
            y += 16

    (box,) = read_diagram_page(_page_with(draw), 1).boxes
    pairs = [(r.fields["sasaran"].split()[-1], r.fields["indikator"]) for r in box_records(box)]
    assert pairs == [("aparatur", "Persentase prasarana aparatur dalam kondisi baik"),
                     ("irigasi", "Luas irigasi dalam kondisi baik"),
                     ("irigasi", "Persentase saluran irigasi yang berfungsi"),
                     ("permukiman", "Luas genangan di permukiman"),
                     ("permukiman", "Persentase kawasan bebas banjir")]


def test_a_cascade_drawn_as_stacked_bands_pairs_each_indicator_with_the_sasaran_spanning_it():
    """'Sasaran 1 | Sasaran 2' over their texts, 'Indikator 1 | 2 | 3' over theirs with the target
    printed under each name: an indicator belongs to the sasaran whose span covers it."""
    from ingest.extract.diagram import box_records

    def draw(page):
        _cell(page, (40, 60, 640, 80), "KEPALA DINAS KESEHATAN")
        _cell(page, (40, 80, 440, 95), "Sasaran 1")
        _cell(page, (440, 80, 640, 95), "Sasaran 2")
        _cell(page, (40, 95, 440, 115), "Meningkatnya kemandirian masyarakat")
        _cell(page, (440, 95, 640, 115), "Menurunnya kematian ibu")
        for k, (x0, x1, text) in enumerate([(40, 240, "Persentase desa siaga aktif\n(66,7%)"),
                                            (240, 440, "Persentase rumah tangga sehat\n(55%)"),
                                            (440, 640, "Ratio kematian ibu\n(89/100.000 KH)")]):
            _cell(page, (x0, 115, x1, 130), f"Indikator {k + 1}")
            _cell(page, (x0, 130, x1, 160), text)

    (box,) = read_diagram_page(_page_with(draw), 1).boxes
    rows = [(r.fields["sasaran"], r.fields["indikator"], r.fields["target"]) for r in box_records(box)]
    assert rows == [("Meningkatnya kemandirian masyarakat", "Persentase desa siaga aktif", "66,7%"),
                    ("Meningkatnya kemandirian masyarakat", "Persentase rumah tangga sehat", "55%"),
                    ("Menurunnya kematian ibu", "Ratio kematian ibu", "89/100.000 KH")]


def test_a_piece_split_off_by_tight_font_spacing_rejoins_its_word():
    from ingest.readers.diagram_text import Word, _join_words

    h = (0, 10)
    words = [Word(0, *h[:1], 28, h[1], "Persentase"), Word(31, 0, 36, 10, "y"), Word(37, 0, 50, 10, "ang"),
             Word(53, 0, 80, 10, "sehat"), Word(83, 0, 86, 10, "a"), Word(89, 0, 120, 10, "Jumlah")]
    assert _join_words(words) == "Persentase yang sehat a Jumlah"


def test_every_record_parent_and_budget_line_of_the_unit_list_sample():
    """diagram_unit_lists: legend band boxes at the left edge, sasaran over IKU boxes with a TARGET
    column (one drawn as its own frame), unit headers listing numbered indicators (one code frame
    beside two indicators), kegiatan rows with output and an Anggaran frame apart, one output
    shared by two kegiatan, a summary table under a kegiatan. Checked by hand against the page."""
    path = SAMPLES / "diagram_unit_lists.pdf"
    expected = json.loads((SAMPLES / "expected" / "diagram_unit_lists.json").read_text(encoding="utf-8"))
    result = scan_file(path)
    assert result.document.status == "ok" and result.document.doc_type == "pohon_kinerja"
    by_id = {r.record_id: r for r in result.indicators}
    records = []
    for r in result.indicators:
        assert r.page == 1 and r.bbox is not None and r.source_text
        parent = by_id[r.parent_record_id] if r.parent_record_id else None
        records.append({"level": r.level, "org_unit": r.org_unit, "sasaran": r.sasaran, "indikator": r.indikator,
                        "target_text": r.target_text, "satuan": r.satuan, "realisasi": r.realisasi,
                        "capaian": r.capaian, "anggaran": r.anggaran,
                        "parent": parent and (parent.sasaran or parent.indikator)})
    assert sorted(map(json.dumps, records)) == sorted(map(json.dumps, expected["records"]))
    budget = [{"level": b.level, "code": b.code, "name": b.name, "anggaran": b.anggaran, "section": b.section,
               "page": b.page, "bbox": list(b.bbox)} for b in result.budget]
    assert sorted(budget, key=lambda b: b["code"]) == sorted(expected["budget"], key=lambda b: b["code"])
    assert all(b.source_text.startswith(b.code) and "Anggaran" in b.source_text for b in result.budget)


def test_a_legend_column_of_band_boxes_names_the_tiers_and_gives_no_record():
    layout = load(SAMPLES / "diagram_unit_lists.pdf")
    texts = {b.text.strip() for b in layout.boxes}
    assert not texts & {"RENSTRA", "IKU", "PROGRAM", "KEGIATAN"}
    tier = {b.text.split("\n")[0]: b.tier for b in layout.boxes}
    assert tier["Sasaran 1 - Meningkatnya ketersediaan pangan daerah"] == "renstra"
    assert tier["Program Peningkatan Diversifikasi dan Ketahanan Pangan Masyarakat"] == "program"
    # the unit's own header names its eselon, more specific than the open KEGIATAN band it sits in;
    # the kegiatan rows in that band keep the band's tier
    assert tier["BIDANG KETERSEDIAAN PANGAN"] == "eselon_iii"
    assert tier["SEKSI CADANGAN PANGAN"] == "eselon_iv"
    kegiatan = next(b for b in layout.boxes if "Kegiatan Pengelolaan" in b.text)
    assert kegiatan.tier == "kegiatan"


def test_short_tier_word_boxes_inside_the_sheet_are_boxes_not_a_legend():
    from ingest.readers.diagram_tree import legend_boxes
    from ingest.layout import Box

    inner = [Box("PROGRAM", 1, (300, 100, 380, 120), index=0), Box("KEGIATAN", 1, (300, 200, 380, 220), index=1)]
    left = Box("Sasaran 1 - Meningkatnya mutu layanan", 1, (20, 100, 200, 140), index=2)
    right = Box("Sasaran 2 - Meningkatnya mutu data", 1, (500, 300, 700, 340), index=3)
    assert legend_boxes([*inner, left, right]) == []  # boxes drawn on both sides of them
    assert legend_boxes([*inner, left]) == inner  # at the right edge, the same column is a legend


def test_a_summary_table_under_a_box_gives_its_values_to_that_box_indicator():
    """A small table of Satuan | Target | Realisasi | Capaian with no indikator column, drawn
    right under a box, is the box's indicator's figures, not a record of its own."""
    from ingest.extract.diagram import extract_diagram
    from ingest.layout import Layout

    def draw(page):
        _cell(page, (100, 100, 400, 140), "Sasaran: Meningkatnya cakupan imunisasi\nIndikator: Persentase bayi diimunisasi lengkap")
        for k, (head, value) in enumerate([("Satuan", "%"), ("Target", "95"), ("Realisasi", "91,2"), ("Capaian", "96%")]):
            _cell(page, (100 + 70 * k, 144, 170 + 70 * k, 160), head)
            _cell(page, (100 + 70 * k, 160, 170 + 70 * k, 176), value)

    dp = read_diagram_page(_page_with(draw), 1)
    out = extract_diagram(Layout("x.pdf", "pdf", boxes=dp.boxes))
    rows = [(r.fields.get("sasaran"), r.fields.get("indikator"), r.fields.get("satuan"), r.fields.get("target"),
             r.fields.get("realisasi"), r.fields.get("capaian")) for r in out.indicators]
    assert rows == [("Meningkatnya cakupan imunisasi", "Persentase bayi diimunisasi lengkap", "%", "95", "91,2", "96%")]


def test_a_lone_word_cut_by_its_cell_wall_joins_the_short_piece_below_it():
    from ingest.readers.diagram_text import join_lines

    cut = [((2, 0, 47, 8), "Standardisa"), ((2, 9, 60, 17), "si Telematika")]
    assert join_lines(cut, wall=50) == "Standardisasi Telematika"
    wrapped = [((2, 0, 30, 8), "Pengelolaan"), ((2, 9, 30, 17), "website")]  # ends far from the wall
    assert join_lines(wrapped, wall=50) == "Pengelolaan website"
    word = [((2, 0, 47, 8), "Meningkatnya"), ((2, 9, 40, 17), "kinerja")]  # a whole word follows
    assert join_lines(word, wall=50) == "Meningkatnya kinerja"


def test_unit_list_rows_one_code_frame_beside_two_texts_a_code_printed_twice_and_an_output_of_no_row():
    """Under 'SEKSI ...': one code frame beside two text frames gives two indicators; '2.1.1 2.1.1'
    (a code overprinted) is one code; an output frame running past an indicator row and a
    kegiatan belongs to neither, while the kegiatan's own Anggaran frame, drawn apart, is its."""
    from ingest.extract.diagram import extract_diagram
    from ingest.layout import Layout

    def draw(page):
        _cell(page, (100, 100, 300, 118), "SEKSI PENGENDALIAN MUTU")
        _cell(page, (100, 120, 140, 164), "2.1.1\n\n2.1.1", size=6)
        _cell(page, (140, 120, 300, 142), "Jumlah sampel air yang diuji", size=6)
        _cell(page, (140, 142, 300, 164), "Jumlah laboratorium terakreditasi", size=6)
        _cell(page, (100, 166, 140, 186), "2.1.1 2.1.1", size=6)
        _cell(page, (140, 166, 300, 186), "Persentase hasil uji tepat waktu", size=6)
        _cell(page, (110, 188, 150, 224), "1.02.03", size=6)
        _cell(page, (150, 188, 300, 224), "Kegiatan Pengujian Mutu Air", size=6)
        _cell(page, (300, 166, 330, 224), "· 12 Unit", size=6)  # beside an indicator row and the kegiatan
        _cell(page, (340, 188, 420, 204), "Anggaran", size=6)
        _cell(page, (340, 204, 420, 224), "Rp. 75.000.000", size=6)

    dp = read_diagram_page(_page_with(draw), 1)
    out = extract_diagram(Layout("x.pdf", "pdf", boxes=dp.boxes))
    rows = [(r.org_unit, r.fields.get("sasaran"), r.fields.get("indikator"), r.fields.get("target"),
             r.fields.get("anggaran")) for r in out.indicators]
    unit = "SEKSI PENGENDALIAN MUTU"
    assert rows == [
        (unit, None, "Jumlah sampel air yang diuji", None, None),
        (unit, None, "Jumlah laboratorium terakreditasi", None, None),
        (unit, None, "Persentase hasil uji tepat waktu", None, None),
        (unit, "Kegiatan Pengujian Mutu Air", None, None, "Rp. 75.000.000"),
    ]
    assert out.indicators[3].parent_index == 0
    assert [(b.code, b.name, b.anggaran, b.section) for b in out.budget] == [
        ("1.02.03", "Kegiatan Pengujian Mutu Air", "Rp. 75.000.000", unit)]


def test_a_double_border_makes_one_cell_not_two():
    """Rays from the two lines stop at walls a hair apart: still one cell (one unit name)."""
    def draw(page):
        page.draw_rect((100, 100, 300, 140), color=(0, 0, 0), width=0.5)
        page.draw_line((101.5, 100), (101.5, 116), color=(0, 0, 0), width=0.5)  # a second wall over the top line only
        page.insert_text((103, 112), "SEKSI PENGEMBANGAN", fontsize=8)
        page.insert_text((140, 122), "TELEMATIKA", fontsize=8)

    dp = read_diagram_page(_page_with(draw), 1)
    assert [b.text for b in dp.boxes] == ["SEKSI PENGEMBANGAN TELEMATIKA"]


def test_unit_headers_name_their_eselon_over_the_legend_band_and_a_kegiatan_drawn_twice_is_one_budget_line(tmp_path):
    """Under a KEGIATAN legend band: a UPTD heading a seksi is eselon III, its seksi eselon IV, a
    UPT heading none eselon IV; kegiatan rows keep the band's tier. The same kegiatan (code, name,
    Anggaran) drawn under two units is two records (each unit's output) but one budget line, and
    "10 Keg" gives satuan kegiatan."""
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    _cell(page, (20, 100, 90, 116), "PROGRAM")
    _cell(page, (20, 200, 90, 216), "KEGIATAN")
    _cell(page, (150, 100, 700, 120), "Program Pelayanan Laboratorium Kesehatan")
    for x in (250, 600):  # connectors from the program down to the units
        page.draw_line((x, 120), (x, 150), color=(0, 0, 0), width=0.8)
    _cell(page, (150, 150, 350, 166), "UPTD LABORATORIUM KESEHATAN")
    _cell(page, (150, 168, 190, 186), "1.1", size=6)
    _cell(page, (190, 168, 350, 186), "Jumlah sampel yang diperiksa", size=6)
    _cell(page, (170, 200, 350, 216), "SEKSI PELAYANAN LABORATORIUM")
    _cell(page, (170, 218, 210, 236), "1.1.1", size=6)
    _cell(page, (210, 218, 350, 236), "Jumlah pelanggan yang dilayani", size=6)
    _cell(page, (500, 150, 700, 166), "UPT PENGUJIAN ALAT KESEHATAN")
    _cell(page, (500, 168, 540, 186), "2.1", size=6)
    _cell(page, (540, 168, 700, 186), "Jumlah alat yang dikalibrasi", size=6)
    for x, y, output in [(180, 240, "· 10 Keg"), (510, 190, "· 4 Keg")]:
        _cell(page, (x, y, x + 40, y + 30), "1.02.01", size=6)
        _cell(page, (x + 40, y, x + 150, y + 30), "Kegiatan Pelayanan Uji Sampel", size=6)
        _cell(page, (x + 150, y, x + 190, y + 30), output, size=6)
        _cell(page, (x + 200, y, x + 280, y + 14), "Anggaran", size=6)
        _cell(page, (x + 200, y + 14, x + 280, y + 30), "Rp. 50.000.000", size=6)
    path = tmp_path / "units.pdf"
    doc.save(path)
    result = scan_file(path)
    levels = {(r.org_unit, r.indikator or r.sasaran): r.level for r in result.indicators}
    assert levels[("UPTD LABORATORIUM KESEHATAN", "Jumlah sampel yang diperiksa")] == "eselon_iii"
    assert levels[("SEKSI PELAYANAN LABORATORIUM", "Jumlah pelanggan yang dilayani")] == "eselon_iv"
    assert levels[("UPT PENGUJIAN ALAT KESEHATAN", "Jumlah alat yang dikalibrasi")] == "eselon_iv"
    kegiatan = sorted((r.org_unit, r.level, r.target, r.satuan) for r in result.indicators
                      if r.sasaran == "Kegiatan Pelayanan Uji Sampel")
    assert kegiatan == [("SEKSI PELAYANAN LABORATORIUM", "kegiatan", 10.0, "kegiatan"),
                        ("UPT PENGUJIAN ALAT KESEHATAN", "kegiatan", 4.0, "kegiatan")]
    assert [(b.code, b.name, b.anggaran) for b in result.budget] == [("1.02.01", "Kegiatan Pelayanan Uji Sampel", 50000000.0)]


def _kinerja_box(page, x, header, goals, indicators):
    """A 'KINERJA UTAMA' column: header band, one ruled cell per sasaran, an INDIKATOR KINERJA
    band, one ruled cell per indicator."""
    y = 60
    _cell(page, (x, y, x + 150, y + 30), header, fill=(0.2, 0.4, 0.8), size=5.5)
    y += 30
    for text in goals:
        _cell(page, (x, y, x + 150, y + 20), text)
        y += 20
    _cell(page, (x, y, x + 150, y + 16), "INDIKATOR KINERJA", fill=(0.2, 0.4, 0.8), size=6)
    y += 16
    for text in indicators:
        _cell(page, (x, y, x + 150, y + 20), text)
        y += 20
    return y


def test_the_lowest_tier_carried_over_to_a_ruled_page_is_still_diagram_with_its_two_line_unit(tmp_path):
    """Page 2 holds only Eselon IV boxes (one tier, all words ruled, so alone it would pass for a
    table page); it continues page 1's tree, so its boxes are diagram boxes. A header printed over
    two lines "(BIDANG TATA RUANG DAN" / "JASA KONSTRUKSI)" names the whole unit; an unstroked
    white text box under the boxes (the signature) draws no walls; "(Ha)" ending a name is its satuan."""
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    _kinerja_box(page, 330, "KINERJA UTAMA ESELON II", ["Meningkatnya kualitas infrastruktur"],
                 ["Persentase jalan mantap"])
    for x in (150, 500):
        page.draw_line((405, 146), (x + 75, 200), color=(0, 0, 0), width=0.8)
    for x, unit in ((150, "BIDANG BINA MARGA"), (500, "BIDANG PENGAIRAN")):
        _cell(page, (x, 200, x + 150, 224), f"KINERJA UTAMA ESELON III ({unit})", fill=(0.2, 0.4, 0.8), size=5.5)
        _cell(page, (x, 224, x + 150, 244), "Meningkatnya kondisi jalan")
        _cell(page, (x, 244, x + 150, 258), "INDIKATOR KINERJA", fill=(0.2, 0.4, 0.8), size=6)
        _cell(page, (x, 258, x + 150, 278), "Persentase jalan baik")
    page = doc.new_page(width=842, height=595)
    bottom = _kinerja_box(page, 100, "KINERJA UTAMA ESELON IV (BIDANG TATA RUANG DAN\nJASA KONSTRUKSI)",
                          ["Melaksanakan pelayanan rekomendasi", "Melaksanakan pembangunan taman kota"],
                          ["Jumlah rekomendasi yang diterbitkan", "Luasan taman kota yang terbangun (Ha)"])
    _kinerja_box(page, 300, "KINERJA UTAMA ESELON IV (BIDANG CIPTA KARYA)",
                 ["Melaksanakan pembangunan gedung"], ["Jumlah gedung yang dibangun"])
    _kinerja_box(page, 500, "KINERJA UTAMA ESELON IV (BIDANG BINA MARGA)",
                 ["Melaksanakan pembangunan jalan"], ["Panjang jalan yang dibangun"])
    page.draw_rect((100, bottom, 650, bottom + 120), color=None, fill=(1, 1, 1))
    page.insert_text((400, bottom + 30), "Kepala Dinas Pekerjaan Umum", fontsize=8)
    page.insert_text((420, bottom + 90), "NIP. 19810412 200312 1 006", fontsize=8)
    path = tmp_path / "two_pages.pdf"
    doc.save(path)
    rows = {r.indikator: r for r in scan_file(path).indicators if r.page == 2}
    assert set(rows) == {"Jumlah rekomendasi yang diterbitkan", "Luasan taman kota yang terbangun (Ha)",
                         "Jumlah gedung yang dibangun", "Panjang jalan yang dibangun"}
    assert all(r.table_role == "diagram" and r.level == "eselon_iv" for r in rows.values())
    ha = rows["Luasan taman kota yang terbangun (Ha)"]
    assert ha.org_unit == "BIDANG TATA RUANG DAN JASA KONSTRUKSI" and ha.satuan == "ha"
    assert ha.sasaran == "Melaksanakan pembangunan taman kota"
    assert rows["Panjang jalan yang dibangun"].org_unit == "BIDANG BINA MARGA"
    assert rows["Panjang jalan yang dibangun"].sasaran == "Melaksanakan pembangunan jalan"


def _kegiatan(page, x, y, code, name, output, amount, h=40):
    """A kegiatan row: code | name | output frame, and an Anggaran frame over its amount apart."""
    _cell(page, (x, y, x + 40, y + h), code, size=6)
    _cell(page, (x + 40, y, x + 150, y + h), name, size=6)
    if output:
        _cell(page, (x + 150, y, x + 190, y + h), output, size=6)
    _cell(page, (x + 200, y, x + 280, y + 14), "Anggaran", size=6)
    _cell(page, (x + 200, y + 14, x + 280, y + h), amount, size=6)


def test_a_summary_table_keeps_its_header_row_and_one_that_disagrees_hangs_under_its_kegiatan():
    """A kegiatan row's chain of side frames runs into the header row of the summary table of
    the next column (SATUAN | TARGET | REALISASI | ...): the header stays the table's. That table's
    target (22) differs from its kegiatan's output (6 Keg): it is a row of its own, named after the
    kegiatan and hanging under it, and the Renstra end target goes to keterangan, not target."""
    from ingest.extract.diagram import extract_diagram
    from ingest.layout import Layout

    def draw(page):
        _cell(page, (100, 150, 320, 166), "SEKSI PENYIARAN")
        _cell(page, (100, 168, 140, 196), "5.1.1", size=6)
        _cell(page, (140, 168, 320, 196), "Jumlah siaran radio", size=6)
        _kegiatan(page, 100, 200, "53.05", "Kegiatan Diseminasi Informasi", "· 40 Keg", "Rp. 861.800.000")
        _cell(page, (390, 80, 620, 96), "SEKSI STANDARDISASI")
        _cell(page, (390, 98, 430, 126), "4.1", size=6)
        _cell(page, (430, 98, 620, 126), "Jumlah forum TIK", size=6)
        _kegiatan(page, 390, 130, "53.18", "Kegiatan Rapat Koordinasi", "· 6 Keg", "Rp. 541.775.000", h=50)
        heads = ["SATUAN", "TARGET", "REALISASI", "CAPAIAN (%)", "TARGET TH 2018 (AKHIR RENSTRA)"]
        for k, (head, value) in enumerate(zip(heads, ["Kegiatan", "22", "22", "100%", "30"])):
            _cell(page, (390 + 60 * k, 210, 450 + 60 * k, 236), head, size=5)
            _cell(page, (390 + 60 * k, 236, 450 + 60 * k, 252), value, size=6)

    dp = read_diagram_page(_page_with(draw), 1)
    out = extract_diagram(Layout("x.pdf", "pdf", boxes=dp.boxes))
    rows = [(r.org_unit, r.fields.get("sasaran"), r.fields.get("satuan"), r.fields.get("target"), r.fields.get("realisasi"),
             r.fields.get("capaian"), r.fields.get("keterangan")) for r in out.indicators if r.fields.get("sasaran")]
    assert rows == [
        ("SEKSI STANDARDISASI", "Kegiatan Rapat Koordinasi", None, "6 Keg", None, None, None),
        ("SEKSI PENYIARAN", "Kegiatan Diseminasi Informasi", None, "40 Keg", None, None, None),
        ("SEKSI STANDARDISASI", "Kegiatan Rapat Koordinasi", "Kegiatan", "22", "22", "100%",
         "TARGET TH 2018 (AKHIR RENSTRA): 30"),
    ]
    kegiatan = next(i for i, r in enumerate(out.indicators) if r.fields.get("sasaran") == "Kegiatan Rapat Koordinasi")
    assert out.indicators[-1].parent_index == kegiatan


def test_one_output_frame_beside_kegiatan_of_several_units_is_each_ones_only_when_it_is_their_one_value():
    """A bidang's '70%' drawn once beside the kegiatan of two of its seksi (and their headers and
    indicators in between) is each kegiatan's output; when one of them prints its own output,
    the shared frame is no one's."""
    from ingest.extract.diagram import extract_diagram
    from ingest.layout import Layout

    def sheet(own_output):
        def draw(page):
            _cell(page, (100, 100, 260, 116), "SEKSI POS")
            _cell(page, (100, 118, 140, 140), "2.1.1", size=6)
            _cell(page, (140, 118, 260, 140), "Jumlah rapat koordinasi pos", size=6)
            _kegiatan(page, 110, 144, "53.01", "Kegiatan Layanan Pos", None, "Rp. 296.000.000", h=30)
            _cell(page, (100, 180, 260, 196), "SEKSI MONITORING FREKUENSI")
            _cell(page, (100, 198, 140, 220), "2.1.1", size=6)
            _cell(page, (140, 198, 260, 220), "Jumlah repeater terpasang", size=6)
            _cell(page, (110, 224, 150, 254), "53.02", size=6)
            _cell(page, (150, 224, 222 if own_output else 260, 254), "Kegiatan Komunikasi Bencana", size=6)
            if own_output:
                _cell(page, (222, 224, 260, 254), own_output, size=6)
            _cell(page, (262, 100, 300, 254), "· 70%", size=6)
            _cell(page, (310, 224, 390, 238), "Anggaran", size=6)
            _cell(page, (310, 238, 390, 254), "Rp. 331.000.000", size=6)
        dp = read_diagram_page(_page_with(draw), 1)
        out = extract_diagram(Layout("x.pdf", "pdf", boxes=dp.boxes))
        return {r.fields["sasaran"]: r.fields.get("target") for r in out.indicators if r.fields.get("sasaran")}

    assert sheet(None) == {"Kegiatan Layanan Pos": "70%", "Kegiatan Komunikasi Bencana": "70%"}
    assert sheet("· 3 Unit") == {"Kegiatan Layanan Pos": None, "Kegiatan Komunikasi Bencana": "3 Unit"}


def test_a_statement_column_under_a_tujuan_band_is_the_goal_and_a_line_through_a_sentence_is_no_wall(tmp_path):
    """A MISI box whose sentence a connector line crosses (the line cuts a word) is one node; a
    'TUJUAN RENSTRA' band cut short by the column walls under it still heads its box; the merged
    PERNYATAAN cell is the goal of every indicator beside it; 'Target (Dok)' gives the satuan."""
    from ingest.extract.diagram import box_records

    def draw(page):
        page.draw_rect((100, 40, 400, 70), color=(0, 0, 0), fill=(1, 0.9, 0.8), width=0.5)
        page.insert_text((230, 50), "MISI RPJMD :", fontsize=7)
        page.insert_text((110, 62), "Membangun infrastruktur sesuai potensi daerah dan kelestarian lingkungan", fontsize=7)
        page.draw_line((325, 55), (325, 90), color=(0, 0, 0), width=0.5)  # through "lingkungan" and down
        _cell(page, (100, 90, 400, 104), "TUJUAN RENSTRA", fill=(0.8, 0.9, 0.6), size=6)
        page.draw_line((200, 90), (200, 104), color=(0, 0, 0), width=0.5)  # column walls run up the band
        page.draw_line((340, 90), (340, 104), color=(0, 0, 0), width=0.5)
        for x0, x1, t in ((100, 200, "PERNYATAAN"), (200, 340, "INDIKATOR"), (340, 400, "Target (Dok) 2022")):
            _cell(page, (x0, 104, x1, 118), t, size=6)
        _cell(page, (100, 118, 200, 158), "Meningkatnya kualitas penataan ruang", size=6)
        for k, (ind, val) in enumerate((("Jumlah dokumen rencana tata ruang", "3"), ("Jumlah dokumen izin", "5"))):
            _cell(page, (200, 118 + 20 * k, 340, 138 + 20 * k), ind, size=6)
            _cell(page, (340, 118 + 20 * k, 400, 138 + 20 * k), val, size=6)

    dp = read_diagram_page(_page_with(draw), 1)
    misi, tujuan = dp.boxes
    assert [r.fields.get("sasaran") for r in box_records(misi)] == [
        "Membangun infrastruktur sesuai potensi daerah dan kelestarian lingkungan"]
    assert tujuan.label == "TUJUAN RENSTRA" and tujuan.tier == "tujuan"
    rows = [(r.fields.get("sasaran"), r.fields["indikator"], r.fields.get("satuan"), r.fields.get("target"), r.year)
            for r in box_records(tujuan)]
    assert rows == [("Meningkatnya kualitas penataan ruang", "Jumlah dokumen rencana tata ruang", "Dok", "3", 2022),
                    ("Meningkatnya kualitas penataan ruang", "Jumlah dokumen izin", "Dok", "5", 2022)]


def test_a_short_nominalised_goal_is_a_sasaran_not_a_column_word():
    """'Tersusunnya rencana kerja' is three words and names the 'rencana' column word, but a goal
    (its first word ends in -nya) is never a column header printed in its own cell."""
    from ingest.extract.diagram_box import BoxContent, _take

    content = BoxContent()
    _take("Tersusunnya rencana kerja", "sasaran", content)
    _take("Target", "sasaran", content)
    assert content.sasaran == ["Tersusunnya rencana kerja"]


def test_a_rule_running_out_of_a_box_to_a_bus_is_its_connector_and_a_printed_sasaran_picks_the_parent_row(tmp_path):
    """PROGRAM A's column rule runs on out of its bottom to a bus that drops onto a KEGIATAN box
    standing right under PROGRAM B: the drawn line, not the geometry, says A is its parent. A
    program printing the sasaran it serves hangs from the Sasaran Strategis row stating it."""
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    _cell(page, (100, 40, 500, 54), "SASARAN STRATEGIS", size=6)
    for x0, x1, t in ((100, 250, "PERNYATAAN"), (250, 450, "INDIKATOR"), (450, 500, "TARGET 2022")):
        _cell(page, (x0, 54, x1, 68), t, size=6)
    for k, (goal, ind, val) in enumerate((("Meningkatnya kualitas jalan", "Tingkat kemantapan jalan", "85%"),
                                          ("Meningkatnya tata ruang", "Persentase kesesuaian tata ruang", "72%"))):
        y = 68 + 16 * k
        _cell(page, (100, y, 250, y + 16), goal, size=6)
        _cell(page, (250, y, 450, y + 16), ind, size=6)
        _cell(page, (450, y, 500, y + 16), val, size=6)
    page.draw_line((300, 100), (300, 130), color=(0, 0, 0), width=0.5)
    for x, name, goal in ((100, "PROGRAM : Penataan Ruang", "Meningkatnya tata ruang"),
                          (400, "PROGRAM : Penunjang Urusan", "Meningkatnya kualitas jalan")):
        _cell(page, (x, 130, x + 180, 150), name, size=6)
        for x0, x1, t in ((x, x + 60, "Sasaran"), (x + 60, x + 140, "Indikator"), (x + 140, x + 180, "Target 2022")):
            _cell(page, (x0, 150, x1, 164), t, size=6)
        _cell(page, (x, 164, x + 60, 194), goal, size=5)
        _cell(page, (x + 60, 164, x + 140, 194), "Persentase dokumen tersusun", size=5)
        _cell(page, (x + 140, 164, x + 180, 194), "100", size=5)
    page.draw_line((160, 150), (160, 215), color=(0, 0, 0), width=0.5)  # A's column rule, on down to the bus
    page.draw_line((160, 215), (460, 215), color=(0, 0, 0), width=0.5)
    page.draw_line((460, 215), (460, 240), color=(0, 0, 0), width=0.5)
    _cell(page, (420, 240, 560, 256), "KEGIATAN : Koordinasi Pengendalian Ruang", size=6)
    for x0, x1, t in ((420, 480, "Sasaran"), (480, 530, "Indikator"), (530, 560, "Target 2022")):
        _cell(page, (x0, 256, x1, 270), t, size=6)
    _cell(page, (420, 270, 480, 290), "", size=5)
    _cell(page, (480, 270, 530, 290), "Laporan koordinasi", size=5)
    _cell(page, (530, 270, 560, 290), "1", size=5)
    path = tmp_path / "bus.pdf"
    doc.save(path)
    result = scan_file(path)
    by_id = {r.record_id: r for r in result.indicators}
    parent = {r.indikator or r.sasaran: by_id[r.parent_record_id] for r in result.indicators if r.parent_record_id}
    assert parent["Laporan koordinasi"].program == "Penataan Ruang"
    programs = {r.program: by_id[r.parent_record_id].indikator for r in result.indicators if r.level == "program"}
    assert programs == {"Penataan Ruang": "Persentase kesesuaian tata ruang", "Penunjang Urusan": "Tingkat kemantapan jalan"}


def test_a_numbered_line_with_a_value_beside_it_among_indicators_is_an_indicator_with_its_target():
    """'1) Dokumen regulasi | 2 Dokumen' under a unit's indicators is one more indicator and its
    target, not a sasaran node."""
    from ingest.extract.diagram import box_records

    def draw(page):
        _cell(page, (40, 100, 260, 124), "KEPALA SEKSI LEGISLASI KESEHATAN", fill=(1, 1, 0))
        for k, (name, value) in enumerate([("Persentase penduduk berjaminan", "65%"),
                                           ("Dokumen regulasi kebijakan kesehatan", None),
                                           ("1) Dokumen regulasi bidang kesehatan", "2 Dokumen"),
                                           ("2) Pedoman bidang kesehatan", "4 Dokumen")]):
            y = 124 + 24 * k
            _cell(page, (40, y, 200, y + 24), name)
            if value:
                _cell(page, (200, y, 260, y + 24), value)

    dp = read_diagram_page(_page_with(draw), 1)
    rows = {r.fields.get("indikator"): r.fields.get("target") for b in dp.boxes for r in box_records(b)}
    assert rows["Dokumen regulasi bidang kesehatan"] == "2 Dokumen"
    assert rows["Pedoman bidang kesehatan"] == "4 Dokumen"
    assert rows["Persentase penduduk berjaminan"] == "65%"


def test_a_tujuan_box_hangs_under_the_misi_box_printed_above_it():
    """Misi sets the tujuan: a rank above tujuan, so the two never count as one tier."""
    from ingest.layout import Box

    misi = Box(text="MISI\nMembangun infrastruktur", page=1, bbox=(100, 40, 400, 80), label="MISI", index=0)
    tujuan = Box(text="TUJUAN\nMeningkatkan kualitas jalan", page=1, bbox=(100, 100, 400, 140), label="TUJUAN", index=1)
    misi.tier, tujuan.tier = tier_of(misi.label), tier_of(tujuan.label)
    assert (misi.tier, tujuan.tier) == ("misi", "tujuan")
    assert parent_by_geometry(tujuan, [misi, tujuan]) is misi
    assert parent_by_geometry(misi, [misi, tujuan]) is None


def test_a_tujuan_band_over_the_sasaran_bands_is_the_parent_goal_of_their_rows():
    """'Tujuan 1 | Tujuan 2' printed over 'Sasaran 1 | 2 | 3' in a head box with no box above it:
    each row's parent goal is the tujuan whose span covers its sasaran."""
    from ingest.extract.diagram import box_records

    def draw(page):
        _cell(page, (40, 45, 640, 60), "KEPALA DINAS KESEHATAN")
        _cell(page, (40, 60, 440, 75), "Tujuan 1")
        _cell(page, (440, 60, 640, 75), "Tujuan 2")
        _cell(page, (40, 75, 440, 95), "Terwujudnya masyarakat sehat")
        _cell(page, (440, 75, 640, 95), "Tercapainya pelayanan berkualitas")
        for k, (x0, x1, text) in enumerate([(40, 240, "Meningkatnya kemandirian masyarakat"),
                                            (240, 440, "Meningkatnya kualitas lingkungan"),
                                            (440, 640, "Menurunnya kematian ibu")]):
            _cell(page, (x0, 95, x1, 110), f"Sasaran {k + 1}")
            _cell(page, (x0, 110, x1, 125), text)
        for k, (x0, x1, text) in enumerate([(40, 240, "Persentase desa siaga aktif\n(66,7%)"),
                                            (240, 440, "Persentase jamban sehat\n(55%)"),
                                            (440, 640, "Ratio kematian ibu\n(89/100.000 KH)")]):
            _cell(page, (x0, 125, x1, 140), f"Indikator {k + 1}")
            _cell(page, (x0, 140, x1, 170), text)

    (box,) = read_diagram_page(_page_with(draw), 1).boxes
    rows = [(r.fields["indikator"], r.parent_sasaran) for r in box_records(box)]
    assert rows == [("Persentase desa siaga aktif", "Terwujudnya masyarakat sehat"),
                    ("Persentase jamban sehat", "Terwujudnya masyarakat sehat"),
                    ("Ratio kematian ibu", "Tercapainya pelayanan berkualitas")]


def test_a_sasaran_printed_under_a_tujuan_in_its_box_has_that_tujuan_as_parent_goal():
    """'Tujuan | <text> | Sasaran 1 | <text> | Indikator : | 1.1 ...' in a head box: the rows'
    parent goal is the tujuan printed above their sasaran; a box without one has none."""
    from ingest.extract.diagram import box_records
    from ingest.extract.diagram_box import BoxContent, _take
    from ingest.layout import Box

    content, mode = BoxContent(), "sasaran"
    for para in ("Tujuan", "Terselenggaranya pemerintahan yang efektif", "Sasaran 1",
                 "Meningkatkan kapasitas organisasi", "Indikator :", "1.1. Jumlah rekomendasi kebijakan (1 Dokumen)"):
        mode = _take(para, mode, content)
    box = Box(text="", page=1, bbox=(0, 0, 100, 100), label="KEPALA BIRO", tier="eselon_ii")
    rows = box_records(box, content)
    assert [(r.fields["sasaran"], r.parent_sasaran) for r in rows] == [
        ("Meningkatkan kapasitas organisasi", "Terselenggaranya pemerintahan yang efektif")]

    plain, mode = BoxContent(), "sasaran"
    for para in ("Sasaran 3", "Meningkatnya standardisasi kerja", "Indikator :", "3.1. Jumlah regulasi (13 Dokumen)"):
        mode = _take(para, mode, plain)
    assert [r.parent_sasaran for r in box_records(box, plain)] == [None]


def test_a_box_on_a_later_page_hangs_under_the_one_higher_tier_box_naming_its_unit(tmp_path):
    """A tree printed one tier per page: the Eselon IV boxes of page 2 name the unit of their
    Eselon III box on page 1 in their header. A unit two boxes name, or none does, gives no parent."""
    doc = pymupdf.open()
    p1 = doc.new_page(width=842, height=595)
    _cell(p1, (320, 40, 520, 110), "KINERJA UTAMA ESELON II\nMeningkatnya kualitas infrastruktur\n"
          "Indikator: Indeks infrastruktur daerah")
    for x, unit in [(40, "BIDANG JALAN DAN JEMBATAN"), (240, "BIDANG AIR MINUM"), (440, "BIDANG TATA BANGUNAN"),
                    (640, "BIDANG TATA BANGUNAN")]:
        _cell(p1, (x, 200, x + 180, 290), f"KINERJA UTAMA ESELON III ({unit})\nMeningkatnya mutu {unit.lower()}\n"
              f"Indikator: Persentase layanan {unit.lower()}")
    p2 = doc.new_page(width=842, height=595)
    for x, unit in [(40, "BIDANG AIR MINUM"), (240, "Bidang Jalan dan  Jembatan"), (440, "BIDANG TATA BANGUNAN"),
                    (640, "BIDANG PERTAMANAN")]:
        _cell(p2, (x, 60, x + 180, 150), f"KINERJA UTAMA ESELON IV ({unit})\nTersusunnya dokumen {unit.lower()}\n"
              f"Indikator: Jumlah dokumen {unit.lower()}")
    path = tmp_path / "two_pages.pdf"
    doc.save(path)
    boxes = load(path).boxes
    by_unit = {(b.page, b.label): b for b in boxes}
    assert len(boxes) == 9

    def parent_label(page, label):
        box = by_unit[(page, label)]
        return None if box.parent is None else boxes[box.parent].label

    assert parent_label(2, "KINERJA UTAMA ESELON IV (BIDANG AIR MINUM)") == "KINERJA UTAMA ESELON III (BIDANG AIR MINUM)"
    assert (parent_label(2, "KINERJA UTAMA ESELON IV (Bidang Jalan dan Jembatan)")
            == "KINERJA UTAMA ESELON III (BIDANG JALAN DAN JEMBATAN)")
    assert parent_label(2, "KINERJA UTAMA ESELON IV (BIDANG TATA BANGUNAN)") is None  # two boxes name it
    assert parent_label(2, "KINERJA UTAMA ESELON IV (BIDANG PERTAMANAN)") is None  # none does
    assert parent_label(1, "KINERJA UTAMA ESELON III (BIDANG AIR MINUM)") == "KINERJA UTAMA ESELON II"
