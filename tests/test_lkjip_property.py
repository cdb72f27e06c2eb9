"""Whatever arrangement of cells an LKjIP or IKU conversion prints, extraction never raises and
every record and budget line points back to a printed line."""

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.iku import extract_iku
from ingest.extract.lkjip import extract_lkjip
from ingest.readers.text import read_text
from ingest.stitch import stitch_tables

HEADERS = [
    "No", "Sasaran", "Tujuan", "Indikator Kinerja", "Target", "Target 2024", "Realisasi", "Realisasi 2023",
    "Capaian (%)", "%", "Kriteria", "Satuan", "Anggaran", "Realisasi Anggaran", "Serapan (%)", "Efisiensi",
    "Program/Kegiatan", "Uraian", "Kode", "Penanggung Jawab", "Formulasi", "Definisi Operasional", "",
]
CELLS = st.one_of(
    st.sampled_from(["", "1", "1.", "a. Belanja Pegawai", "Program : X", "Sub Kegiatan : Y", "Sasaran Strategis 1 : Z",
                     "85%", "12,5", "1.000.000", "N/A", "-", "91 - 100", "Sangat Tinggi", "JUMLAH", "1.02.01",
                     "<table><tr><td>A</td><td><60</td></tr></table>"]),
    st.text(alphabet="abcXYZ %:.,-0123456789", max_size=12),
)
LINES = st.one_of(
    st.lists(CELLS, min_size=1, max_size=7).map("\t".join),
    st.lists(st.sampled_from(HEADERS), min_size=2, max_size=7).map("\t".join),
    st.sampled_from(["", "Tabel 3.1", "Skala nilai sebagai berikut:", "- 91 - 100 : Sangat Baik", "BAB I", "\f",
                     "KEPUTUSAN KEPALA DINAS X", "NOMOR 1 TAHUN 2024", "TENTANG", "Pada Tanggal : 1 Mei 2024"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, max_size=40))
def test_extractors_never_raise_and_keep_provenance(lines):
    layout = stitch_tables(read_text("\n".join(lines)))
    for extract in (extract_lkjip, extract_iku):
        ex = extract(layout)
        for raw in ex.indicators:
            assert raw.prov.line and raw.prov.source_text
        for line in ex.budget:
            assert line.prov.line and line.prov.source_text
            assert line.parent_index is None or 0 <= line.parent_index < len(ex.budget)
        for band in ex.scale:
            assert band.label and (band.low is not None or band.high is not None)
