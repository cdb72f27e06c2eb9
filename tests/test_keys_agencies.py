"""indicator_key across agencies (issue 17): slips, abbreviations and agency names join; the
discriminators keep indicators apart; the scope is kept on the record."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kinerja.cli import app
from normalize.keys import indicator_key, key_and_scope
from normalize.repair import repair

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("a, b", [
    ("Persentase sengketa informasi yang diselesaikan", "Persentase sengketa informasi yang dise1esaikan"),  # 1 for l
    ("Indeks Kepuasan Masyarakat", "lndeks Kepuasan Masyarakat"),  # l for I
    ("Jumlah pegawai yang dilatih", "Jurnlah pegawai yang dilatih"),  # rn for m
    ("Persentase dokumen yang tersusun", "Persentase clokumen yang tersusun"),  # cl for d
    ("Prevalensi Gizi Buruk", "Privalensi Gizi Buruk"),  # a slip some document printed (it is in the lexicon)
    ("Jumlah Sistem Online yang dikembangkan", "Jumlah SistemOnline yang dikembangkan"),  # run together
    ("Jumlah jembatan yang dipelihara dan dibangun", "Jumlah jembatan yang Dipeliharadan dibangun"),
    ("Persentase penyerapan anggaran", "Persentase Penye rapan anggaran"),  # split by the PDF
    ("Nilai maturitas SPIP", "Nilai Maturitas Sistem Pengendalian Intern Pemerintah"),
    ("Nilai maturitas SPIP", "Nilai Maturitas Sistem Pengendalian Internal Pemerintah"),
    ("Jumlah LAKIP yang disusun", "Jumlah Laporan Akuntabilitas Kinerja Instansi Pemerintah yang disusun"),  # corpus sense
    ("Level Kapabilitas APIP", "Kapabilitas Aparat Pengawasan Intern Pemerintah (APIP)"),
    ("Jumlah RTLH yang direhabilitasi", "Jumlah Rumah Tidak Layak Huni yang direhab"),
    ("Persentase BMD yang tercatat", "Persentase Barang Milik Daerah yang tercatat"),
    ("Nilai SAKIP", "Nilai SAKIP OPD"),  # generic OPD at the end of the name
    ("Persentase balita gizi buruk Dinas Kesehatan Kabupaten Grobogan", "Persentase balita gizi buruk Kota Tangerang"),
    ("Persentase pencari kerja yang ditempatkan Dinas Tenaga Kerja dan Transmigrasi", "Persentase pencari kerja yang ditempatkan"),
    ("Jumlah data perencanaan Setda Provinsi Jawa Barat yang diolah", "Jumlah data perencanaan yang diolah"),
    ("Jumlah kasus di rawat inap", "Jumlah kasus rawat inap"),  # 'di' is not glued onto the word before
    ("Angka Kematian DBD", "Angka KematianDBD"),
    ("Nilai SAKIP Dinas PUPR", "Nilai SAKIP Dinas Tenaga Kerja dan Transmigrasi"),  # agency named by acronym
    ("Jumlah Dokumen Perencanaan Perangkat Daerah", "Jumlah Dokumen Perencanaan Perangkat Daerah tersusun"),
    ("Persentase ketersediaan obat essensial", "Persentase ketersediaan obat esensial"),  # doubled letter
    ("Persentase operator/tek nisi/analis bersertifikat", "Persentase operator/ teknisi/ analis bersertifikat"),
    ("Angka keberhasilan pengobatan TBC (success rate)", "Angka keberhasilan pengobatan TB"),  # English gloss
])
def test_same_indicator_joins(a, b):
    assert indicator_key(a) == indicator_key(b)


@pytest.mark.parametrize("a, b", [
    ("Persentase jalan provinsi dalam kondisi mantap", "Persentase jalan kabupaten dalam kondisi mantap"),
    ("Persentase penduduk miskin", "Persentase penduduk tidak miskin"),
    ("Persentase sekolah terakreditasi minimal A", "Persentase sekolah terakreditasi minimal B"),
    ("Jumlah ASN yang lulus diklat PIM III", "Jumlah ASN yang lulus diklat PIM IV"),
    ("Persentase desa yang mencapai UCI 90%", "Persentase desa yang mencapai UCI 80%"),
    ("IKU 1.5", "IKU 5.1"),
    ("Rata-rata lama sekolah", "Jumlah lama sekolah"),
    ("Jumlah Kendaraan Dinas Operasional yang dipelihara", "Jumlah Kendaraan yang dipelihara"),  # not an agency
    ("Jumlah batu yang dipecah", "Jumlah yang dipecah"),  # a region name ('Batu') that is a word stays
    ("Jumlah pengaduan (online)", "Jumlah pengaduan (offline)"),  # a one-word qualifier stays, English or not
    # an agency that findings come from is part of what is counted, not the agency reporting
    ("Persentase rekomendasi temuan Inspektorat yang ditindaklanjuti", "Persentase rekomendasi temuan yang ditindaklanjuti"),
])
def test_near_misses_stay_apart(a, b):
    assert indicator_key(a) != indicator_key(b)


def test_scope_is_kept_apart_from_the_key():
    key, scope = key_and_scope("Persentase balita gizi buruk Dinas Kesehatan Kabupaten Grobogan")
    assert key == indicator_key("Persentase balita gizi buruk")
    assert scope is not None and "Grobogan" in scope and "Dinas Kesehatan" in scope
    assert key_and_scope("Persentase jalan provinsi dalam kondisi mantap")[1] is None


def test_valid_words_are_never_rewritten_for_display():
    text = "Persentase instansi yang menerapkan SPIP di Kota Batu"
    assert repair(text) == (text, ())
    fixed, fixes = repair("Persentase sengketa yang dise1esaikan")
    assert fixed == "Persentase sengketa yang diselesaikan"
    assert [(f.original, f.replacement, f.rule) for f in fixes] == [("dise1esaikan", "diselesaikan", "ocr_confusion")]
    assert repair("Pengelolaan TPS3R dan K3") == ("Pengelolaan TPS3R dan K3", ())  # codes stay


def test_pair_set_dev_part_meets_the_targets():
    sys.path.insert(0, str(ROOT / "eval"))
    import score_agency_pairs as s

    rows = s.pairs("dev")
    assert len(s.pairs()) >= 600 and sum(r["kind"].startswith("near") for r in s.pairs()) * 3 >= len(s.pairs())
    f = s.figures(rows, s.key_predictions(rows))
    assert f["f1"] >= 0.95 and f["false_join_rate"] <= 0.01


def test_indicators_command_names_documents_agencies_and_scope(tmp_path):
    doc = tmp_path / "lkjip_dinkes.txt"
    doc.write_text(
        "INDIKATOR KINERJA UTAMA\n"
        "Dinas Kesehatan Kabupaten Grobogan\n"
        "No\tSasaran\tIndikator Kinerja\tSatuan\tTarget\n"
        "1\tMeningkatnya gizi\tPersentase balita gizi buruk Kabupaten Grobogan\tPersen\t2\n"
        "2\tMeningkatnya gizi\tPersentase balita gizi buruk\tPersen\t3\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["scan", str(doc), "--out", str(out), "-q"]).exit_code == 0
    result = runner.invoke(app, ["indicators", str(out / "kinerja.sqlite"), "--json"])
    assert result.exit_code == 0, result.output
    (group,) = [g for g in json.loads(result.output) if g["key"] == indicator_key("Persentase balita gizi buruk")]
    assert group["count"] == 2 and group["documents"] == 1
    assert group["document_list"][0]["name"] == "lkjip_dinkes.txt"
    assert group["scopes"] == [{"text": "Kabupaten Grobogan", "count": 1}]
    table = runner.invoke(app, ["indicators", str(out / "kinerja.sqlite")])
    assert table.exit_code == 0 and "lkjip_dinkes.txt" in table.output


def test_a_store_written_before_indicator_scope_gets_the_column(tmp_path):
    from kinerja.store import Store

    db = tmp_path / "old.sqlite"
    con = sqlite3.connect(db)
    con.execute('CREATE TABLE "indicators" ("record_id" TEXT PRIMARY KEY, "document_id" TEXT)')
    con.commit()
    con.close()
    Store(db).close()
    cols = {r[1] for r in sqlite3.connect(db).execute('PRAGMA table_info("indicators")')}
    assert "indicator_scope" in cols and "indicator_key" in cols
