"""OCR engines behind one small interface: a grey page image -> words with pixel boxes.

Two engines, chosen with `kinerja scan --ocr-engine` (measured in benchmarks/bench_ocr.py):
- `tesseract` (default): the `tesseract` command with its Indonesian model, about 2 s for an A4
  page at 200 dpi on one core;
- `rapidocr`: RapidOCR 3 with the PP-OCR ONNX models shipped inside the `rapidocr` wheel
  (optional extra `kinerja[rapidocr]`), fewer misread characters but about three times slower.

Every word carries its text line's top and bottom (not its own ink box), so the words of one
printed line share their height whatever letters they hold, as a PDF's text layer does.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from ingest import ocr
from ingest.ocr import OcrError, OcrWord

ENGINES = ("tesseract", "rapidocr")
DEFAULT_ENGINE = "tesseract"
PAGE_MIN_CONF = 20.0  # a whole page keeps doubtful words (flagged later) rather than lose them
REREAD_CONF = 60.0  # a word read with less confidence than this is read again from its own crop
MAX_REREAD = 150  # words read again on one page at most (the least confident first)


class Engine(Protocol):
    name: str

    def read(self, grey: np.ndarray) -> list[OcrWord]:
        """Words of an upright grey image (uint8, H x W), boxes in its pixels, conf 0-100."""
        ...

    def recheck(self, grey: np.ndarray, words: list[OcrWord], most: int = MAX_REREAD) -> list[OcrWord]:
        """The words of the image as read at last: doubtful ones (`most` of them at most) read
        again where the engine can, and those still below PAGE_MIN_CONF dropped."""
        ...


def _png(grey: np.ndarray) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".png", grey)
    if not ok:
        raise OcrError("cannot encode the page image")
    return buf.tobytes()


class Tesseract:
    """Page segmentation 6 (one block of aligned lines): the automatic layout analysis (3)
    drops narrow columns of numbers as noise. The English model alone: the Indonesian one reads
    every "%" as "Yo", and words come out as well either way (bench_ocr, PK scans)."""

    name = "tesseract"

    def __init__(self, langs: str | None = None) -> None:
        self.langs = langs or os.environ.get("KINERJA_TESSERACT_LANGS", "eng")

    def read(self, grey: np.ndarray) -> list[OcrWord]:
        exe = ocr.tesseract()
        if exe is None:
            raise OcrError(ocr.unavailable_reason() or "tesseract is not installed")
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            done = subprocess.run(
                [exe, "stdin", "stdout", "-l", self.langs, "--psm", "6", "tsv"],
                input=_png(grey), capture_output=True, timeout=ocr.TIMEOUT * 2, env=env,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise OcrError(f"tesseract failed: {exc}") from exc
        if done.returncode != 0:
            raise OcrError(f"tesseract failed: {done.stderr.decode(errors='replace').strip()[:200]}")
        return _tesseract_lines(done.stdout.decode("utf-8", errors="replace"))

    def recheck(self, grey: np.ndarray, words: list[OcrWord], most: int = MAX_REREAD) -> list[OcrWord]:
        """A second look at the words read with less than REREAD_CONF (the least confident
        `most` of them), each from its own crop as one line (psm 7), doubled in size and
        binarised: in a whole-page pass a short number in a wide, noisy cell is often read as
        letters ('72,5' as 'Daas'). The new reading replaces the first only when it is more
        confident, and says so (`reread`). One Tesseract run for all crops of a page (a list
        file), so the model loads once."""
        todo = sorted((w.conf, k) for k, w in enumerate(words) if w.conf < REREAD_CONF)[:most]
        boxes = [_ink_box(words[k]) for _, k in todo]
        again = self._read_crops(grey, [b for b in boxes if b is not None])
        out = list(words)
        for (_, k), box in zip(todo, boxes):
            text, conf = again.get(box, ("", 0.0)) if box is not None else ("", 0.0)
            text = text.strip("|")
            if conf > words[k].conf and any(ch.isalnum() or ch == "%" for ch in text):
                out[k] = replace(words[k], text=text, conf=conf, reread=True)
        return [w for w in out if w.conf >= PAGE_MIN_CONF]

    def _read_crops(self, grey: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> dict[tuple[int, int, int, int], tuple[str, float]]:
        """Box -> (text, mean confidence) of each crop read as one line."""
        if not boxes:
            return {}
        import cv2

        exe = ocr.tesseract()
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        with tempfile.TemporaryDirectory(prefix="kinerja-ocr-") as tmp:
            names = []
            for k, (x0, y0, x1, y1) in enumerate(boxes):
                crop = grey[max(0, y0 - 4):y1 + 4, max(0, x0 - 4):x1 + 4]
                crop = cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
                crop = cv2.threshold(cv2.GaussianBlur(crop, (3, 3), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
                crop = cv2.copyMakeBorder(crop, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)
                name = str(Path(tmp) / f"{k}.png")
                cv2.imwrite(name, crop)
                names.append(name)
            listing = Path(tmp) / "crops.txt"
            listing.write_text("\n".join(names) + "\n")
            try:
                done = subprocess.run([exe, str(listing), "stdout", "-l", self.langs, "--psm", "7", "tsv"],
                                      capture_output=True, timeout=ocr.TIMEOUT * 2, env=env)
            except (OSError, subprocess.SubprocessError):
                return {}  # the first reading stands
        if done.returncode != 0:
            return {}
        got: dict[int, list[tuple[str, float]]] = {}
        for c in (r.split("\t") for r in done.stdout.decode("utf-8", errors="replace").splitlines()[1:]):
            if len(c) >= 12 and c[0] == "5" and c[11].strip():
                got.setdefault(int(c[1]) - 1, []).append((c[11].strip(), float(c[10])))
        return {boxes[k]: (" ".join(t for t, _ in ws), sum(f for _, f in ws) / len(ws))
                for k, ws in got.items() if 0 <= k < len(boxes)}


def _ink_box(word: OcrWord) -> tuple[int, int, int, int] | None:
    box = word.ink or word.bbox
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    return (x0, y0, x1, y1) if y1 - y0 >= 6 and x1 - x0 >= 4 else None


def _tesseract_lines(tsv: str) -> list[OcrWord]:
    """TSV rows -> words, each with the top and bottom of its line (level 4) and its own ink box.
    Doubtful words are kept down to PAGE_MIN_CONF here, and below it when `recheck` may read
    them again."""
    lines: dict[tuple[str, ...], tuple[int, int]] = {}
    rows = [r.split("\t") for r in tsv.splitlines()[1:]]
    for c in rows:
        if len(c) >= 12 and c[0] == "4":
            top, height = int(c[7]), int(c[9])
            lines[tuple(c[1:5])] = (top, top + height)
    out: list[OcrWord] = []
    for c in rows:
        if len(c) < 12 or c[0] != "5":
            continue
        text = c[11].strip().strip("|")
        try:
            conf = float(c[10])
            left, top, width, height = (int(v) for v in c[6:10])
        except ValueError:
            continue
        if not any(ch.isalnum() or ch == "%" for ch in text) or conf < 0 or not any(ch.isalnum() or ch == "%" for ch in text):
            continue
        y0, y1 = lines.get(tuple(c[1:5]), (top, top + height))
        if y1 - y0 > 2 * max(height, 1):  # a line box spanning cells whose lines do not align
            y0, y1 = top, top + height
        out.append(OcrWord((left, y0, left + width, y1), text, conf, ink=(left, top, left + width, top + height)))
    return out


class RapidOCR:
    name = "rapidocr"

    def __init__(self) -> None:
        self._engine = _rapid()

    def read(self, grey: np.ndarray) -> list[OcrWord]:
        import cv2

        result = self._engine(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), return_word_box=True)
        out: list[OcrWord] = []
        for line_box, words in zip(result.boxes if result.boxes is not None else [], result.word_results or []):
            ys = [p[1] for p in line_box]
            y0, y1 = min(ys), max(ys)
            for text, score, quad in words:
                text = text.strip().strip("|")
                if not text or not any(ch.isalnum() or ch == "%" for ch in text):
                    continue
                xs = [p[0] for p in quad]
                out.append(OcrWord((min(xs), y0, max(xs), y1), text, float(score) * 100))
        return out

    def recheck(self, grey: np.ndarray, words: list[OcrWord], most: int = MAX_REREAD) -> list[OcrWord]:
        return [w for w in words if w.conf >= PAGE_MIN_CONF]  # its recogniser already reads each line alone


@lru_cache(maxsize=1)
def _rapid():
    try:
        from rapidocr import RapidOCR as _Rapid
    except ImportError as exc:
        raise OcrError("the rapidocr engine is not installed (pip install 'kinerja[rapidocr]')") from exc
    # the models shipped in the wheel; one thread, as the batch pool runs one worker per core
    return _Rapid(params={
        "Global.log_level": "error", "Global.use_cls": False,
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })


_MAKERS: dict[str, Callable[[], Engine]] = {"tesseract": Tesseract, "rapidocr": RapidOCR}


def engine(name: str = DEFAULT_ENGINE) -> Engine:
    """The engine called `name`; OcrError when it is not installed here."""
    if name not in _MAKERS:
        raise OcrError(f"unknown OCR engine {name!r} (choose {', '.join(ENGINES)})")
    return _MAKERS[name]()
