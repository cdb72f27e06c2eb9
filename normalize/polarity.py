"""Polarity of an indicator: is a higher realisasi better, or lower, or is the target a range?

Evidence, strongest first, and named in `polarity_source`:
1. explicit: a Polaritas/Sifat column ('maximize', 'minimize', 'negatif'), or a sentence near
   the indicator ('semakin rendah ... semakin baik');
2. target: a printed range ('3 - 5 %', '4 ± 1');
3. wording: what the indicator counts (pengangguran, kematian, kasus, stunting ...), unless the
   name turns it into a goal ('Persentase penurunan angka pengangguran', 'kasus yang diselesaikan');
4. figures: the document's own target, realisasi and capaian fit only one capaian formula
   (realisasi/target for higher-is-better; (2 - r/t) or target/realisasi for lower-is-better).
   Figures come after wording: when a document computes 'Prevalensi ...' as higher-is-better, the
   name is kept and the validators get to flag the capaian, instead of the error being learned;
5. default: higher is better, as for most indicators.
"""

from __future__ import annotations

import re
from typing import Optional

_LOWER = re.compile(
    r"pengangguran|kemiskinan|penduduk miskin|\bmiskin\b|kematian|mortalitas|kecelakaan|\bkasus\b|stunting|"
    r"putus sekolah|inflasi|gizi buruk|gizi kurang|wasting|prevalensi|kriminalitas|pelanggaran|kemacetan|"
    r"banjir|genangan|kerusakan|rusak berat|sengketa|perselisihan|pengaduan|tunggakan|\btemuan\b|"
    r"rasio gini|indeks gini|gini ratio|ketimpangan|kumuh|\bkesakitan\b|insiden|penderita|"
    r"\bkejadian\b|\bklb\b|\baki\b|\bakb\b|\btpt\b|\bdbd\b|buta huruf|\bbuta aksara\b|kebakaran|"
    r"\bkerugian\b|\bkorban jiwa\b|\bdefisit\b|\bsilpa\b|\bangka kesakitan\b|"
    r"\bmeninggal\b|\bbalita pendek\b|\bobesitas\b|\bpenyalahgunaan\b|\bkonflik\b|\blubang\b"
)
# Time taken is lower-better even when the sentence names the work being finished.
_TIME = re.compile(r"\b(lama|waktu|rata-rata waktu|durasi)\b.{0,40}\b(penyelesaian|pelayanan|proses|tunggu|respon|tanggap)")
# Wording that makes a 'lower' word a goal to raise.
_INVERT = re.compile(
    r"penurunan|menurunnya|berkurangnya|pengurangan|\bturunnya\b|yang (di)?tangani|"
    r"(di|ter)?selesaikan|terselesaikan|penyelesaian|penanganan|tertangani|ditangani|"
    r"ditindaklanjuti|tindak lanjut|dicegah|pencegahan|penanggulangan|dientaskan|pengentasan|"
    r"terlayani|dilayani|mendapat(kan)? (pelayanan|layanan|penanganan|pendampingan|bantuan|perawatan)|dirawat|perawatan|"
    r"diobati|pengobatan|sembuh|kesembuhan|cakupan|terbebas|bebas|keberhasilan|berhasil|"
    r"terdeteksi|deteksi|ditemukan|penemuan|terverifikasi|rehabilitasi|direhabilitasi|"
    r"diberdayakan|pemberdayaan|terlindungi|perlindungan|dipulihkan|pemulihan|mitigasi|"
    r"mendapat(kan)?\b|tata ?laksana|pelayanan|layanan|direspon|respon|ditanggapi|tanggapan|tindakan|"
    r"terlaksana|pengendalian|pengendali|peringatan dini|investigasi|surveilans|\bdokumen\b|\blaporan\b|\bspesimen\b"
)
_RANGE = re.compile(r"^\s*\d[\d.,]*\s*%?\s*(?:-|–|—|s\.?/?d\.?|sampai|hingga|±|\+/-)\s*\d")
_EXPLICIT = {
    "higher_is_better": re.compile(r"max|maks|positif|\bnaik\b|meningkat|semakin tinggi|tinggi|higher"),
    "lower_is_better": re.compile(r"min(?!g)|negatif|\bturun\b|menurun|semakin rendah|rendah|lower"),
    "range": re.compile(r"range|rentang|stabil|interval|netral"),
}
_STATEMENT = re.compile(
    r"semakin\s+(rendah|kecil|sedikit|turun|menurun|tinggi|besar|banyak|naik|meningkat)\b[^.;]{0,80}?"
    r"semakin\s+(baik|bagus|berhasil)"
)
_LOWER_WORDS = {"rendah", "kecil", "sedikit", "turun", "menurun"}


def from_explicit(polaritas: Optional[str], texts: tuple[Optional[str], ...] = ()) -> Optional[tuple[str, str]]:
    """A Polaritas/Sifat cell, or a 'semakin ... semakin baik' sentence in the given texts."""
    if polaritas and polaritas.strip():
        p = polaritas.strip().lower()
        for polarity in ("range", "lower_is_better", "higher_is_better"):
            if _EXPLICIT[polarity].search(p):
                return polarity, "explicit:column"
    for t in texts:
        if not t:
            continue
        m = _STATEMENT.search(t.lower())
        if m:
            return ("lower_is_better" if m.group(1) in _LOWER_WORDS else "higher_is_better"), "explicit:statement"
    return None


def from_figures(target: Optional[float], realisasi: Optional[float], capaian: Optional[float]) -> Optional[str]:
    """The polarity whose capaian formula alone reproduces the printed capaian."""
    if target is None or realisasi is None or capaian is None or not target or not realisasi or abs(target - realisasi) < 1e-9:
        return None

    def fits(value: float) -> bool:
        # a capaian printed with decimals must match to rounding; a whole one may be truncated
        slack = 1.0 if float(capaian).is_integer() else 0.15
        return abs(value - capaian) <= slack

    higher = fits(realisasi / target * 100)
    lower = fits((2 - realisasi / target) * 100) or fits(target / realisasi * 100)
    if higher != lower:
        return "higher_is_better" if higher else "lower_is_better"
    return None


def from_wording(indikator: Optional[str]) -> Optional[tuple[str, str]]:
    if not indikator:
        return None
    t = re.sub(r"\s+", " ", indikator.lower())
    m = _TIME.search(t)
    if m:
        return "lower_is_better", f"wording:{m.group(1)}"
    m = _LOWER.search(t)
    if not m:
        return None
    inv = _INVERT.search(t)
    if inv:
        return "higher_is_better", f"wording:{inv.group(0)}"
    return "lower_is_better", f"wording:{m.group(0)}"


def infer_polarity(
    indikator: Optional[str],
    target_text: Optional[str] = None,
    *,
    polaritas: Optional[str] = None,
    context: tuple[Optional[str], ...] = (),
    target: Optional[float] = None,
    realisasi: Optional[float] = None,
    capaian: Optional[float] = None,
) -> tuple[Optional[str], Optional[str]]:
    """(polarity, source): source names the evidence, e.g. 'wording:pengangguran', 'figures:capaian'."""
    explicit = from_explicit(polaritas, context)
    if explicit:
        return explicit
    if target_text and _RANGE.match(target_text):
        return "range", "target:range"
    if not indikator:
        return None, None
    wording = from_wording(indikator)
    if wording:
        return wording
    figures = from_figures(target, realisasi, capaian)
    if figures:
        return figures, "figures:capaian"
    return "higher_is_better", "default"
