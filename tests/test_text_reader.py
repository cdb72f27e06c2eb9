from ingest.columns import column_roles, is_header_row, is_numbering_row, role_of
from ingest.layout import Paragraph, Row
from ingest.readers.text import clean_inline, read_text
from ingest.stitch import stitch_tables


def test_markdown_latex_and_html_noise_is_removed_but_text_kept():
    assert clean_inline("**KEPALA DINAS**") == "KEPALA DINAS"
    assert clean_inline("➔ **Kasubag Umum**") == "Kasubag Umum"
    assert clean_inline(r"Jadi $882 : 1.762 \times 100 = 50.05 \%$") == "Jadi 882 : 1.762 × 100 = 50.05 %"
    assert clean_inline(r"$TPT = (\text{Jumlah Pengangguran} : \text{Angkatan Kerja}) \times 100$") == (
        "TPT = (Jumlah Pengangguran : Angkatan Kerja) × 100"
    )
    assert clean_inline("<i>dihitung karena belum</i>") == "dihitung karena belum"
    assert clean_inline("## ESELON III") == "ESELON III"


def test_tables_paragraphs_lines_and_pages():
    text = "**JUDUL\nDOKUMEN**\n\nNo\tIndikator\tTarget\n1\tA\t5%\n---\t---\t---\n2\tB\t6%\n\nSebuah paragraf.\f\nNo\tIndikator\tTarget\n3\tC\t7%\n"
    layout = read_text(text)
    kinds = [type(b).__name__ for b in layout.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table", "Paragraph", "Table"]
    assert layout.blocks[0].heading and layout.blocks[1].heading
    first = layout.blocks[2]
    assert [r.texts for r in first.rows] == [["No", "Indikator", "Target"], ["1", "A", "5%"], ["2", "B", "6%"]]
    assert [r.line for r in first.rows] == [4, 5, 7]
    assert layout.blocks[4].rows[1].page == 2 and len(layout.pages) == 2


def test_pipe_tables_are_rows():
    layout = read_text("| No | Indikator | Target |\n|---|---|---|\n| 1 | A | 5 |\n")
    (table,) = list(layout.tables())
    assert [r.texts for r in table.rows] == [["No", "Indikator", "Target"], ["1", "A", "5"]]


def test_header_roles_tolerate_typos_and_multi_level_headers():
    assert role_of("DIFINISI OPERASIONAL") == "definisi"
    assert role_of("PENANGGUNGJAWAB") == "penanggung_jawab"
    assert role_of("Capaian (%)") == "capaian"
    assert role_of("TARGET KEUANGAN") == "anggaran"
    assert role_of("% Penyerapan Anggaran") == "serapan"
    top = Row.from_texts(["No", "Indikator", "Tahun 2025", "", "Tahun 2024", ""])
    sub = Row.from_texts(["", "", "Realisasi", "Capaian (%)", "Realisasi", "Capaian (%)"])
    roles = column_roles([top, sub])
    assert [(r.role, r.year) for r in roles] == [
        ("no", None), ("indikator", None), ("realisasi", 2025), ("capaian", 2025), ("realisasi", 2024), ("capaian", 2024),
    ]
    budget = column_roles([Row.from_texts(["Kinerja", "", "Anggaran", ""]), Row.from_texts(["Target", "Realisasi", "Target", "Realisasi"])])
    assert [r.role for r in budget] == ["target", "realisasi", "anggaran", "anggaran_realisasi"]


def test_header_and_numbering_rows():
    assert is_header_row(Row.from_texts(["No", "SASARAN", "No", "INDIKATOR", "SATUAN TARGET"]))
    assert not is_header_row(Row.from_texts(["1", "Meningkatnya X", "Persentase Y", "85%"]))
    assert is_numbering_row(Row.from_texts(["1", "2", "3", "4", "", "5"]))
    assert not is_numbering_row(Row.from_texts(["3", "Nilai SAKIP", "80"]))
    assert is_numbering_row(Row.from_texts(["(2)", "(3)", "(4)"]))  # its '(1)' column read apart
    assert not is_numbering_row(Row.from_texts(["2", "3", "4"]))  # small values, not numbering
    assert not is_numbering_row(Row.from_texts(["(2)", "(4)", "(5)"]))


def test_stitch_joins_a_table_continued_after_a_break_and_drops_repeated_headers():
    text = (
        "No\tIndikator\tTarget\n1\tA\t5%\n\n"  # page break in the source
        "\tlanjutan A\t\n2\tB\t6%\n\n"
        "No\tIndikator\tTarget\n3\tC\t7%\n\n"  # repeated header: same table
        "Paragraf di antara.\n\nNo\tIndikator\tTarget\n1\tD\t1%\n"
    )
    layout = stitch_tables(read_text(text))
    tables = list(layout.tables())
    assert len(tables) == 2
    assert [r.texts[1] for r in tables[0].rows] == ["Indikator", "A", "lanjutan A", "B", "C"]
    assert tables[0].breaks == [2, 4]
    assert [t.index for t in tables] == [0, 1]
    assert isinstance(layout.blocks[1], Paragraph)


def test_a_group_number_in_the_first_header_cell_does_not_hide_the_header():
    assert is_header_row(Row.from_texts(["1", "Sasaran", "Indikator Sasaran", "Target", "Realisasi", "Capaian Sasaran"]))
    assert not is_header_row(Row.from_texts(["1", "Meningkatnya layanan", "Persentase layanan", "85%"]))
