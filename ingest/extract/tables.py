"""Generic indicator-table reading shared by every document family.

Given a table, find its title and header rows, map every data row onto column roles, join rows
that a page break cut in two, carry merged (empty) sasaran cells down, and expand multi-year
columns into one row per year. Family extractors add what only they know (unit labels, captions).
"""

from __future__ import annotations

import re
from itertools import combinations
from dataclasses import dataclass, field
from typing import Callable, Optional

from ingest.columns import ColumnRole, column_roles, is_header_row, is_numbering_row, role_of
from ingest.extract import RawIndicator, provenance
from ingest.layout import Row, Table
from normalize.units import is_unit_word

MEASURES = ("target", "realisasi", "capaian")
BUDGET_MEASURES = ("anggaran", "anggaran_realisasi", "anggaran_capaian")
_MONEY_SCALE = re.compile(r"\b(ribu|juta|miliar|milyar)\b", re.I)  # 'Rp (juta)', 'Anggaran (Rp. Miliar)'
_SUMMARY_ROW = re.compile(r"^\s*(?:rata\s*[-–]?\s*rata|jumlah|total|j\s?u\s?m\s?l\s?a\s?h)\b", re.I)
# A row spanning a table without a sasaran column that names the sasaran of the rows under it.
_GROUP_ROW = re.compile(r"^\s*(?:sasaran|tujuan)(?:\s+(?:strategis|program|kegiatan))?\s*(?:\d+|[IVX]+)?\s*[:.)-]\s*", re.I)
_KNOWN_NAME_UNIT = re.compile(r"%|persen|rp\.?|rupiah|orang|jiwa|tahun|hari|km|ha|ton|poin|indeks|kk|m[23]?", re.I)
_NAME_TAIL = re.compile(r"\(\s*([^()]{1,30}?)\s*\)\s*$")
_ACRONYM = re.compile(r"[A-Z]{2,}")
_MAGNITUDE = re.compile(r"ribu|juta|miliar|milyar|triliun", re.I)
# "Target (Dok)", "Target (%) 2023": the satuan printed in the target column's header (a "Capaian (%)"
# column says how capaian is counted, not the indicator's unit)
_UNIT_IN_HEAD = re.compile(
    r"\(\s*(%|persen|rp\.?|rupiah|orang|org|jiwa|tahun|bulan|hari|km|m|ha|ton|unit|buah|dok|dokumen|laporan|"
    r"paket|kali|poin|nilai|indeks)\s*\)", re.I)
_BARE_PERCENT_HEAD = re.compile(r"(?:^|\s)%\s*$")  # "Target %" / "2016 / Target %": the % printed under the label


def _head_unit(label: str) -> Optional[str]:
    m = _UNIT_IN_HEAD.search(label or "")
    if m:
        return m.group(1)
    return "%" if _BARE_PERCENT_HEAD.search(label or "") else None


_BASELINE = re.compile(r"kondisi\s+(?:awal|eksisting)|baseline|data\s+dasar|eksisting|existing", re.I)
_NUMBERED = re.compile(r"^\(?\d{1,3}[.)]?\)?$|^[a-zA-Z][.)]$|^[IVX]{1,4}\.?$")


@dataclass(slots=True)
class TableShape:
    title_rows: list[Row]
    header_rows: list[Row]
    roles: list[ColumnRole]
    first_data: int  # index of the first data row


def unit_in_name(text: str) -> Optional[str]:
    """The unit printed in parentheses at the end of a name: "Laju Pertumbuhan Ekonomi (%)", "Jumlah
    embung yang dibangun (Lokasi)", "Jumlah Dokumen Perencanaan (Dokumen)", "(ribu orang)". One or two
    words count when they are a unit word, repeat a word of the name or follow a magnitude; an
    acronym or a word that expands the name ("Pelayanan Kesehatan Masyarakat (Perkesmas)") does not."""
    m = _NAME_TAIL.search(text or "")
    if not m:
        return None
    inner = m.group(1)
    if _KNOWN_NAME_UNIT.fullmatch(inner):
        return inner
    words = inner.split()
    if not 1 <= len(words) <= 2 or not re.fullmatch(r"[A-Za-z][A-Za-z/ ]*", inner) or _ACRONYM.search(inner):
        return None
    named = {w.lower() for w in re.findall(r"[A-Za-z]+", text[: m.start()])}
    if is_unit_word(inner) or is_unit_word(words[0]) or words[0].lower() in named or _MAGNITUDE.fullmatch(words[0]):
        return inner
    return None


def _single_text(row: Row) -> Optional[str]:
    texts = [c.text.strip() for c in row.cells if c.text.strip()]
    return texts[0] if len(texts) == 1 else None


def shape_of(table: Table, max_scan: int = 5) -> TableShape:
    """Title rows (one filled cell) and header rows at the top of a table, and the column roles."""
    titles: list[Row] = []
    headers: list[Row] = []
    i = 0
    while i < min(len(table.rows), max_scan + len(titles)):
        row = table.rows[i]
        if not headers and _single_text(row) is not None and not is_header_row(row):
            titles.append(row)
        elif is_header_row(row) or (headers and (_is_subheader(row) or continues_header(row, headers[-1]))):
            headers.append(row)
        elif headers and is_numbering_row(row):
            pass
        else:
            break
        i += 1
    roles = _label_over_numbers(column_roles(headers), table.rows[i:])
    seen_no = False
    for r in roles:  # "No | SASARAN | No | INDIKATOR": the second number column numbers indicators
        if r.role == "no":
            if seen_no:
                r.role = "indikator_no"
            seen_no = True
    return TableShape(titles, headers, roles, i)


_SPREAD_ROLES = {"sasaran", "indikator", "program", "kegiatan"}


def _label_over_numbers(roles: list[ColumnRole], body: list[Row]) -> list[ColumnRole]:
    """'Indikator Kinerja Utama' printed over two columns, the numbers and the names: the column
    of numbers (every filled cell an enumerator) numbers the rows, the unlabelled column beside it
    holds what the label names."""
    def column(k: int) -> list[str]:
        return [r.cells[k].text.strip() for r in body if k < len(r.cells) and r.cells[k].text.strip()]
    for a, b in zip(roles, roles[1:]):
        if a.role not in _SPREAD_ROLES or b.role is not None or b.label:
            continue
        nums, texts = column(a.index), column(b.index)
        if len(nums) >= 2 and all(_NUMBERED.match(t) for t in nums) and texts and not any(_NUMBERED.match(t) for t in texts):
            no = "indikator_no" if any(r.role == "no" for r in roles) else "no"
            b.role, b.label, a.role = a.role, a.label, no
    return roles


def _is_subheader(row: Row) -> bool:
    """'Realisasi | Capaian (%)' under 'Tahun 2025': short labels that all name a role. A group
    row ('Sasaran Strategis 1 : Meningkatnya ...') is data, however it starts."""
    texts = [c.text.strip() for c in row.cells if c.text.strip()]
    return bool(texts) and all(role_of(t) is not None and len(t.split()) <= 6 for t in texts)


def continues_header(row: Row, above: Row) -> bool:
    """Header labels wrapped onto a second printed row ('Sasaran' / 'Strategis', 'Indikator' /
    'Kinerja'): two or more short cells without digits, each under a header cell whose label it
    completes; or a row of years only, under a header row."""
    pairs = [(above.cells[i].text.strip() if i < len(above.cells) else "", c.text.strip()) for i, c in enumerate(row.cells)]
    pairs = [(up, low) for up, low in pairs if low]
    if pairs and all(re.fullmatch(r"(?:19|20)\d\d", low) for _, low in pairs):
        return is_header_row(above)  # the years under a spanning 'Target' ('Target' / '2025 | 2026')
    if len(pairs) < 2 or any(not up or len(low.split()) > 2 or re.search(r"\d", low) for up, low in pairs):
        return False
    return all(role_of(up) is not None and role_of(f"{up} {low}") == role_of(up) for up, low in pairs)


@dataclass(slots=True)
class MappedRow:
    index: int
    row: Row
    cells: dict[int, str]  # column index -> text
    text: str = ""  # source text (joined rows when a row was cut)
    joined: list[int] = field(default_factory=list)


_FIGURE = re.compile(r"^[-(Rp.\s]*\d[\d.,\s]*(?:%|,-)?\)?$")
_TEXT_ROLES = {"program", "belanja", "indikator", "sasaran"}
_FIGURE_ROLES = {"anggaran", "anggaran_realisasi", "realisasi", "target", "capaian", "serapan"}


def _fit(texts: list[str], roles: list[ColumnRole]) -> int:
    """How many cells sit in a column of their kind: words under a name role, figures under an amount role."""
    kinds = {r.index: r.role for r in roles}
    score = 0
    for i, t in enumerate(texts):
        if t and kinds.get(i) in _TEXT_ROLES:
            score += 1 if not _FIGURE.match(t) else -1
        elif t and kinds.get(i) in _FIGURE_ROLES:
            score += 1 if _FIGURE.match(t) else -1
    return score


def _drop_stray_empties(texts: list[str], roles: list[ColumnRole]) -> list[str]:
    """A row printed one or two cells wider than its table because of empty cells a page break or a
    split grid added: drop the empty cells that put the most words under name columns and figures
    under amount columns, if that fits better than merging the trailing cells."""
    width = len(roles)
    extra = len(texts) - width
    empties = [i for i, t in enumerate(texts) if not t]
    if not 0 < extra <= 2 or len(empties) < extra or len(empties) > 6:
        return texts
    merged = texts[: width - 1] + [" ".join(t for t in texts[width - 1:] if t)]
    best, best_score = merged, _fit(merged, roles)
    for drop in combinations(empties, extra):
        kept = [t for i, t in enumerate(texts) if i not in drop]
        if (score := _fit(kept, roles)) > best_score:
            best, best_score = kept, score
    return best


def _printed_cells(row: Row, width: int) -> list[str]:
    """The row's cell texts without the empty cells that have no position in a row whose other
    cells have one, while the row is wider than its table: a grid split adds such a cell, nothing
    is printed there."""
    cells = row.cells
    if len(cells) > width and any(c.bbox for c in cells):
        phantoms = set([i for i, c in enumerate(cells) if c.bbox is None and not c.text.strip()][: len(cells) - width])
        cells = [c for i, c in enumerate(cells) if i not in phantoms]
    return [c.text.strip() for c in cells]


def _align(row: Row, width: int, roles: Optional[list[ColumnRole]] = None) -> dict[int, str]:
    texts = _printed_cells(row, width)
    while texts and not texts[-1] and len(texts) > width:
        texts.pop()
    if roles and len(texts) > width == len(roles):
        texts = _drop_stray_empties(texts, roles)
    if len(texts) > width and width:
        head, extra = texts[: width - 1], texts[width - 1:]
        texts = head + [" ".join(t for t in extra if t)]
    if len(texts) < width and texts and not _NUMBERED.match(texts[0] or "x"):
        texts = [""] * (width - len(texts)) + texts  # a row whose empty leading cells were dropped
    return {i: t for i, t in enumerate(texts)}


def _has_number(cells: dict[int, str], roles: list[ColumnRole]) -> bool:
    return any(cells.get(r.index) for r in roles if r.role in ("no", "indikator_no"))


def _has_measure(cells: dict[int, str], roles: list[ColumnRole]) -> bool:
    return any(
        cells.get(r.index) for r in roles if r.role in MEASURES or r.role in ("satuan_target", "anggaran")
    )


def _identity_empty(cells: dict[int, str], roles: list[ColumnRole], key: str) -> bool:
    return not any(cells.get(r.index) for r in roles if r.role == key)


_CONTINUES = re.compile(r"(?:\b(?:dan|serta|atau|yang|di|ke|dari|untuk|dengan|dalam|terhadap|bagi|pada|per)|[,&/(-])\s*$", re.I)


def carries_on(above: str, text: str) -> bool:
    """`text`, printed under `above` in the same cell's column, is the rest of it: it starts in
    lower case, or `above` ends mid-phrase."""
    return bool(above) and bool(text) and (text[:1].islower() or bool(_CONTINUES.search(above)))


def _wrapped_key(cells: dict[int, str], prev: dict[int, str], roles: list[ColumnRole], key: str) -> bool:
    """A row holding only the rest of the row above's key cell, wrapped onto the next printed line
    ('... standar kompetensi dan' / 'mengikuti diklat teknis'): no number, no value, nothing but the
    key cell, which starts in lower case or continues a text that ends mid-phrase."""
    if _has_number(cells, roles) or _has_measure(cells, roles):
        return False
    keys = [r.index for r in roles if r.role == key]
    filled = [i for i, t in cells.items() if t]
    if len(filled) != 1 or filled[0] not in keys:
        return False
    return carries_on(prev.get(filled[0], ""), cells[filled[0]])


def _rest_of_row(cells: dict[int, str], prev: dict[int, str], roles: list[ColumnRole], key: str) -> bool:
    """A row holding the rest of the numbered row above, printed as a row of its own (a row cut
    by a page break, drawn as two): no number and no value (the caller checks), text in the key
    cell and in at least one more, each under a cell of the row above that has text."""
    keys = {r.index for r in roles if r.role == key}
    filled = {i for i, t in cells.items() if t}
    return (
        len(filled) >= 2 and bool(filled & keys) and all(prev.get(i) for i in filled)
        and _has_number(prev, roles) and _has_measure(prev, roles)
    )


def _repeats_header(row: Row, shape: TableShape) -> bool:
    """A header printed again inside the table (after a page break): its cells name the same roles
    in the same columns. A data row whose words happen to name roles ("Dokumen Perencanaan ...")
    is kept."""
    if not is_header_row(row):
        return False
    own = [role_of(c.text) for c in row.cells]
    expected = [r.role for r in shape.roles]
    named = [i for i, r in enumerate(own) if r and r != "year"]
    hits = sum(1 for i in named if i < len(expected) and expected[i] == own[i])
    return not expected or 2 * hits >= len(named)


def merged_values(table: Table, columns: set[int], first: int = 0) -> dict[int, dict[int, str]]:
    """Text of merged cells (rowspan > 1) in `columns`, by the later rows they cover: row index ->
    column -> text. A cell covers the rows of its page whose middle lies inside its box, or, with no
    boxes (a Word table), the `rowspan` rows under it."""
    out: dict[int, dict[int, str]] = {}
    rows = table.rows
    for i in range(first, len(rows)):
        for j, cell in enumerate(rows[i].cells):
            if j not in columns or cell.rowspan < 2 or not cell.text.strip():
                continue
            for k in range(i + 1, len(rows)):
                below = rows[k]
                if below.page != rows[i].page:
                    break
                if cell.bbox is not None and below.bbox is not None:
                    if (below.bbox[1] + below.bbox[3]) / 2 > cell.bbox[3]:
                        break
                elif k >= i + cell.rowspan:
                    break
                out.setdefault(k, {})[j] = cell.text.strip()
    return out


def data_rows(
    table: Table, shape: TableShape, key: str = "indikator", spread: tuple[str, ...] = ()
) -> list[MappedRow]:
    """Data rows mapped to column indices, with rows cut by a break (or a wrapped cell printed as
    its own row) joined to the row they belong to. `key` is the role that identifies a record.
    A merged cell of a `spread` role (one "100%" printed over four indicators) is each covered
    row's own value when that row prints its own key cell."""
    roles = shape.roles
    width = len(roles)
    measured = any(r.role in MEASURES or r.role == "satuan_target" for r in roles)
    has_key = any(r.role == key for r in roles)
    keys = [r.index for r in roles if r.role == key]
    merged = merged_values(table, {r.index for r in roles if r.role in spread}, shape.first_data) if spread else {}
    out: list[MappedRow] = []
    for idx in range(shape.first_data, len(table.rows)):
        row = table.rows[idx]
        if row.is_empty() or is_numbering_row(row) or _repeats_header(row, shape):
            continue
        cells = _align(row, width, roles)
        if idx in merged and any(cells.get(i) for i in keys):
            for j, text in merged[idx].items():
                cells[j] = cells.get(j) or text
        prev = out[-1] if out else None
        fragment = False
        if prev is not None and not _has_number(cells, roles) and not _has_measure(cells, roles):
            if has_key and _identity_empty(cells, roles, key):
                fragment = True
            elif measured and idx in table.breaks:
                fragment = True
            elif measured and _wrapped_key(cells, prev.cells, roles, key):
                fragment = True
            elif measured and _rest_of_row(cells, prev.cells, roles, key):
                fragment = True
        elif (
            prev is not None and measured and idx in table.breaks and not _has_number(cells, roles)
            and not _has_measure(prev.cells, roles) and _identity_empty(cells, roles, "sasaran")
        ):  # a row cut by the break before its values: the values' half continues it
            fragment = True
        if fragment and prev is not None:
            for i, t in cells.items():
                if t:
                    prev.cells[i] = f"{prev.cells.get(i, '')} {t}".strip()
            prev.text = f"{prev.text}\n{row.source_text}"
            prev.joined.append(idx)
            continue
        out.append(MappedRow(idx, row, cells, row.source_text))
    return out


def _year_groups(roles: list[ColumnRole]) -> list[Optional[int]]:
    """The years to emit one record each for; [None] or [y] for a single-period table."""
    years_by_measure: dict[str, set[int]] = {}
    for r in roles:
        if r.role in MEASURES and r.year is not None:
            years_by_measure.setdefault(r.role, set()).add(r.year)
    # several years of one measure: one record per year printed for any measure (a baseline
    # "Kondisi Awal (2024)" beside "Target 2025 ... 2029" is the 2024 record)
    every = {y for ys in years_by_measure.values() for y in ys}
    baseline = any(r.role == "realisasi" and r.year is not None and _BASELINE.search(r.label) for r in roles)
    multi = sorted(every) if any(len(ys) > 1 for ys in years_by_measure.values()) or (
        baseline and len(every) > 1
    ) else []  # ('Kondisi Awal 2013 | Target 2014': the baseline is 2013's realisasi, not 2014's)
    if multi:
        return list(multi)
    for measure in MEASURES:
        if years_by_measure.get(measure):
            return [min(years_by_measure[measure])]
    return [None]


def indicator_rows(
    table: Table,
    shape: TableShape,
    *,
    carry: tuple[str, ...] = ("sasaran",),
    key: str = "indikator",
) -> list[RawIndicator]:
    """One RawIndicator per data row and printed year, fields keyed by role name."""
    roles = shape.roles
    groups = _year_groups(roles)
    multi_year = len(groups) > 1
    carried: dict[str, str] = {}
    out: list[RawIndicator] = []
    grouped = "sasaran" in carry and not any(r.role == "sasaran" for r in roles)
    no_cols = [r.index for r in roles if r.role == "no"] if "sasaran" in carry and not grouped else []
    waiting, early = False, list[RawIndicator]()  # a numbered group still without its printed sasaran, and its records
    sharing: list[RawIndicator] = []  # records under the sasaran printed last
    head_units = {_head_unit(r.label) for r in roles if r.role == "target"} - {None}
    head_unit = head_units.pop() if len(head_units) == 1 else None  # one unit for every target column, or none
    for mapped in data_rows(table, shape, key=key, spread=(*MEASURES, "satuan", "satuan_target")):
        filled = [t for t in mapped.cells.values() if t]
        if grouped and len(filled) == 1 and (m := _GROUP_ROW.match(filled[0])) and filled[0][m.end():].strip():
            carried["sasaran"] = filled[0][m.end():].strip()  # 'Sasaran 1: ...' spanning the table
            continue
        base: dict[str, str] = {}
        per_year: dict[Optional[int], dict[str, str]] = {}  # (the last year group is an int when multi_year)
        staged: list[str] = []
        for r in roles:
            text = mapped.cells.get(r.index, "")
            if r.role == "triwulan":  # a staged (quarterly) target: kept beside the year's target
                if text:
                    staged.append(f"{r.label.split(' / ')[-1]}: {text}")
                continue
            if r.role is None or r.role in ("no", "indikator_no", "year"):
                continue
            if r.role in BUDGET_MEASURES and text and (m := _MONEY_SCALE.search(r.label)) and re.fullmatch(r"[\d.,\s]+", text):
                text = f"{text} {m.group(1).lower()}"  # 'Rp (juta)': the amounts are printed in millions
            if multi_year and r.role in (*MEASURES, *BUDGET_MEASURES) and r.year is not None:
                per_year.setdefault(r.year, {})[r.role] = text
                if r.year_printed is not None:
                    per_year[r.year]["year_printed"] = str(r.year_printed)
            elif multi_year and r.role in MEASURES and text:  # 'Capaian (%)' beside yearly columns: the last year's
                per_year.setdefault(groups[-1], {}).setdefault(r.role, text)
            elif text:
                base[r.role] = f"{base[r.role]} {text}".strip() if r.role in base else text
        if not base.get("satuan") and not base.get("satuan_target") and (unit := unit_in_name(base.get(key, ""))):
            base["satuan"] = unit  # "Laju Pertumbuhan Ekonomi (%)": the unit printed in the name
        # the header unit of the target column(s) this row prints in ('Target (%)' of the program,
        # 'Target (orang)' of the sub kegiatan in one combined table); none when they disagree
        row_units = {_head_unit(r.label) for r in roles if r.role == "target" and mapped.cells.get(r.index, "")} - {None}
        unit = row_units.pop() if len(row_units) == 1 else (head_unit if not row_units else None)
        if not base.get("satuan") and not base.get("satuan_target") and unit:
            base["satuan"] = base["satuan_header"] = unit  # after the value cells' own units (normalize)
        if staged:
            base["keterangan"] = "; ".join(filter(None, [base.get("keterangan"), ", ".join(staged)]))
        # A numbered group whose merged sasaran cell is printed on a later row (text centred in the
        # cell): that sasaran belongs to the group's earlier rows too, not the previous group's.
        if no_cols and any(mapped.cells.get(i) for i in no_cols):
            waiting, early = not base.get("sasaran"), []
        elif waiting and base.get("sasaran"):
            for raw in early:
                raw.fields["sasaran"] = base["sasaran"]
            waiting, early = False, []
        own = base.get("sasaran", "")
        wrapped = bool(own) and (
            (own[:1].islower() and not own.split()[0].lower().endswith("nya"))  # "terlaksananya ..." starts one
            or bool(_CONTINUES.search(carried.get("sasaran", "")))
        )
        if wrapped and carried.get("sasaran") and "sasaran" in carry and not (no_cols and any(mapped.cells.get(i) for i in no_cols)):
            # a merged sasaran cell's text wrapped onto the next printed row: one sasaran
            base["sasaran"] = f"{carried['sasaran']} {own}"
            for raw in sharing:
                raw.fields["sasaran"] = base["sasaran"]
        elif own:
            sharing = []
        for name in carry:
            if base.get(name):
                carried[name] = base[name]
            elif name in carried:
                base[name] = carried[name]
        if not any(base.get(k) for k in (key, *MEASURES)) and not any(per_year.values()):
            continue
        if not base.get(key) and _SUMMARY_ROW.match(next((v for v in mapped.cells.values() if v), "")):
            continue  # 'Rata-rata capaian' / 'Jumlah': a summary line, no indicator
        prov = provenance(table, mapped.index, mapped.row, mapped.text)
        for year in groups:
            fields = dict(base)
            if multi_year and year is not None:
                printed = {k: v for k, v in per_year.get(year, {}).items() if v}
                if not any(k in MEASURES for k in printed):
                    continue  # (a year's amount alone, with no kinerja printed, makes no record)
                fields.update(printed)
            out.append(RawIndicator(fields=fields, prov=prov, year=year))
            sharing.append(out[-1])
            if waiting:
                early.append(out[-1])
    return out


def split_tujuan(roles: list[ColumnRole]) -> bool:
    """'Tujuan | Sasaran | Indikator': both name a sasaran-like column. The tujuan column becomes
    the parent of the sasaran instead of being glued onto it."""
    ident = [r for r in roles if r.role == "sasaran"]
    if len(ident) < 2:
        return False
    tujuan = [r for r in ident if re.search(r"\btujuan\b", r.label, re.I) and not re.search(r"sasaran", r.label, re.I)]
    for r in tujuan:
        r.role = "tujuan"
    return bool(tujuan)


def _tier_split(roles: list[ColumnRole]) -> Optional[int]:
    """'Sasaran | Indikator | Target | Program | Indikator Program | Target': two tiers side by side.
    The column where the second tier starts (a program/kegiatan column after an indikator column
    and before another one), or None."""
    kinds = [r.role for r in roles]
    for i, r in enumerate(roles):
        if r.role == "program" and "indikator" in kinds[:i] and "indikator" in kinds[i + 1:]:
            return i
    return None


def tiered_rows(table: Table, shape: TableShape, *, carry: tuple[str, ...] = ("sasaran",)) -> list[RawIndicator]:
    """indicator_rows, reading a table that prints two tiers in one row as two records: the upper
    tier's (sasaran, its indikator and target) and the program tier's, whose parent is the sasaran
    of the same or the last row above."""
    split = _tier_split(shape.roles)
    if split is None:
        return indicator_rows(table, shape, carry=carry)

    def part(keep: Callable[[int], bool]) -> TableShape:
        roles = [ColumnRole(r.index, r.role if keep(r.index) else None, r.year, r.label) for r in shape.roles]
        return TableShape(shape.title_rows, shape.header_rows, roles, shape.first_data)

    upper = indicator_rows(table, part(lambda i: i < split), carry=carry)
    lower = indicator_rows(table, part(lambda i: i >= split), carry=("program",))
    for raw in lower:
        above = [u for u in upper if (u.prov.row_index or 0) <= (raw.prov.row_index or 0)]
        if above:
            raw.parent_sasaran = above[-1].fields.get("sasaran")
        raw.level = "program"
    return sorted(upper + lower, key=lambda r: (r.prov.row_index or 0, r.level == "program"))
