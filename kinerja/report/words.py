"""The report's own words in Bahasa Indonesia and English, picked with the same `say` the
finding messages use (validate.report). Finding messages keep the language of the scan."""

from __future__ import annotations

from validate.report import say

WORDS: dict[str, tuple[str, str]] = {
    "title": ("Laporan audit kinerja", "kinerja audit report"),
    "source": ("Sumber", "Source"),
    "summary": ("Ringkasan", "Summary"),
    "findings": ("Temuan", "Findings"),
    "indicators": ("Indikator", "Indicators"),
    "budget": ("Anggaran", "Budget"),
    "document": ("Dokumen", "Document"),
    "doc_title": ("Judul", "Title"),
    "agency": ("Instansi", "Agency"),
    "region": ("Wilayah", "Region"),
    "year": ("Tahun", "Year"),
    "doc_type": ("Jenis dokumen", "Document type"),
    "status": ("Status", "Status"),
    "note": ("Catatan", "Note"),
    "status_ok": ("terbaca", "ok"),
    "status_failed": ("gagal", "failed"),
    "status_skipped": ("dilewati", "skipped"),
    "pages": ("Halaman", "Pages"),
    "page": ("Hlm.", "Page"),
    "line": ("Baris teks", "Line"),
    "rows": ("Baris data", "Rows"),
    "n_indicators": ("Indikator", "Indicators"),
    "n_budget": ("Baris anggaran", "Budget lines"),
    "error": ("kesalahan", "error"),
    "warning": ("peringatan", "warning"),
    "info": ("info", "info"),
    "severity": ("Tingkat", "Severity"),
    "rule": ("Aturan", "Rule"),
    "section": ("Bagian / tabel", "Section / table"),
    "names": ("Menyangkut", "Concerns"),
    "stated": ("Tertulis", "Stated"),
    "expected": ("Seharusnya", "Expected"),
    "message": ("Uraian", "Message"),
    "printed": ("Teks tercetak", "Printed text"),
    "evidence": ("Bukti", "Evidence"),
    "open_page": ("lihat hlm. {page}", "see p. {page}"),
    "open_text": ("lihat teks", "see text"),
    "no_image": ("tanpa gambar", "no image"),
    "image_limit": ("di luar batas gambar", "over the image limit"),
    "file_missing": ("berkas sumber tidak ditemukan", "source file not found"),
    "file_changed": ("berkas sumber berubah sejak dipindai", "source file changed since the scan"),
    "no_page": ("tidak menunjuk halaman", "no page cited"),
    "not_located": ("sel tidak terlokasi: seluruh halaman", "cells not located: whole page"),
    "filter": ("Saring…", "Filter…"),
    "all_documents": ("Semua dokumen", "All documents"),
    "all_severities": ("Semua tingkat", "All severities"),
    "shown": ("ditampilkan", "shown"),
    "matching": ("cocok", "match"),
    "more": ("Tampilkan {n} baris lagi", "Show {n} more rows"),
    "close": ("Tutup", "Close"),
    "zoom_hint": ("(klik gambar untuk ukuran penuh)", "(click the image for full size)"),
    "sort_hint": ("Klik judul kolom untuk mengurutkan.", "Click a column heading to sort."),
    "lang_note": ("Uraian temuan ditulis dalam bahasa pemindaian (kinerja scan --lang).",
                  "Finding messages are in the language of the scan (kinerja scan --lang)."),
    "sasaran": ("Sasaran", "Sasaran"),
    "indikator": ("Indikator", "Indikator"),
    "org_unit": ("Unit / jabatan", "Unit / position"),
    "satuan": ("Satuan", "Satuan"),
    "target": ("Target", "Target"),
    "realisasi": ("Realisasi", "Realisasi"),
    "capaian": ("Capaian (%)", "Capaian (%)"),
    "kriteria": ("Kriteria", "Kriteria"),
    "program": ("Program / kegiatan", "Program / kegiatan"),
    "anggaran": ("Anggaran (Rp)", "Anggaran (Rp)"),
    "anggaran_realisasi": ("Realisasi anggaran (Rp)", "Budget realised (Rp)"),
    "level": ("Tingkat anggaran", "Budget level"),
    "code": ("Kode", "Code"),
    "name": ("Nama", "Name"),
    "persen": ("Persen (%)", "Percent (%)"),
    "concerned_row": ("Baris yang dimaksud", "Row concerned"),
    "finding_on_row": ("Temuan pada baris ini", "Findings on this row"),
    "finding_severity": ("Tingkat temuan", "Finding severity"),
    "record": ("ID baris", "Record id"),
    "generated": ("dibuat oleh kinerja report", "made by kinerja report"),
}


def status(lang: str, value: object) -> str:
    """A document's status (ok, failed, skipped) in the report's language; unknown ones as stored."""
    key = f"status_{value}"
    return word(lang, key) if key in WORDS else str(value or "")


def word(lang: str, key: str, **values: object) -> str:
    text = say(lang, *WORDS[key])
    return text.format(**values) if values else text
