"""Write eval/agency_pairs_synthetic.tsv: pairs for the kinds the real pairs hold too few of (issue 17).

    python eval/synth_pairs.py

Each pair is a real printed name (from eval/agency_pairs_real.tsv) or a SAKIP-style template,
and a copy with one change whose effect on meaning is known by construction:
- same indicator: an OCR slip (0/o, 1/l/i, 5/s, rn/m, cl/d, vv/w), a typing slip, an
  abbreviation put for its long form or back, the reporting agency or region named inside,
  a word split in two or two run together, filler (enumerator, case, unit, 'yang');
- a near-miss: another measure word, number, level (provinsi/kabupaten), negation, grade or
  roman numeral, or object verb, sometimes with a slip on top so the near-miss is not cleaner
  than the true pairs.
The part (held / dev) is drawn per pair with a fixed seed as the pair is made. The agencies and
regions used here are a hand-written list, not read from the shipped gazetteer.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from normalize.repair import is_known  # noqa: E402  (only to keep slips from landing on real words)

ABBREVIATIONS = [
    ("SPIP", "Sistem Pengendalian Intern Pemerintah"), ("APIP", "Aparat Pengawasan Intern Pemerintah"),
    ("OPD", "Organisasi Perangkat Daerah"), ("PD", "Perangkat Daerah"), ("BMD", "Barang Milik Daerah"),
    ("RTLH", "Rumah Tidak Layak Huni"), ("ASN", "Aparatur Sipil Negara"), ("IKM", "Indeks Kepuasan Masyarakat"),
    ("SAKIP", "Sistem Akuntabilitas Kinerja Instansi Pemerintah"), ("TB", "Tuberkulosis"),
    ("PHBS", "Perilaku Hidup Bersih dan Sehat"), ("UMKM", "Usaha Mikro, Kecil dan Menengah"),
    ("IKM", "Industri Kecil dan Menengah"), ("LKjIP", "Laporan Kinerja Instansi Pemerintah"),
    ("RSUD", "Rumah Sakit Umum Daerah"), ("SDM", "Sumber Daya Manusia"), ("AKI", "Angka Kematian Ibu"),
    ("AKB", "Angka Kematian Bayi"), ("IPM", "Indeks Pembangunan Manusia"), ("TPT", "Tingkat Pengangguran Terbuka"),
    ("PAD", "Pendapatan Asli Daerah"), ("DBD", "Demam Berdarah Dengue"), ("LPK", "Lembaga Pelatihan Kerja"),
    ("RB", "Reformasi Birokrasi"), ("SPM", "Standar Pelayanan Minimal"), ("PMKS", "Penyandang Masalah Kesejahteraan Sosial"),
]
TEMPLATES_ABBR = [
    "Nilai maturitas {SPIP}", "Level kapabilitas {APIP}", "Persentase {OPD} yang menyampaikan laporan kinerja tepat waktu",
    "Persentase {BMD} yang tercatat dan tervalidasi", "Jumlah {RTLH} yang direhabilitasi", "Persentase {ASN} yang mengikuti diklat teknis",
    "Nilai {SAKIP} perangkat daerah", "Angka keberhasilan pengobatan {TB}", "Persentase rumah tangga ber-{PHBS}",
    "Jumlah {UMKM} yang difasilitasi", "Persentase {RSUD} terakreditasi paripurna", "Jumlah {SDM} kesehatan yang dilatih",
    "{AKI} per 100.000 kelahiran hidup", "{AKB} per 1.000 kelahiran hidup", "{IPM}", "{TPT}", "Rasio {PAD} terhadap total pendapatan",
    "Incidence rate {DBD}", "Jumlah {LPK} yang terakreditasi", "Indeks {RB}", "Persentase capaian {SPM} bidang kesehatan",
    "Persentase {PMKS} yang tertangani", "Persentase {PD} yang menerapkan sistem informasi", "Jumlah {ASN} yang naik pangkat tepat waktu",
    "Persentase rekomendasi {APIP} yang ditindaklanjuti", "Persentase {BMD} dalam kondisi baik", "Nilai {IKM} pelayanan perizinan",
]
AGENCIES = [
    "Dinas Kesehatan", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Tenaga Kerja dan Transmigrasi", "Dinas Pendidikan",
    "Badan Kepegawaian Daerah", "Badan Perencanaan Pembangunan Daerah", "Inspektorat", "Dinas Sosial", "Dinas Perhubungan",
    "Badan Pengelolaan Keuangan dan Aset Daerah", "Dinas Pemuda dan Olahraga", "Sekretariat Daerah", "Dinas Pariwisata",
    "Dinkes", "Disnakertrans", "Bappeda", "DPUPR", "BPKAD",
]
REGIONS = [
    ("Kabupaten", "Grobogan"), ("Kabupaten", "Jombang"), ("Kabupaten", "Banyuwangi"), ("Kabupaten", "Tanah Bumbu"),
    ("Kabupaten", "Minahasa Selatan"), ("Kabupaten", "Boyolali"), ("Kabupaten", "Deli Serdang"), ("Kabupaten", "Cianjur"),
    ("Kota", "Tangerang"), ("Kota", "Bandung"), ("Kota", "Surabaya"), ("Kota", "Makassar"), ("Kab.", "Pasuruan"),
    ("Provinsi", "Jawa Barat"), ("Provinsi", "Sulawesi Tengah"), ("Provinsi", "Sumatera Utara"), ("Prov.", "Jawa Tengah"),
    ("Kabupaten", "Sleman"), ("Kabupaten", "Sikka"), ("Kota", "Kupang"), ("Provinsi", "Nusa Tenggara Barat"),
]
MEASURES = ["Persentase", "Jumlah", "Rasio", "Indeks", "Rata-rata", "Cakupan", "Proporsi"]
VERBS = ["dibangun", "dipelihara", "direhabilitasi", "ditingkatkan", "disusun", "dievaluasi", "diselesaikan", "dibina", "dilatih"]
NEAR_TEMPLATES = {
    "level": [
        ("Persentase jalan {x} dalam kondisi mantap", ["provinsi", "kabupaten", "nasional", "desa"]),
        ("Panjang jalan {x} yang dibangun", ["provinsi", "kabupaten", "kota", "desa"]),
        ("Jumlah atlet berprestasi tingkat {x}", ["provinsi", "nasional", "internasional", "kabupaten"]),
        ("Persentase daerah irigasi kewenangan {x} dalam kondisi baik", ["provinsi", "kabupaten", "pusat"]),
        ("Jumlah dokumen perencanaan tingkat {x} yang disusun", ["provinsi", "kecamatan", "desa", "kabupaten"]),
        ("Persentase jembatan {x} dalam kondisi baik", ["provinsi", "kabupaten", "kota"]),
    ],
    "negation": [
        ("Persentase penduduk {x}miskin", ["", "tidak "]), ("Jumlah rumah {x}layak huni yang diperbaiki", ["", "tidak "]),
        ("Persentase perusahaan yang {x}patuh terhadap norma kerja", ["", "tidak "]),
        ("Persentase sekolah yang {x}memenuhi standar sarana", ["", "belum "]),
        ("Jumlah desa {x}tertinggal", ["", "tidak ", "sangat "]), ("Persentase balita {x}stunting", ["", "tidak "]),
        ("Persentase penyakit {x}menular yang ditangani", ["", "tidak "]),
    ],
    "grade": [
        ("Persentase sekolah terakreditasi minimal {x}", ["A", "B", "C"]),
        ("Jumlah ASN yang lulus diklat PIM {x}", ["II", "III", "IV"]), ("Nilai SAKIP minimal {x}", ["A", "BB", "B", "CC"]),
        ("Jumlah RSUD kelas {x}", ["A", "B", "C", "D"]), ("Jumlah pejabat eselon {x} yang dilantik", ["II", "III", "IV"]),
        ("Predikat opini BPK {x}", ["WTP", "WDP"]), ("Persentase puskesmas terakreditasi {x}", ["paripurna", "utama", "madya", "dasar"]),
    ],
    "number": [
        ("Persentase desa/kelurahan yang mencapai UCI {x}", ["≥ 90%", "≥ 80%", "100%"]),
        ("Persentase penduduk usia {x} yang mendapat skrining kesehatan", ["15-59 tahun", "60 tahun ke atas", "0-5 tahun"]),
        ("Persentase kab/kota dengan {x} puskesmas melaksanakan pelayanan kesehatan jiwa", ["100%", "50%", "80%"]),
        ("Persentase balita usia {x} bulan yang ditimbang", ["0-59", "6-23", "12-59"]),
        ("Jumlah kecamatan dengan cakupan air minum di atas {x}", ["60%", "80%", "90%"]),
        ("Angka kematian bayi per {x} kelahiran hidup", ["1.000", "100.000"]),
        ("Persentase jalan dengan lebar minimal {x} meter", ["4,5", "6", "7"]),
    ],
}


def _words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[A-Za-z]{5,}", text)]


_OCR = [("l", "1"), ("i", "1"), ("I", "l"), ("o", "0"), ("O", "0"), ("s", "5"), ("m", "rn"), ("d", "cl"), ("w", "vv"), ("i", "l"), ("l", "i")]


def ocr_slip(text: str, rng: random.Random) -> str | None:
    spans = _words(text)
    rng.shuffle(spans)
    for s, e in spans:
        w = text[s:e]
        options = [(i, a, b) for i in range(len(w)) for a, b in _OCR if w.startswith(a, i)]
        if not options:
            continue
        i, a, b = rng.choice(options)
        slipped = w[:i] + b + w[i + len(a):]
        if not is_known(slipped.lower()):
            return text[:s] + slipped + text[e:]
    return None


def typo(text: str, rng: random.Random) -> str | None:
    spans = [sp for sp in _words(text) if sp[1] - sp[0] >= 7]
    rng.shuffle(spans)
    for s, e in spans:
        w = text[s:e]
        j = rng.randrange(1, len(w) - 1)
        kind = rng.choice(("drop", "swap", "double", "vowel"))
        if kind == "drop":
            slipped = w[:j] + w[j + 1:]
        elif kind == "swap":
            slipped = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        elif kind == "double":
            slipped = w[:j] + w[j] + w[j:]
        else:
            slipped = w[:j] + rng.choice("aeiou") + w[j + 1:]
        if slipped != w and not is_known(slipped.lower()):
            return text[:s] + slipped + text[e:]
    return None


def split_or_join(text: str, rng: random.Random) -> str | None:
    words = text.split()
    if rng.random() < 0.5:
        long_ = [i for i, w in enumerate(words) if len(w) >= 8 and w.isalpha()]
        if long_:
            i = rng.choice(long_)
            j = rng.randrange(3, len(words[i]) - 2)
            if not (is_known(words[i][:j].lower()) and is_known(words[i][j:].lower())):
                words[i] = words[i][:j] + " " + words[i][j:]
                return " ".join(words)
    pairs = [i for i in range(len(words) - 1) if words[i].isalpha() and words[i + 1].isalpha()]
    if pairs:
        i = rng.choice(pairs)
        nxt = words[i + 1]
        words[i] = words[i] + (nxt[:1].upper() + nxt[1:] if rng.random() < 0.5 else nxt)
        del words[i + 1]
        return " ".join(words)
    return None


def filler(text: str, rng: random.Random) -> str | None:
    choice = rng.randrange(5)
    if choice == 0:
        return f"{rng.randrange(1, 12)}. {text}"
    if choice == 1:
        return text.upper()
    if choice == 2:
        return text + rng.choice([" (%)", " (Orang)", " (Dokumen)", " (Unit)"])
    if choice == 3 and " yang " not in text:
        words = text.split()
        if len(words) > 2:
            return " ".join(words[:2] + ["yang"] + words[2:])
    return text.lower()


def scope(text: str, rng: random.Random) -> tuple[str, str]:
    """The same indicator as printed by two agencies, each naming itself or its region."""
    def name() -> str:
        level, region = rng.choice(REGIONS)
        form = rng.randrange(4)
        if form == 0:
            return f"{rng.choice(AGENCIES)} {level} {region}"
        if form == 1:
            return f"{level} {region}"
        if form == 2:
            return f"Pemerintah {level} {region}"
        return rng.choice(AGENCIES)

    a = f"{text} {name()}" if rng.random() < 0.7 else f"{text} di {name()}"
    b = f"{text} {name()}" if rng.random() < 0.5 else text
    return a, b


def abbreviation(rng: random.Random) -> tuple[str, str]:
    template = rng.choice(TEMPLATES_ABBR)
    acr = re.search(r"\{(\w+)\}", template).group(1)
    longs = [long_ for a, long_ in ABBREVIATIONS if a == acr]
    long_ = longs[0]
    short = template.format(**{acr: acr})
    full = template.format(**{acr: long_})
    if rng.random() < 0.3:
        full = template.format(**{acr: f"{long_} ({acr})"})
    return (short, full) if rng.random() < 0.5 else (full, short)


def near_measure(text: str, rng: random.Random) -> str | None:
    for m in MEASURES:
        if re.match(rf"(?:\W*\d*\W*)?{m}\b", text, re.I):
            other = rng.choice([x for x in MEASURES if x != m])
            return re.sub(rf"\b{m}\b", other, text, count=1, flags=re.I)
    return None


def near_verb(text: str, rng: random.Random) -> str | None:
    for v in VERBS:
        if re.search(rf"\b{v}\b", text, re.I):
            return re.sub(rf"\b{v}\b", rng.choice([x for x in VERBS if x != v]), text, count=1, flags=re.I)
    return None


def main() -> None:
    rng = random.Random(1717)
    with open(ROOT / "agency_pairs_real.tsv", encoding="utf-8") as f:
        real = list(csv.DictReader(f, delimiter="\t"))
    names = sorted({r["a"] for r in real} | {r["b"] for r in real})
    names = [n for n in names if 3 <= len(n.split()) <= 14]
    out: list[list] = []
    seen: set[frozenset] = set()

    def add(a: str | None, b: str | None, same: int, kind: str, base: str) -> None:
        if a and b and a != b and frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            out.append([a, b, same, kind, "held" if rng.random() < 1 / 3 else "dev", "synthetic", "", base, ""])

    for kind, fn, n in (("ocr", ocr_slip, 45), ("typo", typo, 30), ("split", split_or_join, 30), ("filler", filler, 20)):
        for base in rng.sample(names, n):
            add(base, fn(base, rng), 1, kind, "real name")
    for base in rng.sample(names, 45):
        a, b = scope(base, rng)
        if rng.random() < 0.3:
            a = ocr_slip(a, rng) or typo(a, rng) or a
        add(a, b, 1, "scope", "real name")
    for _ in range(45):
        a, b = abbreviation(rng)
        add(a, b, 1, "abbreviation", "template")
    for base in rng.sample(names, 120):
        b = near_measure(base, rng)
        if b and rng.random() < 0.3:
            b = typo(b, rng) or b
        add(base, b, 0, "near_measure", "real name")
        if sum(1 for o in out if o[3] == "near_measure") >= 35:
            break
    for base in rng.sample(names, len(names)):
        add(base, near_verb(base, rng), 0, "near_verb", "real name")
        if sum(1 for o in out if o[3] == "near_verb") >= 25:
            break
    for kind, templates in NEAR_TEMPLATES.items():
        for template, values in templates:
            for i in range(len(values)):
                for j in range(i + 1, len(values)):
                    a, b = template.format(x=values[i]), template.format(x=values[j])
                    if rng.random() < 0.25:
                        b = ocr_slip(b, rng) or b
                    if rng.random() < 0.2:
                        level, region = rng.choice(REGIONS)
                        a, b = f"{a} {level} {region}", f"{b} {rng.choice(REGIONS)[0]} {rng.choice(REGIONS)[1]}"
                    add(a, b, 0, f"near_{kind}", "template")
    with open(ROOT / "agency_pairs_synthetic.tsv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["a", "b", "same", "kind", "part", "origin", "similarity", "source_a", "source_b"])
        w.writerows(out)
    print(f"{len(out)} synthetic pairs")


if __name__ == "__main__":
    main()
