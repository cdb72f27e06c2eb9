"""The Excel reader: a plain table sheet stays a layout table; a cascade sheet of position blocks
(coloured sasaran cells, numbered indicators) gives boxes with tiers and parents, read by the
same diagram extractor as a drawn diagram."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from ingest import load
from kinerja.pipeline import scan_file


def _fill(hex6: str) -> PatternFill:
    return PatternFill("solid", fgColor="FF" + hex6)


def test_a_plain_table_sheet_is_a_layout_table(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["No", "Sasaran", "Indikator", "Satuan", "Target", "Realisasi"])
    ws.append([1, "Meningkatnya mutu layanan", "Persentase layanan tepat waktu", "%", 90, 85])
    ws.append([2, "Meningkatnya akses layanan", "Jumlah desa terlayani", "desa", 40, 42])
    ws.append([3, "Meningkatnya akses layanan", "Jumlah posyandu aktif", "unit", 120, 118])
    path = tmp_path / "tabel.xlsx"
    wb.save(path)
    layout = load(path)
    assert layout.reader == "xlsx" and layout.boxes == []
    (table,) = list(layout.tables())
    assert table.rows[1].texts[:3] == ["1", "Meningkatnya mutu layanan", "Persentase layanan tepat waktu"]
    result = scan_file(path)
    assert [r.indikator for r in result.indicators] == [
        "Persentase layanan tepat waktu", "Jumlah desa terlayani", "Jumlah posyandu aktif"]
    assert [r.target for r in result.indicators] == [90, 40, 120]


def _cascade(path: Path) -> None:
    """Kepala Dinas on top, two Kepala Bidang under it, a Kepala Seksi under one; sasaran cells
    coloured by lineage, indicators numbered under them with the target in brackets."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "CASCADING KINERJA DINAS CONTOH"
    ws["A3"] = "KEPALA DINAS"
    ws["A4"] = "Sasaran :"
    ws["B5"] = "Meningkatnya ketahanan pangan daerah"
    ws["B5"].fill = _fill("FFC000")
    ws["B6"] = "Meningkatnya nilai tukar petani"
    ws["B6"].fill = _fill("59F3C3")
    ws["A7"] = "Indikator :"
    ws["A8"], ws["B8"] = "1.1.", "Skor pola pangan harapan (88 poin)"
    ws["A9"], ws["B9"] = "1.2.", "Nilai tukar petani (105 NTP)"
    ws["A11"], ws["D11"] = "KEPALA BIDANG KETERSEDIAAN PANGAN", "KEPALA BIDANG AGRIBISNIS"
    ws["A12"], ws["D12"] = "Sasaran :", "Sasaran :"
    ws["B13"], ws["E13"] = "Meningkatnya cadangan pangan", "Meningkatnya akses pasar petani"
    ws["B13"].fill = _fill("FFC000")
    ws["E13"].fill = _fill("59F3C3")
    ws["A14"], ws["D14"] = "Indikator :", "Indikator :"
    ws["A15"], ws["B15"] = "1.1.", "Jumlah cadangan pangan pemerintah (50 ton)"
    ws["D15"], ws["E15"] = "2.1.", "Persentase kelompok tani bermitra (40%)"
    ws["A17"], ws["D17"] = "Kepala Seksi Cadangan Pangan", "Kepala Seksi Pemasaran"
    ws["A18"], ws["B18"] = "1.", "Tersedianya lumbung pangan desa"
    ws["B18"].fill = _fill("FFC000")
    ws["A19"], ws["B19"] = "1.1.", "Jumlah lumbung pangan aktif (12 unit)"
    ws["D18"], ws["E18"] = "1.", "Terselenggaranya pasar tani"
    ws["E18"].fill = _fill("59F3C3")
    wb.save(path)


def test_a_cascade_sheet_gives_boxes_tiers_parents_and_records(tmp_path):
    path = tmp_path / "cascade.xlsx"
    _cascade(path)
    result = scan_file(path)
    assert result.document.status == "ok" and result.document.reader == "xlsx"
    rows = {(r.org_unit, r.sasaran, r.indikator): r for r in result.indicators}
    by_id = {r.record_id: r for r in result.indicators}
    kadis = rows[("KEPALA DINAS", "Meningkatnya nilai tukar petani", "Nilai tukar petani")]
    assert kadis.level == "eselon_ii" and kadis.target_text == "105 NTP" and kadis.parent_record_id is None
    assert rows[("KEPALA DINAS", "Meningkatnya ketahanan pangan daerah", "Skor pola pangan harapan")].target == 88
    bidang = rows[("KEPALA BIDANG AGRIBISNIS", "Meningkatnya akses pasar petani", "Persentase kelompok tani bermitra")]
    assert bidang.level == "eselon_iii" and bidang.target == 40
    assert by_id[bidang.parent_record_id].org_unit == "KEPALA DINAS"
    seksi = rows[("Kepala Seksi Cadangan Pangan", "Tersedianya lumbung pangan desa", "Jumlah lumbung pangan aktif")]
    assert seksi.level == "eselon_iv" and seksi.target == 12
    assert by_id[seksi.parent_record_id].org_unit == "KEPALA BIDANG KETERSEDIAAN PANGAN"
    node = rows[("Kepala Seksi Pemasaran", "Terselenggaranya pasar tani", None)]  # a sasaran without indicator
    assert by_id[node.parent_record_id].org_unit == "KEPALA BIDANG AGRIBISNIS"  # the same colour
    assert any(f.rule == "cascade" and "Terselenggaranya pasar tani" in f.message for f in result.findings)


def test_a_cascade_sheets_title_cell_above_its_blocks_gives_the_year(tmp_path):
    """The title is printed in a cell above the first position row: it heads no block, but its
    "TAHUN 2016" is every row's year, and the document's title."""
    path = tmp_path / "cascade.xlsx"
    _cascade(path)
    from openpyxl import load_workbook
    wb = load_workbook(path)
    wb.active["A1"] = "PENGUKURAN KINERJA INDIVIDU DINAS CONTOH PROVINSI CONTOH TAHUN 2016"
    wb.save(path)
    result = scan_file(path)
    assert result.document.year == 2016 and "TAHUN 2016" in (result.document.title or "")
    assert {r.year for r in result.indicators} == {2016}


def test_staff_titles_stacked_in_one_column_each_head_their_own_block(tmp_path):
    """Functional staff printed one under another in a position's column: every title heads the
    sasaran and indicators printed under it, and is not itself read as a sasaran."""
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["D1"], ws["G1"] = "Kepala Subbagian Umum", "Kepala Subbagian Keuangan", "Kepala Subbagian Program"
    ws["H2"] = "Meningkatnya kualitas dokumen perencanaan"
    ws["G3"], ws["H3"] = "3.1.", "Jumlah dokumen perencanaan yang disusun (4 dokumen)"
    ws["B2"], ws["E2"] = "Meningkatnya tertib administrasi umum", "Meningkatnya tertib administrasi keuangan"
    ws["A3"], ws["B3"] = "1.1.", "Persentase surat yang diarsipkan (100%)"
    ws["D3"], ws["E3"] = "2.1.", "Persentase SPJ tepat waktu (95%)"
    ws["A5"], ws["D5"], ws["G5"] = "Pengadministrasi Umum", "Bendahara Pengeluaran", "Perencana Pertama"
    ws["H6"] = "Tersusunnya dokumen rencana kerja"
    ws["G7"], ws["H7"] = "3.1.", "Jumlah rencana kerja yang disusun (2 dokumen)"
    ws["B6"], ws["E6"] = "Tersedianya layanan persuratan", "Tersedianya laporan keuangan bulanan"
    ws["A7"], ws["B7"] = "1.1.", "Jumlah surat masuk yang dicatat (1200 surat)"
    ws["D7"], ws["E7"] = "2.1.", "Jumlah laporan keuangan yang disusun (12 laporan)"
    ws["B9"] = "Caraka"
    ws["B10"] = "Tersampaikannya naskah dinas"
    ws["A11"], ws["B11"] = "1.1.", "Jumlah naskah dinas yang diantar (800 naskah)"
    ws["B13"] = "Pengelola Kepegawaian"
    ws["B14"] = "Tersedianya data kepegawaian mutakhir"
    ws["A15"], ws["B15"] = "1.1.", "Jumlah data pegawai yang dimutakhirkan (60 orang)"
    path = tmp_path / "staf.xlsx"
    wb.save(path)
    result = scan_file(path)
    rows = {r.indikator: r for r in result.indicators if r.indikator}
    assert rows["Jumlah surat masuk yang dicatat"].org_unit == "Pengadministrasi Umum"
    caraka = rows["Jumlah naskah dinas yang diantar"]
    assert (caraka.org_unit, caraka.sasaran, caraka.target) == ("Caraka", "Tersampaikannya naskah dinas", 800)
    pegawai = rows["Jumlah data pegawai yang dimutakhirkan"]
    assert (pegawai.org_unit, pegawai.level, pegawai.target) == ("Pengelola Kepegawaian", "fungsional", 60)
    assert rows["Jumlah laporan keuangan yang disusun"].org_unit == "Bendahara Pengeluaran"
    assert not {"Caraka", "Pengelola Kepegawaian"} & {r.sasaran for r in result.indicators}


def test_a_block_whose_fill_matches_no_sasaran_hangs_under_the_sasaran_its_numbering_names(tmp_path):
    """'2.1.' indicators serve 'Sasaran 2': the block drawn right under Sasaran 1, coloured unlike
    either, still hangs under the Sasaran 2 block of the tier above."""
    wb = Workbook()
    ws = wb.active
    ws["A3"], ws["D3"] = "KEPALA DINAS", "KEPALA DINAS"
    ws["A4"], ws["D4"] = "Sasaran 1", "Sasaran 2"
    ws["B5"], ws["E5"] = "Meningkatnya ketahanan pangan daerah", "Meningkatnya nilai tukar petani"
    ws["B5"].fill, ws["E5"].fill = _fill("FFC000"), _fill("59F3C3")
    ws["A6"], ws["D6"] = "Indikator :", "Indikator :"
    ws["A7"], ws["B7"] = "1.1.", "Skor pola pangan harapan (88 poin)"
    ws["D7"], ws["E7"] = "2.1.", "Nilai tukar petani (105 NTP)"
    ws["A10"], ws["D10"] = "KEPALA BIDANG AGRIBISNIS", "KEPALA BIDANG KETERSEDIAAN PANGAN"
    ws["A11"], ws["D11"] = "Sasaran :", "Sasaran :"
    ws["B12"], ws["E12"] = "Meningkatnya akses pasar petani", "Meningkatnya cadangan pangan"
    ws["B12"].fill, ws["E12"].fill = _fill("EDD95F"), _fill("FFC000")
    ws["A13"], ws["D13"] = "Indikator :", "Indikator :"
    ws["A14"], ws["B14"] = "2.1.", "Persentase kelompok tani bermitra (40%)"
    ws["D14"], ws["E14"] = "1.1.", "Jumlah cadangan pangan pemerintah (50 ton)"
    path = tmp_path / "numbered.xlsx"
    wb.save(path)
    result = scan_file(path)
    by_id = {r.record_id: r for r in result.indicators}
    rows = {r.indikator: r for r in result.indicators}
    agribisnis = by_id[rows["Persentase kelompok tani bermitra"].parent_record_id]
    assert (agribisnis.org_unit, agribisnis.sasaran) == ("KEPALA DINAS", "Meningkatnya nilai tukar petani")
    pangan = by_id[rows["Jumlah cadangan pangan pemerintah"].parent_record_id]  # the colour decides
    assert pangan.sasaran == "Meningkatnya ketahanan pangan daerah"


def test_a_block_hangs_from_the_row_of_its_parent_whose_sasaran_shares_its_sasaran_fill(tmp_path):
    """KEPALA DINAS prints two sasaran in one block; the Agribisnis sasaran is coloured like the
    second, so its rows hang from that row, not from the block's first row."""
    path = tmp_path / "cascade.xlsx"
    _cascade(path)
    result = scan_file(path)
    by_id = {r.record_id: r for r in result.indicators}
    rows = {r.indikator: r for r in result.indicators}
    agribisnis = rows["Persentase kelompok tani bermitra"]
    assert by_id[agribisnis.parent_record_id].sasaran == "Meningkatnya nilai tukar petani"
    assert agribisnis.parent_sasaran == "Meningkatnya nilai tukar petani"
    pangan = rows["Jumlah cadangan pangan pemerintah"]
    assert by_id[pangan.parent_record_id].sasaran == "Meningkatnya ketahanan pangan daerah"
