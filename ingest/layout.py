"""The layout model every reader fills and every extractor reads.

A document is a list of blocks in reading order: paragraphs (lines of running text, titles,
labels) and tables (rows x cells). Diagrams add boxes and connectors. Each element knows its page
and, where the reader can tell, its bbox (PDF points) and source line (text inputs), so any value
an extractor picks up can point back to where it was printed. Readers differ; this model does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional, Union

BBox = tuple[float, float, float, float]


@dataclass(slots=True)
class Cell:
    text: str
    bbox: Optional[BBox] = None
    colspan: int = 1
    rowspan: int = 1


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    page: int = 1
    line: Optional[int] = None
    bbox: Optional[BBox] = None

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    @property
    def source_text(self) -> str:
        return "\t".join(c.text for c in self.cells).strip("\t ")

    def is_empty(self) -> bool:
        return not any(c.text.strip() for c in self.cells)

    @classmethod
    def from_texts(cls, texts: list[str], page: int = 1, line: Optional[int] = None) -> "Row":
        return cls([Cell(t) for t in texts], page=page, line=line)


@dataclass(slots=True)
class Paragraph:
    text: str
    page: int = 1
    line: Optional[int] = None
    bbox: Optional[BBox] = None
    heading: bool = False  # printed as a title (markdown '#', bold, larger font)


@dataclass(slots=True)
class Table:
    rows: list[Row]
    page: int = 1
    index: int = 0
    bbox: Optional[BBox] = None
    breaks: list[int] = field(default_factory=list)  # row indices where a continuation starts

    @property
    def n_cols(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)

    @property
    def line(self) -> Optional[int]:
        return self.rows[0].line if self.rows else None


@dataclass(slots=True)
class Box:
    """A drawn box of a diagram with the text inside it."""

    text: str
    page: int
    bbox: BBox
    fill: Optional[tuple[float, float, float]] = None
    label: Optional[str] = None
    tier: Optional[str] = None
    table: Optional[Table] = None
    index: int = 0
    parent: Optional[int] = None  # index into Layout.boxes of the box above it in the tree
    link: Optional[str] = None  # how the parent was found (ingest.readers.diagram_tree.LINKS)
    fills: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # cell text -> its fill, where known
    kind: Optional[str] = None  # what the reader found it to be (ingest.readers.diagram_kinds)
    columns: dict[int, str] = field(default_factory=dict)  # a value table's column -> role


@dataclass(slots=True)
class Connector:
    """A line or arrow between two boxes (indices into Layout.boxes), as drawn."""

    page: int
    points: list[tuple[float, float]]
    source: Optional[int] = None
    target: Optional[int] = None


Block = Union[Paragraph, Table]


@dataclass(slots=True)
class Page:
    number: int
    width: Optional[float] = None
    height: Optional[float] = None
    rotation: int = 0


@dataclass(slots=True)
class ReadIssue:
    """Something the reader could not do and went on without: a page that raised (`page_lost`),
    or a file it had to repair. The pipeline turns each into a finding, so nothing is lost silently."""

    stage: str
    message: str
    page: Optional[int] = None
    page_lost: bool = False


@dataclass(slots=True)
class Layout:
    source_path: str
    reader: str
    pages: list[Page] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    connectors: list[Connector] = field(default_factory=list)
    issues: list[ReadIssue] = field(default_factory=list)
    encoding: Optional[str] = None  # text inputs: the encoding the bytes were decoded with

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def text(self) -> str:
        """All printed text in reading order, tables as tab-separated rows."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                out.append(b.text)
            else:
                out.extend(r.source_text for r in b.rows)
        out.extend(x.text for x in self.boxes)
        return "\n".join(out)
