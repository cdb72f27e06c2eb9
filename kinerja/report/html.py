"""The report as one HTML file: CSS and script inline, nothing fetched, so it opens from a USB
stick or an e-mail attachment. Tables filter and sort in the browser; a finding's evidence link
opens its page image (or, for text, DOCX and XLSX inputs, the printed text) in a dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional

from jinja2 import Environment, PackageLoader, select_autoescape

from kinerja.report.data import Dataset
from kinerja.report.evidence import SEVERITIES, Cited, by_record
from kinerja.report.pages import Shot
from kinerja.report.words import status, word

_EXCERPT_LINES = 3  # lines of a text input shown on each side of the cited one
_STEP = 300  # table rows shown at once (and added by "more"): laying out thousands takes a browser seconds


def number(value: Any, lang: str, decimals: int = 2) -> str:
    """1.037.280.089 / 50,05 in Indonesian, 1,037,280,089 / 50.05 in English; '' for no value."""
    if value is None or value == "":
        return ""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{x:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    if lang != "en":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def _num_or_none(value: Any) -> Optional[float]:
    try:
        return float(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def _excerpt(c: Cited, find: Callable[[str], Optional[Path]]) -> list[tuple[Optional[int], str, bool]]:
    """(line number, text, cited) of the printed text a finding concerns: the lines around it in a
    text input, else the printed text of the finding and of its records."""
    doc, f = c.document, c.finding
    cited_lines = {n for n in [f.get("line"), *(r.get("line") for r in c.records)] if isinstance(n, int)}
    if doc.get("reader") == "text" and cited_lines:
        path = find(str(doc.get("source_path") or ""))
        if path is not None:
            try:
                lines = path.read_text(encoding=doc.get("encoding") or "utf-8", errors="replace").splitlines()
            except (OSError, LookupError):
                lines = []
            if lines:
                lo, hi = max(1, min(cited_lines) - _EXCERPT_LINES), min(len(lines), max(cited_lines) + _EXCERPT_LINES)
                return [(n, lines[n - 1], n in cited_lines) for n in range(lo, hi + 1)]
    texts = [str(f.get("source_text") or "")] + [m.text for m in c.marks] + [str(r.get("source_text") or "") for r in c.records]
    seen = list(dict.fromkeys(t for t in texts if t.strip()))
    return [(None, t, i == 0) for i, t in enumerate(seen)]


def _doc_rows(ds: Dataset, cited: list[Cited]) -> list[dict[str, Any]]:
    counts: dict[str, dict[str, int]] = {}
    for c in cited:
        sp = str(c.document.get("source_path"))
        counts.setdefault(sp, dict.fromkeys(SEVERITIES, 0))[c.severity] += 1
    n_ind: dict[str | None, int] = {}  # by source path (None: a row without one)
    n_bud: dict[str | None, int] = {}
    for r in ds.indicators:
        n_ind[r.get("source_path")] = n_ind.get(r.get("source_path"), 0) + 1
    for r in ds.budget:
        n_bud[r.get("source_path")] = n_bud.get(r.get("source_path"), 0) + 1
    rows = []
    for d in sorted(ds.documents, key=lambda d: str(d.get("source_path"))):
        path = d.get("source_path")
        rows.append({"doc": d, "name": Path(str(path)).name, "indicators": n_ind.get(path, 0), "budget": n_bud.get(path, 0),
                     "severity": counts.get(str(path), dict.fromkeys(SEVERITIES, 0))})
    return rows


def render_html(ds: Dataset, cited: list[Cited], shots: dict[int, Shot], find: Callable[[str], Optional[Path]],
                lang: str, source_label: str) -> str:
    env = Environment(loader=PackageLoader("kinerja.report", "templates"), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    docs = _doc_rows(ds, cited)
    doc_index = {str(r["doc"].get("source_path")): i for i, r in enumerate(docs)}
    on_row = by_record(cited)
    fid = {id(c): f"f{i}" for i, c in enumerate(cited)}
    items = [{"c": c, "f": c.finding, "id": fid[id(c)], "shot": shots.get(id(c), Shot()), "excerpt": _excerpt(c, find),
              "doc": doc_index.get(str(c.document.get("source_path")), "")} for c in cited]

    def w(key: str, **values: object) -> str:
        return word(lang, key, **values)

    def findings_of(record: dict[str, Any]) -> list[tuple[str, str]]:
        return [(fid[id(c)], c.severity) for c in on_row.get(record.get("record_id") or "", [])]  # ("": no id, no key)

    template = env.get_template("report.html.j2")
    return template.render(
        lang=lang, w=w, status=lambda v: status(lang, v), step=_STEP, source_label=source_label, docs=docs, doc_index=doc_index, items=items, indicators=ds.indicators, budget=ds.budget, findings_of=findings_of,
        num=lambda v, d=2: number(v, lang, d), raw=_num_or_none, severities=SEVERITIES, name_of=lambda p: Path(str(p)).name,
        counts={"documents": len(ds.documents), "indicators": len(ds.indicators), "budget": len(ds.budget), "findings": len(cited)},
        by_severity={s: sum(c.severity == s for c in cited) for s in SEVERITIES},
    )
