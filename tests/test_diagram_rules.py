"""Content rules of diagram reading, each on a synthetic page drawn unlike the real sheets
(thick navy walls, bold Helvetica, text placed by coordinates, portrait A4): the records and
parents asserted here were checked by hand against the drawing."""

from __future__ import annotations

import pymupdf

from kinerja.pipeline import scan_file


def _box(page, rect, fill=None):
    page.draw_rect(rect, color=(0.1, 0.1, 0.4), fill=fill, width=1.2)


def _text(page, x, y, s, size=8, font="helv"):
    page.insert_text((x, y), s, fontsize=size, fontname=font, color=(0.1, 0.1, 0.3))


def _bus(page, top_x, y_top, y_bus, xs, y_child):
    page.draw_line((top_x, y_top), (top_x, y_bus), color=(0, 0, 0), width=1)
    page.draw_line((min(xs), y_bus), (max(xs), y_bus), color=(0, 0, 0), width=1)
    for x in xs:
        page.draw_line((x, y_bus), (x, y_child), color=(0, 0, 0), width=1)


def _scan(tmp_path, draw, name="page.pdf"):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    draw(page)
    path = tmp_path / name
    doc.save(path)
    result = scan_file(path)
    assert result.document.status == "ok", result.document.error
    by_id = {r.record_id: r for r in result.indicators}
    return result, [(r.sasaran, r.indikator, r.target_text, r.satuan, r.year,
                     by_id[r.parent_record_id].sasaran if r.parent_record_id else None) for r in result.indicators]


def _goal_over_two(page, left_head, right_head):
    _box(page, (150, 60, 445, 80), fill=(0.85, 0.95, 0.85))
    _text(page, 156, 74, "SASARAN STRATEGIS", font="hebo")
    _box(page, (150, 80, 445, 110))
    _text(page, 156, 98, "Meningkatnya daya saing koperasi dan usaha mikro")
    _bus(page, 297, 110, 140, (120, 470), 170)
    for x0, head in ((30, left_head), (320, right_head)):
        _box(page, (x0, 170, x0 + 260, 190), fill=(0.85, 0.9, 1))
        _text(page, x0 + 6, 184, head, font="hebo")
        _box(page, (x0, 190, x0 + 260, 290))


GOAL = "Meningkatnya daya saing koperasi dan usaha mikro"


def test_a_target_printed_in_the_indicator_line_is_split_into_target_and_satuan(tmp_path):
    """"... (Target 831 Koperasi)", "(target 100 UMKM)", "(-1%)" after the indicator's name."""
    def draw(page):
        _goal_over_two(page, "SASARAN PROGRAM : Meningkatnya koperasi sehat", "SASARAN PROGRAM : Meningkatnya usaha mikro")
        _text(page, 36, 204, "Indikator Kinerja", font="hebo")
        _text(page, 36, 222, "Jumlah koperasi sehat (Target 831 Koperasi)")
        _text(page, 326, 204, "Indikator Kinerja", font="hebo")
        _text(page, 326, 222, "Jumlah UMKM naik kelas (target 100 UMKM)")
        _text(page, 326, 240, "Pertumbuhan usaha mikro gagal bayar (-1%)")

    _, rows = _scan(tmp_path, draw)
    assert sorted(rows, key=str) == sorted([
        (GOAL, None, None, None, None, None),
        ("Meningkatnya koperasi sehat", "Jumlah koperasi sehat", "831 Koperasi", "koperasi", None, GOAL),
        ("Meningkatnya usaha mikro", "Jumlah UMKM naik kelas", "100 UMKM", "umkm", None, GOAL),
        ("Meningkatnya usaha mikro", "Pertumbuhan usaha mikro gagal bayar", "-1%", "persen", None, GOAL),
    ], key=str)


def test_a_threshold_in_parentheses_after_a_share_is_part_of_its_name_not_its_target(tmp_path):
    """"Persentase panjang jalan dalam kondisi baik ( > 40 KM/Jam )": a share is counted in percent,
    the "> 40 km/jam" defines a road in good condition; "(85%)" after a share is its target."""
    def draw(page):
        _goal_over_two(page, "SASARAN PROGRAM : Meningkatnya kualitas jalan", "SASARAN PROGRAM : Meningkatnya usaha mikro")
        _text(page, 36, 204, "Indikator Kinerja", font="hebo")
        _text(page, 36, 222, "Persentase panjang jalan dalam kondisi baik ( > 40 KM/Jam )")
        _text(page, 326, 204, "Indikator Kinerja", font="hebo")
        _text(page, 326, 222, "Persentase usaha mikro yang naik kelas (85%)")
        _text(page, 326, 240, "Persentase koperasi yang dibina (1 Dokumen)")

    _, rows = _scan(tmp_path, draw)
    assert sorted(rows, key=str) == sorted([
        (GOAL, None, None, None, None, None),
        ("Meningkatnya kualitas jalan", "Persentase panjang jalan dalam kondisi baik ( > 40 KM/Jam )", None, None, None, GOAL),
        ("Meningkatnya usaha mikro", "Persentase usaha mikro yang naik kelas", "85%", "persen", None, GOAL),
        ("Meningkatnya usaha mikro", "Persentase koperasi yang dibina", "1 Dokumen", "dokumen", None, GOAL),
    ], key=str)


def test_an_unruled_target_year_column_gives_the_year_and_is_cut_off_the_names(tmp_path):
    """"Indikator Kinerja ... Target 2016" over names with their value level with their first
    line, no wall between: each value is its own indicator's target, the header its year; a
    line printed across the column (no gap) is not cut."""
    def draw(page):
        _goal_over_two(page, "SASARAN PROGRAM : Meningkatnya kualitas koperasi", "SASARAN PROGRAM : Meningkatnya usaha mikro")
        _text(page, 36, 204, "Indikator Kinerja", font="hebo")
        _text(page, 220, 204, "Target 2016", font="hebo")
        _text(page, 36, 222, "Persentase koperasi aktif yang")
        _text(page, 228, 222, "50%")
        _text(page, 36, 232, "melaksanakan RAT")
        _text(page, 36, 250, "Jumlah koperasi berkualitas")
        _text(page, 228, 250, "120 Unit")
        _text(page, 326, 204, "Indikator Kinerja", font="hebo")
        _text(page, 326, 222, "Jumlah usaha mikro yang menerima pembinaan lanjutan")

    _, rows = _scan(tmp_path, draw)
    assert sorted(rows, key=str) == sorted([
        (GOAL, None, None, None, None, None),
        ("Meningkatnya kualitas koperasi", "Persentase koperasi aktif yang melaksanakan RAT", "50%", "persen", 2016, GOAL),
        ("Meningkatnya kualitas koperasi", "Jumlah koperasi berkualitas", "120 Unit", "unit", 2016, GOAL),
        ("Meningkatnya usaha mikro", "Jumlah usaha mikro yang menerima pembinaan lanjutan", None, None, None, GOAL),
    ], key=str)


def test_kepala_seksi_and_kepala_uptd_unit_headers_take_the_table_paths_eselon(tmp_path):
    """Unit lists headed by the post, not the unit: "KEPALA BIDANG ..." heads "KEPALA SEKSI ..."
    (eselon IV, hanging under the bidang); a "Kepala UPTD ..." heading no unit is eselon IV."""
    def draw(page):
        for rect, text in [((60, 80, 300, 100), "KEPALA BIDANG BINA MARGA"),
                           ((60, 102, 110, 122), "3.1"), ((110, 102, 300, 122), "Persentase jalan mantap"),
                           ((80, 150, 300, 170), "KEPALA SEKSI PEMELIHARAAN JALAN"),
                           ((80, 172, 130, 192), "3.1.1"), ((130, 172, 300, 192), "Panjang jalan yang dipelihara"),
                           ((340, 80, 560, 100), "Kepala UPTD Peralatan dan Perbekalan"),
                           ((340, 102, 390, 122), "4.1"), ((390, 102, 560, 122), "Jumlah alat berat yang siap operasi")]:
            _box(page, rect)
            _text(page, rect[0] + 4, rect[3] - 6, text, size=7)
        page.draw_line((180, 122), (180, 150), color=(0, 0, 0), width=1)

    result, _ = _scan(tmp_path, draw)
    got = {(r.org_unit, r.indikator): r.level for r in result.indicators}
    assert got == {("KEPALA BIDANG BINA MARGA", "Persentase jalan mantap"): "eselon_iii",
                   ("KEPALA SEKSI PEMELIHARAAN JALAN", "Panjang jalan yang dipelihara"): "eselon_iv",
                   ("Kepala UPTD Peralatan dan Perbekalan", "Jumlah alat berat yang siap operasi"): "eselon_iv"}
    by_id = {r.record_id: r for r in result.indicators}
    seksi = next(r for r in result.indicators if r.indikator == "Panjang jalan yang dipelihara")
    assert by_id[seksi.parent_record_id].indikator == "Persentase jalan mantap"


TUJUAN = "Terwujudnya tata kelola pertanian yang akuntabel"


def test_label_lines_are_labels_a_wrapped_indicator_stays_whole_and_a_factor_box_is_no_record(tmp_path):
    """'Sasaran :' and 'Indikator 1' / 'Indikator 2' printed on lines of their own are labels,
    not text; a name wrapped before 'Nilai' or after 'dengan' is one indicator; a box holding
    only a factor phrase (no header, indicator or value, nothing under it) gives no record."""
    def draw(page):
        _box(page, (150, 60, 445, 80), fill=(0.95, 0.9, 0.8))
        _text(page, 156, 74, "TUJUAN", font="hebo")
        _box(page, (150, 80, 445, 110))
        _text(page, 156, 98, TUJUAN)
        _bus(page, 297, 110, 140, (120, 470), 170)
        _box(page, (30, 170, 280, 330))
        for y, line, font in [(184, "Sasaran :", "hebo"), (196, "Meningkatnya produksi padi", "helv"),
                              (212, "Indikator 1", "hebo"), (230, "Persentase peningkatan", "helv"),
                              (240, "Nilai Tukar Petani", "helv"), (258, "Indikator 2", "hebo"),
                              (276, "Jumlah lahan sawah yang dicetak dengan", "helv"), (286, "Luas tanam bertambah", "helv")]:
            _text(page, 36, y, line, font=font)
        _box(page, (320, 170, 580, 230))
        _text(page, 326, 190, "Faktor pendukung: ketersediaan air irigasi")

    _, rows = _scan(tmp_path, draw)
    assert rows == [
        (TUJUAN, None, None, None, None, None),
        ("Meningkatnya produksi padi", "Persentase peningkatan Nilai Tukar Petani", None, None, None, TUJUAN),
        ("Meningkatnya produksi padi", "Jumlah lahan sawah yang dicetak dengan Luas tanam bertambah", None, None, None, TUJUAN),
    ]


def test_an_ik_box_drawn_right_under_an_unheaded_goal_box_holds_that_goals_indicator(tmp_path):
    """Goal boxes with no header word, each with an 'IK : ...' box drawn just under it, the goals
    joined by connectors: each goal has its indicator, the lower goals hang under the top one."""
    top = "MENINGKATNYA PRODUKSI PERIKANAN BUDIDAYA"

    def draw(page):
        for rect, text, fill in [((200, 60, 400, 90), top, (0.8, 1, 0.8)),
                                 ((200, 93, 400, 118), "IK : Volume produksi perikanan budidaya", None),
                                 ((60, 200, 260, 230), "Meningkatnya benih ikan bermutu", (0.8, 1, 0.8)),
                                 ((60, 233, 260, 258), "IK : Jumlah benih ikan bersertifikat", None),
                                 ((340, 200, 540, 230), "Meningkatnya kawasan budidaya aktif", (0.8, 1, 0.8)),
                                 ((340, 233, 540, 258), "IK : Luas kawasan budidaya yang berproduksi", None)]:
            _box(page, rect, fill=fill)
            _text(page, rect[0] + 5, (rect[1] + rect[3]) / 2 + 3, text, size=7)
        _bus(page, 300, 118, 160, (160, 440), 200)

    _, rows = _scan(tmp_path, draw)
    assert sorted(rows, key=str) == sorted([
        (top, "Volume produksi perikanan budidaya", None, None, None, None),
        ("Meningkatnya benih ikan bermutu", "Jumlah benih ikan bersertifikat", None, None, None, top),
        ("Meningkatnya kawasan budidaya aktif", "Luas kawasan budidaya yang berproduksi", None, None, None, top),
    ], key=str)


def test_an_indicator_cell_printed_in_lower_case_or_capitals_is_the_boxs_indicator(tmp_path):
    """Boxes of a header cell, the goal and its indicator in cells under it, the indicator's first
    word not capitalised as usual ('jumlah ...', 'PERSENTASE ...'): the lower cell is the
    indicator, not a second goal."""
    top = "Meningkatnya kunjungan wisatawan daerah"

    def draw(page):
        for x0, head, goal, indicator in [(200, "SASARAN STRATEGIS", top, "Jumlah kunjungan wisatawan"),
                                          (60, "SASARAN KEGIATAN", "Terpromosinya potensi wisata di media sosial",
                                           "jumlah media sosial yang digunakan"),
                                          (340, "SASARAN KEGIATAN", "TERLAKSANANYA EVENT WISATA DAERAH",
                                           "PERSENTASE EVENT YANG TERLAKSANA")]:
            y0 = 60 if x0 == 200 else 200
            for k, (text, fill) in enumerate([(head, (1, 0.95, 0.8)), (goal, None), (indicator, None)]):
                _box(page, (x0, y0 + 25 * k, x0 + 200, y0 + 25 * (k + 1)), fill=fill)
                _text(page, x0 + 5, y0 + 25 * k + 15, text, size=7, font="hebo" if k == 0 else "helv")
        _bus(page, 300, 135, 160, (160, 440), 200)

    _, rows = _scan(tmp_path, draw)
    assert sorted(rows, key=str) == sorted([
        (top, "Jumlah kunjungan wisatawan", None, None, None, None),
        ("Terpromosinya potensi wisata di media sosial", "jumlah media sosial yang digunakan", None, None, None, top),
        ("TERLAKSANANYA EVENT WISATA DAERAH", "PERSENTASE EVENT YANG TERLAKSANA", None, None, None, top),
    ], key=str)


def _tight(page, x, y, words, size=8, gap=1.0):
    """Words set tightly: each printed with its space character, the next placed `gap` pt on."""
    for w in words:
        page.insert_text((x, y), w + " ", fontsize=size, fontname="helv")
        x += pymupdf.get_text_length(w, fontname="helv", fontsize=size) + gap


def test_tightly_set_words_keep_the_spaces_the_pdf_prints(tmp_path):
    """A sheet set with narrow word spacing (a space character, but a gap under a fifth of the
    line height, the next word lower-case): the words stay apart ("Persentase koperasi")."""
    def draw(page):
        _box(page, (150, 60, 445, 80), fill=(0.85, 0.95, 0.85))
        _text(page, 156, 74, "SASARAN STRATEGIS", font="hebo")
        _box(page, (150, 80, 445, 110))
        _tight(page, 156, 98, "Meningkatnya kualitas kelembagaan koperasi".split())
        _bus(page, 297, 110, 140, (160, 440), 170)
        for x0, goal, ind in [(30, "Meningkatnya koperasi aktif", "Persentase koperasi aktif yang sehat"),
                              (320, "Meningkatnya koperasi mandiri", "Jumlah koperasi yang mandiri")]:
            _box(page, (x0, 170, x0 + 260, 190), fill=(0.85, 0.9, 1))
            _text(page, x0 + 6, 184, "SASARAN PROGRAM :", font="hebo")
            _box(page, (x0, 190, x0 + 260, 240))
            _tight(page, x0 + 6, 204, goal.split())
            _text(page, x0 + 6, 218, "Indikator :", font="hebo")
            _tight(page, x0 + 6, 230, ind.split())

    _, rows = _scan(tmp_path, draw)
    top = "Meningkatnya kualitas kelembagaan koperasi"
    assert sorted(rows, key=str) == sorted([
        (top, None, None, None, None, None),
        ("Meningkatnya koperasi aktif", "Persentase koperasi aktif yang sehat", None, None, None, top),
        ("Meningkatnya koperasi mandiri", "Jumlah koperasi yang mandiri", None, None, None, top),
    ], key=str)


def _cell(page, rect, text, fill=None, font="helv"):
    _box(page, rect, fill=fill)
    y = rect[1] + 10
    for line in text.split("\n"):
        _text(page, rect[0] + 4, y, line, size=7, font=font)
        y += 9


def test_goal_groups_side_by_side_in_one_root_box_give_rows_per_group_and_children_hang_under_their_group(tmp_path):
    """A root box 'KEPALA DINAS ...' over 'Sasaran Strategis 1 | Sasaran Strategis 2', each
    group its own column of sasaran and indicator cells at its own row heights: each indicator
    is its group's; a box drawn under a group hangs from that group's row."""
    def draw(page):
        _cell(page, (40, 60, 540, 80), "KEPALA DINAS PERIKANAN", fill=(1, 0.9, 0.6), font="hebo")
        for rect, text, head in [((40, 80, 290, 95), "Sasaran Strategis 1", True),
                                 ((40, 95, 290, 120), "Meningkatnya produksi perikanan tangkap", False),
                                 ((40, 120, 290, 135), "Indikator Kinerja", True),
                                 ((40, 135, 290, 150), "Volume produksi ikan tangkap", False),
                                 ((40, 150, 290, 165), "Jumlah nelayan yang diasuransikan", False),
                                 ((290, 80, 540, 95), "Sasaran Strategis 2", True),
                                 ((290, 95, 540, 112), "Meningkatnya konsumsi ikan masyarakat", False),
                                 ((290, 112, 540, 127), "Indikator Kinerja", True),
                                 ((290, 127, 540, 165), "Angka konsumsi ikan per kapita", False)]:
            _cell(page, rect, text, fill=(0.9, 0.9, 1) if head else None, font="hebo" if head else "helv")
        for x0, goal in ((60, "Meningkatnya armada tangkap yang layak"), (310, "Meningkatnya promosi makan ikan")):
            page.draw_line((x0 + 105, 165), (x0 + 105, 200), color=(0, 0, 0))
            _cell(page, (x0, 200, x0 + 210, 215), "SASARAN PROGRAM", fill=(0.9, 1, 0.9), font="hebo")
            _cell(page, (x0, 215, x0 + 210, 240), goal)

    _, rows = _scan(tmp_path, draw)
    one, two = "Meningkatnya produksi perikanan tangkap", "Meningkatnya konsumsi ikan masyarakat"
    assert sorted(rows, key=str) == sorted([
        (one, "Volume produksi ikan tangkap", None, None, None, None),
        (one, "Jumlah nelayan yang diasuransikan", None, None, None, None),
        (two, "Angka konsumsi ikan per kapita", None, None, None, None),
        ("Meningkatnya armada tangkap yang layak", None, None, None, None, one),
        ("Meningkatnya promosi makan ikan", None, None, None, None, two),
    ], key=str)


def test_a_tree_drawn_left_to_right_takes_its_parents_from_the_columns(tmp_path):
    """TUJUAN at the left, two SASARAN boxes in the next column, a PROGRAM box right of each,
    elbow connectors between the columns, 'INDIKATOR 1: ...' cells under the headers: each box
    hangs under the box to its left, and 'INDIKATOR 1:' is a label, not part of the name."""
    tujuan = "Meningkatkan kesejahteraan nelayan"

    def draw(page):
        _cell(page, (30, 250, 180, 300), f"TUJUAN : {tujuan}", fill=(1, 0.9, 0.7))
        for y, goal, ind in [(150, "Meningkatnya produksi perikanan", "Volume produksi ikan"),
                             (350, "Meningkatnya nilai tukar nelayan", "Nilai tukar nelayan")]:
            _cell(page, (230, y, 400, y + 30), f"SASARAN : {goal}", fill=(0.8, 0.9, 1))
            _cell(page, (230, y + 30, 400, y + 50), f"INDIKATOR 1: {ind}")
            for a, b in [((180, 275), (205, 275)), ((205, 275), (205, y + 25)), ((205, y + 25), (230, y + 25)),
                         ((400, y + 25), (450, y + 25))]:
                page.draw_line(a, b, color=(0, 0, 0))
            _cell(page, (450, y, 600, y + 30), "PROGRAM : Program pengelolaan perikanan", fill=(0.9, 1, 0.9))
            _cell(page, (450, y + 30, 600, y + 50), f"INDIKATOR 1: Jumlah kapal di {goal.split()[-1]}")

    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    draw(page)
    doc.save(tmp_path / "ltr.pdf")
    result = scan_file(tmp_path / "ltr.pdf")
    by_id = {r.record_id: r for r in result.indicators}
    rows = sorted((r.sasaran or r.program, r.indikator, by_id[r.parent_record_id].sasaran if r.parent_record_id else None)
                  for r in result.indicators)
    assert rows == sorted([
        (tujuan, None, None),
        ("Meningkatnya produksi perikanan", "Volume produksi ikan", tujuan),
        ("Meningkatnya nilai tukar nelayan", "Nilai tukar nelayan", tujuan),
        ("Program pengelolaan perikanan", "Jumlah kapal di perikanan", "Meningkatnya produksi perikanan"),
        ("Program pengelolaan perikanan", "Jumlah kapal di nelayan", "Meningkatnya nilai tukar nelayan"),
    ])


def test_the_settings_object_reaches_the_stages():
    """DiagramSettings passed to read_diagram_page is the one the stages use: a cell share
    so small that every drawn cell counts as a frame leaves no box; the defaults find them."""
    from ingest.readers.diagram import read_diagram_page
    from ingest.readers.diagram_settings import DiagramSettings

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _goal_over_two(page, "SASARAN PROGRAM : Meningkatnya koperasi sehat", "SASARAN PROGRAM : Meningkatnya usaha mikro")
    assert len(read_diagram_page(page, 1).boxes) == 3
    assert read_diagram_page(page, 1, s=DiagramSettings(max_cell_share=1e-6)).boxes == []
